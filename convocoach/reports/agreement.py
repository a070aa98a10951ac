"""Terminal tables for `convocoach eval`: agreement per move, per fold, and the misreads behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..evaluate.agreement import ANNOMI_LABELS, FAULTS, MACRO_MIN_SUPPORT, EvalResult, Scores

if TYPE_CHECKING:
    from rich.console import Console

#: Fold measures where lower is better (the spread column reads the same either way).
LOWER_IS_BETTER = ("faults_missed", "false_faults")
COACHING_FOLD_MEASURES = ("macro_f1", "stance", *LOWER_IS_BETTER)


def _moves_table(scores: Scores, title: str) -> object:
    from rich.table import Table

    table = Table(title=title)
    for col in ("move", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(col, justify="left" if col == "move" else "right")
    for key, c in scores.metrics.items():
        if scores.kind == "coaching" and c.support == 0 and c.tp + c.fp == 0:
            continue
        label = ANNOMI_LABELS.get(key, key) if scores.kind == "annomi" else key
        if scores.kind == "coaching" and c.support < MACRO_MIN_SUPPORT:
            label += " *"
        table.add_row(label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.support),
                      str(c.tp + c.fp))
    return table


def render_eval(out: Console, result: EvalResult, source: str, errors: str | None = None, limit: int = 20) -> None:
    """Print agreement figures; `errors` names a measure whose misreads are listed."""
    from rich.text import Text

    s = result.overall
    out.print(_moves_table(s, f"Agreement with human coders: {source} ({s.n} replies, {s.kind} labels)"))
    if s.kind == "coaching":
        out.print(Text(f"macro-F1: {s.macro_f1:.3f} over {len(s.macro_moves)} moves with at least "
                       f"{MACRO_MIN_SUPPORT} gold items (* fewer: listed, not averaged)"))
        out.print(Text(f"stance accuracy: {s.stance_accuracy:.3f} on {s.stance_total} replies with an agreed stance"))
        out.print(Text(f"faults missed: {s.faults_missed_rate:.1%} ({s.faults_missed} of {s.with_faults} replies "
                       f"with {', '.join(FAULTS)}: none of them flagged)"))
        out.print(Text(f"false faults: {s.false_faults_rate:.1%} ({s.false_faults} of {s.without_faults} replies "
                       "with none of them: one flagged)"))
    else:
        out.print(Text(f"stance agreement: {s.stance_accuracy:.3f} on {s.stance_total} utterances with a gold stance"))
    if result.folds:
        _render_folds(out, result)
    if errors:
        _render_misreads(out, s, errors, limit)


def _render_folds(out: Console, result: EvalResult) -> None:
    from rich.table import Table

    k = len(result.folds)
    table = Table(title=f"{k} folds by {result.fold_by} (sizes {', '.join(str(f.n) for f in result.folds)})")
    table.add_column("measure", no_wrap=True)
    for i in range(k):
        table.add_column(f"fold {i + 1}", justify="right")
    for col in ("mean", "worst gap"):
        table.add_column(col, justify="right")
    for name, spread in result.spreads().items():
        if result.kind == "coaching" and name not in COACHING_FOLD_MEASURES:
            continue  # a few items of one move per fold are noise; --format json has them all
        label = ANNOMI_LABELS.get(name, name) if result.kind == "annomi" else name
        table.add_row(label, *(f"{v:.3f}" for v in spread.values), f"{spread.mean:.3f}", f"{spread.worst_gap:.3f}")
    out.print(table)


def _render_misreads(out: Console, s: Scores, measure: str, limit: int) -> None:
    from rich.text import Text

    rows = [m for m in s.misreads if m.measure == measure]
    out.print(Text(f"\n{len(rows)} misread(s) of {measure}" + (f" (first {limit})" if len(rows) > limit else ""),
                   style="cc.title"))
    for m in rows[:limit]:
        line = Text(f"{m.kind:>6} {m.id}: ", style="cc.growth" if m.kind == "missed" else "cc.warning")
        line.append(m.text, style="cc.coach")
        out.print(line, soft_wrap=True)
        if m.previous:
            out.print(Text("        after: ", style="cc.dim") + Text(m.previous), soft_wrap=True)
        out.print(Text(f"        gold: {', '.join(m.gold) or '-'}   detected: {', '.join(m.predicted) or '-'}",
                       style="cc.dim"), soft_wrap=True)
