"""`rounding.round4` is `round(x, 4)`, the same double and the same sign of zero, on random
values of every size and sign, on every tie k + 1/2 (in ten-thousandths) up to 20 in size and
the doubles beside it, and on the edges (zero, -0.0, the limit of the short way, infinities,
NaN). In the compiled build (.ci/run) it runs against the compiled module."""

from __future__ import annotations

import math
import random

from game.core.rounding import round4


def _same(x: float) -> bool:
    a, b = round4(x), round(x, 4)
    if math.isnan(b):
        return math.isnan(a)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def test_random_values_round_as_python_does():
    rng = random.Random(4)
    xs = []
    for _ in range(50_000):
        xs += [rng.random(), -rng.random(), rng.uniform(-1e6, 1e6),
               rng.random() * 10.0 ** rng.randint(-12, 12)]
    assert [x for x in xs if not _same(x)] == []


def test_ties_and_their_neighbours_round_as_python_does():
    bad = []
    for k in range(-200_000, 200_000):
        t = (k + 0.5) / 1e4
        for x in (t, math.nextafter(t, -math.inf), math.nextafter(t, math.inf), k / 1e4):
            if not _same(x):
                bad.append(x)
    assert bad == []


def test_edges_round_as_python_does():
    edges = [0.0, -0.0, 5e-5, -5e-5, 4.9999e-5, -4.9999e-5, 1e-300, -1e-300, 1e300, -1e300,
             214748.3647, 214748.3648, -214748.3648, 214748.36475, math.inf, -math.inf, math.nan]
    assert [x for x in edges if not _same(x)] == []
