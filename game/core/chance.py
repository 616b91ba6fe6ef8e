"""Random numbers derived from a game's seed and what they are for.

Every draw in a game (the shock draw of a round, one retaliation roll, one bot's choice in one
round) has its own stream, keyed by the seed and its purpose, so:

* one draw never shifts another: removing a play from a game (the counterfactual replay, the
  robustness report's card checks) leaves every other roll as it was, because each card's
  retaliation roll has its own key rather than a place in a shared sequence;
* a resumed game draws what the uninterrupted one drew: a stream depends on the seed and the
  purpose, never on how many numbers were drawn before it.

Streams are cheap because a game makes dozens of them: the key is hashed once (BLAKE2b) into
the state of a SplitMix64 generator, instead of seeding a Mersenne Twister from a string
(which hashes it with SHA-512 and then fills 2.5 kB of state: ~5 us, a third of a fast game).

`Draws` has the `random.Random` methods the game uses (`random`, `getrandbits`, `randrange`,
`randint`, `choice`, `choices`, `shuffle`, `sample`, `uniform`, `getstate`/`setstate`), each
CPython 3.11's algorithm from random.py line for line over the same `getrandbits`, so every
draw is the number a `random.Random` subclass drew (tests/core/test_chance.py compares them).
It is not a `random.Random` subclass so that the compiled build can make it a native class:
through random.py every `randrange` of a random game ran interpreted code that called back
into interpreted `getrandbits` and `_next`.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import blake2b
from itertools import accumulate as _accumulate
from math import ceil as _ceil
from math import floor as _floor
from math import isfinite as _isfinite
from math import log as _log
from typing import Any, Final, TypeVar

from mypy_extensions import i64

T = TypeVar("T")

_MASK: Final = (1 << 64) - 1
_GAMMA: Final = 0x9E3779B97F4A7C15
_MIX1: Final = 0xBF58476D1CE4E5B9
_MIX2: Final = 0x94D049BB133111EB
_TO_UNIT: Final = 2.0 ** -53

# The generator's state in the compiled build is a C int64_t (mypyc's `i64`) holding the same
# 64 bits as the pure build's unsigned Python int, and SplitMix64 runs as wrapping machine
# arithmetic (setup.py compiles with -fwrapv, so signed overflow wraps by definition). On
# Python ints above 2**62 every step of it allocated a number: ~4,700 instructions a draw,
# about 6% of a compiled random game. Interpreted, an `i64` is a plain int that never wraps,
# so the pure build keeps its unsigned arithmetic. Same numbers either way
# (tests/core/test_chance.py checks both against a reference SplitMix64).
_NATIVE: Final = not __file__.endswith((".py", ".pyc"))
_GAMMA_S: Final[i64] = _GAMMA - (1 << 64)  # the constants' bits, as signed 64-bit numbers
_MIX1_S: Final[i64] = _MIX1 - (1 << 64)
_MIX2_S: Final[i64] = _MIX2 - (1 << 64)
_LOW63: Final[i64] = (1 << 63) - 1


def _bisect(a: Sequence[float], x: float, lo: int = 0, hi: int = -1) -> int:
    """bisect.bisect_right (bisect is not among the core's imports, tests/core/test_purity.py):
    the index after the last item of sorted `a[lo:hi]` that is <= x."""
    if hi < 0:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


#: (seed, a BLAKE2b hasher already fed "{seed}:") for the seed keyed last. A game keys about
#: 50 streams from one seed, and finishing a copy of that hasher costs half of hashing the
#: whole key afresh (the same digest: BLAKE2b reads its input as a stream).
_seeded: tuple[int, Any] | None = None


def _key(seed: int, purpose: str) -> int:
    """The stream's start: the first 8 bytes of BLAKE2b("{seed}:{purpose}"), little-endian."""
    global _seeded
    hit = _seeded
    if hit is None or hit[0] != seed:
        hit = _seeded = (seed, blake2b(f"{seed}:".encode(), digest_size=8))
    h = hit[1].copy()
    h.update(purpose.encode())
    return int.from_bytes(h.digest(), "little")


def uniform(seed: int, purpose: str) -> float:
    """One number in [0, 1) for `purpose`, without a generator: a single roll."""
    return (_key(seed, purpose) >> 11) * _TO_UNIT


class Draws:
    """The stream of numbers for `purpose` in the game seeded `seed` (SplitMix64, 2**64 period;
    streams start at a hashed point, so two purposes never share numbers in practice)."""

    def __init__(self, seed: int, purpose: str) -> None:
        k = _key(seed, purpose)
        #: compiled: the state's bits as a signed number; pure: as an unsigned one
        self._s: i64 = (k - (1 << 64) if k >> 63 else k) if _NATIVE else k

    def seed(self, *args: Any, **kwargs: Any) -> None:  # noqa: ARG002 - fixed at creation
        raise TypeError("a Draws stream is keyed at creation; make a new one")

    def _mixed(self) -> i64:
        """Steps the state and returns SplitMix64's next output: in the compiled build as a
        signed 64-bit number with the output's bits, in the pure build as the unsigned one."""
        if _NATIVE:  # `>>` is arithmetic on i64: the masks make each shift a logical one
            s = self._s = self._s + _GAMMA_S
            z = (s ^ ((s >> 30) & 0x3FFFFFFFF)) * _MIX1_S
            z = (z ^ ((z >> 27) & 0x1FFFFFFFFF)) * _MIX2_S
            return z ^ ((z >> 31) & 0x1FFFFFFFF)
        u = self._s = (self._s + _GAMMA) & _MASK
        u = ((u ^ (u >> 30)) * _MIX1) & _MASK
        u = ((u ^ (u >> 27)) * _MIX2) & _MASK
        return u ^ (u >> 31)

    def _next(self) -> int:
        """The next output, 64 bits, as an unsigned number."""
        z = self._mixed()
        return int(z) & _MASK if _NATIVE else z

    def _top(self, k: i64) -> i64:
        """The top `k` bits (1 <= k <= 63) of the next output: what `getrandbits(k)` and
        `random()` keep, without making a number of 64 bits in the compiled build."""
        z = self._mixed()
        if _NATIVE:
            return ((z >> 1) & _LOW63) >> (63 - k)
        return z >> (64 - k)

    # ------------------------------------------------------------ the generator's own two --
    def random(self) -> float:
        return float(self._top(53)) * _TO_UNIT

    def getrandbits(self, k: int) -> int:
        if k <= 64:
            if k <= 0:
                if k < 0:
                    raise ValueError("number of bits must be non-negative")
                return 0
            return self._top(k) if k < 64 else self._next()
        out, have = 0, 0
        while have < k:
            out |= self._next() << have
            have += 64
        return out & ((1 << k) - 1)

    def getstate(self) -> tuple[str, int]:
        return ("chokepoint.Draws", int(self._s) & _MASK)  # unsigned, as in either build

    def setstate(self, state: tuple[str, int]) -> None:
        u = state[1]
        self._s = (u - (1 << 64) if u >> 63 else u) if _NATIVE else u

    # ------------------------------------------------- random.py's algorithms (CPython 3.11) --
    def _randbelow(self, n: int) -> int:
        """random.Random._randbelow_with_getrandbits: a number in [0, n), n > 0, by rejection
        of getrandbits(n.bit_length()) (up to 63 bits inlined: one `_top` per try)."""
        k = n.bit_length()
        if k < 64:
            r = self._top(k)
            while r >= n:
                r = self._top(k)
            return r
        big = self.getrandbits(k)  # not `r`: that one is an i64 when compiled
        while big >= n:
            big = self.getrandbits(k)
        return big

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        """random.Random.randrange, for integer arguments (the float ones 3.11 deprecates are
        not taken)."""
        istart = start
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if istart > 0:
                return self._randbelow(istart)
            raise ValueError("empty range for randrange()")
        istop = stop
        width = istop - istart
        istep = step
        if istep == 1:
            if width > 0:
                return istart + self._randbelow(width)
            raise ValueError(f"empty range for randrange() ({istart}, {istop}, {width})")
        if istep > 0:
            n = (width + istep - 1) // istep
        elif istep < 0:
            n = (width + istep + 1) // istep
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return istart + istep * self._randbelow(n)

    def randint(self, a: int, b: int) -> int:
        return self.randrange(a, b + 1)

    def choice(self, seq: Sequence[T]) -> T:
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]

    def shuffle(self, x: list[Any]) -> None:
        for i in reversed(range(1, len(x))):
            j = self._randbelow(i + 1)
            x[i], x[j] = x[j], x[i]

    def sample(self, population: Sequence[T], k: int, *,
               counts: Sequence[int] | None = None) -> list[T]:
        if not isinstance(population, Sequence):
            raise TypeError("Population must be a sequence.  "
                            "For dicts or sets, use sorted(d).")
        n = len(population)
        if counts is not None:
            cum_counts = list(_accumulate(counts))
            if len(cum_counts) != n:
                raise ValueError("The number of counts does not match the population")
            total = cum_counts.pop()
            if not isinstance(total, int):
                raise TypeError("Counts must be integers")
            if total <= 0:
                raise ValueError("Total of counts must be greater than zero")
            selections = self.sample(range(total), k=k)
            return [population[_bisect(cum_counts, s)] for s in selections]
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        result: list[T] = []
        setsize = 21  # size of a small set minus size of an empty list
        if k > 5:
            setsize += 4 ** _ceil(_log(k * 3, 4))  # table size for big sets
        if n <= setsize:
            # An n-length list is smaller than a k-length set: non-selected at pool[0 : n-i]
            pool = list(population)
            for i in range(k):
                j = self._randbelow(n - i)
                result.append(pool[j])
                pool[j] = pool[n - i - 1]  # move non-selected item into vacancy
        else:
            selected: set[int] = set()
            for _ in range(k):
                j = self._randbelow(n)
                while j in selected:
                    j = self._randbelow(n)
                selected.add(j)
                result.append(population[j])
        return result

    def choices(self, population: Sequence[T], weights: Sequence[float] | None = None, *,
                cum_weights: Sequence[float] | None = None, k: int = 1) -> list[T]:
        n = len(population)
        if cum_weights is None:
            if weights is None:
                fn = n + 0.0  # a float, as random.py multiplies by
                return [population[_floor(self.random() * fn)] for _ in range(k)]
            cum_weights = list(_accumulate(weights))
        elif weights is not None:
            raise TypeError("Cannot specify both weights and cumulative weights")
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0  # convert to float
        if total <= 0.0:
            raise ValueError("Total of weights must be greater than zero")
        if not _isfinite(total):
            raise ValueError("Total of weights must be finite")
        hi = n - 1
        return [population[_bisect(cum_weights, self.random() * total, 0, hi)]
                for _ in range(k)]

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()
