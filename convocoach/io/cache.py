"""The user cache folder and checked, atomically written cache files (the compiled pipeline build).

A cache file is `MAGIC + sha256(payload) + payload`: a file that was cut short, edited or written
by another format is recognised as damaged and never trusted (the caller rebuilds it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

#: A cache file larger than this is not read (ours are a few MB).
MAX_CACHE_BYTES = 256 * 1024 * 1024


def cache_dir() -> Path:
    """Where convocoach keeps caches: $CONVOCOACH_CACHE, else $CONVOCOACH_HOME/cache (tests and
    trials set it), else the per-user cache folder (platformdirs' user_cache_dir)."""
    env = os.environ.get("CONVOCOACH_CACHE")
    if env:
        return Path(env)
    home = os.environ.get("CONVOCOACH_HOME")
    if home:
        return Path(home) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("convocoach", appauthor=False))


def read_checked(path: Path, magic: bytes) -> tuple[bytes | None, str | None]:
    """The payload of a cache file: (payload, None), or (None, why not) when it is missing (why: None)
    or damaged (why: a short reason)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_CACHE_BYTES + 1)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    if len(data) > MAX_CACHE_BYTES:
        return None, "too large"
    head = len(magic) + 32
    if len(data) < head or data[: len(magic)] != magic:
        return None, "not a convocoach cache file of this format"
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(magic) : head]:
        return None, "its checksum does not match (cut short or changed)"
    return payload, None


def write_checked(path: Path, magic: bytes, payload: bytes) -> bool:
    """Write a cache file atomically (a temp file in the same folder, then a rename): readers see
    the old file or the new one, never half of one. False when the folder cannot be written (a
    cache is an optimisation: the caller goes on without it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(magic + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


MODEL_MAGIC = b"CCMODEL1"


def load_model_cached(path: Path, model: type[M]) -> M:
    """`yamlio.load_model`, with the validated data cached (marshal) under the file's content hash:
    a file read before is validated again from plain data (milliseconds) instead of parsed as YAML.
    Problems are reported exactly as by load_model: a file that does not load is never cached."""
    import marshal

    from pydantic import VERSION

    from .fileio import read_bytes
    from .yamlio import MAX_YAML_BYTES

    from ..model.errors import InputError
    from .yamlio import load_model

    try:
        data = read_bytes(path, MAX_YAML_BYTES)
    except InputError:
        return load_model(path, model)  # which reports the problem as always
    sha = hashlib.sha256(f"{model.__module__}.{model.__qualname__}\0{VERSION}\0".encode())
    sha.update(data)
    entry = cache_dir() / "models" / f"{sha.hexdigest()[:32]}.marshal"
    payload, _damaged = read_checked(entry, MODEL_MAGIC)
    if payload is not None:
        try:
            return model.model_validate(marshal.loads(payload))
        except Exception:  # noqa: BLE001 - a bad entry is rebuilt below
            pass
    result = load_model(path, model)
    try:
        blob = marshal.dumps(result.model_dump(by_alias=True, exclude_unset=True))
    except ValueError:  # not plain data: do without the cache
        return result
    write_checked(entry, MODEL_MAGIC, blob)
    return result
