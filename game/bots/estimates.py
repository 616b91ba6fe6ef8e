"""Cheap effect estimates: what one card effect is worth to a team, worked out once per scenario.

Each effect of each card in a team's hand is switched on, alone, in the scenario's opening
world, and the team's score is read off (`scoring.evaluate`). It is done in a calm world and
once under each of the few shocks most likely to matter (scheduled ones, then the deck's most
severe), so an effect that only pays off in a crisis (a second supplier) is not valued at zero. The result is a small table the heuristic bot
reads in microseconds; the lookahead bot uses the heuristic to prune and to play the other
teams.

Instant and bookkeeping effects (stockpile, relations, budget, early warning) are valued from
the team's situation when it decides (see `heuristic.py`), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import goals
from ..core.adjudication import TARGET, resolve_effect
from ..core.causes import Cause
from ..core.rules import new_game
from ..core.scenario import Scenario
from ..core.scoring import evaluate
from ..core.state import ActiveEffect, GameState
from ..core.sums import total
from .view import fast_clone

SITUATIONAL_KINDS = frozenset({"stockpile", "relations", "budget", "early_warning"})
CALM_WEIGHT = 0.5  # the opening world counts this much; the shocks share the rest equally
MAX_SHOCK_WORLDS = 4  # scheduled shocks first, then the deck's most severe: keeps start-up quick


@dataclass(frozen=True, slots=True)
class EffectEstimate:
    kind: str
    lag: int
    duration: int | None
    own: float  # change in the team's score with the effect in force
    rivals: float  # mean change in the other teams' scores
    units: float = 0.0
    change: float = 0.0
    sector: str | None = None
    #: the parts of `own` and `rivals` that come from deny goals, which score the rival's
    #: access averaged over the game: they count in proportion to the rounds in force
    own_averaged: float = 0.0
    rivals_averaged: float = 0.0


@dataclass(slots=True)
class Estimates:
    cards: dict[str, dict[str, tuple[EffectEstimate, ...]]]  # team -> card -> effects
    retaliation: dict[str, dict[str, float]]  # team -> shock id -> change in its score
    mean_severity: float
    timed: dict = field(default_factory=dict)  # heuristic's cache: (team, card, round) -> value


_CACHE: dict[int, tuple[Scenario, Estimates]] = {}


def estimates(scn: Scenario) -> Estimates:
    """The estimate table for `scn`, computed on first use in each process."""
    hit = _CACHE.get(id(scn))
    if hit is not None and hit[0] is scn:
        return hit[1]
    est = _compute(scn)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(scn)] = (scn, est)
    return est


def _worlds(scn: Scenario, base: GameState) -> list[tuple[float, GameState]]:
    scheduled = [s for _, ids in sorted(scn.schedule.items()) for s in ids if s in scn.shocks]
    deck = sorted((s for s in scn.shock_deck if s in scn.shocks),
                  key=lambda s: (-scn.shocks[s].severity, s))
    shock_ids = list(dict.fromkeys([*scheduled, *deck]))[:MAX_SHOCK_WORLDS]
    worlds = [(CALM_WEIGHT if shock_ids else 1.0, base)]
    for sid in shock_ids:
        shock = scn.shocks[sid]
        st = fast_clone(base)
        for e in shock.effects:
            if e.kind in SITUATIONAL_KINDS:
                continue
            st.active.append(ActiveEffect(resolve_effect(scn.world, e, None), Cause("shock", sid, None, 1), 1,
                                          None, False, on=True))
        worlds.append(((1.0 - CALM_WEIGHT) / len(shock_ids), st))
    return worlds


def _scores(scn: Scenario, st: GameState, base: GameState) -> dict[str, float]:
    ind, _, _ = evaluate(scn, st, base.baseline_revenue)
    return {t: ind[t]["score"] for t in scn.world.teams}


def _averaged(scn: Scenario, st: GameState, base: GameState) -> dict[str, float]:
    """Each team's score points from its deny goals in `st` (averaged goals, see goals.py)."""
    ind, _, _ = evaluate(scn, st, base.baseline_revenue)
    out = {}
    for t in scn.world.teams:
        deny = [g for g in scn.teams[t].goals if g.kind == "deny"]
        out[t] = goals.points(scn, deny, ind[t]) if deny else 0.0
    return out


def _compute(scn: Scenario) -> Estimates:
    base = new_game(scn, 0)
    worlds = [(w, st, _scores(scn, st, base)) for w, st in _worlds(scn, base)]
    denying = any(g.kind == "deny" for ts in scn.teams.values() for g in ts.goals)
    averaged = [_averaged(scn, st, base) if denying else None for _, st, _ in worlds]
    cards: dict[str, dict[str, tuple[EffectEstimate, ...]]] = {}
    teams = scn.world.teams
    for team in teams:
        rivals = [t for t in teams if t != team]
        cards[team] = {}
        for cid in scn.teams[team].hand:
            card = scn.cards[cid]
            effs = []
            for raw in card.effects:
                e = resolve_effect(scn.world, raw, team, card.partners)
                own = riv = own_avg = riv_avg = 0.0
                if raw.kind not in SITUATIONAL_KINDS:
                    for (w, st0, before), avg0 in zip(worlds, averaged):
                        st = fast_clone(st0)
                        st.active.append(ActiveEffect(e, Cause("card", cid, team, 1), 1, None, True, on=True))
                        after = _scores(scn, st, base)
                        own += w * (after[team] - before[team])
                        riv += w * total(after[t] - before[t] for t in rivals) / len(rivals)
                        if avg0 is not None:
                            avg = _averaged(scn, st, base)
                            own_avg += w * (avg[team] - avg0[team])
                            riv_avg += w * total(avg[t] - avg0[t] for t in rivals) / len(rivals)
                effs.append(EffectEstimate(raw.kind, raw.lag, raw.duration, own, riv,
                                           e.units, e.change, e.sector, own_avg, riv_avg))
            cards[team][cid] = tuple(effs)
    retaliation: dict[str, dict[str, float]] = {t: {} for t in teams}
    calm = worlds[0][2]
    for card in scn.cards.values():
        rt = card.retaliation
        if rt is None or rt.shock not in scn.shocks:
            continue
        shock = scn.shocks[rt.shock]
        for team in card.eligible:
            st = fast_clone(base)
            for raw in shock.effects:
                if raw.kind in SITUATIONAL_KINDS:
                    continue
                e = resolve_effect(scn.world, raw, team if _targets(raw) else None)
                st.active.append(ActiveEffect(e, Cause("retaliation", rt.shock, rt.by, 1), 1, None, False,
                                             on=True))
            retaliation[team][rt.shock] = _scores(scn, st, base)[team] - calm[team]
    sev = [scn.shocks[s].severity for s in scn.shock_deck if s in scn.shocks]
    return Estimates(cards, retaliation, total(sev) / len(sev) if sev else 0.0)


def _targets(e) -> bool:
    fields = (e.actors, e.exporters, e.importers, e.away_from, e.towards, e.counterparts)
    return any(TARGET in f or "self" in f for f in fields)
