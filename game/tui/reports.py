"""Writing the after-action report from the app: where it goes, what it is told, what it says.

Reports go to a reports folder, never the directory the app happened to start in:
`--reports DIR` on `chokepoint play`, else $CHOKEPOINT_REPORTS, else "Chokepoint reports" in the
user's documents folder. The report gets the same facts the CLI gives it (the save's creation
time as the date of play, the save's notes), so both write the same report of one game.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.world import TEAMS
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
    meta = {"mode": handle.mode, "teams": {t: handle.controller(t) for t in TEAMS}}
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


def write_report(handle, directory: str | Path | None = None) -> tuple[bool, str]:
    """Write the report (Markdown and HTML) of the game as it stands, in any phase.
    Returns (ok, message for the screen); never raises."""
    try:
        from ..report import render_report
    except ImportError:
        return False, ("The after-action report is not available in this build "
                       "(game.report is missing). The game's log is kept; nothing is lost.")
    folder = reports_dir(directory)
    stem = f"chokepoint-{handle.scenario.id}-seed{handle.session.seed}"
    if handle.game_id:
        stem += f"-{handle.game_id}"
    if not handle.over:
        stem += f"-round{handle.state.round}"
    meta, notes = report_meta(handle)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in ("md", "html"):
            out = render_report(handle.session, fmt=fmt, meta=meta, notes=notes)
            path = folder / f"{stem}.{fmt}"
            if isinstance(out, bytes):
                path.write_bytes(out)
            else:
                path.write_text(out, encoding="utf-8")
            written.append(str(path.resolve()))
    except Exception as exc:  # noqa: BLE001 - whatever the report does, the game stays up
        done = f" (written: {', '.join(written)})" if written else ""
        return False, f"The report could not be written to {folder}: {exc}{done}"
    return True, "Report written: " + " and ".join(written)


__all__ = ["ENV_VAR", "esc", "report_meta", "reports_dir", "write_report"]
