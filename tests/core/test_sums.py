"""Floats add up the same on every Python: `sums.total` adds left to right, one rounding per
addition, as `sum()` did on CPython 3.11; 3.12's `sum()` compensates (Neumaier) and gave 2 of
the 84 fingerprinted games other numbers than 3.11 did."""

from __future__ import annotations

import ast
import random
from functools import reduce
from operator import add
from pathlib import Path

import pytest

from game.core.sums import total

CORE = Path(__file__).resolve().parents[2] / "game" / "core"

#: the core's remaining sum() calls, per file: card costs and political capital, whole numbers
#: in every deck, which any summation adds exactly
WHOLE_NUMBER_SUMS = {"rules.py": 2, "adjudication.py": 2}


def test_total_rounds_once_per_addition():
    # compensated summation gives 1.0 here; one rounding per addition loses the 1.0
    assert total([1e16, 1.0, -1e16]) == 0.0
    assert total([]) == 0.0
    rng = random.Random(7)
    for _ in range(200):
        xs = [rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-8, 8) for _ in range(rng.randint(1, 30))]
        assert total(xs) == reduce(add, xs, 0.0)


def test_the_core_adds_floats_with_total():
    if not CORE.is_dir():  # the tests copied away from the checkout (.ci/run's compiled wheel)
        pytest.skip("reads game/core's sources beside the tests")
    found = {}
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        n = sum(1 for node in ast.walk(tree) if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name) and node.func.id == "sum")
        if n:
            found[path.name] = n
    assert found == WHOLE_NUMBER_SUMS, (
        "game/core adds floats with sums.total (sum() rounds differently from Python 3.12 on); "
        f"sum() calls found: {found}")
