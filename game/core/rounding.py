"""Rounding a float to 4 decimals for the record: `round(x, 4)`, bit for bit, at a tenth of
its cost.

CPython rounds a float to n decimals by printing it as a correctly rounded decimal string and
reading that string back (floatobject.c, `double_round`): about 4,000 instructions. The
round's network summary rounds three figures for every stage and actor, every round: with
causes on, that was 5% of a game.

`round4` takes the short way where it gives the same double, and CPython's way elsewhere:
- the exact decimal result is k / 10**4, k the integer nearest x * 10**4 (ties to even);
- x * 10000.0 is that product within half an ulp: below 2**31 in size, within 2**-22 of it,
  so unless it comes within `_TIE` of a half, rounding it picks the same k;
- k / 10000.0 is then the double nearest k / 10**4 (IEEE division is correctly rounded, and k
  and 10000 are exact), which is what reading the decimal string back gives;
- a result of zero keeps the sign of x, as CPython's does ("-0" read back is -0.0).
Near a half, out of that range, or not finite, CPython decides. tests/core/test_rounding.py
compares the two on millions of values, ties and their neighbours among them."""

from __future__ import annotations

from math import copysign, floor
from typing import Final

#: how near a computed x * 10000 may come to a half before CPython's rounding decides (the
#: computed product is within 2**-22 of the exact one below 2**31: far inside this)
_TIE: Final = 1e-6
_LIMIT: Final = 2147483648.0  # 2**31


def round4(x: float) -> float:
    """`round(x, 4)`, the same double."""
    p = x * 10000.0
    if -_LIMIT < p < _LIMIT:
        f = float(floor(p))
        d = p - f  # in [0, 1): exact (Sterbenz), as f is within 1 of p
        if d < 0.5 - _TIE:
            k = f
        elif d > 0.5 + _TIE:
            k = f + 1.0
        else:
            return round(x, 4)
        if k == 0.0:
            return copysign(0.0, x)
        return k / 10000.0
    return round(x, 4)
