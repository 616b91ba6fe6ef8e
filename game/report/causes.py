"""How the report words what the engine records: cause labels, shock and card titles.

Shared by the report model (the data) and the findings (the judgements drawn from it).
"""

from __future__ import annotations

import re

from ..core.world import TEAMS

DIGITS = 4
ORIGINS = {
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
ROUTINE = {
    "Stockpiles used last round": "Stockpiles drawn down last round",
    "Income for next round": "Income for next round",
    "Subsidies and levies": "Subsidies and levies",
    "Other": "Other (rounding)",
}


def r4(x: float) -> float:
    v = round(float(x), DIGITS)
    return 0.0 if v == 0 else v


# ---------------------------------------------------------------- causes ----------------
def cause_key(label: str) -> str:
    """One name per thing that moves a score: a card's landing is the card itself."""
    return label.removeprefix("Lands: ")


def cause_kind(label: str, team: str) -> str:
    key = cause_key(label)
    if key.startswith("Ends: "):
        return "effect ended"
    if key.startswith("Shock: "):
        return "shock"
    if key.startswith("Facilitator override: "):
        return "override"
    head, sep, _ = key.partition(": ")
    if sep and head in TEAMS:
        return "own card" if head == team else "other team's card"
    return "routine"


def cause_label(label: str) -> str:
    key = cause_key(label)
    if key.startswith("Ends: Shock: "):
        return "Shock over: " + key[len("Ends: Shock: "):]
    if key.startswith("Ends: "):
        return "Expired: " + key[len("Ends: "):]
    return ROUTINE.get(key, key)


def _causes(lst, limit: int | None = None) -> list[dict]:
    """Merge causes of one indicator in one round by name, largest first."""
    merged: dict[str, float] = {}
    for label, d in lst:
        k = cause_key(label)
        merged[k] = merged.get(k, 0.0) + d
    items = [(k, v) for k, v in merged.items() if abs(r4(v)) > 0]
    items.sort(key=lambda kv: (-abs(round(kv[1], 9)), kv[0]))
    if limit is not None:
        items = items[:limit]
    return [{"label": cause_label(k), "delta": r4(v)} for k, v in items]




def _shock(scn, state, shock_id):
    return state.custom_shocks.get(shock_id) or scn.shocks.get(shock_id)


_JOINT = re.compile(r"^.+ is joint: (?P<who>.+) did not commit it this round\.?$")



def short_reason(reason: str) -> str:
    """The engine's refusal, without repeating the card's name."""
    m = _JOINT.match(reason)
    return f"{m.group('who')} did not commit" if m else reason



def _shock_title(scn, state, shock_id: str) -> str:
    shock = _shock(scn, state, shock_id)
    return shock.title if shock else shock_id



def _card_title(scn, cid: str) -> str:
    card = scn.cards.get(cid)
    return card.title if card else cid


