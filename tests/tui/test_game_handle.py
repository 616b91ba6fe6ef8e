"""The session interface behind the TUI: saved or not, solo bots, undo."""

from __future__ import annotations

from game.content import load_scenario
from game.core.state import Phase
from game.session import Session
from game.tui.game import new_game, resume_game
from game.tui.screens.dialogs import written_shock

from ..default_world import TEAMS


class FakeStore:
    def __init__(self):
        self.games_ = {}
        self.appended = []

    def new_game(self, scenario, seed, mode, teams):
        s = Session(scenario, seed)
        s.on_append = self.appended.append
        self.games_["g1"] = (s, mode, teams)
        return "g1", s

    def load(self, game_id):
        return self.games_[game_id][0]

    def games(self):
        return [{"game_id": g, "mode": m, "teams": t} for g, (_, m, t) in self.games_.items()]


def test_a_saved_game_commits_every_action_through_the_store():
    store = FakeStore()
    h, warning = new_game(load_scenario(), 3, "solo", "USA", {}, store)
    assert warning is None and h.saved and h.game_id == "g1"
    h.advance()
    assert store.appended
    again = resume_game(store, store.games()[0])
    assert again.mode == "solo" and again.human == "USA"


def test_without_a_store_the_game_plays_unsaved_and_says_why_when_the_store_fails():
    class Broken(FakeStore):
        def new_game(self, *a):
            raise OSError("disk full")

    h, warning = new_game(load_scenario(), 3, "workshop", None, None, Broken())
    assert not h.saved and "disk full" in warning


def test_solo_bots_commit_after_the_person_and_undo_takes_back_the_persons_play():
    h, _ = new_game(load_scenario(), 5, "solo", "KOR", {})
    h.advance()
    h.advance()
    assert h.state.phase is Phase.DECISIONS
    h.commit("KOR", ())
    assert not h.waiting()
    h.undo()
    assert h.state.teams["KOR"].commit is None
    assert all(h.state.teams[t].commit is None for t in TEAMS)


def test_a_written_shock_is_injected_and_hits_the_round():
    h, _ = new_game(load_scenario(), 5, "workshop")
    shock = written_shock(h.scenario, h.state, "Port strike", "capacity", "semiconductors", "atp",
                          "asean, CHN", "0.4", "2", "Dockers walk out")
    h.inject(shock=shock)
    assert any(x.shock_id == shock.id for x in h.state.shocks[1])
    assert h.session.actions()[-1]["type"] == "inject"
