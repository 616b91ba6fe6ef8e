"""Playing whole games without a screen, and the JSON shape of a played game.

`play_to_end` is shared by `chokepoint run`, `resume`, the Monte Carlo runner and the tests, so
a game played from the CLI and one played in a batch are the same game for the same seed.
"""

from __future__ import annotations

from .bots import Bot, RandomBot
from .core.rules import IllegalAction
from .core.scoring import ranking
from .core.state import Phase
from .session import Session

ROUND_TO = 4  # decimals in JSON: enough to explain, few enough to read


def play_to_end(session: Session, bots: dict[str, Bot] | None = None,
                stop_after_round: int | None = None, script=None,
                default: Bot | None = None) -> Session:
    """Drive the session with bots until the game is over (or round K has been debriefed).

    `script` (a `plays.ScriptedTeams`) chooses for the teams it names in a round; other teams
    are played by their bot in `bots`, else by `default` (random play unless given)."""
    bots = bots or {}
    default = default or RandomBot()
    scn = session.scenario
    teams = scn.world.teams
    # Phase members looked up once: on 3.11 `Phase.X` runs enum.py's descriptor each time
    decisions, debrief, over = Phase.DECISIONS, Phase.DEBRIEF, Phase.OVER
    while True:
        st = session.state
        phase = st.phase
        if phase is over:
            break
        if stop_after_round is not None and phase is debrief and st.round >= stop_after_round:
            break
        if phase is decisions:
            for team in teams:
                if st.teams[team].commit is None:
                    if script is not None and script.names(st.round, team):
                        chooser = script
                    else:
                        chooser = bots.get(team, default)
                    cards = chooser.choose(scn, session.state, team)
                    try:
                        session.commit(team, cards)
                    except IllegalAction as exc:  # a bot bug: say which bot, never pass silently
                        raise RuntimeError(f"bot for {team} chose an illegal commit: {exc}") from exc
        session.advance()
    return session


def _r(x: float) -> float:
    v = round(x, ROUND_TO)
    return 0.0 if v == 0 else v


def final_standings(session: Session) -> dict[str, dict]:
    ind = session.state.indicators
    teams = session.scenario.world.teams
    order = ranking(ind, teams)
    return {
        t: {
            "resilience": _r(ind[t]["resilience"]),
            "prosperity": _r(ind[t]["prosperity"]),
            "score": _r(ind[t]["score"]),
            "budget": _r(ind[t]["budget"]),
            "rank": order.index(t) + 1,
        }
        for t in teams
    }


def round_json(rec) -> dict:
    return {
        "round": rec.round,
        "shocks": rec.shocks,
        "plays": rec.plays,
        "refused": rec.refused,
        "chance": rec.chance,
        "teams": {
            t: {
                "indicators": {k: _r(v) for k, v in sorted(rec.indicators[t].items())},
                "deltas": {k: _r(v) for k, v in sorted(rec.deltas[t].items()) if _r(v) != 0},
                "causes": {
                    k: [c.to_dict(_r(d)) for c, d in lst if _r(d) != 0]
                    for k, lst in sorted(rec.causes.get(t, {}).items())
                },
            }
            for t in rec.indicators  # every team, in the world's order
        },
        "network": rec.network,
        "ended": [c.to_dict() for c in rec.ended],
        "landed": [c.to_dict() for c in rec.landed],
    }


def game_json(session: Session, game_id: str | None = None) -> dict:
    out = {
        "scenario": session.scenario.id,
        "seed": session.seed,
        "status": "finished" if session.over else "unfinished",
        "rounds_played": len(session.state.history),
        "rounds": [round_json(r) for r in session.state.history],
        "final": final_standings(session),
    }
    if game_id is not None:
        out["game_id"] = game_id
    return out
