"""Report model and renderers on hand-built data, plus review.py with a stand-in analyzer."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

import pytest
from pydantic import ValidationError

from dataclasses import replace

from convocoach.model.analysis import Analysis, Move
from convocoach.model.conversation import Conversation, Turn
from convocoach.reports.common import segments, select_turns, visible
from convocoach.reports.csvout import render_csv
from convocoach.reports.html import render_html
from convocoach.reports.jsonout import render_json, render_jsonl
from convocoach.reports.markdown import render_markdown
from convocoach.reports.model import FeedbackOut, Report, ReportDocument, StancePoint, Summary, Talk
from convocoach.reports.terminal import render_text
from convocoach.nlp.analyzer import Utterance
from convocoach.transcripts import read_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"

HOSTILE = (
    'Hi <script>document.title="pwned"</script> '
    "<img src=x onerror=\"document.body.appendChild(document.createElement('pwned'))\"> "
    '<a href="javascript:alert(1)">click</a> \u202eevil\u202c =cmd|calc. What are you noticing?'
)


def make_report(hostile: bool = False) -> Report:
    t1 = HOSTILE if hostile else "Thanks for making time. What are you noticing about the reading group?"
    i = t1.index("What")
    t3 = "It sounds like directions get lost. You should try a timer."
    teacher = "They never listen <i>ever</i>." if hostile else "They never listen."
    m1 = Move("question.open", i, len(t1), t1[i:], "Q001", "opens")
    m3 = [Move("reflection", 0, 35, t3[:35], "R001", "reflects"), Move("advice", 36, len(t3), t3[36:], "A001", "tells")]
    turns = (
        Turn(index=0, speaker="Coach", role="coach", text=t1, start=1.0, end=7.0, line=3,
             analysis=Analysis(t1, (m1,), "coaching")),
        Turn(index=1, speaker="Maria <b>Lopez</b>" if hostile else "Maria Lopez", role="teacher", text=teacher,
             start=10.0, end=14.0),
        Turn(index=2, speaker="Coach", role="coach", text=t3, start=14.5, end=18.0,
             analysis=Analysis(t3, tuple(m3), "consulting")),
        Turn(index=3, speaker="Maria Lopez", role="teacher", text="Maybe.", start=21.0, end=22.0),
    )
    summary = Summary(
        overall=62, dimensions={"questioning": 70, "language": 55, "listening": 80, "stance": 50, "talk": 60},
        bands={"coach_talk_share": "fair"}, counts={"question.open": 1, "reflection": 1, "advice": 1, "judgment": 0},
        ratios={"reflection_to_question": 1.0, "open_question_share": 1.0, "coach_talk_share": 0.6,
                "wait_time_median": 3.0, "wait_time_3s_share": 1.0, "coaching_share": 0.5},
        question_types={"question.open": 1}, stance_counts={"coaching": 1, "consulting": 1},
        stance_timeline=[StancePoint(index=0, stance="coaching", start=1.0),
                         StancePoint(index=2, stance="consulting", start=14.5)],
        talk=Talk(unit="seconds", coach=9.5, teacher=5.0, coach_share=0.655, coach_words=20, teacher_words=4),
        wait_times=[3.0], coach_turns=2, teacher_turns=2,
    )
    title = "Open questions" + (" <script>x</script>" if hostile else "")
    feedback = [FeedbackOut(kind="strength", title=title, message="You asked an open question.", turns=[0],
                            source="Knight 2007"),
                FeedbackOut(kind="to_try", title="Hold the advice", message="Ask before offering ideas.", turns=[2])]
    conversation = Conversation(source="zoom <x>.vtt" if hostile else "zoom.vtt", format="vtt", turns=turns,
                                coach=("Coach",))
    return Report(conversation=conversation, summary=summary, feedback=feedback)


def with_turns(r: Report, turns: Iterable[Turn], source: str | None = None) -> Report:
    c = replace(r.conversation, turns=tuple(turns), source=source if source is not None else r.source)
    return replace(r, conversation=c)


# --------------------------------------------------------------------------- model and JSON


def test_json_follows_the_contract_and_validates() -> None:
    data = json.loads(render_json([make_report()]))
    assert {"schema_version", "source", "coach", "turns", "summary", "feedback"} <= set(data)
    assert {"overall", "dimensions", "counts", "ratios"} <= set(data["summary"])
    turn = data["turns"][0]
    assert {"index", "speaker", "role", "text", "start", "end", "moves", "stance"} <= set(turn)
    assert turn["moves"][0]["name"] == "question.open"
    assert data["turns"][1]["stance"] is None and data["turns"][1]["moves"] == []
    assert ReportDocument.model_validate(data) == make_report().document()


def test_json_omits_absent_times_and_lists_several_reports() -> None:
    r = make_report()
    untimed = with_turns(r, [replace(t, start=None, end=None) for t in r.turns])
    data = json.loads(render_json([untimed, r]))
    assert isinstance(data, list) and "start" not in data[0]["turns"][0] and data[1]["turns"][0]["start"] == 1.0
    lines = render_jsonl([r, r]).splitlines()
    assert len(lines) == 2 and all(ReportDocument.model_validate_json(line) for line in lines)


def test_model_rejects_unknown_keys() -> None:
    data = make_report().to_json_dict()
    data["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        ReportDocument.model_validate(data)


# --------------------------------------------------------------------------- shared helpers


def test_segments_cut_at_every_boundary_and_clamp() -> None:
    moves = [Move("tentative", 0, 5, "maybe", "", ""), Move("advice", 3, 99, "be try", "", "")]
    segs = segments("maybe try", moves)
    assert [s.text for s in segs] == ["may", "be", " try"]
    assert [s.valence for s in segs] == ["strength", "growth", "growth"]


def test_visible_marks_bidi_controls() -> None:
    assert visible("a\u202eb\u2066c") == "a⟦U+202E⟧b⟦U+2066⟧c"
    assert visible("plain") == "plain"


def test_context_selects_focus_turns_and_marks_gaps() -> None:
    r = make_report()
    assert [t.index if t else None for t in select_turns(r, 0)] == [0, None, 2, None]
    assert [t.index if t else None for t in select_turns(r, 1)] == [0, 1, 2, 3]
    assert len(select_turns(r, None)) == 4


# --------------------------------------------------------------------------- terminal


def test_terminal_report_snapshot_pieces() -> None:
    out = render_text([make_report()], width=100)
    assert re.search(r"#1 00:01 Coach: +Thanks for making time\.", out)
    for piece in ["Review: zoom.vtt", "[coaching] open question",
                  "[consulting] reflection advice", "overall      62", "Legend:", "Stance timeline", "CS",
                  "Strengths", "Open questions (turn #1)", "Things to try", "Hold the advice (turn #3)",
                  "coach talk share", "60%"]:
        assert piece in out, piece
    assert max(len(line) for line in out.splitlines()) <= 100


def test_terminal_highlights_spans_with_theme_styles() -> None:
    out = render_text([make_report()], width=100, color=True)
    # the open question is styled (green bold + underline), the words before it are not
    assert re.search(r"\x1b\[[0-9;]*m[^\x1b]*What are you noticing", out)
    assert "Thanks for making time. " in out


def test_terminal_shows_hostile_text_literally() -> None:
    out = render_text([make_report(hostile=True)], width=200)
    assert '<script>document.title="pwned"</script>' in out
    assert "⟦U+202E⟧evil⟦U+202C⟧" in out and "\u202e" not in out
    assert "Maria <b>Lopez</b>" in out


def test_terminal_context_elides() -> None:
    out = render_text([make_report()], context=0, width=100)
    assert "Maybe." not in out and "…" in out


# --------------------------------------------------------------------------- Markdown


def test_markdown_structure_and_escaping() -> None:
    md = render_markdown([make_report(hostile=True)])
    assert md.startswith("# zoom &lt;x>.vtt\n")
    assert "<script" not in md and "<img" not in md and "<a " not in md and "<b>" not in md
    assert "&lt;script>" in md and "⟦U+202E⟧" in md
    assert "&amp;" not in md.replace("&amp;amp;", "")  # "Q&A" is never written "Q&amp;A"
    assert "**What are you noticing?**" in md
    assert "| questioning | 70 |" in md and "(turn #1)" in md


def test_markdown_several_reports_have_an_index() -> None:
    md = render_markdown([make_report(), make_report()])
    assert md.startswith("# Reviews") and md.count("# zoom.vtt\n") == 2


# --------------------------------------------------------------------------- HTML


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_everything_and_is_self_contained() -> None:
    page = render_html([make_report(hostile=True)])
    parser = _Collect()
    parser.feed(page)
    names = {t for t, _ in parser.tags}
    assert "script" not in names and "img" not in names and "iframe" not in names and "link" not in names
    for tag, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in ("href", "src"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (tag, attrs)
    text = "".join(parser.text)
    assert '<script>document.title="pwned"</script>' in text
    assert '<a href="javascript:alert(1)">click</a>' in text
    assert "Maria <b>Lopez</b>" in text and "Open questions <script>x</script>" in text
    assert "\u202e" not in page and "⟦U+202E⟧" in text
    assert "Content-Security-Policy" in page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)


def test_html_has_inline_svg_charts() -> None:
    page = render_html([make_report()])
    assert page.count("<svg") == 3
    assert 'aria-label="Stance of each coach turn' in page and 'aria-label="Count of each move"' in page
    assert "Talk share: coach 66 percent" in page
    assert '<span class="m strength" title="question.open: opens">What are you noticing' in page


def test_html_several_reports_link_from_an_overview() -> None:
    page = render_html([make_report(), make_report()])
    assert '<a href="#report-1">' in page and '<a href="#report-2">' in page


# --------------------------------------------------------------------------- CSV


def test_csv_one_row_per_turn_and_formula_guard() -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv([make_report(hostile=True)]))))
    assert len(rows) == 4
    assert rows[0]["role"] == "coach" and rows[0]["n_question.open"] == "1" and rows[0]["overall"] == "62"
    assert rows[1]["n_question.open"] == ""  # teacher turns are not scored
    r = make_report()
    guarded = render_csv([with_turns(r, r.turns, source="=HYPERLINK(1)")])
    assert list(csv.DictReader(io.StringIO(guarded)))[0]["source"] == "'=HYPERLINK(1)"


# --------------------------------------------------------------------------- review.py with a stand-in analyzer


class FakeAnalyzer:
    """Marks question sentences as open questions and 'should' as advice; records what it was given."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None, str | None]] = []
        self.calls = 0

    def analyze_many(self, items: Iterable[Utterance], batch_size: int = 256) -> Iterator[Analysis]:
        self.calls += 1
        for item in items:
            self.seen.append((item.text, item.previous, item.id))
            moves = []
            for m in re.finditer(r"[^.?!]*\?", item.text):
                s = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                moves.append(Move("question.open", s, m.end(), item.text[s:m.end()], "FAKE", ""))
            if "should" in item.text:
                k = item.text.index("should")
                moves.append(Move("advice", k, k + 6, "should", "FAKE", ""))
            stance = "consulting" if "should" in item.text else "coaching" if moves else "neutral"
            yield Analysis(item.text, tuple(sorted(moves, key=lambda m: m.start)), stance, {}, item.id,
                           item.previous, len(item.text.split()), sum(1 for m in moves if m.name.startswith("q")))


