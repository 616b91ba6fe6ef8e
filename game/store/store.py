"""Saves: games, their append-only action logs, per-round snapshots and notes, in SQLite.

A `Store` is one save file. `new_game` and `load` hand back a `Session` whose hooks write
every action in its own transaction *before* the session takes it as accepted
(`Session.on_append` runs before `act` returns; if the write fails the game is
unchanged). An undo is written as an undo row: nothing in the log is ever deleted.

Connections are per thread (a sqlite-utils Database must not cross threads), so a TUI worker
thread can drive a saved session. Several processes may share one file: WAL, a busy timeout
and short `BEGIN IMMEDIATE` transactions keep them from failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from sqlite_utils import Database

from ..core.flow import Advance, Note, action_to_dict
from ..core.scenario import Scenario
from ..core.state import GameState, Phase
from ..session import Entry, Session
from . import schema
from .errors import StaleCopy, StoreError
from .replay import (
    after,
    canonical_json,
    chain_next,
    chain_start,
    check_chain,
    check_notes,
    replay_verified,
    sha256,
)

ENV_VAR = "CHOKEPOINT_DB"
META = ("game_id", "scenario", "seed", "mode", "teams", "status", "round", "phase", "state_id",
        "seq", "created", "updated")


def default_db_path() -> Path:
    """Where saves live when no --db is given: $CHOKEPOINT_DB, else the user data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("chokepoint", appauthor=False) / "chokepoint.db"


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating if need be) a save file. StoreError, with the file untouched, if it is
    not a Chokepoint save, is damaged, or was written by a newer version."""
    p = Path(path).expanduser() if path is not None else default_db_path()
    return Store(p)


_BUNDLED: dict[tuple, Scenario] = {}


def bundled_scenario(scenario_id: str) -> Scenario:
    """A bundled scenario by id, cached in the process until a content file changes (loading
    and checking the decks takes a while, and every `load` needs its game's scenario)."""
    from ..content import ContentError, load_scenario
    from ..content.loader import bundled_files

    if not _is_id(scenario_id):  # load_scenario would read a path: a save never names one
        raise StoreError(f"the game's scenario {str(scenario_id)[:80]!r} is not a scenario "
                         f"id (a save names a bundled scenario, never a file)")

    try:
        key = (scenario_id, tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                                  for f in bundled_files()))
    except OSError:  # a file went away while we looked: load afresh
        key = (scenario_id, uuid.uuid4().hex)
    scn = _BUNDLED.get(key)
    if scn is None:
        try:
            scn = load_scenario(scenario_id)
        except ContentError as exc:
            raise StoreError(f"cannot load scenario '{scenario_id}' for this game: "
                             + "; ".join(str(p) for p in exc.problems)
                             + " (a game played from a scenario file needs that file: "
                               "--scenario PATH)") from None
        if len(_BUNDLED) >= 8:
            _BUNDLED.clear()
        _BUNDLED[key] = scn
    return scn


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        needs_schema = schema.inspect_file(self.path)  # raises before anything is written
        #: a save this process cannot write (read-only file, folder or medium) is opened for
        #: reading: listing, showing and reporting work, saving says it is read-only
        self.read_only = self.path.exists() and schema.is_read_only(self.path)
        self._local = threading.local()
        self._scenarios: dict[str, Scenario] = {}
        #: the log has its hash chain (m002); a read-only save from before it is read as is
        self.chained = True
        if needs_schema and self.read_only:
            if not self.path.stat().st_size:
                raise StoreError(f"{self.path} is read-only and empty: it cannot be set up as "
                                 f"a save; the file was not changed")
            self.chained = _has_chain(self.path)
        elif needs_schema:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create its folder "
                                 f"({exc.strerror or exc})") from None
            with self._errors():
                schema.migrate(self.db)
        elif not self.read_only:
            with self._errors():
                self.db.enable_wal()  # no-op on our own saves, which are WAL from the start

    # ---------------------------------------------------------------- connections ----------
    @property
    def db(self) -> Database:
        """This thread's connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            with self._errors():
                db = self._local.db = schema.connect(self.path, self.read_only)
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            msg = str(exc)
            if "readonly" in msg or "read-only" in msg:
                msg = "the save is read-only; nothing was written"
            elif "unable to open" in msg:
                msg = "cannot be opened (a missing folder, or no permission to write there)"
            elif "disk is full" in msg or "database or disk is full" in msg:
                msg = "the disk is full; nothing was written"
            raise StoreError(f"{self.path}: {msg}") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise StoreError(f"{self.path} is damaged: a text in it is not UTF-8") from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[Database]:
        """One short write transaction. IMMEDIATE takes the write lock up front, so a busy
        file makes us wait (busy timeout) instead of failing on a lock upgrade."""
        if self.read_only:
            raise StoreError(f"{self.path} is read-only: the game cannot be saved there "
                             f"(copy the file somewhere writable, or use another --db)")
        db = self.db
        with self._errors():
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[Database]:
        """One read transaction: every SELECT inside sees the same snapshot of the file, so a
        game row, its log, snapshots and notes always agree even while another process plays
        the same game (WAL readers never wait for, nor block, the writer)."""
        db = self.db
        with self._errors():
            if db.conn.in_transaction:  # nested in a write or read already: same snapshot
                yield db
                return
            db.execute("BEGIN")
            try:
                yield db
            finally:
                if db.conn.in_transaction:
                    db.execute("COMMIT")

    # ---------------------------------------------------------------- scenarios -----------
    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario a saved game was played with (bundled content, by id), cached."""
        scn = self._scenarios.get(scenario_id)
        if scn is None and not _is_id(scenario_id):
            raise StoreError(f"the game's scenario {str(scenario_id)[:80]!r} is not a scenario "
                             f"id (a save names a bundled scenario, never a file)")
        if scn is None:
            scn = self._scenarios[scenario_id] = bundled_scenario(scenario_id)
        return scn

    def register_scenario(self, scn: Scenario) -> None:
        """Use this scenario object for games with its id (e.g. one read from a file)."""
        self._scenarios[scn.id] = scn

    # ---------------------------------------------------------------- games ---------------
    def new_game(self, scenario: Scenario | str, seed: int, mode: str = "headless",
                 teams=None) -> tuple[str, Session]:
        """Record a new game and return its id and a Session that saves as it plays."""
        if isinstance(seed, bool) or not isinstance(seed, int) or not SEED_MIN <= seed <= SEED_MAX:
            raise StoreError(f"seed {seed!r} cannot be saved: a saved game's seed is a whole "
                             f"number between {SEED_MIN} and {SEED_MAX}")
        scn = self.scenario(scenario) if isinstance(scenario, str) else scenario
        self.register_scenario(scn)
        session = Session(scn, seed)
        st = session.state
        stamp = now()
        with self._write() as db:
            for _ in range(20):
                game_id = uuid.uuid4().hex[:8]
                if not db.execute("SELECT 1 FROM games WHERE game_id = ?", [game_id]).fetchone():
                    break
            db.execute(
                "INSERT INTO games (game_id, scenario, seed, mode, teams, status, round, phase, "
                "state_id, seq, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                [game_id, scn.id, seed, mode, json.dumps(teams), "unfinished", st.round,
                 st.phase.value, stamp, stamp])
        self._attach(game_id, session)
        return game_id, session

    def load(self, game_id: str, scenario: Scenario | None = None) -> Session:
        """Replay a saved game, checking every snapshot; the Session goes on saving."""
        return self.read_game(game_id, scenario)[1]

    def read_game(self, game_id: str, scenario: Scenario | None = None,
                  include_undone: bool = False) -> tuple[dict, Session, list[dict]]:
        """(games row, replayed Session, notes) of one game, all read in one transaction so
        they agree with each other whatever another process writes meanwhile. The log is
        replayed and every snapshot checked, and the notes table must say exactly what the
        log's note actions say (so a note edited or slipped into the file is caught)."""
        with self._read():
            meta = self.game(game_id)
            rows, snaps = self._log(game_id)
            notes = self.notes(game_id, include_undone=True)
        if scenario is not None and scenario.id != meta["scenario"]:
            raise StoreError(f"game {game_id} was played with scenario '{meta['scenario']}', "
                             f"not '{scenario.id}'")
        scn = scenario or self.scenario(meta["scenario"])
        try:
            if meta.get("damaged"):
                raise StoreError(meta["damaged"])
            session = replay_verified(scn, meta["seed"], rows, snaps)
            if (meta["state_id"], meta["seq"]) != (len(session.log), len(rows)):
                raise StoreError(f"the games row counts {meta['state_id']} actions in "
                                 f"{meta['seq']} log entries, the log has {len(session.log)} "
                                 f"in {len(rows)}")
            check_notes(rows, notes)
            if self.chained:  # last: replay and snapshots name what is wrong more precisely
                check_chain(game_id, meta["seed"], rows)
        except StoreError as exc:
            raise StoreError(does_not_verify(game_id, exc)) from None
        self._attach(game_id, session)
        if not include_undone:
            notes = [n for n in notes if not n["undone"]]
        return meta, session, notes

    def snapshot(self, game_id: str, rnd: int) -> GameState:
        """The state at the end of a sealed round, straight from its snapshot (hash checked,
        no replay): for reports and charts that need one round fast. `load` checks it all."""
        with self._read():
            self.game(game_id)
            row = self.db.execute("SELECT hash, state FROM snapshots WHERE game_id = ? AND "
                                  "round = ?", [game_id, rnd]).fetchone()
        if row is None:
            raise StoreError(f"game {game_id} has no snapshot for round {rnd} (a round has one "
                             f"once the game moves past its debrief)")
        if sha256(row[1]) != row[0]:
            raise StoreError(f"game {game_id}: round {rnd}: the snapshot's state does not "
                             f"match its hash")
        try:
            return GameState.from_dict(json.loads(row[1]))
        except Exception as exc:  # a hash can be recomputed: the text is still untrusted
            raise StoreError(f"game {game_id}: round {rnd}: the snapshot cannot be read "
                             f"({type(exc).__name__}: {exc})"[:300]) from None

    def game(self, game_id: str) -> dict:
        with self._errors():
            row = self.db.execute(f"SELECT {', '.join(META)} FROM games WHERE game_id = ?",
                                  [game_id]).fetchone()
        if row is None:
            raise StoreError(f"no game '{game_id}' in {self.path}")
        return _meta(row)

    def games(self) -> list[dict]:
        """Every game, most recently played first."""
        with self._errors():
            rows = self.db.execute(f"SELECT {', '.join(META)} FROM games "
                                   "ORDER BY updated DESC, game_id").fetchall()
        return [_meta(r) for r in rows]

    def notes(self, game_id: str, include_undone: bool = False) -> list[dict]:
        sql = ("SELECT seq, state_id, round, phase, author, kind, text, undone FROM notes "
               "WHERE game_id = ?" + ("" if include_undone else " AND undone = 0") +
               " ORDER BY seq")
        with self._read():
            self.game(game_id)
            cur = self.db.execute(sql, [game_id])
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r)) for r in cur.fetchall()]

    def delete_game(self, game_id: str) -> None:
        self.game(game_id)
        with self._write() as db:
            for table in ("notes", "snapshots", "actions", "games"):
                db.execute(f"DELETE FROM {table} WHERE game_id = ?", [game_id])

    def export_game(self, game_id: str) -> dict:
        from .exchange import export_game

        return export_game(self, game_id)

    def import_game(self, data: dict) -> str:
        from .exchange import import_game

        return import_game(self, data)

    # ---------------------------------------------------------------- the log -------------
    def _log(self, game_id: str) -> tuple[list[dict], list[dict]]:
        chain = "chain" if self.chained else "NULL"
        with self._errors():
            rows = [
                {"seq": seq, "state_id": sid, "type": typ, "payload": payload, "text": payload,
                 "round": rnd, "phase": phase, "chain": ch}
                for seq, sid, typ, payload, rnd, phase, ch in self.db.execute(
                    f"SELECT seq, state_id, type, payload, round, phase, {chain} FROM actions "
                    "WHERE game_id = ? ORDER BY seq", [game_id])
            ]
            snaps = [
                {"round": rnd, "state_id": sid, "hash": h, "state": state}
                for rnd, sid, h, state in self.db.execute(
                    "SELECT round, state_id, hash, state FROM snapshots WHERE game_id = ? "
                    "ORDER BY round", [game_id])
            ]
        return rows, snaps

    def _attach(self, game_id: str, session: Session) -> None:
        session.on_append = lambda entry: self._append(game_id, session, entry)
        session.on_undo = lambda removed: self._undo(game_id, session, removed)

    def _claim(self, db: Database, game_id: str, state_id: int) -> tuple[int, str]:
        """(the next row's seq, the log's chain hash so far), once sure that no one else
        wrote to this game since this session last saw it."""
        row = db.execute("SELECT state_id, seq, seed FROM games WHERE game_id = ?",
                         [game_id]).fetchone()
        if row is None:
            raise StoreError(f"game {game_id} is no longer in {self.path}")
        if row[0] != state_id:
            raise StaleCopy(f"game {game_id} was changed by another window or process "
                             f"(it has {row[0]} actions, this copy {state_id}); load it again")
        last = db.execute("SELECT chain FROM actions WHERE game_id = ? ORDER BY seq DESC "
                          "LIMIT 1", [game_id]).fetchone()
        return row[1], last[0] if last else chain_start(game_id, row[2])

    def _append(self, game_id: str, session: Session, entry: Entry) -> None:
        """on_append: commit one action (and the snapshot it seals, or the note it is)."""
        st, action = session.state, entry.action  # st: already after the action
        payload = action_to_dict(action)
        rnd, phase = entry.round, entry.phase.value
        new_round, new_phase = after(session.scenario, rnd, phase, action)
        stamp = now()
        snapshot = None
        if isinstance(action, Advance) and entry.phase is Phase.DEBRIEF:  # seals the round
            text = canonical_json(st, at=(entry.round, entry.phase))
            snapshot = [game_id, rnd, entry.state_id, sha256(text), text]
        text = json.dumps(payload, sort_keys=True)
        with self._write() as db:
            seq, prev = self._claim(db, game_id, entry.state_id)
            chain = chain_next(prev, seq, entry.state_id, payload["type"], text, rnd, phase)
            db.execute("INSERT INTO actions (game_id, seq, state_id, type, payload, round, phase, "
                       "at, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [game_id, seq, entry.state_id, payload["type"], text, rnd, phase, stamp,
                        chain])
            if snapshot:
                db.execute("INSERT INTO snapshots (game_id, round, state_id, hash, state) "
                           "VALUES (?, ?, ?, ?, ?)", snapshot)
            if isinstance(action, Note):
                db.execute("INSERT INTO notes (game_id, seq, state_id, round, phase, author, "
                           "kind, text, undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                           [game_id, seq, entry.state_id, rnd, phase, action.author,
                            action.kind, action.text])
            db.execute("UPDATE games SET state_id = ?, seq = ?, round = ?, phase = ?, status = ?, "
                       "updated = ? WHERE game_id = ?",
                       [entry.state_id + 1, seq + 1, new_round, new_phase,
                        "finished" if new_phase == "over" else "unfinished", stamp, game_id])

    def _undo(self, game_id: str, session: Session, removed: list[int]) -> None:
        """on_undo: record the undo; snapshots it invalidates are dropped (they are a cache of
        the log, not part of it) and notes it takes back are marked undone."""
        first = min(removed)
        st = session.state
        stamp = now()
        with self._write() as db:
            seq, prev = self._claim(db, game_id, max(removed) + 1)
            text = json.dumps({"type": "undo", "state_ids": sorted(removed)}, sort_keys=True)
            chain = chain_next(prev, seq, first, "undo", text, st.round, st.phase.value)
            db.execute("INSERT INTO actions (game_id, seq, state_id, type, payload, round, phase, "
                       "at, chain) VALUES (?, ?, ?, 'undo', ?, ?, ?, ?, ?)",
                       [game_id, seq, first, text, st.round, st.phase.value, stamp, chain])
            db.execute("DELETE FROM snapshots WHERE game_id = ? AND state_id >= ?",
                       [game_id, first])
            db.execute("UPDATE notes SET undone = 1 WHERE game_id = ? AND state_id >= ?",
                       [game_id, first])
            rnd, phase = _position_at(db, session.scenario, game_id, first)
            db.execute("UPDATE games SET state_id = ?, seq = ?, round = ?, phase = ?, status = ?, "
                       "updated = ? WHERE game_id = ?",
                       [first, seq + 1, rnd, phase,
                        "finished" if phase == "over" else "unfinished", stamp, game_id])


