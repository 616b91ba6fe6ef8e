"""Frozen core classes copy and pickle through their constructor (game/core/values.py), which a
compiled build (mypyc) needs: there a frozen class is a native class that refuses the default
rebuild, and games cross processes (simulate --jobs, card values, a Dask cluster)."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
import pkgutil

import game.core
from game.content import load_scenario
from game.core.flow import Commit
from game.core.rules import new_game
from game.core.state import ShockHit


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


#: classes with a written-out __init__ that are never copied or pickled: they live for one call
#: or in the scenario's memo cache (which a pickled Scenario drops), are keyed at creation, or
#: are a live game with its store hooks (a Session: undo and resume replay its log instead)
NEVER_COPIED = {"_Waterfall", "shared_propagations", "_StagePlan", "_SectorPlan", "ShareTable",
                "Draws", "Session"}


def test_every_written_out_constructor_has_a_rebuild():
    """A compiled class whose __init__ is written in its body (so mypyc compiles it) and takes
    arguments cannot be copied the default way (an empty object, then its fields): the compiled
    constructor is called with no arguments. GameState.clone() failed so on ActiveEffect and
    ShockHit in the compiled build while every pure test passed; this catches the next one
    from the pure build."""
    import inspect

    missing = []
    compiled = [f"game.core.{info.name}" for info in pkgutil.iter_modules(game.core.__path__)
                if info.name not in ("view", "values")]  # never compiled (setup.py COMPILED)
    for name in [*compiled, "game.session"]:  # and setup.py DRIVERS
        mod = importlib.import_module(name)
        for obj in vars(mod).values():
            if not (isinstance(obj, type) and obj.__module__ == mod.__name__):
                continue
            init = vars(obj).get("__init__")
            code = getattr(init, "__code__", None)
            if code is None or code.co_filename == "<string>":  # none, or @dataclass's own
                continue
            required = [p for p in list(inspect.signature(init).parameters.values())[1:]
                        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            if required and "__reduce__" not in vars(obj) and obj.__name__ not in NEVER_COPIED:
                missing.append(f"{mod.__name__}.{obj.__name__}")
    assert not missing, f"copied how? add __reduce__ (values.rebuilt) to {missing}"


def test_mutable_records_copy_and_pickle_through_their_constructor():
    from game.core.state import Phase
    from game.headless import play_to_end
    from game.session import Entry, Session

    hit = ShockHit("export_ban", "drawn", target="KOR")
    assert copy.deepcopy(hit) == hit and pickle.loads(pickle.dumps(hit)) == hit
    st = play_to_end(Session(load_scenario("semiconductor_chokepoint"), 1), stop_after_round=2).state
    ae = st.active[0]
    twin = copy.deepcopy(ae)
    assert twin == ae and twin is not ae and twin.effect is ae.effect
    assert pickle.loads(pickle.dumps(ae)) == ae
    entry = Entry(3, Commit("KOR", ("a",)), 2, Phase.DECISIONS)
    assert copy.deepcopy(entry) == entry and pickle.loads(pickle.dumps(entry)) == entry
