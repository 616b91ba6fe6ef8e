"""Would it have held? The teams' actual decisions replayed under other shock draws.

A game is one draw of the shock deck and of the retaliation rolls. To tell an official which
outcomes were earned and which were the luck of the draw, the report replays the same
decisions (every commit, withdrawal, injected shock and override, in order) under other seeds:
the scheduled shocks still hit, the drawn ones and the rolls change. A play the rules refuse in
a replay (a card no longer affordable) is dropped there, as `core.counterfactual` does.

The number of replays is fixed (not "as many as fit in N seconds"), so the same game always
gives the same brief; the report says how many it ran and how long they took. Pure
computation on the core: no clock is read here (the caller times it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import sums
from ..core.counterfactual import Removal
from ..core.flow import Chance, Commit, Note, apply, chance_action
from ..core.rules import IllegalAction, commit_refusal, new_game
from ..core.scoring import ranking
from ..core.state import GameState, Phase
from ..sim.memory import batch_collection

#: replays by default: the issue asks for at least 200; at ~10 ms a replay they fit in ~2-4 s
REPLAYS = 200
#: a finding about a card is checked with a second replay per seed (without the card), so on
#: fewer seeds: the first CARD_CHECKS of the replays
CARD_CHECKS = 40


def replay_seeds(seed: int, n: int) -> list[int]:
    """Other shock draws: n seeds after the game's own, never the game's own."""
    return [seed + 1 + k for k in range(n)]


def _settle(scn, state: GameState, explain: bool = False) -> None:
    while (c := chance_action(scn, state)) is not None:
        apply(scn, state, c, explain)


def replay_decisions(scn, seed: int, actions, removal: Removal | None = None,
                     explain: bool = False) -> GameState:
    """The decisions in `actions` played under `seed`'s chance: recorded draws and rolls are
    ignored and drawn afresh; notes are left out; illegal plays are dropped."""
    state = new_game(scn, seed)
    for a in actions:
        if isinstance(a, (Chance, Note)):
            continue
        _settle(scn, state, explain)
        if isinstance(a, Commit) and state.phase is Phase.DECISIONS:
            keep: list[str] = []
            for c in a.cards:
                if removal is not None and removal.matches(a.team, c, state.round):
                    continue
                if commit_refusal(scn, state, a.team, (*keep, c)) is None:
                    keep.append(c)
            a = Commit(a.team, tuple(keep))
        try:
            apply(scn, state, a, explain)
        except IllegalAction:
            continue
    _settle(scn, state, explain)
    return state


@dataclass
class Replays:
    """The replayed games and what the report needs from them."""

    seeds: list[int]
    states: list[GameState] = field(default_factory=list)
    scn: object = None
    actions: list = field(default_factory=list)
    _explained: list[GameState] = field(default_factory=list)

    def explained(self) -> list[GameState]:
        """The first CARD_CHECKS replays again with causes recorded (slower), for findings
        about what a shock cost: computed once, when first asked for."""
        if not self._explained and self.states:
            with batch_collection():  # a batch of games: see sim/memory.py
                self._explained = [replay_decisions(self.scn, s, self.actions, explain=True)
                                   for s in self.seeds[:CARD_CHECKS]]
        return self._explained

    @property
    def n(self) -> int:
        return len(self.states)


def run(scn, seed: int, actions, n: int = REPLAYS) -> Replays:
    out = Replays(replay_seeds(seed, n), scn=scn, actions=list(actions))
    if not actions:
        return out
    with batch_collection():  # a batch of games: see sim/memory.py
        for s in out.seeds:
            out.states.append(replay_decisions(scn, s, actions))
    return out


def distribution(replays: Replays, actual: GameState) -> list[dict]:
    """Per team: how often it finished at each rank, and its score's spread, against the
    game as played."""
    if not replays.n:
        return []
    teams = tuple(actual.teams)  # the state's teams, in the world's order
    order_actual = ranking(actual.indicators, teams)
    ranks = {t: [0] * len(teams) for t in teams}
    scores = {t: [] for t in teams}
    for st in replays.states:
        order = ranking(st.indicators, teams)
        for i, t in enumerate(order):
            ranks[t][i] += 1
            scores[t].append(st.indicators[t]["score"])
    out = []
    for t in teams:
        xs = sorted(scores[t])
        out.append({
            "team": t,
            "rank_actual": order_actual.index(t) + 1,
            "rank_counts": ranks[t],
            "rank_shares": [round(c / replays.n, 4) for c in ranks[t]],
            "first_share": round(ranks[t][0] / replays.n, 4),
            "same_rank_share": round(ranks[t][order_actual.index(t)] / replays.n, 4),
            "score_actual": round(actual.indicators[t]["score"], 4),
            "score_p10": round(_q(xs, 0.1), 4),
            "score_median": round(_q(xs, 0.5), 4),
            "score_p90": round(_q(xs, 0.9), 4),
            "score_below_actual": round(sum(1 for x in xs if x < actual.indicators[t]["score"])
                                        / replays.n, 4),
        })
    return out


def _q(xs: list[float], p: float) -> float:
    """The p-quantile by linear interpolation (xs sorted)."""
    if not xs:
        return 0.0
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


# ---------------------------------------------------------------- findings --------------
def check_finding(scn, seed: int, actions, replays: Replays, finding: dict) -> dict | None:
    """Whether a finding held under other draws: {held, of, text}. `finding["test"]` says
    what to check:

    - ("card", team, card, round): the play still raised the team's score (a second replay
      without it, on the first CARD_CHECKS seeds);
    - ("shortfall", team, sector): the team's supply of the sector still fell below 95%;
    - ("shock", team, shock): in the replays where the shock hit (first CARD_CHECKS, replayed
      with causes), the score credited to it for the team was a loss;
    - ("rank", team, rank): the team finished at that rank or better.
    """
    test = finding.get("test")
    if not test or not replays.n:
        return None
    kind = test[0]
    if kind == "card":
        _, team, card, rnd = test
        held = of = 0
        for s, st in list(zip(replays.seeds, replays.states))[:CARD_CHECKS]:
            if card not in _played(st, team, rnd):
                continue
            of += 1
            without = replay_decisions(scn, s, actions, Removal(team, card, rnd))
            if st.indicators[team]["score"] - without.indicators[team]["score"] > 0:
                held += 1
        return _verdict(held, of, f"of {of} replays in which it was played")
    if kind == "shortfall":
        _, team, sector = test
        held = sum(1 for st in replays.states
                   if any(rec.indicators[team].get(f"supply.{sector}", 100.0) < 95.0
                          for rec in st.history))
        return _verdict(held, replays.n, f"of {replays.n} replays")
    if kind == "shock":
        _, team, shock = test
        held = of = 0
        for st in replays.explained():
            if not any(s["id"] == shock for rec in st.history for s in rec.shocks):
                continue
            of += 1
            cost = sums.total(v for rec in st.history
                       for c, v in rec.causes.get(team, {}).get("score", ())
                       if c.id == shock and c.origin in ("shock", "retaliation", "inject"))
            if cost < 0:
                held += 1
        return _verdict(held, of, f"of the {of} replays in which it hit")
    if kind == "rank":
        _, team, rank = test
        held = sum(1 for st in replays.states if ranking(st.indicators, scn.world.teams).index(team) + 1 <= rank)
        return _verdict(held, replays.n, f"of {replays.n} replays")
    return None


def _played(state: GameState, team: str, rnd: int) -> list[str]:
    for rec in state.history:
        if rec.round == rnd:
            return rec.plays.get(team, [])
    return []


def _verdict(held: int, of: int, where: str) -> dict:
    share = held / of if of else 0.0
    if of == 0:
        word = "not tested (it never arose in a replay)"
    elif share >= 0.75:
        word = "held"
    elif share >= 0.5:
        word = "mostly held"
    else:
        word = "did not hold"
    return {"held": held, "of": of, "share": round(share, 4), "verdict": word,
            "text": (f"{word.capitalize()}: {held} {where}" if of else word.capitalize())}
