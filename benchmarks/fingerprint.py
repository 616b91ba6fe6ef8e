"""Byte-identity check for engine work: fingerprints of `chokepoint run --seed N --json`.

    python benchmarks/fingerprint.py --record /tmp/before.txt [--seeds 20]
    python benchmarks/fingerprint.py --check /tmp/before.txt

One sha256 per bundled scenario x seed x line-up (random bots, as `run` plays by default, and
heuristic bots, which read the estimates table) of the JSON `run` prints, plus one of a small
`simulate` batch. A speed change that keeps the rules must keep every line; a change that
alters the game on purpose (how seeds are derived) changes them all, and is checked instead by
the tests that compare the engine's paths with each other. Nothing recorded is committed: the
file pins today's scores, which the model work keeps moving.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

from click.testing import CliRunner


def fingerprints(seeds: int) -> list[str]:
    from game.cli import main as cli
    from game.content import load_library

    runner = CliRunner()
    out = []
    for scn in sorted(load_library().scenarios):
        for bots in ("random", "heuristic"):
            for seed in range(1, seeds + 1):
                res = runner.invoke(cli, ["run", scn, "--seed", str(seed), "--json",
                                          "--bots", bots])
                if res.exit_code != 0:
                    raise SystemExit(f"{scn} seed {seed}: exit {res.exit_code}: {res.output}")
                digest = hashlib.sha256(res.output.encode()).hexdigest()
                out.append(f"{scn} {bots} {seed} {digest}")
        res = runner.invoke(cli, ["simulate", scn, "--runs", "60", "--jobs", "1", "--json"])
        if res.exit_code != 0:
            raise SystemExit(f"simulate {scn}: exit {res.exit_code}: {res.output}")
        out.append(f"{scn} simulate60 0 {hashlib.sha256(res.stdout.encode()).hexdigest()}")
        # the same batch in two worker processes: games and results cross processes (pickled)
        res2 = runner.invoke(cli, ["simulate", scn, "--runs", "60", "--jobs", "2", "--json"])
        if res2.exit_code != 0 or res2.stdout != res.stdout:
            raise SystemExit(f"simulate {scn}: --jobs 2 differs from --jobs 1 (exit "
                             f"{res2.exit_code}): {res2.output[-500:]}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--record", metavar="FILE")
    g.add_argument("--check", metavar="FILE")
    ap.add_argument("--seeds", type=int, default=20)
    args = ap.parse_args()
    lines = fingerprints(args.seeds)
    if args.record:
        with open(args.record, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"recorded {len(lines)} fingerprints in {args.record}")
        return
    with open(args.check) as f:
        want = f.read().split("\n")[:-1]
    bad = [(a, b) for a, b in zip(want, lines, strict=False) if a != b]
    if len(want) != len(lines):
        bad.append((f"{len(want)} lines", f"{len(lines)} lines"))
    for a, b in bad[:10]:
        print(f"differs: {a}\n     now: {b}")
    print(f"{len(lines) - len(bad)}/{len(lines)} identical")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
