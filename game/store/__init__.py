"""SQLite saves (sqlite-utils): games, an append-only action log, per-round snapshots, notes.

    from game.store import open_store
    store = open_store("workshop.db")          # None: $CHOKEPOINT_DB, else the user data dir
    game_id, session = store.new_game(scn, seed=7)
    session.commit("KOR", [...])               # on disk before it returns
    session = store.load(game_id)              # replays the log, checks every snapshot

The tables are described in docs/saves.md.
"""

from .errors import StaleCopy, StoreError
from .schema import SCHEMA_VERSION
from .store import Store, default_db_path, open_store

__all__ = ["SCHEMA_VERSION", "StaleCopy", "Store", "StoreError", "default_db_path", "open_store"]
