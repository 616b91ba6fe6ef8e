"""Writing the after-action report from the app: where it goes, what it is told, what it says.

Reports go to a reports folder, never the directory the app happened to start in:
`--reports DIR` on `chokepoint play`, else $CHOKEPOINT_REPORTS, else "Chokepoint reports" in the
user's documents folder. The report gets the same facts the CLI gives it (the save's creation
time as the date of play, the save's notes), so both write the same report of one game.
"""

from __future__ import annotations

import os
from pathlib import Path

from .text import esc

ENV_VAR = "CHOKEPOINT_REPORTS"


def reports_dir(configured: str | Path | None = None) -> Path:
    if configured:
        return Path(configured).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_documents_path() / "Chokepoint reports"


def report_meta(handle) -> tuple[dict, list[dict] | None]:
    """(meta, notes) for `render_report`, as `chokepoint report` builds them from the save."""
    meta = {"mode": handle.mode, "teams": {t: handle.controller(t) for t in handle.scenario.world.teams}}
    notes = None
    if handle.game_id:
        meta["game_id"] = handle.game_id
        if handle.store is not None:
            try:
                info = handle.store.game(handle.game_id)
                meta["created"] = info.get("created")
                notes = handle.store.notes(handle.game_id)
            except Exception:  # noqa: BLE001 - the report can do without; the game goes on
                pass
    if handle.created and "created" not in meta:
        meta["created"] = handle.created
    return meta, notes


class ReportJob:
    """One report to write: everything it needs is gathered on the app's thread (the save is
    read there: a database connection must not cross threads) and the game is copied, so
    `run` can go on in a worker thread while play continues. Building the model replays the
    teams' decisions under other shock draws and takes seconds; it is built once for both
    formats."""

    def __init__(self, handle, directory: str | Path | None = None):
        from ..session import Session

        self.folder = reports_dir(directory)
        stem = f"chokepoint-{handle.scenario.id}-seed{handle.session.seed}"
        if handle.game_id:
            stem += f"-{handle.game_id}"
        if not handle.over:
            stem += f"-round{handle.state.round}"
        self.stem = stem
        self.meta, self.notes = report_meta(handle)
        live = handle.session
        self.session = Session(live.scenario, live.seed, live.explain)
        self.session.state = live.state.clone()
        self.session.log = list(live.log)

    def run(self) -> tuple[bool, str]:
        """Write Markdown and HTML; returns (ok, message for the screen); never raises."""
        try:
            from ..report import build_model, render_model
        except ImportError:
            return False, ("The after-action report is not available in this build "
                           "(game.report is missing). The game's log is kept; nothing is lost.")
        written = []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            model = build_model(self.session, meta=self.meta, notes=self.notes)
            for fmt in ("md", "html"):
                out = render_model(model, fmt)
                path = self.folder / f"{self.stem}.{fmt}"
                path.write_text(out, encoding="utf-8")
                written.append(str(path.resolve()))
        except Exception as exc:  # noqa: BLE001 - whatever the report does, the game stays up
            done = f" (written: {', '.join(written)})" if written else ""
            return False, f"The report could not be written to {self.folder}: {exc}{done}"
        return True, "Report written: " + " and ".join(written)


def write_report(handle, directory: str | Path | None = None) -> tuple[bool, str]:
    """Write the report (Markdown and HTML) of the game as it stands, in any phase, here and
    now. Returns (ok, message for the screen); never raises."""
    return ReportJob(handle, directory).run()


__all__ = ["ENV_VAR", "ReportJob", "esc", "report_meta", "reports_dir", "write_report"]
