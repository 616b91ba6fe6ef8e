"""Rule cases in the spirit of diplomacy's DATC: a tiny situation and the outcome it must give.

The world is tests/core/conftest.py: fabrication split 50/50 between Taiwan and Korea, every
other stage exactly supplied, Korea and the US demanding 50 units each, rounds of 180 days.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.causes import Cause
from game.core.rules import IllegalAction
from game.core.state import ShockHit
from game.session import Session

from .rounds import play_round, to_decisions


def session_with(scn, seed=1, stock=None, shocks=None):
    s = Session(scn, seed)
    if stock:
        s.state.stockpile["semiconductors"].update(stock)
    for rnd, ids in (shocks or {}).items():
        s.state.shocks[rnd] = [ShockHit(i, "scheduled") for i in ids]
    return s


def supply(rec, team="KOR"):
    return rec.indicators[team]["supply.semiconductors"]


# ---------------------------------------------------------------- shocks and stockpiles
def test_baseline_meets_all_demand(tiny):
    rec = play_round(session_with(tiny))
    assert supply(rec, "KOR") == pytest.approx(100.0)
    assert supply(rec, "USA") == pytest.approx(100.0)


def test_shock_without_stockpile_cuts_supply_by_the_lost_share(tiny):
    # Taiwan's fabs go dark; Korea bought half its fabrication from Taiwan.
    rec = play_round(session_with(tiny, shocks={1: ["twn_outage"]}))
    assert supply(rec, "KOR") == pytest.approx(50.0)
    causes = dict(rec.causes["KOR"]["supply.semiconductors"])
    assert causes == {Cause("shock", "twn_outage", None, 1): pytest.approx(-50.0)}


def test_shock_with_stockpile_is_covered_and_the_stock_is_drawn(tiny):
    # 90 days of stock cover half a 180-day round: exactly the gap.
    s = session_with(tiny, stock={"KOR": 90.0}, shocks={1: ["twn_outage"]})
    rec = play_round(s)
    assert supply(rec, "KOR") == pytest.approx(100.0)
    assert s.state.stockpile["semiconductors"]["KOR"] == pytest.approx(0.0)


def test_partial_stockpile_covers_part_of_the_gap(tiny):
    s = session_with(tiny, stock={"KOR": 36.0}, shocks={1: ["twn_outage"]})
    rec = play_round(s)
    assert supply(rec, "KOR") == pytest.approx(70.0)  # 50% + 36/180


def test_two_shocks_on_one_node_floor_at_zero_not_below(tiny):
    # -60% and -60% on Taiwan's fabs: capacity is gone, not negative.
    rec = play_round(session_with(tiny, shocks={1: ["half_outage", "half_outage_2"]}))
    assert supply(rec, "KOR") == pytest.approx(50.0)
    assert rec.network["semiconductors"]["fabrication"]["TWN"]["undelivered"] == pytest.approx(1.0)
    ids = [c.id for c, _ in rec.causes["KOR"]["supply.semiconductors"]]
    assert ids == ["half_outage", "half_outage_2"]


def test_shock_lasts_its_duration_then_ends(tiny):
    scn = replace(tiny, shocks={**tiny.shocks, "long": replace(tiny.shocks["twn_outage"], id="long", duration=2)})
    s = session_with(scn, shocks={1: ["long"]})
    r1, r2, r3 = play_round(s), play_round(s), play_round(s)
    assert (supply(r1), supply(r2), supply(r3)) == (pytest.approx(50), pytest.approx(50), pytest.approx(100))
    # the recovery is credited to the shock that wore off, with the round it hit
    assert dict(r3.causes["KOR"]["supply.semiconductors"]) == {
        Cause("shock", "long", None, 1): pytest.approx(50.0)}


# ---------------------------------------------------------------- lagged cards ---------
def test_lagged_card_changes_nothing_before_it_lands_then_lands(tiny):
    # Korea adds 50% fabrication capacity with a lag of 2: it lands in round 3.
    played, passed = session_with(tiny), session_with(tiny)
    recs_played = [play_round(played, {"KOR": ["kor_fab"]})] + [play_round(played) for _ in range(2)]
    recs_passed = [play_round(passed) for _ in range(3)]
    share = [r.indicators["KOR"]["prosperity.semiconductors"] for r in recs_played]
    base = [r.indicators["KOR"]["prosperity.semiconductors"] for r in recs_passed]
    assert share[0] == pytest.approx(base[0]) and share[1] == pytest.approx(base[1])
    assert share[2] > base[2] + 1.0  # new fabs win customers once built
    landed = [c for c, _ in recs_played[2].causes["KOR"]["prosperity.semiconductors"]]
    assert Cause("card", "kor_fab", "KOR", 1) in landed
    assert played.state.teams["KOR"].budget == pytest.approx(passed.state.teams["KOR"].budget - 3)


# ---------------------------------------------------------------- joint cards ----------
def test_joint_card_needs_every_partner_to_commit(tiny):
    s = session_with(tiny)
    rec = play_round(s, {"KOR": ["ews"]})  # the US did not commit it
    assert rec.plays["KOR"] == []
    assert rec.refused["KOR"] == [
        {"card": "ews", "reason": "ews is joint: USA did not commit it this round"}
    ]
    assert s.state.teams["KOR"].budget == pytest.approx(10 + 2)  # nothing paid; income arrived
    assert not [a for a in s.state.active if a.effect.kind == "early_warning"]


def test_joint_card_resolves_once_for_the_whole_group(tiny):
    s = session_with(tiny)
    rec = play_round(s, {"KOR": ["ews"], "USA": ["ews"]})
    assert rec.plays["KOR"] == ["ews"] and rec.plays["USA"] == ["ews"]
    warnings = [ae for ae in s.state.active if ae.effect.kind == "early_warning"]
    assert len(warnings) == 1  # one effect for the group, not one per partner
    assert sorted(warnings[0].effect.actors) == ["KOR", "USA"]
    assert warnings[0].cause == Cause("card", "ews", "KOR", 1)  # the first partner to resolve
    # each partner pays its own share
    assert s.state.teams["KOR"].budget == pytest.approx(10 - 1 + 2)
    assert s.state.teams["USA"].budget == pytest.approx(10 - 1 + 2)


def _joint(tiny, *effects, partners=("KOR", "USA", "JPN")):
    from .conftest import card

    c = card("pact", None, *effects, eligible=partners, partners=partners)
    scn = replace(tiny, cards={**tiny.cards, "pact": c},
                  teams={t: replace(ts, hand=ts.hand + (("pact",) if t in partners else ()))
                         for t, ts in tiny.teams.items()})
    return scn


def test_joint_card_applies_each_effect_once_however_many_partners_commit(tiny):
    from game.core.cards import Effect

    # a named trade cut (the card says 0.4), named capacity units, and a relations change
    scn = _joint(
        tiny,
        Effect("trade", actors=(), exporters=("USA", "JPN", "EU"), importers=("CHN",),
               sector="semiconductors", stage="design", change=0.4),
        Effect("capacity", actors=("ASEAN",), sector="semiconductors", stage="atp", units=3.0),
        Effect("relations", actors=("self",), counterparts=("KOR", "USA", "JPN"), change=5.0),
    )
    s = session_with(scn)
    play_round(s, {"KOR": ["pact"], "USA": ["pact"], "JPN": ["pact"]})
    trade = [ae for ae in s.state.active if ae.effect.kind == "trade"]
    cap = [ae for ae in s.state.active if ae.effect.kind == "capacity"]
    assert len(trade) == 1 and trade[0].effect.change == 0.4
    assert len(cap) == 1 and cap[0].effect.units == 3.0
    assert s.state.relations[("KOR", "USA")] == pytest.approx(5.0)  # each pair once
    assert s.state.relations[("JPN", "USA")] == pytest.approx(5.0)


def test_early_warning_pre_positions_stock_against_a_shock_that_hits_the_team(tiny):
    s = session_with(tiny, shocks={2: ["twn_outage"]})
    play_round(s, {"KOR": ["ews"], "USA": ["ews"]})
    budget = s.state.teams["KOR"].budget
    rec = play_round(s)
    # Taiwan's outage opens half of Korea's fabrication: soften 0.5 x gap 0.5 x 180 days = 45
    # days bought ahead, covering half the gap. The US buys half its fabs from Taiwan too, so it
    # is warned and buys as well.
    assert supply(rec, "KOR") == pytest.approx(75.0)
    assert rec.shocks[0]["warned"] == ["KOR", "USA"]
    # pre-positioning is paid for: 45 days at the price of stock
    from game.core.adjudication import STOCK_COST_PER_DAY

    assert s.state.teams["KOR"].budget == pytest.approx(budget - 45 * STOCK_COST_PER_DAY + 2)
    ews = Cause("card", "ews", "KOR", 1)
    assert dict(rec.causes["KOR"]["stockpile_days.semiconductors"])[ews] == pytest.approx(45.0)


def test_early_warning_adds_nothing_for_a_shock_that_misses_the_team(tiny):
    from game.core.cards import Effect

    from .conftest import shock

    # an outage at fabs of an actor with no fabs in this world: nobody's supply is cut
    miss = shock("row_outage", Effect("capacity", actors=("ROW",), sector="semiconductors",
                                      stage="fabrication", change=-1.0))
    scn = replace(tiny, shocks={**tiny.shocks, "row_outage": miss})
    s = session_with(scn, shocks={2: ["row_outage"]})
    play_round(s, {"KOR": ["ews"], "USA": ["ews"]})
    stock = dict(s.state.stockpile["semiconductors"])
    budget = s.state.teams["KOR"].budget
    rec = play_round(s)
    assert rec.shocks[0]["warned"] == []
    assert s.state.stockpile["semiconductors"] == stock
    assert s.state.teams["KOR"].budget == pytest.approx(budget + 2)


# ---------------------------------------------------------------- export control -------
def test_export_control_costs_the_restricter_and_provokes_retaliation(tiny):
    s = session_with(tiny)
    before = s.state.indicators["USA"]["prosperity"]
    rec1 = play_round(s, {"USA": ["usa_control"]})
    assert rec1.chance == [{"team": "USA", "card": "usa_control", "by": "CHN", "shock": "chn_answer",
                            "chance": 1.0, "roll": rec1.chance[0]["roll"], "hit": True}]
    assert rec1.indicators["USA"]["prosperity"] == pytest.approx(before)  # CHN buys nothing here
    hits = s.state.shocks[2]
    assert [(h.shock_id, h.origin, h.target) for h in hits] == [("chn_answer", "retaliation", "USA")]
    rec2 = play_round(s)
    # China cuts its half of the materials to the US, the team that provoked it; not to Korea
    assert supply(rec2, "USA") == pytest.approx(50.0)
    assert supply(rec2, "KOR") == pytest.approx(100.0)
    assert rec2.shocks[0]["origin"] == "retaliation"


def test_export_control_without_retaliation_when_the_roll_misses(tiny):
    s = session_with(tiny)
    rec = play_round(s, {"USA": ["usa_control_safe"]})
    assert rec.chance[0]["hit"] is False
    assert 2 not in s.state.shocks or not s.state.shocks[2]


def test_export_control_cuts_the_restricters_sales():
    from .conftest import make_scenario

    scn = make_scenario(demand={"semiconductors": {"KOR": 50.0, "USA": 25.0, "CHN": 25.0}})
    s = session_with(scn)
    before = s.state.indicators["USA"]["prosperity"]
    rec = play_round(s, {"USA": ["usa_control_safe"]})
    assert rec.indicators["USA"]["prosperity"] < before
    assert rec.indicators["CHN"]["supply.semiconductors"] == pytest.approx(0.0)


# ---------------------------------------------------------------- refusals -------------
@pytest.mark.parametrize(
    "team,cards,reason",
    [
        ("KOR", ["kor_big"], "kor big costs 99 budget; KOR has 10 left"),
        ("USA", ["kor_stock"], "kor stock is not in USA's hand"),
        ("KOR", ["kor_after_stock"], "kor after stock needs kor stock played first"),
        ("KOR", ["kor_fab", "kor_stock", "kor_fab"], "a card can be played only once a round"),
        ("KOR", ["kor_fab", "kor_stock", "ews"], "at most 2 cards a round; 3 chosen"),
        ("KOR", ["nope"], "unknown card 'nope'"),
        ("XXX", [], "unknown team 'XXX' (teams: KOR, JPN, USA, CHN, ASEAN)"),
    ],
)
def test_illegal_commit_is_refused_with_its_reason_and_changes_nothing(tiny, team, cards, reason):
    s = session_with(tiny)
    to_decisions(s)
    before = s.state.to_dict()
    log_len = len(s.log)
    with pytest.raises(IllegalAction) as exc:
        s.commit(team, cards)
    assert str(exc.value) == reason
    assert s.state.to_dict() == before and len(s.log) == log_len


def test_over_budget_together_is_refused(tiny):
    scn = replace(tiny, teams={**tiny.teams, "KOR": replace(tiny.teams["KOR"], budget=4.0)})
    s = session_with(scn)
    to_decisions(s)
    with pytest.raises(IllegalAction, match="cost 5 budget together; KOR has 4"):
        s.commit("KOR", ["kor_fab", "kor_stock"])


def test_commit_outside_decisions_is_refused(tiny):
    s = session_with(tiny)
    with pytest.raises(IllegalAction, match="decisions are closed: the game is in the briefing phase"):
        s.commit("KOR", [])


def test_round_waits_for_every_team(tiny):
    s = session_with(tiny)
    to_decisions(s)
    s.commit("KOR", [])
    with pytest.raises(IllegalAction, match="waiting for JPN, USA, CHN, ASEAN to commit"):
        s.advance()


# ---------------------------------------------------------------- attribution ----------
def test_causes_add_up_to_every_delta(tiny):
    s = session_with(tiny, stock={"KOR": 40.0}, shocks={1: ["twn_outage"], 2: ["half_outage"]})
    for commits in ({"KOR": ["kor_fab", "kor_stock"]}, {"USA": ["usa_control"]}, {}, {}):
        rec = play_round(s, commits)
        for team, deltas in rec.deltas.items():
            for k, d in deltas.items():
                total = sum(v for _, v in rec.causes[team].get(k, ()))
                assert total == pytest.approx(d, abs=1e-6), (rec.round, team, k)


def test_legal_plays_agrees_with_card_refusal(tiny):
    from game.core.rules import card_refusal, legal_plays

    from .conftest import make_scenario

    scn = make_scenario()
    s = session_with(scn)
    for commits in ({"KOR": ["kor_stock"]}, {"KOR": ["kor_stock", "kor_after_stock"]}, {}):
        to_decisions(s)
        for team in ("KOR", "USA", "JPN"):
            fast = legal_plays(scn, s.state, team)
            slow = [c for c in scn.teams[team].hand if card_refusal(scn, s.state, team, c) is None]
            assert fast == slow, team
        play_round(s, commits)


# ---------------------------------------------------------------- facilitator override -
def test_override_moves_the_indicator_and_the_score_with_the_reason_as_cause(tiny):
    from game.core.flow import Override

    s = session_with(tiny)
    to_decisions(s)
    for t in ("KOR", "JPN", "USA", "CHN", "ASEAN"):
        s.commit(t, [])
    s.advance()  # -> debrief
    before = dict(s.state.indicators["KOR"])
    s.act(Override("KOR", "resilience", before["resilience"] - 10.0, "white cell: port strike"))
    after = s.state.indicators["KOR"]
    weight = tiny.teams["KOR"].weight_resilience
    assert after["resilience"] == pytest.approx(before["resilience"] - 10.0)
    assert after["score"] == pytest.approx(before["score"] - 10.0 * weight)
    rec = s.state.history[-1]
    for key in ("resilience", "score"):
        assert rec.causes["KOR"][key][-1][0] == Cause("override", "white cell: port strike", "KOR", 1)
        assert sum(d for _, d in rec.causes["KOR"][key]) == pytest.approx(rec.deltas["KOR"][key])
    with pytest.raises(IllegalAction, match="needs a reason"):
        s.act(Override("KOR", "resilience", 50.0, "  "))


# ---------------------------------------------------------------- price spikes ---------
def test_price_spike_charges_importers_and_pays_exporters(tiny):
    # +50% on fabrication (value share 0.3). Korea imports half its 50 units of fabs (from
    # Taiwan): 25 x 0.3 x 0.5 = 3.75. The US imports all 50: 7.5. Both get their income of 2.
    s = session_with(tiny, shocks={1: ["fab_price_spike"]})
    before = {t: s.state.indicators[t]["prosperity"] for t in ("KOR", "USA")}
    rec = play_round(s)
    assert s.state.teams["KOR"].budget == pytest.approx(10 + 2 - 3.75)
    assert s.state.teams["USA"].budget == pytest.approx(10 + 2 - 7.5)
    # the bill is the spike's; the income that refills the budget pays the spike back first
    assert dict(rec.causes["USA"]["budget"])[Cause("shock", "fab_price_spike", None, 1)] == \
        pytest.approx(-7.5 + 2)
    assert rec.indicators["KOR"]["prosperity"] > before["KOR"]  # Korea sells fabs dearer
    assert rec.indicators["USA"]["supply.semiconductors"] == pytest.approx(100.0)


# ---------------------------------------------------------------- stock ledger ---------
def test_a_drawdown_is_the_shocks_cost_when_the_buffer_shows_it(tiny):
    s = session_with(tiny, stock={"KOR": 90.0}, shocks={1: ["twn_outage"]})
    play_round(s)  # the 90 days cover the gap and are drawn
    rec = play_round(s)
    quake = Cause("shock", "twn_outage", None, 1)
    stock = dict(rec.causes["KOR"]["stockpile_days.semiconductors"])
    # the buffer shows the drawdown in round 2; the refill (30 days) is in round 2's end
    assert stock == {quake: pytest.approx(-90.0)}
    assert all(c.origin != "routine" for c, _ in rec.causes["KOR"]["score"])


def test_stock_is_refilled_at_a_cost_over_rounds_and_charged_to_the_shock(tiny):
    """The outage (one round) drains Korea's 90 days; the pile is bought back, 30 days a round
    at a price, from the first round its suppliers deliver in full again, and each refill is
    the shock's, not routine."""
    from game.core.adjudication import STOCK_COST_PER_DAY

    s = session_with(tiny, stock={"KOR": 90.0}, shocks={1: ["twn_outage"]})
    s.scenario.stockpile_days["semiconductors"]["KOR"] = 90.0  # the policy target: as started
    income = tiny.teams["KOR"].income
    r1 = play_round(s)
    assert s.state.stockpile["semiconductors"]["KOR"] == pytest.approx(0.0)  # short: no refill
    assert s.state.teams["KOR"].budget == pytest.approx(12)  # start + income, nothing bought
    play_round(s)
    assert s.state.stockpile["semiconductors"]["KOR"] == pytest.approx(30.0)  # one refill
    assert s.state.teams["KOR"].budget == pytest.approx(12 + income - 30 * STOCK_COST_PER_DAY)
    r3, r4 = play_round(s), play_round(s)
    assert s.state.stockpile["semiconductors"]["KOR"] == pytest.approx(90.0)  # back on target
    quake = Cause("shock", "twn_outage", None, 1)
    refills = [dict(r.causes["KOR"]["stockpile_days.semiconductors"]) for r in (r3, r4)]
    assert refills == [{quake: pytest.approx(30.0)}] * 2  # the shock's, not routine
    assert r1.round == 1


