"""How the report groups and words what the engine credits: `Cause` records in, plain data out.

The engine credits every change of every indicator to a `Cause` (game/core/causes.py); this
module merges those credits (per round, or over the whole game) and words them through
`game.wording`, the one place the TUI and the report share. Nothing here reads a label: a card
renamed in a deck is renamed in the report, and what the report concludes never depends on
how a title is spelled.

Routine causes (income, a scenario's built-in shortfall, rounding) are kept in the arithmetic
(a waterfall must add up) but marked, so findings, "what worked" and advice can leave them out.
"""

from __future__ import annotations

from ..core.causes import ORIGINS, Cause
from ..wording import (
    KIND_TITLES,
    card_title,
    cause_in_round,
    cause_kind,
    cause_title,
    is_routine,
    shock_title,
    team_name,
)

DIGITS = 4
SHOCK_ORIGINS = {
    "scheduled": "scheduled by the scenario",
    "drawn": "drawn from the shock deck",
    "injected": "injected by the facilitator",
    "retaliation": "retaliation",
}
CATEGORY_TITLES = {
    "geopolitics": "Geopolitics",
    "technology": "Technology",
    "domestic_economics": "Domestic economics",
    "domestic_policy": "Domestic policy",
}
#: routine credits of one team over a game, shown as one step of its waterfall
ROUTINE_STEP = "Routine: income and rounding"


def r4(x: float) -> float:
    v = round(float(x), DIGITS)
    return 0.0 if v == 0 else v


def _order(item: tuple[Cause, float]) -> tuple:
    """Largest first; ties in a fixed order (origin, id, team, round) so the same game always
    lists its causes the same way."""
    c, v = item
    return (-abs(round(v, 9)), ORIGINS.index(c.origin) if c.origin in ORIGINS else len(ORIGINS),
            c.id, c.team or "", c.round)


def merge(credits) -> list[tuple[Cause, float]]:
    """Add up credits per cause; drop what rounds to zero; largest first."""
    total: dict[Cause, float] = {}
    for c, v in credits:
        total[c] = total.get(c, 0.0) + v
    return sorted(((c, v) for c, v in total.items() if abs(r4(v)) > 0), key=_order)


def game_key(cause: Cause) -> Cause:
    """A cause over the whole game: the same card by the same team, or the same shock, in any
    round is one thing (its rounds are listed where it is worded)."""
    return Cause(cause.origin, cause.id, cause.team, 0)


def game_totals(history, team: str, indicator: str = "score") -> list[tuple[Cause, float, list]]:
    """(cause, total, rounds) for `team`'s `indicator` over the game, largest first."""
    total: dict[Cause, float] = {}
    rounds: dict[Cause, list[int]] = {}
    for rec in history:
        for c, v in rec.causes.get(team, {}).get(indicator, ()):
            k = game_key(c)
            total[k] = total.get(k, 0.0) + v
            if c.round and c.round not in rounds.setdefault(k, []):
                rounds[k].append(c.round)
    return [(c, v, sorted(rounds.get(c, []))) for c, v in merge(total.items())]


def describe(scn, state, cause: Cause, value: float, team: str, rounds=None, rec=None) -> dict:
    """One credit as the templates see it: words, whose doing it was, and the amount. With
    `rec`, the credit is of that round and a cause from an earlier round says so (and whether
    it wore off or took effect then)."""
    kind = kind_title(scn, cause, team)
    # a joint card the team is party to: the kind says "joint card", so the title need not
    if rec is not None:
        label = cause_in_round(scn, state, cause, rec,
                               with_team=kind != KIND_TITLES["joint card"])
    elif kind == KIND_TITLES["joint card"]:
        label = card_title(scn, cause.id)
    else:
        label = cause_title(scn, state, cause)
    d = {
        "label": label,
        "kind": kind,
        "origin": cause.origin,
        "id": cause.id,
        "by": cause.team or "",
        "round": cause.round,
        "delta": r4(value),
        "routine": is_routine(cause),
    }
    if rounds is not None:
        d["rounds"] = list(rounds)
    return d


def kind_title(scn, cause: Cause, team: str) -> str:
    """"own card", "joint card", "another team's card", "shock", "retaliation"..."""
    kind = cause_kind(scn, cause, team)
    return KIND_TITLES.get(kind, kind)


def top_causes(scn, state, credits, team: str, limit: int | None = None, rec=None) -> list[dict]:
    """The non-routine causes of one indicator in one round, merged and largest first. With
    the round's record `rec`, a card or shock keeps the round it came in (the ban of round 3
    and its end in round 5 are worded as such); without it, the same card or shock in any
    round is one cause."""
    key = (lambda c: c) if rec is not None else game_key
    items = [(c, v) for c, v in merge((key(c), v) for c, v in credits) if not is_routine(c)]
    if limit is not None:
        items = items[:limit]
    return [describe(scn, state, c, v, team, rec=rec) for c, v in items]


def refusal(scn, rec, team: str, card_id: str) -> dict:
    """A refused joint card and the partners who did not commit it: every partner that did
    commit it is refused along with it, so the partners missing from the refusals are the
    ones who stayed out (read from the record, not from the engine's sentence)."""
    world = scn.world
    card = scn.cards.get(card_id)
    partners = card.partners if card is not None else ()
    committed = {t for t in world.teams if any(x["card"] == card_id for x in rec.refused.get(t, []))}
    missing = [p for p in partners if p not in committed]
    reason = (f"{', '.join(missing)} did not commit" if missing
              else next((x["reason"] for x in rec.refused.get(team, []) if x["card"] == card_id), ""))
    return {"card": card_title(scn, card_id), "card_id": card_id, "reason": reason,
            "missing": missing}


__all__ = ["CATEGORY_TITLES", "ROUTINE_STEP", "SHOCK_ORIGINS", "card_title", "describe",
           "game_totals", "kind_title", "merge", "r4", "refusal", "shock_title", "team_name",
           "top_causes"]
