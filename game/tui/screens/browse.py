"""Browsing: saved games to resume, and the decks (policy cards and shocks)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ..text import card_text, esc, shock_text


class ResumeScreen(Screen):
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.pop_screen", "Back", id="resume.back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="resume-info")
        yield OptionList(id="games")
        yield Footer()

    def on_mount(self) -> None:
        info = self.query_one("#resume-info", Static)
        store = self.app.store()
        self.games: list[dict] = []
        if store is None:
            info.update(self.app.store_error or
                        "Saves are not available in this build yet: games are played unsaved.")
            return
        try:
            self.games = list(store.games())
        except Exception as exc:  # noqa: BLE001
            info.update(f"[red]Could not read the saved games: {esc(str(exc))}[/]")
            return
        if not self.games:
            info.update("No saved games yet. Start a new game: it is saved as you play.")
            return
        info.update("Pick a game to resume (Enter).")
        ol = self.query_one("#games", OptionList)
        for i, g in enumerate(self.games):
            ol.add_option(Option(esc(describe_game(g)), id=str(i)))
        ol.highlighted = 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from ..game import resume_game

        g = self.games[int(event.option.id)]
        try:
            handle = resume_game(self.app.store(), g)
        except Exception as exc:  # noqa: BLE001
            self.query_one("#resume-info", Static).update(f"[red]Could not load it: {esc(str(exc))}[/]")
            return
        self.app.pop_screen()
        self.app.start_game(handle)


def describe_game(g: dict) -> str:
    gid = g.get("game_id", g.get("id", "?"))
    parts = [f"#{gid}"]
    for key in ("scenario", "scenario_id", "seed", "mode", "status", "round", "updated", "updated_at"):
        value = g.get(key)
        if value not in (None, ""):
            if key.startswith("updated"):
                value = str(value)[:16].replace("T", " ")
            parts.append(f"{key}: {value}")
    return "  ".join(parts)


class DecksScreen(Screen):
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.pop_screen", "Back", id="decks.back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="decks-body"):
            yield OptionList(id="deck-items")
            with VerticalScroll(id="deck-detail-pane"):
                yield Static("", id="deck-detail")
        yield Footer()

    def on_mount(self) -> None:
        from ...content.loader import build_card, build_shock

        lib = self.app.load_library()
        self.items: dict[str, str] = {}
        ol = self.query_one("#deck-items", OptionList)
        if lib.problems:
            self.query_one("#deck-detail", Static).update(
                "[red]The content has problems:[/]\n" + "\n".join(esc(str(p)) for p in lib.problems))
        for deck_id, (model, _src) in sorted(lib.decks.items()):
            ol.add_option(Option(f"[b]{esc(model.title)}[/b]", id=f"deck:{deck_id}", disabled=True))
            for c in model.cards:
                try:
                    card = build_card(c, model, lib.bibliography)
                    self.items[f"c:{c.id}"] = card_text(card, team=card.team)
                except Exception:  # noqa: BLE001, S112 - the start screen lists the problem
                    continue
                ol.add_option(Option(f"  {esc(c.title)}", id=f"c:{c.id}"))
            for s in model.shocks:
                try:
                    self.items[f"s:{s.id}"] = shock_text(build_shock(s, lib.bibliography))
                except Exception:  # noqa: BLE001, S112 - the start screen lists the problem
                    continue
                ol.add_option(Option(f"  ⚡ {esc(s.title)}", id=f"s:{s.id}"))
        ol.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        text = self.items.get(event.option.id)
        if text:
            self.query_one("#deck-detail", Static).update(text)
