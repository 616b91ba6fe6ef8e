"""The fixed vocabulary of the world: actors, teams, sectors and their stages.

These are code, not content, because the rules reason about them (which stage gates which,
what a stage is worth) and the content validator needs a closed list to reject typos such as
`fabriction` or `KOREA` with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The five player teams, in the fixed order used for resolution and tie-breaking.
TEAMS: tuple[str, ...] = ("KOR", "JPN", "USA", "CHN", "ASEAN")

#: Non-player actors the world needs: they hold capacity and can be hit by shocks.
NON_PLAYER_ACTORS: tuple[str, ...] = ("TWN", "EU", "ROW")

ACTORS: tuple[str, ...] = TEAMS + NON_PLAYER_ACTORS

ACTOR_NAMES: dict[str, str] = {
    "KOR": "Korea",
    "JPN": "Japan",
    "USA": "United States",
    "CHN": "China",
    "ASEAN": "ASEAN",
    "TWN": "Taiwan",
    "EU": "EU / Netherlands",
    "ROW": "Rest of world",
}


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a sector's chain.

    `inputs` are the stages a producer must itself have access to before it can produce here:
    a fab without materials, equipment and designs stands idle, and that is how a shortfall
    travels down the chain. `value` is the stage's share of the sector's value added, used for
    market share. A non-gating stage (recycling) does not stop consumption when it fails; it
    `relieves` another stage by topping up access to it.
    """

    name: str
    value: float
    inputs: tuple[str, ...] = ()
    gating: bool = True
    relieves: tuple[str, float] | None = None


@dataclass(frozen=True, slots=True)
class Sector:
    name: str
    title: str
    stages: tuple[Stage, ...]

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    @property
    def gating_names(self) -> tuple[str, ...]:
        return _GATING[self.name]

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)


SECTORS: dict[str, Sector] = {
    "semiconductors": Sector(
        "semiconductors",
        "Semiconductors",
        (
            Stage("materials", 0.10),
            Stage("equipment", 0.15),
            Stage("design", 0.30),
            Stage("fabrication", 0.30, inputs=("materials", "equipment", "design")),
            Stage("atp", 0.15, inputs=("fabrication", "materials")),
        ),
    ),
    "batteries": Sector(
        "batteries",
        "Batteries",
        (
            Stage("raw_materials", 0.15),
            Stage("recycling", 0.05, gating=False, relieves=("raw_materials", 0.25)),
            Stage("refining", 0.15, inputs=("raw_materials",)),
            Stage("cells", 0.40, inputs=("refining",)),
            Stage("packs", 0.25, inputs=("cells",)),
        ),
    ),
}

_GATING = {name: tuple(s.name for s in sec.stages if s.gating) for name, sec in SECTORS.items()}

STAGE_TITLES: dict[str, str] = {
    "materials": "Materials",
    "equipment": "Equipment",
    "design": "Design",
    "fabrication": "Fabrication",
    "atp": "Assembly, test & packaging",
    "raw_materials": "Raw materials",
    "recycling": "Recycling",
    "refining": "Refining",
    "cells": "Cells",
    "packs": "Packs",
}
