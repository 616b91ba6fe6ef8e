"""One game as a plain JSON document, and back: `chokepoint games export` / `import`.

The document holds every row of the game (the whole append-only log with undo entries and
timestamps, the snapshots, the notes), so export -> import -> export gives the same document.
Import checks the document the way `load` checks a save (replay and every snapshot) before it
writes anything, and refuses a game id that is already in the file.
"""

from __future__ import annotations

import json

from ..core.flow import action_from_dict
from .errors import StoreError
from .replay import replay_verified

FORMAT = "chokepoint-game"
VERSION = 1

GAME_KEYS = {"game_id": str, "scenario": str, "seed": int, "mode": str, "status": str,
             "round": int, "phase": str, "state_id": int, "seq": int, "created": str,
             "updated": str}
ACTION_KEYS = {"seq": int, "state_id": int, "type": str, "payload": dict, "round": int,
               "phase": str, "at": str}
SNAPSHOT_KEYS = {"round": int, "state_id": int, "hash": str, "state": dict}
NOTE_KEYS = {"seq": int, "state_id": int, "round": int, "phase": str, "author": str,
             "kind": str, "text": str, "undone": int}


def export_game(store, game_id: str) -> dict:
    meta = store.game(game_id)
    db = store.db
    with store._errors():
        actions = [
            {"seq": s, "state_id": sid, "type": t, "payload": json.loads(p), "round": r,
             "phase": ph, "at": at}
            for s, sid, t, p, r, ph, at in db.execute(
                "SELECT seq, state_id, type, payload, round, phase, at FROM actions "
                "WHERE game_id = ? ORDER BY seq", [game_id])
        ]
        snapshots = [
            {"round": r, "state_id": sid, "hash": h, "state": json.loads(st)}
            for r, sid, h, st in db.execute(
                "SELECT round, state_id, hash, state FROM snapshots WHERE game_id = ? "
                "ORDER BY round", [game_id])
        ]
    notes = store.notes(game_id, include_undone=True)
    return {"format": FORMAT, "version": VERSION, "game": meta, "actions": actions,
            "snapshots": snapshots, "notes": notes}


def _check(obj, keys: dict, where: str) -> None:
    if not isinstance(obj, dict):
        raise StoreError(f"{where}: expected an object")
    for k, typ in keys.items():
        v = obj.get(k)
        if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
            raise StoreError(f"{where}: '{k}' should be {typ.__name__}, got {v!r}"[:200])


def import_game(store, data) -> str:
    """Write an exported game into this file; returns its game id."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"not a Chokepoint game export (expected \"format\": \"{FORMAT}\")")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise StoreError(f"export version {data.get('version')!r} is newer than this version "
                         f"of Chokepoint reads ({VERSION})")
    game = data.get("game")
    _check(game, GAME_KEYS, "game")
    for name in ("actions", "snapshots", "notes"):
        if not isinstance(data.get(name), list):
            raise StoreError(f"'{name}' should be a list")
    for i, a in enumerate(data["actions"]):
        _check(a, ACTION_KEYS, f"actions[{i}]")
        if a["seq"] != i:
            raise StoreError(f"actions[{i}]: seq {a['seq']}, expected {i}")
    for i, s in enumerate(data["snapshots"]):
        _check(s, SNAPSHOT_KEYS, f"snapshots[{i}]")
    for i, n in enumerate(data["notes"]):
        _check(n, NOTE_KEYS, f"notes[{i}]")
    game_id = game["game_id"]
    if len(data["actions"]) != game["seq"]:
        raise StoreError(f"game {game_id}: {len(data['actions'])} actions, the game says "
                         f"{game['seq']}")

    snaps = [dict(s, state=json.dumps(s["state"], sort_keys=True, separators=(",", ":"),
                                      ensure_ascii=False)) for s in data["snapshots"]]
    scn = store.scenario(game["scenario"])
    try:
        session = replay_verified(scn, game["seed"], data["actions"], snaps)
    except StoreError as exc:
        raise StoreError(f"game {game_id} does not verify: {exc}") from None
    if len(session.log) != game["state_id"]:
        raise StoreError(f"game {game_id}: the log has {len(session.log)} live actions, the "
                         f"game says {game['state_id']}")
    st = session.state
    status = "finished" if session.over else "unfinished"
    if (game["round"], game["phase"], game["status"]) != (st.round, st.phase.value, status):
        raise StoreError(f"game {game_id}: says round {game['round']} {game['phase']} "
                         f"({game['status']}), the log gives round {st.round} "
                         f"{st.phase.value} ({status})")
    for a in data["actions"]:
        if a["type"] != "undo":
            action_from_dict(a["payload"])  # replay read the live ones; check the undone too

    with store._write() as db:
        if db.execute("SELECT 1 FROM games WHERE game_id = ?", [game_id]).fetchone():
            raise StoreError(f"a game '{game_id}' is already in {store.path}; delete it first "
                             f"or import into another file")
        db.execute(
            "INSERT INTO games (game_id, scenario, seed, mode, teams, status, round, phase, "
            "state_id, seq, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [game_id, game["scenario"], game["seed"], game["mode"],
             json.dumps(game.get("teams")), game["status"], game["round"], game["phase"],
             game["state_id"], game["seq"], game["created"], game["updated"]])
        db.conn.executemany(
            "INSERT INTO actions (game_id, seq, state_id, type, payload, round, phase, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[game_id, a["seq"], a["state_id"], a["type"], json.dumps(a["payload"], sort_keys=True),
              a["round"], a["phase"], a["at"]] for a in data["actions"]])
        db.conn.executemany(
            "INSERT INTO snapshots (game_id, round, state_id, hash, state) VALUES (?, ?, ?, ?, ?)",
            [[game_id, s["round"], s["state_id"], s["hash"], s["state"]] for s in snaps])
        db.conn.executemany(
            "INSERT INTO notes (game_id, seq, state_id, round, phase, author, kind, text, "
            "undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[game_id, n["seq"], n["state_id"], n["round"], n["phase"], n["author"], n["kind"],
              n["text"], n["undone"]] for n in data["notes"]])
    return game_id
