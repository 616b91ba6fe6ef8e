"""The lookahead bot: tries its best candidate commits in simulated futures and keeps the best.

For one decision it:

1. takes its team's view (`team_view`: next round's hidden draw removed, other teams' orders
   sealed) and lists candidate commits: every legal set of cards, pruned to the
   `candidates` best by the heuristic's card values, always keeping "pass" and the heuristic's
   own choice;
2. plays each candidate to the end of the game in `samples` simulated futures. Each future is
   re-seeded from `bot_rng`, so hidden draws, later draws and retaliation rolls are sampled,
   never read from the real game; the other teams (and this team in later rounds) play the
   heuristic. Every candidate meets the same futures (common random numbers), so the
   comparison is between plays, not between lucky and unlucky draws;
3. commits the candidate with the best mean final score for its team.

The work is an iteration budget (`budget` simulated rounds a decision), so the same game always
gets the same choice on any machine. `deadline` (seconds, off unless given) is a safety net
for a slow machine: if the next round of futures would overrun it, the bot decides on the
futures it has. It is off by default because it reads the wall clock: with it, the same seed
chose differently on a machine under load (seen at load average 7.8), and `run`, `simulate`
and a replayed game must not depend on how busy the machine is. `last` holds the figures of
the last decision for benchmarks.
"""

from __future__ import annotations

import time
from itertools import combinations

from ..core.adjudication import shared_propagations
from ..core.flow import Advance, Commit, apply, chance_action
from ..core.rules import commit_refusal
from ..core.scenario import Scenario, pair
from ..core.state import GameState, Phase
from ..core.sums import total
from .base import Bot, bot_rng
from .heuristic import decide, greedy_commit, ranked_cards
from .view import fast_clone, team_view


def candidate_commits(scn: Scenario, view: GameState, team: str, limit: int,
                      fast: bool = True) -> list[tuple[str, ...]]:
    """Legal commits worth trying, best first by the heuristic's values; "pass" always kept.

    `fast` tests a set of cards only for what `ranked_cards` has not already tested of each card
    alone (distinct cards, their total cost and capital); without it every set goes through
    `rules.commit_refusal` (tests/bots check the two agree)."""
    ranked = ranked_cards(scn, view, team)
    net = {cid: v for v, cid in ranked}
    cards = [cid for _, cid in ranked]
    legal = _set_refusal_free if fast and view.teams[team].commit is None else None
    sets: list[tuple[float, tuple[str, ...]]] = []
    for n in range(1, min(scn.max_plays_per_round, len(cards)) + 1):
        for combo in combinations(cards, n):
            if (legal(scn, view, team, combo) if legal is not None
                    else commit_refusal(scn, view, team, combo) is None):
                sets.append((total(net[c] for c in combo), combo))
    sets.sort(key=lambda x: -x[0])
    out: list[tuple[str, ...]] = [greedy_commit(scn, view, team, ranked), ()]
    for _, combo in sets:
        if len(out) >= max(2, limit):
            break
        if combo not in out:
            out.append(combo)
    return list(dict.fromkeys(out))


def _set_refusal_free(scn: Scenario, view: GameState, team: str, combo: tuple[str, ...]) -> bool:
    """`commit_refusal(...) is None` for a set of cards each legal alone (`ranked_cards`'s) by a
    team that has not committed, in decisions: what is left to test is the set's."""
    if len(combo) > 1 and len(set(combo)) != len(combo):
        return False
    ts = view.teams[team]
    cards = scn.cards
    return (sum(cards[c].cost for c in combo) <= ts.budget + 1e-9
            and sum(cards[c].political_capital for c in combo) <= ts.political_capital + 1e-9)


def play_out(scn: Scenario, view: GameState, team: str, commit: tuple[str, ...],
             others: dict[str, tuple[str, ...]], seed: int) -> float:
    """`team`'s final score when it commits `commit` now and everyone plays the heuristic after,
    in the future that `seed` draws."""
    st = _this_round(scn, view, team, commit, others, seed)
    apply(scn, st, chance_action(scn, st), False)
    return _finish(scn, st, seed)[team]["score"]


def _this_round(scn: Scenario, view: GameState, team: str, commit: tuple[str, ...],
                others: dict[str, tuple[str, ...]], seed: int) -> GameState:
    """A copy of the view with this round's commits in, waiting for its retaliation roll (from
    `seed`)."""
    st = fast_clone(view)
    st.seed = seed
    for ts in st.teams.values():
        ts.commit = None
    apply(scn, st, Commit(team, commit), False)
    for t, cards in others.items():
        apply(scn, st, Commit(t, cards), False)
    apply(scn, st, Advance(), False)  # decisions -> adjudication: the retaliation roll is due
    return st


def _finish(scn: Scenario, st: GameState, seed: int,
            heuristic: _Remembered | None = None) -> dict[str, dict[str, float]]:
    """Play `st` (this round resolved; a private copy) to the end with heuristic play and chance
    from `seed`; the final indicators. Plain, each commit goes through `flow.apply` with its
    legality test. With `heuristic`, a commit is set directly: it is `greedy_commit` of
    `ranked_cards`, legal by construction, and looked up there when a future of the same seed
    met the same situation (tests/bots check the two play the same)."""
    st.seed = seed
    teams = [(t, st.teams[t]) for t in scn.world.teams]
    advance = Advance()
    while st.phase is not Phase.OVER:
        c = chance_action(scn, st)
        if c is not None:
            apply(scn, st, c, False)
            continue
        if st.phase is Phase.DECISIONS:
            for t, ts in teams:
                if ts.commit is None:
                    if heuristic is not None:
                        ts.commit = heuristic.decide(st, t, ts)
                    else:
                        apply(scn, st, Commit(t, decide(scn, st, t)), False)
        apply(scn, st, advance, False)
    return st.indicators


