"""The report reads cause objects: kinds from the cause's origin, never from a title; routine
bookkeeping is never a finding; a card's effect is the counterfactual replay; the heat map is
the live network of the round records."""

from __future__ import annotations

import dataclasses

from game.core.counterfactual import Removal, counterfactual
from game.headless import play_to_end
from game.report.model import build_model
from game.session import Session
from game.wording import ROUTINE_TITLES

from ..default_world import STAGE_TITLES, TEAMS
from .conftest import played


def _all_findings(model):
    for tm in model["teams"]:
        yield from tm["worked"]
        yield from tm["hurt"]
    for tp in model["turning_points"]:
        yield from tp["causes"]
    for rd in model["rounds"]:
        for sc in rd["scores"]:
            yield from sc["causes"]


def test_routine_causes_are_never_findings(scenario):
    for seed in (3, 7):
        model = build_model(played(scenario, seed))
        found = list(_all_findings(model))
        assert found, "the game should have credited some cause"
        assert not any(c["routine"] or c["origin"] == "routine" for c in found)
        routine_words = set(ROUTINE_TITLES.values())
        for tm in model["teams"]:
            texts = [s["text"] for s in tm["strengths"]] + [
                " ".join((i["issue"], i["root_cause"], i["action"])) for i in tm["improvements"]]
            assert not any(w in t for w in routine_words for t in texts)


def test_kinds_come_from_the_cause_not_the_title(scenario):
    """Titles that look like the old label prefixes change nothing but the words."""
    odd = {cid: dataclasses.replace(c, title=f"Shock: Ends: {c.title}")
           for cid, c in scenario.cards.items()}
    renamed = dataclasses.replace(scenario, cards=odd)
    a, b = build_model(played(scenario, 7)), build_model(played(renamed, 7))
    for ta, tb in zip(a["teams"], b["teams"]):
        assert [(c["kind"], c["origin"], c["delta"]) for c in ta["worked"] + ta["hurt"]] == \
            [(c["kind"], c["origin"], c["delta"]) for c in tb["worked"] + tb["hurt"]]
        assert [i["area"] for i in ta["improvements"]] == [i["area"] for i in tb["improvements"]]


def test_score_effect_of_a_play_is_the_counterfactual(scenario):
    s = played(scenario, 7)
    model = build_model(s)
    actions = [e.action for e in s.log]
    checked = 0
    for tm in model["teams"]:
        for d in tm["decisions"]:
            if d["outcome"] != "played" or checked >= 3:
                continue
            cf = counterfactual(scenario, 7, actions, Removal(tm["code"], d["card_id"], d["round"]))
            assert abs(d["score_effect"] - cf.effect(tm["code"], "score")) < 1e-3
            checked += 1
    assert checked


def test_heat_map_is_the_live_network_of_the_round_records(scenario):
    s = played(scenario, 7)
    model = build_model(s)
    last = s.state.history[-1]
    for hm in model["charts"]["heat_maps"]:
        panel = hm["panels"][-1]
        assert panel["round"] == last.round
        for team in TEAMS:
            for stage, cell in last.network[hm["sector"]].items():
                title = STAGE_TITLES.get(stage, stage)
                assert abs(panel["values"][team][title] - (1 - min(1, cell[team]["unmet"]))) < 1e-3


def test_a_game_not_started_has_no_heat_map_panels(scenario):
    model = build_model(Session(scenario, 3))
    assert all(hm["panels"] == [] for hm in model["charts"]["heat_maps"])


def test_override_is_read_from_its_cause(hostile_game):
    model = build_model(hostile_game)
    o = model["overrides"][0]
    assert o["indicator"] == "resilience" and o["reason"].startswith("<img")


def test_refused_joint_card_names_the_partner_who_stayed_out(scenario):
    for seed in range(3, 12):
        s = play_to_end(Session(scenario, seed))
        for rec in s.state.history:
            for team, lst in rec.refused.items():
                for x in lst:
                    card = scenario.cards[x["card"]]
                    rd = build_model(s)["rounds"][rec.round - 1]
                    ref = next(r for d in rd["decisions"] if d["team"] == team
                               for r in d["refused"] if r["card_id"] == x["card"])
                    assert ref["missing"] and set(ref["missing"]) <= set(card.partners)
                    assert all(m in x["reason"] for m in ref["missing"])
                    return
    raise AssertionError("no refused joint card in seeds 3-11")


def test_a_credit_from_an_earlier_round_says_when_and_whether_it_ended(scenario):
    """Round causes carry their round; one whose effects ended that round says so, one that
    landed says it took effect: read from the record's `ended`/`landed`, not guessed from the
    sign (the round a ban ends also carries what it still costs)."""
    from game.wording import cause_in_round, cause_title

    seen = set()
    for seed in (3, 7, 11):
        session = played(scenario, seed)
        state = session.state
        for rec in state.history:
            for team_causes in rec.causes.values():
                for lst in team_causes.values():
                    for c, _ in lst:
                        words = cause_in_round(scenario, state, c, rec)
                        title = cause_title(scenario, state, c)
                        if c.origin == "routine" or not c.round or c.round >= rec.round:
                            assert words == title
                        elif c in rec.ended:
                            assert words == f"{title} (round {c.round}, ended)"
                            seen.add("ended")
                        elif c in rec.landed:
                            assert words == f"{title} (round {c.round}, took effect)"
                            seen.add("landed")
                        else:
                            assert words == f"{title} (round {c.round})"
                            seen.add("earlier")
        model = build_model(session)
        for tp in model["turning_points"]:
            for c in tp["causes"]:
                if c["round"] and c["round"] < tp["round"]:
                    assert f"(round {c['round']}" in c["label"]
    assert seen == {"ended", "landed", "earlier"}