def test_review_many_streams_all_files_through_one_call() -> None:
    from convocoach.review import prepare, review_many
    from convocoach.scoring.rubric import load_rubric

    fake = FakeAnalyzer()
    ts = [prepare(read_transcript(FIXTURES / "ok" / n)) for n in ("zoom.vtt", "session.srt", "crlf.txt")]
    reports = list(review_many(ts, fake, load_rubric()))
    assert fake.calls == 1 and [r.source for r in reports] == [t.source for t in ts]
    zoom = reports[0]
    assert zoom.coach == "Coach" and zoom.summary.coach_turns == 2
    assert [t.role for t in zoom.turns] == ["coach", "teacher", "coach", "teacher"]
    assert zoom.turns[1].moves == () and zoom.turns[1].stance is None
    assert zoom.summary.talk is not None and zoom.summary.talk.unit == "seconds"
    assert zoom.summary.wait_times == [3.0, 3.0]
    assert zoom.summary.stance_timeline[0].stance == "coaching"
    # previous = the teacher turn just before; the first coach turn has none
    assert fake.seen[0][1] is None
    assert fake.seen[1][1] == "Honestly, they never listen when I give directions."
    assert reports[2].summary.talk is not None and reports[2].summary.talk.unit == "words"
    for r in reports:
        ReportDocument.model_validate(r.to_json_dict())
        assert all(i < len(r.turns) for f in r.feedback for i in f.turns)


