"""Random draws are keyed by the seed and their purpose (core/chance.py).

What the rest of the game relies on: the same key gives the same numbers (a resumed game draws
what the original drew); different keys give unrelated numbers; and each play's retaliation roll
is its own, so a game without one play keeps every other play's roll (the counterfactual and
the robustness report's card checks compare games that differ only in that play).
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter

import pytest

from game.core.cards import Effect, Retaliation
from game.core.chance import Draws, uniform
from game.core.rules import draw_shocks, roll_retaliation
from game.core.state import Phase

from .conftest import CARDS, card, make_scenario
from .rounds import to_decisions


def test_same_key_same_numbers_other_key_other_numbers():
    a, b = Draws(7, "draw:1"), Draws(7, "draw:1")
    xs = [a.random() for _ in range(50)]
    assert xs == [b.random() for _ in range(50)]
    assert xs != [Draws(7, "draw:2").random() for _ in range(50)]
    assert xs != [Draws(8, "draw:1").random() for _ in range(50)]
    assert uniform(7, "x") == uniform(7, "x") != uniform(7, "y")


class _AsRandomDid(random.Random):
    """Draws as it was, a `random.Random` subclass: random.py's methods over Draws' SplitMix64
    `getrandbits` and `random`. The native Draws must draw exactly what this draws."""

    def __init__(self, seed: int, purpose: str):
        self._d = Draws(seed, purpose)
        self.gauss_next = None

    def random(self):
        return self._d.random()

    def getrandbits(self, k):
        return self._d.getrandbits(k)


def _calls(rng):
    """Every kind of call the game makes, and the rest of Draws' methods, with the awkward
    arguments: sizes just past a power of two (rejections), a sample big enough for
    random.py's set path, widths past 64 bits."""
    out = []
    for n in (1, 2, 3, 5, 7, 8, 9, 17, 33, 100, 2**31 + 1, 2**64 - 1, 2**64 + 3, 10**30):
        out.append(rng.randrange(n))
    out += [rng.randrange(3, 40), rng.randrange(-5, 5), rng.randrange(0, 100, 7),
            rng.randrange(50, 0, -3), rng.randrange(-10, -1, 2)]
    out += [rng.randint(0, k) for k in range(8)] + [rng.randint(-3, 3), rng.randint(4, 4)]
    out += [rng.getrandbits(k) for k in (0, 1, 31, 62, 63, 64, 65, 128, 200)]
    out += [rng.random(), rng.uniform(-0.25, 0.25), rng.uniform(3, 1)]
    deck = [f"s{i}" for i in range(30)]
    for k in (0, 1, 3, 6, 12, 30):
        out.append(rng.sample(deck, k))
    out.append(rng.sample(range(10_000), 60))  # random.py's set path
    out.append(rng.sample(("a", "b", "c"), 2, counts=(3, 1, 2)))
    out.append(rng.choice(deck))
    x = list(range(25))
    rng.shuffle(x)
    out.append(x)
    out.append(rng.choices(deck, k=5))
    out.append(rng.choices(deck, weights=range(30), k=5))
    out.append(rng.choices(deck, cum_weights=list(range(1, 31)), k=5))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_a_stream_draws_what_random_random_draws(seed):
    """Draws is native (not a random.Random subclass, so the compiled build compiles it) but
    its methods are random.py's algorithms: the same numbers, call for call."""
    d, r = Draws(seed, "bot:1:KOR"), _AsRandomDid(seed, "bot:1:KOR")
    assert _calls(d) == _calls(r)
    assert d.getstate() == r._d.getstate()


def _splitmix64(key: int):
    """SplitMix64 (Steele, Lea and Flood 2014) on unsigned Python ints, from the hashed key:
    the generator Draws must be, in the pure build (unsigned ints) and the compiled one
    (wrapping machine integers) alike."""
    s, mask = key, (1 << 64) - 1
    while True:
        s = (s + 0x9E3779B97F4A7C15) & mask
        z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        yield z ^ (z >> 31)


@pytest.mark.parametrize("seed", [0, 1, 2**62 + 5, 2**70])
def test_a_stream_is_splitmix64_from_its_hashed_key(seed):
    """Every way a draw reads the generator (all 64 bits, the top k of them, a float) gives
    SplitMix64's numbers: the compiled build's signed, wrapping arithmetic and its shifts keep
    the unsigned bits. Keys with the top bit set and clear both occur over 200 purposes."""
    top_bit = set()
    for i in range(200):
        purpose = f"bot:{i}:KOR"
        key = int.from_bytes(hashlib.blake2b(f"{seed}:{purpose}".encode(), digest_size=8)
                             .digest(), "little")
        top_bit.add(key >> 63)
        ref, d = _splitmix64(key), Draws(seed, purpose)
        assert d.getstate() == ("chokepoint.Draws", key)
        for k in (64, 63, 62, 53, 33, 32, 31, 7, 1):
            assert d.getrandbits(k) == next(ref) >> (64 - k), (purpose, k)
        assert d.random() == (next(ref) >> 11) * 2.0 ** -53
        n = 2**63 - 25  # 63 bits: rejection on the top 63
        r = next(ref) >> 1
        while r >= n:
            r = next(ref) >> 1
        assert d.randrange(n) == r
        st = d.getstate()
        d.setstate(st)
        assert d.getrandbits(64) == next(ref)
    assert top_bit == {0, 1}


