"""Frozen core classes copy and pickle through their constructor (game/core/values.py), which a
compiled build (mypyc) needs: there a frozen class is a native class that refuses the default
rebuild, and games cross processes (simulate --jobs, card values, a Dask cluster)."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import pkgutil

import game.core
from game.content import load_scenario
from game.core.flow import Commit
from game.core.rules import new_game


def _frozen_classes():
    for info in pkgutil.iter_modules(game.core.__path__):
        mod = importlib.import_module(f"game.core.{info.name}")
        for obj in vars(mod).values():
            if (isinstance(obj, type) and obj.__module__ == mod.__name__
                    and dataclasses.is_dataclass(obj) and obj.__dataclass_params__.frozen):
                yield obj


def test_every_frozen_core_class_rebuilds_through_its_constructor():
    classes = list(_frozen_classes())
    assert len(classes) > 20  # the walk found them
    # view.py is never compiled (setup.py COMPILED): its two classes may use the default
    missing = [c.__qualname__ for c in classes
               if "__reduce__" not in vars(c) and c.__module__ != "game.core.view"]
    assert not missing, f"add `def __reduce__(self): return rebuilt(self)` to {missing}"


def test_a_scenario_a_state_and_an_action_survive_pickling():
    scn = load_scenario("alliance_stress_test")
    scn.cache["x"] = 1
    again = pickle.loads(pickle.dumps(scn))
    assert again == scn and again.world.teams == scn.world.teams
    assert again.cache == {}  # a memo, not content: rebuilt where it is used
    st = new_game(scn, 3)
    assert pickle.loads(pickle.dumps(st)).to_dict() == st.to_dict()
    assert pickle.loads(pickle.dumps(Commit("KOR", ("a",)))) == Commit("KOR", ("a",))


def test_a_clone_shares_effects_and_causes_and_copies_the_rest():
    from game.headless import play_to_end
    from game.session import Session

    scn = load_scenario("semiconductor_chokepoint")
    st = play_to_end(Session(scn, 1), stop_after_round=2).state
    assert st.active
    twin = st.clone()
    assert twin.active[0].effect is st.active[0].effect  # frozen values are shared
    assert twin.active[0] is not st.active[0]  # the mutable record is copied
    assert twin.to_dict() == st.to_dict()
