"""The facilitator enters the improvement plan and the participants at the console; the brief
prints them (driven with Textual's Pilot, as a facilitator would)."""

from __future__ import annotations

import asyncio

import pytest

from game.content import load_scenario
from game.core.state import Phase
from game.report.model import build_model
from game.store import open_store
from game.tui import make_app
from game.tui.game import new_game
from game.tui.screens.improvement import ImprovementDialog, ParticipantDialog

from ..default_world import TEAMS


@pytest.fixture(autouse=True)
def _no_saves_in_home(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHOKEPOINT_REPORTS", str(tmp_path / "reports"))


def finished_game(db) -> str:
    store = open_store(db)
    h, warning = new_game(load_scenario(), 7, "workshop", store=store)
    assert warning is None
    while h.state.phase is not Phase.OVER:
        if h.state.phase is Phase.DECISIONS:
            for t in TEAMS:
                h.commit(t, ())
        h.advance()
    store.close()
    return h.game_id


async def _type(pilot, widget_id: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{widget_id}").focus()
    await pilot.press(*list(text))


def test_plan_and_participants_entered_in_the_console_reach_the_brief(tmp_path):
    db = tmp_path / "w.db"
    gid = finished_game(db)

    async def drive():
        app = make_app(resume=gid, db=str(db))
        async with app.run_test(size=(110, 40)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            game = app.screen
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, ImprovementDialog) and app.screen.rows
            key = app.screen.current["key"]
            await _type(pilot, "plan-org", "MOTIE")
            await _type(pilot, "plan-poc", "J. Kim")
            await _type(pilot, "plan-due", "2026-06")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("escape")  # the dialog reopens on the next row: close it
            await pilot.pause()
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, ParticipantDialog)
            await _type(pilot, "people-name", "Park")
            await _type(pilot, "people-org", "KIET")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            return key, game.handle.session

    key, session = asyncio.run(drive())
    model = build_model(session, replays=0)
    row = next(r for r in model["improvement_plan"] if r["key"] == key)
    assert (row["organisation"], row["poc"], row["due"]) == ("MOTIE", "J. Kim", "2026-06")
    assert [p["name"] for p in model["participants"]] == ["Park"]
    with open_store(db) as store:  # saved as typed
        _, saved, _ = store.read_game(gid)
    assert any(n["kind"] == "plan" for n in saved.state.notes)
