"""The KIET tables as a check on the model (seed 001, Tables 5 and 6).

KIET rates each US semiconductor policy (Commerce's seven, Table 5) and each US battery policy
(Energy's four, Table 6) by its impact on Korea's industry in the short term and in the mid to
long term. Each of those policy rows is one card in decks/usa.yaml. For each, this test plays
two controlled games of the sector's scenario that differ in one thing only: the USA plays the
card in round 1, or passes. No shock is scheduled or drawn, nobody else plays, and retaliation is
switched off, so every difference is the card's doing.

Korea's outcome, and why:
  - prosperity (Korea's value added against the first round, 100 = unchanged) for every row
    whose KIET rationale is about Korea's market position: business for Korean firms investing
    in the US, US demand Korean firms can supply, US competitors winning market share, talent
    lost. The scenarios have one sector each, so this is Korea's chip (Table 5) or battery
    (Table 6) industry.
  - resilience.batteries for Table 6 row 2 (key materials), whose KIET rationale is that US raw
    materials "will help Korea's battery industry diversify its supply channels": a supply-side
    benefit, which the model scores as diversity of sourcing inside resilience. (Korea's
    prosperity dips there, as US refiners take a little refining business from Korean ones.)

Short term = the mean of rounds 1-2 (the first year); long term = the mean of the last two
rounds (years four). A signed rating needs a move of at least MOVE points in its direction; a
neutral rating needs less than QUIET points either way. Where KIET gives "very" and a plain
rating in the same row (Table 5 row 1, Table 6 row 1), the very one must be the larger move.

A neutral cell must be a small net of real opposing effects, as KIET's rationale for it says
(SME support: no direct benefit, a closer supplier base against US suppliers winning orders;
allied supply chains, long term: allied orders against China's buyers turning away): some of
the card's effects, each played alone, move Korea up and others down by at least OPPOSING
within the horizon, and the whole card by less than QUIET. A neutral that is zero because
nothing has landed yet, or because everything has expired, fails.

The October 2022 export rules (usa_october_export_rules, seed 004) are not a KIET row: they came
after the 2021 review, and seed 004 reports Korea's "concerns", not a rating.

Korean-owned fabs in China. The chip scenario places 8 of China's fabrication units in Korean
hands (Samsung Xi'an, SK hynix Wuxi and Dalian): exposure follows the site, value added the
owner. KIET's 2021 ratings weigh Korea's position as a partner of the US (cooperation, joint
responses, the technology gap), not what friend-shoring and tool controls aimed at China do to
Korean plants there, the concern Seoul raised in 2022-23 and Washington answered with
validated-end-user status for those plants. So the rating checks run on the scenario with those
units counted as China's own (`kiet_view`), and `test_korean_fabs_in_china_blunt_the_gain`
measures what the ownership takes off rows 6 and 7 in the scenario as written.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from .helpers import controlled, play_script

MOVE = 0.5  # points: the least move that counts as positive or negative
QUIET = 0.25  # points: the most move that still counts as neutral
#: points: in a neutral cell, the card's effects that pull Korea up and those that pull it down
#: must each move it at least this much, played alone: neutral is a small net, not nothing
OPPOSING = 0.2

SIGN = {"++": 2, "+": 1, "0": 0, "-": -1, "--": -2}

# (table, row, card, scenario, indicator, short term, long term): signs as in seed 001
ROWS = [
    ("5", 1, "usa_industry_coalition", "semiconductor_chokepoint", "prosperity", "++", "+"),
    ("5", 2, "usa_chips_act", "semiconductor_chokepoint", "prosperity", "++", "-"),
    ("5", 3, "usa_fab_infrastructure", "semiconductor_chokepoint", "prosperity", "+", "-"),
    ("5", 4, "usa_sme_innovation", "semiconductor_chokepoint", "prosperity", "0", "-"),
    ("5", 5, "usa_visa_reform", "semiconductor_chokepoint", "prosperity", "0", "-"),
    ("5", 6, "usa_allied_supply_chains", "semiconductor_chokepoint", "prosperity", "++", "0"),
    ("5", 7, "usa_technology_protection", "semiconductor_chokepoint", "prosperity", "++", "0"),
    ("6", 1, "usa_buy_american_batteries", "battery_minerals", "prosperity", "++", "+"),
    ("6", 2, "usa_critical_minerals", "battery_minerals", "resilience.batteries", "0", "+"),
    ("6", 3, "usa_battery_production_credits", "battery_minerals", "prosperity", "0", "-"),
    ("6", 4, "usa_battery_workforce", "battery_minerals", "prosperity", "0", "-"),
]

SHORT = slice(0, 2)
LONG = slice(-2, None)

_cache: dict = {}


def kiet_view(scn):
    """The scenario as KIET's 2021 ratings see Korea: capacity owned where it is sited."""
    return replace(scn, ownership={})


