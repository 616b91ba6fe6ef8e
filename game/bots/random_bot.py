"""The random bot: any affordable set of legal plays, uniformly over how many to play."""

from __future__ import annotations

from ..core.rules import legal_plays
from .base import Bot, bot_rng


class RandomBot(Bot):
    name = "random"
    description = "any affordable set of legal cards, at random"

    def choose(self, scn, state, team):
        rng = bot_rng(state, team)
        pool = legal_plays(scn, state, team)
        want = rng.randint(0, min(scn.max_plays_per_round, len(pool)))
        ts = state.teams[team]
        budget, pc = ts.budget + 1e-9, ts.political_capital + 1e-9
        chosen: list[str] = []
        # Draw cards one at a time without replacement (a random order, drawn only as far as
        # needed: shuffling the whole hand was a tenth of a random game's time).
        while pool and len(chosen) < want:
            cid = pool.pop(rng.randrange(len(pool)))
            card = scn.cards[cid]
            if card.cost <= budget and card.political_capital <= pc:
                chosen.append(cid)
                budget -= card.cost
                pc -= card.political_capital
        return tuple(chosen)
