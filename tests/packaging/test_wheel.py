"""The package installs anywhere: the wheel carries decks/, scenarios/ and sources/, and an
installed `chokepoint` finds them through importlib.resources, whatever the current folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from game.content import loader

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED = ("decks", "scenarios", "sources", "worlds")


def test_content_root_prefers_the_packaged_copy(monkeypatch, tmp_path):
    (tmp_path / "_bundled" / "decks").mkdir(parents=True)
    monkeypatch.delenv("CHOKEPOINT_CONTENT", raising=False)
    monkeypatch.setattr(loader.importlib.resources, "files", lambda pkg: tmp_path)
    assert loader.content_root() == tmp_path / "_bundled"
    monkeypatch.setenv("CHOKEPOINT_CONTENT", str(tmp_path / "mine"))
    assert loader.content_root() == tmp_path / "mine"


def test_a_checkout_reads_the_top_level_folders(monkeypatch):
    monkeypatch.delenv("CHOKEPOINT_CONTENT", raising=False)
    if (Path(loader.__file__).parent.parent / "_bundled").is_dir():
        pytest.skip("running from an installed wheel, not a checkout")
    assert loader.content_root() == ROOT


def test_package_data_covers_every_bundled_folder():
    """setup.py maps each folder to game._bundled.<folder>; pyproject.toml must ship its files."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for folder in BUNDLED:
        assert f"game._bundled.{folder}" in data, folder
        if (ROOT / folder).is_dir():
            suffixes = {p.suffix for p in (ROOT / folder).iterdir() if p.is_file()}
            assert suffixes <= {"." + g.split(".")[-1] for g in data[f"game._bundled.{folder}"]}, \
                f"{folder}/ holds files the wheel would leave out: {suffixes}"
    assert all(f'"{f}"' in (ROOT / "setup.py").read_text() for f in BUNDLED)


@pytest.mark.slow
def test_the_wheel_plays_the_default_scenario_from_any_folder(tmp_path):
    """Build the wheel (as .ci/run does), unpack it apart from the checkout, and run
    `chokepoint validate` and `run --seed 1` from an empty folder with only it on the path."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("chokepoint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in BUNDLED:
        for f in sorted((ROOT / folder).glob("*.yaml")) if (ROOT / folder).is_dir() else []:
            assert f"game/_bundled/{folder}/{f.name}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "CHOKEPOINT_DB": str(tmp_path / "saves.db")}
    env.pop("CHOKEPOINT_CONTENT", None)
    where = subprocess.run([sys.executable, "-c", "import game; print(game.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(site))  # the wheel's copy, not the checkout
    ok = subprocess.run([sys.executable, "-m", "game", "validate"], cwd=elsewhere, env=env,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    found = re.search(r"(\d+) decks .*?(\d+) scenarios", ok.stdout)
    assert found and int(found[1]) > 0 and int(found[2]) > 0, ok.stdout
    game = subprocess.run([sys.executable, "-m", "game", "run", "--seed", "1"], cwd=elsewhere,
                          env=env, capture_output=True, text=True)
    assert game.returncode == 0, game.stderr
