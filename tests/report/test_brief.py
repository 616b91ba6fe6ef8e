"""The brief: findings that name a card, shock or dependency; robustness replays; HSEEP
objectives; the improvement plan and participants the room enters; acronyms; the same content
in Markdown and HTML."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

from game.content import load_scenario
from game.core.objectives import Criterion, Objective
from game.report import render_model, render_report, robustness
from game.report.glossary import acronyms
from game.report.model import build_model
from game.report.plan import participant_note, plan_note
from game.wording import ROUTINE_TITLES

from ..default_world import TEAMS
from .conftest import played


def test_replaying_the_decisions_under_the_games_own_seed_gives_the_game(game):
    actions = [e.action for e in game.log]
    again = robustness.replay_decisions(game.scenario, game.seed, actions)
    for t in TEAMS:
        assert abs(again.indicators[t]["score"] - game.state.indicators[t]["score"]) < 1e-9


def test_replays_change_the_draw_and_keep_the_decisions(game):
    actions = [e.action for e in game.log]
    reps = robustness.run(game.scenario, game.seed, actions, 8)
    assert reps.n == 8 and game.seed not in reps.seeds
    drawn = {tuple(s["id"] for rec in st.history for s in rec.shocks) for st in reps.states}
    assert len(drawn) > 1  # other draws, other shocks
    dist = robustness.distribution(reps, game.state)
    assert all(sum(d["rank_counts"]) == 8 for d in dist)
    assert abs(sum(d["first_share"] for d in dist) - 1.0) < 1e-6


def test_replays_play_as_a_batch(game, monkeypatch):
    """The brief's replays, causes off and on, are a batch of games (sim/memory.py): under
    Python's defaults the collector took a tenth of a causes-on replay and freed nothing."""
    import gc

    from game.sim.memory import BATCH_GEN0

    thresholds = []
    replay = robustness.replay_decisions

    def watched(*args, **kwargs):
        thresholds.append(gc.get_threshold()[0])
        return replay(*args, **kwargs)

    monkeypatch.setattr(robustness, "replay_decisions", watched)
    reps = robustness.run(game.scenario, game.seed, [e.action for e in game.log], 3)
    assert len(reps.explained()) == 3
    assert thresholds == [BATCH_GEN0] * 6
    assert gc.get_threshold()[0] != BATCH_GEN0  # and the defaults back after


def test_every_finding_names_a_card_shock_or_dependency(scenario):
    routine = set(ROUTINE_TITLES.values())
    for seed in (4, 7):
        model = build_model(played(scenario, seed))
        assert model["findings"]
        for f in model["findings"]:
            assert set(f["names"]) <= {"card", "shock", "dependency"} and f["names"]
            for ref in f["names"].values():
                assert ref in scenario.cards or ref in scenario.shocks or "." in ref
            assert f["recommendation"]["addressee"] and f["recommendation"]["text"]
            assert f["robustness"]["text"]
            assert not any(w in f["text"] + f["headline"] for w in routine)


def test_a_lesson_from_the_content_becomes_the_recommendation(scenario):
    model = build_model(played(scenario, 7))
    lessons = {c.lesson for c in scenario.cards.values() if c.lesson} | {
        s.lesson for s in scenario.shocks.values() if s.lesson}
    assert lessons, "bundled content should carry lessons"
    recs = [f["recommendation"]["text"] for f in model["findings"]] + [
        i["action"] for i in model["improvement_plan"]]
    assert any(r in lessons for r in recs)
    assert not any("decisions phase" in r or "joint cards" in r for r in recs)  # no game advice


def test_objectives_are_rated_from_the_game(scenario):
    easy = Criterion("KOR", "resilience", at_least=0.0)
    hard = Criterion("KOR", "resilience", at_least=1000.0, when="end")
    half = Criterion("JPN", "score", at_most=1000.0)
    scn = dataclasses.replace(scenario, objectives=(
        Objective("easy", "Easy", "Planning", (easy,)),
        Objective("hard", "Hard", "Planning", (hard,)),
        Objective("mixed", "Mixed", "Planning", (easy, hard, half)),
    ))
    scn = dataclasses.replace(scn, objectives=scn.objectives + (
        Objective("kept", "Kept", "Planning", (
            Criterion("KOR", "budget", at_least=-1000.0, from_start=True, when="end"),)),
        Objective("doubled", "Doubled", "Planning", (
            Criterion("KOR", "budget", at_least=1000.0, from_start=True, when="end"),)),
    ))
    model = build_model(played(scn, 7))
    ratings = {o["id"]: o for o in model["objectives"]}
    assert ratings["kept"]["rating"] == "P" and ratings["doubled"]["rating"] == "U"
    assert "on its start" in ratings["doubled"]["why"]
    assert ratings["easy"]["rating"] == "P" and ratings["hard"]["rating"] == "U"
    assert ratings["mixed"]["rating"] == "M"
    assert "not met: " in ratings["hard"]["why"] and "at the end" in ratings["hard"]["why"]
    assert ratings["easy"]["replays_same_or_better"] == 1.0


