"""`chokepoint join [CODE]`: take a seat at a workshop in this terminal (or, without a code,
ask for one on screen: what each browser seat of `chokepoint serve` runs)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import fail


@click.command()
@click.argument("code", required=False)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The workshop's save file (default: $CHOKEPOINT_DB, else the user data "
                   "directory).")
@click.option("--zoom", is_flag=True, help="Start in the large-text layout (for a projector).")
def join(code: str | None, db: Path | None, zoom: bool) -> None:
    """Take the seat CODE opens (facilitator, projector or a team) on the workshop's save.

    Exit 2 with one line if the code opens no seat, the seat is taken, or its game is gone."""
    from ..store import StoreError
    from ..store.seats import Seats
    from ..tui import make_app
    from .run import open_store_or_exit

    store = open_store_or_exit(db)
    seat = None
    if code is not None:
        try:
            seat = Seats(store).take(code)
        except StoreError as exc:
            fail(str(exc))
    path = str(store.path)
    store.close()
    app = make_app(db=path, seat=seat, role=seat.role if seat else None, join=code is None,
                   zoom=zoom)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


def register(group: click.Group) -> None:
    group.add_command(join)
