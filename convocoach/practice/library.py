"""Finding scenarios: the bundled library (wheel data or the checkout's scenarios/ folder) and files."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..io.bundled import PACKAGE
from ..model.errors import InputError, InputErrors
from .scenario import LoadedScenario, load_scenario


def library_dirs() -> list[Path]:
    """Bundled scenario folders: the installed package's data first, then a checkout's scenarios/."""
    dirs = [PACKAGE / "_data" / "scenarios", PACKAGE.parent / "scenarios"]
    return [d for d in dirs if d.is_dir()]


def library_files() -> list[Path]:
    """Every bundled scenario file (first folder wins for a name)."""
    seen: dict[str, Path] = {}
    for d in library_dirs():
        for f in sorted(d.glob("*.y*ml")):
            if f.suffix in (".yml", ".yaml") and f.stem not in seen:
                seen[f.stem] = f
    return sorted(seen.values(), key=lambda p: p.stem)


def load_library() -> tuple[list[LoadedScenario], list[InputError]]:
    """Every bundled scenario that validates, and the problems of those that don't."""
    good: list[LoadedScenario] = []
    bad: list[InputError] = []
    for f in library_files():
        try:
            good.append(load_scenario(f))
        except InputErrors as exc:
            bad.extend(exc.errors)
        except InputError as exc:
            bad.append(exc)
    return good, bad


def find_scenario(ref: str) -> LoadedScenario:
    """Load a scenario by file path or bundled id. Raises InputError with did-you-mean."""
    p = Path(ref)
    if p.suffix in (".yml", ".yaml") or p.exists() or "/" in ref or "\\" in ref:
        return load_scenario(p)
    files = {f.stem: f for f in library_files()}
    if ref in files:
        return load_scenario(files[ref])
    # The file name may differ from the id inside it.
    for f in files.values():
        try:
            loaded = load_scenario(f)
        except (InputError, InputErrors):
            continue
        if loaded.scenario.id == ref:
            return loaded
    close = difflib.get_close_matches(ref, list(files), n=1, cutoff=0.5)
    raise InputError(
        f"no scenario called '{ref}'",
        hint=f"did you mean '{close[0]}'?" if close else "list them with `convocoach scenarios`, or pass a .yml file",
    )
