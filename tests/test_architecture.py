"""The shape of the package: no import circles, one way into cli and render, a headless core.

The graph counts every import: function-local ones and those under ``TYPE_CHECKING``
too, since a circle hidden behind them is still a circle to read and to change.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Iterable, Mapping

import grimp

# modules allowed in an import circle: none (the ui controllers no longer import
# MainWindow). Should one ever be needed, a test says when it can go again.
ALLOWED_IN_CYCLES: frozenset[str] = frozenset()


@functools.cache
def _imports() -> dict[str, frozenset[str]]:
    """Each module of gradplot and the modules of gradplot it imports."""
    graph = grimp.build_graph("gradplot", exclude_type_checking_imports=False)
    return {
        module: frozenset(graph.find_modules_directly_imported_by(module))
        for module in graph.modules
    }


def strongly_connected(edges: Mapping[str, Iterable[str]]) -> list[frozenset[str]]:
    """The import circles of ``edges``: its strongly connected components with more than
    one module, or one module that imports itself (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(frozenset(component))
    return found


def test_the_cycle_finder_finds_circles_and_nothing_else() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": set(), "f": {"f"}}
    assert sorted(map(sorted, strongly_connected(edges))) == [["a", "b", "c"], ["f"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_outside_the_allowed_ui_modules() -> None:
    cycles = strongly_connected(_imports())
    outside = [sorted(cycle - ALLOWED_IN_CYCLES) for cycle in cycles]
    assert not [names for names in outside if names], (
        f"import circles through modules that must not be in one: {cycles}"
    )


def test_only_main_imports_cli_and_only_cli_imports_render() -> None:
    importers: dict[str, set[str]] = {}
    for module, imported in _imports().items():
        for target in imported:
            importers.setdefault(target, set()).add(module)
    assert importers.get("gradplot.cli", set()) <= {"gradplot.__main__"}
    assert importers.get("gradplot.render", set()) <= {"gradplot.cli"}


def test_the_allowed_cycle_only_shrinks() -> None:
    """A module that left every circle leaves :data:`ALLOWED_IN_CYCLES` too."""
    in_cycles = set().union(*strongly_connected(_imports()))
    stale = sorted(ALLOWED_IN_CYCLES - in_cycles)
    assert not stale, f"no longer in an import circle, remove from ALLOWED_IN_CYCLES: {stale}"


def test_model_and_io_import_without_qt_or_torch() -> None:
    code = (
        "import pkgutil, sys\n"
        "import gradplot.io, gradplot.model\n"
        "for package in (gradplot.model, gradplot.io):\n"
        "    for info in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
        "        __import__(info.name)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules})\n"
        "bad = [m for m in ('PySide6', 'pyqtgraph', 'superqt', 'torch') if m in loaded]\n"
        "assert not bad, bad\n"
        "assert not [m for m in sys.modules if m.startswith('gradplot.ui')]\n"
        "print('headless ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "headless ok" in proc.stdout
