"""`run --db`, `resume` and `games`: saving from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from game.cli import main


def _run(*args, env=None):
    r = CliRunner().invoke(main, [str(a) for a in args], env=env)
    return r


def test_run_without_db_is_byte_identical_and_free_of_ids(monkeypatch, tmp_path):
    monkeypatch.setenv("CHOKEPOINT_DB", str(tmp_path / "env.db"))
    a, b = _run("run", "--seed", 7, "--json"), _run("run", "--seed", 7, "--json")
    assert a.exit_code == 0 and a.output == b.output
    assert "game_id" not in a.output and "created" not in a.output
    assert not (tmp_path / "env.db").exists()  # nothing saved without --db or --save


@pytest.mark.parametrize("seed, k", [(7, 3), (12, 1), (3, 7)])
def test_stop_then_resume_ends_exactly_like_the_uninterrupted_game(tmp_path, seed, k, without_id):
    db = tmp_path / "s.db"
    full = json.loads(_run("run", "--seed", seed, "--json").output)
    r = _run("run", "--seed", seed, "--db", db, "--stop-after-round", k, "--json")
    assert r.exit_code == 0, r.output
    part = json.loads(r.output)
    assert part["status"] == "unfinished" and part["rounds_played"] == k
    game_id = part["game_id"]
    r = _run("resume", game_id, "--db", db, "--json")
    assert r.exit_code == 0, r.output
    resumed = json.loads(r.output)
    assert resumed["game_id"] == game_id
    assert resumed["final"] == full["final"]
    assert without_id(resumed) == without_id(full)


def test_run_with_db_reports_the_game_id(tmp_path):
    r = _run("run", "--seed", 2, "--db", tmp_path / "s.db")
    assert r.exit_code == 0
    game_id = r.output.strip().splitlines()[-1].removeprefix("game_id: ")
    listed = json.loads(_run("games", "--db", tmp_path / "s.db", "--json").output)
    assert [g["game_id"] for g in listed] == [game_id]
    assert set(listed[0]) == {"game_id", "scenario", "seed", "mode", "status", "round", "updated"}


def test_save_and_env_var_choose_the_file(tmp_path):
    env = {"CHOKEPOINT_DB": str(tmp_path / "env.db")}
    r = _run("run", "--seed", 2, "--save", "--json", env=env)
    game_id = json.loads(r.output)["game_id"]
    r = _run("games", "--json", env=env)
    assert [g["game_id"] for g in json.loads(r.output)] == [game_id]
    r = _run("games", "show", game_id, env=env)
    assert r.exit_code == 0 and game_id in r.output and "finished" in r.output


def test_resume_of_a_finished_game_prints_it(tmp_path):
    db = tmp_path / "s.db"
    done = json.loads(_run("run", "--seed", 5, "--db", db, "--json").output)
    again = json.loads(_run("resume", done["game_id"], "--db", db, "--json").output)
    assert again == done


def test_games_show_lists_notes_and_json(tmp_path, scn):
    from game.store import open_store

    st = open_store(tmp_path / "s.db")
    game_id, s = st.new_game(scn, 4)
    s.note("first note", author="KOR")
    st.close()
    r = _run("games", "show", game_id, "--db", tmp_path / "s.db")
    assert r.exit_code == 0 and "first note" in r.output
    r = _run("games", "show", game_id, "--db", tmp_path / "s.db", "--json")
    data = json.loads(r.output)
    assert data["game"]["game_id"] == game_id and data["notes"][0]["text"] == "first note"


def test_games_delete(tmp_path):
    db = tmp_path / "s.db"
    game_id = json.loads(_run("run", "--seed", 2, "--db", db, "--json").output)["game_id"]
    r = _run("games", "delete", game_id, "--db", db)
    assert r.exit_code == 0
    assert json.loads(_run("games", "--db", db, "--json").output) == []


@pytest.mark.parametrize("args", [["resume", "nope"], ["games", "show", "nope"],
                                  ["games", "export", "nope"], ["games", "delete", "nope"]])
def test_an_unknown_id_is_a_clear_error(tmp_path, args):
    r = _run(*args, "--db", tmp_path / "s.db")
    assert r.exit_code == 2
    assert r.output == f"error: no game 'nope' in {tmp_path / 's.db'}\n"


def test_an_empty_list(tmp_path):
    r = _run("games", "--db", tmp_path / "s.db")
    assert r.exit_code == 0 and "no saved games" in r.output


def test_a_game_played_from_a_scenario_file_resumes_with_that_file(tmp_path, monkeypatch):
    """A save names its scenario by id only; without the file, resume says to give it, and
    with `--scenario PATH` the terminal app opens the game (not a bundled lookup)."""
    from pathlib import Path

    import game.tui as tui

    src = Path(__file__).resolve().parents[2] / "scenarios" / "semiconductor_chokepoint.yaml"
    text = src.read_text().replace("id: semiconductor_chokepoint", "id: my_chips", 1)
    mine = tmp_path / "my.yaml"
    mine.write_text(text)
    db = tmp_path / "s.db"
    r = _run("run", mine, "--seed", 3, "--db", db, "--stop-after-round", 2, "--json")
    assert r.exit_code == 0, r.output
    game_id = json.loads(r.output)["game_id"]
    r = _run("resume", game_id, "--db", db)
    assert r.exit_code == 2 and "--scenario PATH" in r.output

    opened = {}

    class FakeApp:
        return_code = 0

        def __init__(self, **options):
            opened.update(options)

        def run(self):
            pass

    monkeypatch.setattr(tui, "make_app", lambda **o: FakeApp(**o))
    r = _run("resume", game_id, "--db", db, "--scenario", mine)
    assert r.exit_code == 0, r.output
    assert opened["resume"] == game_id
    assert [s.id for s in opened["scenarios"]] == ["my_chips"]
