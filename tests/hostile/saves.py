"""A small saved game to damage: three rounds, notes (one undone) and an undo, in one file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from game.bots import RandomBot
from game.core.state import Phase
from game.store import open_store

from ..default_world import TEAMS

MARK = "TAMPERED"


def make_save(path: Path, scn, rounds: int = 3) -> str:
    """Play `rounds` rounds into a new save at `path`; returns the game id."""
    with open_store(path) as store:
        game_id, s = store.new_game(scn, 11, mode="headless", teams={t: "random" for t in TEAMS})
        bot = RandomBot()
        while not s.over and s.state.round <= rounds:
            if s.state.phase is Phase.DECISIONS:
                for team in TEAMS:
                    if s.state.teams[team].commit is None:
                        s.commit(team, bot.choose(s.scenario, s.state, team))
            if s.state.phase is Phase.DEBRIEF:
                s.note(f"round {s.state.round}: the fab outage hurt", author="KOR")
                if s.state.round == 2:
                    s.note("taken back")
                    s.undo()
            s.advance()
        s.note("a note in the round still open", author="JPN")  # no snapshot covers it yet
    checkpoint(path)
    return game_id


def checkpoint(path: Path) -> None:
    """Fold the WAL into the file so one copy of the .db holds everything."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_save(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


def sql(path: Path, statement: str, params=()) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()
