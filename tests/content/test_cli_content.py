"""`chokepoint cards`, `shocks`, `scenarios` and `schema`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from game.cli import main

from ..default_world import TEAMS


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(autouse=True)
def _loaded_once(library, monkeypatch, request):
    """The listings read the bundled library; load it once for the module (YAML parsing is the
    slow part), except in the test that checks the real thing end to end."""
    if request.node.name != "test_cards_json_lists_every_card_with_team":
        monkeypatch.setattr("game.cli.content.load_library", lambda: library)


def test_cards_json_lists_every_card_with_team(library):
    r = run("cards", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    n = sum(len(m.cards) for m, _ in library.decks.values())
    assert len(rows) == n
    for row in rows:
        assert {"id", "title", "source", "team", "flavour"} <= set(row)
        assert row["team"] in TEAMS or row["team"] is None
    assert any(row["team"] is None for row in rows)
    shared = {row["id"]: row for row in rows if row["team"] is None}
    assert shared["linked_early_warning"]["partners"] == ["KOR", "USA", "JPN"]


def test_cards_for_one_team():
    r = run("cards", "--team", "kor", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert {row["team"] for row in rows} == {"KOR", None}
    assert all("KOR" in row["eligible"] for row in rows)
    assert "jpn_rapidus" not in {row["id"] for row in rows}


def test_unknown_team_is_a_clear_error():
    r = run("cards", "--team", "KOREA")
    assert r.exit_code == 2
    assert "unknown team 'KOREA'" in r.output
    assert "KOR, JPN, USA, CHN, ASEAN" in r.output


def test_tables_without_json():
    for cmd in ("cards", "shocks", "scenarios"):
        r = run(cmd)
        assert r.exit_code == 0, r.output
    assert "semiconductor_chokepoint" in run("scenarios").output


def test_shocks_and_scenarios_json(library):
    shocks = json.loads(run("shocks", "--json").output)
    assert len(shocks) >= 30
    assert all({"id", "title", "source", "category", "severity"} <= set(s) for s in shocks)
    scns = json.loads(run("scenarios", "--json").output)
    assert {s["id"] for s in scns} == set(library.scenarios)
    assert all({"id", "title", "source", "rounds"} <= set(s) for s in scns)
    assert [s["id"] for s in scns if s["default"]] == ["semiconductor_chokepoint"]


def test_schema_covers_both_formats():
    r = run("schema")
    assert r.exit_code == 0
    schema = json.loads(r.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    defs = schema["$defs"]
    assert {"DeckModel", "ScenarioModel", "CardModel", "ShockModel", "TradeFx"} <= set(defs)
    card = defs["CardModel"]
    assert {"source", "flavour", "effects"} <= set(card["required"])
    assert card["additionalProperties"] is False
    trade = defs["TradeFx"]["properties"]
    assert "from" in trade and "to" in trade  # the names authors write
    # names come from the scenario's world, so the schema describes them rather than listing
    # the default world's (a custom world's actors must not be flagged by an editor)
    assert {"self", "target"} <= set(trade["from"]["anyOf"][0]["examples"])
    assert "world" in defs["CapacityFx"]["properties"]["sector"]["description"]
    assert "world" in defs["ScenarioModel"]["properties"]
    for kind in ("deck", "scenario"):
        one = json.loads(run("schema", "--kind", kind).output)
        assert one["title"] == f"Chokepoint {kind} file"


def test_schema_to_file(tmp_path):
    out = tmp_path / "chokepoint.schema.json"
    r = run("schema", "-o", str(out))
    assert r.exit_code == 0
    assert json.loads(out.read_text())["$defs"]


@pytest.mark.parametrize("listing", ["cards", "shocks", "scenarios"])
def test_listings_fit_80_columns_with_readable_titles(listing, monkeypatch):
    """At 80 columns no line overflows and titles keep whole words: optional columns are
    dropped and named instead of squeezing the title to nothing (it once had zero width)."""
    monkeypatch.setenv("COLUMNS", "80")
    r = run(listing)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "┃ id" in line)
    assert "title" in header
    assert "not shown at this width" in r.output or listing == "scenarios"


def test_listings_show_every_column_when_wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    r = run("cards")
    assert "source" in r.output and "not shown" not in r.output
