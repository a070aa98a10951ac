"""Assignment files: a certificate programme's scenarios, attempts and pass criteria (strict YAML).

Example::

    id: cert-unit-1                  # lowercase letters, digits and dashes
    title: "Unit 1: listening before telling"
    due: 2026-12-01                  # informational only
    rubric: rubric.yml               # optional; relative to this file (default: the bundled rubric)
    attempts: 1                      # default attempts required per scenario
    pass:                            # default pass criteria for every scenario
      outcome: partial               # the lowest outcome that passes: stalled < partial < breakthrough
      goals: all                     # "all", or a list of goal ids of the scenario
      rubric: {overall: 50, listening: 40}   # minimum scores (0-100): overall or a dimension
    scenarios:
      - reflecting-fine-i-guess      # a bundled scenario id ...
      - scenario: my-scenario.yml    # ... or a file relative to this one, with its own settings
        attempts: 2
        seed: 3
        pass: {outcome: breakthrough}

Loading checks the schema (file:line:col, did-you-mean for unknown keys) and then that every
scenario exists and validates, that no scenario is listed twice, that goal ids exist in their
scenario, and that the rubric file loads.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from ..model.errors import InputError, InputErrors

if TYPE_CHECKING:
    from ..practice.scenario import LoadedScenario
    from ..scoring.rubric import Rubric

ASSIGNMENT_SCHEMA_VERSION = 1
MAX_ASSIGNMENT_BYTES = 1_000_000

Outcome = Literal["breakthrough", "partial", "stalled"]
#: Outcomes from worst to best: `pass.outcome` is the lowest one that passes.
OUTCOME_ORDER: tuple[str, ...] = ("stalled", "partial", "breakthrough")
SCORE_KEYS: tuple[str, ...] = ("overall", "questioning", "language", "listening", "stance", "talk")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class PassCriteria(_Strict):
    """What an attempt must show to pass (all given criteria must hold; the attempt must be finished)."""

    outcome: Optional[Outcome] = Field(
        default=None, description="the lowest outcome that passes (stalled < partial < breakthrough)")
    goals: Optional[Union[Literal["all"], list[StrictStr]]] = Field(
        default=None, description='"all", or the ids of the scenario goals that must be met')
    rubric: Optional[dict[StrictStr, StrictInt]] = Field(
        default=None, description="minimum scores 0-100, keyed by overall or a rubric dimension")


class ScenarioItem(_Strict):
    """One scenario of the assignment, with its own attempts, seed and pass criteria."""

    scenario: StrictStr = Field(description="a bundled scenario id, or a .yml file relative to the assignment")
    attempts: Optional[StrictInt] = Field(default=None, ge=1, le=20, description="attempts required")
    seed: StrictInt = Field(default=0, description="chooses among teacher line variants")
    pass_: Optional[PassCriteria] = Field(default=None, alias="pass", description="overrides the assignment's pass")


class Assignment(_Strict):
    """A certificate programme's assignment."""

    schema_version: StrictInt = ASSIGNMENT_SCHEMA_VERSION
    id: StrictStr = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: StrictStr
    description: Optional[StrictStr] = None
    due: Optional[_dt.date] = Field(None, description="due date (informational), YYYY-MM-DD")
    rubric: Optional[StrictStr] = Field(None, description="a rubric YAML file relative to the assignment")
    attempts: StrictInt = Field(1, ge=1, le=20, description="default attempts required per scenario")
    pass_: PassCriteria = Field(default_factory=PassCriteria, alias="pass")
    scenarios: list[Union[StrictStr, ScenarioItem]] = Field(min_length=1)

    @field_validator("due", mode="before")
    @classmethod
    def _parse_due(cls, value: Any) -> Any:
        # YAML gives a date for an unquoted 2026-12-01; accept the quoted form too.
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"expected a date like 2026-12-01 (got {value!r})") from None
        if isinstance(value, _dt.datetime):
            return value.date()
        return value