def test_improvement_plan_rows_and_participants_entered_in_the_game_are_printed(scenario):
    s = played(scenario, 7)
    key = build_model(s, replays=0)["improvement_plan"][0]["key"]
    s.act(plan_note(key, "Ministry of Trade | Industry", "J. Kim <jkim@example.org>", "2026-01",
                    "2026-06"))
    s.act(plan_note(key, "Ministry of Trade, Industry and Energy", "J. Kim", "2026-02", "2026-07"))
    s.act(participant_note("Park Ji-won", "KIET", "KOR", "team lead"))
    model = build_model(s, replays=0)
    row = next(r for r in model["improvement_plan"] if r["key"] == key)
    assert (row["organisation"], row["poc"], row["start"], row["due"]) == (
        "Ministry of Trade, Industry and Energy", "J. Kim", "2026-02", "2026-07")  # last wins
    assert model["participants"] == [{"name": "Park Ji-won", "organisation": "KIET",
                                      "team": "KOR", "role": "team lead"}]
    assert not any(m["kind"] in ("plan", "participant") for m in model["marks"])
    md = render_model(model, "md")
    html = render_model(model, "html")
    for text in ("Ministry of Trade, Industry and Energy", "Park Ji-won", "2026-07"):
        assert text in md and text in html


def test_every_acronym_in_the_bundled_content_is_expanded():
    texts = []
    for sid in ("semiconductor_chokepoint", "battery_minerals", "alliance_stress_test"):
        scn = load_scenario(sid)
        texts += [scn.briefing, *scn.assumptions]
        for c in scn.cards.values():
            texts += [c.title, c.flavour, c.lesson, str(c.source)]
        for sh in scn.shocks.values():
            texts += [sh.title, sh.flavour, sh.lesson, str(sh.source)]
        for t in scn.teams.values():
            texts += [t.objective, t.briefing]
    missing = [a["acronym"] for a in acronyms(texts) if not a["expansion"]]
    assert missing == []


def _plain_md(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", htmllib.unescape(s.replace("<br>", " ")))


def _plain_html(s: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", s))


def test_markdown_and_html_carry_the_same_sentences(scenario):
    model = build_model(played(scenario, 7))
    md = " ".join(_plain_md(render_model(model, "md")).split())
    html = " ".join(_plain_html(render_model(model, "html")).split())
    sentences = [model["bottom_line"], model["held_up"], model["conclusion"],
                 *model["limitations"]]
    for f in model["findings"]:
        sentences += [f["headline"], f["text"], f["recommendation"]["text"], f["robustness"]["text"]]
    for o in model["objectives"]:
        sentences += [c["reason"] for c in o["criteria"]]
    for i in model["improvement_plan"]:
        sentences += [i["issue"], i["root_cause"], i["action"]]
    for text in sentences:
        t = " ".join(text.split())
        assert t in md, t
        assert t in html, t


def test_replays_zero_says_so(game):
    md = render_report(game, "md", replays=0)
    assert "No replays were run" in md and "Not tested: no replays were run" in md


def test_the_linked_sector_caveat_is_printed_only_where_sectors_are_linked():
    """Annex I says that an input gates the whole stage that needs it only in a world where
    one sector's stage needs another's (the minerals world), not in the default world."""
    from game.content import load_scenario
    from game.report.model import LINKED, limitations

    assert LINKED in limitations(load_scenario("critical_minerals").world)
    assert LINKED not in limitations(load_scenario("semiconductor_chokepoint").world)


def test_a_name_ending_in_s_takes_the_apostrophe_alone():
    """"United States's score" read badly in a printed brief: one possessive, in wording."""
    from game.wording import possessive

    assert possessive("Korea") == "Korea's"
    assert possessive("United States") == "United States'"
    assert possessive("ASEAN") == "ASEAN's"


def test_a_miss_by_hundredths_is_not_printed_as_no_change():
    """"not met: −0.0 on its start" read as no change at all; the digits show the miss."""
    from game.report.evaluation import _on_start

    assert _on_start(-1.26) == "\u22121.3 on its start"
    assert _on_start(-0.04) == "\u22120.04 on its start"
    assert _on_start(-0.003) == "less than 0.01 below its start"
    assert _on_start(0.002) == "less than 0.01 above its start"
    assert _on_start(0.0) == "+0.0 on its start"
