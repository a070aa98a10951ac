"""A scenario's branch graph as Mermaid or Graphviz dot text (`convocoach scenario graph`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..practice.scenario import LoadedScenario


def render_graph(loaded: LoadedScenario, fmt: str) -> str:
    """The branch graph as Mermaid or Graphviz dot text."""
    sc = loaded.scenario

    def mm(s: str) -> str:
        return s.replace('"', "#quot;").replace("\n", " ")

    def dq(s: str) -> str:
        return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")

    def nid(s: str) -> str:
        return "n_" + "".join(c if c.isalnum() else "_" for c in s)

    lines: list[str] = []
    if fmt == "mermaid":
        lines.append("flowchart TD")
        for k, n in sc.nodes.items():
            label = f"{k}" + (f": {n.stage}" if n.stage else "") + (f" (asks {n.asks})" if n.asks else "")
            lines.append(f'  {nid(k)}["{mm(label)}"]')
        for k, e in sc.endings.items():
            lines.append(f'  {nid(k)}(["{mm(k)}: {e.outcome}"])')
        for k, n in sc.nodes.items():
            for b in n.branches:
                lines.append(f'  {nid(k)} -->|"{mm(b.when.describe())}"| {nid(b.goto)}')
            lines.append(f'  {nid(k)} -.->|"default"| {nid(n.default)}')
        lines.append("  classDef ending fill:#eef,stroke:#557")
        lines.append("  class " + ",".join(nid(k) for k in sc.endings) + " ending")
    else:
        lines.append(f'digraph "{dq(sc.id)}" {{')
        lines.append("  rankdir=TB; node [shape=box, fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];")
        for k, n in sc.nodes.items():
            label = f"{k}" + (f"\\n{dq(n.stage)}" if n.stage else "")
            lines.append(f'  "{dq(k)}" [label="{label}"{", peripheries=2" if k == sc.start else ""}];')
        for k, e in sc.endings.items():
            lines.append(f'  "{dq(k)}" [label="{dq(k)}: {e.outcome}", shape=oval, style=filled, fillcolor="#eeeeff"];')
        for k, n in sc.nodes.items():
            for b in n.branches:
                lines.append(f'  "{dq(k)}" -> "{dq(b.goto)}" [label="{dq(b.when.describe())}"];')
            lines.append(f'  "{dq(k)}" -> "{dq(n.default)}" [label="default", style=dashed];')
        lines.append("}")
    return "\n".join(lines) + "\n"
