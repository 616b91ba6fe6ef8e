"""Shared helpers for the TUI tests: an unsaved app, and driving a round with Pilot."""

from __future__ import annotations

import asyncio
import functools

import pytest

from game.core.rules import commit_refusal, legal_plays
from game.core.state import Phase


@pytest.fixture(autouse=True)
def _no_saves_in_home(monkeypatch, tmp_path):
    """Tests never touch the user's saves or write reports into the repository or the
    user's documents."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHOKEPOINT_REPORTS", str(tmp_path / "reports"))


async def settle(pilot) -> None:
    """Wait for the start screen's content loading (a thread worker) and what follows it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def press_until(pilot, screen, phase: Phase, limit: int = 12) -> None:
    for _ in range(limit):
        if screen.handle.state.phase is phase:
            return
        await pilot.press("n")
        await pilot.pause()
    assert screen.handle.state.phase is phase


async def select_affordable(pilot, screen, team: str) -> list[str]:
    """Select (with space) the first legal cards of `team` that fit together; return them."""
    scn, st = screen.handle.scenario, screen.handle.state
    hand = list(scn.teams[team].hand)
    chosen: list[str] = []
    for cid in legal_plays(scn, st, team):
        if len(chosen) < scn.max_plays_per_round and commit_refusal(scn, st, team, tuple(chosen + [cid])) is None:
            chosen.append(cid)
    for cid in chosen:
        screen.query_one("#hand").highlighted = hand.index(cid)
        await pilot.press("space")
    await pilot.pause()
    return chosen


def asynctest(fn):
    """Run an async test with asyncio.run (no async pytest plugin is a dependency)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
