"""Golden walkthroughs with the real analyzer: a skilled coach reaches the breakthrough, a telling,
judging coach stalls. Fixtures: tests/fixtures/walkthroughs/<scenario-id>.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from convocoach.nlp.analyzer import Analyzer
from convocoach.practice.engine import Engine
from convocoach.practice.library import find_scenario, library_files

WALKS = Path(__file__).parent / "fixtures" / "walkthroughs"


def _cases() -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for f in sorted(WALKS.glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        out.extend((f, name) for name in data["runs"])
    return out


def test_every_bundled_scenario_has_a_walkthrough() -> None:
    have = {f.stem for f in WALKS.glob("*.yml")}
    for f in library_files():
        assert f.stem in have, f"scenarios/{f.name} has no tests/fixtures/walkthroughs/{f.stem}.yml"
        runs = yaml.safe_load((WALKS / f"{f.stem}.yml").read_text(encoding="utf-8"))["runs"]
        assert {r["expect"] for r in runs.values()} >= {"breakthrough", "stalled"}


@pytest.mark.parametrize(("path", "run"), _cases(), ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_walkthrough(path: Path, run: str, analyzer: Analyzer) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = data["runs"][run]
    sc = find_scenario(data["scenario"]).scenario
    engine = Engine(sc, lambda text, prev: analyzer.analyze(text, previous=prev), seed=int(spec.get("seed", 0)))
    trace = []
    for reply in spec["replies"]:
        if engine.finished:  # a conversation may end early (e.g. two strikes at once); later replies are spare
            break
        t = engine.step(reply)
        assert t.analysis is not None
        trace.append(f"  {t.node}: {sorted(set(t.analysis.names))} {t.analysis.stance} {dict(t.meters or {})} -> "
                     f"{t.goto}"
                     + (f"  ({'; '.join(t.notes)})" if t.notes else ""))
    detail = "\n".join(trace)
    assert engine.finished, f"{path.name}/{run}: not finished after the replies:\n{detail}"
    assert engine.outcome == spec["expect"], f"{path.name}/{run}: {engine.outcome}\n{detail}"
    if "path" in spec:
        assert [t.node for t in engine.replies] == spec["path"], detail