def test_a_stream_refuses_what_random_random_refuses():
    d = Draws(1, "bot:1:KOR")
    for bad in (lambda: d.randrange(0), lambda: d.randrange(5, 5), lambda: d.randrange(0, 9, 0),
                lambda: d.randrange(0, 5, -1), lambda: d.sample([1, 2], 3),
                lambda: d.getrandbits(-1), lambda: d.choices([1], [0.0])):
        with pytest.raises(ValueError):
            bad()
    with pytest.raises(IndexError):
        d.choice([])
    with pytest.raises(TypeError):
        d.sample({1, 2}, 1)
    with pytest.raises(TypeError):
        d.seed(3)


def test_a_stream_is_spread_over_its_ranges():
    d = Draws(1, "bot:1:KOR")
    assert all(0.0 <= d.random() < 1.0 for _ in range(1000))
    assert all(0 <= d.randrange(7) < 7 for _ in range(1000))
    assert all(-1.0 <= d.uniform(-1.0, 1.0) <= 1.0 for _ in range(1000))
    s = d.sample(range(20), 20)
    assert sorted(s) == list(range(20))
    assert d.getrandbits(62) < 2 ** 62 and d.getrandbits(0) == 0
    assert 64 < d.getrandbits(200).bit_length() <= 200


def test_draws_are_spread_evenly():
    d = Draws(123, "spread")
    counts = Counter(d.randrange(6) for _ in range(60_000))
    assert all(9_400 < n < 10_600 for n in counts.values()), counts
    mean = sum(d.random() for _ in range(50_000)) / 50_000
    assert 0.49 < mean < 0.51
    rolls = [uniform(s, "retaliation:1:USA:c") for s in range(20_000)]
    assert 0.49 < sum(rolls) / len(rolls) < 0.51
    assert sum(r < 0.25 for r in rolls) / len(rolls) == pytest.approx(0.25, abs=0.02)


def test_a_stream_state_round_trips():
    d = Draws(5, "x")
    d.random()
    st = d.getstate()
    a = [d.random() for _ in range(5)]
    d.setstate(st)
    assert [d.random() for _ in range(5)] == a


def _two_risky_plays():
    """USA and JPN each commit a card that risks retaliation (even odds)."""
    jpn = card("jpn_control", "JPN", Effect("trade", actors=(), exporters=("self",),
                                            importers=("CHN",), sector="semiconductors",
                                            stage="materials", change=1.0, duration=1),
               retaliation=Retaliation("CHN", 0.5, "chn_answer"))
    usa = card("usa_gamble", "USA", Effect("trade", actors=(), exporters=("self",),
                                           importers=("CHN",), sector="semiconductors",
                                           stage="design", change=1.0, duration=1),
               retaliation=Retaliation("CHN", 0.5, "chn_answer"))
    cards = {c.id: c for c in (*CARDS, jpn, usa)}
    scn = make_scenario(cards=cards)
    teams = dict(scn.teams)
    from dataclasses import replace

    teams["JPN"] = replace(teams["JPN"], hand=(*teams["JPN"].hand, "jpn_control"))
    teams["USA"] = replace(teams["USA"], hand=(*teams["USA"].hand, "usa_gamble"))
    return replace(scn, teams=teams)


@pytest.mark.parametrize("seed", range(12))
def test_each_play_keeps_its_roll_when_another_is_removed(seed):
    from game.session import Session

    scn = _two_risky_plays()
    s = Session(scn, seed)
    to_decisions(s)
    state = s.state
    state.teams["JPN"].commit = ("jpn_control",)
    state.teams["USA"].commit = ("usa_gamble",)
    both = {o["card"]: o["roll"] for o in roll_retaliation(scn, state)}
    assert set(both) == {"jpn_control", "usa_gamble"}
    state.teams["JPN"].commit = ()
    alone = {o["card"]: o["roll"] for o in roll_retaliation(scn, state)}
    assert alone == {"usa_gamble": both["usa_gamble"]}
    state.teams["JPN"].commit = ("jpn_control",)
    state.teams["USA"].commit = ()
    assert {o["card"]: o["roll"] for o in roll_retaliation(scn, state)} == {
        "jpn_control": both["jpn_control"]}


def test_rolls_vary_with_the_seed_and_round():
    scn = _two_risky_plays()
    from game.session import Session

    rolls = set()
    for seed in range(30):
        s = Session(scn, seed)
        to_decisions(s)
        assert s.state.phase is Phase.DECISIONS
        s.state.teams["JPN"].commit = ("jpn_control",)
        rolls.add(roll_retaliation(scn, s.state)[0]["roll"])
    assert len(rolls) == 30


def test_the_shock_draw_is_keyed_by_round(scn):
    from game.session import Session

    s = Session(scn, 4)
    first = draw_shocks(scn, s.state, 1)
    assert first == draw_shocks(scn, s.state, 1)
    seen = {tuple(draw_shocks(scn, Session(scn, k).state, 1)) for k in range(40)}
    assert len(seen) > 5  # different seeds draw different shocks
