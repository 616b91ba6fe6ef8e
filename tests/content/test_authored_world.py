"""The authored world fixture (issue 13): content written from docs/authoring.md alone.

`tests/fixtures/authored_world/` holds a world that extends the default one with a sixth team
(India, IND) and a third sector (pharmaceuticals: key materials -> ingredients -> formulation),
a scenario set in it, and a deck beside it with India's cards and a shock in the new sector.
These tests use it as its author would, through the command line: it validates and plays calm
without warnings, plays to the end with bots, simulates, and the new team and sector show up in
the results. Each check would fail if the world format silently dropped the new actor or sector
(no IND score, no pharmaceuticals network, no supply indicator a pharmaceuticals shock moves).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from game.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "authored_world"
SCENARIO = FIXTURE / "pharma.yaml"
STAGES = {"ksm", "api", "formulation"}
IND_CARDS = {"ind_bulk_drug_incentive", "ind_api_reserve", "ind_chip_assembly_mission", "ind_quad_ingredients"}


def cli(*args: object, stream: str = "stdout") -> tuple[int, str]:
    """Run `chokepoint ARGS` in-process: the exit code and its standard output (`stream="stderr"`:
    what it printed as problems; progress lines go there too, so `--json` output parses)."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, getattr(result, stream)


def run_json(scenario: Path, *args: object) -> dict:
    code, out = cli("run", scenario, "--json", *args)
    assert code == 0, out
    return json.loads(out)


def passing_game(scenario: Path, tmp_path: Path) -> dict:
    """A game where every team passes (a plays file naming one team with no cards)."""
    plays = tmp_path / "pass.yaml"
    plays.write_text("1:\n  IND: []\n")
    return run_json(scenario, "--seed", 1, "--plays", plays)


def pharma_supply(game: dict) -> list[float]:
    return [r["teams"][t]["indicators"]["supply.pharmaceuticals"] for r in game["rounds"] for t in r["teams"]]


def test_fixture_validates_and_plays_calm() -> None:
    code, out = cli("validate", "--play", SCENARIO)
    assert code == 0, out
    assert out.startswith(f"ok: {SCENARIO}"), out
    assert "calm game: authored_pharma: 6 rounds, no warnings" in out, out
    assert "warning" not in out.replace("no warnings", ""), out


def test_world_file_validates_alone() -> None:
    code, out = cli("validate", FIXTURE / "pharma_world.yaml")
    assert code == 0, out


def test_plays_to_the_end_with_bots_and_india_is_scored() -> None:
    game = run_json(SCENARIO, "--seed", 1, "--bots", "heuristic")
    assert game["status"] == "finished" and game["rounds_played"] == 6
    assert set(game["final"]) == {"KOR", "JPN", "USA", "CHN", "ASEAN", "IND"}
    assert isinstance(game["final"]["IND"]["score"], float)
    assert sorted(t["rank"] for t in game["final"].values()) == [1, 2, 3, 4, 5, 6]
    first = game["rounds"][0]
    network = first["network"]["pharmaceuticals"]
    assert set(network) == STAGES
    assert network["ksm"]["IND"]["capacity"] > 0 and network["formulation"]["IND"]["capacity"] > 0
    assert {"supply.pharmaceuticals", "stockpile_days.pharmaceuticals"} <= set(first["teams"]["IND"]["indicators"])
    played = {card for r in game["rounds"] for card in r["plays"]["IND"]}
    assert played & IND_CARDS, f"India never played a card of its own deck: {played}"


def test_same_seed_same_game() -> None:
    _, one = cli("run", SCENARIO, "--json", "--seed", 4)
    _, two = cli("run", SCENARIO, "--json", "--seed", 4)
    assert one == two


def test_a_shock_in_the_new_sector_moves_its_supply(tmp_path: Path) -> None:
    """The scheduled key-materials licences (round 2) leave importers short; without them, no one is."""
    shocked = passing_game(SCENARIO, tmp_path)
    second = shocked["rounds"][1]
    assert "pharma_ksm_licences" in [s["id"] for s in second["shocks"]]
    assert second["network"]["pharmaceuticals"]["ksm"]["IND"]["unmet"] > 0
    assert min(pharma_supply(shocked)) < 99.0

    calm_dir = tmp_path / "calm"
    shutil.copytree(FIXTURE, calm_dir)
    scenario = yaml.safe_load((calm_dir / "pharma.yaml").read_text())
    scenario["shocks"] = {"schedule": {}, "draws_per_round": 0}
    (calm_dir / "pharma.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False))
    calm = passing_game(calm_dir / "pharma.yaml", tmp_path)
    assert all(not r["shocks"] for r in calm["rounds"])
    assert min(pharma_supply(calm)) == pytest.approx(100.0)


def test_simulates_a_small_batch_with_india() -> None:
    code, out = cli("simulate", SCENARIO, "--runs", 6, "--jobs", 1, "--json")
    assert code == 0, out
    batch = json.loads(out)
    assert batch["runs"] == 6 and batch["scenario"] == "authored_pharma"
    assert "IND" in batch["teams"] and "IND" in batch["par"]["suggested_par"]
    india = {card: stats["by_team"]["IND"]["played"] for card, stats in batch["cards"].items()
             if card in IND_CARDS and "IND" in stats["by_team"]}
    assert set(india) == IND_CARDS, "every card of India's deck is in its hand"
    assert sum(india.values()) > 0


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("pharma_world.yaml", "inputs: [ksm]", "inputs: [ksn]",
         "pharma_world.yaml:13: sectors[0].stages[1].inputs[0]: stage 'ksn' is not a stage of pharmaceuticals"),
        ("pharma_deck.yaml", "{kind: stockpile, actor: [self]", "{kind: stockpile, actor: [IDN]",
         "pharma_deck.yaml:24: cards[1].effects[0].actor[0]: unknown actor 'IDN'"),
        ("pharma.yaml", "ksm: {CHN: 70, IND: 20", "ksm: {CHN: 70, IDN: 20",
         "capacity.pharmaceuticals.ksm.IDN: unknown actor 'IDN'"),
        ("pharma.yaml", "sectors: [semiconductors, pharmaceuticals]", "sectors: [semiconductors, pharmaceutical]",
         "sectors[1]: unknown sector 'pharmaceutical'; expected one of semiconductors, batteries, pharmaceuticals"),
    ],
)
def test_a_broken_copy_names_file_line_and_key(tmp_path: Path, file: str, old: str, new: str, expected: str) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE, broken)
    text = (broken / file).read_text()
    assert old in text
    (broken / file).write_text(text.replace(old, new, 1))
    code, out = cli("validate", broken / "pharma.yaml", stream="stderr")
    assert code == 2, out
    assert expected in out, out
    assert "Traceback" not in out


