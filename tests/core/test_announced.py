"""Rule cases for controls announced ahead of landing (`announced` on a lagged trade cut).

The Babbage Forum's Asian members found that most supply-chain reconfiguration stems from the
expectation of trade restrictions rather than the restrictions themselves: firms that see a
control coming re-source and stock up before it bites. The same control, with the same lag,
therefore bites less when it was announced than when it lands as a surprise.

World: China buys its equipment from the US (60), Japan (30), the EU (30) and Korea (10) in
proportion to capacity; Korea and the US buy 30 each. The US cuts all its tool exports to
China, landing two rounds after it is played.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.cards import Effect
from game.core.causes import Cause
from game.core.counterfactual import Removal, counterfactual
from game.core.scenario import complete_sourcing
from game.session import Session

from .conftest import card
from .rounds import play_round

LAG = 2


def _world(tiny, announced: bool):
    cap = {**tiny.capacity["semiconductors"],
           "equipment": {"USA": 60.0, "JPN": 30.0, "EU": 30.0, "KOR": 10.0}}
    capacity = {"semiconductors": cap}
    control = card("tools_control", "USA", Effect(
        "trade", actors=(), exporters=("self",), importers=("CHN",), sector="semiconductors",
        stage="equipment", change=1.0, lag=LAG, duration=3, announced=announced))
    return replace(
        tiny, capacity=capacity, rounds=5,
        demand={"semiconductors": {"KOR": 30.0, "USA": 30.0, "CHN": 40.0}},
        sourcing=complete_sourcing(tiny.world, ("semiconductors",), capacity, {}),
        cards={**tiny.cards, "tools_control": control},
        teams={t: replace(ts, hand=ts.hand + ("tools_control",)) for t, ts in tiny.teams.items()},
    )


def _play(scn, rounds=1 + LAG):
    s = Session(scn, 1)
    recs = [play_round(s, {"USA": ["tools_control"]} if r == 1 else {})
            for r in range(1, rounds + 1)]
    return s, recs


def _access(rec, who="CHN"):
    return 1.0 - rec.network["semiconductors"]["equipment"][who]["unmet"]


def test_an_announced_control_leaks_more_at_landing_than_a_surprise_with_the_same_lag(tiny):
    _, surprise = _play(_world(tiny, announced=False))
    _, announced = _play(_world(tiny, announced=True))
    # nothing is cut before the landing round, announced or not
    assert _access(surprise[0]) == _access(announced[0]) == pytest.approx(1.0)
    # at landing the surprise cuts the whole US share (60/130); the announced control has
    # stood two rounds in firms' plans: they have re-sourced half the flow from Japan, the EU
    # and Korea (a quarter a round, as far as spare capacity allows)
    assert _access(surprise[-1]) == pytest.approx(1 - 60 / 130, abs=1e-4)
    assert _access(announced[-1]) > _access(surprise[-1]) + 0.1


def test_importers_hold_more_stock_at_landing_and_the_announcer_is_credited(tiny):
    s_sur, _ = _play(_world(tiny, announced=False), rounds=1)
    s_ann, ann = _play(_world(tiny, announced=True), rounds=1)
    stock = {k: s.state.stockpile["semiconductors"].get("CHN", 0.0)
             for k, s in (("surprise", s_sur), ("announced", s_ann))}
    assert stock["surprise"] == 0.0
    assert stock["announced"] > 0.0
    # China paid for that stock, and the stock is credited to the US card that announced it
    # (so is the purchase: income pays it back to the card, not to routine)
    assert s_ann.state.teams["CHN"].budget < s_sur.state.teams["CHN"].budget
    us_card = Cause("card", "tools_control", "USA", 1)
    assert dict(ann[0].causes["CHN"]["stockpile_days.semiconductors"]) == {
        us_card: pytest.approx(stock["announced"])}
    # the exporters that did not restrict are not asked to stock up
    assert s_ann.state.stockpile["semiconductors"].get("KOR", 0.0) == 0.0


def test_the_stock_bought_ahead_softens_the_landing(tiny):
    _, surprise = _play(_world(tiny, announced=False))
    _, announced = _play(_world(tiny, announced=True))
    sup = {k: recs[-1].indicators["CHN"]["supply.semiconductors"]
           for k, recs in (("surprise", surprise), ("announced", announced))}
    assert sup["announced"] > sup["surprise"]


def test_the_announcers_counterfactual_shows_the_difference(tiny):
    effects = {}
    for announced in (False, True):
        scn = _world(tiny, announced)
        s, _ = _play(scn)
        cf = counterfactual(scn, 1, [e.action for e in s.log], Removal("USA", "tools_control"))
        effects[announced] = {k: cf.effect("CHN", k) for k in ("supply.semiconductors", "budget")}
    # removing the surprise restores more of China's supply at landing than removing the
    # announced control, whose bite firms had already softened
    assert effects[False]["supply.semiconductors"] < effects[True]["supply.semiconductors"] <= 0.0
    # and only the announcement cost China anything before it landed: its stock purchase
    assert effects[False]["budget"] == pytest.approx(0.0)
    assert effects[True]["budget"] < 0.0


def test_an_announced_shock_is_anticipated_too(tiny):
    from game.core.state import ShockHit

    from .conftest import shock

    scn = _world(tiny, announced=True)
    ban = shock("tools_ban", replace(scn.cards["tools_control"].effects[0], exporters=("USA",)))
    scn = replace(scn, shocks={**scn.shocks, "tools_ban": ban})
    s = Session(scn, 1)
    s.state.shocks[1] = [ShockHit("tools_ban", "scheduled")]
    rec = play_round(s)
    assert s.state.stockpile["semiconductors"]["CHN"] > 0.0
    assert Cause("shock", "tools_ban", None, 1) in dict(rec.causes["CHN"]["stockpile_days.semiconductors"])


def test_leakage_growth_is_credited_to_the_control_not_to_the_stock_carried_over(tiny):
    # a control that landed at once: from round 2 on, its leaking is the control's doing
    scn = _world(tiny, announced=False)
    scn = replace(scn, cards={**scn.cards, "tools_control": replace(
        scn.cards["tools_control"], effects=(replace(scn.cards["tools_control"].effects[0], lag=0),))})
    _, recs = _play(scn, rounds=3)
    us_card = Cause("card", "tools_control", "USA", 1)
    for rec in recs[1:]:
        credits = dict(rec.causes["CHN"]["supply.semiconductors"])
        assert set(credits) == {us_card}, credits
        assert credits[us_card] > 0.0  # China's supply recovers as it re-sources
