"""Scenario files: a strict pydantic schema for the YAML graph, plus semantic validation.

A scenario is data, never code: branch conditions name moves, stances, meter ranges and turn
counts; the engine (`convocoach.practice.engine`) evaluates them. Loading goes through
`convocoach.io.yamlio` (safe YAML, alias-bomb and size limits) and every problem, schema or
semantic, is reported as `file:line:col: message`.

Authoring in brief (`convocoach scenario schema` prints the full JSON Schema)::

    id: my-scenario              # file name = id; metadata: title, summary, context,
    conversation: reflecting     #   difficulty, tags, iste ["4.3.a"]
    persona: {name: ..., role: ..., years: 9, background: ..., resistance: yes-but}
    meters: {trust: {start: 3}, openness: {start: 2}}        # 0-10 unless min/max given
    reactions:                   # every matching reaction applies, in order, clamped
      - when: {any: [advice], permitted: false}              # "advice without permission"
        delta: {trust: -2}
        note: "shown to the coach after the reply"
      - when: {any: [reflection], feeling: true}             # reflection right after a feeling
        delta: {trust: 1}
    goals:                       # exactly one of at_least / at_most / avoid_before / stance_share
      - {id: G1, text: "...", at_least: {move: question.open, count: 3}}
      - {id: G2, text: "...", avoid_before: {move: advice, node: goal}}
    start: opening
    max_turns: 12                # then the `timeout` ending (default: a partial one)
    nodes:
      opening:
        feeling: true            # the line voices a feeling
        asks: advice             # what the teacher asks for (advice makes advice `permitted`)
        lines:                   # first variant whose meter ranges hold; a list = seeded choice
          - {when: {trust: {max: 3}}, text: "Guarded line."}
          - text: ["Warmer line.", "Another warmer line."]
        branches:                # first match wins; conditions are ANDed
          - {when: {meters: {trust: {max: 0}}}, goto: stalled}
          - {when: {any: [question.open, reflection], none: [judgment]}, goto: next}
        default: next
    endings:
      stalled: {outcome: stalled, line: "Teacher's last words.", debrief: "What happened and why."}

Condition keys (one class each in `convocoach.practice.conditions`): any / all / none (move names,
prefix-aware: `question` = any question.*), stance (one or a list), meters (ranges after this
reply's reactions), turn (the reply's number), permitted (advice is welcome: she asked for ideas
with `asks: advice|ideas` or in her own words, or the coach asked permission in this or the
previous reply), asked (the `asks` tag), feeling (the node voices one), and what was said:
mentions (words or phrases, as stems), picks_up (the reply takes up her line or the node's
`topics`), answers (the reply answers the node's `question`). A line variant may say
`after: {condition}` (it holds for the reply that led here) and `asks:`::

      norms:
        question: {text: "Does it go to the principal?", answer: yes_no, terms: [principal]}
        topics: [principal, evaluation]
        lines:
          - {after: {any: [reflection]}, text: "Right. So where does what you see go?"}
          - text: "Does what you see go to the principal?"
        branches:
          - {when: {answers: false}, goto: norms-again}
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Literal, Optional, Union

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ..model.errors import InputError, InputErrors
from ..model.moves import load_moves
from ..io.yamlio import compose_fast, error_at, format_loc, read_text, validation_errors
from .conditions import Asks, Condition, Question, Range, StanceName, did_you_mean

#: Refuse scenario files larger than this before parsing (a scenario is a few tens of KB).
MAX_SCENARIO_BYTES = 1_000_000

SCENARIO_SCHEMA_VERSION = 1

Outcome = Literal["breakthrough", "partial", "stalled"]
ConversationType = Literal[
    "first-meeting",
    "needs-assessment",
    "pre-observation",
    "post-observation",
    "reflecting",
    "problem-resolving",
    "goal-setting",
    "co-planning",
    "mentoring",
]
ResistanceType = Literal[
    "yes-but",
    "overwhelmed",
    "veteran-skeptic",
    "compliance-only",
    "advice-seeker",
    "deflector",
    "silent",
    "mandated",
    "none",
]
Difficulty = Literal["beginner", "intermediate", "advanced"]
CONVERSATION_TYPES: tuple[str, ...] = ConversationType.__args__  # type: ignore[attr-defined]
RESISTANCE_TYPES: tuple[str, ...] = ResistanceType.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Meter(_Strict):
    """A 0-10 (by default) quantity such as trust or openness, with a start value."""

    start: StrictInt
    min: StrictInt = 0
    max: StrictInt = 10
    label: Optional[StrictStr] = None

    @model_validator(mode="after")
    def _check_range(self) -> Meter:
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start {self.start} is outside {self.min}..{self.max}")
        return self


class Persona(_Strict):
    """Who the coach is talking to."""

    name: StrictStr
    role: StrictStr
    years: Optional[StrictInt] = None
    background: StrictStr
    resistance: ResistanceType
    carriage: Optional[Literal["caboose", "middle", "front"]] = None
    gap: Optional[Literal["skill", "knowledge", "capacity", "will"]] = None


class Reaction(_Strict):
    """How the persona reacts: when the condition holds for a reply, the meters move by `delta`."""

    when: Condition
    delta: dict[StrictStr, StrictInt]
    note: Optional[StrictStr] = Field(None, description="shown in feedback when the reaction fires")


class MoveCount(_Strict):
    move: StrictStr
    count: StrictInt


class AvoidBefore(_Strict):
    move: StrictStr
    node: StrictStr


class StanceShare(_Strict):
    stance: StanceName
    min: Optional[float] = None
    max: Optional[float] = None


class Goal(_Strict):
    """One goal; exactly one of at_least, at_most, avoid_before, stance_share."""

    id: StrictStr
    text: StrictStr
    at_least: Optional[MoveCount] = Field(None, description="the move appears at least `count` times in all")
    at_most: Optional[MoveCount] = Field(None, description="the move appears at most `count` times in all")
    avoid_before: Optional[AvoidBefore] = Field(None, description="no such move before the teacher reaches `node`")
    stance_share: Optional[StanceShare] = Field(None, description="share of replies with this stance")

    @model_validator(mode="after")
    def _one_kind(self) -> Goal:
        kinds = [k for k in ("at_least", "at_most", "avoid_before", "stance_share") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("give exactly one of at_least, at_most, avoid_before, stance_share")
        return self

    def move_name(self) -> str | None:
        for k in ("at_least", "at_most", "avoid_before"):
            v = getattr(self, k)
            if v is not None:
                return str(v.move)
        return None


class Line(_Strict):
    """A teacher line variant. The first variant whose `when` meter ranges hold and whose `after`
    condition held for the reply that led here is used; several texts = a seeded choice."""

    when: Optional[dict[StrictStr, Range]] = None
    after: Optional[Condition] = Field(
        None, description="a condition on the coach's previous reply (the one that led to this node), so a line "
                          "refers only to what was said: e.g. {any: [permission]} for 'Sure, what ideas?'")
    asks: Optional[Asks] = Field(None, description="what this variant asks for (overrides the node's `asks`)")
    text: Union[StrictStr, list[StrictStr]]

    def texts(self) -> list[str]:
        return [self.text] if isinstance(self.text, str) else list(self.text)


class Branch(_Strict):
    """If `when` holds for the reply, go to `goto` (a node or an ending). First match wins."""

    when: Condition
    goto: StrictStr
    note: Optional[StrictStr] = None


class Node(_Strict):
    """One teacher turn: what the teacher says, what they ask for, and where the reply leads."""

    lines: list[Line] = Field(min_length=1)
    asks: Optional[Asks] = None
    question: Optional[Question] = Field(
        None, description="a direct question she asks here; branches can test `answers: true|false`")
    topics: list[StrictStr] = Field(
        default_factory=list, description="her concern in words and phrases; `picks_up` also counts these")
    feeling: StrictBool = False
    stage: Optional[StrictStr] = None
    hint: Optional[StrictStr] = None
    branches: list[Branch] = Field(default_factory=list)
    default: StrictStr


class Ending(_Strict):
    """How the conversation ends: the teacher's last words and the debrief."""

    outcome: Outcome
    line: StrictStr
    debrief: StrictStr


