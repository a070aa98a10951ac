"""Error types: one base class, and InputError for everything a user can fix."""

from __future__ import annotations

from pathlib import Path


class ConvocoachError(Exception):
    """Base class of every error convocoach raises on purpose."""

    exit_code = 2


class InputError(ConvocoachError):
    """Bad input a user can fix: names the place (file:line:col) and what to do.

    Args:
        message: what is wrong.
        path: the file (or "<stdin>", "<text>") the problem is in.
        line: 1-based line number, when known.
        col: 1-based column, when known.
        hint: what to do about it.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.col = col
        self.hint = hint

    @property
    def location(self) -> str:
        """`file:line:col`, as much of it as is known."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputErrors(ConvocoachError):
    """Several problems in one file, reported together (all of them, not the first)."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
