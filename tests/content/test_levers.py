"""The content side of issue 13's levers: goals in a scenario's team setup and announced
controls in an effect, each refused with one `file:line: key: message` when wrong."""

from __future__ import annotations

import copy

import pytest
import yaml

from game.content import load_library
from game.content.loader import content_root

BASE = yaml.safe_load((content_root() / "scenarios" / "semiconductor_chokepoint.yaml").read_text("utf-8"))


def _problems(tmp_path, edit) -> list[str]:
    data = copy.deepcopy(BASE)
    data["id"] = "levers_case"
    data["default"] = False
    edit(data)
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return [str(p) for p in load_library([path]).problems]


def _usa(data, weights, goals):
    data["teams"]["USA"]["weights"] = weights
    data["teams"]["USA"]["goals"] = goals


DENY = {"kind": "deny", "rival": "CHN", "sector": "semiconductors", "stage": "equipment", "weight": 0.2}
KEEP = {"kind": "relations", "partner": "KOR", "at_least": 20, "weight": 0.1}


def test_goals_that_add_up_validate(tmp_path):
    assert _problems(tmp_path, lambda d: _usa(d, {"resilience": 0.5, "prosperity": 0.2},
                                               [DENY, KEEP])) == []


@pytest.mark.parametrize("goals,weights,key,words", [
    ([DENY], {"resilience": 0.72, "prosperity": 0.28}, "teams.USA.weights",
     "resilience, prosperity and goal weights must add up to 1 (they add up to 1.2)"),
    ([{**DENY, "stage": "fabriction"}], {"resilience": 0.6, "prosperity": 0.2},
     "teams.USA.goals[0].stage", "'fabriction'"),
    ([{**DENY, "sector": "batteries"}], {"resilience": 0.6, "prosperity": 0.2},
     "teams.USA.goals[0].sector", "'batteries' is not a sector of this scenario"),
    ([{**DENY, "rival": "USA"}], {"resilience": 0.6, "prosperity": 0.2},
     "teams.USA.goals[0].rival", "USA cannot deny itself"),
    ([{**DENY, "rival": "CHINA"}], {"resilience": 0.6, "prosperity": 0.2},
     "teams.USA.goals[0].rival", "unknown actor 'CHINA'"),
    ([{**KEEP, "partner": "TWN"}], {"resilience": 0.6, "prosperity": 0.3},
     "teams.USA.goals[0].partner", "unknown team 'TWN'"),
    ([KEEP, KEEP], {"resilience": 0.6, "prosperity": 0.2},
     "teams.USA.goals[1]", "the same goal as goals[0]"),
    ([{**DENY, "kind": "contain"}], {"resilience": 0.6, "prosperity": 0.2},
     "teams.USA.goals[0].kind", "unknown goal kind 'contain'"),
    ([{**KEEP, "at_least": 150}], {"resilience": 0.6, "prosperity": 0.3},
     "teams.USA.goals[0].at_least", "expected a number between -100 and 100"),
])
def test_a_wrong_goal_is_one_clear_line(tmp_path, goals, weights, key, words):
    msgs = _problems(tmp_path, lambda d: _usa(d, weights, goals))
    hits = [m for m in msgs if f": {key}: " in m and words in m]
    assert hits, msgs
    assert hits[0].split(":")[0].endswith("case.yaml") and hits[0].split(":")[1].isdigit()


def test_a_rival_that_buys_nothing_there_cannot_be_denied(tmp_path):
    def edit(d):
        _usa(d, {"resilience": 0.6, "prosperity": 0.2}, [{**DENY, "rival": "ASEAN"}])
        d["demand"]["semiconductors"].pop("ASEAN")
    msgs = _problems(tmp_path, edit)
    assert any("teams.USA.goals[0].rival: ASEAN buys no semiconductors" in m for m in msgs), msgs


def _deck_problems(tmp_path, effect) -> list[str]:
    deck = tmp_path / "mine.yaml"
    deck.write_text(yaml.safe_dump({"deck": "mine", "team": "USA", "cards": [{
        "id": "my_control", "title": "A control", "cost": 1, "flavour": "Words.",
        "source": {"ref": "babbage2024", "at": "Table 2"}, "effects": [effect]}]},
        sort_keys=False), encoding="utf-8")
    return [str(p) for p in load_library([deck]).problems]


CUT = {"kind": "trade", "from": ["self"], "to": ["CHN"], "sector": "semiconductors",
       "stage": "equipment", "cut": 0.5, "lag": 1, "announced": True}


def test_an_announced_lagged_cut_validates(tmp_path):
    assert _deck_problems(tmp_path, CUT) == []


def test_an_announced_cut_needs_a_lag(tmp_path):
    msgs = _deck_problems(tmp_path, {**CUT, "lag": 0})
    assert any("mine.yaml:" in m and "cards[0].effects[0].announced: an announced control needs a lag"
               in m for m in msgs), msgs


def test_only_a_trade_effect_is_announced(tmp_path):
    msgs = _deck_problems(tmp_path, {"kind": "capacity", "sector": "semiconductors", "change": 0.1,
                                     "lag": 1, "announced": True})
    assert any("cards[0].effects[0].announced: 'announced' is only for trade effects" in m
               for m in msgs), msgs


def test_the_bundled_decks_announce_a_real_control(scenarios):
    announced = [c.id for c in scenarios["semiconductor_chokepoint"].cards.values()
                 if any(e.announced for e in c.effects)]
    assert announced
    for cid in announced:
        for e in scenarios["semiconductor_chokepoint"].cards[cid].effects:
            if e.announced:
                assert e.kind == "trade" and e.lag >= 1


def test_the_usa_keeps_tools_away_from_china_in_the_chip_scenario(scenarios):
    goals = scenarios["semiconductor_chokepoint"].teams["USA"].goals
    assert [(g.kind, g.rival, g.stage) for g in goals] == [("deny", "CHN", "equipment")]
    setup = scenarios["semiconductor_chokepoint"].teams["USA"]
    assert setup.weight_resilience + setup.weight_prosperity + sum(g.weight for g in goals) == \
        pytest.approx(1.0)
