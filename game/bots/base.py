"""The bot interface: a bot sees one team's view of the game and returns that team's plays."""

from __future__ import annotations

from ..core.chance import Draws
from ..core.scenario import Scenario
from ..core.state import GameState


def bot_rng(state: GameState, team: str, purpose: str = "bot") -> Draws:
    """A bot's randomness derives from the game's seed, the round and the team, so a resumed
    game chooses exactly what the uninterrupted one chose (a cheap keyed stream: chance.py)."""
    return Draws(state.seed, f"{purpose}:{state.round}:{team}")


class Bot:
    name = "bot"

    def choose(self, scn: Scenario, state: GameState, team: str) -> tuple[str, ...]:
        """Cards `team` commits this round. Must be a legal commit (rules.commit_refusal)."""
        raise NotImplementedError