DOP = """works:
  - key: dop2021pli
    author: "Department of Pharmaceuticals, Government of India"
    title: "Production Linked Incentive scheme for key starting materials and APIs"
    described: true
    date: "2021"
    short: "DoP 2021"
"""


def _with_own_bibliography(tmp_path: Path, works: str = DOP, ref: str = "pharma_sources.yaml") -> Path:
    """The fixture copied, citing a work of its own: `bibliography:` beside the scenario and one
    card's source changed to that work's key."""
    shutil.copytree(FIXTURE, tmp_path / "w")
    scn = tmp_path / "w" / "pharma.yaml"
    scn.write_text(scn.read_text().replace("world: pharma_world.yaml",
                                           f"world: pharma_world.yaml\nbibliography: {ref}"))
    (tmp_path / "w" / "pharma_sources.yaml").write_text(works)
    deck = tmp_path / "w" / "pharma_deck.yaml"
    text = deck.read_text()
    assert 'ref: babbage2024, at: "Table 2 (domestic policy)"' in text
    deck.write_text(text.replace('ref: babbage2024, at: "Table 2 (domestic policy)"',
                                 'ref: dop2021pli, at: "scheme guidelines"', 1))
    return scn


def test_a_scenario_brings_its_own_bibliography(tmp_path: Path) -> None:
    """A work the bundled bibliography lacks is cited from a file beside the scenario: the
    deck validates, plays, and the report's sources give the work in full."""
    scn = _with_own_bibliography(tmp_path)
    code, out = cli("validate", scn)
    assert code == 0, out
    from game.content import load_scenario

    cited = load_scenario(str(scn)).cards["ind_bulk_drug_incentive"].source.citations[0]
    assert cited.short == "DoP 2021" and cited.at == "scheme guidelines"
    assert cited.full.startswith("Department of Pharmaceuticals, Government of India, [Production")
    kit = tmp_path / "kit.html"
    code, out = cli("print-kit", scn, "--format", "html", "-o", kit)
    assert code == 0, out
    assert "DoP 2021, scheme guidelines" in kit.read_text()
    code, out = cli("run", scn, "--seed", 1)
    assert code == 0, out
    # without the file, the same key is an unknown source on the deck's line
    (tmp_path / "w" / "pharma_sources.yaml").unlink()
    code, err = cli("validate", scn, stream="stderr")
    assert code == 2
    assert "pharma.yaml:12: bibliography: no bibliography file 'pharma_sources.yaml' beside the scenario" in err
    assert "unknown source 'dop2021pli'" in err


def test_a_local_work_may_not_reuse_a_bundled_key(tmp_path: Path) -> None:
    scn = _with_own_bibliography(tmp_path, DOP.replace("key: dop2021pli", "key: kiet2021"))
    code, err = cli("validate", scn, stream="stderr")
    assert code == 2
    assert "pharma_sources.yaml:2: key: 'kiet2021' is already a work of the bundled bibliography" in err


def test_a_saved_game_from_a_scenario_file_reports_with_scenario(tmp_path: Path) -> None:
    """`report GAME_ID --scenario PATH` (and `games show`): the store's error for a game played
    from a file names --scenario PATH, so both commands take it."""
    db = tmp_path / "s.db"
    code, out = cli("run", SCENARIO, "--seed", 2, "--db", db)
    assert code == 0, out
    game_id = next(line.split()[-1] for line in out.splitlines() if line.startswith("game_id"))
    code, err = cli("report", game_id, "--db", db, stream="stderr")
    assert code == 2 and "--scenario PATH" in err
    code, out = cli("report", game_id, "--db", db, "--scenario", SCENARIO, "--replays", 0)
    assert code == 0, out
    assert "India" in out
    code, out = cli("games", "show", game_id, "--db", db, "--scenario", SCENARIO)
    assert code == 0 and "authored_pharma" in out
