"""A team's goals in a scenario (`teams: USA: goals: [...]`): checked against the scenario and
its world, and built into the core's `Goal` records (game/core/goals.py says what they score).

Kept apart from loader.py so the goal format has one home: the checks that need the whole
scenario (the sector is modelled, the rival buys there, the weights add up) live here.
"""

from __future__ import annotations

from ..core.goals import Goal
from .yamlsrc import Problem, Source, format_path


def _p(src: Source, path: tuple, msg: str) -> Problem:
    return Problem(src.file, src.line(path), format_path(path), msg)


def check_team_goals(src: Source, scn, team: str, tm, world) -> list[Problem]:
    """The team's weights and goals: names known to the scenario's world, a deny goal's sector
    modelled and bought in by the rival, no goal twice, and the weights adding up to 1."""
    out: list[Problem] = []
    base = ("teams", team)
    seen: dict[str, int] = {}
    for i, g in enumerate(tm.goals):
        p = base + ("goals", i)
        if g.kind == "deny":
            if g.rival not in world.actor_ids:
                out.append(_p(src, p + ("rival",), f"unknown actor '{g.rival}'; expected one of "
                              f"{', '.join(world.actor_ids)}"))
            elif g.rival == team:
                out.append(_p(src, p + ("rival",), f"{team} cannot deny itself: name a rival"))
            if g.sector not in scn.sectors:
                out.append(_p(src, p + ("sector",), f"'{g.sector}' is not a sector of this scenario "
                              f"({', '.join(scn.sectors)})"))
            elif g.sector in world.sectors and g.stage not in world.sectors[g.sector].stage_names:
                out.append(_p(src, p + ("stage",), f"stage '{g.stage}' is not a stage of {g.sector} "
                              f"({', '.join(world.sectors[g.sector].stage_names)})"))
            elif g.rival in world.actor_ids and scn.demand.get(g.sector, {}).get(g.rival, 0.0) <= 0:
                out.append(_p(src, p + ("rival",), f"{g.rival} buys no {g.sector} in this scenario: "
                              "there is no access to deny"))
            key = f"deny {g.rival} {g.sector} {g.stage}"
        else:
            if g.partner not in world.teams:
                out.append(_p(src, p + ("partner",), f"unknown team '{g.partner}'; expected one of "
                              f"{', '.join(world.teams)}"))
            elif g.partner == team:
                out.append(_p(src, p + ("partner",), f"{team} has no relations with itself: name a partner"))
            key = f"relations {g.partner}"
        if key in seen:
            out.append(_p(src, p, f"the same goal as goals[{seen[key]}]"))
        seen.setdefault(key, i)
    w = tm.weights
    total = w.resilience + w.prosperity + sum(g.weight for g in tm.goals)
    if abs(total - 1.0) > 1e-6:
        what = "resilience, prosperity and goal weights" if tm.goals else "resilience and prosperity weights"
        out.append(_p(src, base + ("weights",), f"{what} must add up to 1 (they add up to {total:g})"))
    return out


def build_goals(tm) -> tuple[Goal, ...]:
    out = []
    for g in tm.goals:
        if g.kind == "deny":
            out.append(Goal("deny", g.weight, rival=g.rival, sector=g.sector, stage=g.stage))
        else:
            out.append(Goal("relations", g.weight, partner=g.partner, at_least=g.at_least))
    return tuple(out)
