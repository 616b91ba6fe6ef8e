"""The engine's shortcuts give the game the plain computation gives, byte for byte.

Adjudication reuses a round's propagations (`_Waterfall.propagated`: the early-warning probe's
"before" is the state as it stands, its "after" what the next step reads) and folds
(`_Waterfall._folded`: the probe's effects folded onto a copy of the "before" fold), skips the probe's
second propagation when nobody asked about would be short (`_gaps`), folds each leave-one-out
set again only on the stages its cause acts on and takes the stages in front of them from the
round's flows (`_folds_without`, `_Waterfall.mods`; tests/core/test_leave_one_out.py checks
both on their own), and a step that kept the
flows evaluates only the teams whose budget or capital it moved (`_Waterfall.moved`). Each test
plays the same games with the shortcut and with the plain computation swapped in, and compares
the whole `run --json` record (causes included), so a shortcut that reused a stale propagation
or skipped a real gap fails here. 20 seeds per bundled scenario by default, 200 with `-m slow`.
"""

from __future__ import annotations

import json

import pytest

from game.bots import parse_bots
from game.content import load_library, load_scenario
from game.core import COMPILED, adjudication
from game.core.network import fold_effects, propagate_all
from game.headless import game_json, play_to_end
from game.session import Session

SCENARIOS = sorted(load_library().scenarios)


def _plain_propagated(self, active, stockpile, sectors=None):
    """Every propagation afresh, nothing reused."""
    return propagate_all(self.scn, fold_effects(self.scn.world, active, self.state.round),
                         stockpile, sectors)


def _plain_gaps(scn, state, probe, sectors, actors, wf):
    """Both propagations, always: the gap as the difference, with no early exit."""
    after = adjudication._needs(scn, state, state.active + probe, sectors)
    before = adjudication._needs(scn, state, state.active, sectors)
    return {sec: {a: v - before[sec].get(a, 0.0) for a, v in after[sec].items()}
            for sec in sectors}


def _plain_folds_without(scn, state, index, full=None):
    """Each leave-one-out set folded from scratch: every effect in force but the cause's."""
    return [fold_effects(scn.world, [ae for ae in state.active if ae.cause != c], state.round)
            for c in index]


def _games(scenario: str, seeds, bots: str, explain: bool) -> list[str]:
    scn = load_scenario(scenario)
    return [json.dumps(game_json(play_to_end(Session(scn, s, explain=explain), parse_bots(bots))))
            for s in seeds]


#: the tests that swap the plain computation in do it by patching module attributes, which a
#: compiled build (mypyc) cannot see: its modules call each other natively, so the "plain" game
#: would be the shortcut's own and the comparison empty. They run on the pure build (CI); the
#: compiled build is held to the pure one's output by the fingerprints (.ci/run).
PURE_ONLY = pytest.mark.skipif(COMPILED, reason="patches core functions; compiled modules call "
                                                "each other natively (fingerprints cover them)")


def _check(monkeypatch, scenario: str, seeds, bots: str, explain: bool) -> None:
    fast = _games(scenario, seeds, bots, explain)
    with monkeypatch.context() as m:
        m.setattr(adjudication._Waterfall, "propagated", _plain_propagated)
        m.setattr(adjudication, "_gaps", _plain_gaps)
        m.setattr(adjudication._Waterfall, "moved", lambda _self, _flows: None)
        m.setattr(adjudication, "_folds_without", _plain_folds_without)
        # no fold of everything in force to share stages with: nothing taken from its flows
        m.setattr(adjudication._Waterfall, "mods", lambda _self: None)
        plain = _games(scenario, seeds, bots, explain)
    for seed, a, b in zip(seeds, fast, plain, strict=True):
        assert a == b, f"{scenario} seed {seed}: the shortcuts changed the game"


@PURE_ONLY
@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("explain", [True, False])
def test_shortcuts_keep_every_game(monkeypatch, scenario, explain):
    _check(monkeypatch, scenario, range(10), "random", explain)


@PURE_ONLY
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_shortcuts_keep_heuristic_games(monkeypatch, scenario):
    """Heuristic teams play early warning and stockpiles often: the probe's busy path."""
    _check(monkeypatch, scenario, range(3), "heuristic", True)


@PURE_ONLY
@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_shortcuts_keep_200_games(monkeypatch, scenario):
    _check(monkeypatch, scenario, range(200), "random", True)


@PURE_ONLY
def test_the_plain_path_is_really_plain(monkeypatch):
    """The comparison is not vacuous: with the plain path swapped in, games propagate more."""
    import game.core.network as network

    calls = {"n": 0}
    real = network.propagate

    def counting(*a, **k):
        calls["n"] += 1
        return real(*a, **k)

    monkeypatch.setattr(network, "propagate", counting)
    _games(SCENARIOS[0], range(5), "heuristic", False)
    fast = calls["n"]
    calls["n"] = 0
    monkeypatch.setattr(adjudication._Waterfall, "propagated", _plain_propagated)
    monkeypatch.setattr(adjudication, "_gaps", _plain_gaps)
    _games(SCENARIOS[0], range(5), "heuristic", False)
    assert calls["n"] > fast


@PURE_ONLY
def test_steps_that_keep_the_flows_evaluate_fewer_teams(monkeypatch):
    """The comparison of `moved` is not vacuous: some steps evaluate only some teams."""
    real, seen = adjudication._Waterfall.moved, []

    def spy(self, flows):
        got = real(self, flows)
        seen.append(got)
        return got

    monkeypatch.setattr(adjudication._Waterfall, "moved", spy)
    _games(SCENARIOS[0], range(2), "random", True)
    teams = load_scenario(SCENARIOS[0]).world.teams
    assert any(m is not None and len(m) < len(teams) for m in seen)


def test_every_kind_folding_reads_is_keyed():
    """The reuse key lists the kinds `fold_effects` reads: an effect of any other kind folds to
    nothing, so leaving it out of the key cannot reuse a stale propagation."""
    from game.core.cards import EFFECT_KINDS, Effect
    from game.core.causes import Cause
    from game.core.network import FOLDED_KINDS, Mods
    from game.core.state import ActiveEffect

    world = load_scenario(SCENARIOS[0]).world
    assert adjudication.PROPAGATED == FOLDED_KINDS
    for kind in EFFECT_KINDS:
        e = Effect(kind, actors=("KOR",), exporters=("CHN",), importers=("KOR",),
                   sector="semiconductors", change=0.5, units=1.0)
        m = fold_effects(world, [ActiveEffect(e, Cause("card", "x"), 1, None, False, on=True)], 1)
        assert (m == Mods()) == (kind not in FOLDED_KINDS), kind
