"""Who is the coach: `--coach` names or patterns, and a `--roles` roster for a whole folder.

A `--coach` value is a speaker's name (case-insensitive), or a pattern with `*`, `?` or `[...]`
("Dana*", "*@coaches.example.org"). A roster is a YAML mapping of speaker names (or patterns) to
roles, read once and applied to every file:

    Dana Ruiz: coach
    "*@coaches.example.org": coach
    Priya Shah (Principal): observer
    Marcus Lee: teacher

Observers are named in reports and are neither the coach nor the teacher: their talk is not the
teacher's. Speakers the roster does not name are teachers. The first matching line wins.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..model.conversation import Conversation
from ..model.errors import InputError

__all__ = ["Roster", "load_roster", "matches", "assign_roles", "ROLES"]

ROLES = ("coach", "teacher", "observer")


def matches(pattern: str, speaker: str) -> bool:
    """A --coach value or roster key against a speaker: a glob when it has * ? or [, else the name
    (both case-insensitive, spaces normalised)."""
    p, s = " ".join(pattern.split()).casefold(), " ".join(speaker.split()).casefold()
    return fnmatch.fnmatchcase(s, p) if any(c in p for c in "*?[") else p == s


@dataclass(frozen=True)
class Roster:
    """(pattern, role) lines from a roles file, in order."""

    entries: tuple[tuple[str, str], ...]
    path: str = ""

    def role_of(self, speaker: str) -> str | None:
        return next((role for pattern, role in self.entries if matches(pattern, speaker)), None)


def load_roster(path: Path) -> Roster:
    """Read a roles file (see the module docstring).

    Raises:
        InputError: not a mapping, or a role that is not coach/teacher/observer, at file:line.
    """
    from ..io import yamlio

    text = yamlio.read_text(path)
    data, root = yamlio.compose(text, path)
    hint = "a roles file maps speaker names to roles, e.g.  Dana Ruiz: coach"
    if not isinstance(data, dict) or not data:
        raise yamlio.error_at_node(root, "expected a mapping of speaker names to roles", path, hint=hint)
    entries: list[tuple[str, str]] = []
    for name, role in data.items():
        if not isinstance(role, str) or role.strip().lower() not in ROLES:
            raise yamlio.error_at(root, path, (str(name),), f"role {role!r} for {name!r} is not one of "
                                  + ", ".join(ROLES), hint=hint)
        entries.append((str(name), role.strip().lower()))
    return Roster(tuple(entries), str(path))


def assign_roles(conversation: Conversation, coach: Sequence[str] = (), roster: Roster | None = None) -> Conversation:
    """Roles for one conversation: speakers matching a --coach value, else the roster's coaches,
    else the file's own (see `Conversation.with_roles`); the roster's observers."""
    speakers = conversation.speakers
    wanted = [c for c in coach if c.strip()]
    coaches = [s for s in speakers if any(matches(c, s) for c in wanted)]
    observers: list[str] = []
    if roster is not None:
        roles = {s: roster.role_of(s) for s in speakers}
        if not coaches:
            coaches = [s for s in speakers if roles[s] == "coach"]
        observers = [s for s in speakers if roles[s] == "observer" and s not in coaches]
        if not coaches and not wanted:
            try:
                return conversation.with_roles((), observers)
            except InputError:
                raise InputError(f"the roster names no coach among these speakers: "
                                 + ", ".join(repr(s) for s in speakers), path=conversation.source,
                                 hint=f"add the coach to {roster.path} (e.g. {conversation.likely_coach()}: coach) or pass --coach"
                                 ) from None
    return conversation.with_roles(coaches or wanted, observers)
