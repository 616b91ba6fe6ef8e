"""Aggregating a batch: per-team win rates and indicator percentiles, per-card statistics.

Everything here reads the records in run order and nothing else, so a batch gives the same
numbers (to the last bit) however many workers played it.
"""

from __future__ import annotations

from ..core.scenario import Scenario
from ..core.sums import total
from .runner import FINAL_INDICATORS, Batch

ROUND_TO = 4


def _r(x: float) -> float:
    v = round(x, ROUND_TO)
    return 0.0 if v == 0 else v


def percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), on sorted values."""
    n = len(sorted_values)
    if n == 0:
        return 0.0
    pos = (n - 1) * q
    lo = int(pos)
    hi = min(lo + 1, n - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def describe(values: list[float]) -> dict[str, float]:
    s = sorted(values)
    return {
        "mean": _r(total(values) / len(values)) if values else 0.0,
        "p10": _r(percentile(s, 0.1)),
        "p50": _r(percentile(s, 0.5)),
        "p90": _r(percentile(s, 0.9)),
    }


def batch_teams(batch: Batch) -> tuple[str, ...]:
    """The teams of a batch's scenario, in its world's order (each record's `final` is
    keyed in that order)."""
    return tuple(batch.records[0]["final"]) if batch.records else tuple(batch.bots)


def team_stats(batch: Batch) -> dict[str, dict]:
    n = len(batch.records)
    out = {}
    for t in batch_teams(batch):
        finals = [rec["final"][t] for rec in batch.records]
        wins = sum(1 for f in finals if f["rank"] == 1)
        out[t] = {
            "bot": batch.bots.get(t, ""),
            "wins": wins,
            "win_rate": _r(wins / n),
            "mean_rank": _r(sum(f["rank"] for f in finals) / n),
            "indicators": {k: describe([f[k] for f in finals]) for k in FINAL_INDICATORS},
        }
    return out


def card_stats(scn: Scenario, batch: Batch) -> dict[str, dict]:
    """For each card and each team that holds it: how often the team played it, and the team's
    mean final resilience (and score) in games where it did against games where it did not.

    The difference is an association, not a controlled experiment: a bot plays a card in some
    situations and not others. It is still the quickest pointer to a card that always wins or
    never matters; the lookahead bot and a targeted batch can confirm."""
    n = len(batch.records)
    out: dict[str, dict] = {}
    for cid, card in scn.cards.items():
        by_team = {}
        for t in scn.world.teams:
            if cid not in scn.teams[t].hand or t not in card.eligible:
                continue
            res_in, res_out, sc_in, sc_out = [], [], [], []
            for rec in batch.records:
                f = rec["final"][t]
                if cid in rec["played"][t]:
                    res_in.append(f["resilience"])
                    sc_in.append(f["score"])
                else:
                    res_out.append(f["resilience"])
                    sc_out.append(f["score"])
            ri, ro, si, so = mean(res_in), mean(res_out), mean(sc_in), mean(sc_out)
            by_team[t] = {
                "played": len(res_in),
                "play_rate": _r(len(res_in) / n),
                "resilience_played": None if ri is None else _r(ri),
                "resilience_not": None if ro is None else _r(ro),
                "resilience_effect": None if ri is None or ro is None else _r(ri - ro),
                "score_effect": None if si is None or so is None else _r(si - so),
            }
        total_holders = len(by_team)
        played = sum(v["played"] for v in by_team.values())
        out[cid] = {
            "title": card.title,
            "team": card.team,
            "cost": card.cost,
            "play_rate": _r(played / (n * total_holders)) if total_holders else 0.0,
            "by_team": by_team,
        }
    return out


def mean(xs: list[float]) -> float | None:
    return total(xs) / len(xs) if xs else None


def par_stats(scn: Scenario, batch: Batch) -> dict:
    """Win rates if each team's mean final score in this batch were moved to 50, and the `par`
    each team would need in the scenario for that. The score already subtracts the scenario's
    par (score = gain + 50 - par), so the suggested par is the current one plus how far the
    team's mean sits from 50. When teams' means sit a few points apart and vary by less within
    a team, ranking rewards the seat more than play; the par is the designer's lever for that."""
    n = len(batch.records)
    teams = scn.world.teams
    par = {t: total(rec["final"][t]["score"] for rec in batch.records) / n for t in teams}
    wins = dict.fromkeys(teams, 0)
    for rec in batch.records:
        best = max(teams, key=lambda t: (round(rec["final"][t]["score"] - par[t], 9),
                                         -teams.index(t)))
        wins[best] += 1
    return {"scores": {t: _r(par[t]) for t in teams},
            "suggested_par": {t: round(scn.teams[t].par + par[t] - 50.0, 1) for t in teams},
            "win_rates": {t: _r(wins[t] / n) for t in teams}}


def summarize(scn: Scenario, batch: Batch) -> dict:
    """The `--json` object: the batch's setup, `teams`, `cards` and `par`. Only what the seeds
    decide, so the same batch gives the same bytes on one core, many, or a cluster; how long
    it took is `timing`, printed apart."""
    return {
        "scenario": batch.scenario,
        "seed": batch.seed,
        "runs": batch.runs,
        "bots": batch.bots,
        "teams": team_stats(batch),
        "cards": card_stats(scn, batch),
        "par": par_stats(scn, batch),
    }


def timing(batch: Batch) -> dict:
    """How long the batch took and on how many workers: varies run to run, so not in the JSON."""
    return {"seconds": round(batch.seconds, 3), "games_per_second": round(batch.games_per_second, 1),
            "workers": batch.jobs}
