"""The house rules of the code, checked on its imports (lazy ones inside functions included).

core/ is plain Python: no Qt, no ui, no cli. Each outside library has one home: SQLite in
core/store, Whoosh in core/search. The window and the command line reach the core through the
facade (core.archive) and the plain data and error types only. Nothing below the facade
imports it, and core has no import cycles, between modules or between its packages.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACES_MAY_USE = {"core.archive", "core.models", "core.errors"}
LIBRARY_HOMES = {"sqlite3": "core.store", "sqlite_utils": "core.store", "whoosh": "core.search"}
PACKAGES = ("core.folder", "core.ingest", "core.store", "core.search", "core.archival")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules(top: str) -> dict[str, Path]:
    """Every module under a top-level folder of the project, by dotted name."""
    return {module_name(p): p for p in (ROOT / top).rglob("*.py")}


def all_modules() -> dict[str, Path]:
    return {**modules("core"), **modules("ui"), **modules("cli")}


@cache
def imports_of(name: str) -> frozenset[str]:
    """What a module imports, anywhere in its body; `from a import b` names a.b when b is a
    module of the project, else a."""
    known = all_modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(known[name].read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return frozenset(found)


def offenders(names, rule) -> list[str]:
    """'module -> import' for every import that breaks rule(module, import)."""
    return sorted(f"{m} -> {i}" for m in names for i in imports_of(m) if not rule(m, i))


def top(name: str) -> str:
    return name.split(".")[0]


def test_core_imports_no_qt_no_window_and_no_command_line():
    bad = offenders(modules("core"), lambda m, i: top(i) not in ("PySide6", "ui", "cli"))
    assert bad == []


def test_each_outside_library_is_imported_in_its_home_package_only():
    def at_home(module: str, imported: str) -> bool:
        home = LIBRARY_HOMES.get(top(imported))
        return home is None or module == home or module.startswith(home + ".")

    assert offenders(all_modules(), at_home) == []


def test_the_window_and_the_command_line_use_only_the_facade_and_plain_types():
    faces = [*modules("ui"), *modules("cli")]
    bad = offenders(faces, lambda m, i: top(i) != "core" or i in FACES_MAY_USE)
    assert bad == []


def test_nothing_below_the_facade_imports_it():
    below = [m for m in modules("core") if m != "core.archive"]
    assert offenders(below, lambda m, i: i != "core.archive") == []


def test_modules_import_each_other_without_cycles():
    for top in ("core", "ui", "cli"):
        graph = {m: {i for i in imports_of(m) if i in modules(top)} for m in modules(top)}
        assert cycles(graph) == [], top


def test_core_packages_depend_on_each_other_in_one_direction():
    def package(name: str) -> str:
        return next((p for p in PACKAGES if name == p or name.startswith(p + ".")), name)

    graph: dict[str, set[str]] = {}
    for m in modules("core"):
        graph.setdefault(package(m), set()).update(
            package(i) for i in imports_of(m) if i in modules("core") and package(i) != package(m)
        )
    assert cycles(graph) == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node, or with a self-loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_rule_checks_find_what_they_look_for():
    # The checks above pass on an empty answer: make sure they can see a cycle and a stray import.
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert "core.search.engine" in imports_of("core.archive")
    assert "core.search.similar" in imports_of("core.search.engine")
    assert "core.ingest.extract.sandbox" in imports_of("core.archive")  # a lazy import, counted


def test_core_runs_without_loading_qt():
    code = "import sys, core.archive, cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"
