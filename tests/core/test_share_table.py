"""The share table (who buys from whom at a stage) built on lists by actor index gives what the
rules give by name, to the last bit and in the same order, for any investments and sourcing
cards: `network._build_table` against the rules written out plainly here (docs/model.md,
rule 2, as the engine computed them before the table was indexed).

Random structures over every bundled scenario's stages: investments by fraction and in units,
and sourcing shifts away from named suppliers or from everyone, towards suppliers with and
without capacity, by up to more than the whole weight."""

from __future__ import annotations

import random

import pytest

from game.content import load_library
from game.core import network
from game.core.network import StageMods


def _struct(scn, sm, sector, stage):
    base = scn.capacity.get(sector, {}).get(stage, {})
    out = {}
    for a in scn.world.actor_ids:
        v = base.get(a, 0.0) * (1.0 + sm.cap_frac.get(a, 0.0)) + sm.cap_units.get(a, 0.0)
        if v > 0.0:
            out[a] = v
    return out


def _shift(w, away, towards, amount, struct):
    takers = [t for t in towards if t in struct]
    donors = [s for s in w if (s in away if away else s not in takers)]
    moved = 0.0
    for s in donors:
        d = w[s] * amount
        w[s] -= d
        moved += d
    if moved <= 0.0:
        return
    if not takers:
        takers = [s for s in w if s not in away]
        if not takers:
            return
    cap_total = sum(struct[t] for t in takers)
    for t in takers:
        w[t] = w.get(t, 0.0) + moved * struct[t] / cap_total


def _shares(scn, shifts, sector, stage, struct):
    base_cap = scn.capacity.get(sector, {}).get(stage, {})
    base_shares = scn.sourcing[sector][stage]
    out = {}
    for buyer in scn.world.actor_ids:
        w = {}
        ties_sum, n = 0.0, 0
        for s, share in base_shares.get(buyer, {}).items():
            if base_cap.get(s, 0.0) > 0.0 and s in struct:
                w[s] = share / base_cap[s] * struct[s]
                ties_sum += share / base_cap[s]
                n += 1
        if buyer in struct and buyer not in w:
            w[buyer] = (ties_sum / n if n else 1.0) * struct[buyer]
        for b, away, towards, amount in shifts:
            if b == buyer:
                _shift(w, away, towards, amount, struct)
        total = sum(w.values())
        out[buyer] = {s: v / total for s, v in w.items() if v > 0.0} if total > 0.0 else {}
    return out


def _random_mods(rng: random.Random, actors: tuple[str, ...]) -> StageMods:
    sm = StageMods()
    for a in rng.sample(actors, rng.randint(0, 3)):
        sm.cap_frac[a] = rng.choice([-1.0, -0.5, 0.1, 0.25, 0.5, 1.0])
    for a in rng.sample(actors, rng.randint(0, 2)):
        sm.cap_units[a] = rng.choice([5.0, 10.0, 12.5])
    for _ in range(rng.randint(0, 4)):
        sm.shifts.append((rng.choice(actors), tuple(rng.sample(actors, rng.randint(0, 2))),
                          tuple(rng.sample(actors, rng.randint(0, 3))),
                          rng.choice([0.1, 0.25, 0.5, 1.0, 1.2])))
    return sm


SCENARIOS = sorted(load_library().scenarios)


@pytest.mark.parametrize("sid", SCENARIOS)
def test_indexed_table_matches_the_rules_by_name(sid):
    from game.content import load_scenario

    scn = load_scenario(sid)
    rng = random.Random(sid)
    checked = 0
    for sector in scn.sectors:
        plan = network._plan(scn, sector)
        for sp in plan.stages:
            for _ in range(60):
                sm = _random_mods(rng, scn.world.actor_ids)
                tab = network._build_table(plan, sp, sm)
                struct = _struct(scn, sm, sector, sp.name)
                shares = _shares(scn, sm.shifts, sector, sp.name, struct)
                assert list(tab.struct.items()) == list(struct.items())
                assert [(b, list(v.items())) for b, v in tab.shares.items()] == \
                       [(b, list(v.items())) for b, v in shares.items()]
                assert {b: tab.hhi[plan.index[b]] for b in plan.actors} == \
                       {b: sum([x * x for x in v.values()]) for b, v in shares.items()}
                assert [list(r) for r in tab.rows] == [[shares[b].get(s, 0.0) for s in plan.actors]
                                                       for b in plan.actors]
                checked += 1
    assert checked >= 60 * 5


def _variants(rng: random.Random, actors: tuple[str, ...]):
    """Structures in a row as `_table` meets them, each next to one that differs from it in a
    single part (capacity fractions, capacity units, shifts, the shifts' order) or in nothing
    but the order its capacities were folded in."""
    for _ in range(40):
        sm = _random_mods(rng, actors)
        yield sm
        for part in ("cap_frac", "cap_units", "shifts", "order", "reordered"):
            other = sm.copy()
            if part == "cap_frac":
                other.cap_frac[rng.choice(actors)] = 0.75
            elif part == "cap_units":
                other.cap_units[rng.choice(actors)] = 7.5
            elif part == "shifts":
                other.shifts.append((rng.choice(actors), (), (rng.choice(actors),), 0.5))
            elif part == "order" and len(other.shifts) > 1:
                other.shifts.reverse()
            elif part == "reordered":
                other.cap_frac = dict(reversed(list(other.cap_frac.items())))
                other.cap_units = dict(reversed(list(other.cap_units.items())))
            yield other


@pytest.mark.parametrize("sid", SCENARIOS)
def test_a_stage_reuses_its_last_table_only_for_the_same_structure(sid):
    """`_table` returns the stage's last table when the folded structure compares equal: a
    table built afresh from each structure must read the same, whichever came before it."""
    from game.content import load_scenario

    scn = load_scenario(sid)
    rng = random.Random(f"{sid}:last")
    plan = network._plan(scn, scn.sectors[0])
    for sp in plan.stages:
        for sm in _variants(rng, scn.world.actor_ids):
            got = network._table(scn, plan, sp, sm)
            fresh = network._build_table(plan, sp, sm)
            assert [list(r) for r in got.rows] == [list(r) for r in fresh.rows]
            assert list(got.struct.items()) == list(fresh.struct.items())
