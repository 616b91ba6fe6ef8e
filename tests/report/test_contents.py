"""What the report says: every section, every shock and team, determinism, plain data."""

from __future__ import annotations

import json

from markupsafe import escape

from game.report import render_report
from game.report.model import build_model

from ..default_world import ACTOR_NAMES, TEAMS
from .conftest import META, hostile, played

SECTIONS = ("Bottom line", "Key findings and recommendations", "Outcome", "Exercise objectives",
            "What held up", "Conclusion", "Annex A. Improvement plan",
            "Annex B. The scenario, its objectives and each team's", "Annex C. Round by round",
            "Annex D. The teams", "Annex E. Facilitator's notes and questions for the debrief",
            "Questions for the debrief", "Annex F. Participants", "Annex G. Acronyms",
            "Annex H. Sources", "Annex I. How the numbers are made")


def test_same_game_gives_byte_identical_md_and_html(scenario):
    a, b = played(scenario, 5), played(scenario, 5)
    for fmt in ("md", "html"):
        assert render_report(a, fmt, meta=META) == render_report(b, fmt, meta=META)
    h1, h2 = hostile(scenario), hostile(scenario)
    assert render_report(h1, "html", meta=META) == render_report(h2, "html", meta=META)


def test_model_is_plain_json_data(hostile_game):
    model = build_model(hostile_game, meta=META)
    assert json.loads(json.dumps(model)) == model


def test_every_section_shock_team_and_played_card_appears(game):
    md = render_report(game, "md", meta=META)
    html = render_report(game, "html", meta=META)
    for title in SECTIONS:
        assert title in md and title in html
    for rec in game.state.history:
        for s in rec.shocks:
            assert s["title"] in md
            assert str(escape(s["title"])) in html
    for t in TEAMS:
        assert f"### {ACTOR_NAMES[t]} ({t})" in md
        assert f'id="team-{t.lower()}"' in html
    model = build_model(game, meta=META)
    played_cards = {game.scenario.cards[c].title for rec in game.state.history
                    for cards in rec.plays.values() for c in cards}
    assert played_cards <= {s["title"] for s in model["sources"] if s["kind"] == "Card"}
    assert all(s["source"] for s in model["sources"])


def test_cover_uses_the_saves_date_not_the_clock(game):
    md = render_report(game, "md", meta=META)
    assert "played 2025-03-14 10:22" in md
    assert "not recorded" in render_report(game, "md")


def test_turning_points_are_the_largest_swings(game):
    model = build_model(game)
    tps = model["turning_points"]
    assert 1 <= len(tps) <= 3
    biggest = max((abs(r.deltas[t]["score"]), r.round) for r in game.state.history for t in TEAMS)
    assert biggest[1] in {tp["round"] for tp in tps}
    assert all(tp["causes"] for tp in tps)


def test_waterfall_steps_add_up_to_the_score_change(game):
    model = build_model(game)
    for tm in model["teams"]:
        total = sum(s["delta"] for s in tm["waterfall"])
        assert abs(tm["start"]["score"] + total - tm["final"]["score"]) < 0.01


def test_override_reason_and_injected_shock_are_reported(hostile_game):
    model = build_model(hostile_game)
    assert [(o["round"], o["team"], o["indicator"]) for o in model["overrides"]] == [
        (1, "KOR", "resilience")]
    assert model["overrides"][0]["reason"].startswith("<img")
    src = next(s for s in model["sources"] if s["title"].startswith("<b>Boom"))
    assert "facilitator" in src["source"]
    assert model["notes"][0]["text"].startswith("<script>")


def test_questions_and_improvement_plan_come_from_the_data(game):
    model = build_model(game)
    assert len(model["questions"]) >= 3
    assert any(f"round {tp['round']}" in q["text"] for tp in model["turning_points"]
               for q in model["questions"])
    for item in model["improvement_plan"]:
        assert item["team"] in TEAMS and item["issue"] and item["action"]


def test_paper_size(game):
    assert "size: A4" in render_report(game, "html")
    assert "size: letter" in render_report(game, "html", paper="letter")


def test_unfinished_game_reports_what_happened(scenario):
    from game.headless import play_to_end
    from game.session import Session

    s = play_to_end(Session(scenario, 3), stop_after_round=2)
    md = render_report(s, "md")
    assert "2 of 8 rounds (game unfinished)" in md
    fresh = render_report(Session(scenario, 3), "html")
    assert "No round has been played yet." in fresh


def test_facilitator_notes_are_quoted_in_their_round(hostile_game):
    model = build_model(hostile_game)
    rd = next(r for r in model["rounds"] if r["round"] == 1)
    assert [n["text"] for n in rd["notes"]] == [model["notes"][0]["text"]]
    md = render_report(hostile_game, "md")
    round_1 = md[md.index("### Round 1"):md.index("### Round 2")]
    assert "Facilitator's note (debrief)" in round_1
