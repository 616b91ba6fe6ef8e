"""What each role may see (`game.core.view`): asserted on the data each role is given."""

from __future__ import annotations

import pytest

from game.bots.view import sees_next_shocks, team_view
from game.core.state import Phase
from game.core.view import FACILITATOR_ROLE, PROJECTOR_ROLE, Role, team_role, view, warned_teams
from game.session import Session

from ..default_world import TEAMS

WARNING_CARD = "kor_supply_chain_committee"  # KOR's early warning: lag 0, four rounds


def to_phase(s: Session, rnd: int, phase: Phase, commits=None) -> None:
    """Advance `s` to `phase` of round `rnd`, every team passing unless `commits` says."""
    commits = commits or {}
    while (s.state.round, s.state.phase) != (rnd, phase):
        if s.state.phase is Phase.DECISIONS:
            for t in TEAMS:
                if s.state.teams[t].commit is None:
                    s.commit(t, commits.get((s.state.round, t), ()))
            if (s.state.round, s.state.phase) == (rnd, phase):
                return
        s.advance()


@pytest.fixture
def warned_game(scn):
    """KOR plays its early warning in round 1; the effect is in force in rounds 1-4."""
    s = Session(scn, 5)
    to_phase(s, 1, Phase.DEBRIEF, {(1, "KOR"): (WARNING_CARD,)})
    ew = next(ae for ae in s.state.active if ae.effect.kind == "early_warning")
    assert (ew.start, ew.end) == (1, 5)
    return s


def drawn(hits) -> list[str]:
    return [h.shock_id for h in hits if h.origin == "drawn"]


def test_a_commit_is_sealed_from_everyone_but_its_team_and_the_facilitator(scn):
    s = Session(scn, 3)
    to_phase(s, 1, Phase.DECISIONS)
    card = scn.teams["KOR"].hand[0]
    s.commit("KOR", (card,))
    fac, kor, jpn, proj = (view(scn, s.state, r) for r in
                           (FACILITATOR_ROLE, team_role("KOR"), team_role("JPN"), PROJECTOR_ROLE))
    for v in (fac, kor, jpn, proj):
        assert v.committed == ("KOR",)  # who has committed is public
        assert "KOR" not in v.waiting
    assert fac.commits == {"KOR": (card,)} and kor.commits == {"KOR": (card,)}
    assert jpn.commits == {} and proj.commits == {}
    assert jpn.state.teams["KOR"].commit is None and proj.state.teams["KOR"].commit is None
    assert s.state.teams["KOR"].commit == (card,)  # the real state is untouched


def test_hands_and_notes_go_only_where_they_belong(scn):
    s = Session(scn, 3)
    s.note("KOR looked nervous")
    fac, kor, proj = (view(scn, s.state, r) for r in (FACILITATOR_ROLE, team_role("KOR"), PROJECTOR_ROLE))
    assert set(fac.hands) == set(TEAMS) and [n["text"] for n in fac.notes] == ["KOR looked nervous"]
    assert set(kor.hands) == {"KOR"} and kor.hands["KOR"] == tuple(scn.teams["KOR"].hand)
    assert proj.hands == {}
    for v in (kor, proj):
        assert v.notes == () and v.state.notes == []


def test_this_rounds_shocks_are_revealed_at_the_shock_phase_not_in_the_briefing(scn):
    s = Session(scn, 2)
    to_phase(s, 2, Phase.BRIEFING)
    assert s.state.shocks.get(2), "seed 2 should have drawn a shock for round 2 in round 1"
    proj = view(scn, s.state, PROJECTOR_ROLE)
    assert proj.shocks == () and drawn(proj.state.shocks.get(2, [])) == []
    assert drawn(view(scn, s.state, FACILITATOR_ROLE).shocks) == [] and \
        view(scn, s.state, FACILITATOR_ROLE).state.shocks[2] == s.state.shocks[2]
    to_phase(s, 2, Phase.SHOCK)
    s.settle()
    assert list(view(scn, s.state, PROJECTOR_ROLE).shocks) == list(s.state.shocks[2])


def test_early_warning_shows_next_rounds_draw_to_its_team_only(warned_game, scn):
    s = warned_game
    to_phase(s, 2, Phase.DECISIONS)
    nxt = s.state.shocks.get(3, [])
    kor, jpn, proj, fac = (view(scn, s.state, r) for r in
                           (team_role("KOR"), team_role("JPN"), PROJECTOR_ROLE, FACILITATOR_ROLE))
    assert kor.warned == ("KOR",) and fac.warned == ("KOR",)
    assert jpn.warned == () and proj.warned == ()
    assert list(kor.intelligence) == list(nxt) and jpn.intelligence == () and proj.intelligence == ()
    assert drawn(kor.state.shocks.get(3, [])) == drawn(nxt)
    assert drawn(jpn.state.shocks.get(3, [])) == [] and 3 not in jpn.state.drawn


def test_early_warning_ends_with_its_last_round_for_bots_and_screens_alike(warned_game, scn):
    """The effect runs rounds 1-4 (end 5). In round 5, before adjudication, its `on` flag is
    still set from round 4: the old bot rule read it and kept seeing the draw a round too long."""
    s = warned_game
    to_phase(s, 4, Phase.DECISIONS)
    assert warned_teams(s.state) == ["KOR"] and sees_next_shocks(s.state, "KOR")
    to_phase(s, 5, Phase.DECISIONS)
    ew = next(ae for ae in s.state.active if ae.effect.kind == "early_warning")
    assert ew.on  # stale until round 5's adjudication
    assert warned_teams(s.state) == []
    assert not sees_next_shocks(s.state, "KOR")
    assert drawn(team_view(s.state, "KOR").shocks.get(6, [])) == []
    assert view(scn, s.state, team_role("KOR")).intelligence == ()


def test_roles_by_name():
    assert Role.of("kor", TEAMS) == team_role("KOR") and Role.of("Projector", TEAMS) == PROJECTOR_ROLE
    with pytest.raises(ValueError, match="unknown role"):
        Role.of("referee", TEAMS)
