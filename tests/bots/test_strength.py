"""Bots are measurably stronger in order: lookahead > heuristic > random.

Each comparison changes one team's bot and nothing else, on a fixed seed set: the shocks drawn
are the same, so the difference in that team's mean final score is the bot's doing. The
default run uses small seed sets; `-m slow` runs the larger ones, for every team.
"""

from __future__ import annotations

from statistics import mean

import pytest

from game.bots import parse_bots
from game.headless import play_to_end
from game.session import Session

from ..default_world import TEAMS


def mean_score(scn, team: str, spec: str, seeds) -> float:
    scores = []
    for seed in seeds:
        s = play_to_end(Session(scn, seed, explain=False), parse_bots(spec))
        scores.append(s.state.indicators[team]["score"])
    return mean(scores)


def test_heuristic_beats_random(scn):
    seeds = range(100, 120)
    h = mean_score(scn, "KOR", "KOR=heuristic", seeds)
    r = mean_score(scn, "KOR", "KOR=random", seeds)
    assert h > r + 0.5, (h, r)


def test_lookahead_beats_heuristic(scn):
    seeds = range(200, 206)
    look = mean_score(scn, "KOR", "KOR=lookahead", seeds)
    heur = mean_score(scn, "KOR", "KOR=heuristic", seeds)
    assert look > heur, (look, heur)


#: The US heuristic is no better than random play in the chip game against random teams (USA
#: score -0.18 on seeds 300-359, -0.07 on 1000-1199; +0.03 / -0.04 before the third balance
#: pass, so it passed here by 0.03 points). At the start it ranks linked early warning and
#: emergency procurement first (+2.4 and +2.3 net: stock valued as insurance against a 15%
#: shortfall risk the US rarely meets) and plays industry convening and information sharing
#: every game (worth about 0 to the US, docs/balance.md), while the CHIPS Act comes 11th (+0.25
#: net at cost 7); random play spends less and earns more (prosperity 89.2 vs 86.4). Strict: a
#: fix to the heuristic makes this fail until the mark is removed.
_US_HEURISTIC = pytest.mark.xfail(strict=True, reason="the US heuristic is no better than "
                                  "random in the chip game (see above)")


@pytest.mark.slow
@pytest.mark.parametrize("team", [pytest.param(t, marks=_US_HEURISTIC) if t == "USA" else t
                                  for t in TEAMS])
def test_heuristic_beats_random_every_team(scn, team):
    seeds = range(300, 360)
    assert mean_score(scn, team, f"{team}=heuristic", seeds) > mean_score(
        scn, team, f"{team}=random", seeds)


@pytest.mark.slow
@pytest.mark.parametrize("team", TEAMS)
def test_lookahead_beats_heuristic_every_team(scn, team):
    seeds = range(400, 412)
    assert mean_score(scn, team, f"{team}=lookahead", seeds) > mean_score(
        scn, team, f"{team}=heuristic", seeds)