def test_no_stock_is_bought_while_the_market_is_short(tiny):
    """A shortage that lasts: the pile is drawn and not bought back until supply is whole
    again, so the drawdown shows through the shortage instead of a pile that reads
    "unchanged" because it was drawn and refilled in the same round."""
    from game.core.adjudication import STOCK_COST_PER_DAY

    long = replace(tiny.shocks["twn_outage"], duration=3)
    scn = replace(tiny, shocks={**tiny.shocks, "twn_outage": long})
    s = session_with(scn, stock={"KOR": 90.0}, shocks={1: ["twn_outage"]})
    s.scenario.stockpile_days["semiconductors"]["KOR"] = 90.0
    budget = s.state.teams["KOR"].budget
    income = scn.teams["KOR"].income
    play_round(s)
    assert s.state.stockpile["semiconductors"]["KOR"] == pytest.approx(0.0)
    assert s.state.teams["KOR"].budget == pytest.approx(budget + income)  # nothing bought
    for _ in range(3):  # the outage's rounds 2 and 3, then the first round it is over
        play_round(s)
    assert s.state.stockpile["semiconductors"]["KOR"] == pytest.approx(30.0)
    assert s.state.teams["KOR"].budget == pytest.approx(
        budget + 4 * income - 30 * STOCK_COST_PER_DAY)


