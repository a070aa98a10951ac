"""Where the bundled data lives: the installed wheel's `_data/` folder, or a checkout's own folders."""

from __future__ import annotations

from pathlib import Path

#: The convocoach package folder.
PACKAGE = Path(__file__).resolve().parents[1]


def builtin_dir(kind: str) -> Path:
    """The bundled data folder `kind` ('lexicons' or 'scenarios'): in the wheel, or in a checkout."""
    packaged = PACKAGE / "_data" / kind
    if packaged.is_dir():
        return packaged
    return PACKAGE.parent / kind
