"""The tables of a save, their versions, and how a file is checked before anything writes to it.

Schema versions are sqlite-utils `Migrations` (set "chokepoint", recorded in the
`_sqlite_migrations` table); `PRAGMA user_version` mirrors the number of migrations so other
tools can tell the version at a glance. A new version of the schema is a new function appended
to MIGRATIONS below - never edit one that has shipped.

Opening a file is two-step so that a file that is not ours is never touched:
1. `inspect_file` looks at it through a read-only connection: not SQLite, corrupt, some other
   program's database, or written by a newer Chokepoint -> StoreError, nothing written;
2. only then `connect` opens it for writing, turns on WAL and applies pending migrations.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .errors import StoreError

MIGRATION_SET = "chokepoint"
BUSY_TIMEOUT_S = 15.0  # a writer waits this long for another process's transaction
#: PRAGMA synchronous. NORMAL (with WAL): a commit is in the WAL file when it returns, so a
#: crash or kill -9 of the program loses nothing committed; a power cut or OS crash may lose
#: the last commits since a checkpoint (the file stays consistent). FULL also fsyncs every
#: commit: ~0.3 ms on an idle disk here but 5-7 ms under load, over the 2 ms budget for an
#: append. CHOKEPOINT_DB_SYNC=FULL chooses it; benchmarks/store.py measures both.
SYNCHRONOUS = "NORMAL"

MIGRATIONS = Migrations(MIGRATION_SET)


@MIGRATIONS(name="m001_initial")
def m001_initial(db: Database) -> None:
    db["games"].create(
        {
            "game_id": str,
            "scenario": str,
            "seed": int,
            "mode": str,
            "teams": str,  # JSON
            "status": str,  # unfinished | finished
            "round": int,
            "phase": str,
            "state_id": int,  # live actions: the next action's state id
            "seq": int,  # rows in the action log, undo entries included: the next row's seq
            "created": str,
            "updated": str,
        },
        pk="game_id",
        not_null={"scenario", "seed", "mode", "status", "round", "phase", "state_id", "seq",
                  "created", "updated"},
    )
    db["actions"].create(
        {
            "game_id": str,
            "seq": int,
            "state_id": int,
            "type": str,
            "payload": str,  # JSON: action_to_dict(action), or {"type": "undo", "state_ids": [...]}
            "round": int,  # round and phase when the action was taken
            "phase": str,
            "at": str,  # UTC time it was committed
        },
        pk=("game_id", "seq"),
        not_null={"state_id", "type", "payload", "round", "phase", "at"},
        foreign_keys=[("game_id", "games", "game_id")],
    )
    db["snapshots"].create(
        {
            "game_id": str,
            "round": int,
            "state_id": int,  # the state before the action with this state id
            "hash": str,  # sha256 of `state`
            "state": str,  # canonical JSON of GameState.to_dict()
        },
        pk=("game_id", "round"),
        not_null={"state_id", "hash", "state"},
        foreign_keys=[("game_id", "games", "game_id")],
    )
    db["notes"].create(
        {
            "game_id": str,
            "seq": int,  # the action log row that recorded it
            "state_id": int,
            "round": int,
            "phase": str,
            "author": str,
            "kind": str,  # note | pause | resume | timer ...
            "text": str,
            "undone": int,  # 1 once an undo took the note back
        },
        pk=("game_id", "seq"),
        not_null={"state_id", "round", "phase", "author", "kind", "text", "undone"},
        foreign_keys=[("game_id", "games", "game_id")],
    )
    db["games"].create_index(["updated"])
    db["actions"].create_index(["game_id", "state_id"])
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@MIGRATIONS(name="m002_log_chain")
def m002_log_chain(db: Database) -> None:
    """A hash chain over each game's action log (`replay.chain_next`), so the open round's
    entries and the notes they record are covered too; existing logs are chained as they
    stand (what they hold was verified by replay when it was written)."""
    from .replay import chain_next, chain_start

    db.execute("ALTER TABLE actions ADD COLUMN chain TEXT")
    for game_id, seed in db.execute("SELECT game_id, seed FROM games").fetchall():
        h = chain_start(game_id, seed)
        rows = db.execute("SELECT seq, state_id, type, payload, round, phase FROM actions "
                          "WHERE game_id = ? ORDER BY seq", [game_id]).fetchall()
        for seq, sid, typ, payload, rnd, phase in rows:
            h = chain_next(h, seq, sid, typ, payload, rnd, phase)
            db.execute("UPDATE actions SET chain = ? WHERE game_id = ? AND seq = ?",
                       [h, game_id, seq])
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


SCHEMA_VERSION = 2  # = number of migrations; bump with each one appended above
KNOWN = ["m001_initial", "m002_log_chain"]
TABLES = {"games", "actions", "snapshots", "notes"}


def inspect_file(path: Path) -> bool:
    """Check a file before writing to it. True if it needs the schema created or upgraded.

    Raises StoreError (and writes nothing) for a directory, a file that is not SQLite or is
    corrupt, another program's database, or a save from a newer version of Chokepoint."""
    try:
        st = path.stat()
    except FileNotFoundError:
        _check_folder(path)
        return True
    except NotADirectoryError:
        raise StoreError(f"{path}: a part of the path is a file, not a folder") from None
    except OSError as exc:
        raise StoreError(f"{path} cannot be opened: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path} is a directory, not a save file")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} is not a regular file (a pipe, socket or device), not a save "
                         f"file")
    if st.st_size == 0:
        return True
    try:
        conn = connect(path, read_only=True).conn
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened: {exc}") from None
    try:
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            applied = []
            if "_sqlite_migrations" in tables:
                applied = [r[0] for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                    [MIGRATION_SET])]
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise StoreError(_not_a_save(path, exc)) from None
    finally:
        conn.close()
    if not tables and not version:
        return True  # an empty SQLite file: ours to set up
    newer = [m for m in applied if m not in KNOWN]
    if newer or (applied and version > SCHEMA_VERSION):
        raise StoreError(
            f"{path} was saved by a newer version of Chokepoint (schema version {version}, "
            f"this version knows {SCHEMA_VERSION}"
            + (f"; unknown migrations: {', '.join(newer)}" if newer else "")
            + "). Upgrade Chokepoint to open it; the file was not changed.")
    if not applied or not TABLES <= tables:
        shown = ", ".join(sorted(tables)) or "none"
        raise StoreError(f"{path} is an SQLite database but not a Chokepoint save "
                         f"(tables: {shown}); the file was not changed")
    return len(applied) < len(KNOWN)


