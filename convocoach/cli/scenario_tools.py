"""`convocoach scenario test` and `scenario new`: authoring support for programmes that write their
own scenarios (walkthroughs they can run in CI, and a commented starting file)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import EXIT_CHECK_FAILED, EXIT_OK, make_console
from .scenarios import scenario_app


@scenario_app.command("test")
def scenario_test(
    scenarios: Annotated[list[str], typer.Argument(
        help="Scenario .yml files or bundled ids; each is played with walkthroughs/<name>.yml beside it.",
        show_default=False)],
    walkthroughs: Annotated[Optional[Path], typer.Option(
        "--walkthroughs", help="The walkthrough file (one scenario only). Default: walkthroughs/<name>.yml.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every step, not only failures.")] = False,
) -> int:
    """Play each scenario's declared walkthroughs and check the ending, path and meters they reach
    (exit 1 when one does not match, 2 when a file is bad)."""
    from ..model.errors import InputError
    from ..nlp.analyzer import get_analyzer
    from ..practice.library import find_scenario
    from ..practice.walkthrough import load_walkthroughs, run_walkthroughs, walkthrough_path
    from ..reports.practice import render_walkthroughs

    if walkthroughs is not None and len(scenarios) > 1:
        raise InputError("--walkthroughs goes with one scenario", hint="test one scenario at a time with it")
    console = make_console()
    analyzer = get_analyzer()
    failed = 0
    for ref in scenarios:
        loaded = find_scenario(ref)
        path = walkthroughs or walkthrough_path(loaded.path)
        if not path.is_file():
            raise InputError("no walkthroughs for this scenario", path=path,
                             hint="write one (see `convocoach scenario test --help` and the README), or pass "
                                  "--walkthroughs FILE")
        results = run_walkthroughs(loaded, load_walkthroughs(path, loaded),
                                   lambda text, prev: analyzer.analyze(text, previous=prev))
        render_walkthroughs(console, loaded, path, results, verbose)
        failed += sum(1 for r in results if not r.ok)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


@scenario_app.command("new")
def scenario_new(
    file: Annotated[Path, typer.Argument(help="The scenario file to write (NAME.yml; its id is NAME).",
                                         show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> int:
    """Write a commented starting scenario that validates, to edit into your own."""
    from rich.text import Text

    from ..io.fileio import write_text_atomic
    from ..model.errors import InputError

    if file.suffix not in (".yml", ".yaml"):
        raise InputError("a scenario file ends in .yml", path=file, hint=f"try {file.with_suffix('.yml')}")
    scenario_id = re.sub(r"[^a-z0-9-]+", "-", file.stem.lower()).strip("-") or "my-scenario"
    if scenario_id != file.stem:
        raise InputError(f"the file name is the scenario id, and '{file.stem}' is not one", path=file,
                         hint=f"use lowercase letters, digits and hyphens, e.g. {scenario_id}.yml")
    if file.exists() and not force:
        raise InputError("file exists", path=file, hint="pass --force to overwrite it, or choose another name")
    template = (Path(__file__).resolve().parents[1] / "practice" / "templates" / "new-scenario.yml")
    write_text_atomic(template.read_text(encoding="utf-8").replace("__ID__", scenario_id), file,
                      what="a scenario file", hint="choose a folder you can write to")
    make_console().print(Text(f"wrote {file}. Next: convocoach scenario validate {file}", style="cc.good"))
    return EXIT_OK
