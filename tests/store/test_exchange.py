"""Export then import: an exact round trip, checked before anything is written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from game.cli import main
from game.headless import play_to_end
from game.store import StoreError, open_store


@pytest.fixture
def played(store, scn):
    game_id, s = store.new_game(scn, 8, mode="workshop", teams={"KOR": "human"})
    play_to_end(s, stop_after_round=2)
    s.note("hot wash: stockpiles came too late", author="facilitator")
    s.advance()
    s.note("oops")
    s.undo()
    return game_id


def test_export_import_round_trips_exactly(store, played, tmp_path):
    data = store.export_game(played)
    other = open_store(tmp_path / "other.db")
    assert other.import_game(json.loads(json.dumps(data))) == played
    assert other.export_game(played) == data
    assert other.load(played).state.to_dict() == store.load(played).state.to_dict()
    assert other.notes(played) == store.notes(played)


def test_the_cli_round_trips_the_file_byte_for_byte(db_path, played, tmp_path):
    run = CliRunner().invoke
    out1, out2 = tmp_path / "g1.json", tmp_path / "g2.json"
    r = run(main, ["games", "export", played, "-o", str(out1), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    r = run(main, ["games", "import", str(out1), "--db", str(tmp_path / "b.db")])
    assert r.exit_code == 0 and r.output.strip() == played
    r = run(main, ["games", "--db", str(tmp_path / "b.db"), "export", played, "-o", str(out2)])
    assert r.exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()


def test_import_refuses_an_id_already_there(store, played):
    with pytest.raises(StoreError, match="already in"):
        store.import_game(store.export_game(played))


def test_import_into_the_same_file_after_delete(store, played):
    data = store.export_game(played)
    store.delete_game(played)
    store.import_game(data)
    assert store.export_game(played) == data


@pytest.mark.parametrize("mangle, message", [
    (lambda d: d.update(format="something-else"), "not a Chokepoint game export"),
    (lambda d: d.update(version=99), "newer"),
    (lambda d: d["game"].pop("seed"), "'seed' should be int"),
    (lambda d: d["actions"].pop(3), "seq"),
    (lambda d: d["snapshots"][0]["state"]["teams"]["KOR"].update(budget=1e6), "round 1"),
    (lambda d: d["actions"][10]["payload"].update(type="advance"), "does not"),
    (lambda d: d["game"].update(seed=d["game"]["seed"] + 1), "does not verify"),
    (lambda d: d.update(notes="none"), "'notes' should be a list"),
])
def test_a_bad_export_is_refused_and_nothing_is_written(store, played, tmp_path, mangle, message):
    data = store.export_game(played)
    mangle(data)
    other = open_store(tmp_path / "other.db")
    with pytest.raises(StoreError, match=message):
        other.import_game(data)
    assert other.games() == []


@pytest.mark.parametrize("content", ["not json at all", "[1, 2, 3]", '{"format": "x"}'])
def test_the_cli_refuses_a_bad_file_with_exit_2(tmp_path, content):
    f = tmp_path / "bad.json"
    f.write_text(content)
    r = CliRunner().invoke(main, ["games", "import", str(f), "--db", str(tmp_path / "s.db")])
    assert r.exit_code == 2 and r.output.startswith("error: ") and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["games", "import", str(tmp_path / "missing.json"),
                                  "--db", str(tmp_path / "s.db")])
    assert r.exit_code == 2 and "cannot read" in r.output
