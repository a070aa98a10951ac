"""`convocoach rules`: every detector (judgments) and lexicon entry (signals), explained with examples."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..model.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console


def _catalog(extra: Sequence[Path]) -> tuple[list[Any], Any]:
    from ..detectors import all_detector_classes
    from ..nlp.lexicons import load_lexicons

    return all_detector_classes(), load_lexicons(list(extra))


def list_rules(console: Console, extra: Sequence[Path] = ()) -> None:
    """Print every detector and every lexicon entry."""
    from rich.table import Table
    from rich.text import Text

    detectors, lexicons = _catalog(extra)
    table = Table(title="Detectors (judgments)", title_justify="left")
    for col in ("code", "move", "what it means"):
        table.add_column(col)
    for cls in detectors:
        table.add_row(cls.code, cls.name, Text(cls.message().replace("'{match}'", "this wording")))
    console.print(table)
    table = Table(title="Lexicon entries (signals)", title_justify="left")
    for col in ("id", "label", "move", "pattern"):
        table.add_column(col)
    for lex in lexicons.lexicons:
        for entry in lex.spec.entries:
            table.add_row(entry.id, lex.label, lex.spec.move or "-", Text(_pattern_text(entry.pattern)))
    console.print(table)
    console.print(Text("convocoach rules CODE  explains one (e.g. convocoach rules Q003, rules TEN-001, rules advice)",
                       style="cc.dim"))


def _append_marked(body: Any, text: str) -> None:
    """Docstring text with its **bold** labels (**Anti-pattern**, **Best practice**) rendered as bold,
    not printed as literal asterisks."""
    import re

    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        body.append(part, style="bold" if i % 2 else "")


def _pattern_text(pattern: Any, limit: int = 70) -> str:
    if isinstance(pattern, str):
        text = repr(pattern)
    elif pattern and all(isinstance(p, str) for p in pattern):
        text = ", ".join(repr(p) for p in pattern)
    else:
        text = str(pattern)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def explain_rule(console: Console, name: str, extra: Sequence[Path] = ()) -> None:
    """Explain a detector (by code or move name) or a lexicon entry (by id)."""
    from rich.panel import Panel
    from rich.text import Text

    detectors, lexicons = _catalog(extra)
    key = name.strip()
    # A finding's rule may name a detector's variant ("Q001:wh", "A001:proposal"): explain the detector.
    code, _, variant = key.partition(":")
    for cls in detectors:
        if key.upper() == cls.code or key == cls.name or key.upper() in cls.aliases or (
                variant and code.upper() == cls.code):
            body = Text()
            body.append(f"{cls.code}  {cls.name}\n", style="cc.title")
            if variant and code.upper() == cls.code:
                body.append(f"variant: {variant} (the form of {cls.name} that this finding matched)\n", style="cc.dim")
            body.append(" ".join((cls.__doc__ or "").split("\n\n")[0].split()) + "\n")
            rest = (cls.__doc__ or "").split("\n\n", 1)
            if len(rest) > 1:
                body.append("\n")
                _append_marked(body, "\n".join(line.strip() for line in rest[1].strip().splitlines()) + "\n")
            if cls.suggestion:
                body.append("\nTry: ", style="cc.strength")
                body.append(cls.suggestion + "\n")
            _examples(body, [(e.text, e.previous) for e in cls.examples() if e.hit],
                      [(e.text, e.previous) for e in cls.examples() if not e.hit])
            sources = [lex for lex in lexicons.lexicons if lex.spec.move == cls.name]
            for lex in sources:
                body.append(f"\nsignals from lexicon {lex.spec.lexicon} ({lex.path.name}): ", style="cc.dim")
                body.append(", ".join(e.id for e in lex.spec.entries) + "\n")
            console.print(Panel(body, title=f"rule {cls.code}", title_align="left"))
            return
    entry_pair = lexicons.entries.get(key.upper())
    if entry_pair is not None:
        lex, entry = entry_pair
        body = Text()
        body.append(f"{entry.id}  ({lex.label}, lexicon {lex.spec.lexicon}, {lex.path.name})\n", style="cc.title")
        if lex.spec.move:
            body.append(f"yields move: {lex.spec.move}\n")
        body.append(f"valence: {lex.spec.valence}   source: {lex.spec.source}\n")
        body.append("pattern: " + _pattern_text(entry.pattern, 400) + "\n")
        if entry.message:
            body.append("message: " + entry.message + "\n")
        _examples(body, [(t, None) for t in entry.examples.match], [(t, None) for t in entry.examples.no_match])
        console.print(Panel(body, title=f"lexicon entry {entry.id}", title_align="left"))
        return
    names = [c.code for c in detectors] + [c.name for c in detectors] + list(lexicons.entries)
    close = difflib.get_close_matches(key, names, n=3)
    raise InputError(
        f"no rule named {name!r}",
        path="<command line>",
        hint=("did you mean " + ", ".join(close) + "?") if close else "run `convocoach rules` for the list",
    )


def _examples(body: Any, hits: list[tuple[str, str | None]], misses: list[tuple[str, str | None]]) -> None:
    for items, heading, style in ((hits, "matches", "cc.strength"), (misses, "does not match", "cc.growth")):
        if not items:
            continue
        body.append(f"\n{heading}:\n", style=style)
        for text, previous in items:
            body.append(f"  • {text}" + (f"   (after: {previous})" if previous else "") + "\n")