def test_redaction_replaces_names_everywhere() -> None:
    from convocoach.review import prepare, review

    t = read_transcript(FIXTURES / "ok" / "teams_bom.vtt")
    red = prepare(t, ["sam patel"], redact=True, redact_names=["Jordan"])
    assert red.coach == ("Coach",)
    assert [x.speaker for x in red.turns] == ["Teacher", "Coach", "Teacher", "Coach"]
    report = review(red, FakeAnalyzer())
    outputs = [render_json([report]), render_csv([report]), render_markdown([report]), render_html([report]),
               render_text([report], width=120)]
    for out in outputs:
        assert "Sam" not in out and "Patel" not in out and "Jordan" not in out and "Kim" not in out
    assert report.redacted


def test_redact_text_is_whole_word_and_case_sensitive() -> None:
    from convocoach.review.redaction import redact_text

    mapping = {"Will": "Teacher", "Maria Lopez": "Teacher 2", "Maria": "Teacher 2"}
    assert redact_text("Will, will you ask Maria Lopez? Maria's class. Williams", mapping) == \
        "Teacher, will you ask Teacher 2? Teacher 2's class. Williams"


def test_long_turn_lists_are_shortened_for_people() -> None:
    from convocoach.reports.common import turn_refs

    assert turn_refs([0]) == "turn #1"
    assert turn_refs(list(range(10))) == "turns #1, #2, #3, #4, #5, #6, #7, #8 +2 more"
    r = make_report()
    fb = r.feedback[0].model_copy(update={"turns": list(range(4)) * 3})
    page = render_html([replace(r, feedback=[fb])])
    assert "+4 more" in page


def test_rich_markup_in_user_text_is_shown_literally() -> None:
    r = make_report()
    turns = [replace(t, text="[bold red]shout[/bold red] :smile:", analysis=None) if t.index == 0 else t
             for t in r.turns]
    r = with_turns(r, turns, source="[link=http://x]f[/link].vtt")
    out = render_text([r], width=120)
    assert "[bold red]shout[/bold red] :smile:" in out and "[link=http://x]f[/link].vtt" in out
