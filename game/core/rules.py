"""The rules: setting up a game, what a team may play, and the chance draws.

How a round resolves once everyone has committed is in `adjudication.py`.
"""

from __future__ import annotations

from .cards import Card, Shock
from .chance import Draws, uniform
from .scenario import Scenario, pair
from .scoring import evaluate, team_revenue
from .state import GameState, Phase, ShockHit, TeamState


class IllegalAction(ValueError):
    """Raised with the reason, before anything changed."""


# ---------------------------------------------------------------- setting up -----------
def new_game(scn: Scenario, seed: int) -> GameState:
    state = GameState(
        scenario_id=scn.id,
        seed=seed,
        round=1,
        phase=Phase.BRIEFING,
        teams={
            t: TeamState(budget=scn.teams[t].budget, political_capital=scn.teams[t].political_capital)
            for t in scn.world.teams
        },
        stockpile={s: dict(scn.stockpile_days.get(s, {})) for s in scn.sectors},
        relations=dict(scn.relations),
        active=[],
        shocks={r: [ShockHit(sid, "scheduled") for sid in ids] for r, ids in scn.schedule.items()},
        drawn=[],
        custom_shocks={},
        retaliation={},
        shortfall_streak={t: {s: 0 for s in scn.sectors} for t in scn.world.teams},
        adjustments={t: {} for t in scn.world.teams},
        indicators={},
        history=[],
        notes=[],
        baseline_revenue={},
    )
    start = scn.cache.get("start")
    if start is None:  # the same for every seed: evaluate once per scenario
        first, flows, _ = evaluate(scn, state)
        state.baseline_revenue = team_revenue(scn, flows)
        state.baseline_resilience = {t: first[t]["resilience"] for t in scn.world.teams}
        indicators, _, _ = evaluate(scn, state, state.baseline_revenue)
        start = scn.cache["start"] = (state.baseline_revenue, state.baseline_resilience, indicators)
    state.baseline_revenue = dict(start[0])
    state.baseline_resilience = dict(start[1])
    state.indicators = {t: dict(v) for t, v in start[2].items()}
    return state


def shock_by_id(scn: Scenario, state: GameState, shock_id: str) -> Shock:
    return state.custom_shocks.get(shock_id) or scn.shocks[shock_id]


# ---------------------------------------------------------------- legality -------------
def card_refusal(scn: Scenario, state: GameState, team: str, card_id: str) -> str | None:
    """Why `team` may not play `card_id` on its own right now, or None if it may."""
    if state.phase is not Phase.DECISIONS:
        return f"decisions are closed: the game is in the {state.phase.value} phase"
    if team not in scn.teams:
        return f"unknown team '{team}' (teams: {', '.join(scn.world.teams)})"
    card = scn.cards.get(card_id)
    if card is None:
        return f"unknown card '{card_id}'"
    if card_id not in scn.teams[team].hand or team not in card.eligible:
        return f"{card.title} is not in {team}'s hand"
    ts = state.teams[team]
    done = ts.played.get(card_id, 0)
    if done >= card.limit:
        return f"{card.title} has already been played {done} time(s) (limit {card.limit})"
    missing = [r for r in card.requires if not ts.played.get(r)]
    if missing:
        names = ", ".join(scn.cards[r].title if r in scn.cards else r for r in missing)
        return f"{card.title} needs {names} played first"
    if card.cost > ts.budget + 1e-9:
        return f"{card.title} costs {card.cost:g} budget; {team} has {ts.budget:g} left"
    if card.political_capital > ts.political_capital + 1e-9:
        return (
            f"{card.title} needs {card.political_capital:g} political capital; "
            f"{team} has {ts.political_capital:g}"
        )
    return None


def legal_plays(scn: Scenario, state: GameState, team: str) -> list[str]:
    """Cards `team` could add to an empty commit now (a commit is any affordable set of them).

    The same tests as `card_refusal`, without building reasons: bots call this thousands of
    times a second. `test_rule_cases` checks the two agree."""
    ts = state.teams[team]
    if state.phase is not Phase.DECISIONS or ts.commit is not None:
        return []
    played, budget, pc = ts.played, ts.budget + 1e-9, ts.political_capital + 1e-9
    out = []
    for card in _hand(scn, team):
        if (
            card.cost <= budget
            and card.political_capital <= pc
            and played.get(card.id, 0) < card.limit
            and (not card.requires or all(played.get(r) for r in card.requires))
        ):
            out.append(card.id)
    return out


