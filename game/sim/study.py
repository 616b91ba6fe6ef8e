"""Studies: scenarios (or variants of them) x bot line-ups x seeds, run as one job, into SQLite.

A study file says what an analyst wants compared:

    study: chip_lineups            # a name, kept in every row
    runs: 200                      # games per cell (runs 0..199 of the batch seed)
    seed: 0                        # the batch seed: every cell plays the same game seeds
    scenarios:
      - semiconductor_chokepoint   # a bundled scenario, or a path to a scenario file
      - variant: chips_usa_par_48  # a scenario with some values changed
        from: semiconductor_chokepoint
        set: {teams.USA.par: 48}
    lineups:                       # a name and a bot spec, as `simulate --bots`
      heuristic: heuristic
      kor_lookahead: KOR=lookahead

Each scenario x line-up is a cell: one batch, exactly what `simulate` would play with the same
scenario, bots, seed and runs. Every cell plays the same game seeds, so line-ups meet the same
shock draws (common random numbers: differences between cells are the policies, not luck).
Results go to two plain tables that `sqlite-utils` and Datasette open as they are:
`study_games`, one row per team per game, and `study_cells`, what each cell was.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from ..bots import parse_bots
from ..content import ContentError, Problem, load_library, load_scenario
from ..content.yamlsrc import Source, format_path, read_yaml
from ..core.scenario import Scenario
from .runner import FINAL_INDICATORS, Batch, run_batch

GAMES_TABLE = "study_games"
CELLS_TABLE = "study_cells"
NAME = re.compile(r"^[a-z0-9_]+$")
STUDY_KEYS = {"study", "runs", "seed", "scenarios", "lineups"}


class VariantKeyError(Exception):
    """A variant's `set` names a key the scenario does not have."""

    def __init__(self, key: str, message: str):
        self.key, self.message = key, message
        super().__init__(f"{key}: {message}")


@dataclass(frozen=True, slots=True)
class StudyCell:
    scenario: str  # the scenario id, or the variant's name
    lineup: str
    bot_spec: str
    source: str  # a bundled scenario id or an absolute path to a scenario file
    changes: dict  # dotted key -> value, for a variant ({} otherwise)
    scn: Scenario


@dataclass(frozen=True, slots=True)
class Study:
    name: str
    file: str
    runs: int
    seed: int
    cells: list[StudyCell]


# ---------------------------------------------------------------- reading a study ------
def load_study(path: Path) -> Study:
    """The study in `path`, every scenario built and every bot spec checked; all problems at
    once as a ContentError (`file:line: key: message`)."""
    src = read_yaml(path)
    problems: list[Problem] = []

    def bad(key_path: tuple, msg: str) -> None:
        problems.append(Problem(src.file, src.line(key_path), format_path(key_path), msg))

    data = src.data
    if not isinstance(data, dict):
        raise ContentError([Problem(src.file, 1, "", "a study is a mapping with the keys "
                                    + ", ".join(sorted(STUDY_KEYS)))])
    for key in sorted(set(data) - STUDY_KEYS):
        bad((key,), f"unknown key '{key}' (a study has: {', '.join(sorted(STUDY_KEYS))})")
    for key in ("study", "scenarios", "lineups"):
        if key not in data:
            bad((), f"required key '{key}' is missing")
    name = data.get("study")
    if "study" in data and not (isinstance(name, str) and NAME.match(name)):
        bad(("study",), f"a name of lower-case letters, digits and '_', got {name!r}")
    runs, seed = data.get("runs", 100), data.get("seed", 0)
    if not (isinstance(runs, int) and not isinstance(runs, bool) and runs >= 1):
        bad(("runs",), f"games per cell: a whole number of at least 1, got {runs!r}")
    if not (isinstance(seed, int) and not isinstance(seed, bool)):
        bad(("seed",), f"the batch seed: a whole number, got {seed!r}")
    lineups = data.get("lineups")
    if "lineups" in data and not (isinstance(lineups, dict) and lineups):
        bad(("lineups",), "a mapping of line-up names to bot specs, e.g. heuristic: heuristic")
        lineups = {}
    scenarios = data.get("scenarios")
    if "scenarios" in data and not (isinstance(scenarios, list) and scenarios):
        bad(("scenarios",), "a list of scenario ids, scenario files or variants")
        scenarios = []
    built: list[tuple[str, str, dict, Scenario]] = []
    for i, entry in enumerate(scenarios or []):
        try:
            built.append(_scenario_entry(src, path, i, entry))
        except ContentError as exc:
            problems += exc.problems
            continue
        if built[-1][0] in {sid for sid, *_ in built[:-1]}:
            bad(("scenarios", i), f"scenario '{built[-1][0]}' is listed twice")
    # a line-up names teams of every scenario's world (the default world's with none built)
    worlds = list(dict.fromkeys(s.world.teams for *_, s in built)) or [None]
    for lname, spec in (lineups or {}).items():
        try:
            if not isinstance(spec, str):
                raise ValueError(f"a bot spec such as KOR=lookahead, got {spec!r}")
            for teams in worlds:
                parse_bots(spec, teams=teams)
        except ValueError as exc:
            bad(("lineups", lname), str(exc))
    if problems:
        raise ContentError(problems)
    cells = [StudyCell(sid, str(lname), spec, source, changes, scn)
             for sid, source, changes, scn in built for lname, spec in lineups.items()]
    return Study(name, src.file, runs, seed, cells)


