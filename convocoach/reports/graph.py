"""A scenario's branch graph as Mermaid or Graphviz dot text (`convocoach scenario graph`).

One walk over the scenario (nodes, endings, then each node's branches and its default); each
syntax says how a node, an ending and an edge are written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..practice.scenario import Ending, LoadedScenario, Node, Scenario


def _node_id(s: str) -> str:
    return "n_" + "".join(c if c.isalnum() else "_" for c in s)


class _Mermaid:
    @staticmethod
    def text(s: str) -> str:
        return s.replace('"', "#quot;").replace("\n", " ")

    def head(self, sc: Scenario) -> list[str]:
        return ["flowchart TD"]

    def node(self, sc: Scenario, key: str, node: Node) -> str:
        label = key + (f": {node.stage}" if node.stage else "") + (f" (asks {node.asks})" if node.asks else "")
        return f'  {_node_id(key)}["{self.text(label)}"]'

    def ending(self, key: str, ending: Ending) -> str:
        return f'  {_node_id(key)}(["{self.text(key)}: {ending.outcome}"])'

    def edge(self, source: str, target: str, label: str, default: bool) -> str:
        arrow = "-.->" if default else "-->"
        return f'  {_node_id(source)} {arrow}|"{self.text(label)}"| {_node_id(target)}'

    def tail(self, sc: Scenario) -> list[str]:
        return ["  classDef ending fill:#eef,stroke:#557",
                "  class " + ",".join(_node_id(k) for k in sc.endings) + " ending"]


class _Dot:
    @staticmethod
    def text(s: str) -> str:
        return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")

    def head(self, sc: Scenario) -> list[str]:
        return [f'digraph "{self.text(sc.id)}" {{',
                "  rankdir=TB; node [shape=box, fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];"]

    def node(self, sc: Scenario, key: str, node: Node) -> str:
        label = key + (f"\\n{self.text(node.stage)}" if node.stage else "")
        return f'  "{self.text(key)}" [label="{label}"{", peripheries=2" if key == sc.start else ""}];'

    def ending(self, key: str, ending: Ending) -> str:
        return (f'  "{self.text(key)}" [label="{self.text(key)}: {ending.outcome}", shape=oval, style=filled, '
                'fillcolor="#eeeeff"];')

    def edge(self, source: str, target: str, label: str, default: bool) -> str:
        style = ", style=dashed" if default else ""
        return f'  "{self.text(source)}" -> "{self.text(target)}" [label="{self.text(label)}"{style}];'

    def tail(self, sc: Scenario) -> list[str]:
        return ["}"]


def render_graph(loaded: LoadedScenario, fmt: str) -> str:
    """The branch graph as Mermaid (`fmt` "mermaid") or Graphviz dot text (any other)."""
    sc = loaded.scenario
    syntax = _Mermaid() if fmt == "mermaid" else _Dot()
    lines = syntax.head(sc)
    lines += [syntax.node(sc, k, n) for k, n in sc.nodes.items()]
    lines += [syntax.ending(k, e) for k, e in sc.endings.items()]
    for k, n in sc.nodes.items():
        lines += [syntax.edge(k, b.goto, b.when.describe(), default=False) for b in n.branches]
        lines.append(syntax.edge(k, n.default, "default", default=True))
    return "\n".join(lines + syntax.tail(sc)) + "\n"
