"""Snapshots of the start screen, the decision screen, the scoreboard and the supply-chain view,
at 80x24 and at projector size 160x48. Fixed seed, no clock or timer text, no blinking cursor.

Content is still being written: regenerate with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import pytest

from game.core.rules import commit_refusal, legal_plays
from game.core.state import Phase
from game.tui import make_app

from ..default_world import TEAMS
from .conftest import settle as conftest_settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
SCENARIO = "semiconductor_chokepoint"


def app_for_game():
    return make_app(store=False, scenario=SCENARIO, seed=7, mode="workshop")


async def settle(pilot) -> None:
    app = pilot.app
    await conftest_settle(pilot)
    for inp in app.screen.query("Input"):
        inp.cursor_blink = False
    await pilot.pause()


def choose(handle, team: str) -> tuple[str, ...]:
    """The first legal cards of `team` that fit together (deterministic)."""
    scn, st = handle.scenario, handle.state
    chosen: list[str] = []
    for cid in legal_plays(scn, st, team):
        if len(chosen) < scn.max_plays_per_round and not commit_refusal(scn, st, team, (*chosen, cid)):
            chosen.append(cid)
    return tuple(chosen)


async def to_decisions(pilot) -> None:
    """Phases are moved on through the game handle (the Pilot tests drive them by key);
    the selection is made by key, as a person would."""
    await settle(pilot)
    screen = pilot.app.screen
    screen.handle.advance()
    screen.handle.advance()
    screen.refresh_view()
    await pilot.pause()
    await pilot.press("enter")  # the hand-over: Korea is at the keyboard
    await pilot.pause()
    hand = list(screen.handle.scenario.teams["KOR"].hand)
    for cid in choose(screen.handle, "KOR"):
        screen.query_one("#hand").highlighted = hand.index(cid)
        await pilot.press("space")
    await pilot.pause()


async def to_debrief(pilot) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    h = screen.handle
    h.advance()
    h.advance()
    for team in TEAMS:
        h.commit(team, choose(h, team))
    h.advance()
    assert h.state.phase is Phase.DEBRIEF
    screen.refresh_view()
    await pilot.pause()


async def to_network(pilot) -> None:
    await to_debrief(pilot)
    await pilot.press("s")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare, size):
    assert snap_compare(make_app(store=False), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_decision_screen(snap_compare, size):
    assert snap_compare(app_for_game(), terminal_size=size, run_before=to_decisions)


@pytest.mark.parametrize("size", SIZES)
def test_scoreboard(snap_compare, size):
    assert snap_compare(app_for_game(), terminal_size=size, run_before=to_debrief)


@pytest.mark.parametrize("size", SIZES)
def test_supply_chain_view(snap_compare, size):
    assert snap_compare(app_for_game(), terminal_size=size, run_before=to_network)
