"""Writing files so that a crash, Ctrl-C or a full disk never leaves a half-written one."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError


def write_json_atomic(data: Any, path: str | Path, what: str, hint: str) -> Path:
    """Write `data` as JSON to `path` atomically: a temp file in the same folder, fsync, rename.

    Args:
        data: a JSON-serialisable object.
        path: where it goes (parent folders are created).
        what: what the file is, for the error message ("the session record").
        hint: what to do when the folder cannot be written.

    Raises:
        InputError: the folder cannot be created or written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write {what}: {exc.strerror}", path=path, hint=hint) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