class Scenario(_Strict):
    """A scripted coaching conversation (see DESIGN.md, Scenarios)."""

    schema_version: StrictInt = SCENARIO_SCHEMA_VERSION
    id: StrictStr = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: StrictInt = 1
    title: StrictStr
    summary: StrictStr
    context: StrictStr
    conversation: ConversationType
    difficulty: Difficulty = "intermediate"
    tags: list[StrictStr] = Field(default_factory=list)
    iste: list[Annotated[StrictStr, StringConstraints(pattern=r"^4\.[1-7](\.[a-g])?$")]] = Field(
        default_factory=list, description="ISTE Standards for Coaches indicators, e.g. 4.3.a")
    persona: Persona
    meters: dict[StrictStr, Meter] = Field(min_length=1)
    reactions: list[Reaction] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    start: StrictStr
    max_turns: StrictInt = Field(12, ge=1, le=100)
    timeout: Optional[StrictStr] = Field(None, description="the ending used when max_turns runs out")
    nodes: dict[StrictStr, Node] = Field(min_length=1)
    endings: dict[StrictStr, Ending] = Field(min_length=1)

    def timeout_ending(self) -> str:
        """The ending id used when the turn limit is reached."""
        if self.timeout:
            return self.timeout
        for wanted in ("partial", "stalled", "breakthrough"):
            for eid, ending in self.endings.items():
                if ending.outcome == wanted:
                    return eid
        return next(iter(self.endings))

    def targets(self, node_id: str) -> list[str]:
        node = self.nodes[node_id]
        return [b.goto for b in node.branches] + [node.default]


