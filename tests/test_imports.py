"""The package's import graph: the stages and the report never import the pipeline, and no circle.

Every ``import`` of ``src/analysis/**/*.py`` counts, those inside functions too (an import put
inside a function still makes a circle, only a hidden one).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "analysis"
LAYERS = ("analysis.report", "analysis.stats", "analysis.clean", "analysis.priorities")


def module_name(path: Path, src: Path = SRC) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str], src: Path = SRC) -> set[str]:
    """The package's modules that ``path`` imports anywhere in it (``from x import y``: ``x.y`` too)."""
    here = module_name(path, src)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name in modules} - {here}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported(path, modules) for path in paths}


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path of imports from ``start`` back to itself, or None."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for target in sorted(graph.get(node, ())):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    source = tmp_path / "analysis" / "report" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        "import json\n\ndef f():\n    from analysis.pipeline import run\n    from . import y\n",
        encoding="utf-8",
    )
    modules = {"analysis.pipeline", "analysis.report", "analysis.report.x", "analysis.report.y"}
    expected = {"analysis.pipeline", "analysis.report", "analysis.report.y"}
    assert imported(source, modules, tmp_path) == expected
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycle_through(graph, "a") == ["a", "b", "c", "a"]
    assert cycle_through(graph, "d") is None


@pytest.mark.parametrize("layer", LAYERS)
def test_no_stage_or_report_module_imports_the_pipeline(layer):
    graph = import_graph()
    importers = sorted(
        module for module, targets in graph.items()
        if (module == layer or module.startswith(layer + ".")) and "analysis.pipeline" in targets
    )
    assert importers == []


def test_no_circle_through_the_pipeline_or_the_store():
    graph = import_graph()
    assert cycle_through(graph, "analysis.pipeline") is None
    assert cycle_through(graph, "analysis.store") is None


def test_no_circle_among_the_modules():
    graph = import_graph()
    # a package's __init__ re-exporting its modules is not a circle of the code's own
    cycles = {}
    for module in graph:
        pruned = {m: {t for t in targets if not module_name_is_parent(t, m)} for m, targets in graph.items()}
        cycle = cycle_through(pruned, module)
        if cycle:
            cycles[module] = cycle
    assert cycles == {}


def module_name_is_parent(target: str, module: str) -> bool:
    """Whether ``target`` is a package above ``module`` (its ``__init__``)."""
    return module.startswith(target + ".")


def test_no_private_name_is_imported_across_modules():
    """A name another module needs is public: ``from analysis.x import _y`` hides a shared helper."""
    private = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            ours = isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("analysis")
            )
            if ours:
                private += [
                    f"{path.relative_to(SRC)}: {node.module}.{alias.name}"
                    for alias in node.names if alias.name.startswith("_")
                ]
    assert not private, private
