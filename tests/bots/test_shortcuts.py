"""The bots' shortcuts choose what the plain computation chooses.

* `ranked_cards` checks legality inline instead of asking `rules.card_refusal` for every card of
  every simulated round: the cards it ranks are exactly those the rules allow.
* `ranked_cards` reads what depends only on the team and the round from a table: its worths are
  those of `ranked_cards_plain` (card by card through `card_value`) to the last bit, jitter or
  not, in states from every round of random and heuristic games.
* The lookahead bot resolves the round it decides once per candidate and retaliation outcome,
  and copies it into each future, instead of resolving it again in every future: its scores
  are exactly those of `play_out`, which plays every future from the start.
* With `fast` (the default) the lookahead bot also tests candidate sets only for what their
  cards' own legality leaves open, sets a candidate's round up once for all its futures, and
  commits the heuristic's choices in its futures without re-testing them: the same candidates,
  the same scores to the last bit, as with `fast=False`.
* In its futures the heuristic's commits are remembered by everything the heuristic reads: a
  state that differs in any one of those things is never given a remembered commit.
"""

from __future__ import annotations

import pytest

from game.bots import LookaheadBot, parse_bots
from game.bots.base import bot_rng
from game.bots.heuristic import JITTER, decide, ranked_cards, ranked_cards_plain
from game.bots.lookahead import candidate_commits, play_out
from game.bots.view import team_view
from game.content import load_library, load_scenario
from game.core.rules import card_refusal, commit_refusal
from game.core.state import Phase
from game.session import Session


def _decision_states(scn, seeds, bots="random"):
    """States at the decisions phase of every round of a few games."""
    out = []
    for seed in seeds:
        s = Session(scn, seed, explain=False)
        players = parse_bots(bots)
        while not s.over:
            if s.state.phase is Phase.DECISIONS:
                out.append(s.state.clone())
                for team in scn.world.teams:
                    s.commit(team, players[team].choose(scn, s.state, team))
            s.advance()
    assert out
    return out


@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
def test_ranked_cards_are_the_legal_cards(scenario):
    scn = load_scenario(scenario)
    for state in _decision_states(scn, range(3)):
        for team in scn.world.teams:
            view = team_view(state, team)
            legal = {c for c in scn.teams[team].hand if card_refusal(scn, view, team, c) is None}
            assert {c for _, c in ranked_cards(scn, view, team)} == legal


@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
def test_ranked_cards_are_the_plain_computation(scenario):
    """The table-driven worths equal `card_value`'s, bit for bit (compared as float.hex, so even
    a -0.0 for a 0.0 would fail), in the same order, with and without jitter. Random games reach
    states heuristic play does not (empty budgets, odd stockpiles), heuristic games the states
    the lookahead's futures play through."""
    scn = load_scenario(scenario)
    checked = 0
    for bots in ("random", "heuristic"):
        for state in _decision_states(scn, range(2), bots=bots):
            for team in scn.world.teams:
                view = team_view(state, team)
                for jitter in (0.0, JITTER):
                    fast = ranked_cards(scn, view, team, jitter)
                    plain = ranked_cards_plain(scn, view, team, jitter)
                    assert [(v.hex(), c) for v, c in fast] == [(v.hex(), c) for v, c in plain]
                    checked += bool(plain)
    assert checked


def test_ranked_cards_outside_decisions_is_empty(scn):
    s = Session(scn, 0)
    assert s.state.phase is not Phase.DECISIONS
    assert ranked_cards(scn, s.state, scn.world.teams[0]) == []


def test_lookahead_scores_are_play_outs(scn):
    """The bot's choice is the candidate with the best mean of `play_out` over its futures.
    Japan's hand is full of cards that risk retaliation, so futures differ in their rolls."""
    bot = LookaheadBot(candidates=4, budget=40, min_samples=3, deadline=60.0)
    team = "JPN"
    checked = 0
    # seed 0's rounds 2 and 3: some futures roll a retaliation hit and others do not
    for state in _decision_states(scn, [0], bots="heuristic")[1:3]:
        choice = bot.choose(scn, state, team)
        view = team_view(state, team)
        cands = candidate_commits(scn, view, team, bot.candidates)
        if len(cands) == 1:
            assert choice == cands[0]
            continue
        others = {t: decide(scn, view, t, 0.0) for t in scn.world.teams if t != team}
        rng = bot_rng(state, team, "lookahead")
        totals = [0.0] * len(cands)
        for _ in range(bot.last["samples"]):
            seed = rng.getrandbits(62)
            for i, c in enumerate(cands):
                totals[i] += play_out(scn, view, team, c, others, seed)
        assert bot.last["totals"] == totals
        best = max(range(len(cands)), key=lambda i: (totals[i], -i))
        assert choice == cands[best]
        checked += 1
    assert checked


