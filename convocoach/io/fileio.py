"""Files at convocoach's edges: bounded reads of regular files, one decoding path for every reader,
JSON with limits and positions, and writes that a crash, Ctrl-C or a full disk never leaves half done.

Every reader (transcripts, YAML, session records, submissions, `analyze --file`, reply files) goes
through `read_bytes`/`read_stream` and `decode` (or `iter_lines`, the same rules line by line):

- only regular files are opened (a FIFO would block forever, /dev/zero never ends), and the size
  limit is enforced while reading, not by trusting `stat()`;
- UTF-8 with or without a BOM, UTF-16/32 with a BOM, UTF-16 without one; CRLF and CR become LF;
- NUL bytes and terminal control characters are refused with file:line:col.

`load_json` adds what `json.loads` lets through: nesting beyond `MAX_DEPTH`, NaN/Infinity and
numbers that overflow to infinity, lone surrogates (`"\\ud800"`) and escaped control characters.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterator, Mapping, Sequence

from ..model.errors import InputError

#: Containers (JSON arrays/objects, YAML sequences/mappings) nested deeper than this are refused.
#: convocoach's own files nest about ten levels; deep nesting crashes parsers (libyaml segfaults,
#: Python raises RecursionError), so it is refused before anything recurses into it.
MAX_DEPTH = 64

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters no text input may contain (tab, LF, CR and form feed are text).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x1B: "ESC", 0x7F: "DEL"}
SURROGATE = re.compile("[\ud800-\udfff]")


def size_text(n: int) -> str:
    """1234567 -> '1.2 MB'."""
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"  # pragma: no cover


def show_name(name: str) -> str:
    """A file name or argument as text that can always be printed: undecodable bytes as \\xNN."""
    if not SURROGATE.search(name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# --------------------------------------------------------------------------- reading bytes


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | Path, stdin_hint: bool = False) -> BinaryIO:
    """Open a regular file for reading (binary). FIFOs, devices, sockets and directories are refused
    without blocking: the file is opened non-blocking and checked with `fstat` before any read.

    Args:
        path: the file.
        stdin_hint: the command also accepts '-' for standard input (said in the hint).

    Raises:
        InputError: missing, unreadable, a directory, not a regular file, or a name that is not UTF-8.
    """
    path = Path(path)
    if SURROGATE.search(str(path)):
        raise InputError("the file name is not valid UTF-8", path=show_name(str(path)),
                         hint="rename the file (convocoach reads and prints UTF-8 names)")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("file not found", path=path, hint="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=path, hint="name a file inside it") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, expected a file", path=path, hint="name a file inside it")
        if not stat.S_ISREG(mode):
            raise InputError(
                f"is {_file_kind(mode)}, not a regular file",
                path=path,
                hint="give a file" + (", or - to read standard input" if stdin_hint else ""),
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_large(path: str | Path, what: str, max_bytes: int, size: int | None, hint: str | None) -> InputError:
    got = size_text(size) if size is not None and size > max_bytes else "it"
    return InputError(
        f"file is too large to be {what} ({got} is larger than the limit; the limit is {size_text(max_bytes)})",
        path=path,
        hint=hint or "is this the right file?",
    )


def read_bytes(path: str | Path, max_bytes: int, what: str = "a file convocoach reads",
               hint: str | None = None, stdin_hint: bool = False) -> bytes:
    """The bytes of a regular file, reading at most `max_bytes` (one more byte means too large).

    Raises:
        InputError: see `open_regular`, or the file is larger than `max_bytes`.
    """
    with open_regular(path, stdin_hint) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
        if len(data) > max_bytes:
            try:
                size: int | None = os.fstat(fh.fileno()).st_size
            except OSError:  # pragma: no cover
                size = None
            raise _too_large(path, what, max_bytes, size, hint)
    return data


def read_stream(stream: IO[bytes], max_bytes: int, name: str = "<stdin>", what: str = "input",
                hint: str | None = None) -> bytes:
    """Up to `max_bytes` from a byte stream (standard input); more is refused, not read on and on."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"input is too large to be {what} (the limit is {size_text(max_bytes)})", path=name,
                         hint=hint or "is this the right input?")
    return data


# --------------------------------------------------------------------------- decoding


