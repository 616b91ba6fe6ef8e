"""Floats add up the same on every Python: `sums.total` adds left to right, one rounding per
addition, as `sum()` did on CPython 3.11; 3.12's `sum()` compensates (Neumaier) and gave 2 of
the 84 fingerprinted games other numbers than 3.11 did. The rule holds for the whole package:
bots choose on these numbers, and the brief and `simulate` print them."""

from __future__ import annotations

import ast
import random
from functools import reduce
from operator import add
from pathlib import Path

import pytest

from game.core.sums import total

GAME = Path(__file__).resolve().parents[2] / "game"

#: the package's remaining sum() calls, per file: what they add is whole numbers (card costs and
#: political capital, counts, ranks, runs, minutes), which any summation adds exactly, or is
#: checked against a tolerance (content weights and capacities), or is a wall time
WHOLE_NUMBER_SUMS = {
    "bots/lookahead.py": 2, "cli/simulate.py": 1, "cli/validate.py": 2, "content/goals.py": 1,
    "content/loader.py": 3, "content/yamlsrc.py": 1, "core/adjudication.py": 2,
    "core/rules.py": 2, "report/brief.py": 1, "report/evaluation.py": 1,
    "report/print_kit.py": 1, "report/robustness.py": 3, "sim/balance.py": 1,
    "sim/cluster.py": 1, "sim/stats.py": 3, "tui/widgets/phases.py": 2,
}


def test_total_rounds_once_per_addition():
    # compensated summation gives 1.0 here; one rounding per addition loses the 1.0
    assert total([1e16, 1.0, -1e16]) == 0.0
    assert total([]) == 0.0
    rng = random.Random(7)
    for _ in range(200):
        xs = [rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-8, 8) for _ in range(rng.randint(1, 30))]
        assert total(xs) == reduce(add, xs, 0.0)


def test_the_game_adds_floats_with_total():
    """Everything that feeds a game, a bot's choice, a Monte Carlo statistic or the brief."""
    if not GAME.is_dir():  # the tests copied away from the checkout (.ci/run's compiled wheel)
        pytest.skip("reads game/'s sources beside the tests")
    found = {}
    for path in sorted(GAME.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        n = sum(1 for node in ast.walk(tree) if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name) and node.func.id == "sum")
        if n:
            found[path.relative_to(GAME).as_posix()] = n
    assert found == WHOLE_NUMBER_SUMS, (
        "floats are added with game.core.sums.total (sum() rounds differently from Python 3.12 "
        f"on); sum() calls found: {found}")