# ---------------------------------------------------------------- leakage --------------
def _control_world(tiny, exporters):
    """China buys its equipment from the US (60), Japan (20) and the EU (20): a US control on
    its own, or one the allies join."""
    from game.core.cards import Effect
    from game.core.scenario import complete_sourcing

    from .conftest import card

    cap = {**tiny.capacity["semiconductors"],
           "equipment": {"USA": 60.0, "JPN": 30.0, "EU": 30.0, "KOR": 10.0}}
    capacity = {"semiconductors": cap}
    demand = {"semiconductors": {"KOR": 30.0, "USA": 30.0, "CHN": 40.0}}
    control = card("tools_control", "USA", Effect(
        "trade", actors=(), exporters=exporters, importers=("CHN",), sector="semiconductors",
        stage="equipment", change=1.0))
    return replace(
        tiny, capacity=capacity, demand=demand,
        sourcing=complete_sourcing(tiny.world, ("semiconductors",), capacity, {}),
        cards={**tiny.cards, "tools_control": control}, rounds=6,
        teams={t: replace(ts, hand=ts.hand + ("tools_control",)) for t, ts in tiny.teams.items()},
    )


def _china_equipment_access(scn):
    s = session_with(scn)
    out = []
    for i in range(5):
        rec = play_round(s, {"USA": ["tools_control"]} if i == 0 else {})
        out.append(1.0 - rec.network["semiconductors"]["equipment"]["CHN"]["unmet"])
    return out