def _check_folder(path: Path) -> None:
    """A new save goes in a folder that exists (or can be made): refuse a path that goes
    through a file, before anything is created."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"{path}: {parent} is a file, not a folder")
            return


def is_read_only(path: Path) -> bool:
    """True when this process cannot write the save (read-only file, folder or medium): it
    is then opened for reading only, and reported as read-only, not as damaged."""
    if not os.access(path, os.W_OK):
        return True
    if not os.access(path.parent if str(path.parent) else Path("."), os.W_OK):
        return True  # WAL needs its -wal and -shm files beside the save
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # pragma: no cover - not POSIX
        return False


def _not_a_save(path: Path, exc: Exception) -> str:
    msg = str(exc)
    if "not a database" in msg:
        return f"{path} is not a Chokepoint save (not an SQLite database); the file was not changed"
    return f"{path} is damaged and cannot be read ({msg}); the file was not changed"


def connect(path: Path, read_only: bool = False) -> Database:
    """A connection with the settings every connection to a save uses. `read_only` opens a
    save this process cannot write; with no -shm beside it (a read-only folder or medium) the
    file is opened as immutable, since nothing can be writing it there either."""
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        folder_ro = not os.access(path.parent, os.W_OK)
        if folder_ro or (not Path(f"{path}-shm").exists() and is_read_only(path)):
            uri += "&immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    db = Database(conn, execute_plugins=False)
    if read_only:
        return db
    sync = os.environ.get("CHOKEPOINT_DB_SYNC", SYNCHRONOUS).upper()
    db.execute(f"PRAGMA synchronous = {sync if sync in ('NORMAL', 'FULL', 'EXTRA') else SYNCHRONOUS}")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def migrate(db: Database) -> None:
    """Turn on WAL (outside any transaction) and apply pending migrations under a write lock,
    so two processes opening a new file at once do not both create the tables."""
    db.enable_wal()
    db.execute("BEGIN IMMEDIATE")
    try:
        applied = [m.name for m in MIGRATIONS.applied(db)]
        newer = [m for m in applied if m not in KNOWN]
        if newer:
            raise StoreError(f"the save was upgraded by a newer version of Chokepoint "
                             f"(unknown migrations: {', '.join(newer)})")
        if MIGRATIONS.pending(db):
            MIGRATIONS.apply(db)  # each migration runs in a savepoint inside this transaction
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
