"""Bots choose a team's plays from what that team may see. See `base.py` for the interface and
`view.py` for what a team may see.

    random      any affordable set of legal plays (the default of `play_to_end`)
    heuristic   readable rules: buys the cards worth most to its objective, within budget
    lookahead   simulates its best candidate plays to the end over sampled shocks (< 1 s)
    pass        plays nothing: the baseline for scripted and counterfactual comparisons
"""

from __future__ import annotations

from .base import Bot, bot_rng
from .heuristic import HeuristicBot
from .lookahead import LookaheadBot
from .pass_bot import PassBot
from .random_bot import RandomBot
from .view import fast_clone, sees_next_shocks, team_view

#: name -> bot class. The TUI and the CLI list bots from here; add a bot by adding it here.
BOTS: dict[str, type[Bot]] = {
    "random": RandomBot,
    "heuristic": HeuristicBot,
    "lookahead": LookaheadBot,
    "pass": PassBot,
}

DEFAULT_BOT = "heuristic"


def make_bot(name: str) -> Bot:
    try:
        return BOTS[name]()
    except KeyError:
        raise ValueError(f"unknown bot '{name}' (bots: {', '.join(sorted(BOTS))})") from None


def parse_bots(spec: str | None, default: str = DEFAULT_BOT,
               teams: tuple[str, ...] | None = None) -> dict[str, Bot]:
    """`"KOR=lookahead,CHN=random"` -> a bot for every team of `teams` (the scenario's,
    `scn.world.teams`; the default world's when not given); teams not named get `default`.

    A bare bot name (`"random"`) sets every team. Raises ValueError naming the bad part."""
    if teams is None:
        from ..content.worlds import default_world

        teams = default_world().teams
    names = dict.fromkeys(teams, default)
    if default not in BOTS:
        raise ValueError(f"unknown bot '{default}' (bots: {', '.join(sorted(BOTS))})")
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            if part in BOTS:
                names = dict.fromkeys(teams, part)
                continue
            raise ValueError(f"bad bot setting '{part}': write TEAM=BOT, "
                             f"e.g. KOR=lookahead (bots: {', '.join(sorted(BOTS))})")
        team, bot = (x.strip() for x in part.split("=", 1))
        if team.upper() not in teams:
            raise ValueError(f"unknown team '{team}' in --bots (teams: {', '.join(teams)})")
        if bot not in BOTS:
            raise ValueError(f"unknown bot '{bot}' for {team.upper()} (bots: {', '.join(sorted(BOTS))})")
        names[team.upper()] = bot
    return {t: make_bot(n) for t, n in names.items()}


def bot_names(bots: dict[str, Bot]) -> dict[str, str]:
    return {t: b.name for t, b in bots.items()}


__all__ = [
    "BOTS",
    "DEFAULT_BOT",
    "Bot",
    "HeuristicBot",
    "LookaheadBot",
    "RandomBot",
    "bot_names",
    "bot_rng",
    "fast_clone",
    "make_bot",
    "parse_bots",
    "sees_next_shocks",
    "team_view",
]