def test_a_unilateral_control_leaks_as_the_buyer_re_sources(tiny):
    access = _china_equipment_access(_control_world(tiny, ("USA",)))
    # bites at once, then China buys a growing share of what it lost from Japan, the EU and
    # Korea, who do not restrict it, as their spare capacity allows
    assert access[0] == pytest.approx(1 - 60 / 130, abs=1e-4)  # the US share of its tools
    assert access[0] < access[1] < access[2] < access[3]
    assert access[4] > 0.9


def test_a_control_joined_by_every_holder_bites_harder_and_longer(tiny):
    alone = _china_equipment_access(_control_world(tiny, ("USA",)))
    joined = _china_equipment_access(_control_world(tiny, ("USA", "JPN", "EU")))
    assert sum(1 - a for a in joined) > 2 * sum(1 - a for a in alone)
    assert joined[-1] < 0.5  # only Korea's small spare capacity is left to leak through


# ---------------------------------------------------------------- heat map -------------
def test_the_heat_map_shows_capacity_as_the_round_left_it(tiny):
    rec = play_round(session_with(tiny, shocks={1: ["half_outage"]}))
    fab = rec.network["semiconductors"]["fabrication"]
    assert fab["TWN"]["capacity"] == pytest.approx(20.0)  # 50 units, 60% out
    assert fab["KOR"]["capacity"] == pytest.approx(50.0)


