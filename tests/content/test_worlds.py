"""World files: a scenario in a world of its own plays to the end, and every authoring mistake
in a world is one `file:line: key: message` line (docs/authoring.md, "Worlds")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.bots import HeuristicBot
from game.cli import main
from game.content import ContentError, load_library, load_scenario
from game.content.worlds import default_world, load_world
from game.headless import final_standings, play_to_end
from game.session import Session

from ..default_world import TEAMS

STRAITS = Path(__file__).parent / "fixtures" / "straits"


@pytest.fixture
def straits(tmp_path) -> Path:
    shutil.copytree(STRAITS, tmp_path / "straits")
    return tmp_path / "straits"


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _problems(path: Path) -> list[str]:
    return [str(p) for p in load_library([path]).problems]


# ---------------------------------------------------------------- the bundled world ------
def test_the_default_world_is_todays():
    w = default_world()
    assert w.teams == ("KOR", "JPN", "USA", "CHN", "ASEAN") == TEAMS
    assert w.non_players == ("TWN", "EU", "ROW")
    assert w.actor_name("EU") == "EU / Netherlands"
    assert list(w.sectors) == ["semiconductors", "batteries"]
    chips, cells = w.sectors["semiconductors"], w.sectors["batteries"]
    assert chips.stage("fabrication").inputs == ("materials", "equipment", "design")
    assert chips.stage("atp").inputs == ("fabrication", "materials")
    assert [s.value for s in chips.stages] == [0.10, 0.15, 0.30, 0.30, 0.15]
    assert cells.stage("recycling").relieves == ("raw_materials", 0.25)
    assert cells.gating_names == ("raw_materials", "refining", "cells", "packs")
    assert w.stage_title("semiconductors", "atp") == "Assembly, test & packaging"


# ---------------------------------------------------------------- a world of its own -----
def test_a_sixth_team_and_a_third_sector_play_to_the_end(straits):
    scn = load_scenario(str(straits / "straits.yaml"))
    assert scn.world.teams == (*TEAMS, "NLD") and "NLD" in scn.teams
    # chips' materials need separated rare earths: that sector propagates first
    assert scn.sectors == ("rare_earths", "semiconductors")
    assert scn.world.sectors["semiconductors"].stage("materials").needs == (("rare_earths", "separation"),)
    assert "nld_lithography_licences" in scn.teams["NLD"].hand
    session = play_to_end(Session(scn, 5), {t: HeuristicBot() for t in scn.world.teams})
    assert session.over
    final = final_standings(session)
    assert sorted(f["rank"] for f in final.values()) == [1, 2, 3, 4, 5, 6]
    h = session.state.history
    assert len(h) == 6 and all("supply.rare_earths" in rec.indicators["NLD"] for rec in h)
    # round 2's rare-earth licences (a cut on China's separation) idle part of the chip
    # materials of the makers that buy from China (the EU holds no rare-earth stock)
    mat = [rec.network["semiconductors"]["materials"]["EU"]["capacity"] for rec in h]
    assert mat[0] == pytest.approx(6.0) and mat[1] < 0.7 * mat[0]


def test_the_cli_validates_and_runs_a_scenario_in_its_own_world(straits):
    r = CliRunner().invoke(main, ["validate", "--play", str(straits / "straits.yaml")])
    assert r.exit_code == 0, r.output
    assert "calm game: straits_fixture: 6 rounds, no warnings" in r.output
    r = CliRunner().invoke(main, ["run", str(straits / "straits.yaml"), "--seed", "2",
                                  "--bots", "NLD=random,KOR=random"])
    assert r.exit_code == 0, r.output
    assert " NLD " in r.output


# ---------------------------------------------------------------- validation -------------
WORLD = """\
id: mine
extends: default
actors:
  - {id: NLD, name: Netherlands, player: true}
sectors:
  - id: rare_earths
    title: Rare earths
    stages:
      - {id: mining, title: Mining, value: 0.4}
      - {id: separation, title: Separation, value: 0.6, inputs: [mining]}
links:
  - {stage: semiconductors.materials, needs: rare_earths.separation}
