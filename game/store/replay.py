"""Rebuilding a game from its log, and checking it against the snapshots.

Pure functions over rows: no SQLite here, so `load` and `import_game` share one definition of
what a valid save is.

- The action log is append-only. A row is either an action (its `state_id` is its position in
  the live history) or an undo (it takes the live history back to its `state_id`). Reading the
  rows in `seq` order gives the live history (`live_actions`).
- A snapshot is taken when the game moves past a round's debrief: it is the canonical JSON of
  the state *before* the action with the snapshot's `state_id`, so it holds the round's final
  numbers, overrides and notes included. Replaying the live history must reproduce every
  snapshot byte for byte (`replay_verified`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid

from ..core.flow import Advance, Chance, action_from_dict
from ..core.rules import IllegalAction
from ..core.scenario import Scenario
from ..core.state import GameState, Phase
from ..core.state import _record_to_dict as record_to_dict  # the same form to_dict() writes
from ..session import Session
from .errors import StoreError


def _dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_HOLE = f"history-{uuid.uuid4().hex}"  # stands in for the history while the rest is written


def canonical_json(state: GameState, records: dict | None = None,
                   at: tuple[int, Phase] | None = None) -> str:
    """One text per state: sorted keys, no spaces. What snapshots store and hash.

    `records`, a cache kept across the snapshots of one replay, saves writing every past round
    again at each snapshot (the history is most of the text, and it grows by a round each
    time). The current round's record is always written afresh: overrides change it until the
    game moves past its debrief, which is when snapshots are taken, so a record taken from the
    cache can no longer change. The text is exactly `json.dumps(state.to_dict(), ...)`.

    `at` (round, phase) writes the state as it stood at that point: the session hook sees the
    state just after the advance out of a debrief, which changed nothing but round and phase."""
    if at is not None:
        state = dataclasses.replace(state, round=at[0], phase=at[1])
    if records is None:
        return _dumps(state.to_dict())
    head = dataclasses.replace(state, history=[]).to_dict()
    head["history"] = _HOLE
    parts = []
    for i, rec in enumerate(state.history):
        cached = records.get(id(rec))
        if cached is None or cached[0] is not rec or i == len(state.history) - 1:
            cached = records[id(rec)] = (rec, _dumps(record_to_dict(rec)))
        parts.append(cached[1])
    return _dumps(head).replace(_dumps(_HOLE), "[" + ",".join(parts) + "]", 1)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_start(game_id: str, seed) -> str:
    return sha256(f"chokepoint-log:{game_id}:{seed}")


def chain_next(prev: str, seq, state_id, typ, payload_text, rnd, phase) -> str:
    """The log's hash chain: each row's hash covers the row and the hash before it, so an
    entry edited, inserted or removed anywhere (the open round included, which no snapshot
    covers yet) breaks every hash after it. It guards against damage and casual edits, not
    against someone who recomputes the chain: a save is a plain file, with no secret."""
    body = json.dumps([seq, state_id, typ, payload_text, rnd, phase], ensure_ascii=False,
                      separators=(",", ":"))
    return sha256(f"{prev}\n{body}")


def check_chain(game_id: str, seed, rows: list[dict]) -> None:
    """Every row's `chain` as `chain_next` gives it (rows as read, payload still text)."""
    h = chain_start(game_id, seed)
    for r in rows:
        text = r.get("text", r["payload"])  # the payload as stored, before decoding
        text = text if isinstance(text, str) else None
        try:
            h = chain_next(h, r["seq"], r["state_id"], r["type"], text, r.get("round"),
                           r.get("phase"))
        except (TypeError, ValueError):  # a column that is not what it should be at all
            h = None
        if r.get("chain") != h:
            raise StoreError(f"at action {r['seq']}: the log's hash chain breaks here (the "
                             f"entry, or one before it, was altered, added or removed)")


def seals_round(state: GameState, action) -> bool:
    """True when `action` moves the game past the current round's debrief (snapshot time)."""
    return isinstance(action, Advance) and state.phase is Phase.DEBRIEF


def after(scn: Scenario, rnd: int, phase: str, action) -> tuple[int, str]:
    """Round and phase once `action` is applied at (`rnd`, `phase`), for the games summary.

    Only the summary row uses this (it saves cloning the state on every append); replay, not
    this function, is the truth about a game."""
    if isinstance(action, Advance):
        nxt = {"briefing": "shock", "shock": "decisions", "decisions": "adjudication"}
        if phase in nxt:
            return rnd, nxt[phase]
        if phase == "debrief":
            return (rnd, "over") if rnd >= scn.rounds else (rnd + 1, "briefing")
    if isinstance(action, Chance) and action.kind == "retaliation":
        return rnd, "debrief"
    return rnd, phase


def _payload(r: dict) -> dict:
    """A row's payload as a dict: rows read from a save hold JSON text, decoded here so a
    damaged one is named by its place in the log."""
    p = r["payload"]
    if isinstance(p, (str, bytes)):
        try:
            p = r["payload"] = json.loads(p)
        except ValueError as exc:
            raise StoreError(f"at action {r['seq']}: the payload is not JSON ({exc})") from None
    if not isinstance(p, dict):
        raise StoreError(f"at action {r['seq']}: the payload is not a JSON object")
    return p


