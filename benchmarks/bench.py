"""Benchmark: convocoach's analysis against spaCy's raw blank-English tokenizer, latency, and --help time.

Run:  uv run python benchmarks/bench.py            (100k utterances; about a minute on 2 cores)
      uv run python benchmarks/bench.py --n 20000  (quicker)

Reports ratios, which travel between machines better than absolute numbers. Targets (issue #2):
batch >= 25% of the raw tokenizer's rate on one process, p95 <= 5 ms per single call,
`convocoach --help` <= 1.5x a bare typer app.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable
from pathlib import Path

OPENERS = ["", "So, ", "Okay, ", "Yeah. ", "Mm-hmm. ", "Well, ", "And ", "I see. "]
BODIES = [
    "what are you noticing about {x}?",
    "did {x} work for you",
    "have you tried {x}?",
    "it sounds like {x} has been really hard this week.",
    "you should try {x} tomorrow.",
    "why did you skip {x}?",
    "I wonder what might happen if you changed {x}.",
    "tell me more about {x}.",
    "when I taught fourth grade I always used {x}.",
    "great job with {x}! That went really well.",
    "let's look at {x} together.",
    "would it help if I shared an idea about {x}?",
    "you know your students best, so it's your call about {x}.",
    "how many students finished {x}, and what did the others do?",
    "I hear you, but {x} is still on the calendar.",
    "so you want {x} to feel less rushed.",
]
THINGS = ["the warm-up", "exit tickets", "the seating chart", "small groups", "the new curriculum", "the data",
          "third period", "the turn-and-talk", "the reading block", "the parent emails", "the rubric", "Maria's group"]


def corpus(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        k = rnd.randint(1, 3)
        parts = [rnd.choice(OPENERS) + rnd.choice(BODIES).format(x=rnd.choice(THINGS)) for _ in range(k)]
        out.append(" ".join(p[0].upper() + p[1:] for p in parts))
    return out


def rate(fn: Callable[[list[str]], object], texts: list[str]) -> float:
    start = time.perf_counter()
    fn(texts)
    return len(texts) / (time.perf_counter() - start)


def command_time(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="utterances in the generated corpus")
    parser.add_argument("--latency-calls", type=int, default=2000)
    parser.add_argument("--help-runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    import spacy
    from spacy.tokenizer import Tokenizer

    from convocoach.nlp.analyzer import Utterance, get_analyzer

    texts = corpus(args.n)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts):,} utterances, {words:,} words (generated, seed 7)")

    blank = spacy.blank("en")
    tokenizer = blank.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    raw = rate(lambda ts: [len(d) for d in tokenizer.pipe(ts, batch_size=1000)], texts)

    t0 = time.perf_counter()
    analyzer = get_analyzer()
    build = time.perf_counter() - t0

    def full(ts: list[str]) -> None:
        for _ in analyzer.analyze_many(Utterance(t) for t in ts):
            pass

    def parallel(ts: list[str]) -> None:
        for _ in analyzer.analyze_parallel((Utterance(t) for t in ts), jobs=2):
            pass

    def stages(ts: list[str]) -> None:
        # The pipeline's spaCy stages without convocoach's detectors: the ceiling for any detector design.
        # Same path as the analysis (make_doc, then each component's pipe), minus the last component.
        with analyzer.nlp.select_pipes(disable=["convocoach"]):
            for _ in analyzer._docs(Utterance(t) for t in ts):
                pass

    ceiling = rate(stages, texts)
    one = rate(full, texts)
    two = rate(parallel, texts)

    sample = texts[: args.latency_calls]
    lat = []
    for t in sample:
        s = time.perf_counter()
        analyzer.analyze(t)
        lat.append((time.perf_counter() - s) * 1000)
    lat.sort()
    p50 = lat[len(lat) // 2]
    p95 = lat[int(len(lat) * 0.95)]

    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(
            "import typer\napp = typer.Typer()\n@app.command()\ndef analyze(text: str = '') -> None:\n"
            "    '''Analyse.'''\n@app.command()\ndef review(path: str = '') -> None:\n    '''Review.'''\napp()\n"
        )
        bare_t = command_time([sys.executable, str(bare), "--help"], args.help_runs)
    cc_t = command_time([sys.executable, "-m", "convocoach", "--help"], args.help_runs)

    figures = {
        "utterances": len(texts),
        "pipeline_build_s": round(build, 2),
        "raw_tokenizer_utt_per_s": round(raw),
        "stages_without_detectors_utt_per_s": round(ceiling),
        "stages_without_detectors_vs_tokenizer": round(ceiling / raw, 3),
        "analysis_utt_per_s": round(one),
        "analysis_vs_tokenizer": round(one / raw, 3),
        "analysis_2_workers_utt_per_s": round(two),
        "analysis_2_workers_vs_tokenizer": round(two / raw, 3),
        "single_call_p50_ms": round(p50, 3),
        "single_call_p95_ms": round(p95, 3),
        "help_s": round(cc_t, 3),
        "bare_typer_help_s": round(bare_t, 3),
        "help_vs_bare_typer": round(cc_t / bare_t, 2),
    }
    print(f"pipeline build (once per process): {build:.2f} s")
    print(f"raw spacy.blank('en') tokenizer:   {raw:>10,.0f} utt/s")
    print(f"spaCy stages, no detectors:         {ceiling:>10,.0f} utt/s   = {ceiling / raw:.1%} of the tokenizer "
          "(sentencizer + AttributeRuler + SpanRuler: the ceiling)")
    print(f"full analysis, 1 process:           {one:>10,.0f} utt/s   = {one / raw:.1%} of the tokenizer (target >= 25%)")
    print(f"full analysis, --jobs 2 (fork):     {two:>10,.0f} utt/s   = {two / raw:.1%} of the tokenizer")
    print(f"single call latency:                p50 {p50:.2f} ms, p95 {p95:.2f} ms (target p95 <= 5 ms)")
    print(f"--help: convocoach {cc_t * 1000:.0f} ms vs bare typer {bare_t * 1000:.0f} ms = {cc_t / bare_t:.2f}x (target <= 1.5x)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
