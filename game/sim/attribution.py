"""Where score movement comes from, over many games: the share credited to each origin.

The honesty check of the adjudication: over a batch, how much of all teams' absolute score
movement is credited to cards, shocks, retaliation, and how much to `routine` bookkeeping
(income, a scenario's built-in shortfall, rounding). Routine should stay small: a game whose
score moves for routine reasons is a game whose explanations say nothing.
"""

from __future__ import annotations

from ..bots import Bot
from ..core import sums
from ..core.causes import ORIGINS
from ..core.scenario import Scenario
from ..headless import play_to_end
from ..session import Session
from .memory import batch_collection


def origin_totals(scn: Scenario, seed: int, bots: dict[str, Bot] | None = None,
                  indicator: str = "score") -> dict[str, float]:
    """Absolute movement of `indicator`, summed over teams and rounds, per origin."""
    session = play_to_end(Session(scn, seed, explain=True), bots)
    out = dict.fromkeys(ORIGINS, 0.0)
    for rec in session.state.history:
        for t in scn.world.teams:
            for cause, value in rec.causes.get(t, {}).get(indicator, ()):
                out[cause.origin] = out.get(cause.origin, 0.0) + abs(value)
    return out


def origin_shares(scn: Scenario, seeds, bots: dict[str, Bot] | None = None) -> dict[str, float]:
    """Each origin's share (0-1) of the absolute score movement over the games `seeds`."""
    total = dict.fromkeys(ORIGINS, 0.0)
    with batch_collection():  # a batch of games: see memory.py
        for seed in seeds:
            for k, v in origin_totals(scn, seed, bots).items():
                total[k] = total.get(k, 0.0) + v
    grand = sums.total(total.values())
    return {k: (v / grand if grand else 0.0) for k, v in total.items()}