def live_actions(rows: list[dict]) -> list[dict]:
    """The live history from append-only rows (each with seq, state_id, type, payload)."""
    live: list[dict] = []
    for r in rows:
        sid, payload = r["state_id"], _payload(r)
        if not isinstance(sid, int) or isinstance(sid, bool):
            raise StoreError(f"at action {r['seq']}: state id {sid!r} is not a whole number")
        if r["type"] == "undo":
            removed = payload.get("state_ids") or []
            if not removed or removed != list(range(sid, len(live))):
                raise StoreError(f"at action {r['seq']}: an undo of {str(removed)[:80]} does "
                                 f"not match the {len(live)} actions before it")
            del live[sid:]
            continue
        if sid != len(live):
            raise StoreError(f"at action {r['seq']}: state id {sid}, expected {len(live)}")
        if payload.get("type") != r["type"]:
            raise StoreError(f"at action {r['seq']}: type {str(r['type'])[:40]!r} does not match "
                             f"its payload")
        live.append(r)
    return live


def check_notes(rows: list[dict], notes: list[dict]) -> None:
    """The notes table must be exactly what the log's note actions say (text, author, kind,
    where in the game, undone or not). The log is what replay and the snapshots vouch for, so
    a note edited, added or removed in the table alone is caught, not printed in a report."""
    live = {r["seq"] for r in live_actions(rows)}
    expected = {}
    for r in rows:
        if r["type"] != "note":
            continue
        p = _payload(r)
        expected[r["seq"]] = {
            "seq": r["seq"], "state_id": r["state_id"], "round": r.get("round"),
            "phase": r.get("phase"), "author": p.get("author", "facilitator"),
            "kind": p.get("kind", "note"), "text": p.get("text"),
            "undone": 0 if r["seq"] in live else 1}
    got = {n.get("seq"): n for n in notes}
    if len(got) != len(notes):
        raise StoreError("two notes claim the same log entry")
    for seq in sorted(set(expected) | set(got), key=lambda x: (str(type(x)), x)):
        want, have = expected.get(seq), got.get(seq)
        if want is None:
            raise StoreError(f"the note at log entry {seq} matches no note in the action log "
                             f"(a note was added to the save)")
        if have is None:
            raise StoreError(f"at action {seq}: the note is missing from the notes table")
        have = {k: have.get(k) for k in want}
        if have != want:
            diff = next(k for k in want if have[k] != want[k])
            raise StoreError(f"at action {seq}: the note's {diff} differs from the action log "
                             f"(the note was altered)")


def replay_verified(scn: Scenario, seed: int, rows: list[dict], snapshots: list[dict],
                    explain: bool = True) -> Session:
    """Replay the live history into a fresh Session, checking every snapshot on the way.

    `snapshots`: dicts with round, state_id, hash and state (canonical JSON text). Raises
    StoreError naming the round on any mismatch, a missing snapshot or one left over."""
    live = live_actions(rows)
    by_sid = {s["state_id"]: s for s in snapshots}
    if len(by_sid) != len(snapshots) or len({s["round"] for s in snapshots}) != len(snapshots):
        raise StoreError("two snapshots claim the same point in the game")
    try:
        s = Session(scn, seed, explain)
    except Exception as exc:  # a damaged seed: any error here is the save's, not ours
        raise StoreError(f"the game cannot be set up from its seed {seed!r} "
                         f"({type(exc).__name__})"[:200]) from None
    records: dict = {}
    for r in live:
        sid = r["state_id"]
        try:
            action = action_from_dict(r["payload"])
        except Exception as exc:  # any shape of damage is "unreadable", never a traceback
            raise StoreError(f"at action {r['seq']}: unreadable action "
                             f"({type(exc).__name__}: {exc})"[:300]) from None
        if seals_round(s.state, action):
            _check_snapshot(s.state, by_sid.pop(sid, None), records)
        try:
            s.act(action)
        except IllegalAction as exc:
            raise StoreError(f"at action {r['seq']} (round {s.state.round}, {r['type']}): "
                             f"it no longer applies: {exc}"[:300]) from None
        except Exception as exc:  # e.g. a chance outcome naming a shock that does not exist
            raise StoreError(f"at action {r['seq']} (round {s.state.round}, {r['type']}): "
                             f"it cannot be applied ({type(exc).__name__}: {exc})"[:300]) from None
    if by_sid:
        left = sorted(x["round"] for x in by_sid.values())
        raise StoreError(f"snapshot for round {left[0]} matches no point in the action log")
    return s


def _check_snapshot(state: GameState, snap: dict | None, records: dict) -> None:
    rnd = state.round
    if snap is None:
        raise StoreError(f"round {rnd}: the snapshot is missing")
    if snap["round"] != rnd:
        raise StoreError(f"round {rnd}: the snapshot at this point says round {snap['round']}")
    if not isinstance(snap["state"], str) or sha256(snap["state"]) != snap["hash"]:
        raise StoreError(f"round {rnd}: the snapshot's state does not match its hash "
                         f"(the snapshot was altered)")
    if canonical_json(state, records) != snap["state"]:
        raise StoreError(f"round {rnd}: replaying the action log does not reproduce the saved "
                         f"state (the log was altered, or the scenario or rules changed since "
                         f"the game was saved)")
