"""Files that are not ours, damaged or newer: a clear error, exit 2, and the file untouched."""

from __future__ import annotations

import os
import sqlite3

import pytest
from click.testing import CliRunner

from game.cli import main
from game.store import SCHEMA_VERSION, StoreError, open_store


def _fingerprint(path):
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_size


def _sqlite_file(path, sql):
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def bad_files(tmp_path, scn):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    text = tmp_path / "notes.db"
    text.write_text("workshop notes, not a database\n")
    foreign = _sqlite_file(tmp_path / "foreign.db",
                           "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                           "INSERT INTO customers VALUES (1, 'Ada');")
    # a real save whose pages were overwritten after the header
    damaged = tmp_path / "damaged.db"
    st = open_store(damaged)
    st.new_game(scn, 1)
    st.close()
    data = bytearray(damaged.read_bytes())
    data[100:] = os.urandom(len(data) - 100)
    damaged.write_bytes(bytes(data))
    return {"junk": junk, "text": text, "foreign": foreign, "damaged": damaged}


@pytest.fixture
def newer(tmp_path, scn):
    path = tmp_path / "newer.db"
    st = open_store(path)
    st.new_game(scn, 1)
    st.close()
    return _sqlite_file(path, f"""
        INSERT INTO _sqlite_migrations (migration_set, name, applied_at)
        VALUES ('chokepoint', 'm999_from_the_future', '2099-01-01');
        PRAGMA user_version = {SCHEMA_VERSION + 1};""")


@pytest.mark.parametrize("kind", ["junk", "text", "foreign", "damaged"])
def test_a_bad_file_is_refused_and_left_alone(bad_files, kind):
    path = bad_files[kind]
    before = _fingerprint(path)
    with pytest.raises(StoreError) as exc:
        open_store(path)
    msg = str(exc.value)
    assert str(path) in msg and "not changed" in msg
    if kind == "foreign":
        assert "not a Chokepoint save" in msg and "customers" in msg
    assert _fingerprint(path) == before


@pytest.mark.parametrize("kind", ["junk", "foreign", "damaged"])
@pytest.mark.parametrize("args", [["games"], ["games", "show", "abc"], ["resume", "abc"],
                                  ["run", "--seed", "1"], ["games", "delete", "abc"]])
def test_the_cli_gives_a_clear_error_and_exit_2(bad_files, kind, args):
    path = bad_files[kind]
    before = _fingerprint(path)
    r = CliRunner().invoke(main, args + ["--db", str(path)])
    assert r.exit_code == 2, r.output
    assert r.output.startswith("error: ") and "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert _fingerprint(path) == before


def test_a_newer_schema_is_refused(newer):
    before = _fingerprint(newer)
    with pytest.raises(StoreError, match="newer version of Chokepoint"):
        open_store(newer)
    r = CliRunner().invoke(main, ["games", "--db", str(newer)])
    assert r.exit_code == 2 and "newer version of Chokepoint" in r.output
    assert _fingerprint(newer) == before


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_an_empty_file_becomes_a_save(tmp_path, scn):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    st = open_store(path)
    game_id, _ = st.new_game(scn, 1)
    assert st.game(game_id)["seed"] == 1


def test_a_missing_directory_is_created(tmp_path):
    st = open_store(tmp_path / "a" / "b" / "saves.db")
    assert st.games() == []


def test_the_schema_is_versioned_with_sqlite_utils_migrations(store):
    from sqlite_utils.migrations import Migrations  # noqa: F401  (the mechanism in use)

    applied = [r[0] for r in store.db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'chokepoint'")]
    assert applied == ["m001_initial", "m002_log_chain"]
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reopening_a_save_writes_nothing(tmp_path, scn):
    path = tmp_path / "s.db"
    st = open_store(path)
    st.new_game(scn, 1)
    st.close()
    before = _fingerprint(path)
    st = open_store(path)
    st.games()
    st.close()
    assert _fingerprint(path) == before
