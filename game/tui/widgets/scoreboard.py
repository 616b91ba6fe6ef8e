"""The debrief scoreboard: the five teams, headline indicators with this round's delta and
trend; the highlighted team's every indicator with the causes behind its change."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable

from ...core.goals import part as goal_part
from ...core.scoring import ranking
from ...wording import card_title, cause_in_round, goal_label, goal_measure, goal_title, team_name
from ..text import delta_style, esc, indicator_order, indicator_title, num, signed, sparkline

HEADLINE = ("score", "resilience", "prosperity", "budget", "political_capital")
SHORT = {"score": "Score", "resilience": "Resil.", "prosperity": "Prosp.", "budget": "Budget",
         "political_capital": "PC"}


def series(state, team: str, key: str) -> list[float]:
    """The indicator's value at the start and after every round played."""
    hist = state.history
    if not hist:
        return [state.indicators[team].get(key, 0.0)]
    first = hist[0]
    start = first.indicators[team].get(key, 0.0) - first.deltas[team].get(key, 0.0)
    return [start] + [r.indicators[team].get(key, 0.0) for r in hist]


def value_cell(value: float, delta: float | None) -> Text:
    t = Text(num(value))
    if delta is not None:
        t.append(" " + signed(delta), style=delta_style(delta))
    return t


class Scoreboard(DataTable):
    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True

    def show(self, state) -> None:
        rec = state.history[-1] if state.history else None
        ind = state.indicators
        order = ranking(ind)  # indicators are keyed in the world's team order
        self._first_team = order[0] if order else ""
        if not self.columns:
            self.add_column("#", key="rank")
            self.add_column("Team", key="team")
            self.add_column("Score", key="score")
            self.add_column("Trend", key="trend")
            for k in HEADLINE[1:]:
                self.add_column(SHORT[k], key=k)
        keep_team = self.team_at_cursor() if self.row_count else None
        self.clear()
        for i, team in enumerate(order):
            d = rec.deltas[team] if rec else {}
            cells = [str(i + 1), Text(team, style="bold"),
                     value_cell(ind[team]["score"], d.get("score") if rec else None),
                     Text(sparkline(series(state, team, "score"), 12), style="cyan")]
            for k in HEADLINE[1:]:
                cells.append(value_cell(ind[team].get(k, 0.0), d.get(k) if rec else None))
            self.add_row(*cells, key=team)
        if self.row_count:  # the cursor follows its team when the ranking changes
            self.move_cursor(row=order.index(keep_team) if keep_team in order else 0)

    def team_at_cursor(self) -> str:
        try:
            return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - empty table
            return getattr(self, "_first_team", "")


def team_detail(state, team: str, scn=None) -> str:
    """Every indicator of `team`: value, delta this round, trend, and the causes of the delta,
    worded from the cause records (game/wording.py); with no scenario, ids stand in for titles.
    One line per row of `team_detail_rows`."""
    return "\n".join(head + words for head, words in team_detail_rows(state, team, scn))


def team_detail_renderable(state, team: str, scn=None):
    """`team_detail` for the screen: a cause's words wrap under themselves, not under its
    delta, so a long card title stays readable at 80 columns."""
    parts = []
    for head, words in team_detail_rows(state, team, scn):
        if not words:
            parts.append(Text.from_markup(head))
            continue
        lead = Text.from_markup(head)
        row = Table.grid(padding=0, expand=True)
        row.add_column(width=lead.cell_len, no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(lead, Text.from_markup(words))
        parts.append(row)
    return Group(*parts)


def team_detail_rows(state, team: str, scn=None) -> list[tuple[str, str]]:
    """(head, words) markup per line: a cause line's head is its indent and delta and its words
    name the cause; every other line is all head."""
    rec = state.history[-1] if state.history else None
    ind = state.indicators[team]
    rows = [(f"[b]{team_name(scn, team)}[/b]: every indicator" + (f", round {rec.round}" if rec else ""), "")]
    goals = {g.key: g for g in scn.teams[team].goals} if scn is not None else {}
    now = {g.now_key: g for g in goals.values() if g.kind == "deny"}
    for key in indicator_order(ind):
        d = rec.deltas[team].get(key, 0.0) if rec else 0.0
        trend = sparkline(series(state, team, key), 12)
        # a deny goal's measure is the rival's access: a fall is good news for this team
        g = goals.get(key) or now.get(key)
        sign = -1.0 if g is not None and g.kind == "deny" else 1.0
        style = delta_style(sign * d)
        title = esc(goal_label(scn, g, now=key in now)) if g is not None else indicator_title(key, scn.world)
        rows.append((f"  {title:<32} {num(ind[key]):>7} [{style}]{signed(d):>6}[/] "
                     f"[cyan]{trend}[/]", ""))
        if rec:
            for cause, cd in rec.causes.get(team, {}).get(key, []):
                if abs(cd) >= 0.05:
                    words = cause_in_round(scn, state, cause, rec) if scn is not None else cause.id
                    rows.append((f"      [{delta_style(sign * cd)}]{signed(cd):>6}[/] ", esc(words)))
    if goals:  # each goal's contribution to the score: its 0-100 part x its weight
        rows.append(("", ""))
        rows.append(("Goals in the score:", ""))
        for key, g in goals.items():
            p = goal_part(scn, g, ind.get(key, 0.0))
            rows.append(("  ", f"{esc(goal_title(scn, g))}: {esc(goal_measure(g))} "
                               f"{num(ind.get(key, 0.0))}, part {p:.0f}/100 x weight {g.weight:.0%} = "
                               f"{p * g.weight:.1f} points"))
    if rec:
        plays = rec.plays.get(team) or []
        titles = [card_title(scn, c) if scn is not None else c for c in plays]
        rows.append(("", ""))
        rows.append(("Played: ", esc(", ".join(titles)) if titles else "nothing"))
        for r in rec.refused.get(team) or []:
            title = card_title(scn, r["card"]) if scn is not None else r["card"]
            rows.append(("[red]Refused at adjudication:[/] ", f"{esc(title)}: {esc(r['reason'])}"))
    return rows