def _resolved_without_rolls(state) -> dict:
    d = state.to_dict()
    for k in ("seed", "retaliation"):
        d.pop(k)
    for rec in d["history"]:
        rec["chance"] = [{k: v for k, v in o.items() if k != "roll"} for o in rec["chance"]]
    return d


def test_a_round_resolves_the_same_for_the_same_hits(scn):
    """What the lookahead's sharing rests on: resolving the round reads of its retaliation
    rolls only who answers whom and whether it hit (`_hits`), never the roll itself."""
    from game.bots.lookahead import _hits, _this_round
    from game.core.flow import apply, chance_action

    state = _decision_states(scn, [0], bots="heuristic")[1]
    view = team_view(state, "JPN")
    others = {t: decide(scn, view, t, 0.0) for t in scn.world.teams if t != "JPN"}
    commit = next(c for c in candidate_commits(scn, view, "JPN", 6)
                  if any(scn.cards[x].retaliation for x in c))
    by_hits: dict[tuple, dict] = {}
    for seed in range(40):
        st = _this_round(scn, view, "JPN", commit, others, seed)
        roll = chance_action(scn, st)
        apply(scn, st, roll, False)
        got = _resolved_without_rolls(st)
        key = _hits(roll.outcome)
        assert by_hits.setdefault(key, got) == got
    assert len(by_hits) > 1  # some futures hit and some do not: the key tells them apart
    assert len({str(v) for v in by_hits.values()}) == len(by_hits)


def test_a_slow_clock_does_not_change_the_lookahead_choice(scn, monkeypatch):
    """By default the bot's work is its iteration budget, never the wall clock: a machine so
    busy that every sample seems to take a minute still plays every planned future."""
    import itertools

    import game.bots.lookahead as lookahead

    state = _decision_states(scn, [0], bots="heuristic")[1]
    calm = LookaheadBot(candidates=4, budget=40)
    expected = calm.choose(scn, state, "JPN")
    planned = calm.last.get("planned")
    ticks = itertools.count(0.0, 60.0)

    class SlowTime:
        @staticmethod
        def perf_counter():
            return next(ticks)

    monkeypatch.setattr(lookahead, "time", SlowTime)
    busy = LookaheadBot(candidates=4, budget=40)
    assert busy.choose(scn, state, "JPN") == expected
    assert busy.last.get("samples") == planned


@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
def test_fast_candidate_sets_are_the_plain_ones(scenario):
    """Every set the fast test keeps is one `commit_refusal` allows, and none is lost: compared
    with no limit, so every legal set of every team is listed both ways."""
    scn = load_scenario(scenario)
    for state in _decision_states(scn, range(3)):
        for team in scn.world.teams:
            view = team_view(state, team)
            fast = candidate_commits(scn, view, team, 10_000, fast=True)
            assert fast == candidate_commits(scn, view, team, 10_000, fast=False)
            for combo in fast:
                assert commit_refusal(scn, view, team, combo) is None


@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
def test_fast_lookahead_scores_are_the_plain_ones(scenario):
    """The fast lookahead and the plain one (`fast=False`, every future played from the view
    through `flow.apply`) choose the same and score every candidate the same, to the last bit,
    for every team in rounds 2 and 3 of a heuristic game (a small budget: the slow test below
    runs the bot's own settings)."""
    scn = load_scenario(scenario)
    compared = 0
    for state in _decision_states(scn, [0], bots="heuristic")[1:3]:
        for team in scn.world.teams:
            fast = LookaheadBot(candidates=4, budget=40, fast=True)
            plain = LookaheadBot(candidates=4, budget=40, fast=False)
            assert fast.choose(scn, state, team) == plain.choose(scn, state, team)
            if plain.last.get("samples"):
                assert fast.last["totals"] == plain.last["totals"]
                compared += 1
    assert compared


