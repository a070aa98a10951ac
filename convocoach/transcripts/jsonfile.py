"""JSON transcripts: convocoach session records from `play`, and simple turn lists.

Accepted shapes (lenient on purpose, so records from older or newer `play` versions still load):

- an object with a "turns" (or "transcript"/"messages") list, or a bare list of turns;
- a turn with one speaker: {"speaker" or "name" or "role", "text" or "reply" or "content" or
  "utterance", "start"?, "end"?}; a "role" of "coach" marks that speaker as the coach;
- a `play` exchange: {"teacher": "...", "reply": "..."} (or "coach": "..."), which becomes the
  teacher's line followed by the coach's reply; "teacher" may also be {"text": ...};
- a `play` exchange with "asks": "advice" marks the teacher's line as a request for ideas (the
  rubric then treats advice in the reply as invited);
- the teacher is named after "persona": {"name"} when the record has one, else "Teacher";
  the coach is "Coach" unless a "coach" name is given at the top level.

Anything else (analyses, meters, scores) is ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..io import fileio
from ..model.errors import InputError
from .base import MAX_SECONDS, Piece, Conversation, check_order, merge_pieces, parse_time, require_conversation

_TEXT_KEYS = ("text", "reply", "content", "utterance", "message")
_LIST_KEYS = ("turns", "transcript", "messages", "utterances")


def parse_json(text: str, path: str | Path) -> Conversation:
    """Parse a JSON session record or turn list (see the module docstring for the shapes)."""
    data = fileio.load_json(text, path, what="a transcript")
    coach_name, teacher_name = "Coach", "Teacher"
    items: Any = data
    list_key: tuple[str, ...] = ()
    if isinstance(data, dict):
        persona = data.get("persona")
        if isinstance(persona, dict) and isinstance(persona.get("name"), str) and persona["name"].strip():
            teacher_name = persona["name"].strip()
        if isinstance(data.get("coach"), str) and data["coach"].strip():
            coach_name = data["coach"].strip()
        key = next((k for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        items = data[key] if key is not None else None
        list_key = (key,) if key is not None else ()
        if items is None:
            raise InputError(
                "expected a JSON object with a \"turns\" list",
                path=path, line=1,
                hint='e.g. {"turns": [{"speaker": "Coach", "text": "What are you noticing?"}, ...]}',
            )
    if not isinstance(items, list):
        raise InputError("expected a JSON object with a \"turns\" list, or a list of turns", path=path, line=1)

    pieces: list[Piece] = []
    coaches: list[str] = []
    for i, item in enumerate(items):
        where = f"turns[{i}]"
        loc: tuple[int | str, ...] = (*list_key, i)
        pos = fileio.json_position(text, loc)
        line = pos[0] if pos else None
        if not isinstance(item, dict):
            raise fileio.json_error(text, path, loc, f"{where}: expected an object, got {type(item).__name__}")
        start = _time(item.get("start"), where, path, text, (*loc, "start"))
        end = _time(item.get("end"), where, path, text, (*loc, "end"))
        words: str | None = next((item[k] for k in _TEXT_KEYS if isinstance(item.get(k), str)), None)
        speaker: str | None = next(
            (item[k].strip() for k in ("speaker", "name") if isinstance(item.get(k), str) and item[k].strip()), None
        )
        role: str | None = item["role"].strip().lower() if isinstance(item.get("role"), str) else None
        if words is not None and (speaker or role) and "teacher" not in item:
            if speaker is None:
                assert role is not None
                speaker = {"coach": coach_name, "teacher": teacher_name}.get(role, role.title())
            if role == "coach":
                coaches.append(speaker)
            pieces.append(Piece(speaker, words, start, end, line))
            continue
        teacher = item.get("teacher")
        if isinstance(teacher, dict):
            teacher = next((teacher[k] for k in _TEXT_KEYS if isinstance(teacher.get(k), str)), None)
        reply = item.get("reply", item.get("coach"))
        if isinstance(reply, dict):
            reply = next((reply[k] for k in _TEXT_KEYS if isinstance(reply.get(k), str)), None)
        if isinstance(teacher, str) or isinstance(reply, str):
            if isinstance(teacher, str):
                pieces.append(Piece(teacher_name, teacher, line=line, asks=item["asks"] if isinstance(item.get("asks"), str) else None))
            if isinstance(reply, str):
                pieces.append(Piece(coach_name, reply, line=line))
                coaches.append(coach_name)
            continue
        raise fileio.json_error(
            text, path, loc, f"{where}: expected \"speaker\" and \"text\" (or \"teacher\" and \"reply\")",
            hint='e.g. {"speaker": "Coach", "text": "What are you noticing?"}',
        )
    check_order(pieces, path, "json")
    turns = merge_pieces(pieces)
    require_conversation(turns, path, "JSON")
    return Conversation(source=str(path), format="json", turns=turns, coach_hint=tuple(dict.fromkeys(coaches)))


def _time(value: Any, where: str, path: str | Path, text: str, loc: tuple[int | str, ...]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        seconds = None
    elif isinstance(value, (int, float)):
        seconds = float(value) if 0 <= value <= MAX_SECONDS else None
    elif isinstance(value, str):
        seconds = parse_time(value)
    else:
        seconds = None
    if seconds is None:
        raise fileio.json_error(text, path, loc, f"{where}: malformed time {value!r}",
                                hint=f"use seconds (12.5) or hh:mm:ss, up to {MAX_SECONDS // 3600:,} hours")
    return seconds