class _Remembered:
    """The heuristic's commits (`decide`, with its jitter) in one decision's futures, remembered
    by everything they read: the seed and round (the jitter's stream, the round's values), the
    team's budget, capital and plays (legality, what it can afford), its stock and supply in
    every sector (stock values) and its relations with the teams that may answer its cards
    (retaliation risk). Futures of one seed often meet the same situation for a team the
    candidates do not touch, and the heuristic then chooses the same. A change to what
    `ranked_cards` or `greedy_commit` read must be made here too (tests/bots compare the bot
    with its plain path)."""

    def __init__(self, scn: Scenario):
        self.scn = scn
        self.memo: dict[tuple, tuple[str, ...]] = {}
        self.reads: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
        for t in scn.world.teams:
            pairs = {pair(scn.cards[c].retaliation.by, t) for c in scn.teams[t].hand
                     if c in scn.cards and scn.cards[c].retaliation is not None}
            self.reads[t] = (tuple(f"supply.{s}" for s in scn.sectors), tuple(sorted(pairs)))

    def decide(self, st: GameState, team: str, ts) -> tuple[str, ...]:
        supply, pairs = self.reads[team]
        ind = st.indicators.get(team, {})
        rel = st.relations
        key = (st.seed, st.round, team, ts.budget, ts.political_capital, tuple(ts.played.items()),
               tuple(p.get(team) for p in st.stockpile.values()),
               tuple(ind.get(k) for k in supply), tuple(rel.get(k) for k in pairs))
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = decide(self.scn, st, team)
        return got


def _hits(outcome: tuple) -> tuple:
    """What a round's resolution reads of its retaliation rolls: who answers whom, with which
    shock, and whether it hit (the roll itself is only recorded)."""
    return tuple((o["team"], o["card"], o["by"], o["shock"], o["hit"]) for o in outcome)


class LookaheadBot(Bot):
    name = "lookahead"
    description = "simulates its best candidate plays to the end over sampled shocks"

    def __init__(self, candidates: int = 6, budget: int = 240, min_samples: int = 3,
                 deadline: float | None = None, fast: bool = True):
        self.candidates = candidates
        #: the shortcuts below, each exact (tests/bots/test_shortcuts.py): off, every future
        #: is played the plain way, as `play_out` plays it
        self.fast = fast
        self.budget = budget
        self.min_samples = min_samples
        self.deadline = deadline
        self.last: dict = {}

    def choose(self, scn, state, team):
        if not self.fast:
            return self._choose(scn, state, team)
        with shared_propagations(scn):  # futures share their propagations (exact)
            return self._choose(scn, state, team)

    def _choose(self, scn, state, team):
        start = time.perf_counter()
        view = team_view(state, team)
        if view.phase is not Phase.DECISIONS:
            return ()
        fast = self.fast
        cands = candidate_commits(scn, view, team, self.candidates, fast)
        if len(cands) == 1:
            self.last = {"seconds": time.perf_counter() - start, "candidates": 1, "samples": 0}
            return cands[0]
        # the others' typical choice now (no jitter: their own randomness is theirs, not ours)
        others = {t: decide(scn, view, t, 0.0) for t in scn.world.teams if t != team}
        rounds_left = scn.rounds - view.round + 1
        samples = max(self.min_samples, self.budget // (len(cands) * rounds_left))
        rng = bot_rng(state, team, "lookahead")
        totals = [0.0] * len(cands)
        done = 0
        # This round resolves the same in every future that rolls the same retaliation hits
        # (most rolls are of no card at all): resolved once per candidate and hit pattern, and
        # copied, instead of once per future. Exactly what play_out would compute.
        resolved: list[dict[tuple, GameState]] = [{} for _ in cands]
        # Up to the roll, a candidate's round is the same in every future but for the seed
        # (committing and advancing read no chance): set up once per candidate.
        ready = [_this_round(scn, view, team, c, others, 0) for c in cands] if fast else None
        heuristic = _Remembered(scn) if fast else None
        for _ in range(samples):
            seed = rng.getrandbits(62)
            for i, c in enumerate(cands):
                if ready is not None:
                    st = ready[i]
                    st.seed = seed
                else:
                    st = _this_round(scn, view, team, c, others, seed)
                roll = chance_action(scn, st)
                key = _hits(roll.outcome)
                done_here = resolved[i].get(key)
                if done_here is None:
                    if ready is not None:
                        st = fast_clone(st)
                    apply(scn, st, roll, False)
                    done_here = resolved[i][key] = st
                st = fast_clone(done_here)
                final = _finish(scn, st, seed, heuristic)
                totals[i] += final[team]["score"]
            done += 1
            spent = time.perf_counter() - start
            if self.deadline is not None and spent + spent / done > self.deadline:
                break
        best = max(range(len(cands)), key=lambda i: (totals[i], -i))
        self.last = {"seconds": time.perf_counter() - start, "candidates": len(cands),
                     "samples": done, "planned": samples, "totals": totals}
        return cands[best]
