"""The shape of the package, checked by reading its source with `ast` (nothing is imported):
no import cycles between modules (deferred imports inside functions count too; imports under
`if TYPE_CHECKING:` do not, they never run), every cli module under 200 lines, no function over 80."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "convocoach"
MAX_CLI_LINES = 200
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.Module) -> list[ast.AST]:
    """Every node of the module except those under `if TYPE_CHECKING:`."""
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            typing_only.update(id(sub) for sub in ast.walk(node))
    return [node for node in ast.walk(tree) if id(node) not in typing_only]


def _imported(module: str, path: Path, node: ast.AST) -> set[str]:
    """The package's own modules that an import statement loads."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in MODULES}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    submodules = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES}
    return {m for m in (submodules or {target}) if m in MODULES and m != module}


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        edges: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            edges |= _imported(module, path, node)
        graph[module] = edges
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, todo = work[-1]
            if todo:
                w = todo.pop()
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, sorted(graph[w])))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def function_lengths() -> list[tuple[int, str]]:
    lengths = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                lengths.append((node.end_lineno - node.lineno + 1, f"{module}.{node.name} (line {node.lineno})"))
    return sorted(lengths, reverse=True)


def test_no_import_cycles() -> None:
    assert import_cycles(import_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_the_graph_sees_deferred_imports_and_skips_typing_only_ones() -> None:
    graph = import_graph()
    assert "convocoach.cli.play" in graph["convocoach.cli"]  # `from . import play as _play` in cli/__init__
    assert any(m.startswith("convocoach.practice") for m in graph["convocoach.cli.play"])  # inside a function
    assert graph["convocoach.model.conversation"] <= {m for m in MODULES if m.startswith("convocoach.model")}


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.name)
def test_cli_modules_are_thin(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < MAX_CLI_LINES, f"{path.name} has {lines} lines: move the work out of the cli"


def test_no_long_functions() -> None:
    lengths = function_lengths()
    assert lengths, "no functions found"
    too_long = [f"{name}: {n} lines" for n, name in lengths if n > MAX_FUNCTION_LINES]
    assert too_long == []


def test_readme_tree_names_real_modules() -> None:
    """The README's "How it works" tree is the package's tree: every file and folder it names
    exists, and every package folder is in it."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    tree = readme.split("## How it works", 1)[1].split("```\nconvocoach/\n", 1)[1].split("```", 1)[0]
    folder, named = PACKAGE, set()
    for line in tree.splitlines():
        words = line.split()
        if not words:
            continue
        if len(line) - len(line.lstrip()) == 2:  # a top-level entry: a folder or a module
            folder = PACKAGE / words[0].rstrip("/") if words[0].endswith("/") else PACKAGE
            named.add(words[0].rstrip("/"))
        files = words if all(w.endswith(".py") for w in words) else words[:1]
        for name in (w for w in files if w.endswith((".py", ".yml"))):
            assert (folder / name).is_file(), f"README tree names {folder.name}/{name}, which does not exist"
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages <= named, f"README tree lacks {sorted(packages - named)}"
    listed = set(tree.split())
    modules = {p.name for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert modules <= listed, f"README tree lacks {sorted(modules - listed)}"


def test_help_loads_neither_spacy_nor_pydantic() -> None:
    """`convocoach --help` is where people wait first: it imports typer and rich, never spaCy or
    pydantic (the report registry is read without the report model)."""
    import subprocess
    import sys

    code = ("import runpy, sys\nsys.argv = ['convocoach', '--help']\n"
            "try:\n    runpy.run_module('convocoach', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('spacy', 'pydantic', 'yaml') if m in sys.modules)\n"
            "assert not heavy, heavy\n")
    res = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
