"""Words and small glyphs for people: effects, shocks, cards, numbers and sparklines.

Pure functions over core objects, kept apart from widgets so tests and the help screen can use
them without a running app.
"""

from __future__ import annotations

from .. import wording
from ..core.cards import Card, Effect, Shock
from ..core.citations import short_form

BARS = "▁▂▃▄▅▆▇█"

INDICATOR_TITLES = {
    "score": "Score (par 50)",
    "resilience": "Resilience",
    "prosperity": "Prosperity index",
    "budget": "Budget",
    "political_capital": "Political capital",
}


def indicator_title(key: str, world=None) -> str:
    """An indicator's name on screen; a per-sector one names the sector by its title in the
    scenario's world ("Supply met % (Critical minerals)"), not its id."""
    if key in INDICATOR_TITLES:
        return INDICATOR_TITLES[key]
    head, _, sector = key.partition(".")
    base = {
        "resilience": "Resilience",
        "supply": "Supply met %",
        "stockpile_days": "Stockpile days",
        "prosperity": "Market share %",
    }.get(head, head)
    if not sector:
        return base
    w = _world(world)
    return f"{base} ({w.sector_title(sector) if sector in w.sectors else sector})"


def indicator_order(keys) -> list[str]:
    """Headline indicators first, then per-sector ones grouped by sector."""
    head = [k for k in ("score", "resilience", "prosperity", "budget", "political_capital") if k in keys]
    rest = sorted((k for k in keys if k not in head), key=lambda k: (k.partition(".")[2], k))
    return head + rest


def num(x: float) -> str:
    return f"{x:.1f}" if abs(x) < 1000 else f"{x:.0f}"


def signed(x: float) -> str:
    if abs(x) < 0.05:
        return "±0"
    return f"{x:+.1f}"


def delta_style(x: float) -> str:
    if abs(x) < 0.05:
        return "dim"
    return "green" if x > 0 else "red"


def sparkline(values: list[float], width: int | None = None) -> str:
    """A row of block glyphs, lowest value lowest bar; flat series draw a middle line."""
    if width is not None:
        values = values[-width:]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi - lo < 0.05:  # changes too small to read are drawn flat, not blown up to full height
        return BARS[3] * len(values)
    return "".join(BARS[round((v - lo) / (hi - lo) * (len(BARS) - 1))] for v in values)


def _actors(names, me: str | None = None) -> str:
    if me:
        names = [me if n == "self" else n for n in names]
    return ", ".join(names) if names else "-"


def _world(world):
    """The world names are read in: the scenario's, else the bundled default (a deck
    browsed with no scenario chosen)."""
    if world is not None:
        return world
    from ..content.worlds import default_world

    return default_world()


def stage_title(stage: str | None, world=None, sector: str | None = None) -> str:
    return "every stage" if stage is None else _world(world).stage_title(sector, stage)


def effect_text(e: Effect, me: str | None = None, world=None) -> str:
    """One effect in plain words (`me` names the team behind 'self'): the same wording as the
    print kit, from game/wording.py, so a card reads the same on screen and on paper."""
    return wording.effect_text(e, me, _world(world))


def card_costs(card: Card) -> str:
    pc = f" · {card.political_capital:g} PC" if card.political_capital else ""
    return f"{card.cost:g} budget{pc}"


def card_text(card: Card, played: int = 0, team: str | None = None, scn=None) -> str:
    """The full card for the detail pane (rich markup). With the scenario, the cards it
    requires and the shock it risks are named by their titles, not their ids."""
    def card_name(cid: str) -> str:
        return scn.cards[cid].title if scn is not None and cid in scn.cards else cid

    lines = [f"[b]{esc(card.title)}[/b]  [dim]{card.category}[/dim]", f"Cost: {card_costs(card)}"]
    if card.partners:
        lines.append(f"[b]Joint[/b] with {', '.join(card.partners)}: every partner must commit it this round")
    if card.requires:
        lines.append(f"Requires: {esc(', '.join(card_name(c) for c in card.requires))}")
    lines.append(f"Limit: {card.limit} a game (played {played})")
    lines.append("")
    lines.append("[b]Effects[/b]")
    if scn is not None:
        texts = wording.effects_in_scenario(card.effects, team, scn)
    else:
        texts = [effect_text(e, team, None) for e in card.effects]
    lines += [f" • {esc(t)}" for t in texts] or [" • none"]
    if card.retaliation:
        r = card.retaliation
        shock = scn.shocks[r.shock].title if scn is not None and r.shock in scn.shocks else r.shock
        lines.append(f"[yellow]Risk:[/yellow] {r.chance:.0%} that {r.by} answers with "
                     f"'{esc(shock)}'")
    if card.flavour:
        lines += ["", f"[i]{esc(card.flavour)}[/i]"]
    if card.source:
        lines.append(f"[dim]Source: {esc(short_form(card.source))}[/dim]")
    return "\n".join(lines)


def shock_text(shock: Shock, origin: str = "", note: str = "", world=None) -> str:
    head = f"[b]{esc(shock.title)}[/b]  [dim]{shock.category} · severity {shock.severity:g} · {shock.duration} round(s)[/dim]"
    lines = [head]
    if origin:
        lines.append(f"[dim]{origin}{': ' + esc(note) if note else ''}[/dim]")
    if shock.flavour:
        lines.append(f"[i]{esc(shock.flavour)}[/i]")
    lines += [f" • {esc(effect_text(e, world=world))}" for e in shock.effects]
    if shock.source:
        lines.append(f"[dim]Source: {esc(short_form(shock.source))}[/dim]")
    return "\n".join(lines)


_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {127: None} | {
    c: None for c in range(0x80, 0xA0)}


def esc(text: str) -> str:
    """Escape Rich/Textual markup in content text, and take out control characters (an ESC in
    a participant's note must not reach the terminal as an escape sequence)."""
    return text.translate(_CONTROL).replace("[", r"\[")


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of YAML prose into paragraphs the terminal wraps itself."""
    paras = [" ".join(line.strip() for line in p.splitlines()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paras if p)


PREVIEW_KEYS = (("score", "score"), ("resilience", "resilience"), ("prosperity", "prosperity"),
                ("budget", "budget"))


def preview_text(scn, state, team: str, card_id: str) -> str:
    """The card preview: what playing this card alone would change for the team by the end of
    the game, from the engine's replay of the rest of the game with and without it (known
    shocks only, no retaliation, other teams passing: the assumptions are printed too)."""
    from ..core.counterfactual import project

    effect = project(scn, state, team, (card_id,))
    parts = [f"{title} {signed(effect[key])}" for key, title in PREVIEW_KEYS if key in effect]
    return ("[b]If played alone[/b], by the end of the game: " + ", ".join(parts) +
            "\n[dim]known shocks only, no retaliation, other teams passing[/dim]")
