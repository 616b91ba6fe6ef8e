"""Scripted plays: a file that says which cards each team plays in which round.

For analysts and tests: `chokepoint run SCENARIO --plays FILE` plays exactly these cards (teams
not named pass, or are played by `--bots`), so two policies can be compared on the same shock
draws. The file is YAML or JSON, mapping round -> team -> list of card ids:

    1:
      USA: [usa_october_export_rules]
    2:
      KOR: [kor_stockpile_expansion]

Mistakes in the file (an unknown round, team or card) are `file:line: message` errors; a play the
rules refuse during the game (over budget, already played) is reported with its reason, never
dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content.yamlsrc import ContentError, Problem, did_you_mean, read_yaml
from .core.rules import IllegalAction, commit_refusal
from .core.scenario import Scenario

Script = dict[int, dict[str, tuple[str, ...]]]


@dataclass(slots=True)
class ScriptRefusal:
    round: int
    team: str
    card: str
    reason: str

    def to_dict(self) -> dict:
        return {"round": self.round, "team": self.team, "card": self.card, "reason": self.reason}


def load_plays(path: Path, scn: Scenario) -> Script:
    """Read and check a plays file against the scenario; ContentError lists every problem."""
    src = read_yaml(Path(path))
    problems: list[Problem] = []

    def bad(keys: tuple, message: str) -> None:
        problems.append(Problem(src.file, src.line(keys), "", message))

    data = src.data
    if not isinstance(data, dict):
        raise ContentError([Problem(src.file, 1, "", "a plays file maps round -> team -> "
                                    "list of card ids")])
    out: Script = {}
    for rkey, teams in data.items():
        rnd = rkey if isinstance(rkey, int) and not isinstance(rkey, bool) else None
        if rnd is None and isinstance(rkey, str) and rkey.strip().isdigit():
            rnd = int(rkey)
        if rnd is None or not 1 <= rnd <= scn.rounds:
            bad((rkey,), f"unknown round {rkey!r}: {scn.title} has rounds 1-{scn.rounds}")
            continue
        if not isinstance(teams, dict):
            bad((rkey,), f"round {rnd}: expected team -> list of card ids")
            continue
        for team, cards in teams.items():
            if team not in scn.teams:
                bad((rkey, team), f"unknown team {team!r} (teams: {', '.join(scn.world.teams)})")
                continue
            if isinstance(cards, str):
                cards = [cards]
            if not isinstance(cards, list) or not all(isinstance(c, str) for c in cards):
                bad((rkey, team), f"round {rnd}, {team}: expected a list of card ids")
                continue
            for i, c in enumerate(cards):
                if c not in scn.cards:
                    bad((rkey, team, i), f"unknown card {c!r} in round {rnd} for {team}"
                                         f"{did_you_mean(c, scn.teams[team].hand)}")
                elif c not in scn.teams[team].hand:
                    bad((rkey, team, i), f"{scn.cards[c].title} ({c}) is not in {team}'s hand "
                                         f"in {scn.title}")
            out.setdefault(rnd, {})[team] = tuple(cards)
    if problems:
        raise ContentError(problems)
    return out


@dataclass(slots=True)
class ScriptedTeams:
    """Chooses for the teams a script names: its cards, less any the rules refuse (each kept
    with its reason)."""

    script: Script
    refused: list[ScriptRefusal] = field(default_factory=list)

    def names(self, rnd: int, team: str) -> bool:
        return team in self.script.get(rnd, {})

    def choose(self, scn: Scenario, state, team: str) -> tuple[str, ...]:
        keep: list[str] = []
        for c in self.script.get(state.round, {}).get(team, ()):
            why = commit_refusal(scn, state, team, (*keep, c))
            if why is None:
                keep.append(c)
            else:
                self.refused.append(ScriptRefusal(state.round, team, c, why))
        return tuple(keep)


__all__ = ["IllegalAction", "ScriptRefusal", "ScriptedTeams", "load_plays"]