def _position_at(db: Database, scn: Scenario, game_id: str, state_id: int) -> tuple[int, str]:
    """Round and phase after the first `state_id` live actions (for the games summary)."""
    if state_id == 0:
        return 1, "briefing"
    from ..core.flow import action_from_dict

    row = db.execute("SELECT round, phase, payload FROM actions WHERE game_id = ? AND "
                     "state_id = ? AND type != 'undo' ORDER BY seq DESC LIMIT 1",
                     [game_id, state_id - 1]).fetchone()
    return after(scn, row[0], row[1], action_from_dict(json.loads(row[2])))


_INT_META = {"seed", "round", "state_id", "seq"}
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1  # what an SQLite INTEGER holds
_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")


def _is_id(text) -> bool:
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def _has_chain(path: Path) -> bool:
    conn = schema.connect(path, read_only=True).conn
    try:
        return any(r[1] == "chain" for r in conn.execute("PRAGMA table_info(actions)"))
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def does_not_verify(game_id: str, exc: Exception) -> str:
    msg = str(exc)
    return f"game {game_id} does not verify" + (f" {msg}" if msg.startswith("at action")
                                                  else f": {msg}")


def _meta(row) -> dict:
    """A games row as a dict. A row damaged in ways the listing can live with (teams that are
    not JSON) is still listed; `damaged` says why, and loading the game refuses it."""
    d = dict(zip(META, row))
    for k, v in list(d.items()):  # any column may hold anything in a file someone edited
        want = int if k in _INT_META else str
        if v is None and k == "teams":
            continue
        if not isinstance(v, want) or isinstance(v, bool):
            what = "a whole number" if want is int else "text"
            d.setdefault("damaged", f"the games row's {k} is not {what}")
            d[k] = v.hex() if isinstance(v, bytes) else v  # still printable and JSON
    teams = d["teams"]
    try:
        d["teams"] = json.loads(teams) if teams is not None else None
        teams = d["teams"]
        if teams is not None and (not isinstance(teams, dict) or not all(
                isinstance(v, str) for v in teams.values())):
            raise ValueError("not an object of team -> player")
    except (TypeError, ValueError):
        d["teams"] = None
        d.setdefault("damaged", "the games row's teams are not a JSON object of team -> player")
    return d