def random_commit(scn: Scenario, state: GameState, team: str, rng: Draws) -> tuple[str, ...]:
    """A random legal commit for `team`: how many cards to play drawn uniformly from 0 to the
    most it may play, then cards drawn one at a time without replacement from its legal
    plays, each kept if the team can still afford it (budget and political capital). The
    random bot's choice (bots/random_bot.py); here, beside `legal_plays`, so that the compiled
    build compiles it: a Monte Carlo batch of random games makes forty of these a game.
    The cards are drawn only as far as needed rather than the hand shuffled: shuffling it
    whole was a tenth of a random game's time."""
    pool = legal_plays(scn, state, team)
    want = rng.randint(0, min(scn.max_plays_per_round, len(pool)))
    ts = state.teams[team]
    budget, pc = ts.budget + 1e-9, ts.political_capital + 1e-9
    chosen: list[str] = []
    cards = scn.cards
    while pool and len(chosen) < want:
        cid = pool.pop(rng.randrange(len(pool)))
        card = cards[cid]
        if card.cost <= budget and card.political_capital <= pc:
            chosen.append(cid)
            budget -= card.cost
            pc -= card.political_capital
    return tuple(chosen)


def _hand(scn: Scenario, team: str) -> tuple[Card, ...]:
    key = ("hand", team)
    hand = scn.cache.get(key)
    if hand is None:
        hand = scn.cache[key] = tuple(
            scn.cards[c] for c in scn.teams[team].hand if c in scn.cards and team in scn.cards[c].eligible
        )
    return hand


def commit_refusal(scn: Scenario, state: GameState, team: str, cards: tuple[str, ...]) -> str | None:
    if team not in scn.teams:
        return f"unknown team '{team}' (teams: {', '.join(scn.world.teams)})"
    if state.phase is not Phase.DECISIONS:
        return f"decisions are closed: the game is in the {state.phase.value} phase"
    if state.teams[team].commit is not None:
        return f"{team} has already committed this round (undo it first)"
    if len(set(cards)) != len(cards):
        return "a card can be played only once a round"
    if len(cards) > scn.max_plays_per_round:
        return f"at most {scn.max_plays_per_round} cards a round; {len(cards)} chosen"
    for c in cards:
        why = card_refusal(scn, state, team, c)
        if why:
            return why
    ts = state.teams[team]
    cost = sum(scn.cards[c].cost for c in cards)
    if cost > ts.budget + 1e-9:
        return f"these cards cost {cost:g} budget together; {team} has {ts.budget:g}"
    pc = sum(scn.cards[c].political_capital for c in cards)
    if pc > ts.political_capital + 1e-9:
        return f"these cards need {pc:g} political capital together; {team} has {ts.political_capital:g}"
    return None


def joint_refusal(scn: Scenario, state: GameState, team: str, card: Card) -> str | None:
    """A joint card resolves only if every named partner committed it this round."""
    missing = [p for p in card.partners if card.id not in (state.teams[p].commit or ())]
    if missing:
        return f"{card.title} is joint: {', '.join(missing)} did not commit it this round"
    return None


# ---------------------------------------------------------------- chance ---------------
def rng_for(state: GameState, purpose: str) -> Draws:
    """Every random draw has its own stream keyed by the game's seed and what it is for, so
    one draw never shifts another and a resumed game draws what the original drew
    (chance.py)."""
    return Draws(state.seed, purpose)


def draw_shocks(scn: Scenario, state: GameState, rnd: int) -> list[str]:
    used = {h.shock_id for hits in state.shocks.values() for h in hits if h.origin == "drawn"}
    deck = [s for s in scn.shock_deck if s not in used]
    rng = rng_for(state, f"draw:{rnd}")
    return rng.sample(deck, min(scn.draws_per_round, len(deck)))


def roll_retaliation(scn: Scenario, state: GameState) -> list[dict]:
    """Roll for every card with a retaliation risk that will resolve this round. Each play
    has its own roll, keyed by round, team and card, so a game without one play keeps every
    other play's roll (the counterfactual and the robustness report's card checks)."""
    out = []
    for team in scn.world.teams:
        for cid in state.teams[team].commit or ():
            card = scn.cards[cid]
            if card.retaliation is None or joint_refusal(scn, state, team, card):
                continue
            rt = card.retaliation
            tension = max(0.0, -state.relations.get(pair(rt.by, team), 0.0)) / 100.0
            p = min(1.0, rt.chance * (1.0 + tension))
            roll = uniform(state.seed, f"retaliation:{state.round}:{team}:{cid}")
            out.append(
                {"team": team, "card": cid, "by": rt.by, "shock": rt.shock,
                 "chance": round(p, 6), "roll": round(roll, 6), "hit": roll < p}
            )
    return out
