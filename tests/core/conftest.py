"""A tiny world with round numbers, so rule cases can state exact outcomes.

Fabrication is split 50/50 between Taiwan and Korea, materials between Japan and China; every
other stage has one supplier with
exactly enough capacity. Korea and the US each demand 50 units; a round is 180 days.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.cards import Card, Effect, Retaliation, Shock
from game.core.scenario import Scenario, TeamSetup, complete_sourcing

from ..default_world import TEAMS, WORLD

CAPACITY = {
    "semiconductors": {
        "materials": {"JPN": 50.0, "CHN": 50.0},
        "equipment": {"USA": 100.0},
        "design": {"USA": 100.0},
        "fabrication": {"TWN": 50.0, "KOR": 50.0},
        "atp": {"ASEAN": 100.0},
    }
}


def shock(id, *effects, severity=1.0, duration=1, category="geopolitics"):
    return Shock(id=id, title=id.replace("_", " "), category=category, severity=severity,
                 duration=duration, effects=tuple(effects), flavour="f", source="s")


def card(id, team, *effects, cost=1.0, **kw):
    return Card(id=id, title=id.replace("_", " "), team=team, eligible=kw.pop("eligible", (team,)),
                cost=cost, effects=tuple(effects), flavour="f", source="s", **kw)


def fab_cut(actor="TWN", change=-1.0):
    return Effect("capacity", actors=(actor,), sector="semiconductors", stage="fabrication",
                  change=change)


CARDS = [
    card("kor_fab", "KOR", Effect("capacity", actors=("self",), sector="semiconductors",
                                  stage="fabrication", change=0.5, lag=2), cost=3),
    card("kor_stock", "KOR", Effect("stockpile", actors=("self",), sector="semiconductors",
                                    units=90.0), cost=2, limit=2),
    card("kor_after_stock", "KOR", Effect("stockpile", actors=("self",), sector="semiconductors",
                                          units=10.0), requires=("kor_stock",)),
    card("kor_big", "KOR", Effect("stockpile", sector="semiconductors", units=1.0), cost=99),
    card("usa_control", "USA", Effect("trade", actors=(), exporters=("self",), importers=("CHN",),
                                      sector="semiconductors", stage="design", change=1.0,
                                      duration=2),
         retaliation=Retaliation("CHN", 1.0, "chn_answer")),
    card("usa_control_safe", "USA", Effect("trade", actors=(), exporters=("self",),
                                           importers=("CHN",), sector="semiconductors",
                                           stage="design", change=1.0, duration=2),
         retaliation=Retaliation("CHN", 0.0, "chn_answer")),
    card("ews", None, Effect("early_warning", actors=("self",), change=0.5), cost=1,
         eligible=("KOR", "USA", "JPN"), partners=("KOR", "USA")),
]

SHOCKS = [
    shock("twn_outage", fab_cut()),
    shock("half_outage", fab_cut(change=-0.6)),
    shock("half_outage_2", fab_cut(change=-0.6)),
    shock("fab_price_spike", Effect("price", actors=(), sector="semiconductors",
                                    stage="fabrication", change=0.5)),
    shock("chn_answer", Effect("trade", actors=(), exporters=("CHN",), importers=("target",),
                               sector="semiconductors", stage="materials", change=1.0),
          duration=1),
]


def make_scenario(**changes) -> Scenario:
    cards = {c.id: c for c in CARDS}
    teams = {
        t: TeamSetup(team=t, budget=10.0, income=2.0, political_capital=3.0, political_income=1.0,
                     hand=tuple(c.id for c in CARDS if t in c.eligible))
        for t in TEAMS
    }
    scn = Scenario(
        id="tiny", title="Tiny", rounds=4, sectors=("semiconductors",), capacity=CAPACITY,
        demand={"semiconductors": {"KOR": 50.0, "USA": 50.0}},
        sourcing=complete_sourcing(WORLD, ("semiconductors",), CAPACITY, {}),
        stockpile_days={"semiconductors": {}}, teams=teams, cards=cards,
        shocks={s.id: s for s in SHOCKS}, schedule={}, shock_deck=(), world=WORLD, draws_per_round=0,
    )
    return replace(scn, **changes)


@pytest.fixture
def tiny():
    return make_scenario()