class LoadedScenario(BaseModel):
    """A validated scenario with where it came from and a hash of its content."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    scenario: Scenario
    path: str
    content_hash: str


def scenario_json_schema() -> dict[str, object]:
    """The JSON Schema of scenario files (for YAML editors)."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "convocoach scenario"
    return schema


def _move_known(name: str) -> bool:
    return load_moves().known(name)


def _err(root: yaml.Node | None, path: str | Path, loc: tuple[int | str, ...], message: str,
         hint: str | None = None, key: bool = False) -> InputError:
    return error_at(root, path, loc, f"{format_loc(loc)}: {message}" if loc else message, hint, key=key)




def check_semantics(sc: Scenario, root: yaml.Node | None, path: str | Path) -> list[InputError]:
    """Graph and vocabulary checks the schema cannot express. Returns every problem found."""
    errors: list[InputError] = []
    _check_names(sc, root, path, errors)
    if errors or sc.start not in sc.nodes:
        return errors
    _check_graph(sc, root, path, errors)
    return errors


def _check_names(sc: Scenario, root: yaml.Node | None, path: str | Path, errors: list[InputError]) -> None:
    """Every goto, start, timeout, meter, move and goal id names something that exists."""
    targets = list(sc.nodes) + list(sc.endings)

    for dup in set(sc.nodes) & set(sc.endings):
        errors.append(_err(root, path, ("endings", dup), f"'{dup}' is both a node and an ending", key=True))

    def check_goto(loc: tuple[int | str, ...], target: str) -> None:
        if target not in targets:
            errors.append(_err(root, path, loc, f"goes to '{target}', which is not a node or an ending",
                               hint=did_you_mean(target, targets)))

    def check_condition(loc: tuple[int | str, ...], cond: Condition) -> None:
        for problem in cond.problems(sc.meters):
            errors.append(_err(root, path, loc + problem.loc, problem.message, hint=problem.hint, key=problem.key))

    def check_meter(loc: tuple[int | str, ...], meter: str, hint_default: bool = True) -> None:
        if meter not in sc.meters:
            errors.append(_err(root, path, loc, f"meter '{meter}' is not declared",
                               hint=did_you_mean(meter, list(sc.meters)) or (
                                   "declare it under `meters:`" if hint_default else None), key=True))

    if sc.start not in sc.nodes:
        errors.append(_err(root, path, ("start",), f"start node '{sc.start}' does not exist",
                           hint=did_you_mean(sc.start, list(sc.nodes))))
    if sc.timeout is not None and sc.timeout not in sc.endings:
        errors.append(_err(root, path, ("timeout",), f"'{sc.timeout}' is not an ending",
                           hint=did_you_mean(sc.timeout, list(sc.endings))))
    for mname, meter_spec in sc.meters.items():
        if meter_spec.min >= meter_spec.max:
            errors.append(_err(root, path, ("meters", mname), "min must be below max"))
    for ri, reaction in enumerate(sc.reactions):
        check_condition(("reactions", ri, "when"), reaction.when)
        for meter in reaction.delta:
            check_meter(("reactions", ri, "delta", meter), meter)
    _check_goals(sc, root, path, errors, targets)
    for nid, node in sc.nodes.items():
        for li, line in enumerate(node.lines):
            for meter in (line.when or {}):
                check_meter(("nodes", nid, "lines", li, "when", meter), meter, hint_default=False)
            if not line.texts():
                errors.append(_err(root, path, ("nodes", nid, "lines", li, "text"), "no text"))
            if line.after is not None:
                check_condition(("nodes", nid, "lines", li, "after"), line.after)
        if node.lines[-1].when is not None or node.lines[-1].after is not None:
            errors.append(_err(root, path, ("nodes", nid, "lines", len(node.lines) - 1),
                               "the last line variant needs no `when` or `after`, so that some line always fits",
                               hint="remove `when`/`after` from the last variant"))
        if node.question is not None and node.question.answer == "topic" and not node.question.terms:
            errors.append(_err(root, path, ("nodes", nid, "question"), "a topic answer needs `terms`",
                               hint="list the words an answer names, or use answer: yes_no / commitment"))
        for bi, branch in enumerate(node.branches):
            check_condition(("nodes", nid, "branches", bi, "when"), branch.when)
            check_goto(("nodes", nid, "branches", bi, "goto"), branch.goto)
            if branch.when.value("answers") is not None and node.question is None:
                errors.append(_err(root, path, ("nodes", nid, "branches", bi, "when", "answers"),
                                   f"node '{nid}' declares no `question`, so `answers` can never hold",
                                   hint="add question: {text: ..., answer: yes_no|topic|commitment, terms: [...]}",
                                   key=True))
        check_goto(("nodes", nid, "default"), node.default)


