"""Crafted import documents: refused with one line and nothing written (not even a new
file), or accepted only if the game verifies, with ids that are short slugs and a scenario
that is a bundled id, never a path."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Outcome, check, cli, fast, slow, table_dump
from .saves import MARK, copy_save

HOSTILE = [None, True, 0, -1, 1.5, float("nan"), 2**63, -(2**64), "", " ", "../../x",
           "/etc/passwd", "scenarios/semiconductor_chokepoint.yaml", "\x1b[2J", "x" * 5000,
           [], {}, {"type": "note"}, [1, [2, [3]]], "semiconductor_chokepoint", "debrief",
           "finished", "unfinished", "note", "undo", "2026-01-01T00:00:00"]


def _paths(data, prefix=()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, prefix + (i,))
    return out


@st.composite
def mutations(draw):
    return {"kind": draw(st.sampled_from(["set", "set", "set", "delete", "extra", "text",
                                          "dup", "raw"])),
            "pick": draw(st.integers(0, 10**6)),
            "value": draw(st.one_of(st.sampled_from(HOSTILE), st.integers(-5, 50),
                                    st.text(max_size=10))),
            "raw": draw(st.sampled_from(["", "null", "[]", "{", "NaN", '{"format": 1}',
                                         "[" * 5000, '"chokepoint-game"']))}


def _mutate(doc: dict, m: dict):
    """The document with one change; returns (text, touched_verified)."""
    if m["kind"] == "raw":
        return m["raw"], True
    doc = copy.deepcopy(doc)
    paths = _paths(doc)[1:]
    path = paths[m["pick"] % len(paths)]
    parent = doc
    for p in path[:-1]:
        parent = parent[p]
    key = path[-1]
    if m["kind"] == "set":
        parent[key] = m["value"]
    elif m["kind"] == "delete":
        del parent[key]
    elif m["kind"] == "extra":
        target = parent[key] if isinstance(parent[key], (dict, list)) else parent
        if isinstance(target, dict):
            target["extra"] = m["value"]
        else:
            target.append(m["value"])
    elif m["kind"] == "text":  # a note's text, or any text, changed
        notes = doc["notes"]
        if notes:
            notes[m["pick"] % len(notes)]["text"] = f"{MARK} edited"
    else:  # dup: a row repeated
        rows = doc["actions"] if m["pick"] % 2 else doc["notes"]
        if rows:
            rows.append(copy.deepcopy(rows[m["pick"] % len(rows)]))
    return json.dumps(doc, ensure_ascii=False), True


def import_property(pristine, tmp: Path, m, exported: dict | None = None) -> Outcome:
    src, game_id = pristine
    if exported is None:
        r = cli("games", "export", game_id, "--db", src)
        exported = json.loads(r.stdout)
    text, _ = _mutate(exported, m)
    doc = tmp / "doc.json"
    doc.write_text(text, encoding="utf-8")
    # into a new file: a refusal must not create it
    new = tmp / "new.db"
    o = cli("games", "import", doc, "--db", new)
    if o.kind == "refused" and new.exists():
        return Outcome("wrong", f"refused, but created {new}: {m}")
    if o.kind != "ok":
        return o
    imported = o.stdout.strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", imported):
        return Outcome("wrong", f"accepted the game id {imported!r}")
    shown = cli("games", "show", imported, "--db", new)
    if shown.kind != "ok":
        return Outcome("wrong", f"accepted a game that then does not load: {shown.detail}")
    if MARK in shown.output:
        return Outcome("wrong", f"accepted an edited note: {m}")
    # into a file that holds the same game: refused, nothing changed
    target = copy_save(src, tmp / "target.db")
    before = table_dump(target)
    again = cli("games", "import", doc, "--db", target)
    if again.kind == "ok" and imported == game_id:
        return Outcome("wrong", "imported a game id that is already in the file")
    if again.kind == "refused" and table_dump(target) != before:
        return Outcome("wrong", "a refused import changed the file")
    return o


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, bundled_scenario):
    from .saves import make_save

    path = tmp_path_factory.mktemp("imp") / "save.db"
    return path, make_save(path, bundled_scenario)


@pytest.fixture(scope="module")
def exported(pristine):
    r = cli("games", "export", pristine[1], "--db", pristine[0])
    assert r.kind == "ok", r.detail
    return json.loads(r.stdout)


@fast
@given(m=mutations())
def test_crafted_import_documents(tmp_path_factory, pristine, exported, m):
    check("imports", import_property(pristine, tmp_path_factory.mktemp("i"), m, exported))


@pytest.mark.slow
@slow
@given(m=mutations())
def test_crafted_import_documents_many(tmp_path_factory, pristine, exported, m):
    check("imports", import_property(pristine, tmp_path_factory.mktemp("i"), m, exported))
