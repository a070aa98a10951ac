"""Scenario files: the bundled library's coverage and shape, and every kind of bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convocoach.model.errors import InputError, InputErrors
from convocoach.model.moves import load_moves

MOVE_NAMES = load_moves().names
from convocoach.practice.scenario import (
    CONVERSATION_TYPES,
    RESISTANCE_TYPES,
    Scenario,
    describe_condition,
    load_scenario,
    parse_scenario,
    scenario_json_schema,
)
from convocoach.practice.library import find_scenario, library_dirs, library_files, load_library

BAD = Path(__file__).parent / "fixtures" / "scenarios" / "bad"


@pytest.fixture(scope="module")
def library() -> list[Scenario]:
    good, bad = load_library()
    assert not bad, "\n".join(map(str, bad))
    return [ls.scenario for ls in good]


def test_library_has_at_least_twelve(library: list[Scenario]) -> None:
    assert len(library) >= 12
    assert len({s.id for s in library}) == len(library)


def test_library_covers_every_resistance_type(library: list[Scenario]) -> None:
    wanted = set(RESISTANCE_TYPES) - {"none"}
    assert wanted <= {s.persona.resistance for s in library}


def test_library_covers_every_conversation_type(library: list[Scenario]) -> None:
    assert set(CONVERSATION_TYPES) <= {s.conversation for s in library}


def test_library_has_the_named_situations(library: list[Scenario]) -> None:
    by_tag = {t for s in library for t in s.tags}
    assert "third-point" in by_tag  # post-observation debrief around data / a lesson plan
    assert any(s.conversation == "mentoring" and s.persona.years == 1 for s in library)  # first-year teacher
    assert any(s.conversation == "co-planning" and "shared-goals" in s.tags for s in library)
    assert any("technology" in s.tags and any(i.startswith("4.4") or i.startswith("4.1") for i in s.iste)
               for s in library)


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.stem)
def test_each_scenario_shape(path: Path) -> None:
    sc = load_scenario(path).scenario
    assert sc.id == path.stem, "file name and id should match"
    assert len(sc.nodes) >= 8
    outcomes = {e.outcome for e in sc.endings.values()}
    assert {"breakthrough", "stalled"} <= outcomes
    assert sc.goals and sc.reactions
    # Endings depend on the coach's moves: some branch into an ending names moves.
    assert any(b.when.move_names() for n in sc.nodes.values() for b in n.branches if b.goto in sc.endings)
    for node in sc.nodes.values():
        for line in node.lines:
            for text in line.texts():
                assert text.strip() and "[" not in text, f"{path.name}: teacher line looks like markup: {text}"


def test_library_locator_order() -> None:
    dirs = library_dirs()
    assert dirs and dirs[-1].name == "scenarios"
    assert find_scenario("veteran-partner-agreement").scenario.id == "veteran-partner-agreement"
    with pytest.raises(InputError) as exc:
        find_scenario("veteran-partner-agrement")
    assert "did you mean 'veteran-partner-agreement'" in (exc.value.hint or "")


def _expectations(path: Path) -> tuple[str, int | None, str | None]:
    head = path.read_text(encoding="utf-8").splitlines()[:4]
    expect = next(line.split(": ", 1)[1] for line in head if line.startswith("# expect: "))
    line = next((int(x.split(": ", 1)[1]) for x in head if x.startswith("# line: ")), None)
    hint = next((x.split(": ", 1)[1] for x in head if x.startswith("# hint: ")), None)
    return expect, line, hint


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yml")), ids=lambda p: p.stem)
def test_bad_scenario_files(path: Path) -> None:
    expect, line, hint = _expectations(path)
    with pytest.raises((InputError, InputErrors)) as exc:
        load_scenario(path)
    caught = exc.value
    assert isinstance(caught, (InputError, InputErrors))
    errors = [caught] if isinstance(caught, InputError) else caught.errors
    hits = [e for e in errors if expect in e.message]
    assert hits, f"{path.name}: expected {expect!r} in {[str(e) for e in errors]}"
    err = hits[0]
    assert err.path == str(path)
    if line is not None:
        assert err.line == line, f"{path.name}: {err}"
        assert err.col is not None
        assert str(err).startswith(f"{path}:{line}:")
    if hint is not None:
        assert hint in (err.hint or ""), f"{path.name}: hint {err.hint!r}"


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import convocoach.practice.scenario as scenario_mod

    src = Path(library_files()[0])
    monkeypatch.setattr(scenario_mod, "MAX_SCENARIO_BYTES", 100)
    with pytest.raises(InputError) as exc:
        load_scenario(src)
    assert "larger than" in exc.value.message and exc.value.path == str(src)


def test_empty_and_non_mapping(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        load_scenario(empty)
    with pytest.raises(InputError, match="mapping"):
        parse_scenario("- a\n- b\n", "list.yml")


def test_all_errors_reported_not_just_the_first() -> None:
    text = (BAD / "missing_goto.yml").read_text().replace("question.open", "question.opne")
    with pytest.raises(InputErrors) as exc:
        parse_scenario(text, "two.yml")
    messages = " | ".join(e.message for e in exc.value.errors)
    assert "question.opne" in messages and "'bb'" in messages


def test_goal_needs_exactly_one_kind() -> None:
    text = (BAD / "missing_goto.yml").read_text().replace("goto: bb", "goto: b") + (
        "goals:\n  - {id: G1, text: both, at_least: {move: advice, count: 1}, at_most: {move: advice, count: 2}}\n")
    with pytest.raises(InputErrors) as exc:
        parse_scenario(text, "g.yml")
    assert "exactly one" in str(exc.value)


def test_every_move_in_library_conditions_is_known(library: list[Scenario]) -> None:
    def known(name: str) -> bool:
        return name in MOVE_NAMES or any(m.startswith(name + ".") for m in MOVE_NAMES)

    for sc in library:
        conds = [r.when for r in sc.reactions] + [b.when for n in sc.nodes.values() for b in n.branches]
        for c in conds:
            for _key, _i, name in c.move_names():
                assert known(name), (sc.id, name)


def test_json_schema_is_json_and_strict() -> None:
    schema = scenario_json_schema()
    text = json.dumps(schema)
    assert schema["additionalProperties"] is False
    properties, definitions = schema["properties"], schema["$defs"]
    assert isinstance(properties, dict) and isinstance(definitions, dict)
    assert "nodes" in properties and "Condition" in definitions
    assert json.loads(text)["title"] == "convocoach scenario"


def test_describe_condition() -> None:
    sc = find_scenario(str(Path(__file__).parent / "fixtures" / "scenarios" / "play" /
                           "veteran-partner-agreement.yml")).scenario
    texts = [describe_condition(b.when) for b in sc.nodes["opening"].branches]
    assert texts[0] == "trust <= 0"
    assert any("not permitted" in t for t in texts)
    shipped = find_scenario("veteran-partner-agreement").scenario
    described = [describe_condition(b.when) for n in shipped.nodes.values() for b in n.branches]
    assert any(t.endswith("answers her question") for t in described)
    assert "leaves her question unanswered" in described
    assert any(t.startswith("mentions 'principal'") for t in described)


def test_schema_model_is_strict() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate({"id": "Bad Id", "max_turns": "12"})
    errors = {e["loc"][0]: e["type"] for e in caught.value.errors()}
    assert errors["id"] == "string_pattern_mismatch"
    assert errors["max_turns"] == "int_type"  # "12" is not coerced


def test_library_uses_every_goal_kind_and_stance_reactions(library: list[Scenario]) -> None:
    kinds = {k for s in library for g in s.goals for k in ("at_least", "at_most", "avoid_before", "stance_share")
             if getattr(g, k) is not None}
    assert kinds == {"at_least", "at_most", "avoid_before", "stance_share"}
    assert any(r.when.value("stance") for s in library for r in s.reactions)
    assert any(r.when.value("feeling") for s in library for r in s.reactions)
    assert any(r.when.value("permitted") is False for s in library for r in s.reactions)
