"""Par calibration (game/sim/calibrate.py, `simulate --calibrate-pars`): the mechanics of the
documented method on a few games, not its numbers (those move with every model change)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from game.cli import main
from game.content import load_scenario
from game.sim import run_batch, team_stats
from game.sim.calibrate import calibrate_pars, games_played, with_pars

SCENARIO = "semiconductor_chokepoint"


def _tiny(scn, **kw):
    return calibrate_pars(scn, runs=24, steps=2, held_out_runs=24, jobs=1, **kw)


def test_a_team_that_wins_too_often_gets_a_higher_par():
    scn = load_scenario(SCENARIO)
    pars = {t: s.par for t, s in scn.teams.items()}
    easy = with_pars(scn, {"KOR": pars["KOR"] - 25})  # 25 points handed to Korea
    rates = {t: s["win_rate"] for t, s in team_stats(run_batch(easy, 24, 0, 1)).items()}
    assert rates["KOR"] > 0.9
    cal = _tiny(easy)
    assert cal.before["KOR"] == pars["KOR"] - 25
    assert cal.after["KOR"] > cal.before["KOR"] + 15  # the handicap is taken back
    assert cal.held_out["KOR"] < 0.6 and cal.fitted["KOR"] < 0.6
    assert easy.teams["KOR"].par == pars["KOR"] - 25  # nothing written, not even in memory


def test_the_suggested_pars_centre_means_on_50_and_each_step_moves_towards_a_fair_share():
    scn = load_scenario(SCENARIO)
    cal = _tiny(scn)
    assert len(cal.steps) == 3 and cal.steps[-1] == (cal.after, cal.fitted)
    suggested = with_pars(scn, cal.steps[0][0])
    for s in team_stats(run_batch(suggested, 24, 0, 1)).values():
        # the par shifts the score, not the bots' choices: the mean lands on 50 to rounding
        assert abs(s["indicators"]["score"]["mean"] - 50) <= 0.051
    share = 1 / len(scn.world.teams)
    for (pars, rates), (nxt, _) in zip(cal.steps, cal.steps[1:]):
        for t in scn.world.teams:
            assert nxt[t] == round(pars[t] + 3 * (rates[t] - share), 1)
    assert all(round(p, 1) == p for p in cal.after.values())


def test_cli_prints_pars_and_held_out_rates_and_writes_nothing(tmp_path):
    before = load_scenario(SCENARIO).teams
    r = CliRunner().invoke(main, ["simulate", SCENARIO, "--calibrate-pars", "--runs", "8",
                                  "--jobs", "1", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out["after"]) == set(before) and set(out["held_out_win_rates"]) == set(before)
    assert abs(sum(out["held_out_win_rates"].values()) - 1) < 1e-3  # rates to 4 places
    assert load_scenario(SCENARIO).teams == before
    assert games_played(8, held_out_runs=12) == 8 * 5 + 12
    table = CliRunner().invoke(main, ["simulate", SCENARIO, "--calibrate-pars", "--runs", "4",
                                      "--jobs", "1"])
    assert table.exit_code == 0 and "held out" in table.output and "Nothing was written" in table.output


def test_cli_refuses_what_calibration_does_not_do(tmp_path):
    r = CliRunner().invoke(main, ["simulate", SCENARIO, "--calibrate-pars", "--report",
                                  str(tmp_path / "r.md")])
    assert r.exit_code == 2 and "--calibrate-pars" in r.output and "Traceback" not in r.output