def _scenario_entry(src: Source, study_path: Path, i: int,
                    entry) -> tuple[str, str, dict, Scenario]:
    where = ("scenarios", i)
    if isinstance(entry, str):
        source = _source(study_path, entry)
        return _load(src, where, source, {}, None)
    if not isinstance(entry, dict) or set(entry) - {"variant", "from", "set"} or not {
            "variant", "from", "set"} <= set(entry):
        raise ContentError([Problem(src.file, src.line(where), f"scenarios[{i}]",
                                    "a scenario id or file, or a mapping with variant, from "
                                    "and set")])
    name = entry["variant"]
    if not (isinstance(name, str) and NAME.match(name)):
        raise ContentError([Problem(src.file, src.line(where + ("variant",)),
                                    f"scenarios[{i}].variant",
                                    f"a name of lower-case letters, digits and '_', got {name!r}")])
    changes = entry["set"]
    if not isinstance(changes, dict) or not changes:
        raise ContentError([Problem(src.file, src.line(where + ("set",)), f"scenarios[{i}].set",
                                    "a mapping of dotted keys to new values, e.g. teams.USA.par: 48")])
    source = _source(study_path, str(entry["from"]))
    return _load(src, where, source, {str(k): v for k, v in changes.items()}, name)


def _source(study_path: Path, ref: str) -> str:
    """A bundled id stays an id; a file is resolved against the study file's folder."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        p = Path(ref)
        return str(p if p.is_absolute() else (study_path.parent / p).resolve())
    return ref


def build_variant(source: str, changes: dict, name: str | None) -> Scenario:
    """The scenario `source` (a bundled id or a file), with `changes` (dotted keys) applied to
    its YAML and its id set to `name`, validated exactly as a scenario file would be."""
    if not changes and name is None:
        return load_scenario(source)
    data = _scenario_data(source)
    data = copy.deepcopy(data)
    for key, value in changes.items():
        try:
            _set_dotted(data, key, value)
        except KeyError as exc:
            raise VariantKeyError(key, exc.args[0]) from None
    data["id"] = name
    data["default"] = False
    if source.endswith((".yaml", ".yml")):  # the copy is written elsewhere: files it names
        _absolute_refs(data, Path(source).resolve().parent)  # beside it stay found
    with tempfile.TemporaryDirectory(prefix="chokepoint-variant-") as tmp:
        f = Path(tmp) / f"{name}.yaml"
        f.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return load_scenario(str(f))


def _absolute_refs(data: dict, base: Path) -> None:
    """A world file and deck files named relative to the scenario, made absolute."""
    world = data.get("world")
    if isinstance(world, str) and world.endswith((".yaml", ".yml")):
        data["world"] = str(base / world)
    decks = data.get("decks")
    if isinstance(decks, list):
        data["decks"] = [str(base / d) if isinstance(d, str) and d.endswith((".yaml", ".yml"))
                         else d for d in decks]


def _scenario_data(source: str) -> dict:
    if source.endswith((".yaml", ".yml")):
        return read_yaml(Path(source)).data  # type: ignore[return-value]
    lib = load_library()
    if source not in lib.scenarios:
        known = ", ".join(sorted(lib.scenarios)) or "none"
        raise ContentError([Problem("scenarios", 0, "", f"unknown scenario '{source}' "
                                    f"(known: {known})")])
    return lib.scenarios[source][1].data  # type: ignore[return-value]


def _set_dotted(data: dict, key: str, value) -> None:
    parts = key.split(".")
    node = data
    for j, part in enumerate(parts[:-1]):
        node = _child(node, part, ".".join(parts[: j + 1]))
    last = parts[-1]
    if isinstance(node, list):
        if not last.isdigit() or int(last) >= len(node):
            raise KeyError(f"no item {last} in '{'.'.join(parts[:-1])}'")
        node[int(last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise KeyError(f"'{'.'.join(parts[:-1])}' is a value, not a mapping")


def _child(node, part: str, so_far: str):
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    raise KeyError(f"the scenario has no '{so_far}'")


def _load(src: Source, where: tuple, source: str, changes: dict,
          name: str | None) -> tuple[str, str, dict, Scenario]:
    label = f"scenarios[{where[1]}]"
    try:
        scn = build_variant(source, changes, name)
    except VariantKeyError as exc:
        raise ContentError([Problem(src.file, src.line(where + ("set", exc.key)),
                                    f"{label}.set.{exc.key}", exc.message)]) from None
    except ContentError as exc:  # say where in the study, then what the scenario check found
        if name is None:  # a problem inside a scenario file keeps its file and line
            what = [str(p) if p.line else p.message for p in exc.problems]
        else:  # the variant's file was a temporary one: name the key, not the file
            what = [f"variant {name!r}: " + (f"{p.path}: {p.message}" if p.path else p.message)
                    for p in exc.problems]
        raise ContentError([Problem(src.file, src.line(where), label, w) for w in what]) from None
    return scn.id, source, changes, scn


# ---------------------------------------------------------------- running it ------------
def run_study(study: Study, jobs: int | None = None, client=None,
              progress: Callable[[int], None] | None = None) -> list[Batch]:
    """Every cell's batch, in the study's order. With a dask `client`, all cells' chunks go to
    the cluster as one job; otherwise cell after cell in local worker processes."""
    if client is not None:
        from .cluster import Cell, run_cells

        return run_cells(client, [Cell(c.scn, c.bot_spec, study.seed, study.runs)
                                  for c in study.cells], progress)
    return [run_batch(c.scn, study.runs, study.seed, jobs, c.bot_spec, progress=progress)
            for c in study.cells]


def total_games(study: Study) -> int:
    return study.runs * len(study.cells)


# ---------------------------------------------------------------- the tables -----------
def write_results(db_path: Path, study: Study, batches: list[Batch]) -> int:
    """Rows into `study_games` and `study_cells`, replacing an earlier run of the same study
    (a study is reproducible, so a rerun writes the same rows). Returns the rows written."""
    from sqlite_utils import Database

    db = Database(db_path)
    ran_at = datetime.now(UTC).isoformat(timespec="seconds")
    with db.conn:
        for table in (GAMES_TABLE, CELLS_TABLE):
            if table in db.table_names():
                db[table].delete_where("study = ?", [study.name])
        db[CELLS_TABLE].insert_all(
            ({"study": study.name, "scenario": c.scenario, "lineup": c.lineup,
              "bots": c.bot_spec, "source": c.source, "changes": json.dumps(c.changes),
              "runs": b.runs, "batch_seed": b.seed, "workers": b.jobs,
              "seconds": round(b.seconds, 3), "study_file": study.file, "ran_at": ran_at}
             for c, b in zip(study.cells, batches)),
            pk=("study", "scenario", "lineup"))
        rows = list(_game_rows(study, batches))
        db[GAMES_TABLE].insert_all(rows, pk=("study", "scenario", "lineup", "run", "team"),
                                   batch_size=1000)
    for col in ("scenario", "lineup", "team"):
        db[GAMES_TABLE].create_index([col], if_not_exists=True)
    return len(rows)


def _game_rows(study: Study, batches: list[Batch]):
    for c, b in zip(study.cells, batches):
        for run, rec in enumerate(b.records):
            for t in c.scn.world.teams:
                f = rec["final"][t]
                yield {"study": study.name, "scenario": c.scenario, "lineup": c.lineup,
                       "run": run, "seed": rec["seed"], "team": t, "bot": b.bots.get(t, ""),
                       **{k: f[k] for k in FINAL_INDICATORS}, "rank": f["rank"],
                       "won": int(f["rank"] == 1), "played": json.dumps(rec["played"][t])}


@dataclass(frozen=True, slots=True)
class StoredCell:
    study: str
    scenario: str
    lineup: str
    scn: Scenario
    batch: Batch


def read_results(db_path: Path, study_name: str | None = None) -> list[StoredCell]:
    """The cells of a study back from its tables, as batches `summarize` and the balance report
    take: the same records the run produced, so the same summary. Each cell's scenario is
    rebuilt from its source and changes (the content as it is now)."""
    from sqlite_utils import Database

    if not db_path.is_file():
        raise ContentError([Problem(str(db_path), 0, "", "no such file")])
    db = Database(db_path)
    if CELLS_TABLE not in db.table_names() or GAMES_TABLE not in db.table_names():
        raise ContentError([Problem(str(db_path), 0, "", f"no study results here (tables "
                                    f"{CELLS_TABLE} and {GAMES_TABLE})")])
    studies = sorted({r["study"] for r in db[CELLS_TABLE].rows})
    if study_name is None:
        if len(studies) != 1:
            raise ContentError([Problem(str(db_path), 0, "", "several studies here: choose "
                                        f"one with --study-name ({', '.join(studies)})")])
        study_name = studies[0]
    elif study_name not in studies:
        raise ContentError([Problem(str(db_path), 0, "", f"no study '{study_name}' here "
                                    f"(studies: {', '.join(studies) or 'none'})")])
    out = []
    scenarios: dict[tuple[str, str], Scenario] = {}
    for cell in db[CELLS_TABLE].rows_where("study = ?", [study_name], order_by="rowid"):
        key = (cell["source"], cell["changes"])
        if key not in scenarios:
            changes = json.loads(cell["changes"])
            scenarios[key] = build_variant(cell["source"], changes,
                                           cell["scenario"] if changes else None)
        records: list[dict] = [{} for _ in range(cell["runs"])]
        for row in db[GAMES_TABLE].rows_where(
                "study = ? AND scenario = ? AND lineup = ?",
                [study_name, cell["scenario"], cell["lineup"]], order_by="run, rowid"):
            rec = records[row["run"]]
            rec.setdefault("seed", row["seed"])
            rec.setdefault("final", {})[row["team"]] = {
                **{k: row[k] for k in FINAL_INDICATORS}, "rank": row["rank"]}
            rec.setdefault("played", {})[row["team"]] = json.loads(row["played"])
        if any(set(r.get("final", ())) != set(scenarios[key].world.teams) for r in records):
            raise ContentError([Problem(str(db_path), 0, "", f"study '{study_name}', cell "
                                        f"{cell['scenario']} x {cell['lineup']}: games are "
                                        "missing from the table")])
        bots = {r["team"]: r["bot"] for r in db[GAMES_TABLE].rows_where(
            "study = ? AND scenario = ? AND lineup = ? AND run = 0",
            [study_name, cell["scenario"], cell["lineup"]])}
        batch = Batch(scenarios[key].id, cell["batch_seed"], cell["runs"], cell["workers"],
                      bots, records, cell["seconds"])
        out.append(StoredCell(study_name, cell["scenario"], cell["lineup"], scenarios[key], batch))
    return out
