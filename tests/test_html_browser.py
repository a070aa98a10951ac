"""A real browser: the HTML report of a hostile transcript runs no script and shows the text literally.

Needs Debian's `chromium` (installed by .ci/run). Skipped when chromium is absent locally; in CI
(env CI set) a missing chromium is a failure, so the test cannot silently stop running there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from convocoach.cli import app
from convocoach.cli.common import handle_errors

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[1]
ARTIFACTS = ROOT / "test-artifacts"

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
]

HOSTILE_LINES = [
    "Coach: Hi! <script>document.title='PWNED'; document.body.appendChild(document.createElement('pwned'))</script>",
    "Teacher: <img src=x onerror=\"document.title='PWNED-IMG'\"> they never listen",
    "Coach: <a href=\"javascript:document.title='PWNED-LINK'\">click</a> What are you noticing?",
    "Teacher: \u202eevil\u202c reversed </div></section><svg onload=\"document.title='PWNED-SVG'\">",
    "Coach: It sounds like <b>structure</b> & \"quotes\" matter to you. </style><style>body{display:none}</style>",
]


def chromium() -> str:
    found = shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI is set: install Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install -y chromium)")
    return found


def browse(exe: str, page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=90, check=False,
    )


class DomScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def scan(dom: str) -> DomScan:
    s = DomScan()
    s.feed(dom)
    return s


def test_control_page_proves_scripts_would_be_seen(tmp_path: Path) -> None:
    exe = chromium()
    page = tmp_path / "control.html"
    page.write_text("<!DOCTYPE html><title>before</title><body><script>document.title='RAN';"
                    "document.body.appendChild(document.createElement('pwned'))</script></body>")
    dom = browse(exe, page, tmp_path, "--dump-dom").stdout
    s = scan(dom)
    assert s.title == "RAN" and any(t == "pwned" for t, _ in s.tags), dom[:500]


def test_hostile_transcript_html_runs_no_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exe = chromium()
    src = tmp_path / "hostile <call>.txt"
    src.write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    report = tmp_path / "report.html"
    code = handle_errors(lambda: app(args=["review", str(src), "-o", str(report)], prog_name="convocoach",
                                     standalone_mode=False))
    assert code == 0, capsys.readouterr().err
    html = report.read_text(encoding="utf-8")
    title = scan(html).title

    # Check escaping on its own: the same page without its Content-Security-Policy.
    no_csp = tmp_path / "report-no-csp.html"
    no_csp.write_text("\n".join(line for line in html.splitlines() if "Content-Security-Policy" not in line),
                      encoding="utf-8")
    for page in (no_csp, report):
        result = browse(exe, page, tmp_path, "--dump-dom")
        dom = result.stdout
        assert "<html" in dom, result.stderr[-2000:]
        s = scan(dom)
        assert s.title == title and "PWNED" not in s.title
        tags = [t for t, _ in s.tags]
        assert "pwned" not in tags and "script" not in tags and "img" not in tags, tags
        for tag, attrs in s.tags:
            assert not any(k.startswith("on") for k in attrs), (tag, attrs)
            assert not (attrs.get("href") or "").lower().startswith("javascript"), (tag, attrs)
        text = " ".join("".join(s.text).split())
        assert "<script>document.title='PWNED';" in text
        assert "<img src=x onerror=\"document.title='PWNED-IMG'\">" in text
        assert "<a href=\"javascript:document.title='PWNED-LINK'\">click</a>" in text
        assert "</style><style>body{display:none}</style>" in text
        assert "⟦U+202E⟧evil⟦U+202C⟧ reversed" in text
        assert "hostile <call>.txt" in text

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "review-hostile.png"
    shot.unlink(missing_ok=True)
    result = browse(exe, report, tmp_path, f"--screenshot={shot}", "--window-size=1200,2400")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", result.stderr[-2000:]


def test_long_unbroken_strings_wrap_inside_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    exe = chromium()
    word = "w" * 500
    src = tmp_path / ("call-" + "n" * 150 + ".json")
    src.write_text(json.dumps({"turns": [
        {"speaker": "Coach", "text": f"Have you tried {word}? You should try {word}."},
        {"speaker": "T" + "e" * 300, "text": f"Maybe {word}."},
        {"speaker": "Coach", "text": f"Why did you skip {word}?"},
    ]}), encoding="utf-8")
    report = tmp_path / "long.html"
    code = handle_errors(lambda: app(args=["review", str(src), "-o", str(report)], prog_name="convocoach",
                                     standalone_mode=False))
    assert code == 0, capsys.readouterr().err
    # Measure with a script of our own, on a copy without the report's Content-Security-Policy.
    probe = tmp_path / "probe.html"
    html = "\n".join(line for line in report.read_text(encoding="utf-8").splitlines()
                     if "Content-Security-Policy" not in line)
    probe.write_text(html.replace("</body>", "<script>document.title = 'W' + "
                                  "document.documentElement.scrollWidth + '/' + window.innerWidth;</script></body>"),
                     encoding="utf-8")
    dom = browse(exe, probe, tmp_path, "--dump-dom", "--window-size=1000,800").stdout
    import re

    found = re.search(r"<title>W(\d+)/(\d+)</title>", dom)
    assert found, dom[:300]
    scroll, width = int(found.group(1)), int(found.group(2))
    assert scroll <= width, f"the page is {scroll}px wide in a {width}px window"


TRANSCRIPTS = Path(__file__).parent / "fixtures" / "transcripts"

#: Three exports as coaches have them, with the coach each names.
REAL_FORMATS = [
    ("zoom_txt/meeting_saved_closed_caption.txt", "Maria*"),
    ("vtt/silent_wait.vtt", "Dana Ruiz"),
    ("aws/three_speakers.json", "spk_0"),
]

# Every word of a table cell, a name, a heading or a line of the transcript must sit on one line
# (words longer than 18 characters, and words with a hyphen or slash, may be broken).
_PROBE = """<script>
const broken = [];
document.querySelectorAll('td, th, h1, h2, .who, .meta, .next, .words, .card').forEach(el => {
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walk.nextNode())) {
    for (const m of node.data.matchAll(/[^\\s\\-\\/\\u2014]+/g)) {
      if (m[0].length > 18) continue;
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
});
document.title = 'W' + document.documentElement.scrollWidth + '/' + window.innerWidth + ' B' + broken.length + ' '
  + JSON.stringify(broken.slice(0, 5))
  + ' S' + document.querySelectorAll('svg[aria-label^="Stance"] rect').length
  + ' A' + document.querySelectorAll('svg[aria-label^="Stance"] line').length;