def _games(scn_id, scenarios):
    if scn_id not in _cache:
        scn = controlled(kiet_view(scenarios[scn_id]))
        _cache[scn_id] = (scn, play_script(scn, {}))
    return _cache[scn_id]


def korea_moves(card, scn_id, indicator, scenarios):
    scn, base = _games(scn_id, scenarios)
    played = play_script(scn, {1: {"USA": [card]}})
    diff = [p["KOR"][indicator] - b["KOR"][indicator] for p, b in zip(played, base)]

    def mean(xs):
        return sum(xs) / len(xs)

    return mean(diff[SHORT]), mean(diff[LONG])


def check(move: float, rating: str) -> bool:
    s = SIGN[rating]
    if s > 0:
        return move >= MOVE
    if s < 0:
        return move <= -MOVE
    return abs(move) < QUIET


def test_every_kiet_row_has_a_us_card(scenarios):
    rows = {(t, r) for t, r, *_ in ROWS}
    assert rows == {("5", i) for i in range(1, 8)} | {("6", i) for i in range(1, 5)}
    for table, row, card, scn_id, *_ in ROWS:
        scn = scenarios[scn_id]
        assert card in scn.teams["USA"].hand, f"{card} is not in the USA's hand in {scn_id}"
        places = [c.at for c in scn.cards[card].source if c.ref == "kiet2021"]
        assert any(f"Table {table} ({row})" in at for at in places), (card, places)


@pytest.mark.parametrize("table,row,card,scn_id,indicator,short,long", ROWS,
                         ids=[f"T{t}-{r}-{c}" for t, r, c, *_ in ROWS])
def test_korea_moves_with_kiet(table, row, card, scn_id, indicator, short, long, scenarios):
    s, l_ = korea_moves(card, scn_id, indicator, scenarios)
    why = (f"Table {table} row {row} ({card}): KIET says short {short}, long {long}; "
           f"Korea's {indicator} moved {s:+.2f} short term and {l_:+.2f} long term")
    assert check(s, short), why
    assert check(l_, long), why
    if SIGN[short] == 2 and SIGN[long] == 1:
        assert s > l_, why


ROBUST_SEEDS = range(12)  # an average over enough draws that one unlucky draw does not decide it


@pytest.mark.parametrize("table,row,card,scn_id,indicator,short,long", ROWS,
                         ids=[f"T{t}-{r}-{c}" for t, r, c, *_ in ROWS])
def test_signs_survive_the_scenario_as_written(table, row, card, scn_id, indicator, short,
                                               long, scenarios):
    """The same comparison in the scenario as written (its scheduled and drawn shocks, and
    retaliation on), averaged over a few seeds: no rated sign flips, and no neutral row moves
    as much as a rated one must. (Tuning note: row 6's early warning for Korea was shortened
    to two rounds after this test found that the stock it pre-positioned lifted Korea's
    long-term prosperity by ~0.6, more than "neutral".)"""
    scn = controlled(kiet_view(scenarios[scn_id]), shocks=True, retaliation=True)
    s_sum = l_sum = 0.0
    for seed in ROBUST_SEEDS:
        base = play_script(scn, {}, seed)
        played = play_script(scn, {1: {"USA": [card]}}, seed)
        diff = [p["KOR"][indicator] - b["KOR"][indicator] for p, b in zip(played, base)]
        s_sum += sum(diff[SHORT]) / 2
        l_sum += sum(diff[LONG]) / 2
    n = len(ROBUST_SEEDS)
    for move, rating, when in ((s_sum / n, short, "short"), (l_sum / n, long, "long")):
        sign = SIGN[rating]
        why = f"Table {table} row {row} ({card}), {when} term: KIET {rating}, moved {move:+.2f}"
        if sign > 0:
            assert move > 0, why
        elif sign < 0:
            assert move < 0, why
        else:
            assert abs(move) < MOVE, why


MAGNITUDE_SEEDS = range(40)


@pytest.fixture(scope="module")
def mean_moves(scenarios):
    """Mean (short, long) move of Korea's indicator per row, over 40 seeds of the scenario as
    written (shocks and retaliation on)."""
    out = {}
    base: dict = {}
    for table, row, card, scn_id, indicator, *_ in ROWS:
        scn = controlled(kiet_view(scenarios[scn_id]), shocks=True, retaliation=True)
        s_sum = l_sum = 0.0
        for seed in MAGNITUDE_SEEDS:
            if (scn_id, seed) not in base:
                base[(scn_id, seed)] = play_script(scn, {}, seed)
            played = play_script(scn, {1: {"USA": [card]}}, seed)
            diff = [p["KOR"][indicator] - b["KOR"][indicator]
                    for p, b in zip(played, base[(scn_id, seed)])]
            s_sum += sum(diff[SHORT]) / 2
            l_sum += sum(diff[LONG]) / 2
        n = len(MAGNITUDE_SEEDS)
        out[(table, row)] = (s_sum / n, l_sum / n)
    return out


