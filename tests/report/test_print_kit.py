"""`chokepoint print-kit`: a briefing pack per team with its hand as cut-out cards, and the
facilitator's run sheet, for every bundled scenario."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from markupsafe import escape

from game.cli import main
from game.content import load_scenario
from game.core.cards import Effect
from game.report.print_kit import build_kit, effect_text, render_kit

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
