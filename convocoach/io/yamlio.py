"""Safe YAML loading with line numbers: pydantic error locations become file:line:col."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import fileio
from ..model.errors import InputError, InputErrors

M = TypeVar("M", bound=BaseModel)

#: Refuse files larger than this before parsing (a YAML file for convocoach is a few KB).
MAX_YAML_BYTES = 5_000_000
#: Refuse documents that expand into more nodes than this (alias bombs).
MAX_NODES = 200_000


class _Loader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys (PyYAML silently keeps the last one) and knows the
    file it reads (for the located errors of its constructors)."""

    def __init__(self, stream: str, path: str | Path | None = None) -> None:
        super().__init__(stream)
        self.path = None if path is None else str(path)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            continue
        if key in seen:
            mark = key_node.start_mark
            raise InputError(
                f"duplicate key {key!r} (first at line {seen[key].start_mark.line + 1})",
                path=loader.path,
                line=mark.line + 1,
                col=mark.column + 1,
                hint="YAML keeps only the last of two equal keys; remove or rename one.",
            )
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def checked_string(value: str, node: yaml.Node, path: str | None) -> str:
    """A YAML string as convocoach keeps it: `"\\ud83d\\ude00"` (two \\u escapes, which PyYAML
    leaves as two lone surrogates) becomes the one character they spell; a lone surrogate or a
    control character (`"\\e[2J"`, `"\\x1b"`) is refused at the string's line and column."""
    if fileio.SURROGATE.search(value):
        try:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            bad = fileio.SURROGATE.search(value)
            code = ord(bad.group()) if bad else 0
            raise _at_mark(node.start_mark, f"invalid \\u escape: a lone surrogate U+{code:04X} is not a character",
                           path or "<yaml>", hint="write the character itself, or one \\U0001F600 escape") from None
    m = fileio.CONTROL.search(value)
    if m:
        code = ord(m.group())
        raise _at_mark(node.start_mark, f"control character U+{code:04X} in a string: terminal escape codes are "
                       "not allowed", path or "<yaml>", hint="remove escapes such as \\e or \\x1b from the text")
    return value


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    return checked_string(str(loader.construct_scalar(node)), node, loader.path)


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def _count_nodes(node: yaml.Node, limit: int) -> int:
    """Count nodes as the document would expand them (aliases counted each time they are used)."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        count += 1
        if count > limit or depth > fileio.MAX_DEPTH:
            return limit + 1
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in current.value)
    return count


def read_text(path: Path, max_bytes: int = MAX_YAML_BYTES) -> str:
    """Read a YAML (or other small text) file: regular files only, bounded, the shared decoding path
    (`fileio.decode`: UTF-8 with or without a BOM, UTF-16/32, control characters refused at line:col).

    Raises:
        InputError: missing, not a regular file, too large, not text.
    """
    return fileio.read_text(path, max_bytes, "a YAML file", hint="is this the right file?")


def check_depth(text: str, path: str | Path) -> None:
    """Refuse YAML nested deeper than `fileio.MAX_DEPTH` before anything composes it.

    libyaml's composer recurses once per level (100 KB of `[` crashes the process) and PyYAML's
    raises RecursionError, but both parsers produce events without recursing: count those.
    Syntax errors are left to `compose`, which reports them with their line.
    """
    parser_cls: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=parser_cls):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > fileio.MAX_DEPTH:
                    raise _at_mark(event.start_mark, f"YAML is nested more than {fileio.MAX_DEPTH} levels deep",
                                   path, hint="is this the right file? convocoach's files nest a few levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return


def compose(text: str, path: str | Path) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text safely, returning (data, node tree) or raising InputError with file:line:col."""
    check_depth(text, path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _at_mark(
            exc.problem_mark or exc.context_mark,
            f"YAML syntax error: {exc.problem or exc.context}",
            path,
            hint="check indentation and quoting; quote strings that contain ': ' or start with a symbol",
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", path=path) from None
    if node is None:
        return None, None
    if _count_nodes(node, MAX_NODES) > MAX_NODES:
        raise InputError(
            "YAML document expands to too many nodes or nests too deeply through aliases (an alias bomb?)",
            path=path,
            hint="write the data out without deeply nested anchors and aliases",
        )
    loader = _Loader(text, path)
    try:
        data = loader.get_single_data()
    except InputError:
        raise
    except yaml.constructor.ConstructorError as exc:
        raise _at_mark(
            exc.problem_mark,
            f"YAML error: {exc.problem}",
            path,
            hint="convocoach reads plain YAML only: no !!python tags or other custom tags",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", path=path) from None
    finally:
        loader.dispose()
    return data, node


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str | Path) -> InputError:
    """PyYAML's ReaderError (a character YAML does not allow) has an offset, not a line: add it."""
    pos = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return InputError(f"character U+{char:04X} is not allowed in YAML", path=path, line=line, col=col,
                      hint="remove it, or write it as an escape in a double-quoted string")


def compose_fast(text: str, path: str | Path) -> tuple[Any, yaml.Node | None]:
    """`compose`, parsing once with libyaml when it is available (5x faster start-up for scenarios).

    Any problem (syntax, tags, alias bombs, duplicate keys, strings) is re-checked by `compose`,
    so error messages are the same on both paths.
    """
    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is None:
        return compose(text, path)
    check_depth(text, path)
    try:
        root = yaml.compose(text, Loader=c_loader)
        if root is None or _count_nodes(root, MAX_NODES) > MAX_NODES:
            return compose(text, path)
        loader = _Loader("", path)
        try:
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except (yaml.YAMLError, InputError):
        return compose(text, path)
    return data, root


def node_at(root: yaml.Node | None, loc: tuple[int | str, ...]) -> tuple[yaml.Node | None, bool]:
    """Walk a pydantic `loc` through the node tree. Returns (deepest node found, whether loc was reached)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key_node, value_node in node.value:
                if str(getattr(key_node, "value", None)) == str(part):
                    nxt = value_node
                    break
            if nxt is None:
                return node, False
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node, False
            node = node.value[part]
        else:
            return node, False
    return node, True


def key_node_at(root: yaml.Node | None, loc: tuple[int | str, ...]) -> yaml.Node | None:
    """The key node for the last part of `loc` (for 'unknown key' errors the key itself is the place)."""
    if not loc:
        return root
    parent, found = node_at(root, loc[:-1])
    if found and isinstance(parent, yaml.MappingNode):
        key_node: yaml.Node
        for key_node, _ in parent.value:
            if str(getattr(key_node, "value", None)) == str(loc[-1]):
                return key_node
    return None


def _at_mark(mark: Any, message: str, path: str | Path, hint: str | None = None) -> InputError:
    """An InputError at a YAML mark (0-based line/column, hence the + 1)."""
    return InputError(
        message,
        path=path,
        line=mark.line + 1 if mark else None,
        col=mark.column + 1 if mark else None,
        hint=hint,
    )


def error_at_node(node: yaml.Node | None, message: str, path: str | Path, hint: str | None = None) -> InputError:
    """An InputError located where `node` starts (no location when there is no node)."""
    return _at_mark(node.start_mark if node is not None else None, message, path, hint)


def error_at(
    root: yaml.Node | None,
    path: str | Path,
    loc: tuple[int | str, ...],
    message: str,
    hint: str | None = None,
    key: bool = False,
) -> InputError:
    """An InputError at the value for `loc` (or at its key, with `key=True`, when there is one)."""
    node = key_node_at(root, loc) if key else None
    if node is None:
        node, _ = node_at(root, loc)
    return error_at_node(node, message, path, hint)


def format_loc(loc: tuple[int | str, ...]) -> str:
    """('entries', 1, 'pattern') -> 'entries[1].pattern'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "<document>"


def validation_errors(
    exc: ValidationError, root: yaml.Node | None, path: str | Path, model: type[BaseModel] | None = None
) -> list[InputError]:
    """Turn every pydantic error into an InputError that names file:line:col and the key."""
    errors: list[InputError] = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # Drop union/tagged-union discriminator parts pydantic inserts (they are not YAML keys).
        clean: list[int | str] = []
        node_probe = root
        for part in loc:
            probe, ok = node_at(node_probe, (part,))
            if ok:
                clean.append(part)
                node_probe = probe
            elif err["type"] in ("extra_forbidden", "missing") and part == loc[-1]:
                clean.append(part)
        loc_t = tuple(clean)
        hint = None
        if err["type"] == "extra_forbidden":
            node = key_node_at(root, loc_t)
            parent_node, _ = node_at(root, loc_t[:-1])
            msg = f"{format_loc(loc_t)}: unknown key"
            allowed = _allowed_keys(model, loc_t[:-1], root) if model else []
            close = difflib.get_close_matches(str(loc_t[-1]), allowed, n=1) if allowed else []
            if close:
                hint = f"did you mean '{close[0]}'?"
            elif allowed:
                hint = "allowed keys: " + ", ".join(sorted(allowed))
            if node is None:
                node = parent_node
        elif err["type"] == "missing":
            node, _ = node_at(root, loc_t[:-1])
            msg = f"{format_loc(loc_t)}: required key is missing"
        else:
            node, _ = node_at(root, loc_t)
            got = err.get("input")
            got_s = "" if isinstance(got, (dict, list)) else f" (got {got!r})"
            msg = f"{format_loc(loc_t)}: {err['msg']}{got_s}"
        errors.append(error_at_node(node, msg, path, hint))
    return errors


def _allowed_keys(model: type[BaseModel] | None, loc: tuple[int | str, ...], root: yaml.Node | None) -> list[str]:
    """Field names (aliases) of the sub-model at `loc`, for did-you-mean hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def load_model(path: str | Path, model: type[M], max_bytes: int = MAX_YAML_BYTES) -> M:
    """Load a YAML file into a pydantic model; every problem is reported with file:line:col.

    Raises:
        InputError: the file is missing, unreadable, not UTF-8 or not YAML.
        InputErrors: the YAML does not fit the schema (all problems listed).
    """
    path = Path(path)
    text = read_text(path, max_bytes=max_bytes)
    return parse_model(text, path, model)


_FastBase: Any = getattr(yaml, "CSafeLoader", None)
# Something that may be an anchor (&name) or an alias (*name); a false alarm only costs speed.
_ANCHOR_RE = re.compile(r"(?:^|[\s\[{,:-])[&*][\w-]")


def _fast_load(text: str) -> Any:
    """Parse with libyaml when available, refusing duplicate keys. Raises on any problem; the
    caller then re-parses with `compose`, which turns the problem into a located InputError."""
    if _FastBase is None:
        raise RuntimeError("libyaml is not available")

    class _Fast(_FastBase):  # type: ignore[misc]
        pass

    def strict_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        hashable = [k for k in keys if isinstance(k, (str, int, float, bool, type(None)))]
        if len(set(hashable)) != len(hashable):
            raise ValueError("duplicate key")
        return loader.construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def strict_str(loader: Any, node: yaml.ScalarNode) -> str:
        return checked_string(str(loader.construct_scalar(node)), node, None)

    _Fast.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, strict_mapping)
    _Fast.add_constructor("tag:yaml.org,2002:str", strict_str)
    return yaml.load(text, Loader=_Fast)  # noqa: S506 - a SafeLoader subclass


def parse_model(text: str, path: str | Path, model: type[M]) -> M:
    """Validate YAML text against `model`; see load_model.

    Well-formed files without anchors take the fast path (libyaml, parsed once); anything else,
    and every error report, goes through `compose`, which keeps line numbers and the safety checks.
    """
    root: yaml.Node | None = None
    data: Any = None
    fast = False
    check_depth(text, path)
    if not _ANCHOR_RE.search(text):  # no anchors or aliases: no alias bomb possible
        try:
            data = _fast_load(text)
            fast = True
        except Exception:  # noqa: BLE001 - re-parsed below for a located message
            fast = False
    if not fast:
        data, root = compose(text, path)
    if data is None:
        raise InputError("file is empty", path=path, line=1, hint=f"expected a {model.__name__} document")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        if root is None:
            _, root = compose(text, path)
        raise InputErrors(validation_errors(exc, root, path, model)) from None
