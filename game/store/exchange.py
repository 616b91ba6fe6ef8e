"""One game as a plain JSON document, and back: `chokepoint games export` / `import`.

The document holds every row of the game (the whole append-only log with undo entries and
timestamps, the snapshots, the notes), so export -> import -> export gives the same document.
Import checks the document the way `load` checks a save (replay and every snapshot) before it
writes anything, and refuses a game id that is already in the file.
"""

from __future__ import annotations

import json
import math
import re

from ..core.flow import action_from_dict
from ..core.state import Phase
from .errors import StoreError
from .replay import chain_next, chain_start, check_chain, check_notes, replay_verified

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


#: what an imported document may hold: ids are short slugs, text fields are bounded and free of
#: control characters (a note is printed in terminals and reports), numbers are whole and in
#: range. Anything else is refused before a byte is written.
GAME_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
SCENARIO_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")
WORD = re.compile(r"[A-Za-z0-9_.:+-]{1,64}")
STAMP = re.compile(r"[0-9T:.+\-Z ]{1,40}")
PHASES = {p.value for p in Phase}
STATUSES = {"finished", "unfinished"}
MAX_TEXT = 20_000
MAX_ROWS = 100_000
INT_MAX = 2**63 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def export_game(store, game_id: str) -> dict:
    """The game as a document, once it verifies (a damaged game is refused, not exported as
    if it were good: `import` would refuse it anyway)."""
    with store._read():  # one snapshot of the file: game row, log and notes agree
        store.read_game(game_id)
        return _export(store, game_id)


def _export(store, game_id: str) -> dict:
    meta = store.game(game_id)
    meta.pop("damaged", None)
    db = store.db
    with store._errors():
        chain = "chain" if store.chained else "NULL"
        actions = [
            {"seq": s, "state_id": sid, "type": t, "payload": json.loads(p), "round": r,
             "phase": ph, "at": at, **({"chain": ch} if ch else {})}
            for s, sid, t, p, r, ph, at, ch in db.execute(
                f"SELECT seq, state_id, type, payload, round, phase, at, {chain} FROM actions "
                "WHERE game_id = ? ORDER BY seq", [game_id])
        ]
        snapshots = [
            {"round": r, "state_id": sid, "hash": h, "state": json.loads(st)}
            for r, sid, h, st in db.execute(
                "SELECT round, state_id, hash, state FROM snapshots WHERE game_id = ? "
                "ORDER BY round", [game_id])
        ]
    notes = store.notes(game_id, include_undone=True)
    for a in actions:  # columns replay does not read must still be what they claim to be
        if not isinstance(a["at"], str) or not isinstance(a.get("chain", ""), str):
            raise StoreError(f"game {game_id}: action {a['seq']}: a time or hash that is not "
                             f"text (the save is damaged)")
        # The time an action was taken is not in the log's hash chain (the rules never read
        # it), so verification cannot vouch for it; export at least refuses one that is not a
        # date and time at all, as import does, rather than print it beside verified rows.
        if not STAMP.fullmatch(a["at"]):
            raise StoreError(f"game {game_id}: action {a['seq']}: its time {a['at'][:40]!r} "
                             f"is not a date and time (the save is damaged)")
    return {"format": FORMAT, "version": VERSION, "game": meta, "actions": actions,
            "snapshots": snapshots, "notes": notes}


def _check(obj, keys: dict, where: str) -> None:
    if not isinstance(obj, dict):
        raise StoreError(f"{where}: expected an object")
    for k, typ in keys.items():
        v = obj.get(k)
        if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
            raise StoreError(f"{where}: '{k}' should be {typ.__name__}, got {v!r}"[:200])
        low = -INT_MAX - 1 if k == "seed" else 0
        if typ is int and not low <= v <= INT_MAX:
            raise StoreError(f"{where}: '{k}' is out of range ({str(v)[:30]})")
        if typ is str:
            _text(v, f"{where}: '{k}'")


def _text(v: str, where: str, limit: int = MAX_TEXT) -> None:
    if len(v) > limit:
        raise StoreError(f"{where} is longer than {limit:,} characters")
    if _CONTROL.search(v):
        raise StoreError(f"{where} holds a control character")


def _match(pattern: re.Pattern, v: str, where: str, what: str) -> None:
    if not pattern.fullmatch(v):
        raise StoreError(f"{where} should be {what}, got {v[:40]!r}")