def sniff_encoding(data: bytes) -> tuple[str, int]:
    """(encoding, length of the BOM) for the start of a file: a BOM, UTF-16 without one, else UTF-8."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return _guess_utf16(data) or "utf-8", 0


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def control_error(text: str, pos: int, path: str | Path, what: str, line: int | None = None,
                  col: int | None = None) -> InputError:
    """The InputError for the control character at `text[pos]` (line and column computed unless given)."""
    code = ord(text[pos])
    if line is None:
        line = text.count("\n", 0, pos) + 1
    if col is None:
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    name = _CONTROL_NAMES.get(code, "control")
    return InputError(
        f"control character U+{code:04X} ({name}): this looks like a binary file or terminal escape codes, "
        f"not {what}",
        path=path, line=line, col=col,
        hint="remove the control characters (convocoach reads plain UTF-8 text)",
    )


def check_printable(text: str, path: str | Path, what: str, line: int | None = None) -> str:
    """Refuse control characters in decoded text (with file:line:col); returns the text."""
    m = CONTROL.search(text)
    if m:
        if line is None:
            raise control_error(text, m.start(), path, what)
        raise control_error(text, m.start(), path, what, line=line + text.count("\n", 0, m.start()))
    return text


def decode(data: bytes, path: str | Path, what: str = "a transcript", hint: str | None = None,
           controls: bool = False) -> str:
    """Bytes -> text with "\\n" line ends: the one decoding path of every reader (see the module doc).

    With `controls`, control characters other than NUL are left in for the caller to remove
    (`play --replies` strips terminal escapes from replies rather than refusing the file).

    Raises:
        InputError: NUL bytes or control characters (a binary file), or bytes that are not valid in
            the encoding, with file:line:col.
    """
    encoding, bom = sniff_encoding(data)
    data = data[bom:]
    if encoding == "utf-8" and b"\x00" in data:
        at = data.index(b"\x00")
        line = data.count(b"\n", 0, at) + 1
        start = data.rfind(b"\n", 0, at) + 1
        col = len(data[start:at].decode("utf-8", "replace")) + 1
        raise InputError(
            f"this looks like a binary file, not {what} (it contains NUL bytes)",
            path=path, line=line, col=col,
            hint=hint or "give a text file (UTF-8)",
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not valid {encoding.upper()} text (byte 0x{data[exc.start]:02x})",
            path=path, line=line, col=col,
            hint="save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if controls else check_printable(text, path, what)


def read_text(path: str | Path, max_bytes: int, what: str = "a text file", hint: str | None = None,
              stdin_hint: bool = False, controls: bool = False) -> str:
    """`read_bytes` then `decode`: a regular file as text, bounded, with located errors."""
    return decode(read_bytes(path, max_bytes, what, hint, stdin_hint), path, what, controls=controls)


def iter_lines(handle: IO[bytes], path: str, max_line_bytes: int,
               what: str = "a text file") -> Iterator[tuple[int, str | InputError]]:
    """Stream (line number, text) from a byte stream, decoded by the rules of `decode`.

    A line that cannot be decoded, or holds a control character, comes out as (line number,
    InputError) so that a caller may skip it. A NUL byte (binary input), a line longer than
    `max_line_bytes`, or broken UTF-16/32 end the stream with an InputError: there is no next line
    to go on with.
    """
    head = handle.readline(max_line_bytes + 1)
    encoding, bom = sniff_encoding(head)
    if encoding != "utf-8":
        yield from _iter_wide_lines(head[bom:], handle, path, encoding, max_line_bytes, what)
        return
    raw = head[bom:]
    lineno = 0
    while head:
        lineno += 1
        if len(head) > max_line_bytes and not head.endswith(b"\n"):
            raise InputError(f"line is longer than {size_text(max_line_bytes)}", path=path, line=lineno,
                             hint=f"is this {what}? put one item per line")
        if b"\x00" in raw:
            raise InputError(f"this looks like a binary file, not {what} (it contains NUL bytes)", path=path,
                             line=lineno, col=raw.index(b"\x00") + 1, hint="give a text file (UTF-8)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, InputError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})",
                                     path=path, line=lineno, col=exc.start + 1, hint="save the file as UTF-8")
        else:
            text = text.rstrip("\n").rstrip("\r")
            m = CONTROL.search(text)
            yield lineno, (control_error(text, m.start(), path, what, line=lineno) if m else text)
        head = raw = handle.readline(max_line_bytes + 1)


def _iter_wide_lines(start: bytes, handle: IO[bytes], path: str, encoding: str, max_line_bytes: int,
                     what: str) -> Iterator[tuple[int, str | InputError]]:
    """UTF-16/32 input, decoded incrementally (a byte-level line split would cut characters)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending = ""
    lineno = 0
    chunk = start
    while True:
        final = not chunk
        try:
            pending += decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            raise InputError(f"not valid {encoding.upper()} text", path=path, line=lineno + 1,
                             hint="save the file as UTF-8") from None
        *lines, pending = pending.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if final and pending:
            lines.append(pending)
            pending = ""
        for text in lines:
            lineno += 1
            if "\x00" in text:
                raise InputError(f"this looks like a binary file, not {what} (it contains NUL characters)",
                                 path=path, line=lineno, hint="give a text file (UTF-8)")
            m = CONTROL.search(text)
            yield lineno, (control_error(text, m.start(), path, what, line=lineno) if m else text)
        if len(pending) * 2 > max_line_bytes:
            raise InputError(f"line is longer than {size_text(max_line_bytes)}", path=path, line=lineno + 1,
                             hint=f"is this {what}? put one item per line")
        if final:
            return
        chunk = handle.read1(65536) if hasattr(handle, "read1") else handle.read(65536)


