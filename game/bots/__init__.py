"""Bots choose a team's plays from what that team may see. See `base.py` for the interface."""

from .base import Bot, bot_rng
from .random_bot import RandomBot

BOTS: dict[str, type[Bot]] = {"random": RandomBot}


def make_bot(name: str) -> Bot:
    try:
        return BOTS[name]()
    except KeyError:
        raise ValueError(f"unknown bot '{name}' (bots: {', '.join(sorted(BOTS))})") from None
