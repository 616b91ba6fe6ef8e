"""Hot-seat privacy: one screen the room sees, so private things appear only on a team's turn."""

from __future__ import annotations

from game.core.state import Phase
from game.tui import make_app

from ..default_world import TEAMS
from .conftest import asynctest, settle

WARNING_CARD = "kor_supply_chain_committee"  # KOR's early warning, in force from round 1


def text(screen, sel: str) -> str:
    return str(screen.query_one(sel).content)


@asynctest
async def test_intelligence_and_notes_stay_off_the_shared_screen():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        h = screen.handle
        h.note("KOR's delegation looks unsure about Japan")
        h.advance()
        h.advance()
        for t in TEAMS:
            h.commit(t, (WARNING_CARD,) if t == "KOR" else ())
        h.advance()
        h.advance()  # round 2 briefing: KOR has early warning
        assert h.warned() == ["KOR"]
        h.note("round 2: watch KOR")
        screen.refresh_view()
        await pilot.pause()
        briefing = text(screen, "#briefing-text")
        assert "Intelligence" not in briefing and "watch KOR" not in briefing
        h.advance()
        h.advance()
        screen.refresh_view()
        await pilot.pause()
        assert h.state.phase is Phase.DECISIONS and screen.team == "KOR"
        # covered: nothing of KOR's on screen yet
        assert screen.covered() and "Pass to Korea" in text(screen, "#handover")
        assert not screen.query_one("#card-col").display and not screen.query_one("#hand").display
        await pilot.press("enter")
        await pilot.pause()
        assert "Intelligence for KOR only" in text(screen, "#intel")
        await pilot.press("c")
        await pilot.pause()
        # Japan's turn: covered again, and Japan's intelligence is Japan's
        assert screen.team == "JPN" and screen.covered()
        await pilot.press("enter")
        await pilot.pause()
        intel = text(screen, "#intel")
        assert "KOR" not in intel and "JPN has no early warning" in intel


@asynctest
async def test_solo_play_shows_the_players_own_intelligence_in_the_briefing():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=5, mode="solo", team="KOR")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not screen.shared and not screen.covered()
        assert "Intelligence" in text(screen, "#briefing-text")
