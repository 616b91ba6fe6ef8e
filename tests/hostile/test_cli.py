"""Command lines a person might type: any command, odd values, and --db / -o paths that are
folders, files standing in for folders, FIFOs, devices, missing or read-only places."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Outcome, check, cli, fast, slow, strict_json

SEEDS = st.one_of(st.integers(-2**70, 2**70), st.sampled_from(["x", "", "1e3", "0x10", "-0"]))
WORDS = st.one_of(st.sampled_from(["semiconductor_chokepoint", "battery_minerals", "nope",
                                   "../../etc/passwd", "x.yaml", "", "-", "--json", "[red]",
                                   "\x1b[31m", "KOR=random", "random", "heuristic",
                                   "KOR=nope", "md", "html", "pdf", "a4", "letter"]),
                  st.text(alphabet=st.characters(blacklist_categories=["Cs"],
                                                 blacklist_characters="\x00"), max_size=12))
PLACES = ["new.db", ".", "dir", "file/x.db", "fifo", "/dev/null", "/dev/full", "missing/x.db",
          "file", "ro/x.db", "save.db", "", "x" * 300, "out.md", "dir/", "tpl.md.j2"]


def _place(tmp: Path, name: str) -> str:
    if name.startswith("/") or name == "":
        return name
    return str(tmp / name)


@st.composite
def argvs(draw):
    place = st.sampled_from(PLACES)
    cmd = draw(st.sampled_from(["run", "validate", "cards", "shocks", "scenarios", "schema",
                                "games", "show", "export", "import", "delete", "resume",
                                "report", "simulate"]))
    a: list = []
    if cmd == "run":
        a = ["run"] + draw(st.lists(WORDS, max_size=1))
        a += draw(st.sampled_from([[], ["--seed", draw(SEEDS)]]))
        a += draw(st.sampled_from([[], ["--json"]]))
        a += draw(st.sampled_from([[], ["--db", ("P", draw(place))], ["--save"]]))
        a += draw(st.sampled_from([[], ["--stop-after-round", draw(SEEDS)]]))
        a += draw(st.sampled_from([[], ["--bots", draw(WORDS)]]))
    elif cmd == "validate":
        a = ["validate"] + [("P", p) for p in draw(st.lists(place, max_size=2))]
    elif cmd in ("cards", "shocks", "scenarios", "schema"):
        a = [cmd] + draw(st.sampled_from([[], ["--json"]]))
    elif cmd == "games":
        a = ["games", "--db", ("P", draw(place))] + draw(st.sampled_from([[], ["--json"]]))
    elif cmd in ("show", "export", "delete"):
        a = ["games", cmd, draw(st.one_of(WORDS, st.just("GAME"))), "--db", ("P", draw(place))]
        if cmd == "export":
            a += draw(st.sampled_from([[], ["-o", ("P", draw(place))]]))
    elif cmd == "import":
        a = ["games", "import", ("P", draw(place)), "--db", ("P", draw(place))]
    elif cmd == "resume":
        a = [draw(st.sampled_from(["resume", "finish"])), draw(st.one_of(WORDS, st.just("GAME"))),
             "--db", ("P", draw(place)), draw(st.sampled_from(["--json", "--yes"]))]
        if a[0] == "resume":  # without --json, resume opens the terminal app
            a[-1] = "--json"
    elif cmd == "report":
        a = ["report"] + draw(st.sampled_from([["GAME", "--db", ("P", "save.db")],
                                               ["--scenario", draw(WORDS)],
                                               ["--seed", draw(SEEDS)], []]))
        a += draw(st.sampled_from([[], ["--format", draw(WORDS)]]))
        a += draw(st.sampled_from([[], ["-o", ("P", draw(place))]]))
        a += draw(st.sampled_from([[], ["--template", ("P", draw(place))]]))
        a += draw(st.sampled_from([[], ["--paper", draw(WORDS)]]))
    else:
        a = ["simulate", "--runs", draw(st.integers(-1, 3)), "--jobs", draw(st.integers(0, 2))]
        a += draw(st.sampled_from([[], ["--bots", draw(WORDS)], ["--seed", draw(SEEDS)]]))
        a += draw(st.sampled_from([[], ["--report", ("P", draw(place))], ["--json"]]))
    return a


def _setup(tmp: Path, game_save: tuple[Path, str] | None) -> dict:
    (tmp / "dir").mkdir(exist_ok=True)
    (tmp / "file").write_text("not a folder")
    fifo = tmp / "fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    (tmp / "ro").mkdir(exist_ok=True)
    (tmp / "tpl.md.j2").write_text("{{ scenario.title }} {% for i in range(3) %}{{ i }}{% endfor %}")
    game_id = "00000000"
    if game_save is not None:
        import shutil

        shutil.copyfile(game_save[0], tmp / "save.db")
        game_id = game_save[1]
    return {"GAME": game_id}


def cli_property(tmp: Path, argv, game_save=None) -> Outcome:
    names = _setup(tmp, game_save)
    args = []
    for x in argv:
        if isinstance(x, tuple):
            args.append(_place(tmp, x[1]))
        else:
            args.append(names.get(x, x) if isinstance(x, str) else x)
    o = cli(*args, env={"CHOKEPOINT_DB": str(tmp / "env.db")})
    if o.kind == "ok" and "--json" in args and args[0] in ("run", "games", "cards", "shocks",
                                                           "scenarios", "simulate"):
        try:
            strict_json(o.stdout)
        except (ValueError, IndexError) as exc:
            return Outcome("wrong", f"{args}: --json printed invalid JSON ({exc})")
    return o


@pytest.fixture(scope="module")
def game_save(tmp_path_factory, bundled_scenario):
    from .saves import make_save

    path = tmp_path_factory.mktemp("cli") / "save.db"
    return path, make_save(path, bundled_scenario, rounds=1)


@fast
@given(argv=argvs())
def test_hostile_command_lines(tmp_path_factory, game_save, argv):
    check("cli", cli_property(tmp_path_factory.mktemp("a"), argv, game_save))


@pytest.mark.slow
@slow
@given(argv=argvs())
def test_hostile_command_lines_many(tmp_path_factory, game_save, argv):
    check("cli", cli_property(tmp_path_factory.mktemp("a"), argv, game_save))