# ---------------------------------------------------------------- retaliation sizing ---
def test_a_boycott_costs_a_target_that_depends_on_the_authors_market_more_than_the_author(tiny):
    # China buys half the world's fabs (Korea sells it half its output); China boycotts Korea:
    # Korea loses the sales for as long as it lasts, China re-sources from Taiwan's spare fabs
    from game.core.cards import Effect
    from game.core.scenario import complete_sourcing

    from .conftest import shock

    cap = {**tiny.capacity["semiconductors"], "fabrication": {"TWN": 70.0, "KOR": 50.0}}
    capacity = {"semiconductors": cap}
    boycott = shock("boycott", Effect("trade", actors=(), exporters=("target",), importers=("CHN",),
                                      sector="semiconductors", stage="fabrication", change=0.5),
                    duration=3)
    scn = replace(tiny, capacity=capacity,
                  demand={"semiconductors": {"KOR": 25.0, "USA": 25.0, "CHN": 50.0}},
                  sourcing=complete_sourcing(tiny.world, ("semiconductors",), capacity, {}),
                  shocks={**tiny.shocks, "boycott": boycott})
    hit = Session(scn, 1)
    hit.state.shocks[1] = [ShockHit("boycott", "retaliation", target="KOR", by="CHN")]
    calm = Session(scn, 1)
    recs = [(play_round(hit), play_round(calm)) for _ in range(3)]
    # in prosperity: the target loses its sales, the author's industry gains orders. (Without
    # a stockpile the author's own supply suffers while it re-sources: a boycott is not free
    # for its author either; the bundled scenario's case checks the score too.)
    cost = {t: sum(c.indicators[t]["prosperity"] - h.indicators[t]["prosperity"] for h, c in recs)
            for t in ("KOR", "CHN")}
    assert cost["KOR"] > 0 and cost["KOR"] > cost["CHN"], cost
    # China's supply gap closes as it re-sources; Korea's lost sales do not come back
    unmet = [h.network["semiconductors"]["fabrication"]["CHN"]["unmet"] for h, _ in recs]
    assert unmet[0] > unmet[1] > unmet[2]
    cause = Cause("retaliation", "boycott", "CHN", 1)
    assert cause in dict(recs[0][0].causes["KOR"]["prosperity"])