# --------------------------------------------------------------------------- JSON


class _NonFinite(ValueError):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NonFinite(literal)
    return value


def _no_constant(literal: str) -> Any:
    raise _NonFinite(literal)


#: One decoder for every call (json.loads with hooks would build a new one each time).
_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_no_constant)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _line_col(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _deep_position(text: str, limit: int) -> int | None:
    """Where JSON text first opens a container deeper than `limit` (strings skipped)."""
    depth = 0
    for m in _JSON_TOKENS.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        elif tok in "]}":
            depth -= 1
    return None


def _escape_position(text: str, char: str) -> int | None:
    r"""Where the escape that produced `char` (\u001b, \ud800, \b) is written in JSON text."""
    code = ord(char)
    spellings = [rf"\\u{code:04x}"] + ([r"\\b"] if code == 8 else [])
    m = re.search("|".join(spellings), text, re.IGNORECASE)
    return m.start() if m else None


def load_json(text: str, path: str | Path, line: int | None = None, what: str = "JSON",
              hint: str | None = None) -> Any:
    """`json.loads` with the checks a hostile file needs; every problem is an InputError at file:line:col.

    Args:
        text: the JSON text (decoded).
        path: the file, for messages.
        line: for one line of a JSONL file, its line number (messages then always name it).
        what: what the document is, for messages ("session record").
        hint: what to do when the text is not valid JSON.

    Raises:
        InputError: not valid JSON; nested deeper than `MAX_DEPTH`; NaN, Infinity or a number too
            large for a float; a lone surrogate or a control character in a string.
    """
    base = line or 1

    def at(pos: int | None, message: str, hint_: str | None = None) -> InputError:
        if pos is None:
            return InputError(message, path=path, line=line, hint=hint_)
        ln, col = _line_col(text, pos)
        return InputError(message, path=path, line=base + ln - 1, col=col, hint=hint_)

    deep = f"{what} is nested more than {MAX_DEPTH} levels deep"
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=base + exc.lineno - 1, col=exc.colno,
                         hint=hint) from None
    except _NonFinite as exc:
        m = re.search(r"(?<![\w.+-])" + re.escape(exc.literal) + r"(?![\w.])", text)
        raise at(m.start() if m else None, f"number {exc.literal} is out of range: JSON numbers must be finite",
                 "use an ordinary number") from None
    except RecursionError:
        raise at(_deep_position(text, MAX_DEPTH), deep, "is this the right file?") from None
    if text.count("[") + text.count("{") <= MAX_DEPTH and "\\" not in text and not CONTROL.search(text):
        return data  # nothing nests that deep, and no escape or raw control character could be in a string
    stack: list[tuple[Any, int]] = [(data, 0)]
    strings: tuple[str, ...]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            strings = (value,)
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise at(_deep_position(text, MAX_DEPTH), deep, "is this the right file?")
            if isinstance(value, dict):
                strings = tuple(value)
                stack.extend((v, depth + 1) for v in value.values())
            else:
                strings = ()
                stack.extend((v, depth + 1) for v in value)
        else:
            continue
        for s in strings:
            bad = SURROGATE.search(s)
            if bad:
                raise at(_escape_position(text, bad.group()),
                         f"invalid \\u escape: a lone surrogate U+{ord(bad.group()):04X} is not a character",
                         "write the character itself, or both halves of a surrogate pair (\\ud83d\\ude00)")
            ctl = CONTROL.search(s)
            if ctl:
                code = ord(ctl.group())
                raise at(_escape_position(text, ctl.group()),
                         f"control character U+{code:04X} ({_CONTROL_NAMES.get(code, 'control')}) in a string: "
                         f"terminal escape codes are not allowed in {what}",
                         "remove the control characters")
    return data


