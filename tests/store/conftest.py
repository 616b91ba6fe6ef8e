from __future__ import annotations

import json

import pytest

from game.content import load_scenario
from game.headless import game_json, play_to_end
from game.session import Session
from game.store import open_store

_LOADED: dict = {}


def _cached_load_scenario(name=None):
    if name not in _LOADED:
        _LOADED[name] = load_scenario(name)
    return _LOADED[name]


@pytest.fixture(autouse=True)
def quick_content(monkeypatch):
    """The CLI commands these tests invoke in-process load the scenario each time; checking
    the decks takes seconds, so load each scenario once per test run."""
    import game.cli.common

    monkeypatch.setattr(game.cli.common, "load_scenario", _cached_load_scenario)


@pytest.fixture(scope="session")
def scn():
    return _cached_load_scenario(None)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "saves.db"


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def reference(scn):
    """The uninterrupted game for a seed: its actions and its JSON (memoised)."""
    cache: dict[int, tuple[list[dict], dict]] = {}

    def get(seed: int):
        if seed not in cache:
            s = play_to_end(Session(scn, seed))
            cache[seed] = (s.actions(), game_json(s))
        return cache[seed]

    return get


def _rows(db_path, table: str, game_id: str | None = None) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        where = " WHERE game_id = ?" if game_id else ""
        return conn.execute(f"SELECT * FROM {table}{where} ORDER BY rowid",
                            [game_id] if game_id else []).fetchall()
    finally:
        conn.close()


def _without_id(data: dict) -> str:
    data = dict(data)
    data.pop("game_id", None)
    return json.dumps(data, sort_keys=True)


@pytest.fixture
def rows():
    """rows(db_path, table, game_id=None): the table's rows through a separate connection."""
    return _rows


@pytest.fixture
def without_id():
    """A game's JSON text without its game_id, to compare saved and unsaved games."""
    return _without_id