def _perturbed(scn, state, team):
    """(what, copy of `state` with one thing `team`'s heuristic reads changed), for every kind
    of thing it reads (each change is made at once, so the loop variables are read in time)."""
    from game.bots.view import fast_clone
    from game.core.scenario import pair

    def copy(change):
        st = fast_clone(state)
        change(st)
        return st

    out = []
    for s in scn.sectors:
        for days in (0.0, 45.0, 365.0):
            out.append(("stock", copy(lambda st: st.stockpile[s].__setitem__(team, days))))  # noqa: B023
        for pct in (0.0, 60.0):
            out.append(("supply", copy(
                lambda st: st.indicators[team].__setitem__(f"supply.{s}", pct))))  # noqa: B023
    for c in scn.teams[team].hand:
        rt = scn.cards[c].retaliation
        if rt is not None:
            k = pair(rt.by, team)
            out.append(("relations", copy(lambda st: st.relations.__setitem__(k, -100.0))))  # noqa: B023
    for v in (0.0, 1.0, 3.0):
        out.append(("budget", copy(lambda st: setattr(st.teams[team], "budget", v))))  # noqa: B023
        out.append(("capital", copy(lambda st: setattr(st.teams[team], "political_capital", v))))  # noqa: B023
    for c in scn.teams[team].hand:
        out.append(("played", copy(lambda st: st.teams[team].played.__setitem__(c, 9))))  # noqa: B023
    out.append(("seed", copy(lambda st: setattr(st, "seed", st.seed + 1))))
    out.append(("round", copy(lambda st: setattr(st, "round", st.round + 1))))
    return out


def test_remembered_heuristic_tells_apart_every_situation_it_reads(scn):
    """The lookahead's futures remember the heuristic's commits by what it reads: after it has
    decided in one state, a state differing in any one thing it reads (stock, supply, relations,
    budget, capital, plays, seed, round) must get the plain `decide`'s commit, not the remembered one.
    Each kind of change is seen to change the heuristic's choice at least once, so a key that
    left one out would fail here."""
    from game.bots.lookahead import _Remembered
    from game.bots.view import fast_clone

    changed: dict[str, int] = {}
    for state in _decision_states(scn, [0, 1], bots="heuristic"):
        for team in scn.world.teams:
            base = fast_clone(team_view(state, team))
            memo = _Remembered(scn)
            assert memo.decide(base, team, base.teams[team]) == decide(scn, base, team)
            for what, st in _perturbed(scn, base, team):
                plain = decide(scn, st, team)
                assert memo.decide(st, team, st.teams[team]) == plain, what
                changed[what] = changed.get(what, 0) + (plain != decide(scn, base, team))
    assert all(changed.values()), sorted(changed.items())


@pytest.mark.slow
@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
def test_fast_lookahead_is_the_plain_one_at_full_budget(scenario):
    """As above at the bot's own settings, for every team in the first three rounds of heuristic
    games 0-5: the decisions the speed-up was checked on while it was made."""
    scn = load_scenario(scenario)
    for seed in range(6):
        for state in _decision_states(scn, [seed], bots="heuristic")[:3]:
            for team in scn.world.teams:
                fast, plain = LookaheadBot(fast=True), LookaheadBot(fast=False)
                assert fast.choose(scn, state, team) == plain.choose(scn, state, team)
                assert fast.last.get("totals") == plain.last.get("totals")


def test_futures_share_propagations_only_while_a_decision_lasts(scn):
    """The shared propagations are opened by a lookahead decision and closed after it, even
    when it fails, so no later game reads what an earlier one propagated."""
    import pytest

    from game.core.adjudication import SHARED_PROPAGATIONS, shared_propagations

    state = _decision_states(scn, [0], bots="heuristic")[1]
    bot = LookaheadBot(candidates=3, budget=20)
    bot.choose(scn, state, "KOR")
    assert bot.last.get("samples") and SHARED_PROPAGATIONS not in scn.cache
    with pytest.raises(RuntimeError), shared_propagations(scn):
        assert scn.cache[SHARED_PROPAGATIONS] == {}
        with shared_propagations(scn):  # nested: the outer one owns it
            scn.cache[SHARED_PROPAGATIONS]["x"] = 1
        assert scn.cache[SHARED_PROPAGATIONS] == {"x": 1}
        raise RuntimeError
    assert SHARED_PROPAGATIONS not in scn.cache
