"""`chokepoint print-kit`: a briefing pack per team with its hand as cut-out cards, and the
facilitator's run sheet, for every bundled scenario."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from markupsafe import escape

from game.cli import main
from game.content import load_scenario
from game.core.cards import Effect
from game.report.print_kit import build_kit, render_kit
from game.wording import effect_text

from ..default_world import ACTOR_NAMES, TEAMS, WORLD

SCENARIOS = ("semiconductor_chokepoint", "battery_minerals", "alliance_stress_test")


@pytest.mark.parametrize("sid", SCENARIOS)
def test_every_team_gets_its_hand_and_the_run_sheet_has_the_schedule(sid):
    scn = load_scenario(sid)
    kit = build_kit(scn)
    html = render_kit(scn, "html")
    for t, team in zip(TEAMS, kit["teams"]):
        assert team["code"] == t and len(team["hand"]) == len(scn.teams[t].hand)
        assert f"{ACTOR_NAMES[t]}: briefing pack" in html
        for c in team["hand"]:
            assert c["effects"] and all(e.endswith(".") for e in c["effects"])
            assert str(escape(c["title"])) in html
    for ids in scn.schedule.values():
        for sid_ in ids:
            assert str(escape(scn.shocks[sid_].title)) in html
    assert "_" not in " ".join(e for team in kit["teams"] for c in team["hand"]
                               for e in c["effects"])  # plain words, no ids


def test_effects_in_plain_words():
    e = Effect(kind="trade", actors=(), exporters=("self", "EU"), importers=("CHN",),
               sector="semiconductors", stage="equipment", change=0.4, duration=4)
    assert effect_text(e, "USA", WORLD) == ("Cuts exports of equipment (semiconductors) from United "
                                     "States and EU / Netherlands to China by 40%, for 4 rounds.")


def test_cli_writes_a_pdf_or_says_why(tmp_path):
    out = tmp_path / "kit.html"
    r = CliRunner().invoke(main, ["print-kit", "battery_minerals", "--format", "html", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "briefing pack" in out.read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["print-kit", "no_such_scenario", "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2 and "Traceback" not in r.output


@pytest.mark.slow
def test_print_kit_pdf():
    pytest.importorskip("weasyprint")
    assert render_kit(load_scenario(), "pdf").startswith(b"%PDF-")


def test_an_effect_on_a_sector_the_game_does_not_model_says_it_does_nothing_here():
    # Korea's stockpile card adds chips and batteries: in the chips-only game the batteries
    # half is marked, on paper and in the card pane (the engine skips it: _apply_instant)
    from game.tui.text import card_text

    scn = load_scenario("semiconductor_chokepoint")
    kor = next(t for t in build_kit(scn)["teams"] if t["code"] == "KOR")
    card = next(c for c in kor["hand"] if c["id"] == "kor_stockpile_expansion")
    chips, batteries = card["effects"]
    assert "no effect in this game" not in chips
    assert batteries.endswith("(no effect in this game: it does not model batteries).")
    pane = card_text(scn.cards["kor_stockpile_expansion"], 0, "KOR", scn)
    assert "it does not model batteries" in pane
    both = load_scenario("alliance_stress_test")  # models chips and batteries
    pane = card_text(both.cards["kor_stockpile_expansion"], 0, "KOR", both)
    assert "no effect in this game" not in pane
