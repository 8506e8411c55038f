"""The shape of the code: layers without cycles, passes that do not import each other, sizes.

These guard the design the README describes: a transcription goes down the
layers once (command → api → read passes → build → enrich → write), so no
lower layer may import a higher one, and no two modules may import each other.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from teikit import read

SRC = Path(__file__).resolve().parent.parent / "src" / "teikit"
LAYERS = [
    "version", "tei", "errors", "inputs", "profiles", "read", "build", "enrich", "writers",
    "validate", "api", "commands", "lsp", "cli",
]
# a module may import its own layer and the layers listed before it, except:
INDEPENDENT = {("writers", "read"), ("writers", "build"), ("writers", "enrich"),
               ("validate", "profiles"), ("validate", "read"), ("validate", "build"),
               ("validate", "enrich"), ("validate", "writers")}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports (at any depth of the file, typing-only too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in known and m != name}


@functools.cache
def graph() -> dict[str, set[str]]:
    """Module → the package modules it imports."""
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if nxt.startswith(node + "."):
                continue  # a package importing its own modules is not a cycle
            if state.get(nxt) == 1:
                cycle.extend([*trail, node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    for node in sorted(edges):
        if state.get(node) is None and visit(node, []):
            break
    assert not cycle, " → ".join(cycle)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


@pytest.mark.parametrize("module", sorted(graph()))
def test_layers_point_down(module: str) -> None:
    """A module imports no layer above its own (read knows nothing of build, build nothing
    of enrich, the library nothing of the command line)."""
    own = layer_of(module)
    if own is None:
        return
    for target in graph()[module]:
        other = layer_of(target)
        if other is None or other == own:
            continue
        assert LAYERS.index(other) < LAYERS.index(own), f"{module} imports {target}"
        assert (own, other) not in INDEPENDENT, f"{module} imports {target}"


def test_read_passes_do_not_import_each_other() -> None:
    edges = graph()
    passes = {f"teikit.read.{name}" for name, _ in read.PASSES}
    assert len(passes) == len(read.PASSES) >= 6
    for module in passes:
        assert not edges[module] & passes, f"{module} imports {edges[module] & passes}"


def test_passes_run_in_table_order() -> None:
    """The table lists the passes in the order the README describes."""
    assert [name for name, _ in read.PASSES] == [
        "metadata", "body", "prescan", "sections", "blocks", "lines", "brackets", "emit",
    ]


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_over_600_lines_no_class_over_300(path: Path) -> None:
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= 600, f"{path.name}: {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            assert size <= 300, f"{path.name}: class {node.name} has {size} lines"
