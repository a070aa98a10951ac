"""Where a review's reports go: the report format from `-o`'s extension, one file per transcript
in an output directory, and the error records of a batch's failed files (`--format jsonl`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..model.errors import InputError
    from ..reports.model import Report

__all__ = ["choose_format", "targets", "error_records"]


def choose_format(fmt: str | None, output: Path | None) -> str:
    """The report format: as given, else from the output file's extension, else terminal."""
    from ..model.errors import InputError
    from ..reports import RENDERERS, SUFFIX_FORMATS

    if fmt is not None:
        return fmt
    if output is None or output.is_dir() or not output.suffix:
        return "terminal"
    inferred = SUFFIX_FORMATS.get(output.suffix.lower())
    if inferred is None:
        raise InputError(
            f"cannot tell the report format from the extension {output.suffix!r}",
            path=output, hint="use " + ", ".join(r.suffixes[0] for r in RENDERERS.values()) + ", or pass --format",
        )
    return inferred


def targets(reports: Sequence[Report], output: Path, suffix: str) -> list[tuple[Path, list[Report]]]:
    """The files to write: one per report in an existing directory (unique names), else `output`."""
    from ..model.errors import InputError

    if not output.is_dir():
        if not output.parent.exists():
            raise InputError("the output directory does not exist", path=output.parent)
        return [(output, list(reports))]
    used: set[str] = set()
    out: list[tuple[Path, list[Report]]] = []
    for r in reports:
        stem = Path(r.source).stem.strip("<>") or "review"  # "<stdin>" -> stdin.html
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        out.append((output / (name + suffix), [r]))
    return out


def error_records(errors: Sequence[InputError]) -> str:
    """One JSON line per file that could not be reviewed: {"source", "error", "line"} (the same
    shape as `analyze --skip-bad`'s records), so a script can tell which files failed and why."""
    lines = []
    for e in errors:
        record = {"source": e.path, "error": e.message, "line": e.line}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)
