"""Scenario-local decks: a scenario lists deck files beside it (`decks: [harbour_deck.yaml]`),
and `validate`, `run`, `simulate` and the loader behind `play` read them when the scenario is
given as a path. The fixture in fixtures/harbour/ is such a scenario with its own card and shock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import main
from game.content import ContentError, load_library, load_scenario
from game.headless import play_to_end
from game.session import Session

HARBOUR = Path(__file__).parent / "fixtures" / "harbour"
SCENARIO = HARBOUR / "harbour.yaml"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or "") + str(result.exception or "")
    return result


@pytest.fixture
def harbour_copy(tmp_path):
    shutil.copytree(HARBOUR, tmp_path / "harbour")
    return tmp_path / "harbour"


def test_the_scenario_loads_its_own_deck():
    scn = load_scenario(str(SCENARIO))
    assert scn.id == "harbour_fixture"
    assert "kor_harbour_reserve" in scn.cards and "kor_harbour_reserve" in scn.teams["KOR"].hand
    assert scn.schedule[2] == ("busan_harbour_strike",)
    assert scn.cards["kor_harbour_reserve"].source.short_form == "Babbage Forum 2024, section 3 (South Korea)"


def test_the_local_deck_is_not_bundled():
    assert "harbour" not in load_library().decks
    with pytest.raises(ContentError):
        load_scenario("harbour_fixture")  # by id it is not found: only its path brings it


def test_validate_run_and_simulate_read_the_local_deck():
    r = run("validate", SCENARIO)
    assert r.exit_code == 0, r.stderr
    assert r.output.startswith(f"ok: {SCENARIO}")
    r = run("simulate", SCENARIO, "-n", "3", "-j", "1", "--json")
    assert r.exit_code == 0, r.stderr
    assert "kor_harbour_reserve" in json.loads(r.stdout)["cards"]
    r = run("run", SCENARIO, "--seed", "3")
    assert r.exit_code == 0, r.stderr


def test_the_local_shock_hits_in_a_game():
    s = play_to_end(Session(load_scenario(str(SCENARIO)), 1))
    hit = [sh["id"] for rec in s.state.history if rec.round == 2 for sh in rec.shocks]
    assert "busan_harbour_strike" in hit


def test_a_missing_local_deck_is_a_file_line_problem(harbour_copy):
    scn = harbour_copy / "harbour.yaml"
    text = scn.read_text(encoding="utf-8").replace("harbour_deck.yaml]", "harbour_dek.yaml]")
    scn.write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("decks:"))
    r = run("validate", scn)
    assert r.exit_code == 2
    assert f"harbour.yaml:{line}: decks[7]: no deck file 'harbour_dek.yaml' beside the scenario" in r.stderr


def test_a_scenario_listing_a_scenario_does_not_loop(harbour_copy):
    scn = harbour_copy / "harbour.yaml"
    scn.write_text(scn.read_text(encoding="utf-8").replace("harbour_deck.yaml]", "harbour.yaml]"),
                   encoding="utf-8")
    r = run("validate", scn)
    assert r.exit_code == 2 and "decks[7]: 'harbour.yaml' is not a deck file" in r.stderr


def test_a_broken_local_deck_reports_its_own_lines(harbour_copy):
    deck = harbour_copy / "harbour_deck.yaml"
    text = deck.read_text(encoding="utf-8").replace("{ref: babbage2024, at: \"section 3", "{ref: babage2024, at: \"section 3")
    deck.write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "babage2024" in s)
    r = run("validate", harbour_copy / "harbour.yaml")
    assert r.exit_code == 2
    assert f"harbour_deck.yaml:{line}: cards[0].source.ref: unknown source 'babage2024'" in r.stderr


def test_the_deck_list_accepts_ids_and_file_names_only(harbour_copy):
    scn = harbour_copy / "harbour.yaml"
    scn.write_text(scn.read_text(encoding="utf-8").replace("harbour_deck.yaml]", "Harbour Deck]"),
                   encoding="utf-8")
    r = run("validate", scn)
    assert r.exit_code == 2 and "decks[7]" in r.stderr
