"""Command palette entries for every action: whatever the current screen and the app bind.

Reading the bindings at search time means a binding added to a screen is in the palette with
no second list to keep in step.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ChokepointCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        out: list[tuple[str, str, object]] = []
        seen: set[str] = set()
        extra = getattr(screen, "PALETTE", ())
        for node in (screen, self.app):
            for binding in getattr(type(node), "BINDINGS", ()):
                if not hasattr(binding, "action") or binding.action in seen:
                    continue
                if binding.action.startswith(("app.quit", "command_palette")):
                    continue
                name, _, _ = binding.action.partition("(")
                allows = getattr(screen, "role_allows", None)
                if node is screen and allows is not None and not allows(name):
                    continue  # not this role's: a seat never sees the facilitator's controls
                seen.add(binding.action)
                key = binding.key_display or binding.key.split(",")[0]
                title = binding.description or binding.action.replace("_", " ")
                help_ = getattr(binding, "tooltip", "") or f"key: {key}"
                out.append((title, help_, partial(node.run_action, binding.action)))
        for title, help_, action in extra:
            out.append((title, help_, partial(screen.run_action, action)))
        return out

    async def discover(self) -> Hits:
        for title, help_, cb in self._commands():
            yield DiscoveryHit(title, cb, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_, cb in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), cb, help=help_)
