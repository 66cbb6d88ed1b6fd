"""Imports run one way (cli -> demo -> pipeline/reports -> classify/store/connectors -> core).

Walks every module's imports with `ast` (function-level imports included; only
`if TYPE_CHECKING:` blocks are left out) and fails on an import from a lower layer to a
higher one, on an import between packages of one layer that may not know each other,
and on any import cycle between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.shared import ROOT

PACKAGES = ("auditor", "connectors", "importers", "reports")

# Rank of each part; a module may import parts of a lower rank, and of its own rank only
# where SAME_RANK allows it. The longest matching prefix decides a module's part.
LAYERS: dict[str, int] = {
    "auditor": 0,  # the core: model, errors, config, registry, secrets, files, weeks
    "auditor.classify": 1,
    "auditor.store": 1,
    "connectors": 1,
    "importers": 1,
    "auditor.redaction": 2,
    "auditor.pipeline": 3,
    "reports": 3,
    "auditor.web": 4,
    "auditor.demo": 4,
    "auditor.cli": 5,
    "auditor.__main__": 6,
}
SAME_RANK = {
    ("importers", "connectors"),  # an export and the API give the same Post: shared mapping
    ("auditor.pipeline", "reports"),  # the nightly jobs send the weekly e-mails
    ("auditor.demo", "auditor.web"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "simulator" not in path.parts or package == "connectors"
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a module imports; `from pkg import sub` counts as pkg.sub."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] in PACKAGES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] in PACKAGES:
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in modules else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def _part(module: str) -> str:
    matches = [p for p in LAYERS if module == p or module.startswith(p + ".")]
    return max(matches, key=len)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def test_every_module_belongs_to_a_layer():
    assert all(_part(m) for m in _modules())


def test_no_import_runs_upwards_or_sideways():
    wrong = []
    for module, imports in _graph().items():
        source = _part(module)
        for imported in imports:
            target = _part(imported)
            if source == target or imported.startswith(module + "."):
                continue
            rank, other = LAYERS[source], LAYERS[target]
            if other > rank or (other == rank and (source, target) not in SAME_RANK):
                wrong.append(f"{module} -> {imported}")
    assert wrong == []


def test_no_import_cycle():
    graph = _graph()
    # A package's __init__ importing its own submodules is not a cycle unless one of
    # them imports the package back; every other edge counts.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module)
    assert cycles == []