def test_two_shocks_ending_in_one_round_are_each_credited_their_own_recovery(tiny):
    """Expiries (and landings) are switched one cause at a time and measured after each: the
    recovery from two outages that end together is shared between them, not handed whole to
    whichever was measured first."""
    from .conftest import fab_cut, shock

    kor_outage = shock("kor_outage", fab_cut("KOR", -1.0))
    scn = replace(tiny, shocks={**tiny.shocks, "kor_outage": kor_outage})
    s = session_with(scn, shocks={1: ["twn_outage", "kor_outage"]})
    play_round(s)
    r2 = play_round(s)
    twn, kor = Cause("shock", "twn_outage", None, 1), Cause("shock", "kor_outage", None, 1)
    credits = dict(r2.causes["KOR"]["supply.semiconductors"])
    assert credits.get(twn, 0.0) > 1e-6 and credits.get(kor, 0.0) > 1e-6
    assert sum(credits.values()) == pytest.approx(r2.deltas["KOR"]["supply.semiconductors"])


def test_a_hair_of_shortfall_does_not_stop_the_refill(tiny):
    """A gap under REFILL_SHORTFALL (a supplier a hair over-ordered for good) is covered from
    stock and the stock is bought back in the same round; a real shortage is not."""
    from game.core.adjudication import REFILL_SHORTFALL

    from .conftest import fab_cut, shock

    for cut, refilled in ((-0.01, True), (-0.5, False)):
        chronic = shock("chronic", fab_cut("TWN", cut), duration=8)
        scn = replace(tiny, shocks={**tiny.shocks, "chronic": chronic})
        s = session_with(scn, stock={"KOR": 90.0}, shocks={1: ["chronic"]})
        s.scenario.stockpile_days["semiconductors"]["KOR"] = 90.0
        rec = play_round(s)
        gap = max(stage["KOR"]["unmet"] for stage in rec.network["semiconductors"].values())
        stock = s.state.stockpile["semiconductors"]["KOR"]
        if refilled:
            assert 0.0 < gap < REFILL_SHORTFALL  # short, by a hair, before stock
            assert stock == pytest.approx(90.0)  # drawn and bought back
        else:
            assert gap > REFILL_SHORTFALL
            assert stock < 90.0 - 1.0


def test_the_record_names_what_wore_off_and_what_took_effect(tiny):
    """A round's record lists the causes whose effects ended or landed at its start, so a
    later round's credit to a shock can be worded as its end (the report and the TUI read
    `ended` / `landed`; nothing parses a label)."""
    s = session_with(tiny, shocks={1: ["twn_outage"]})
    r1 = play_round(s, {"KOR": ["kor_fab"]})
    r2, r3 = play_round(s), play_round(s)
    outage, fab = Cause("shock", "twn_outage", None, 1), Cause("card", "kor_fab", "KOR", 1)
    assert r1.ended == [] and r1.landed == []  # the outage hits in round 1: not an expiry
    assert r2.ended == [outage] and r2.landed == []  # one round's outage is over
    assert r3.landed == [fab] and r3.ended == []  # the fab's lag of 2 has run
    # the recovery credited to the outage in round 2 is the whole of Korea's supply gain
    credits = dict(r2.causes["KOR"]["supply.semiconductors"])
    assert credits[outage] == pytest.approx(r2.deltas["KOR"]["supply.semiconductors"])
    assert r2.deltas["KOR"]["supply.semiconductors"] > 1.0
