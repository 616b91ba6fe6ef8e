"""Recommendations from policy content: a card's or shock's `lesson` (what the real-world policy
teaches, authored from the sources), addressed to the kind of organisation that would act on it.

A recommendation in an after-action brief must be something an official can take to an
office: "a trade ministry should ...", not "play joint cards earlier". So the report never
writes advice about the game; it quotes the lesson the content's authors drew from the
sources, and names who would act from what the instrument is (a joint measure is an alliance's
business, an export control a trade ministry's, a stockpile an economic-security agency's).
"""

from __future__ import annotations

from ..core.citations import short_form

#: who acts on an instrument, by the first effect kind that says so (most specific first)
ADDRESSEES = (
    ("trade", "Trade ministry (export-control authority)"),
    ("early_warning", "Alliance supply-chain working group"),
    ("stockpile", "Economic-security agency (strategic stockpiles)"),
    ("sourcing", "Industry association and major buyers"),
    ("capacity", "Industry ministry and industry association"),
    ("price", "Trade ministry"),
    ("demand", "Industry association"),
    ("budget", "Finance ministry"),
    ("relations", "Foreign ministry"),
)
JOINT = "Alliance working group (the partners' trade and industry ministries)"
SHOCK_CATEGORY = {
    "geopolitics": "Foreign and trade ministries",
    "technology": "Industry ministry and industry association",
    "domestic_economics": "Economy ministry and industry association",
    "domestic_policy": "Economic-security council",
}


def find_shock(scn, state, shock_id: str):
    custom = getattr(state, "custom_shocks", None) or {}
    return custom.get(shock_id) or scn.shocks.get(shock_id)


def addressee_for_card(card) -> str:
    if card.joint:
        return JOINT
    kinds = {e.kind for e in card.effects}
    for kind, who in ADDRESSEES:
        if kind in kinds:
            return who
    return "Government"


def addressee_for_shock(shock) -> str:
    kinds = {e.kind for e in shock.effects}
    if "trade" in kinds:
        return "Trade ministry and industry association"
    return SHOCK_CATEGORY.get(shock.category, "Government")


def _source(item) -> str:
    try:
        return short_form(item.source) if item.source else ""
    except (TypeError, ValueError, KeyError):
        return ""


def recommendation_for_card(scn, card_id: str, team: str) -> dict | None:
    card = scn.cards.get(card_id)
    lesson = getattr(card, "lesson", "") if card is not None else ""
    if not lesson:
        return None
    return {"text": " ".join(lesson.split()), "source": _source(card),
            "addressee": addressee_for_card(card)}


def recommendation_for_shock(scn, state, shock_id: str, team: str) -> dict | None:
    shock = find_shock(scn, state, shock_id)
    lesson = getattr(shock, "lesson", "") if shock is not None else ""
    if not lesson:
        return None
    return {"text": " ".join(lesson.split()), "source": _source(shock),
            "addressee": addressee_for_shock(shock)}