def _check_goals(sc: Scenario, root: yaml.Node | None, path: str | Path, errors: list[InputError],
                 targets: list[str]) -> None:
    seen_goals: set[str] = set()
    for gi, goal in enumerate(sc.goals):
        if goal.id in seen_goals:
            errors.append(_err(root, path, ("goals", gi, "id"), f"goal id '{goal.id}' is used twice"))
        seen_goals.add(goal.id)
        name = goal.move_name()
        kind = next(k for k in ("at_least", "at_most", "avoid_before", "stance_share") if getattr(goal, k))
        if name is not None and not _move_known(name):
            errors.append(_err(root, path, ("goals", gi, kind, "move"), f"unknown move '{name}'",
                               hint=did_you_mean(name, load_moves().names)))
        if goal.avoid_before is not None and goal.avoid_before.node not in targets:
            errors.append(_err(root, path, ("goals", gi, "avoid_before", "node"),
                               f"'{goal.avoid_before.node}' is not a node or an ending",
                               hint=did_you_mean(goal.avoid_before.node, targets)))


def _check_graph(sc: Scenario, root: yaml.Node | None, path: str | Path, errors: list[InputError]) -> None:
    """Every node reachable from the start, an ending reachable from every node, every ending used."""
    targets = list(sc.nodes) + list(sc.endings)
    reached: set[str] = set()
    stack = [sc.start]
    while stack:
        cur = stack.pop()
        if cur in reached:
            continue
        reached.add(cur)
        if cur in sc.nodes:
            stack.extend(sc.targets(cur))
    for nid in sc.nodes:
        if nid not in reached:
            errors.append(_err(root, path, ("nodes", nid), f"node '{nid}' cannot be reached from '{sc.start}'",
                               hint="add a branch or default that goes to it, or remove it", key=True))
    # An ending reachable from every node (reverse reachability from the endings).
    reverse: dict[str, set[str]] = {t: set() for t in targets}
    for nid in sc.nodes:
        for t in sc.targets(nid):
            reverse[t].add(nid)
    can_end: set[str] = set(sc.endings)
    stack = list(sc.endings)
    while stack:
        cur = stack.pop()
        for prev in reverse[cur]:
            if prev not in can_end:
                can_end.add(prev)
                stack.append(prev)
    for nid in sc.nodes:
        if nid not in can_end:
            errors.append(_err(root, path, ("nodes", nid), f"no ending can be reached from node '{nid}' (a loop?)",
                               hint="give it, or a node it leads to, a branch or default that goes to an ending",
                               key=True))
    for eid in sc.endings:
        if eid not in reached and eid != sc.timeout_ending():
            errors.append(_err(root, path, ("endings", eid), f"ending '{eid}' cannot be reached", key=True))


