"""The world a scenario is set in: its actors, its sectors and the stages of each sector.

The world is data (`worlds/*.yaml`, read by `game/content/worlds.py`), not code: an author adds
a sector or an actor without touching the rules. The rules reach it through `scn.world`; there
are no module-level lists of teams or sectors for code to lean on, because a scenario set in
another world has other teams.

These classes are pure: they hold what the loader read and answer the questions the rules ask
(who plays, in which order, which stage gates which, what a stage is worth).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import rebuilt


def pair(a: str, b: str) -> tuple[str, str]:
    """The key of two actors' relations: the same whichever of them is named first."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True)
class Actor:
    """A country or bloc. Player actors are the teams; the others hold capacity, buy, and can
    be hit by shocks, but nobody plays them."""

    id: str
    name: str
    player: bool

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a sector's chain.

    `inputs` are the stages of the same sector a producer must itself have access to before it
    can produce here: a fab without materials, equipment and designs stands idle, and that is
    how a shortfall travels down the chain. `needs` are the same for stages of other sectors,
    as (sector, stage): a materials maker without gallium stands idle too. `value` is the
    stage's share of the sector's value added, used for market share. A non-gating stage
    (recycling) does not stop consumption when it fails; it `relieves` another stage by
    topping up access to it.
    """

    name: str
    value: float
    inputs: tuple[str, ...] = ()
    gating: bool = True
    relieves: tuple[str, float] | None = None
    title: str = ""
    needs: tuple[tuple[str, str], ...] = ()

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Sector:
    name: str
    title: str
    stages: tuple[Stage, ...]
    #: the stages whose shortfall stops consumption (all but recycling-like ones)
    gating_names: tuple[str, ...] = field(init=False, compare=False)
    stage_names: tuple[str, ...] = field(init=False, compare=False)
    #: (sector, stage) per stage, in stage order, and by stage name: the keys the network's
    #: folded effects are kept under (network.Mods.stages). One tuple per stage, shared by
    #: whoever folds and whoever reads, so a lookup matches it by identity, without comparing
    #: a freshly made tuple item by item (a few hundred lookups a game). Typed `tuple[str, ...]`
    #: so the compiled build keeps them as the objects they are (a `tuple[str, str]` is unboxed
    #: to a C struct, and boxed again into a new tuple wherever it is used as a key).
    stage_keys: tuple[tuple[str, ...], ...] = field(init=False, compare=False)
    key_of: dict[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)
    #: by stage name, its key alone: the keys an effect on that stage acts on
    #: (network.effect_keys, for every effect of every fold), made once
    keys_at: dict[str, tuple[tuple[str, ...], ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage_names", tuple(s.name for s in self.stages))
        # annotated: inferred, the items would be `tuple[str, str]`, and the compiled build
        # would box new tuples for `key_of` as it read them (tests/core/test_stage_keys.py)
        keys: tuple[tuple[str, ...], ...] = tuple([(self.name, s.name) for s in self.stages])
        object.__setattr__(self, "stage_keys", keys)
        object.__setattr__(self, "key_of", {k[1]: k for k in keys})
        object.__setattr__(self, "keys_at", {k[1]: (k,) for k in keys})
        object.__setattr__(self, "gating_names", tuple(s.name for s in self.stages if s.gating))

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def upstream(self) -> tuple[str, ...]:
        """The other sectors this one needs inputs from, in the order first named."""
        return tuple(dict.fromkeys(sec for st in self.stages for sec, _ in st.needs))

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class World:
    """Actors in resolution order (the player actors' order breaks ties) and sectors in
    propagation order (a sector comes after every sector it needs inputs from)."""

    id: str
    title: str
    actors: tuple[Actor, ...]
    sectors: dict[str, Sector]
    #: player actors, in resolution and tie-break order
    teams: tuple[str, ...] = field(init=False, compare=False)
    #: every actor id: players first in their order, then the others
    actor_ids: tuple[str, ...] = field(init=False, compare=False)
    non_players: tuple[str, ...] = field(init=False, compare=False)
    #: actor id -> its position in `actor_ids`: what the supply model indexes actors by
    actor_index: dict[str, int] = field(init=False, compare=False, repr=False)
    _names: dict[str, str] = field(init=False, compare=False, repr=False)
    _titles: dict[tuple[str, str], str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        teams = tuple(a.id for a in self.actors if a.player)
        others = tuple(a.id for a in self.actors if not a.player)
        object.__setattr__(self, "teams", teams)
        object.__setattr__(self, "non_players", others)
        object.__setattr__(self, "actor_ids", teams + others)
        object.__setattr__(self, "actor_index", {a: j for j, a in enumerate(teams + others)})
        object.__setattr__(self, "_names", {a.id: a.name for a in self.actors})
        object.__setattr__(self, "_titles", {
            (sec.name, st.name): st.title or st.name for sec in self.sectors.values()
            for st in sec.stages})

    def actor_name(self, actor: str) -> str:
        """The actor's name as players read it; an unknown id comes back as it is."""
        return self._names.get(actor, actor)

    def has_actor(self, actor: str) -> bool:
        return actor in self._names

    def stage_title(self, sector: str | None, stage: str) -> str:
        """The stage's title; with no sector, the first sector that has a stage of that id."""
        if sector is not None:
            return self._titles.get((sector, stage), stage)
        for (_, st), title in self._titles.items():
            if st == stage:
                return title
        return stage

    def sector_title(self, sector: str) -> str:
        sec = self.sectors.get(sector)
        return sec.title if sec else sector

    def with_inputs(self, sectors) -> set[str]:
        """`sectors` and every sector they need inputs from, directly or further up: what can
        make them short."""
        out: set[str] = set()
        todo = [s for s in sectors if s in self.sectors]
        while todo:
            s = todo.pop()
            if s not in out:
                out.add(s)
                todo.extend(self.sectors[s].upstream)
        return out

    def order(self, sectors) -> tuple[str, ...]:
        """`sectors` in propagation order: every sector after those it needs inputs from,
        otherwise in the order given (so a scenario's own order stands where nothing forces
        another). Sectors not in `sectors` are not modelled and do not constrain it."""
        todo = list(dict.fromkeys(sectors))
        chosen = set(todo)
        done: list[str] = []
        while todo:
            for s in todo:
                sec = self.sectors.get(s)
                ups = sec.upstream if sec else ()
                if all(u in done or u not in chosen for u in ups):
                    done.append(s)
                    todo.remove(s)
                    break
            else:  # a cycle: the loader refuses those, so this only keeps the order total
                done.extend(todo)
                break
        return tuple(done)

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


__all__ = ["Actor", "Sector", "Stage", "World"]