"""


def _world(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("old, new, key, message", [
    ("inputs: [mining]", "inputs: [minig]", "sectors[0].stages[1].inputs[0]",
     "stage 'minig' is not a stage of rare_earths (mining, separation)"),
    ("needs: rare_earths.separation", "needs: rare_earths.smelting", "links[0].needs",
     "stage 'smelting' is not a stage of rare_earths (mining, separation)"),
    ("needs: rare_earths.separation", "needs: rare_eaths.separation", "links[0].needs",
     "unknown sector 'rare_eaths' (sectors: semiconductors, batteries, rare_earths)"),
    ("{id: mining, title: Mining, value: 0.4}", "{id: mining, title: Mining, value: 0.4, inputs: [separation]}",
     "sectors[0].stages[0].inputs[0]",
     "stage 'separation' comes after 'mining' in rare_earths: a stage's inputs from its own sector come before it"),
    ("{id: NLD, name: Netherlands", "{id: KOR, name: Korea again", "actors[0].id", "actor KOR is listed twice"),
])
def test_a_world_mistake_is_one_line_at_its_key(tmp_path, old, new, key, message):
    assert old in WORLD
    path = _world(tmp_path, WORLD.replace(old, new))
    with pytest.raises(ContentError) as exc:
        load_world(str(path))
    where = f"{path}:{_line(path, new.split(':')[0] if key == 'extends' else new[:20])}"
    assert [str(p) for p in exc.value.problems] == [f"{where}: {key}: {message}"]


def test_more_world_mistakes(tmp_path):
    path = _world(tmp_path, WORLD.replace("extends: default", "extends: defualt"))
    with pytest.raises(ContentError) as exc:
        load_world(str(path))
    (p,) = exc.value.problems
    assert str(p).startswith(f"{path}:2: extends: unknown world 'defualt' (bundled worlds: ")
    assert "default" in p.message and "a .yaml path relative to this file" in p.message
    path = _world(tmp_path, WORLD.replace("value: 0.6", "value: 0.5"))
    with pytest.raises(ContentError) as exc:
        load_world(str(path))
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:{_line(path, '{id: mining')}: sectors[0].stages: the values of rare_earths's stages "
        "add up to 0.9, not 1"]
    path = _world(tmp_path, WORLD.replace("- id: rare_earths", "- id: batteries"))
    with pytest.raises(ContentError) as exc:
        load_world(str(path))
    assert f"{path}:6: sectors[0].id: sector 'batteries' is listed twice" in \
        [str(p) for p in exc.value.problems]
    path = _world(tmp_path, WORLD.replace("player: true", "player: false"))
    path.write_text(path.read_text().replace("extends: default\n", ""))
    with pytest.raises(ContentError) as exc:
        load_world(str(path))
    assert f"{path}:3: actors: no actor is a player (set 'player: true' on the teams)" in \
        [str(p) for p in exc.value.problems]


def test_sectors_that_need_each_other_are_a_cycle(tmp_path):
    text = WORLD + "  - {stage: rare_earths.mining, needs: semiconductors.fabrication}\n"
    path = _world(tmp_path, text)
    with pytest.raises(ContentError) as exc:
        load_world(str(path))
    (p,) = exc.value.problems
    assert p.line in (_line(path, "needs: rare_earths.separation"), _line(path, "needs: semiconductors.fab"))
    assert "sectors need each other's stages in a circle" in p.message
    assert "rare_earths -> semiconductors -> rare_earths" in p.message \
        or "semiconductors -> rare_earths -> semiconductors" in p.message


def test_a_world_file_alone_validates_from_the_cli(tmp_path):
    ok = _world(tmp_path, WORLD)
    r = CliRunner().invoke(main, ["validate", str(ok)])
    assert "Traceback" not in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(WORLD.replace("inputs: [mining]", "inputs: [minig]"))
    r = CliRunner().invoke(main, ["validate", str(bad)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{bad}:10: sectors[0].stages[1].inputs[0]: stage 'minig' is not a stage of rare_earths" \
        in r.output


def test_a_team_that_is_not_a_player_actor(straits):
    scn = straits / "straits.yaml"
    scn.write_text(scn.read_text().replace("\n  NLD:\n", "\n  TWN:\n"))
    got = _problems(scn)
    # a block's line is its first line (the key's own line holds nothing)
    line = next(i for i, x in enumerate(scn.read_text().splitlines(), 1) if x == "  TWN:") + 1
    assert f"{scn}:{line}: teams.TWN: TWN is not a player actor of world 'straits' " \
           f"(players: KOR, JPN, USA, CHN, ASEAN, NLD)" in got
    assert any(p.endswith("teams: team NLD is missing") for p in got)


def test_capacity_at_a_stage_the_custom_world_does_not_have(straits):
    scn = straits / "straits.yaml"
    scn.write_text(scn.read_text().replace("    mining: {CHN: 70", "    smelting: {CHN: 5}\n    mining: {CHN: 70"))
    assert _problems(scn) == [
        f"{scn}:{_line(scn, 'smelting:')}: capacity.rare_earths.smelting: stage 'smelting' is not a "
        f"stage of rare_earths (mining, separation)"]


def test_a_name_of_the_custom_world_is_unknown_in_the_default_one(straits):
    """The same scenario without its `world:` is set in the default world, where the
    Netherlands and rare earths do not exist: each use is named."""
    scn = straits / "straits.yaml"
    scn.write_text(scn.read_text().replace("world: straits_world.yaml", "world: default"))
    got = _problems(scn)
    assert f"{scn}:{_line(scn, 'sectors: [')}: sectors[1]: unknown sector 'rare_earths'; expected one " \
           f"of semiconductors, batteries (world 'default')" in got
    assert any("teams.NLD: unknown team 'NLD'" in p for p in got)
    deck = straits / "straits_deck.yaml"
    assert f"{deck}:{_line(deck, 'team: NLD')}: team: unknown team 'NLD'; expected one of " \
           f"KOR, JPN, USA, CHN, ASEAN" in got


def test_an_unknown_world_and_owned_units_beyond_the_site(straits):
    scn = straits / "straits.yaml"
    text = scn.read_text()
    scn.write_text(text.replace("world: straits_world.yaml", "world: nowhere.yaml"))
    assert _problems(scn)[0].startswith(f"{scn}:{_line(scn, 'world:')}: world: unknown world 'nowhere.yaml'")
    scn.write_text(text.replace("CHN: {KOR: 8}", "CHN: {KOR: 28}"))
    assert _problems(scn) == [
        f"{scn}:{_line(scn, 'CHN: {KOR: 28}')}: ownership.semiconductors.fabrication.CHN: 28 units "
        f"owned by others, but CHN has 27 units of capacity at semiconductors/fabrication"]


def test_the_report_and_print_kit_cover_every_team_of_the_world(straits):
    from game.report import render_report
    from game.report.print_kit import render_kit

    scn = load_scenario(str(straits / "straits.yaml"))
    session = play_to_end(Session(scn, 5), {t: HeuristicBot() for t in scn.world.teams})
    md = render_report(session, "md", replays=4)
    assert "| Team | Rank played | 1st | 2nd | 3rd | 4th | 5th | 6th |" in md
    assert "### Netherlands (NLD)" in md and "**Rare earths: share of each team's needs met" in md
    assert "six teams and three other actors, three sectors" in md
    assert "Netherlands: briefing pack" in render_kit(scn, "html")


@pytest.mark.parametrize("text, expected", [
    ("id: a\nextends: w.yaml\n", "w.yaml:2: extends: 'w.yaml' extends this world again (a circle)"),
    ("id: b\nactors: 5\n", "w.yaml:2: actors: input should be a valid list, got 5"),
    ("id: c\nextends: default\nactors: [{id: self, name: x, player: true}]\n",
     "w.yaml:3: actors[0].id: expected an actor id of capital letters, digits and '_' (KOR, NLD), got 'self'"),
    ("id: d\nextends: default\nlinks: [{stage: materials, needs: x.y}]\n",
     "w.yaml:3: links[0].stage: expected a stage as sector.stage (semiconductors.materials), got 'materials'"),
    ("id: e\nextends: default\nsectors: [{id: s, title: S, stages: [{id: a, title: A, value: .nan}]}]\n",
     "w.yaml:3: sectors[0].stages[0].value: input should be a finite number, got nan"),
])
def test_hostile_world_files_get_one_line_each(tmp_path, text, expected):
    path = _world(tmp_path, text)
    r = CliRunner().invoke(main, ["validate", str(path)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.output.splitlines()[0] == str(tmp_path / expected)


def test_the_schema_describes_world_files():
    import json

    r = CliRunner().invoke(main, ["schema", "--kind", "world"])
    assert r.exit_code == 0, r.output
    world = json.loads(r.output)
    assert world["title"] == "Chokepoint world file"
    assert {"id", "extends", "actors", "sectors", "links"} <= set(world["properties"])
    both = json.loads(CliRunner().invoke(main, ["schema"]).output)
    assert {"DeckModel", "ScenarioModel", "WorldModel"} <= set(both["$defs"])


def test_a_study_variant_of_a_scenario_in_its_own_world_keeps_its_world_and_deck(straits):
    from game.sim.study import build_variant

    scn = build_variant(str(straits / "straits.yaml"), {"rounds": 4}, "straits_short")
    assert (scn.id, scn.rounds, scn.world.id) == ("straits_short", 4, "straits")
    assert "nld_lithography_licences" in scn.teams["NLD"].hand