def _check_json(value, where: str, depth: int = 0) -> None:
    """Payloads and snapshot states are plain JSON of bounded depth, finite numbers and clean
    text (a payload's text reaches the report through the replayed game)."""
    if depth > 32:
        raise StoreError(f"{where}: nested too deeply")
    if isinstance(value, dict):
        for k, v in value.items():
            _text(k, f"{where}: a key", 200)
            _check_json(v, where, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_json(v, where, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise StoreError(f"{where}: a number is not finite")
    elif isinstance(value, str):
        _text(value, f"{where}: a text")


def _check_fields(data: dict) -> None:
    """Every field of the document, beyond its type (checked by `_check`)."""
    game = data["game"]
    _match(GAME_ID, game["game_id"], "game: 'game_id'",
           "a short id of lower-case letters, digits, '-' and '_'")
    _match(SCENARIO_ID, game["scenario"], "game: 'scenario'",
           "a bundled scenario's id (an export never names a file)")
    _match(WORD, game["mode"], "game: 'mode'", "a short word")
    if game["phase"] not in PHASES:
        raise StoreError(f"game: 'phase' {game['phase'][:20]!r} is not a phase of the game")
    if game["status"] not in STATUSES:
        raise StoreError("game: 'status' should be finished or unfinished")
    for k in ("created", "updated"):
        _match(STAMP, game[k], f"game: '{k}'", "a date and time")
    teams = game.get("teams")
    if teams is not None:
        if not isinstance(teams, dict) or len(teams) > 16:
            raise StoreError("game: 'teams' should be an object of team -> player")
        for t, who in teams.items():
            _match(WORD, t, "game: 'teams' key", "a team")
            if not isinstance(who, str):
                raise StoreError(f"game: 'teams': {t}'s player should be text")
            _match(WORD, who, f"game: 'teams': {t}", "a short word")
    for name in ("actions", "snapshots", "notes"):
        if len(data[name]) > MAX_ROWS:
            raise StoreError(f"'{name}': more than {MAX_ROWS:,} rows")
    for i, a in enumerate(data["actions"]):
        _match(WORD, a["type"], f"actions[{i}]: 'type'", "an action type")
        if a["phase"] not in PHASES:
            raise StoreError(f"actions[{i}]: 'phase' is not a phase of the game")
        _match(STAMP, a["at"], f"actions[{i}]: 'at'", "a date and time")
        _check_json(a["payload"], f"actions[{i}]: 'payload'")
    for i, snap in enumerate(data["snapshots"]):
        _check_json(snap["state"], f"snapshots[{i}]: 'state'")
    for i, n in enumerate(data["notes"]):
        if n["phase"] not in PHASES or n["undone"] not in (0, 1):
            raise StoreError(f"notes[{i}]: 'phase' or 'undone' is out of range")


def import_game(store, data) -> str:
    """Write an exported game into this file; returns its game id."""
    return write_import(store, check_import(data, store.scenario))


def check_import(data, scenario_for) -> tuple[dict, list]:
    """Check a document completely, writing nothing (no file is even opened): every field,
    then the replay of its log against its snapshots and notes. `scenario_for(id)` gives a
    bundled scenario. Returns (the document, its snapshots as stored text)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"not a Chokepoint game export (expected \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(f"export version {str(version)[:20]!r} is not a version: expected a "
                         f"whole number from 1")
    if version > VERSION:
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
    _check_fields(data)
    game_id = game["game_id"]
    if len(data["actions"]) != game["seq"]:
        raise StoreError(f"game {game_id}: {len(data['actions'])} actions, the game says "
                         f"{game['seq']}")

    snaps = [dict(s, state=json.dumps(s["state"], sort_keys=True, separators=(",", ":"),
                                      ensure_ascii=False)) for s in data["snapshots"]]
    scn = scenario_for(game["scenario"])
    texts = [json.dumps(a["payload"], sort_keys=True) for a in data["actions"]]
    chains = _chains(game_id, game["seed"], data["actions"], texts)
    try:
        rows = [dict(a) for a in data["actions"]]  # replay must not touch the document
        session = replay_verified(scn, game["seed"], rows, snaps)
        check_notes(rows, data["notes"])
        if all("chain" in a for a in data["actions"]) and data["actions"]:
            # an export from a save with the chain: it must still hold (older ones have none)
            check_chain(game_id, game["seed"], [dict(a, payload=t) for a, t in
                                                zip(data["actions"], texts)])
    except StoreError as exc:
        from .store import does_not_verify

        raise StoreError(does_not_verify(game_id, exc)) from None
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
            try:  # replay read the live ones; check the undone too
                action_from_dict(a["payload"])
            except Exception as exc:
                raise StoreError(f"game {game_id}: action {a['seq']} cannot be read "
                                 f"({type(exc).__name__}: {exc})"[:300]) from None
    return data, snaps, texts, chains


def _chains(game_id: str, seed, actions: list[dict], texts: list[str]) -> list[str]:
    h, out = chain_start(game_id, seed), []
    for a, text in zip(actions, texts):
        h = chain_next(h, a["seq"], a["state_id"], a["type"], text, a["round"], a["phase"])
        out.append(h)
    return out


def write_import(store, checked: tuple) -> str:
    """Write a document `check_import` passed, in one transaction (all of it or nothing)."""
    data, snaps, texts, chains = checked
    game = data["game"]
    game_id = game["game_id"]

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
            "INSERT INTO actions (game_id, seq, state_id, type, payload, round, phase, at, "
            "chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[game_id, a["seq"], a["state_id"], a["type"], text, a["round"], a["phase"],
              a["at"], chain] for a, text, chain in zip(data["actions"], texts, chains)])
        db.conn.executemany(
            "INSERT INTO snapshots (game_id, round, state_id, hash, state) VALUES (?, ?, ?, ?, ?)",
            [[game_id, s["round"], s["state_id"], s["hash"], s["state"]] for s in snaps])
        db.conn.executemany(
            "INSERT INTO notes (game_id, seq, state_id, round, phase, author, kind, text, "
            "undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[game_id, n["seq"], n["state_id"], n["round"], n["phase"], n["author"], n["kind"],
              n["text"], n["undone"]] for n in data["notes"]])
    return game_id
