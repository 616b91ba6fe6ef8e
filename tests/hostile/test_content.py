"""Content files an author (or a break-tester) might write: validate refuses them with
`file:line: key: message`, or accepts them and then the game runs to its end with valid JSON.
Never a traceback, never a hang, never NaN, never a file that should have been refused."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.content.loader import content_root

from .harness import Outcome, check, cli, fast, slow, strict_json

HOSTILE = [float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 10**30, -(10**30), -1, 0,
           2**63, 100000, "", "   ", "\t", None, [], {}, True, "x" * 6000, "\x1b[2J", "\u202e",
           [[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]], {"kind": "nope"},
           "semiconductors", "KOR", ".nan", "1e999"]


def _base_files() -> dict[str, dict]:
    root = content_root()
    scn = yaml.safe_load((root / "scenarios" / "semiconductor_chokepoint.yaml").read_text())
    scn["id"], scn["default"] = "hostile_scn", False
    deck = yaml.safe_load((root / "decks" / "korea.yaml").read_text())
    deck["deck"] = "hostile_deck"
    for c in deck.get("cards", []):
        c["id"] = f"h_{c['id']}"
    return {"scenario": scn, "deck": deck}


BASES = _base_files()


def _paths(data, prefix=()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, prefix + (i,))
    return out


PATHS = {k: _paths(v) for k, v in BASES.items()}

RAW = [
    "a: &a [*a]\n",
    "x: " + "[" * 40 + "]" * 40 + "\n",
    "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    .replace("b: &b", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b', 1),
    "\x00\x01\x02",
    "\ufeffdeck: x\ncards: []\n",
    "deck: [unclosed\n",
    "- just\n- a list\n",
    "'str'\n",
    "!!python/object:os.system ['true']\n",
    "deck: ok\ncards:\n  - &c {id: x}\n  - *c\n",
]


class Doc(tuple):
    """(file name, text, must_refuse), shown short when Hypothesis reports a failure."""

    def __repr__(self) -> str:
        name, text, must = self
        return f"Doc({name!r}, {text[:300]!r}{'...' if len(text) > 300 else ''}, {must})"


@st.composite
def documents(draw):
    """(file name, text, expect_refusal): a bundled file with one value replaced, a key
    repeated, text cut or spliced, or one of the classic YAML attacks."""
    kind = draw(st.sampled_from(["set", "set", "set", "dup", "cut", "raw", "splice"]))
    base = draw(st.sampled_from(sorted(BASES)))
    data = yaml.safe_load(yaml.safe_dump(BASES[base]))
    must_refuse = False
    if kind == "set":
        path = draw(st.sampled_from(PATHS[base][1:]))
        value = draw(st.one_of(st.sampled_from(HOSTILE), st.integers(), st.floats(),
                               st.text(max_size=12), st.floats(0, 1), st.integers(1, 12),
                               st.floats(0, 100)))
        parent = data
        for p in path[:-1]:
            parent = parent[p]
        parent[path[-1]] = value
        must_refuse = isinstance(value, float) and not math.isfinite(value)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif kind == "raw":
        text = draw(st.sampled_from(RAW))
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "dup":  # a top-level key written twice
            top = [ln for ln in lines if re.match(r"^[a-z_]+:", ln)]
            text = text + draw(st.sampled_from(top))
            must_refuse = True
        elif kind == "cut":
            text = "".join(lines[:at]) + lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            text = "".join(lines[:at]) + draw(st.text(max_size=20)) + "".join(lines[at:])
    return Doc((f"{base}.yaml", text, must_refuse))


def content_property(tmp: Path, doc) -> Outcome:
    name, text, must_refuse = doc
    f = tmp / name
    f.write_text(text, encoding="utf-8", errors="surrogatepass") if _encodable(text) \
        else f.write_bytes(text.encode("utf-8", "replace"))
    o = cli("validate", f)
    if o.kind != "ok":
        return o
    if must_refuse:
        return Outcome("wrong", f"validate accepted {name} that should be refused")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return Outcome("wrong", "validate accepted text that is not YAML")
    if _has_non_finite(data):
        return Outcome("wrong", f"validate accepted NaN or infinity in {name}")
    if isinstance(data, dict) and ("rounds" in data or "teams" in data):  # a scenario
        r = cli("run", f, "--seed", "3", "--json")
        if r.kind != "ok":
            return r if r.failed else Outcome("wrong", f"validated, then run refused: {r.detail}")
        try:
            strict_json(r.stdout)
        except ValueError as exc:
            return Outcome("wrong", f"run --json printed invalid JSON ({exc})")
    return o


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _has_non_finite(data) -> bool:
    if isinstance(data, float):
        return not math.isfinite(data)
    if isinstance(data, dict):
        return any(_has_non_finite(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_non_finite(v) for v in data)
    return False


@fast
@given(doc=documents())
def test_hostile_content_files(tmp_path_factory, doc):
    check("content", content_property(tmp_path_factory.mktemp("c"), doc))


@pytest.mark.slow
@slow
@given(doc=documents())
def test_hostile_content_files_many(tmp_path_factory, doc):
    check("content", content_property(tmp_path_factory.mktemp("c"), doc))
