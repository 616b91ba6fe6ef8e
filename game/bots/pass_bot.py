"""The passing bot: plays nothing. The baseline a scripted or counterfactual game is compared
with, and what `run --plays` gives the teams a plays file does not name."""

from __future__ import annotations

from .base import Bot


class PassBot(Bot):
    name = "pass"
    description = "plays nothing (a baseline for comparisons)"

    def choose(self, scn, state, team):
        return ()
