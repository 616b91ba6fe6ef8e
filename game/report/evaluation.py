"""HSEEP-shaped evaluation: each exercise objective the scenario declares, rated P/S/M/U from
the game's round records, with the reasons, and how often the same rating came out when the
teams' decisions were replayed under other shock draws.
"""

from __future__ import annotations

from ..core.objectives import RATINGS, check, rate
from ..wording import possessive
from .findings import rounds_text


def _indicator_words(world, indicator: str) -> str:
    head, _, sector = indicator.partition(".")
    title = world.sector_title(sector).lower() if sector in world.sectors else sector
    return {
        "supply": f"{title} supply (% of demand met)",
        "stockpile_days": f"{title} stock (days)",
        "resilience": f"{title} resilience" if sector else "resilience",
        "prosperity": f"{title} value added" if sector else "value added (start = 100)",
    }.get(head, head.replace("_", " "))


def _criterion_text(world, c) -> str:
    if c.text:
        return c.text
    bound = (f"at least {c.at_least:g}" if c.at_least is not None else f"at most {c.at_most:g}")
    if c.from_start:
        bound = (f"no more than {-c.at_least:g} below its start" if c.at_least is not None
                 and c.at_least < 0 else f"{bound} above its start" if c.at_least else
                 "at least its start" if c.at_least is not None else f"{bound} above its start")
    when = {"every_round": "in every round", "end": "at the end",
            "any_round": "in at least one round"}[c.when]
    return f"{possessive(world.actor_name(c.team))} {_indicator_words(world, c.indicator)} {bound} {when}"


def _on_start(worst: float) -> str:
    """`worst` as a change on the start, with the digits it takes to show it: a miss by a few
    hundredths printed at one decimal read "not met: \u22120.0 on its start", no change at all."""
    if worst != 0.0 and abs(worst) < 0.005:
        return f"less than 0.01 {'below' if worst < 0 else 'above'} its start"
    digits = 1 if worst == 0.0 or abs(worst) >= 0.05 else 2
    return f"{worst:+.{digits}f} on its start".replace("-", "\u2212")


def _reason(c, result: dict) -> str:
    if result["checked"] == 0:
        return "not measured: no round was played"
    worst = result["worst"]
    if c.from_start:
        w = _on_start(worst)
        if not result["failed"]:
            return f"met ({w})"
        return f"not met: {w}" + ("" if c.when == "end" else
                                  f" in round{'s' if len(result['failed']) > 1 else ''} "
                                  f"{rounds_text(result['failed'])}")
    if not result["failed"]:
        return f"met (worst {worst:.1f})"
    if c.when == "end":
        return f"not met: {worst:.1f} at the end"
    if c.when == "any_round":
        return f"not met in any round (best {worst:.1f})"
    return (f"not met in round{'s' if len(result['failed']) > 1 else ''} "
            f"{rounds_text(result['failed'])} (worst {worst:.1f})")


def evaluate(scn, history, replays=None, start=None) -> list[dict]:
    """Every objective with its rating, the official wording, each criterion with its reason,
    and (given replays) the share of replays rated the same or better."""
    out = []
    order = list(RATINGS)
    for o in scn.objectives:
        crits = []
        shares = []
        for c in o.criteria:
            res = check(c, history, start)
            shares.append(res["met"])
            crits.append({"text": _criterion_text(scn.world, c), "met": not res["failed"] and res["checked"] > 0,
                          "reason": _reason(c, res)})
        rating = rate(shares) if history else "U"
        item = {"id": o.id, "title": o.title, "capability": o.capability, "rating": rating,
                "rating_text": RATINGS[rating], "criteria": crits,
                "why": "; ".join(f"{c['text']}: {c['reason']}" for c in crits) + "."}
        if replays is not None and replays.n and history:
            counts = dict.fromkeys(order, 0)
            for st in replays.states:
                counts[rate([check(c, st.history, start)["met"] for c in o.criteria])] += 1
            item["replays"] = [{"rating": r, "share": round(counts[r] / replays.n, 4)}
                               for r in order]
            item["replays_same_or_better"] = round(
                sum(counts[r] for r in order[:order.index(rating) + 1]) / replays.n, 4)
        out.append(item)
    return out
