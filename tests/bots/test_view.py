"""What a team may see: next round's draw only with early warning, others' orders sealed."""

from __future__ import annotations

import copy

from game.bots import HeuristicBot, LookaheadBot, fast_clone, sees_next_shocks, team_view
from game.core.cards import Effect
from game.core.causes import Cause
from game.core.state import ActiveEffect, ShockHit
from game.headless import play_to_end
from game.session import Session

from ..core.rounds import to_decisions


def _at_decisions(scn, seed=3):
    s = Session(scn, seed, explain=False)
    to_decisions(s)
    return s


def test_next_round_draw_is_hidden_without_early_warning(scn):
    s = _at_decisions(scn)
    st = s.state
    r = st.round
    assert any(h.origin == "drawn" for h in st.shocks[r + 1])  # drawn ahead for early warning
    view = team_view(st, "KOR")
    assert not any(h.origin == "drawn" for h in view.shocks.get(r + 1, []))
    assert r + 1 not in view.drawn
    assert view.shocks[r] == st.shocks[r]  # this round's shocks are public
    # the real state is untouched
    assert any(h.origin == "drawn" for h in st.shocks[r + 1])


def test_early_warning_shows_next_round_draw(scn):
    st = _at_decisions(scn).state
    warn = Effect("early_warning", actors=("KOR",), change=0.5)
    st.active.append(ActiveEffect(warn, Cause("card", "x", "KOR", 1), 1, None, True, on=True))
    assert sees_next_shocks(st, "KOR") and not sees_next_shocks(st, "JPN")
    assert team_view(st, "KOR").shocks == st.shocks
    assert team_view(st, "JPN").shocks != st.shocks


def test_other_teams_orders_are_sealed(scn):
    s = _at_decisions(scn)
    s.commit("KOR", ())
    view = team_view(s.state, "JPN")
    assert view.teams["KOR"].commit is None
    assert team_view(s.state, "KOR").teams["KOR"].commit == ()


def test_fast_clone_is_a_full_independent_copy(scn):
    s = play_to_end(Session(scn, 5, explain=False), stop_after_round=3)
    st = s.state
    c = fast_clone(st)
    assert c.to_dict() == st.to_dict()
    before = copy.deepcopy(st.to_dict())
    c.teams["KOR"].budget += 5
    c.stockpile["semiconductors"]["KOR"] = 0.0
    c.shocks.setdefault(st.round, []).append(ShockHit("x", "injected"))
    for a in c.active:
        a.on = not a.on
    assert st.to_dict() == before


def test_bots_do_not_peek_at_hidden_draws(scn):
    """Two worlds that differ only in next round's hidden draw get the same choices."""
    s = _at_decisions(scn, seed=11)
    a = s.state
    b = fast_clone(a)
    r = a.round
    other = [sid for sid in scn.shock_deck if sid not in {h.shock_id for h in a.shocks[r + 1]}]
    b.shocks[r + 1] = [h for h in b.shocks[r + 1] if h.origin != "drawn"] + [
        ShockHit(other[0], "drawn")]
    assert a.shocks != b.shocks
    for bot in (HeuristicBot(), LookaheadBot(budget=40, min_samples=1)):
        for team in ("KOR", "CHN"):
            assert bot.choose(scn, a, team) == bot.choose(scn, b, team)


def test_choosing_leaves_the_game_untouched(scn):
    s = _at_decisions(scn, seed=8)
    s.commit("JPN", ())
    before = copy.deepcopy(s.state.to_dict())
    for bot in (HeuristicBot(), LookaheadBot(budget=30, min_samples=1)):
        bot.choose(scn, s.state, "KOR")
    assert s.state.to_dict() == before
