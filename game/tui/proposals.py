"""Joint cards, negotiated: a team proposes, the partners it names accept or decline.

A joint card resolves only if every named partner commits it in the same round (the core's
rule). Commits are sealed, so without a word between the parties a joint card is a blind
guess, and solo rivals used to propose the same card every round and be refused without the
player ever hearing of it. A proposal is that word: made when a team commits a joint card (or,
for a bot, when it plans to), seen by the parties only (`core.view.sees_proposal`), and
answered. Where each partner stands:

* "agreed": its commit holds the card;
* "accepted": it said yes and has not committed yet (the card is in its selection);
* "declined": it said no;
* "waiting": no answer yet ("waiting on JPN").

Bots answer at once: yes when the card, with its partners certain, is worth more to them than
it costs (the heuristic bot's own valuation), and they have room for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.rules import card_refusal, commit_refusal


@dataclass
class Proposal:
    card: str
    proposer: str
    answers: dict[str, str | None] = field(default_factory=dict)  # partner -> answer

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(self.answers)


def standing(state, p: Proposal) -> dict[str, str]:
    """partner -> agreed | accepted | declined | waiting (see the module docstring)."""
    out = {}
    for partner, answer in p.answers.items():
        commit = state.teams[partner].commit
        if commit is not None and p.card in commit:
            out[partner] = "agreed"
        elif answer == "declined" or commit is not None:
            out[partner] = "declined"  # committed without it: a no all the same
        else:
            out[partner] = answer or "waiting"
    return out


def status_text(state, p: Proposal) -> str:
    """'waiting on JPN', 'agreed by every partner', 'declined by USA'."""
    s = standing(state, p)
    declined = [t for t, v in s.items() if v == "declined"]
    waiting = [t for t, v in s.items() if v in ("waiting", "accepted")]
    if declined:
        return f"declined by {', '.join(declined)}"
    if waiting:
        return f"waiting on {', '.join(waiting)}"
    return "agreed by every partner"


def bot_answer(scn, state, team: str, card_id: str, plan: tuple[str, ...]) -> tuple[bool, tuple]:
    """A bot's answer to a proposal of `card_id`, and its commit if it says yes: the card is
    added, or takes the place of the bot's least valuable card when the bot is at its limit."""
    from ..bots.heuristic import JOINT_ODDS, card_value, money_value
    from ..bots.view import team_view

    view = team_view(state, team)
    if card_id in plan:
        return True, plan
    if card_refusal(scn, view, team, card_id) is not None:
        return False, plan
    lam = money_value(scn, team)

    def worth(cid: str) -> float:
        c = scn.cards[cid]
        v = card_value(scn, view, team, cid)
        return (v / JOINT_ODDS if c.joint else v) - lam * c.cost

    gain = worth(card_id)
    if gain <= 0:
        return False, plan
    candidates = [plan + (card_id,)]
    for weakest in sorted(plan, key=worth):
        if worth(weakest) < gain:
            candidates.append(tuple(c for c in plan if c != weakest) + (card_id,))
    for new in candidates:
        if commit_refusal(scn, view, team, new) is None:
            return True, new
    return False, plan