_WS = re.compile(r"[ \t\n\r]*")


def _skip(text: str, idx: int) -> int:
    m = _WS.match(text, idx)
    return m.end() if m else idx


def json_position(text: str, loc: Sequence[int | str]) -> tuple[int, int] | None:
    """(line, column) where the value at `loc` (e.g. ("turns", 3)) starts in JSON text, or None.

    For messages about a part of a document that parsed (and passed `load_json`): the text is
    walked with the C decoder's `raw_decode`, skipping over every sibling before the one wanted.
    """
    dec = json.JSONDecoder()
    try:
        idx = _skip(text, 0)
        for part in loc:
            ch = text[idx]
            if ch == "{" and isinstance(part, str):
                idx = _skip(text, idx + 1)
                while text[idx] != "}":
                    key, idx = dec.raw_decode(text, idx)
                    idx = _skip(text, idx)
                    idx = _skip(text, idx + 1)  # past ':'
                    if key == part:
                        break
                    _, idx = dec.raw_decode(text, idx)
                    idx = _skip(text, idx)
                    if text[idx] == ",":
                        idx = _skip(text, idx + 1)
                else:
                    return None
            elif ch == "[" and isinstance(part, int):
                idx = _skip(text, idx + 1)
                for _ in range(part):
                    _, idx = dec.raw_decode(text, idx)
                    idx = _skip(text, idx)
                    if text[idx] != ",":
                        return None
                    idx = _skip(text, idx + 1)
                if text[idx] == "]":
                    return None
            else:
                return None
    except (ValueError, IndexError, RecursionError):
        return None
    return _line_col(text, idx)


def json_error(text: str, path: str | Path, loc: Sequence[int | str], message: str,
               hint: str | None = None) -> InputError:
    """An InputError at the value for `loc` in JSON text (no line when it cannot be found)."""
    pos = json_position(text, loc)
    return InputError(message, path=path, line=pos[0] if pos else None, col=pos[1] if pos else None, hint=hint)


# --------------------------------------------------------------------------- writing

#: Temporary files of an atomic write: `.NAME.PID.RANDOM.tmp` beside the target (`.NAME.RANDOM.tmp`
#: before the PID was part of the name).
_TMP = re.compile(r"^\..+?\.(?:(\d+)\.)?[^.]+\.tmp$")
#: A temporary file this old is left over whatever its PID says (PIDs are reused).
STALE_TMP_SECONDS = 3600


def _temp_for(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temp(directory: str | Path) -> list[Path]:
    """Remove the temporary files of atomic writes that a killed process left in `directory`.

    A temp file is stale when the process named in it is gone, or when it is older than
    `STALE_TMP_SECONDS`; a live process's save in progress is left alone. Returns what was removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TMP.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_TMP_SECONDS
            if old or (m.group(1) is not None and not _pid_alive(int(m.group(1)))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _unlink_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def write_files_atomic(files: Mapping[Path, str], what: str, hint: str) -> list[Path]:
    """Write several text files all or none: every one to a temp file first (fsync), then each renamed.

    If any temp file cannot be written, nothing is renamed and the old files stay as they were.

    Raises:
        InputError: a folder cannot be created or written.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = _temp_for(path)
            except OSError as exc:
                raise InputError(f"cannot write {what}: {exc.strerror or exc}", path=path, hint=hint) from None
            temps.append((tmp, path))
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise InputError(f"cannot write {what}: {exc.strerror or exc}", path=path, hint=hint) from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise InputError(f"cannot write {what}: {exc.strerror or exc}", path=path, hint=hint) from None
    except BaseException:
        for tmp, _ in temps:
            _unlink_quietly(tmp)
        raise
    return [path for _, path in temps]


def write_text_atomic(text: str, path: str | Path, what: str, hint: str) -> Path:
    """Write one text file atomically (temp file in the same folder, fsync, rename)."""
    return write_files_atomic({Path(path): text}, what, hint)[0]


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
    return write_text_atomic(json.dumps(data, ensure_ascii=False, indent=1) + "\n", path, what, hint)


def create_exclusive(candidates: Iterator[Path], what: str, hint: str) -> Path:
    """Create the first of `candidates` that does not exist yet (O_EXCL: two processes never get the
    same one) as an empty file, and return it. The caller then fills it with an atomic write.

    Raises:
        InputError: the folder cannot be created or written.
    """
    for path in candidates:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(f"cannot write {what}: {exc.strerror or exc}", path=path, hint=hint) from None
        os.close(fd)
        return path
    raise InputError(f"cannot find a free name for {what}", hint=hint)  # pragma: no cover