</script>"""


@pytest.mark.parametrize(("rel", "coach"), REAL_FORMATS)
def test_real_format_reports_render_without_overflow_or_broken_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], rel: str, coach: str) -> None:
    import re

    exe = chromium()
    src = TRANSCRIPTS / rel
    report = tmp_path / "report.html"
    code = handle_errors(lambda: app(args=["review", str(src), "--coach", coach, "-o", str(report)],
                                     prog_name="convocoach", standalone_mode=False))
    assert code == 0, capsys.readouterr().err
    html = report.read_text(encoding="utf-8")
    assert f"<h1>{src.name}</h1>" in html and "Work on this next:" in html
    timed = not rel.startswith("zoom_txt")
    assert ('aria-label="Wait time after each coach question"' in html) == timed
    assert ("Stance of each coach turn over time" in html) == timed

    probe = tmp_path / "probe.html"
    probe.write_text("\n".join(line for line in html.splitlines() if "Content-Security-Policy" not in line)
                     .replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    for width in (1000, 500):  # 500 px: the narrowest window headless chromium opens
        dom = browse(exe, probe, tmp_path, "--dump-dom", f"--window-size={width},900").stdout
        found = re.search(r"<title>W(\d+)/(\d+) B(\d+) (.*?) S(\d+) A(\d+)</title>", dom)
        assert found, dom[:300]
        scroll, inner, broken = int(found.group(1)), int(found.group(2)), int(found.group(3))
        assert scroll <= inner, f"{rel}: the page is {scroll}px wide in a {inner}px window"
        assert broken == 0, f"{rel} at {width}px: words broken across lines: {found.group(4)}"
        assert int(found.group(5)) >= 5  # stance blocks and the legend's swatches
        assert (int(found.group(6)) > 0) == timed  # the time axis

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"review-{src.parent.name}-{src.stem}.png"
    shot.unlink(missing_ok=True)
    result = browse(exe, report, tmp_path, f"--screenshot={shot}", "--window-size=1000,2400")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", result.stderr[-2000:]
