"""Counterfactual replay: the same game without one play, everything else equal.

A game is scenario + seed + action log, and chance outcomes are logged actions, so "what did
this card do?" has an exact answer: replay the log with the play removed, keeping every
recorded draw and roll, and compare. This is what the report's "score effect" of a card, the
TUI's card preview and the balance report's card values use; it never double-counts, because it
measures the game, not a sum of attributed steps.

Removing a play can make a later action illegal (a card that `requires` it, a partner's joint
card, a commit no longer affordable). Such plays are dropped too, and listed, so the answer
says exactly which game it compared against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .flow import Action, Advance, Chance, Commit, apply, pending_chance
from .rules import IllegalAction, commit_refusal, new_game
from .scenario import Scenario
from .state import GameState, Phase
from .values import rebuilt


@dataclass(frozen=True, slots=True)
class Removal:
    """Which plays to take out: `team`'s card `card` (every card if None) in round `round`
    (every round if None)."""

    team: str
    card: str | None = None
    round: int | None = None

    def matches(self, team: str, card: str, rnd: int) -> bool:
        return (team == self.team and (self.card is None or card == self.card)
                and (self.round is None or rnd == self.round))

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(slots=True)
class Counterfactual:
    actual: GameState
    without: GameState
    #: (round, team, card) plays dropped besides the removed ones, because they became illegal
    also_dropped: list[tuple[int, str, str]] = field(default_factory=list)

    def effect(self, team: str, indicator: str = "score") -> float:
        """What the removed plays did to `team`'s `indicator` by the end: actual - without."""
        return self.actual.indicators[team][indicator] - self.without.indicators[team][indicator]

    def effects(self) -> dict[str, dict[str, float]]:
        return {t: {k: v - self.without.indicators[t].get(k, 0.0) for k, v in ind.items()}
                for t, ind in self.actual.indicators.items()}


def replay(scn: Scenario, seed: int, actions: list[Action], explain: bool = False) -> GameState:
    state = new_game(scn, seed)
    for a in actions:
        apply(scn, state, a, explain)
    return state


def edit_log(scn: Scenario, seed: int, actions: list[Action], removal: Removal,
             explain: bool = False) -> tuple[GameState, list[tuple[int, str, str]]]:
    """Replay `actions` without the plays `removal` names, keeping every recorded chance
    outcome except the retaliation rolls of removed plays. Returns the state and the plays
    dropped because they became illegal."""
    state = new_game(scn, seed)
    dropped: list[tuple[int, str, str]] = []
    for a in actions:
        if isinstance(a, Commit) and state.phase is Phase.DECISIONS:
            rnd = state.round
            cards = tuple(c for c in a.cards if not removal.matches(a.team, c, rnd))
            a = _legal_commit(scn, state, a.team, cards, dropped)
        elif isinstance(a, Chance) and a.kind == "retaliation":
            kept = [o for o in a.outcome
                    if not removal.matches(o["team"], o["card"], a.round)
                    and o["card"] in (state.teams[o["team"]].commit or ())]
            a = Chance(a.kind, a.round, tuple(kept))
        try:
            apply(scn, state, a, explain)
        except IllegalAction:  # e.g. an override of an indicator that no longer moved
            continue
    return state, dropped


def _legal_commit(scn, state, team, cards, dropped) -> Commit:
    keep: list[str] = []
    for c in cards:
        if commit_refusal(scn, state, team, (*keep, c)) is None:
            keep.append(c)
        else:
            dropped.append((state.round, team, c))
    return Commit(team, tuple(keep))


def counterfactual(scn: Scenario, seed: int, actions: list[Action], removal: Removal,
                   actual: GameState | None = None) -> Counterfactual:
    """The game as played against the same game without the removed plays."""
    if actual is None:
        actual = replay(scn, seed, actions)
    without, dropped = edit_log(scn, seed, actions, removal)
    return Counterfactual(actual, without, dropped)


def project(scn: Scenario, state: GameState, team: str, cards: tuple[str, ...]) -> dict[str, float]:
    """A card preview: what committing `cards` now would change for `team` by the end of the
    game, measured as the difference between two plays of the rest of the game from here, one
    with the cards and one without. Both assume what a preview can honestly know: the shocks
    already scheduled or drawn, no further draws, no retaliation, and every other team passing
    (their commits are secret). Returns indicator -> change at the end of the game."""
    with_cards = _play_out(scn, state, team, tuple(cards))
    without = _play_out(scn, state, team, ())
    return {k: v - without[k] for k, v in with_cards.items()}


def _play_out(scn: Scenario, state: GameState, team: str, cards: tuple[str, ...]) -> dict:
    st = state.clone()
    first = True
    while st.phase is not Phase.OVER:
        node = pending_chance(scn, st)
        if node is not None:
            apply(scn, st, Chance(node[0], node[1], ()), False)
            continue
        if st.phase is Phase.DECISIONS:
            for t, ts in st.teams.items():
                ts.commit = cards if (first and t == team) else ()
            first = False
        apply(scn, st, Advance(), False)
    return dict(st.indicators[team])
