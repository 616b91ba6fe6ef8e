"""The text of each phase view, from what one role may see (`core.view.View`).

Every function here takes a `View`, so what a screen can print is decided by the core's rule
(`game.core.view`) and never by the screen: the projector and a shared hot-seat screen get the
projector's view, a team's seat its own, the facilitator's console everything.
"""

from __future__ import annotations

from ...core.rules import shock_by_id
from ...core.view import View, in_force
from ...wording import cause_title
from ..text import esc, num, reflow, shock_text

PHASE_TITLES = {"briefing": "Briefing", "shock": "Shocks", "decisions": "Decisions",
                "adjudication": "Adjudication", "debrief": "Debrief", "over": "Game over"}


def team_name(world, team: str) -> str:
    """"Korea (KOR)"; an id the world does not know stands alone."""
    return f"{world.actor_name(team)} ({team})" if world.has_actor(team) else team


def effect_title(scn, state, ae) -> str:
    """Who brought an active effect in, for people: a card with its team, or a shock."""
    return cause_title(scn, state, ae.cause)


def intelligence(scn, state, v: View) -> str:
    """Next round's known shocks, for a role whose early warning is in force (or the console)."""
    nxt = v.round + 1
    if nxt > v.rounds:
        return "[b]Intelligence[/b]: this is the last round."
    if not v.warned:
        if v.role.kind == "team":
            return (f"[b]Intelligence[/b]: {v.role.team} has no early warning; next round's "
                    "shocks are unknown.")
        return "[b]Intelligence[/b]: no early warning; next round's shocks are unknown."
    who = ", ".join(v.warned)
    if not v.intelligence:
        body = "nothing known to be coming yet."
    else:
        body = "\n".join(f" • {esc(shock_by_id(scn, state, h.shock_id).title)} ({h.origin})"
                         for h in v.intelligence)
    return f"[b]Intelligence for {who} only[/b] (early warning), round {nxt}:\n{body}"


def briefing_text(handle, v: View, solo_team: str | None = None) -> str:
    """The briefing. Private parts (intelligence, notes) only where `v` allows them; a shared
    screen passes the projector's view and shows neither."""
    st, scn = v.state, handle.scenario
    lines = [f"[b]Round {v.round} of {v.rounds}: briefing[/b]", ""]
    if v.round == 1 or not st.history:
        lines += [esc(reflow(scn.briefing)), ""]
        teams = [solo_team] if solo_team else list(scn.world.teams)
        for t in teams:
            setup = scn.teams[t]
            lines.append(f"[b]{team_name(scn.world, t)}[/b]: {esc(setup.objective)}")
            if solo_team and setup.briefing:
                lines.append(esc(reflow(setup.briefing)))
        lines.append("")
    else:
        rec = st.history[-1]
        lines.append(f"[b]Last round (round {rec.round})[/b]")
        if rec.shocks:
            lines.append("Shocks: " + "; ".join(esc(s["title"]) for s in rec.shocks))
        for t in scn.world.teams:
            plays = rec.plays.get(t) or []
            titles = [scn.cards[c].title for c in plays if c in scn.cards]
            lines.append(f"  {t:<6} {esc(', '.join(titles)) if titles else '[dim]passed[/dim]'}"
                         f"   score {num(rec.indicators[t]['score'])}")
        lines.append("")
    now = sorted({effect_title(scn, st, ae) for ae in st.active if in_force(ae, v.round)})
    later = sorted({f"{effect_title(scn, st, ae)} (round {ae.start})"
                    for ae in st.active if ae.start > v.round})
    if now:
        lines.append("[b]In force[/b]: " + "; ".join(esc(x) for x in now))
    if later:
        lines.append("[b]Still to land[/b]: " + "; ".join(esc(x) for x in later))
    if v.role.kind != "projector":
        lines += ["", intelligence(scn, st, v)]
    if v.notes:
        notes = [n for n in v.notes if n["round"] == v.round]
        if notes:
            lines += ["", "[b]Notes this round[/b] (this console only)"] + [
                f" • {esc('[' + n['kind'] + ']')} {esc(n['text'])}" for n in notes]
    return "\n".join(lines)


def shocks_text(handle, v: View) -> str:
    lines = [f"[b]Round {v.round}: shocks[/b]", ""]
    if not v.shocks:
        lines.append("No shock hits this round. Count yourselves lucky.")
    for hit in v.shocks:
        shock = shock_by_id(handle.scenario, v.state, hit.shock_id)
        lines += [shock_text(shock, hit.origin, hit.note, handle.scenario.world), ""]
    return "\n".join(lines)


def commit_board(v: View, world) -> str:
    """Who has committed (public) and, where the view allows, what."""
    lines = []
    for t in world.teams:
        if t in v.committed:
            what = v.commits.get(t)
            tail = "" if what is None else f"  {len(what)} card(s)" if what else "  a pass"
            lines.append(f"[green]✓ {team_name(world, t)} has committed[/]{tail}")
        else:
            lines.append(f"… {team_name(world, t)} is deciding")
    return "\n".join(lines)


def debrief_head(handle) -> str:
    st, scn = handle.state, handle.scenario
    if not st.history:
        return "No round has been adjudicated yet."
    rec = st.history[-1]
    parts = [f"[b]Round {rec.round} debrief[/b]"]
    if rec.shocks:
        parts.append("shocks: " + "; ".join(esc(s["title"]) for s in rec.shocks))
    hits = [c for c in rec.chance if c.get("hit")] if rec.round < scn.rounds else []
    if hits:
        parts.append("[yellow]retaliation coming: " + "; ".join(
            f"{c['by']} answers {c['team']}" for c in hits) + "[/]")
    return " · ".join(parts)


def plays_text(handle) -> str:
    rec = handle.state.history[-1] if handle.state.history else None
    if rec is None:
        return ""
    scn = handle.scenario
    out = []
    for t in scn.world.teams:
        titles = [scn.cards[c].title for c in rec.plays.get(t) or [] if c in scn.cards]
        out.append(f"{t}: {esc(', '.join(titles)) if titles else 'passed'}")
    return " │ ".join(out)
