"""The one-way data flow, enforced: parse every import in src/framing and fail on a backward edge or a cycle.

Layers, earliest first (docs/architecture.md draws them): core < text < detect < analyze < orchestrator
< store < api < present.  A module may import its own layer and earlier ones only; Streamlit only in
the dashboard pages; and the import graph between framing modules (lazy imports inside functions and
``TYPE_CHECKING`` imports included) has no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "framing"

LAYERS = ["core", "text", "detect", "analyze", "orchestrator", "store", "api", "present"]
RANK = {name: i for i, name in enumerate(LAYERS)}


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    """Return the rank of a framing module, or None for the package root (framing.__version__ only)."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    if parts[1] == "__main__":
        return len(LAYERS)
    return RANK[parts[1]]


def resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def known_module(name: str, modules: set[str]) -> str:
    """Map ``framing.x.y.Name`` to the longest prefix that is a module of ours."""
    parts = name.split(".")
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts)


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Return ``(framing imports per module, third-party top-level imports per module)``."""
    files = {module_name(p): p for p in PKG.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {m: set() for m in files}
    external: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = resolve(node, mod, path.name == "__init__.py")
                names = [f"{base}.{a.name}" for a in node.names] if base.startswith("framing") else [base]
            for n in names:
                if n.split(".")[0] == "framing":
                    target = known_module(n, modules)
                    if target and target != mod:
                        graph[mod].add(target)
                else:
                    external[mod].add(n.split(".")[0])
    return graph, external


GRAPH, EXTERNAL = import_graph()


def test_the_tree_has_every_layer():
    for name in LAYERS:
        assert (PKG / name).is_dir() or (PKG / f"{name}.py").is_file(), name


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_a_later_layer(module):
    mine = layer_of(module)
    if mine is None:
        assert not GRAPH[module] - {"framing"}, "framing/__init__.py must stay import-free"
        return
    later = sorted(t for t in GRAPH[module] if (layer_of(t) or 0) > mine)
    assert not later, f"{module} (layer {LAYERS[min(mine, len(LAYERS) - 1)]}) imports later layers: {later}"


def test_streamlit_only_in_dashboard():
    offenders = sorted(m for m, ext in EXTERNAL.items()
                       if "streamlit" in ext and not m.startswith("framing.present.dashboard"))
    assert not offenders


def test_no_import_cycle():
    colour: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        colour[m] = 1
        stack.append(m)
        for t in sorted(GRAPH.get(m, ())):
            if colour.get(t, 0) == 0:
                visit(t)
            elif colour[t] == 1 and t != "framing":
                cycles.append(stack[stack.index(t):] + [t])
        stack.pop()
        colour[m] = 2

    for m in sorted(GRAPH):
        if colour.get(m, 0) == 0:
            visit(m)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_a_backward_import(tmp_path):
    """The parser must catch a lazy, relative import from a stage into the store (the kind of edge it guards)."""
    src = "def f():\n    from ..store import db\n"
    tree = ast.parse(src)
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    target = known_module(f"{resolve(node, 'framing.analyze.scoring', False)}.db", set(GRAPH))
    assert target == "framing.store.db"
    assert layer_of(target) > layer_of("framing.analyze.scoring")