def _allowed_keys(loc: tuple[int | str, ...]) -> list[str]:
    """Field names of the model at a pydantic `loc` inside a Scenario (dict keys and list indexes skipped)."""
    from typing import get_args, get_origin

    def models(annotation: object) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        found: list[type[BaseModel]] = []
        for arg in get_args(annotation):
            found.extend(models(arg))
        return found

    current: object = Scenario
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str) \
                and part in current.model_fields:
            annotation = current.model_fields[part].annotation
            inner = models(annotation)
            is_container = get_origin(annotation) in (dict, list) or any(
                get_origin(a) in (dict, list) for a in get_args(annotation))
            current = ("container", inner[0]) if inner and is_container else (inner[0] if inner else None)
        elif isinstance(current, tuple):
            current = current[1]
        else:
            return []
    if isinstance(current, tuple):
        current = current[1]
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def content_hash(text: str) -> str:
    """sha256 of the scenario text (recorded in sessions, so a replay can tell if the file changed)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_scenario(text: str, path: str | Path) -> LoadedScenario:
    """Validate scenario YAML text: schema, then graph and vocabulary. Raises InputError(s)."""
    data, root = compose_fast(text, path)
    if data is None:
        raise InputError("file is empty", path=path, line=1, hint="expected a scenario document")
    if not isinstance(data, dict):
        raise InputError("a scenario must be a mapping (id:, title:, persona:, nodes: ...)", path=path, line=1,
                         col=1)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(exc, root, path, Scenario)
        for err, raw in zip(errors, exc.errors()):
            if raw["type"] == "extra_forbidden" and err.hint is None:
                allowed = _allowed_keys(tuple(raw["loc"][:-1]))
                err.hint = did_you_mean(str(raw["loc"][-1]), allowed) or (
                    "allowed keys: " + ", ".join(sorted(allowed)) if allowed else None)
        raise InputErrors(errors) from None
    errors = check_semantics(sc, root, path)
    if errors:
        raise InputErrors(errors)
    return LoadedScenario(scenario=sc, path=str(path), content_hash=content_hash(text))


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and validate a scenario file; every problem is reported with file:line:col."""
    path = Path(path)
    text = read_text(path, max_bytes=MAX_SCENARIO_BYTES)
    return parse_scenario(text, path)


def describe_condition(cond: Condition) -> str:
    """A short human reading of a condition, for graphs and hints ("any advice; not permitted")."""
    return cond.describe()
