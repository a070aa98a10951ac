"""The shipped scenarios, played with the real analyzer through their declared walkthroughs
(scenarios/walkthroughs/<id>.yml, the same files `convocoach scenario test` runs), and checked as
conversations: each its own graph, room to recover, content that matters, a question to answer.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from convocoach.nlp.analyzer import Analyzer
from convocoach.practice.library import library_files
from convocoach.practice.scenario import LoadedScenario, Scenario, load_scenario
from convocoach.practice.walkthrough import load_walkthroughs, play_walkthrough, walkthrough_path

FILES = library_files()
CONTENT_KEYS = ("mentions", "picks_up", "answers")


def _loaded(f: Path) -> LoadedScenario:
    return load_scenario(f)


def _cases() -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for f in FILES:
        wp = walkthrough_path(f)
        if wp.is_file():
            out.extend((f, name) for name in load_walkthroughs(wp, _loaded(f)).walkthroughs)
    return out


@pytest.mark.parametrize(("path", "name"), _cases(), ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_walkthrough(path: Path, name: str, analyzer: Analyzer) -> None:
    loaded = _loaded(path)
    walk = load_walkthroughs(walkthrough_path(path), loaded).walkthroughs[name]
    result = play_walkthrough(loaded, name, walk, lambda text, prev: analyzer.analyze(text, previous=prev))
    trace = "\n".join(f"  [{s.node}] {s.reply!r} {s.moves} {s.deltas} -> {s.goto}" for s in result.steps)
    assert result.ok, f"{path.stem}/{name}: " + "; ".join(result.problems) + "\n" + trace


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_scenario_declares_the_runs_a_programme_relies_on(path: Path) -> None:
    """skilled -> breakthrough, mixed -> partial or breakthrough, telling -> stalled, and a run that
    ignores her question, which never reaches breakthrough."""
    wp = walkthrough_path(path)
    assert wp.is_file(), f"{path.name} has no {wp}"
    walks = load_walkthroughs(wp, _loaded(path)).walkthroughs.values()
    kinds = {w.kind: w.expect.outcomes() for w in walks}
    assert kinds.get("skilled") == ["breakthrough"]
    assert kinds.get("telling") == ["stalled"]
    assert kinds.get("mixed") and set(kinds["mixed"]) <= {"partial", "breakthrough"}
    assert kinds.get("ignores-question") and "breakthrough" not in kinds["ignores-question"]


def _breakthroughs(sc: Scenario) -> set[str]:
    return {e for e, end in sc.endings.items() if end.outcome == "breakthrough"}


def _reach_without_answering(sc: Scenario) -> set[str]:
    """Every node or ending reachable from the start when no `answers: true` branch is ever taken."""
    seen, todo = {sc.start}, deque([sc.start])
    while todo:
        node = sc.nodes[todo.popleft()]
        for target in [b.goto for b in node.branches if b.when.value("answers") is not True] + [node.default]:
            if target not in seen:
                seen.add(target)
                if target in sc.nodes:
                    todo.append(target)
    return seen


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_scenario_is_a_conversation(path: Path) -> None:
    sc = _loaded(path).scenario
    assert len(sc.nodes) >= 10, f"{sc.id}: {len(sc.nodes)} nodes"
    assert len(sc.endings) >= 3 and {e.outcome for e in sc.endings.values()} == {"breakthrough", "partial",
                                                                                   "stalled"}
    content = [b for n in sc.nodes.values() for b in n.branches
               if any(b.when.value(k) is not None for k in CONTENT_KEYS)]
    assert len(content) >= 2, f"{sc.id}: {len(content)} content-aware branches"
    assert any(n.question is not None for n in sc.nodes.values()), f"{sc.id}: no direct question"
    # Ignoring her question can never end in a breakthrough.
    assert not (_reach_without_answering(sc) & _breakthroughs(sc)), f"{sc.id}: breakthrough without an answer"
    # One misstep never ends the conversation: the first reply cannot go straight to a stalled ending.
    stalled = {e for e, end in sc.endings.items() if end.outcome == "stalled"}
    first = sc.nodes[sc.start]
    assert not ({b.goto for b in first.branches if b.when.value("meters") is None} & stalled), sc.id


def _shape(sc: Scenario) -> tuple[object, ...]:
    """The node graph with names replaced by the order a walk from the start meets them."""
    order: dict[str, int] = {}
    todo = deque([sc.start])
    while todo:
        cur = todo.popleft()
        if cur in order:
            continue
        order[cur] = len(order)
        if cur in sc.nodes:
            todo.extend(sc.targets(cur))
    return tuple(sorted((order[n], tuple(order.get(t, -1) for t in sc.targets(n))) for n in sc.nodes
                        if n in order))


def test_no_two_scenarios_share_a_graph() -> None:
    shapes: dict[tuple[object, ...], str] = {}
    for f in FILES:
        sc = _loaded(f).scenario
        other = shapes.setdefault(_shape(sc), sc.id)
        assert other == sc.id, f"{sc.id} has the same graph as {other}"
    assert len(FILES) >= 16
