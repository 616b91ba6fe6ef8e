"""How people read a cause: the one place that turns `Cause` records into words.

The core records causes as data (game/core/causes.py); the TUI and the report both word them
here, so a card renamed in a deck is renamed everywhere and nothing downstream ever parses a
label to find out what kind of cause it was.
"""

from __future__ import annotations

from .core.causes import BASELINE, INCOME, RESTOCK, ROUNDING, Cause

ROUTINE_TITLES = {
    INCOME: "Income for the round",
    BASELINE: "Shortfall the scenario starts with",
    RESTOCK: "Stock bought up to the scenario's target",
    ROUNDING: "Rounding",
}

KIND_TITLES = {
    "own card": "own card",
    "joint card": "joint card",
    "other team's card": "another team's card",
    "shock": "shock",
    "retaliation": "retaliation",
    "inject": "injected shock",
    "override": "facilitator override",
    "routine": "routine",
}


def possessive(name: str) -> str:
    """"Korea's", "the United States'": a name ending in s takes the apostrophe alone."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def team_name(scn, team: str | None) -> str:
    """The team's name in the scenario's world ("Korea"); its id with no scenario."""
    if scn is None:
        return team or ""
    return scn.world.actor_name(team or "")


def _shock(scn, state, shock_id: str):
    custom = getattr(state, "custom_shocks", None) or {}
    return custom.get(shock_id) or scn.shocks.get(shock_id)


def shock_title(scn, state, shock_id: str) -> str:
    shock = _shock(scn, state, shock_id)
    return shock.title if shock else shock_id


def card_title(scn, card_id: str) -> str:
    card = scn.cards.get(card_id)
    return card.title if card else card_id


def cause_title(scn, state, cause: Cause, with_team: bool = True) -> str:
    """A cause as a facilitator would say it: "Korea: Stockpile expansion", "Taiwan
    earthquake", "China retaliates: Informal boycott"."""
    o = cause.origin
    if o == "card":
        card = scn.cards.get(cause.id)
        title = card_title(scn, cause.id)
        if card is not None and card.joint:
            return f"{title} (joint)"
        return f"{team_name(scn, cause.team)}: {title}" if with_team and cause.team else title
    if o == "shock":
        return shock_title(scn, state, cause.id)
    if o == "retaliation":
        who = team_name(scn, cause.team)
        return f"{who} retaliates: {shock_title(scn, state, cause.id)}" if who else \
            f"Retaliation: {shock_title(scn, state, cause.id)}"
    if o == "inject":
        return f"Injected: {shock_title(scn, state, cause.id)}"
    if o == "override":
        return f"Facilitator override: {cause.id}"
    return ROUTINE_TITLES.get(cause.id, cause.id)


def cause_in_round(scn, state, cause: Cause, rec, with_team: bool = True) -> str:
    """A cause as credited in round `rec.round`: a card or shock from an earlier round says
    when it came in, and whether its effects ended or took effect this round (from the
    record's `ended` / `landed`), so a ban's end reads as such and not as the ban. Said as a
    fact of timing, not as the reason for the amount: the round a ban ends also carries what
    it still costs (stock drawn under it and not yet bought back)."""
    title = cause_title(scn, state, cause, with_team)
    if not cause.round or rec is None or cause.round >= rec.round:
        return title
    if cause in rec.ended:
        return f"{title} (round {cause.round}, ended)"
    if cause in rec.landed:
        return f"{title} (round {cause.round}, took effect)"
    return f"{title} (round {cause.round})"


def cause_kind(scn, cause: Cause, team: str) -> str:
    """Whose doing a cause was, seen from `team`: its own card, a joint card it is party to,
    another team's card, a shock, retaliation, an inject, an override, or routine."""
    if cause.origin == "card":
        card = scn.cards.get(cause.id)
        if card is not None and card.joint and team in card.partners:
            return "joint card"
        return "own card" if cause.team == team else "other team's card"
    return cause.origin


def is_routine(cause: Cause) -> bool:
    return cause.origin == "routine"


def goal_title(scn, goal) -> str:
    """A goal as a facilitator would say it: "Keep China's access to equipment
    (semiconductors) low", "Keep relations with Korea at 20 or above"."""
    if goal.kind == "deny":
        world = getattr(scn, "world", None)
        stage = world.stage_title(goal.sector, goal.stage) if world else goal.stage
        sector = world.sector_title(goal.sector) if world else goal.sector
        return f"Keep {possessive(team_name(scn, goal.rival))} access to {stage.lower()} ({sector.lower()}) low"
    return f"Keep relations with {team_name(scn, goal.partner)} at {goal.at_least:g} or above"


