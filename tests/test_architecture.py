"""The package's layering (docs/architecture.md): stages import only from earlier stages.

Walks every module's imports with `ast` — function-local ones too, since a late import
hides a dependency without removing it — and fails on an import against the stage order,
on a cycle between modules, and on a function-local import of the package's own modules.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import jxreport

PACKAGE = Path(jxreport.__file__).parent
# Each stage may import from itself and from the stages before it, never after.
STAGES = ("core", "grammar", "io", "samples", "importing", "scoring", "audit", "checks", "report", "sections", "outputs",
          "pipeline", "cli")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, package: Path = PACKAGE) -> list[tuple[str, int, bool]]:
    """(imported jxreport module, line, inside a function) for every import in the file."""
    name = module_name(path, package)
    known = set(modules(package))
    is_pkg = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, local):
        for child in ast.iter_child_nodes(node):
            inner = local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, local) for a in child.names if a.name.split(".")[0] == "jxreport")
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = name.split(".") if is_pkg else name.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.split(".")[0] == "jxreport":
                    subs = [f"{target}.{a.name}" for a in child.names if f"{target}.{a.name}" in known]
                    # `from jxreport.core import schema` imports the module jxreport.core.schema
                    found.extend((t, child.lineno, local) for t in (subs or [target]))
            visit(child, inner)

    visit(tree, False)
    return found


def stage_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in STAGES:
        return None
    return STAGES.index(parts[1])


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, package): p for p in package.rglob("*.py")}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(package)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, p in mods.items():
        for target, _, _ in imports_of(p, package):
            if target in mods and target != m:
                edges[m].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in edges:
        if v not in index:
            strong(v)
    return out


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for m, p in modules(package).items():
        if m in ("jxreport", "jxreport.__main__"):
            continue  # the public facade and `python -m jxreport` may name any stage
        own = stage_of(m)
        rel = p.relative_to(package.parent).as_posix()
        for target, line, local in imports_of(p, package):
            other = stage_of(target)
            if target == "jxreport":
                found.append(f"{rel}:{line} imports the public facade jxreport from inside the package")
            elif own is not None and other is not None and other > own:
                found.append(f"{rel}:{line} imports {target} ({STAGES[other]}) from {STAGES[own]}")
            if local and target != "jxreport":
                found.append(f"{rel}:{line} imports {target} inside a function")
    return found


def test_no_module_imports_a_later_stage_or_hides_an_import():
    assert violations() == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_every_subpackage_is_a_stage():
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages <= set(STAGES), subpackages - set(STAGES)


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "jxreport"
    for rel, text in files.items():
        f = pkg / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    return pkg


def test_a_planted_cycle_and_a_backward_import_are_caught(tmp_path):
    pkg = _plant(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/a.py": "from jxreport.core.b import x\n",
        "core/b.py": "def f():\n    from jxreport.core import a\n",
        "grammar/__init__.py": "",
        "grammar/g.py": "from jxreport.pipeline.run import run_reports\n",
        "pipeline/__init__.py": "",
        "pipeline/run.py": "from ..grammar.g import y\n",
    })
    assert sorted(cycles(graph(pkg))) == [["jxreport.core.a", "jxreport.core.b"],
                                          ["jxreport.grammar.g", "jxreport.pipeline.run"]]
    found = violations(pkg)
    assert any("grammar/g.py:1 imports jxreport.pipeline.run (pipeline) from grammar" in v for v in found)
    assert any("core/b.py:2 imports jxreport.core.a inside a function" in v for v in found)
    assert not any("pipeline/run.py" in v for v in found)  # a later stage may import an earlier one


NOTEBOOKS = PACKAGE / "notebooks"


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_notebooks_use_only_the_public_surface(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    tree = ast.parse(code)
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jxreport"):
            assert node.module == "jxreport", f"{name} imports {node.module}"
            used |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            for a in node.names:
                assert a.name == "jxreport" or not a.name.startswith("jxreport."), f"{name} imports {a.name}"
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("jx", "jxreport"):
            used.add(node.attr)
    assert used and used <= set(jxreport.__all__), used - set(jxreport.__all__)
