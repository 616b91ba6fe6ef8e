"""`chokepoint serve [GAME]`: a workshop in the browser, every role on its own screen.

The server (textual-serve) runs one `chokepoint join` process per browser tab; each asks for a
join code and opens the seat that code gives (the facilitator's console, the projector, or a
team). All of them work on the one save, so the facilitator can also seat people in a terminal
(`chokepoint join CODE`). Codes are printed once here and stored only hashed.

The server listens on localhost unless told otherwise: any other address lets everyone who can
reach it open the page (seats stay behind their codes), so it is a choice made with --host and
answered with a warning.
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import click

from ..core.view import FACILITATOR, PROJECTOR
from .common import fail

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _port_free(host: str, port: int) -> str | None:
    """None if the server can listen there, else why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"cannot listen on {host}: {exc.strerror or exc}"
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def _role_title(world, role: str) -> str:
    return {FACILITATOR: "facilitator", PROJECTOR: "projector"}.get(
        role, f"{world.actor_name(role)} ({role})")


@click.command()
@click.argument("game_id", required=False)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The save file (default: $CHOKEPOINT_DB, else the user data directory).")
@click.option("--scenario", default=None, help="Without GAME: the scenario of the new game.")
@click.option("--seed", type=int, default=1, show_default=True, help="Without GAME: its seed.")
@click.option("--host", default="localhost", show_default=True,
              help="Address to listen on. Anything but localhost opens the page to the network.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--codes-only", is_flag=True, help="Print new join codes and exit (no server).")
def serve(game_id, db, scenario, seed, host, port, codes_only) -> None:
    """Serve a workshop game to browsers: one join code per role, printed here.

    Without GAME a new workshop game is started on SCENARIO. New codes replace a game's old
    ones. Teams open http://HOST:PORT and type their code; `chokepoint join CODE` seats
    someone in a terminal instead."""
    from ..store import StoreError
    from ..store.seats import Seats, pretty
    from .run import open_store_or_exit

    if not codes_only:
        try:
            from textual_serve.server import Server
        except ImportError:
            fail("browser seats need textual-serve: pip install textual-serve "
                 "(or: pip install -e '.[seats]')")
        why = _port_free(host, port)
        if why:
            fail(f"{why} (choose another with --port)")
    from ..content.worlds import default_world

    store = open_store_or_exit(db)
    world = default_world()
    try:
        if game_id is None:
            from .common import scenario_or_exit

            scn = scenario_or_exit(scenario)
            world = scn.world
            game_id, _ = store.new_game(scn, seed, "workshop", {t: "human" for t in world.teams})
        meta = store.game(game_id)
        # a seat per team the game was started with (the teams of its scenario's world)
        teams = tuple(meta["teams"]) if isinstance(meta.get("teams"), dict) and meta["teams"] \
            else world.teams
        roles = (FACILITATOR, PROJECTOR, *teams)
        codes = Seats(store).issue(game_id, roles)
    except StoreError as exc:
        fail(str(exc))
    path = store.path
    store.close()
    click.echo(f"Game {game_id}: {meta['scenario']}, seed {meta['seed']}, round {meta['round']} "
               f"({meta['phase']}); save {path}")
    click.echo("Join codes (each opens one seat; new codes replace these):")
    for role in roles:
        click.echo(f"  {_role_title(world, role):<28} {pretty(codes[role])}")
    if codes_only:
        return
    if host not in LOCAL_HOSTS:
        click.echo(f"WARNING: listening on {host}: anyone who can reach this address can open "
                   "the page; only the join codes keep the seats. Use it on a network you "
                   "trust.", err=True)
    command = " ".join(shlex.quote(a) for a in
                       (sys.executable, "-m", "game", "join", "--db", str(path)))
    click.echo(f"Open http://{host}:{port} in each browser; ctrl+c stops the server.")
    Server(command, host=host, port=port, title="Chokepoint").serve()


def register(group: click.Group) -> None:
    group.add_command(serve)
