"""Seats at a workshop: join codes per role, who holds each seat, the round timer, and the
joint-card proposals between teams.

Kept in tables of their own (`seat_codes`, `seat_clock`, `seat_proposals`), created here on first use, not in the
store's migrations: they are the room's arrangements around a game, not part of the game. A
game replays from its action log alone; these tables can be dropped at any time.

Join codes are short (8 letters and digits without look-alikes, about 40 bits) and stored only
as salted hashes, so a save shared after the workshop does not hand out its seats. A seat is
held by one process at a time: a holder that stops checking in (`HOLD_SECONDS`) loses the seat,
so a seat whose laptop crashed can be taken again with the same code, while a code typed twice
at once is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from .errors import StoreError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_LENGTH = 8
HOLD_SECONDS = 6.0  # a seat whose holder has not checked in for this long is free again

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS seat_codes (game_id TEXT NOT NULL, role TEXT NOT NULL, "
    "salt TEXT NOT NULL, hash TEXT NOT NULL, holder TEXT, seen REAL, "
    "PRIMARY KEY (game_id, role))",
    "CREATE TABLE IF NOT EXISTS seat_clock (game_id TEXT PRIMARY KEY, clock TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seat_proposals (game_id TEXT NOT NULL, round INTEGER NOT NULL, "
    "card TEXT NOT NULL, proposer TEXT NOT NULL, partner TEXT NOT NULL, answer TEXT, "
    "PRIMARY KEY (game_id, round, card, proposer, partner))",
)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str:
    """What people type: any case, with spaces or dashes ('k7qm-2xpa')."""
    return "".join(c for c in code.upper() if c.isalnum())


def pretty(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _hash(salt: str, code: str) -> str:
    return hmac.new(bytes.fromhex(salt), normalise(code).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Seat:
    game_id: str
    role: str  # "facilitator", "projector" or a team code
    holder: str  # this process's token


class Seats:
    """The seat tables of one save (a `game.store.Store`)."""

    def __init__(self, store):
        self.store = store
        with store._write() as db:
            for sql in SCHEMA:
                db.execute(sql)

    # ---------------------------------------------------------------- codes --------------
    def issue(self, game_id: str, roles) -> dict[str, str]:
        """New codes for `roles` of `game_id` (old ones stop working). Returns role -> code;
        the codes themselves are not kept."""
        self.store.game(game_id)  # StoreError if there is no such game
        codes = {}
        with self.store._write() as db:
            for role in roles:
                code, salt = new_code(), secrets.token_hex(16)
                db.execute("INSERT OR REPLACE INTO seat_codes (game_id, role, salt, hash, holder, "
                           "seen) VALUES (?, ?, ?, ?, NULL, NULL)",
                           [game_id, role, salt, _hash(salt, code)])
                codes[role] = code
        return codes

    def find(self, code: str) -> tuple[str, str] | None:
        """(game_id, role) the code opens, or None."""
        want = normalise(code)
        if len(want) != CODE_LENGTH:
            return None
        with self.store._errors():
            rows = self.store.db.execute("SELECT game_id, role, salt, hash FROM seat_codes").fetchall()
        for game_id, role, salt, h in rows:
            if hmac.compare_digest(_hash(salt, want), h):
                return game_id, role
        return None

    def take(self, code: str, now: float | None = None) -> Seat:
        """Take the seat `code` opens; StoreError with a message for people otherwise."""
        found = self.find(code)
        if found is None:
            raise StoreError("that join code does not open any seat in this save "
                             "(check it with the facilitator)")
        game_id, role = found
        now = time.time() if now is None else now
        holder = secrets.token_hex(8)
        with self.store._write() as db:
            if not db.execute("SELECT 1 FROM games WHERE game_id = ?", [game_id]).fetchone():
                raise StoreError(f"the game of this seat ({role}) has been deleted")
            row = db.execute("SELECT holder, seen FROM seat_codes WHERE game_id = ? AND role = ?",
                             [game_id, role]).fetchone()
            if row and row[0] and row[1] is not None and now - row[1] < HOLD_SECONDS:
                raise StoreError(f"the {role} seat is already taken; if that was you, wait a "
                                 f"few seconds and join again")
            db.execute("UPDATE seat_codes SET holder = ?, seen = ? WHERE game_id = ? AND role = ?",
                       [holder, now, game_id, role])
        return Seat(game_id, role, holder)

    def check_in(self, seat: Seat, now: float | None = None) -> bool:
        """Keep holding `seat`; False if someone else holds it now (or its code was reissued)."""
        now = time.time() if now is None else now
        with self.store._write() as db:
            cur = db.execute("UPDATE seat_codes SET seen = ? WHERE game_id = ? AND role = ? AND "
                             "holder = ?", [now, seat.game_id, seat.role, seat.holder])
            return cur.rowcount == 1

    def leave(self, seat: Seat) -> None:
        with self.store._write() as db:
            db.execute("UPDATE seat_codes SET holder = NULL, seen = NULL WHERE game_id = ? AND "
                       "role = ? AND holder = ?", [seat.game_id, seat.role, seat.holder])

    def holders(self, game_id: str, now: float | None = None) -> list[str]:
        """Roles whose seat is held right now."""
        now = time.time() if now is None else now
        with self.store._errors():
            rows = self.store.db.execute("SELECT role, holder, seen FROM seat_codes WHERE "
                                         "game_id = ?", [game_id]).fetchall()
        return [r for r, h, seen in rows if h and seen is not None and now - seen < HOLD_SECONDS]

    # ---------------------------------------------------------------- the round timer ----
    def clock(self, game_id: str) -> dict | None:
        with self.store._errors():
            row = self.store.db.execute("SELECT clock FROM seat_clock WHERE game_id = ?",
                                        [game_id]).fetchone()
        return json.loads(row[0]) if row else None

    def set_clock(self, game_id: str, clock: dict | None) -> None:
        with self.store._write() as db:
            if clock is None:
                db.execute("DELETE FROM seat_clock WHERE game_id = ?", [game_id])
            else:
                db.execute("INSERT OR REPLACE INTO seat_clock (game_id, clock) VALUES (?, ?)",
                           [game_id, json.dumps(clock, sort_keys=True)])

    # ---------------------------------------------------------------- joint-card proposals
    def proposals(self, game_id: str, rnd: int) -> list[dict]:
        """This round's proposals: [{card, proposer, answers: {partner: answer or None}}]."""
        with self.store._errors():
            rows = self.store.db.execute(
                "SELECT card, proposer, partner, answer FROM seat_proposals WHERE game_id = ? "
                "AND round = ? ORDER BY rowid", [game_id, rnd]).fetchall()
        out: dict[tuple, dict] = {}
        for card, proposer, partner, answer in rows:
            p = out.setdefault((card, proposer), {"card": card, "proposer": proposer, "answers": {}})
            p["answers"][partner] = answer
        return list(out.values())

    def propose(self, game_id: str, rnd: int, card: str, proposer: str, partners) -> None:
        with self.store._write() as db:
            for partner in partners:
                db.execute("INSERT OR IGNORE INTO seat_proposals (game_id, round, card, proposer, "
                           "partner, answer) VALUES (?, ?, ?, ?, ?, NULL)",
                           [game_id, rnd, card, proposer, partner])

    def answer(self, game_id: str, rnd: int, card: str, proposer: str, partner: str,
               answer: str) -> None:
        with self.store._write() as db:
            db.execute("UPDATE seat_proposals SET answer = ? WHERE game_id = ? AND round = ? AND "
                       "card = ? AND proposer = ? AND partner = ?",
                       [answer, game_id, rnd, card, proposer, partner])
