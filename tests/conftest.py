"""Fixtures shared across the suite."""

from __future__ import annotations

import pytest

from game.content import load_scenario


@pytest.fixture(scope="session")
def scn():
    """The bundled default scenario: bots, batches and sessions are tested on real content.
    If the content does not load, these tests fail with the content's own error message."""
    return load_scenario()


# ------------------------------------------------------------ nothing left in the checkout --
_ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
_UNTRACKED: set[str] | None = None


def _untracked() -> set[str] | None:
    """Files git neither tracks nor ignores in the checkout (None without git)."""
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(_ROOT), "status", "--porcelain",
                              "--untracked-files=all"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return {line[3:] for line in out.stdout.splitlines() if line.startswith("??")}


def pytest_sessionstart(session):
    global _UNTRACKED
    if not hasattr(session.config, "workerinput"):  # the controller only, under xdist
        _UNTRACKED = _untracked()


def pytest_terminal_summary(terminalreporter):
    """Say so when the run left new files in the checkout: a test wrote where a user's files
    are (an empty save named `--db` once appeared there after a slow run, and was committed)."""
    if _UNTRACKED is None:
        return
    now = _untracked()
    new = sorted((now or set()) - _UNTRACKED)
    if new:
        terminalreporter.section("files this run left in the checkout")
        for name in new:
            terminalreporter.write_line(f"  {name}  (a test wrote outside its tmp_path)")
