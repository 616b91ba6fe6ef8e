"""`chokepoint validate --play`: play each scenario as a calm game and warn where supply is short.

A calm game has no shocks and no plays, so every team should get all it orders, round after
round. A team that starts short (a stage with too little capacity for what its buyers order,
sourcing that points at a supplier with no capacity) or runs short later (a stockpile drawn
down to cover a gap) almost always means a number was mistyped: the game would score it as a
crisis the players did not cause. The check uses only the public engine (`Session`,
`new_game`, `evaluate`), so it sees exactly what a game would.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..content.loader import Library, build_scenario
from ..content.yamlsrc import Problem
from ..core.rules import new_game
from ..core.scoring import evaluate
from ..core.state import Phase
from ..session import Session

#: below this share of an order delivered, a stage counts as short (rounding aside)
FULL = 0.995


@dataclass(frozen=True, slots=True)
class CalmResult:
    scenario: str
    rounds: int
    warnings: list[Problem]


def calm(scn):
    """The scenario with nothing happening: no scheduled or drawn shocks, no retaliation."""
    cards = {k: replace(c, retaliation=None) for k, c in scn.cards.items()}
    return replace(scn, schedule={}, shock_deck=(), draws_per_round=0, cards=cards)


def play_calm(lib: Library, scenario_id: str) -> CalmResult:
    """Warnings for one scenario: where a team starts below full supply, per sector and stage,
    and the first round a calm game leaves a team short after its stockpiles."""
    model, src = lib.scenarios[scenario_id]
    scn = calm(build_scenario(lib, model))
    out: list[Problem] = []

    def warn(sector: str, team: str, message: str) -> None:
        path = ("demand", sector, team)
        out.append(Problem(src.file, src.line(path), f"demand.{sector}.{team}", f"warning: {message}"))

    state = new_game(scn, 0)
    _, flows, _ = evaluate(scn, state, state.baseline_revenue)
    short_at_start: set[tuple[str, str]] = set()
    for sector in scn.sectors:
        f = flows[sector]
        for team in scn.world.teams:
            if scn.demand.get(sector, {}).get(team, 0.0) <= 0.0:
                continue
            gaps = {stage: a for stage, a in f.access.get(team, {}).items()
                    if a < FULL and scn.world.sectors[sector].stage(stage).gating}
            if gaps:
                short_at_start.add((sector, team))
                where = ", ".join(f"{stage} {100 * a:.1f}%" for stage, a in sorted(gaps.items(), key=lambda x: x[1]))
                warn(sector, team, f"{team} starts below full {sector} supply before any shock or play "
                                   f"(orders delivered: {where}); check capacity, demand and sourcing")

    session = Session(scn, 0, explain=False)
    while not session.over:
        if session.state.phase is Phase.DECISIONS:
            for team in scn.world.teams:
                session.commit(team, [])
        session.advance()
    for sector in scn.sectors:
        key = f"supply.{sector}"
        for team in scn.world.teams:
            if (sector, team) in short_at_start:
                continue  # said once, where it starts
            for rec in session.state.history:
                met = rec.indicators.get(team, {}).get(key)
                if met is not None and met < 100.0 * FULL:
                    warn(sector, team, f"{team} falls to {met:.0f}% of its {sector} demand met in round "
                                       f"{rec.round} of a calm game (no shocks, nobody plays)")
                    break
    return CalmResult(scenario_id, len(session.state.history), out)
