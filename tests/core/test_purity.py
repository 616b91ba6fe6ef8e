"""The rules core is pure: it imports only the standard library's computing modules and itself.

A whitelist, not a blacklist: a new import in game/core has to be argued for here. The
import-linter contracts in pyproject.toml say the same for the whole package graph.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "game" / "core"
ALLOWED = {"__future__", "dataclasses", "enum", "random", "copy", "math", "typing", "collections",
           "functools", "itertools", "hashlib", "json",
           # mypyc's runtime library: network.py's unboxed float arrays (librt.vecs) in the
           # compiled build; computation only, and the pure build never imports it
           "librt",
           # the `i64` machine integer type of chance.py's generator (a plain int interpreted);
           # a declared dependency, pure Python
           "mypy_extensions"}


def imports_of(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: stays inside game.core unless it climbs out
                if node.level > 1:
                    yield "..", node.lineno
                continue
            yield node.module.split(".")[0], node.lineno


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_nothing_impure(path):
    bad = [(m, line) for m, line in imports_of(path) if m not in ALLOWED]
    assert not bad, f"{path.name} imports {bad}: game/core must stay free of I/O, UI and storage"


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter not installed (pip install -e '.[dev]')")
    out = subprocess.run([str(exe)], capture_output=True, text=True, cwd=CORE.parents[1])
    assert out.returncode == 0, out.stdout + out.stderr
