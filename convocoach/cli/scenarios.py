"""`convocoach scenarios` and `convocoach scenario validate|schema|graph`: the scenario library and files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import add_schema_command, EXIT_INPUT, EXIT_OK, app, make_console
from .formats import GraphFormat, TextFormat

scenario_app = typer.Typer(
    name="scenario",
    help="Check, describe and draw scenario files.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(scenario_app, name="scenario", rich_help_panel="Practice")


@app.command("scenarios", rich_help_panel="Practice")
def scenarios(
    tag: Annotated[Optional[str], typer.Option("--tag", help="Only scenarios with this tag.")] = None,
    type_: Annotated[Optional[str], typer.Option(
        "--type", help="Only this conversation type (e.g. reflecting) or resistance type (e.g. yes-but).")] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", help="text or json.")] = "text",
) -> int:
    """List the bundled scenarios."""
    from rich.table import Table
    from rich.text import Text

    from ..model.errors import InputError
    from ..practice.scenario import CONVERSATION_TYPES, RESISTANCE_TYPES
    from ..practice.library import load_library

    if type_ is not None and type_ not in CONVERSATION_TYPES + RESISTANCE_TYPES:
        import difflib

        close = difflib.get_close_matches(type_, list(CONVERSATION_TYPES + RESISTANCE_TYPES), n=1)
        raise InputError(f"unknown type '{type_}'", hint=(f"did you mean '{close[0]}'? " if close else "")
                         + "types: " + ", ".join(CONVERSATION_TYPES + RESISTANCE_TYPES))
    good, bad = load_library()
    rows = [
        ls for ls in good
        if (tag is None or tag in ls.scenario.tags)
        and (type_ is None or type_ in (ls.scenario.conversation, ls.scenario.persona.resistance))
    ]
    if fmt == "json":
        data = [{"id": ls.scenario.id, "title": ls.scenario.title, "conversation": ls.scenario.conversation,
                 "resistance": ls.scenario.persona.resistance, "difficulty": ls.scenario.difficulty,
                 "tags": list(ls.scenario.tags), "iste": list(ls.scenario.iste), "path": ls.path} for ls in rows]
        sys.stdout.write(json.dumps({"schema_version": "1", "scenarios": data}, indent=2) + "\n")
    else:
        console = make_console()
        table = Table(title="Scenarios", title_justify="left", expand=True)
        table.add_column("id", no_wrap=True, style="cc.title")
        table.add_column("title", ratio=3)
        table.add_column("conversation / resistance", ratio=2)
        table.add_column("level", no_wrap=True)
        for ls in rows:
            s = ls.scenario
            title = Text(s.title) + Text("\n" + ", ".join(s.tags), style="cc.dim") if s.tags else Text(s.title)
            table.add_row(Text(s.id), title, Text(f"{s.conversation}\n{s.persona.resistance}"), s.difficulty)
        console.print(table)
        if not rows:
            console.print(Text("No scenario matches.", style="cc.dim"))
        else:
            console.print(Text("Play one with: convocoach play ID", style="cc.dim"))
    if bad:
        err = make_console(stderr=True)
        for e in bad:
            err.print(Text("warning: skipped an invalid bundled scenario: " + str(e), style="cc.warning"))
    return EXIT_OK


@scenario_app.command("validate")
def scenario_validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario .yml files (or folders of them) to check.",
                                                show_default=False)],
) -> int:
    """Check scenario files: schema, gotos, reachability, move and meter names (exit 2 if any is bad)."""
    from rich.text import Text

    from ..model.errors import InputError, InputErrors
    from ..practice.scenario import load_scenario

    out = make_console()
    err = make_console(stderr=True)
    failed = 0
    expanded: list[Path] = []
    for f in files:
        if f.is_dir():
            found = sorted(p for p in f.iterdir() if p.suffix in (".yml", ".yaml"))
            if not found:
                raise InputError("no scenario files (*.yml, *.yaml) in this directory", path=f,
                                 hint="name scenario files, or a folder that holds them")
            expanded.extend(found)
        else:
            expanded.append(f)
    files = expanded
    for f in files:
        try:
            ls = load_scenario(f)
        except InputErrors as exc:
            failed += 1
            for e in exc.errors:
                err.print(Text(str(e)), soft_wrap=True)
            continue
        except InputError as exc:
            failed += 1
            err.print(Text(str(exc)), soft_wrap=True)
            continue
        s = ls.scenario
        out.print(Text("ok ", style="cc.good") + Text(f"{f}") +
                  Text(f"  ({s.id}: {len(s.nodes)} nodes, {len(s.endings)} endings)", style="cc.dim"))
        from ..practice.goals import goal_warnings

        for w in goal_warnings(s):
            err.print(Text(f"{f}: warning: ", style="cc.warning") + Text(str(w)))
    if failed:
        err.print(Text(f"{failed} of {len(files)} file(s) have problems", style="cc.error"))
        return EXIT_INPUT
    return EXIT_OK


add_schema_command(scenario_app, "scenario", "scenario files")


@scenario_app.command("graph")
def scenario_graph(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a .yml file.", show_default=False)],
    fmt: Annotated[GraphFormat, typer.Option("--format", help="mermaid or dot (Graphviz).")] = "mermaid",
) -> int:
    """Draw a scenario's branch graph (Mermaid or Graphviz dot) on stdout."""
    from ..practice.library import find_scenario
    from ..reports.graph import render_graph

    sys.stdout.write(render_graph(find_scenario(scenario), fmt))
    return EXIT_OK