def goal_label(scn, goal, now: bool = False) -> str:
    """A goal's indicator in a list of indicators: "China's equipment access avg %" (what a
    deny goal is scored on), "China's equipment access now %" (`now`), "Relations with Korea"."""
    if goal.kind == "deny":
        world = getattr(scn, "world", None)
        stage = world.stage_title(goal.sector, goal.stage) if world else goal.stage
        which = "now" if now else "avg"
        return f"{possessive(team_name(scn, goal.rival))} {stage.lower()} access {which} %"
    return f"Relations with {team_name(scn, goal.partner)}"


def goal_measure(goal) -> str:
    """What a goal's indicator counts, for a table's header or a line's unit."""
    if goal.kind == "deny":
        return "access averaged over the rounds, % of needs"
    return "relations, -100 to 100"


# ---------------------------------------------------------------- effects -------------
def _who(world, actors, team: str | None = None) -> str:
    out = []
    for a in actors:
        if a == "self":
            out.append((world.actor_name(team) if world.has_actor(team) else "you") if team else "you")
        elif a == "partners":
            out.append("the partners")
        elif a == "all":
            out.append("every actor")
        elif a == "target":
            out.append("the team it answers")
        else:
            out.append(world.actor_name(a))
    if len(out) <= 1:
        return "".join(out)
    return ", ".join(out[:-1]) + " and " + out[-1]


def _where(world, e) -> str:
    sector = world.sector_title(e.sector).lower() if e.sector in world.sectors else "every sector"
    if e.stage:
        return f"{world.stage_title(e.sector, e.stage).lower()} ({sector})"
    return sector


def _pct(x: float) -> str:
    return f"{round(abs(x) * 100)}%"


def effect_text(e, team: str | None, world) -> str:
    """One effect in plain words (the terminal's card pane and the print kit), with its timing: "Cuts exports of equipment (semiconductors)
    from you and EU / Netherlands to China by 40%, for 4 rounds" (names from `world`)."""
    k = e.kind
    if k == "capacity":
        size = (f"{'+' if e.change >= 0 else '−'}{_pct(e.change)}" if e.change else "")
        if e.units:
            size = (size + " and " if size else "") + f"{e.units:+g} units"
        text = f"Capacity of {_who(world, e.actors, team)} at {_where(world, e)}: {size}"
    elif k == "trade":
        text = (f"Cuts exports of {_where(world, e)} from {_who(world, e.exporters, team)} to "
                f"{_who(world, e.importers, team)} by {_pct(e.change)}")
        if getattr(e, "announced", False):
            text += (" (announced now: buyers start re-sourcing and stocking up before it "
                     "lands)")
    elif k == "sourcing":
        text = f"{_who(world, e.actors, team)} moves {_pct(e.change)} of purchases of {_where(world, e)}"
        if e.away_from:
            text += f" away from {_who(world, e.away_from, team)}"
        if e.towards:
            text += f" towards {_who(world, e.towards, team)}"
    elif k == "stockpile":
        text = (f"{'Adds' if e.units >= 0 else 'Releases'} {abs(e.units):g} days of stock of "
                f"{_where(world, e)} for {_who(world, e.actors, team)}")
    elif k == "demand":
        text = (f"Demand of {_who(world, e.actors, team)} for {_where(world, e)}: "
                f"{'+' if e.change >= 0 else '−'}{_pct(e.change)}")
    elif k == "price":
        text = f"Price of {_where(world, e)}: {'+' if e.change >= 0 else '−'}{_pct(e.change)}"
    elif k == "relations":
        text = (f"Relations of {_who(world, e.actors, team)} with {_who(world, e.counterparts, team)}: "
                f"{e.change:+g}")
    elif k == "budget":
        text = f"Budget of {_who(world, e.actors, team)}: {e.units:+g} a round"
    elif k == "early_warning":
        text = (f"Early warning for {_who(world, e.actors, team)}: next round's shocks seen now, their "
                f"effect on its own supply chain softened by {_pct(e.change)}")
    else:
        text = k.replace("_", " ")
    timing = []
    if e.lag:
        timing.append(f"lands after {e.lag} round{'s' if e.lag != 1 else ''}")
    if e.duration:
        timing.append(f"for {e.duration} round{'s' if e.duration != 1 else ''}")
    return text + (f", {', '.join(timing)}" if timing else "") + "."


def effects_in_scenario(effects, team: str | None, scn) -> list[str]:
    """Each effect in plain words (`effect_text`), saying so when it acts on a sector the
    scenario does not model: a card shared by several games (Korea's stockpile adds chips and
    batteries) must not promise a chips-only game stock it will never draw."""
    out = []
    for e in effects:
        text = effect_text(e, team, scn.world)
        if e.sector is not None and e.sector in scn.world.sectors and e.sector not in scn.sectors:
            title = scn.world.sector_title(e.sector).lower()
            text = text[:-1] + f" (no effect in this game: it does not model {title})."
        out.append(text)
    return out
