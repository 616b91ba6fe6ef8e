"""Calibrating a scenario's pars: the method of docs/balance.md as one rerunnable step.

Heuristic bots play sensibly and alike, so teams' mean scores sit further apart than any team's
game-to-game spread and, without a handicap, the seat decides who wins. A team's `par` (the score
a well-played team reaches in its seat) shifts its score by 50 - par. Calibration:

1. play `runs` games of batch seed `seed` and set each team's par so its mean score comes to 50
   (`par_stats`' suggested par);
2. `steps` times, play the same games with those pars and move each team's par by
   `gain` x (its win rate - its fair share): centring means on 50 ignores spread, and a team
   whose outcomes vary more than the others' wins too often even at its mean;
3. check on games the pars were not fitted to (`held_out_runs` games of `held_out_seed`).

The same games are replayed at every step (the par moves the score, not the bots' choices), so
the steps converge instead of chasing noise. Nothing is written: the author copies the pars
into the scenario file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..core.scenario import Scenario
from .runner import run_batch
from .stats import par_stats, team_stats

#: the documented method (docs/balance.md, "Calibrating a scenario's pars")
RUNS, SEED, STEPS, GAIN = 400, 0, 3, 3.0
HELD_OUT_RUNS, HELD_OUT_SEED = 600, 1


@dataclass(frozen=True, slots=True)
class Calibration:
    scenario: str
    before: dict[str, float]  # the scenario's pars as written
    after: dict[str, float]  # the calibrated pars, rounded to a tenth as scenario files hold them
    fitted: dict[str, float]  # win rates at `after` on the games fitted to
    held_out: dict[str, float]  # win rates at `after` on the held-out games
    #: (pars, their win rates on the fitted games) at each step: the suggested pars, then each
    #: refinement's; the last pars are `after`
    steps: tuple[tuple[dict[str, float], dict[str, float]], ...]

    def as_json(self) -> dict:
        return {"scenario": self.scenario, "before": self.before, "after": self.after,
                "fitted_win_rates": self.fitted, "held_out_win_rates": self.held_out,
                "steps": [{"pars": p, "fitted_win_rates": r} for p, r in self.steps]}


def with_pars(scn: Scenario, pars: dict[str, float]) -> Scenario:
    """The scenario with these teams' pars (others as written); a copy, the original unchanged."""
    teams = {t: replace(setup, par=pars[t]) if t in pars else setup
             for t, setup in scn.teams.items()}
    return replace(scn, teams=teams)


def _win_rates(scn: Scenario, runs: int, seed: int, jobs: int | None, bot_spec: str | None,
               progress: Callable[[int], None] | None) -> dict[str, float]:
    batch = run_batch(scn, runs, seed, jobs, bot_spec, progress=progress)
    return {t: s["win_rate"] for t, s in team_stats(batch).items()}


def calibrate_pars(scn: Scenario, runs: int = RUNS, seed: int = SEED, steps: int = STEPS,
                   gain: float = GAIN, held_out_runs: int = HELD_OUT_RUNS,
                   held_out_seed: int = HELD_OUT_SEED, jobs: int | None = None,
                   bot_spec: str | None = "heuristic",
                   progress: Callable[[int], None] | None = None) -> Calibration:
    """Fit `scn`'s pars by the method above; `progress(n)` is told of every n games played
    (runs x (steps + 1) + held_out_runs in all). The fair share of wins is 1 / teams (a fifth
    in the bundled five-team world)."""
    teams = scn.world.teams
    share = 1.0 / len(teams)
    before = {t: scn.teams[t].par for t in teams}
    first = run_batch(scn, runs, seed, jobs, bot_spec, progress=progress)
    pars = dict(par_stats(scn, first)["suggested_par"])
    history = []
    for step in range(steps + 1):
        rates = _win_rates(with_pars(scn, pars), runs, seed, jobs, bot_spec, progress)
        history.append((pars, rates))
        if step == steps:  # the last play only measures the final pars on the fitted games
            break
        pars = {t: round(pars[t] + gain * (rates[t] - share), 1) for t in teams}
    held_out = _win_rates(with_pars(scn, pars), held_out_runs, held_out_seed, jobs, bot_spec,
                          progress)
    return Calibration(scn.id, before, pars, rates, held_out, tuple(history))


def games_played(runs: int = RUNS, steps: int = STEPS, held_out_runs: int = HELD_OUT_RUNS) -> int:
    """How many games `calibrate_pars` plays: for a progress bar."""
    return runs * (steps + 2) + held_out_runs
