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
`Draws` is a `random.Random`, so `sample`, `randrange`, `uniform` and the rest work unchanged.
"""

from __future__ import annotations

import random
from hashlib import blake2b

_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15
_TO_UNIT = 2.0 ** -53


def _key(seed: int, purpose: str) -> int:
    return int.from_bytes(blake2b(f"{seed}:{purpose}".encode(), digest_size=8).digest(), "little")


def uniform(seed: int, purpose: str) -> float:
    """One number in [0, 1) for `purpose`, without a generator: a single roll."""
    return (_key(seed, purpose) >> 11) * _TO_UNIT


class Draws(random.Random):
    """The stream of numbers for `purpose` in the game seeded `seed` (SplitMix64, 2**64 period;
    streams start at a hashed point, so two purposes never share numbers in practice)."""

    def __init__(self, seed: int, purpose: str):  # no super().__init__: no Mersenne state
        self._s = _key(seed, purpose)
        self.gauss_next = None

    def seed(self, *args, **kwargs) -> None:  # noqa: ARG002 - the key is fixed at creation
        raise TypeError("a Draws stream is keyed at creation; make a new one")

    def _next(self) -> int:
        s = self._s = (self._s + _GAMMA) & _MASK
        z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self._next() >> 11) * _TO_UNIT

    def getrandbits(self, k: int) -> int:
        if k <= 64:
            if k <= 0:
                if k < 0:
                    raise ValueError("number of bits must be non-negative")
                return 0
            return self._next() >> (64 - k)
        out, have = 0, 0
        while have < k:
            out |= self._next() << have
            have += 64
        return out & ((1 << k) - 1)

    def getstate(self):
        return ("chokepoint.Draws", self._s)

    def setstate(self, state) -> None:
        self._s = state[1]
