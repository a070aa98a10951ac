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

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from .base import Piece, Transcript, merge_pieces, parse_time, require_conversation

_TEXT_KEYS = ("text", "reply", "content", "utterance", "message")
_LIST_KEYS = ("turns", "transcript", "messages", "utterances")


def parse_json(text: str, path: str | Path) -> Transcript:
    """Parse a JSON session record or turn list (see the module docstring for the shapes)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno, col=exc.colno) from None
    coach_name, teacher_name = "Coach", "Teacher"
    items: Any = data
    if isinstance(data, dict):
        persona = data.get("persona")
        if isinstance(persona, dict) and isinstance(persona.get("name"), str) and persona["name"].strip():
            teacher_name = persona["name"].strip()
        if isinstance(data.get("coach"), str) and data["coach"].strip():
            coach_name = data["coach"].strip()
        items = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
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
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected an object, got {type(item).__name__}", path=path)
        start, end = _time(item.get("start"), where, path), _time(item.get("end"), where, path)
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
            pieces.append(Piece(speaker, words, start, end))
            continue
        teacher = item.get("teacher")
        if isinstance(teacher, dict):
            teacher = next((teacher[k] for k in _TEXT_KEYS if isinstance(teacher.get(k), str)), None)
        reply = item.get("reply", item.get("coach"))
        if isinstance(reply, dict):
            reply = next((reply[k] for k in _TEXT_KEYS if isinstance(reply.get(k), str)), None)
        if isinstance(teacher, str) or isinstance(reply, str):
            if isinstance(teacher, str):
                pieces.append(Piece(teacher_name, teacher, requested_advice=item.get("asks") == "advice"))
            if isinstance(reply, str):
                pieces.append(Piece(coach_name, reply))
                coaches.append(coach_name)
            continue
        raise InputError(
            f"{where}: expected \"speaker\" and \"text\" (or \"teacher\" and \"reply\")",
            path=path, hint='e.g. {"speaker": "Coach", "text": "What are you noticing?"}',
        )
    turns = merge_pieces(pieces)
    require_conversation(turns, path, "JSON")
    return Transcript(source=str(path), format="json", turns=turns, coach_hint=tuple(dict.fromkeys(coaches)))


def _time(value: Any, where: str, path: str | Path) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        seconds = None
    elif isinstance(value, (int, float)):
        seconds = float(value) if value >= 0 else None
    elif isinstance(value, str):
        seconds = parse_time(value)
    else:
        seconds = None
    if seconds is None:
        raise InputError(f"{where}: malformed time {value!r}", path=path, hint="use seconds (12.5) or hh:mm:ss")
    return seconds
