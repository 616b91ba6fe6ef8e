"""The round timer: a clock the facilitator sets, kept in the save, drawn from reactive state.

The clock is wall-clock time (a deadline, not a countdown in memory), so it survives a crash
and every seat of a game shows the same time. It is set once for a length and starts afresh at
that length each new round; at zero it stays on screen ("TIME 00:00") until the round moves on.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


@dataclass(frozen=True)
class Clock:
    minutes: float  # the length of each round's timer
    round: int  # the round it runs for
    deadline: float | None = None  # epoch seconds of zero, while it runs
    left: float | None = None  # seconds left, while paused

    @classmethod
    def start(cls, minutes: float, rnd: int, now: float | None = None) -> Clock:
        now = time.time() if now is None else now
        return cls(minutes, rnd, deadline=now + minutes * 60)

    def remaining(self, now: float | None = None) -> float:
        if self.deadline is None:
            return max(0.0, self.left or 0.0)
        now = time.time() if now is None else now
        return max(0.0, self.deadline - now)

    @property
    def paused(self) -> bool:
        return self.deadline is None

    def pause(self, now: float | None = None) -> Clock:
        return self if self.paused else replace(self, deadline=None, left=self.remaining(now))

    def resume(self, now: float | None = None) -> Clock:
        now = time.time() if now is None else now
        return self if not self.paused else replace(self, deadline=now + (self.left or 0.0),
                                                    left=None)

    def for_round(self, rnd: int, now: float | None = None) -> Clock:
        """This clock for round `rnd`: a new round starts it afresh at its full length."""
        return self if rnd == self.round else Clock.start(self.minutes, rnd, now)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> Clock | None:
        if not d:
            return None
        try:
            return cls(float(d["minutes"]), int(d["round"]), d.get("deadline"), d.get("left"))
        except (KeyError, TypeError, ValueError):
            return None  # a damaged clock is no clock; the game itself is untouched


def clock_text(clock: Clock | None, now: float | None = None) -> str:
    if clock is None:
        return ""
    left = clock.remaining(now)
    m, s = divmod(int(left + 0.999), 60)
    if clock.paused:
        return f"⏸ {m:02d}:{s:02d}"
    if left <= 0:
        return "[b white on red] TIME 00:00 [/]"
    style = "b red" if left < 60 else "b"
    return f"[{style}]⏱ {m:02d}:{s:02d}[/]"


class RoundTimer(Static):
    """Shows `clock`; posts `Expired` once when it reaches zero."""

    clock: reactive[Clock | None] = reactive(None, always_update=True)

    class Expired(Message):
        pass

    def on_mount(self) -> None:
        self._rang_for: tuple | None = None
        self.set_interval(1.0, self.tick)
        self.tick()

    def watch_clock(self, clock: Clock | None) -> None:
        self.tick()

    def tick(self) -> None:
        clock = self.clock
        self.update(clock_text(clock))
        if clock is None or clock.paused or clock.remaining() > 0:
            return
        key = (clock.round, clock.deadline)
        if getattr(self, "_rang_for", None) != key:
            self._rang_for = key
            self.post_message(self.Expired())
