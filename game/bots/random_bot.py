"""The random bot: any affordable set of legal plays, uniformly over how many to play."""

from __future__ import annotations

from ..core.rules import legal_plays
from .base import Bot, bot_rng


class RandomBot(Bot):
    name = "random"
    description = "any affordable set of legal cards, at random"

    def choose(self, scn, state, team):
        rng = bot_rng(state, team)
        options = legal_plays(scn, state, team)
        rng.shuffle(options)
        want = rng.randint(0, min(scn.max_plays_per_round, len(options)))
        ts = state.teams[team]
        budget, pc = ts.budget, ts.political_capital
        chosen: list[str] = []
        for cid in options:
            if len(chosen) >= want:
                break
            card = scn.cards[cid]
            if card.cost <= budget + 1e-9 and card.political_capital <= pc + 1e-9:
                chosen.append(cid)
                budget -= card.cost
                pc -= card.political_capital
        return tuple(chosen)
