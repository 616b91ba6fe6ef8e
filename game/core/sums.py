"""Adding floats the same way on every Python.

CPython 3.12 made `sum()` of floats compensated (Neumaier summation), which rounds differently
from 3.11's one rounding per addition: the same game on 3.11 and on 3.12 came out different
(2 of the 84 fingerprinted games). A game must be the same whatever machine plays it (a Dask
cluster's workers, an analyst's laptop, CI), so the core, and the Monte Carlo statistics,
add floats with `total`: left to right, one rounding per addition, as `sum()` did on 3.11 (so
3.11's games are unchanged to the last bit)."""

from __future__ import annotations

from collections.abc import Iterable


def total(xs: Iterable[float]) -> float:
    """The sum of `xs`, added left to right (0.0 for none). Hot callers pass a list
    comprehension rather than a generator: compiled, a generator is an object with its own
    frame, made and resumed item by item, and the list is a plain loop."""
    t = 0.0
    for x in xs:
        t += x
    return t
