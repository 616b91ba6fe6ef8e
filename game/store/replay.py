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

import hashlib
import json

from ..core.flow import Advance, Chance, action_from_dict
from ..core.rules import IllegalAction
from ..core.scenario import Scenario
from ..core.state import GameState, Phase
from ..session import Session
from .errors import StoreError


def canonical_json(state: GameState) -> str:
    """One text per state: sorted keys, no spaces. What snapshots store and hash."""
    return json.dumps(state.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def live_actions(rows: list[dict]) -> list[dict]:
    """The live history from append-only rows (each with seq, state_id, type, payload)."""
    live: list[dict] = []
    for r in rows:
        sid = r["state_id"]
        if r["type"] == "undo":
            removed = r["payload"].get("state_ids") or []
            if not removed or removed != list(range(sid, len(live))):
                raise StoreError(f"action log entry {r['seq']}: an undo of {removed} does not "
                                 f"match the {len(live)} actions before it")
            del live[sid:]
            continue
        if sid != len(live):
            raise StoreError(f"action log entry {r['seq']}: state id {sid}, expected {len(live)}")
        if r["payload"].get("type") != r["type"]:
            raise StoreError(f"action log entry {r['seq']}: type '{r['type']}' does not match "
                             f"its payload")
        live.append(r)
    return live


def replay_verified(scn: Scenario, seed: int, rows: list[dict], snapshots: list[dict],
                    explain: bool = True) -> Session:
    """Replay the live history into a fresh Session, checking every snapshot on the way.

    `snapshots`: dicts with round, state_id, hash and state (canonical JSON text). Raises
    StoreError naming the round on any mismatch, a missing snapshot or one left over."""
    live = live_actions(rows)
    by_sid = {s["state_id"]: s for s in snapshots}
    if len(by_sid) != len(snapshots):
        raise StoreError("two snapshots claim the same point in the game")
    s = Session(scn, seed, explain)
    for r in live:
        sid = r["state_id"]
        try:
            action = action_from_dict(r["payload"])
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"action log entry {r['seq']}: unreadable action ({exc})") from None
        if seals_round(s.state, action):
            _check_snapshot(s.state, by_sid.pop(sid, None))
        try:
            s.act(action)
        except IllegalAction as exc:
            raise StoreError(f"round {s.state.round}: action log entry {r['seq']} "
                             f"({r['type']}) no longer applies: {exc}") from None
    if by_sid:
        left = sorted(x["round"] for x in by_sid.values())
        raise StoreError(f"snapshot for round {left[0]} matches no point in the action log")
    return s


def _check_snapshot(state: GameState, snap: dict | None) -> None:
    rnd = state.round
    if snap is None:
        raise StoreError(f"round {rnd}: the snapshot is missing")
    if snap["round"] != rnd:
        raise StoreError(f"round {rnd}: the snapshot at this point says round {snap['round']}")
    if sha256(snap["state"]) != snap["hash"]:
        raise StoreError(f"round {rnd}: the snapshot's state does not match its hash "
                         f"(the snapshot was altered)")
    if canonical_json(state) != snap["state"]:
        raise StoreError(f"round {rnd}: replaying the action log does not reproduce the saved "
                         f"state (the log was altered, or the scenario or rules changed since "
                         f"the game was saved)")