@pytest.mark.parametrize("horizon", [0, 1], ids=["short", "long"])
@pytest.mark.parametrize("table", ["5", "6"])
def test_very_positive_rows_move_korea_more_than_positive_ones(table, horizon, mean_moves):
    """Where KIET rates one policy two suns and another one sun for the same horizon in the
    same table, the model's mean effect on Korea keeps that order."""
    rating = {(t, r): (s, lo)[horizon] for t, r, _c, _s, _i, s, lo in ROWS}
    very = [k for k, v in rating.items() if k[0] == table and v == "++"]
    plain = [k for k, v in rating.items() if k[0] == table and v == "+"]
    for v in very:
        for p in plain:
            assert mean_moves[v][horizon] > mean_moves[p][horizon], (
                f"Table {table}: row {v[1]} (++) moved Korea {mean_moves[v][horizon]:+.2f}, "
                f"row {p[1]} (+) {mean_moves[p][horizon]:+.2f}")


NEUTRAL = [(t, r, card, scn_id, ind, h)
           for t, r, card, scn_id, ind, short, long in ROWS
           for h, rating in ((0, short), (1, long)) if rating == "0"]


def effect_moves(card, scn_id, indicator, scenarios) -> list[tuple[float, float]]:
    """Korea's (short, long) move from each of the card's effects played alone, in the
    controlled game: the same card with every other effect taken out."""
    scn, base = _games(scn_id, scenarios)
    out = []
    for e in scn.cards[card].effects:
        cards = dict(scn.cards)
        cards[card] = replace(cards[card], effects=(e,))
        played = play_script(replace(scn, cards=cards), {1: {"USA": [card]}})
        diff = [p["KOR"][indicator] - b["KOR"][indicator] for p, b in zip(played, base)]
        out.append((sum(diff[SHORT]) / 2, sum(diff[LONG]) / 2))
    return out


@pytest.mark.parametrize("table,row,card,scn_id,indicator,horizon", NEUTRAL,
                         ids=[f"T{t}-{r}-{('short', 'long')[h]}" for t, r, _c, _s, _i, h in NEUTRAL])
def test_neutral_cells_are_a_small_net_of_opposing_effects(table, row, card, scn_id, indicator,
                                                          horizon, scenarios):
    """KIET's neutral cells weigh a gain against a loss (SME support: a closer supplier base
    for Korean fabs in the US against US toolmakers winning orders; allied supply chains in
    the long run: allied orders against China's buyers turning away). So in the model some of
    the card's effects must move Korea up and others down within the horizon, each by at least
    OPPOSING points, and the card as a whole by less than QUIET: a neutral that is zero because
    nothing has landed yet, or because everything has worn off, fails."""
    parts = [p[horizon] for p in effect_moves(card, scn_id, indicator, scenarios)]
    net = korea_moves(card, scn_id, indicator, scenarios)[horizon]
    when = ("short", "long")[horizon]
    why = (f"Table {table} row {row} ({card}), {when} term: effects alone moved Korea "
           + ", ".join(f"{p:+.2f}" for p in parts) + f"; the card {net:+.2f}")
    assert max(parts) >= OPPOSING, why
    assert min(parts) <= -OPPOSING, why
    assert abs(net) < QUIET, why


@pytest.mark.parametrize("horizon", [0, 1], ids=["short", "long"])
def test_signs_hold_over_40_seeds(horizon, mean_moves):
    """Every KIET cell keeps its sign in the scenario as written (shocks and retaliation on),
    averaged over 40 seeds; a neutral cell moves Korea by less than a rated one must."""
    bad = []
    for table, row, card, *_rest, short, long in ROWS:
        move, rating = mean_moves[(table, row)][horizon], (short, long)[horizon]
        sign = SIGN[rating]
        ok = move > 0 if sign > 0 else move < 0 if sign < 0 else abs(move) < MOVE
        if not ok:
            bad.append(f"Table {table} row {row} ({card}): KIET {rating}, moved {move:+.2f}")
    assert not bad, bad


@pytest.mark.parametrize("card", ["usa_allied_supply_chains", "usa_technology_protection"])
def test_korean_fabs_in_china_blunt_the_gain(card, scenarios):
    """Friend-shoring away from China and tool controls on China reach the Korean-owned fabs
    there: in the scenario as written, Korea gains less from rows 6 and 7 over the game than
    with those fabs counted as China's own, by at least MOVE points summed over the rounds."""
    scn = scenarios["semiconductor_chokepoint"]
    assert scn.ownership, "the chip scenario no longer places Korean-owned capacity in China"
    moves = []
    for view in (controlled(scn), controlled(kiet_view(scn))):
        base = play_script(view, {})
        played = play_script(view, {1: {"USA": [card]}})
        moves.append(sum(p["KOR"]["prosperity"] - b["KOR"]["prosperity"]
                         for p, b in zip(played, base)))
    owned, sited = moves
    assert owned < sited - MOVE, (card, owned, sited)
