"""What the room adds at the debrief: who will act on each recommendation, and who took part.

Both are kept in the game itself, as facilitator notes of their own kind (`plan`,
`participant`) whose text is a small JSON object: a note is already an action in the log, so
they are saved as they are typed, survive undo and export like everything else, and the report
reads them back from the game without a second store. A later entry for the same
recommendation replaces an earlier one (the room changes its mind).
"""

from __future__ import annotations

import json

from ..core.flow import Note

PLAN = "plan"
PARTICIPANT = "participant"
KINDS = (PLAN, PARTICIPANT)
PLAN_FIELDS = ("organisation", "poc", "start", "due")
PARTICIPANT_FIELDS = ("name", "organisation", "team", "role")
MAX_FIELD = 200


def _clean(v) -> str:
    return " ".join(str(v or "").split())[:MAX_FIELD]


def plan_note(key: str, organisation: str, poc: str, start: str = "", due: str = "") -> Note:
    """The note that records who acts on the recommendation `key` (see `plan_key`)."""
    body = {"key": key, "organisation": _clean(organisation), "poc": _clean(poc),
            "start": _clean(start), "due": _clean(due)}
    return Note(json.dumps(body, ensure_ascii=False, sort_keys=True), kind=PLAN)


def participant_note(name: str, organisation: str = "", team: str = "", role: str = "") -> Note:
    body = {"name": _clean(name), "organisation": _clean(organisation), "team": _clean(team),
            "role": _clean(role)}
    return Note(json.dumps(body, ensure_ascii=False, sort_keys=True), kind=PARTICIPANT)


def plan_key(team: str, item: dict) -> str:
    """A recommendation's name in the plan: the team, the area, and the card or shock it is
    about, so it survives re-rendering and re-ordering."""
    cause = item.get("cause") or {}
    return f"{team}/{item['area']}/{cause.get('id', '')}"


def _body(note: dict) -> dict | None:
    try:
        body = json.loads(note.get("text") or "")
    except (TypeError, ValueError):
        return None
    return body if isinstance(body, dict) else None


def read_plan(notes) -> dict[str, dict]:
    """key -> {organisation, poc, start, due}; the last entry for a key wins."""
    out: dict[str, dict] = {}
    for n in notes:
        if n.get("kind") != PLAN:
            continue
        body = _body(n)
        if body and isinstance(body.get("key"), str):
            out[body["key"]] = {f: _clean(body.get(f)) for f in PLAN_FIELDS}
    return out


def read_participants(notes, meta_participants=None) -> list[dict]:
    """Participants entered in the game, then any the save's metadata lists; one row per
    (name, team), in the order entered."""
    rows: list[dict] = []
    for n in notes:
        if n.get("kind") == PARTICIPANT:
            body = _body(n)
            if body and _clean(body.get("name")):
                rows.append({f: _clean(body.get(f)) for f in PARTICIPANT_FIELDS})
    for p in meta_participants or ():
        if isinstance(p, dict) and _clean(p.get("name")):
            rows.append({f: _clean(p.get(f)) for f in PARTICIPANT_FIELDS})
    seen, out = set(), []
    for r in rows:
        k = (r["name"], r["team"])
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
