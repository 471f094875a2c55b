"""The package is layered: each module imports only modules below it, never one above."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import newsschema

PACKAGE = Path(newsschema.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module's imports of other newsschema modules, wherever in the file they are."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # from a.b import c: the module a.b.c if there is one, else a.b
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else node.module
                    for alias in node.names
                ]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            found[name].update(target for target in targets if target in modules and target != name)
    return found


def test_no_module_imports_one_that_imports_it() -> None:
    imports = _imports()
    # A package's __init__ gathers its modules; a module below it may not import it back.
    for name, targets in imports.items():
        for target in targets:
            assert not name.startswith(target + "."), f"{name} imports its package {target}"
    graphlib.TopologicalSorter(imports).prepare()  # raises CycleError with the cycle


def test_the_model_knows_nothing_above_it() -> None:
    assert _imports()["newsschema.model"] <= {"newsschema.dates", "newsschema.errors"}
