"""The bundled default world's names, for tests of the bundled scenarios (all set in it).

The game itself reads them from `scn.world`; a test about today's five teams may name them."""

from __future__ import annotations

from game.content.worlds import default_world

WORLD = default_world()
TEAMS = WORLD.teams
ACTORS = WORLD.actor_ids
ACTOR_NAMES = {a.id: a.name for a in WORLD.actors}
SECTORS = WORLD.sectors
STAGE_TITLES = {st.name: st.title for sec in SECTORS.values() for st in sec.stages}
