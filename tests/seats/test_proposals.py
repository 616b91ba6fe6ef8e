"""Joint cards, negotiated: proposals seen by the parties only, answered by people and bots."""

from __future__ import annotations

import pytest

from game.content import load_scenario
from game.core.state import Phase
from game.core.view import FACILITATOR_ROLE, PROJECTOR_ROLE, team_role
from game.store import open_store
from game.tui.game import new_game, resume_game
from game.tui.proposals import standing, status_text

from ..default_world import TEAMS

SWAP = "currency_swap"  # KOR and JPN
CHIP4 = "chip4_alliance"  # KOR, USA and JPN


def at_decisions(h):
    h.advance()
    h.advance()
    assert h.state.phase is Phase.DECISIONS
    return h


def test_a_proposal_is_seen_by_its_parties_only_and_tracks_the_answers():
    h = at_decisions(new_game(load_scenario(), 3, "workshop")[0])
    h.commit("KOR", (CHIP4,))
    for role, n in ((FACILITATOR_ROLE, 1), (team_role("KOR"), 1), (team_role("JPN"), 1),
                    (team_role("USA"), 1), (team_role("CHN"), 0), (PROJECTOR_ROLE, 0)):
        assert len(h.proposals(role)) == n, role
    p = h.proposals()[0]
    assert p.proposer == "KOR" and set(p.partners) == {"USA", "JPN"}
    assert status_text(h.state, p) == "waiting on USA, JPN"
    h.answer("JPN", CHIP4, "KOR", True)
    h.commit("JPN", (CHIP4,))
    h.answer("USA", CHIP4, "KOR", False)
    p = h.proposals()[0]
    assert standing(h.state, p) == {"USA": "declined", "JPN": "agreed"}
    assert status_text(h.state, p) == "declined by USA"


def test_bots_answer_a_players_proposal_and_commit_what_they_said():
    for seed in range(6):
        h = at_decisions(new_game(load_scenario(), seed, "solo", "KOR")[0])
        h.commit("KOR", (SWAP,))
        assert not h.waiting()
        p = next(p for p in h.proposals() if p.proposer == "KOR")
        answer = p.answers["JPN"]
        assert answer in ("accepted", "declined")  # the player is told either way
        assert (answer == "accepted") == (SWAP in h.state.teams["JPN"].commit)


def test_a_bots_proposal_reaches_the_player_before_the_player_commits():
    class Proposer:
        def choose(self, scn, state, team):
            return (SWAP,) if team == "JPN" else ()

    h = at_decisions(new_game(load_scenario(), 1, "solo", "KOR")[0])
    for t in TEAMS:
        if t != "KOR":
            h._bot_objects[t] = Proposer()
    mine = h.proposals(team_role("KOR"))
    assert [(p.proposer, p.card) for p in mine] == [("JPN", SWAP)]
    assert status_text(h.state, mine[0]) == "waiting on KOR"
    h.answer("KOR", SWAP, "JPN", False)
    h.commit("KOR", ())
    assert h.state.teams["JPN"].commit == ()  # declined: the bot drops it, nothing refused


def test_a_proposal_made_on_one_seat_is_seen_on_another(tmp_path):
    db = tmp_path / "w.db"
    store = open_store(db)
    kor = at_decisions(new_game(load_scenario(), 3, "workshop", store=store)[0])
    jpn_store = open_store(db)
    jpn = resume_game(jpn_store, jpn_store.game(kor.game_id))
    kor.commit("KOR", (SWAP,))
    assert jpn.changed_elsewhere() and jpn.reload()
    mine = jpn.proposals(team_role("JPN"))
    assert [(p.proposer, p.card, p.answers) for p in mine] == [("KOR", SWAP, {"JPN": None})]
    jpn.answer("JPN", SWAP, "KOR", True)
    assert kor.changed_elsewhere()
    assert kor.proposals(team_role("KOR"))[0].answers == {"JPN": "accepted"}
    assert jpn.proposals(PROJECTOR_ROLE) == [] and jpn.proposals(team_role("CHN")) == []


@pytest.fixture
def _reports(monkeypatch, tmp_path):
    monkeypatch.setenv("CHOKEPOINT_REPORTS", str(tmp_path / "reports"))


def test_a_partner_accepts_on_screen_and_the_card_joins_its_selection(tmp_path, _reports):
    from game.store.seats import Seats
    from game.tui import make_app

    from ..tui.conftest import asynctest, settle

    db = tmp_path / "w.db"
    store = open_store(db)
    fac = at_decisions(new_game(load_scenario(), 3, "workshop", store=store)[0])
    codes = Seats(store).issue(fac.game_id, ["JPN"])
    fac.commit("KOR", (SWAP,))

    @asynctest
    async def run():
        with open_store(db) as s:
            seat = Seats(s).take(codes["JPN"])
        app = make_app(db=str(db), seat=seat, role="JPN")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert "KOR proposes" in str(screen.query_one("#proposals").content)
            await pilot.press("a")
            await pilot.pause()
            assert SWAP in screen.selection
            await pilot.press("c")
            await pilot.pause()
            assert screen.handle.state.teams["JPN"].commit == (SWAP,)

    run()
    assert fac.changed_elsewhere() and fac.reload()
    p = fac.proposals()[0]
    assert status_text(fac.state, p) == "agreed by every partner"
