"""Zoom chat logs (messages typed in the meeting chat): recognised and refused, never scored.

Local chat `hh:mm:ss From A to Everyone:`, older `hh:mm:ss\\t From  A : message`, cloud recording chat
`hh:mm:ss\\tA:\\tmessage`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import Conversation, Cue, ReaderError, finish


CHAT_LINES = (
    re.compile(r"^\d{1,2}:\d{2}:\d{2}\s+From\s+.+?:"),     # local chat: "10:02:11 From Ana to Everyone:"
    re.compile(r"^\d{1,2}:\d{2}:\d{2}\t[^\t]{1,80}:\t"),    # cloud recording chat: "00:01:05\tAna:\thi"
)


def is_chat_log(text: str) -> bool:
    """True for Zoom chat logs (messages typed in the meeting chat, not speech)."""
    clocked = [ln for ln in text.split("\n") if re.match(r"^\d{1,2}:\d{2}:\d{2}\s", ln)]
    chat = sum(1 for ln in clocked if any(p.match(ln) for p in CHAT_LINES))
    return chat >= 2 and chat >= 0.6 * len(clocked)


def read_cues(text: str) -> list[Cue]:
    """The reader of chat logs: recognises them and refuses them (never scored as a conversation)."""
    line = next((i for i, ln in enumerate(text.split("\n"), start=1)
                 if any(p.match(ln) for p in CHAT_LINES)), 1)
    raise ReaderError("this is a Zoom chat log (messages typed in the meeting chat), not a transcript of speech",
                      line=line, hint="give the meeting's transcript instead: the recording's audio transcript "
                      "(.vtt) or the saved transcript (.txt with '[Name] hh:mm:ss' headers)", fmt="zoom_chat")


def refuse_zoom_chat(text: str, path: str | Path) -> Conversation:
    """Refuse a Zoom chat log by name (see `read_cues`)."""
    return finish(lambda: read_cues(text), path, "zoom_chat")
