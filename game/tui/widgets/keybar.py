"""A light footer for the game screen: the bindings that apply now, each one clickable.

Textual's Footer rebuilds a widget per key whenever focus or bindings change; on the game
screen that happens at every phase and cost most of a key press's time. This bar is one
Static whose text is rebuilt only when the set of active bindings changes.
"""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $foreground; overflow: hidden; }
    """

    def show(self, screen) -> None:
        parts = []
        seen = set()
        for ab in screen.active_bindings.values():
            b = ab.binding
            if not b.show or b.action in seen:
                continue
            seen.add(b.action)
            ns = "app" if isinstance(ab.node, App) else "screen"
            shown = b.key_display or self.app.get_key_display(b)
            action = b.action.replace('"', "'")
            if ab.enabled:
                parts.append(f"[@click={ns}.{action}][b $accent]{shown}[/] {b.description}[/]")
            else:
                parts.append(f"[dim]{shown} {b.description}[/]")
        parts.append("[b $accent]^p[/] palette")
        text = "  ".join(parts)
        if text != getattr(self, "_text", None):
            self._text = text
            self.update(text)
