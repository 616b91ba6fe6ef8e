"""The hostile-input suite: what a break-tester would type, write into a file or do to a save.

Every example ends in one of five outcomes (`Outcome`): `ok` (success), `refused` (a clean
one-line message and exit 2), or a failure: `traceback` (an internal error or any exception
that escaped), `hang` (over `HANG_S` seconds) or `wrong` (accepted what should be refused, or
printed what it should not). Tests assert the first two only.

Sizes: the default run tries `FAST` examples per category (a few hundred in all, a few
seconds); `-m slow` runs the same properties at `SLOW` examples per category.
`python -m tests.hostile.measure` prints the table of outcomes per category.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, settings

FAST = 40
SLOW = 2000
HANG_S = 60.0  # a busy CI machine can take 20 s for a report; a hang never ends

SETTINGS = dict(deadline=None, derandomize=False, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture,
                                       HealthCheck.filter_too_much])
fast = settings(max_examples=FAST, **SETTINGS)
slow = settings(max_examples=SLOW, **SETTINGS)


class Hang(Exception):
    pass


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_S):
    """Raise Hang in the main thread after `seconds` (in-process runs cannot be killed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise Hang(f"over {seconds:g} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Outcome:
    kind: str  # ok | refused | traceback | hang | wrong
    detail: str = ""
    output: str = ""
    stdout: str = ""

    @property
    def failed(self) -> bool:
        return self.kind in ("traceback", "hang", "wrong")


def cli(*args, env: dict | None = None, input: str | None = None) -> Outcome:
    """Run `chokepoint ARGS` in process and classify what happened."""
    from game.cli import main

    runner = CliRunner()
    try:
        with hang_guard():
            r = runner.invoke(main, [str(a) for a in args], env=env, input=input,
                              catch_exceptions=True)
    except Hang as exc:
        return Outcome("hang", f"{args!r}: {exc}")
    out, err = r.stdout, r.stderr
    if isinstance(r.exception, Hang):
        return Outcome("hang", f"{args!r}")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        return Outcome("traceback", f"{args!r}: {type(r.exception).__name__}: {r.exception}",
                       out + err)
    if "internal error: Hang:" in err:  # the guard fired inside the command's boundary
        return Outcome("hang", f"{args!r}: {err.strip()[-200:]}")
    if "internal error" in err or "Traceback" in err or "Traceback" in out:
        return Outcome("traceback", f"{args!r}: {err.strip()[-400:]}", out + err)
    if r.exit_code == 0:
        return Outcome("ok", output=out + err, stdout=out)
    if r.exit_code == 2:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        if not lines:
            return Outcome("wrong", f"{args!r}: exit 2 with no message", out + err)
        if any("\x1b" in ln or "\x00" in ln for ln in lines):
            return Outcome("wrong", f"{args!r}: a control character in the message")
        return Outcome("refused", lines[0], out + err)
    if r.exit_code == 130:
        return Outcome("refused", "interrupted", out + err)
    return Outcome("wrong", f"{args!r}: exit {r.exit_code}: {err.strip()[-300:]}", out + err)


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, as any other JSON reader would."""
    def bad(name):
        raise ValueError(f"{name} in the output")

    return json.loads(text, parse_constant=bad)


def table_dump(db_path: Path) -> list:
    """Every row of the save's tables, to tell whether a refused command changed anything."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        out = []
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "ORDER BY name"):
            out.append((name, conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()))
        return out
    finally:
        conn.close()


@dataclass
class Tally:
    """Outcomes per category, for `measure` and for the slow run's summary line."""

    counts: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    def add(self, category: str, o: Outcome) -> None:
        c = self.counts.setdefault(category, {"tried": 0, "ok": 0, "refused": 0,
                                              "traceback": 0, "hang": 0, "wrong": 0})
        c["tried"] += 1
        c[o.kind] += 1
        if o.failed and len(self.failures) < 200:
            self.failures.append((category, o.kind, o.detail[:300]))


TALLY = Tally()


def check(category: str, o: Outcome) -> None:
    TALLY.add(category, o)
    assert not o.failed, f"{o.kind}: {o.detail}"