@dataclass(frozen=True)
class AssignedScenario:
    """A scenario of a loaded assignment: the validated scenario and the settings that apply to it."""

    ref: str
    loaded: LoadedScenario
    attempts: int
    seed: int
    criteria: PassCriteria

    @property
    def id(self) -> str:
        return self.loaded.scenario.id

    @property
    def version(self) -> int:
        return self.loaded.scenario.version

    @property
    def title(self) -> str:
        return self.loaded.scenario.title


@dataclass(frozen=True)
class LoadedAssignment:
    """A validated assignment with its scenarios resolved and its rubric loaded."""

    assignment: Assignment
    path: str
    content_hash: str
    scenarios: tuple[AssignedScenario, ...]
    rubric: Rubric

    @property
    def id(self) -> str:
        return self.assignment.id

    @property
    def title(self) -> str:
        return self.assignment.title

    @property
    def rubric_hash(self) -> str:
        """sha256 of the rubric file, so gradebooks made under two rubrics can be told apart."""
        try:
            return content_hash(Path(self.rubric.path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return content_hash(f"{self.rubric.name} {self.rubric.version}")

    def scenario(self, scenario_id: str) -> AssignedScenario | None:
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        return None

    def describe(self) -> dict[str, Any]:
        """A JSON-able summary (for `assignment validate --format json` and gradebook headers)."""
        a = self.assignment
        return {
            "id": a.id,
            "title": a.title,
            "due": a.due.isoformat() if a.due else None,
            "hash": self.content_hash,
            "rubric": self.rubric.name,
            "rubric_hash": self.rubric_hash,
            "scenarios": [
                {"id": s.id, "title": s.title, "version": s.version, "hash": s.loaded.content_hash,
                 "attempts": s.attempts, "seed": s.seed, "pass": describe_criteria(s.criteria)}
                for s in self.scenarios
            ],
        }


def describe_criteria(c: PassCriteria) -> list[str]:
    """Human-readable pass criteria ("finished", "outcome partial or better", ...)."""
    out = ["finished"]
    if c.outcome is not None:
        out.append(f"outcome {c.outcome}" + (" or better" if c.outcome != "breakthrough" else ""))
    if c.goals == "all":
        out.append("all goals met")
    elif c.goals:
        out.append("goals met: " + ", ".join(c.goals))
    for key, value in (c.rubric or {}).items():
        out.append(f"{key} >= {value}")
    return out


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _loc_error(root: Any, path: Path, loc: tuple[int | str, ...], message: str, hint: str | None = None,
               key: bool = False) -> InputError:
    from ..io.yamlio import error_at, format_loc

    return error_at(root, path, loc, f"{format_loc(loc)}: {message}", hint, key=key)


def _resolve_scenario(ref: str, base: Path) -> LoadedScenario:
    from ..practice.scenario import load_scenario
    from ..practice.library import find_scenario

    p = Path(ref)
    if p.suffix in (".yml", ".yaml") or "/" in ref or "\\" in ref:
        return load_scenario(p if p.is_absolute() else base / p)
    return find_scenario(ref)


def load_assignment(path: str | Path) -> LoadedAssignment:
    """Load and validate an assignment file, its scenarios and its rubric.

    Raises:
        InputError / InputErrors: every problem, with file:line:col.
    """
    from ..io.yamlio import compose, parse_model, read_text

    path = Path(path)
    text = read_text(path, max_bytes=MAX_ASSIGNMENT_BYTES)
    model = parse_model(text, path, Assignment)
    check = _Checker(compose(text, path)[1], path)
    if model.schema_version != ASSIGNMENT_SCHEMA_VERSION:
        check.add(("schema_version",), f"schema_version {model.schema_version} is not supported "
                  f"(expected {ASSIGNMENT_SCHEMA_VERSION})")
    check.criteria(model.pass_, ("pass",), None)
    rubric = check.rubric(model.rubric, path.parent)
    items = check.scenarios(model, path.parent)
    if check.errors:
        raise InputErrors(check.errors)
    assert rubric is not None
    return LoadedAssignment(assignment=model, path=str(path), content_hash=content_hash(text),
                            scenarios=tuple(items), rubric=rubric)


class _Checker:
    """Collects every problem of an assignment file, each at its line."""

    def __init__(self, root: Any, path: Path) -> None:
        self.root, self.path = root, path
        self.errors: list[InputError] = []

    def add(self, loc: tuple[int | str, ...], message: str, hint: str | None = None, key: bool = False) -> None:
        self.errors.append(_loc_error(self.root, self.path, loc, message, hint=hint, key=key))

    def criteria(self, c: PassCriteria, loc: tuple[int | str, ...], goal_ids: list[str] | None) -> None:
        for key, value in (c.rubric or {}).items():
            if key not in SCORE_KEYS:
                close = difflib.get_close_matches(key, SCORE_KEYS, n=1)
                self.add(loc + ("rubric", key), "unknown score name", key=True,
                         hint=f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(SCORE_KEYS))
            if not 0 <= value <= 100:
                self.add(loc + ("rubric", key), f"minimum must be 0-100 (got {value})")
        if goal_ids is not None and isinstance(c.goals, list):
            for gi, gid in enumerate(c.goals):
                if gid not in goal_ids:
                    close = difflib.get_close_matches(gid, goal_ids, n=1)
                    self.add(loc + ("goals", gi), f"the scenario has no goal '{gid}'",
                             hint=f"did you mean '{close[0]}'?" if close
                             else ("its goals: " + ", ".join(goal_ids) if goal_ids else "the scenario has no goals"))

    def rubric(self, ref: str | None, base: Path) -> Rubric | None:
        from ..scoring.rubric import load_rubric

        if ref is None:
            return load_rubric()
        rpath = Path(ref)
        try:
            return load_rubric(rpath if rpath.is_absolute() else base / rpath)
        except InputErrors as exc:
            self.errors.extend(exc.errors)
        except InputError as exc:
            self.add(("rubric",), f"cannot load the rubric: {exc.message}",
                     hint=f"{exc.location}" + (f"; {exc.hint}" if exc.hint else ""))
        return None

    def scenarios(self, model: Assignment, base: Path) -> list[AssignedScenario]:
        items: list[AssignedScenario] = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(model.scenarios):
            item = ScenarioItem(scenario=entry) if isinstance(entry, str) else entry
            loc: tuple[int | str, ...] = ("scenarios", i) if isinstance(entry, str) else ("scenarios", i, "scenario")
            try:
                loaded = _resolve_scenario(item.scenario, base)
            except InputErrors as exc:
                self.add(loc, f"scenario '{item.scenario}' is not valid",
                         hint="check it with `convocoach scenario validate FILE`")
                self.errors.extend(exc.errors)
                continue
            except InputError as exc:
                self.add(loc, exc.message, hint=exc.hint)
                continue
            sid = loaded.scenario.id
            if sid in seen:
                self.add(loc, f"scenario '{sid}' is listed twice (also item {seen[sid] + 1})",
                         hint="use `attempts:` to ask for more than one attempt")
                continue
            seen[sid] = i
            self._goals(model, item, loaded, i)
            items.append(AssignedScenario(ref=item.scenario, loaded=loaded,
                                          attempts=item.attempts if item.attempts is not None else model.attempts,
                                          seed=item.seed,
                                          criteria=item.pass_ if item.pass_ is not None else model.pass_))
        return items

    def _goals(self, model: Assignment, item: ScenarioItem, loaded: LoadedScenario, i: int) -> None:
        goal_ids = [g.id for g in loaded.scenario.goals]
        if item.pass_ is not None:
            self.criteria(item.pass_, ("scenarios", i, "pass"), goal_ids)
        elif isinstance(model.pass_.goals, list):
            for gid in model.pass_.goals:
                if gid not in goal_ids:
                    self.add(("pass", "goals"), f"scenario '{loaded.scenario.id}' has no goal '{gid}'",
                             hint="give this scenario its own `pass:`, or use goals: all")


def assignment_json_schema() -> dict[str, Any]:
    """The JSON Schema of assignment files (for YAML editors)."""
    schema = Assignment.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "convocoach assignment"
    return schema
