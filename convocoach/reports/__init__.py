"""Reports: the Report model and its renderers, one module per format plus one line each in RENDERERS.

Adding a format: a module with `render_<name>(reports, context) -> str`, and one `Renderer` line
below (its file suffixes). `convocoach review --format` offers every registered renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Sequence, cast

if TYPE_CHECKING:
    from rich.console import Console

    from .model import REPORT_SCHEMA_VERSION, Report

__all__ = ["Report", "REPORT_SCHEMA_VERSION", "RENDERERS", "Renderer"]


@dataclass(frozen=True)
class Renderer:
    """A report format: its name, file suffixes (the first is the one written), and its render
    function as `module:function` in this package (imported when used). `show` prints to a rich
    Console instead (the terminal view on a terminal)."""

    name: str
    suffixes: tuple[str, ...]
    render: str
    show: str | None = None

    def renderer(self) -> Callable[[Sequence[Report], "int | None"], str]:
        return cast("Callable[[Sequence[Report], int | None], str]", _load(self.render))

    def shower(self) -> Callable[[Console, Sequence[Report], "int | None"], None] | None:
        if self.show is None:
            return None
        return cast("Callable[[Console, Sequence[Report], int | None], None]", _load(self.show))


def __getattr__(name: str) -> Any:
    """`Report` and `REPORT_SCHEMA_VERSION` load pydantic, so they are imported when first asked for:
    the registry below is read by `--help`, which must stay light."""
    if name in ("Report", "REPORT_SCHEMA_VERSION"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(ref: str) -> Callable[..., object]:
    module, _, function = ref.partition(":")
    fn: Callable[..., object] = getattr(import_module(f"{__name__}.{module}"), function)
    return fn


#: The report formats of `convocoach review`, in the order `--help` lists them.
RENDERERS: dict[str, Renderer] = {r.name: r for r in (
    Renderer("terminal", (".txt",), "terminal:render_text", show="terminal:print_reports"),
    Renderer("markdown", (".md", ".markdown"), "markdown:render_markdown"),
    Renderer("html", (".html", ".htm"), "html:render_html"),
    Renderer("json", (".json",), "jsonout:render_json"),
    Renderer("jsonl", (".jsonl", ".ndjson"), "jsonout:render_jsonl"),
    Renderer("csv", (".csv",), "csvout:render_csv"),
)}
#: file suffix -> format name
SUFFIX_FORMATS: dict[str, str] = {s: r.name for r in RENDERERS.values() for s in r.suffixes}
