"""The random bot: any affordable set of legal plays, uniformly over how many to play."""

from __future__ import annotations

from ..core.rules import random_commit
from .base import Bot, bot_rng


class RandomBot(Bot):
    name = "random"
    description = "any affordable set of legal cards, at random"

    def choose(self, scn, state, team):
        """`rules.random_commit` with the team's own stream for the round (bot_rng)."""
        return random_commit(scn, state, team, bot_rng(state, team))
