"""Walkthroughs: scripted runs declared next to a scenario, with the ending, path and meters they must
reach (`convocoach scenario test FILE`), so a programme can check its own scenarios in CI.

A scenario `scenarios/NAME.yml` has its walkthroughs in `scenarios/walkthroughs/NAME.yml`::

    scenario: NAME
    walkthroughs:
      skilled:
        kind: skilled            # skilled | mixed | telling | ignores-question | asks-for-ideas | other
        replies: ["It sounds like...", "What might..."]
        expect:
          outcome: breakthrough  # an outcome, or a list of acceptable ones
          ending: breakthrough   # optional: the ending id
          path: [opening, ...]   # optional: the node of each reply, in order
          meters: {trust: {min: 6}}          # optional: ranges at the end
          no_loss_at: [ideas]    # optional: no meter falls on a reply at these nodes
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from ..io.yamlio import compose_fast, error_at, read_text, validation_errors
from ..model.errors import InputError, InputErrors
from .conditions import Range, describe_range, did_you_mean, in_ranges
from .engine import AnalyzeFn, Engine
from .scenario import LoadedScenario, Outcome

Kind = Literal["skilled", "mixed", "telling", "ignores-question", "asks-for-ideas", "other"]
MAX_WALKTHROUGH_BYTES = 1_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Expect(_Strict):
    """What a walkthrough must reach."""

    outcome: Union[Outcome, list[Outcome]]
    ending: Optional[StrictStr] = None
    path: Optional[list[StrictStr]] = None
    meters: dict[StrictStr, Range] = Field(default_factory=dict)
    no_loss_at: list[StrictStr] = Field(default_factory=list)

    def outcomes(self) -> list[str]:
        return [self.outcome] if isinstance(self.outcome, str) else list(self.outcome)


class Walkthrough(_Strict):
    kind: Kind = "other"
    note: Optional[StrictStr] = None
    replies: list[StrictStr] = Field(min_length=1)
    seed: StrictInt = 0
    expect: Expect


class WalkthroughFile(_Strict):
    scenario: StrictStr
    walkthroughs: dict[StrictStr, Walkthrough] = Field(min_length=1)


@dataclass
class Step:
    node: str
    teacher: str
    reply: str
    moves: list[str]
    meters: dict[str, int]
    deltas: dict[str, int]
    goto: str


@dataclass
class WalkResult:
    """One walkthrough played: what happened and what did not match."""

    name: str
    walk: Walkthrough
    steps: list[Step]
    outcome: str | None
    ending: str | None
    meters: dict[str, int]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def walkthrough_path(scenario_path: str | Path) -> Path:
    """Where a scenario's walkthroughs live: `walkthroughs/<stem>.yml` beside it."""
    p = Path(scenario_path)
    return p.parent / "walkthroughs" / f"{p.stem}.yml"


def load_walkthroughs(path: str | Path, loaded: LoadedScenario) -> WalkthroughFile:
    """Read and check a walkthrough file against its scenario; problems name file:line."""
    text = read_text(Path(path), max_bytes=MAX_WALKTHROUGH_BYTES)
    data, root = compose_fast(text, path)
    if not isinstance(data, dict):
        raise InputError("a walkthrough file must be a mapping (scenario:, walkthroughs:)", path=path, line=1)
    try:
        wf = WalkthroughFile.model_validate(data)
    except ValidationError as exc:
        raise InputErrors(validation_errors(exc, root, path, WalkthroughFile)) from None
    sc = loaded.scenario
    if wf.scenario != sc.id:
        raise error_at(root, path, ("scenario",), f"walkthroughs are for '{wf.scenario}', not '{sc.id}'",
                       hint=f"set scenario: {sc.id}")
    for name, walk in wf.walkthroughs.items():
        expect = ("walkthroughs", name, "expect")
        for key in ("path", "no_loss_at"):
            for i, node in enumerate(getattr(walk.expect, key) or []):
                if node not in sc.nodes:
                    raise error_at(root, path, (*expect, key, i), f"walkthrough '{name}': '{node}' is not a node "
                                   f"of {sc.id}", hint=did_you_mean(node, sorted(sc.nodes)))
        if walk.expect.ending is not None and walk.expect.ending not in sc.endings:
            raise error_at(root, path, (*expect, "ending"), f"walkthrough '{name}': '{walk.expect.ending}' is not "
                           f"an ending of {sc.id}", hint=did_you_mean(walk.expect.ending, list(sc.endings)))
    return wf


def play_walkthrough(loaded: LoadedScenario, name: str, walk: Walkthrough, analyze: AnalyzeFn) -> WalkResult:
    """Play the replies (later ones are spare once the conversation ends) and compare with `expect`."""
    engine = Engine(loaded.scenario, analyze, seed=walk.seed)
    steps: list[Step] = []
    for reply in walk.replies:
        if engine.finished:
            break
        teacher = engine.teacher_line()
        t = engine.step(reply)
        steps.append(Step(node=str(t.node), teacher=teacher, reply=reply,
                          moves=sorted({m.name for m in t.moves}), meters=dict(t.meters or {}),
                          deltas=dict(t.deltas), goto=str(t.goto)))
    result = WalkResult(name, walk, steps, engine.outcome, engine.ending_id, engine.meters)
    exp = walk.expect
    if not engine.finished:
        result.problems.append(f"not finished after {len(steps)} replies (at node '{engine.node_id}')")
    elif engine.outcome not in exp.outcomes():
        result.problems.append(f"outcome {engine.outcome}, expected {' or '.join(exp.outcomes())}")
    if exp.ending is not None and engine.ending_id != exp.ending:
        result.problems.append(f"ending {engine.ending_id}, expected {exp.ending}")
    if exp.path is not None and [s.node for s in steps] != exp.path:
        result.problems.append("path " + " > ".join(s.node for s in steps) + ", expected " + " > ".join(exp.path))
    if exp.meters and not in_ranges(engine.meters, exp.meters):
        result.problems.append(f"meters {engine.meters}, expected " + ", ".join(
            describe_range(name, rng) for name, rng in exp.meters.items()))
    for s in steps:
        if s.node in exp.no_loss_at and any(d < 0 for d in s.deltas.values()):
            result.problems.append(f"at '{s.node}' the reply cost {s.deltas} (expected no loss)")
    return result


def run_walkthroughs(loaded: LoadedScenario, wf: WalkthroughFile, analyze: AnalyzeFn) -> list[WalkResult]:
    return [play_walkthrough(loaded, name, walk, analyze) for name, walk in wf.walkthroughs.items()]
