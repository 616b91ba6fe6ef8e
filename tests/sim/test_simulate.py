"""Batches: reproducible whatever the number of workers, explain off changes nothing, and the
summary, JSON and balance report carry what a designer needs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from game.bots import parse_bots
from game.cli import main
from game.sim import Batch, balance_markdown, play_one, run_batch, run_seed, summarize
from game.sim.stats import card_stats, percentile, timing

from ..default_world import TEAMS


def test_run_seeds_are_stable_and_distinct():
    seeds = [run_seed(0, i) for i in range(1000)]
    assert len(set(seeds)) == 1000
    assert run_seed(0, 5) == run_seed(0, 5) != run_seed(1, 5)
    assert all(0 <= s < 2**62 for s in seeds)


@pytest.mark.parametrize("spec", ["random", "heuristic"])
def test_attribution_off_gives_the_same_finals(scn, spec):
    for seed in (1, 2, 3):
        on = play_one(scn, seed, parse_bots(spec), explain=True)
        off = play_one(scn, seed, parse_bots(spec), explain=False)
        assert on == off


def test_same_seed_any_jobs_same_teams_and_cards(scn):
    one = summarize(scn, run_batch(scn, 24, seed=9, jobs=1, bot_spec="KOR=random"))
    two = summarize(scn, run_batch(scn, 24, seed=9, jobs=2, bot_spec="KOR=random"))
    assert one["teams"] == two["teams"]
    assert one["cards"] == two["cards"]
    other = summarize(scn, run_batch(scn, 24, seed=10, jobs=1, bot_spec="KOR=random"))
    assert other["teams"] != one["teams"]


def test_summary_shape(scn):
    batch = run_batch(scn, 30, seed=1, jobs=1, bot_spec="random")
    s = summarize(scn, batch)
    assert s["runs"] == 30 and timing(batch)["games_per_second"] > 0
    assert not {"seconds", "games_per_second", "jobs"} & set(s)  # only what the seeds decide
    assert set(s["teams"]) == set(TEAMS)
    assert sum(t["wins"] for t in s["teams"].values()) == 30
    for t in s["teams"].values():
        assert t["bot"] == "random"
        for ind in ("score", "resilience", "prosperity", "budget"):
            d = t["indicators"][ind]
            assert d["p10"] <= d["p50"] <= d["p90"]
    assert set(s["cards"]) == set(scn.cards)
    json.dumps(s)  # plain JSON


def test_card_stats_compare_played_with_not_played(scn):
    cid = scn.teams["KOR"].hand[0]

    def rec(res, played):
        final = {t: {"score": res, "resilience": res, "prosperity": 100.0, "budget": 1.0,
                     "rank": 1 + i} for i, t in enumerate(TEAMS)}
        return {"seed": 0, "final": final, "played": {t: [cid] if played else [] for t in TEAMS}}

    batch = Batch(scn.id, 0, 4, 1, {}, [rec(80, True), rec(70, False), rec(90, True),
                                       rec(60, False)], 1.0)
    kor = card_stats(scn, batch)[cid]["by_team"]["KOR"]
    assert kor["played"] == 2 and kor["play_rate"] == 0.5
    assert kor["resilience_played"] == 85 and kor["resilience_not"] == 65
    assert kor["resilience_effect"] == 20 and kor["score_effect"] == 20


def test_percentile_interpolates():
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([0.0, 10.0], 0.1) == pytest.approx(1.0)
    assert percentile([7.0], 0.9) == 7.0


def test_balance_report_names_teams_and_cards(scn):
    s = summarize(scn, run_batch(scn, 20, seed=2, jobs=1))
    md = balance_markdown(scn, s)
    for heading in ("# Balance report", "## Win rates by team", "## Cards that dominate",
                    "## Cards that never matter", "## Suggestions", "## Every card"):
        assert heading in md
    for t in TEAMS:
        assert f"| {t} (" in md


def test_cli_json_byte_identical_for_any_jobs_and_report(scn, tmp_path):
    runner = CliRunner()
    out = {}
    for jobs in (1, 2):
        r = runner.invoke(main, ["simulate", "--runs", "16", "--jobs", str(jobs), "--seed", "3",
                                 "--bots", "random", "--json"])
        assert r.exit_code == 0, r.output
        out[jobs] = r.stdout
        assert "16 games in" in r.stderr and f"on {jobs} worker(s)" in r.stderr
    assert out[1] == out[2]  # the whole JSON, byte for byte
    assert json.loads(out[1])["runs"] == 16
    report = tmp_path / "balance.md"
    r = runner.invoke(main, ["simulate", "--runs", "8", "--jobs", "1", "--report", str(report)])
    assert r.exit_code == 0, r.output
    assert "win rate" in r.output and report.read_text().startswith("# Balance report")


def test_cli_rejects_bad_bots():
    r = CliRunner().invoke(main, ["simulate", "--runs", "2", "--bots", "KOR=genius"])
    assert r.exit_code == 2
    assert "unknown bot 'genius'" in r.output
