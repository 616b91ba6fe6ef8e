"""A team's hand: one line per card with its cost, what is selected and what is not playable."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.rules import card_refusal


def card_prompt(card, selected: bool, refusal: str | None, committed: bool = False) -> Text:
    if committed:
        mark, style = ("[✓] " if selected else "    "), ("bold" if selected else "dim")
    elif selected:
        mark, style = "[x] ", "bold"
    elif refusal:
        mark, style = " ✗  ", "dim"
    else:
        mark, style = "[ ] ", ""
    t = Text(mark, style=style)
    t.append(card.title, style=style)
    cost = f"  {card.cost:g}B" + (f" {card.political_capital:g}PC" if card.political_capital else "")
    t.append(cost, style="dim" if refusal and not selected else "cyan")
    if card.partners:
        t.append(" ⇄", style="magenta")
    return t


class HandList(OptionList):
    """Arrow keys move, Enter (or space, bound on the screen) toggles the highlighted card."""

    def show_hand(self, scn, state, team: str, selection: list[str], committed: tuple | None) -> None:
        hand = scn.teams[team].hand
        same = getattr(self, "_team", None) == team and self.option_count == len(hand)
        keep = self.highlighted if same else 0
        self._team = team
        options = []
        for cid in hand:
            card = scn.cards[cid]
            if committed is not None:
                prompt = card_prompt(card, cid in committed, None, committed=True)
            else:
                why = None if cid in selection else card_refusal(scn, state, team, cid)
                prompt = card_prompt(card, cid in selection, why)
            options.append(Option(prompt, id=cid))
        self.set_options(options)
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)

    def refresh_card(self, scn, state, team: str, cid: str, selection: list[str]) -> None:
        card = scn.cards[cid]
        why = None if cid in selection else card_refusal(scn, state, team, cid)
        self.replace_option_prompt(cid, card_prompt(card, cid in selection, why))
