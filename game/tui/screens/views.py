"""The text of each phase view, built from the game handle: briefing, shocks, debrief, end."""

from __future__ import annotations

from ...core.world import ACTOR_NAMES, TEAMS
from ..text import esc, num, reflow, shock_text

PHASE_TITLES = {"briefing": "Briefing", "shock": "Shocks", "decisions": "Decisions",
                "adjudication": "Adjudication", "debrief": "Debrief", "over": "Game over"}


def intelligence(handle, for_team: str | None = None) -> str:
    """Next round's known shocks, for the teams with early warning only."""
    st, scn = handle.state, handle.scenario
    nxt = st.round + 1
    warned = handle.warned()
    if nxt > scn.rounds:
        return "[b]Intelligence[/b]: this is the last round."
    if not warned:
        return "[b]Intelligence[/b]: no team has early warning; next round's shocks are unknown."
    if for_team is not None and for_team not in warned:
        return f"[b]Intelligence[/b]: {for_team} has no early warning; next round's shocks are unknown."
    who = for_team or ", ".join(warned)
    known = handle.shocks_for(nxt)
    if not known:
        body = "nothing known to be coming yet."
    else:
        body = "\n".join(f" • {esc(s.title)} ({h.origin})" for h, s in known)
    return f"[b]Intelligence for {who} only[/b] (early warning), round {nxt}:\n{body}"


def briefing_text(handle) -> str:
    st, scn = handle.state, handle.scenario
    lines = [f"[b]Round {st.round} of {scn.rounds}: briefing[/b]", ""]
    if st.round == 1 or not st.history:
        lines += [esc(reflow(scn.briefing)), ""]
        teams = handle.human_teams() if handle.mode == "solo" else list(TEAMS)
        for t in teams:
            setup = scn.teams[t]
            lines.append(f"[b]{ACTOR_NAMES[t]} ({t})[/b]: {esc(setup.objective)}")
            if handle.mode == "solo" and setup.briefing:
                lines.append(esc(reflow(setup.briefing)))
        lines.append("")
    else:
        rec = st.history[-1]
        lines.append(f"[b]Last round (round {rec.round})[/b]")
        if rec.shocks:
            lines.append("Shocks: " + "; ".join(esc(s["title"]) for s in rec.shocks))
        for t in TEAMS:
            plays = rec.plays.get(t) or []
            titles = [scn.cards[c].title for c in plays if c in scn.cards]
            lines.append(f"  {t:<6} {esc(', '.join(titles)) if titles else '[dim]passed[/dim]'}"
                         f"   score {num(rec.indicators[t]['score'])}")
        lines.append("")
    active = [ae for ae in st.active if ae.on]
    pending = [ae for ae in st.active if not ae.on]
    if active:
        labels = sorted({ae.label for ae in active})
        lines.append("[b]In force[/b]: " + "; ".join(esc(x) for x in labels))
    if pending:
        labels = sorted({f"{ae.label} (round {ae.start})" for ae in pending})
        lines.append("[b]Still to land[/b]: " + "; ".join(esc(x) for x in labels))
    lines += ["", intelligence(handle, handle.human if handle.mode == "solo" else None)]
    notes = handle.notes(st.round)
    if notes:
        lines += ["", "[b]Notes this round[/b]"] + [f" • [{n['kind']}] {esc(n['text'])}" for n in notes]
    lines += ["", "[dim]Press n to reveal this round's shocks.[/dim]"]
    return "\n".join(lines)


def shocks_text(handle) -> str:
    st = handle.state
    known = handle.shocks_for(st.round)
    lines = [f"[b]Round {st.round}: shocks[/b]", ""]
    if not known:
        lines.append("No shock hits this round. Count yourselves lucky.")
    for hit, shock in known:
        lines += [shock_text(shock, hit.origin, hit.note), ""]
    lines.append("[dim]Press n to open decisions.[/dim]")
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
    for t in TEAMS:
        titles = [scn.cards[c].title for c in rec.plays.get(t) or [] if c in scn.cards]
        out.append(f"{t}: {esc(', '.join(titles)) if titles else 'passed'}")
    return " │ ".join(out)
