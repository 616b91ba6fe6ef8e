"""Rule cases for the world as data: ownership (prosperity follows the owner, exposure the
site) and inputs from another sector (they gate production as the sector's own inputs do)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.cards import Effect
from game.core.causes import Cause
from game.core.network import Mods, fold_effects, propagate, propagate_all
from game.core.scenario import Scenario, TeamSetup, complete_sourcing
from game.core.state import ActiveEffect, ShockHit
from game.core.world import Actor, Sector, Stage, World
from game.session import Session

from .conftest import shock
from .rounds import play_round

FAB = {"TWN": 50.0, "KOR": 30.0, "CHN": 20.0}  # China's 20 include 10 Korean-owned units
OWNED = {"semiconductors": {"fabrication": {"CHN": (("KOR", 10.0),)}}}


def _active(*effects):
    return [ActiveEffect(e, Cause("shock", "x", None, 1), 1, None, False, on=True) for e in effects]


def _flow(scn, *effects):
    return propagate(scn, fold_effects(scn.world, _active(*effects), 1), "semiconductors", {})


@pytest.fixture
def fabs(tiny):
    cap = {"semiconductors": {**tiny.capacity["semiconductors"], "fabrication": FAB}}
    base = replace(tiny, capacity=cap,
                   sourcing=complete_sourcing(tiny.world, ("semiconductors",), cap, {}))
    return base, replace(base, ownership=OWNED)


CHN_FAB_OUT = Effect("capacity", actors=("CHN",), sector="semiconductors", stage="fabrication",
                     change=-1.0)


def test_owned_units_earn_for_the_owner_and_cost_the_site(fabs):
    base, owned = fabs
    b, o = _flow(base), _flow(owned)
    # buyers order 20% of their fabrication from China (world market by capacity): 20 units of
    # 100, worth 0.30 each; half of China's units are Korean, so 3 of China's 6 are Korea's
    assert o.revenue["KOR"] - b.revenue["KOR"] == pytest.approx(0.5 * 20 * 0.30)
    assert b.revenue["CHN"] - o.revenue["CHN"] == pytest.approx(0.5 * 20 * 0.30)
    assert sum(o.revenue.values()) == pytest.approx(sum(b.revenue.values()))
    assert o.supply_met == b.supply_met  # who owns a fab changes nobody's supply


def test_an_outage_at_the_site_cuts_the_owned_units_too(fabs):
    base, owned = fabs
    b, o = _flow(base, CHN_FAB_OUT), _flow(owned, CHN_FAB_OUT)
    # exposure follows the location: China's fabs, Korean-owned ones included, make nothing,
    # so every buyer loses the 20% it ordered from China, with or without the ownership
    assert o.supply_met == b.supply_met
    assert o.access["KOR"]["fabrication"] == pytest.approx(0.8)
    # and the Korean-owned units earn Korea nothing while they stand idle
    assert o.revenue["KOR"] == pytest.approx(b.revenue["KOR"])
    assert _flow(owned).revenue["KOR"] > o.revenue["KOR"]


def test_a_cut_on_the_sites_exports_hits_the_owner_s_revenue(fabs):
    base, owned = fabs
    cut = Effect("trade", actors=(), exporters=("CHN",), importers=("USA",),
                 sector="semiconductors", stage="fabrication", change=1.0)
    calm, hit = _flow(owned), _flow(owned, cut)
    # the US buys 20 x 50% = 10 units from China; Korea owns half of what China loses
    assert calm.revenue["KOR"] - hit.revenue["KOR"] == pytest.approx(0.5 * 10 * 0.30)
    assert hit.access["USA"]["fabrication"] == pytest.approx(0.8)  # it bought 20% from China


def test_ownership_reaches_the_score_through_a_played_round(fabs):
    base, owned = fabs
    base = replace(base, shocks={**base.shocks, "chn_out": shock("chn_out", CHN_FAB_OUT)})
    owned = replace(owned, shocks=base.shocks)

    def prosperity(scn, shocks=None):
        s = Session(scn, 1)
        if shocks:
            s.state.shocks[1] = [ShockHit(i, "scheduled") for i in shocks]
        rec = play_round(s)
        return tuple(rec.indicators[t]["prosperity.semiconductors"] for t in ("KOR", "CHN"))

    kor_b, chn_b = prosperity(base)
    kor_o, chn_o = prosperity(owned)
    assert kor_o > kor_b and chn_o < chn_b  # market share of value added follows the owner
    kor_out, _ = prosperity(owned, ["chn_out"])
    kor_base_out, _ = prosperity(base, ["chn_out"])
    assert kor_out < kor_o  # China's outage costs Korea its Chinese fabs' output...
    assert kor_out == pytest.approx(kor_base_out)  # ...all of it: they earn nothing idle


# ---------------------------------------------------------------- inputs from another sector
def _two_sector_world() -> World:
    minerals = Sector("minerals", "Minerals", (
        Stage("mining", 0.5, title="Mining"),
        Stage("refining", 0.5, inputs=("mining",), title="Refining"),
    ))
    chips = Sector("chips", "Chips", (
        Stage("materials", 0.5, title="Materials", needs=(("minerals", "refining"),)),
        Stage("fab", 0.5, inputs=("materials",), title="Fab"),
    ))
    actors = tuple(Actor(a, a, True) for a in ("KOR", "JPN", "USA", "CHN"))
    return World("two", "Two sectors", actors, {"minerals": minerals, "chips": chips})


def _two_sector_scenario(sectors=("minerals", "chips"), jpn_stock=0.0) -> Scenario:
    world = _two_sector_world()
    capacity = {
        "minerals": {"mining": {"CHN": 110.0}, "refining": {"CHN": 66.0, "JPN": 44.0}},
        "chips": {"materials": {"JPN": 110.0}, "fab": {"KOR": 110.0}},
    }
    capacity = {s: capacity[s] for s in sectors}
    demand = {"minerals": {"JPN": 100.0}, "chips": {"KOR": 50.0, "USA": 50.0}}
    demand = {s: demand[s] for s in sectors}
    teams = {t: TeamSetup(t, 10.0, 1.0, 1.0, 1.0, ()) for t in world.teams}
    return Scenario(
        id="two", title="Two", rounds=2, sectors=world.order(sectors), capacity=capacity,
        demand=demand, sourcing=complete_sourcing(world, sectors, capacity, {}),
        stockpile_days={s: ({"JPN": jpn_stock} if s == "minerals" else {}) for s in sectors},
        teams=teams, cards={}, shocks={}, schedule={}, shock_deck=(), world=world)


REFINING_CUT = Effect("trade", actors=(), exporters=("CHN",), importers=("JPN",),
                      sector="minerals", stage="refining", change=1.0)


def _flows(scn, *effects):
    return propagate_all(scn, fold_effects(scn.world, _active(*effects), 1), scn.stockpile_days)


def test_a_cut_in_another_sector_stops_the_producers_that_need_it():
    scn = _two_sector_scenario(sectors=("chips", "minerals"))  # listed the wrong way round
    assert scn.sectors == ("minerals", "chips")  # propagation order: inputs first
    calm = _flows(scn)
    assert calm["chips"].supply_met["KOR"] == pytest.approx(1.0)
    f = _flows(scn, REFINING_CUT)
    # Japan buys 60% of its refined minerals from China: cut off, its materials plant runs at
    # 40%, and every chip maker downstream with it
    assert f["minerals"].access["JPN"]["refining"] == pytest.approx(0.4)
    assert f["chips"].capacity["materials"]["JPN"] == pytest.approx(110.0 * 0.4)
    assert f["chips"].supply_met["KOR"] == pytest.approx(0.44)  # 44 of the 100 ordered
    assert f["chips"].supply_met["USA"] == pytest.approx(0.44)


def test_stock_of_the_input_softens_the_cut_as_it_does_within_a_sector():
    scn = _two_sector_scenario(jpn_stock=90.0)  # half a round of refined minerals in stock
    f = _flows(scn, REFINING_CUT)
    assert f["chips"].capacity["materials"]["JPN"] == pytest.approx(110.0 * 0.9)
    assert f["chips"].supply_met["KOR"] == pytest.approx(0.99)


def test_an_input_sector_the_scenario_does_not_model_does_not_gate():
    scn = _two_sector_scenario(sectors=("chips",))
    f = _flows(scn, REFINING_CUT)  # a cut in a sector nobody models changes nothing
    assert f["chips"].supply_met == {"KOR": pytest.approx(1.0), "USA": pytest.approx(1.0)}


def test_propagating_a_sector_before_its_inputs_is_a_programming_error():
    scn = _two_sector_scenario()
    with pytest.raises(ValueError, match="needs this round's minerals flow"):
        propagate(scn, Mods(), "chips", {})


def test_a_whole_game_in_two_sectors_scores_both():
    scn = _two_sector_scenario()
    scn = replace(scn, shocks={"cut": shock("cut", REFINING_CUT)})
    s = Session(scn, 1)
    s.state.shocks[1] = [ShockHit("cut", "scheduled")]
    rec = play_round(s)
    assert rec.indicators["KOR"]["supply.chips"] == pytest.approx(44.0)
