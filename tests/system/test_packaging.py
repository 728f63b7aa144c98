"""A plain (non-editable) install carries the bundled story and finds it from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, SEEDS


def test_wheel_ships_the_seeds_and_finds_them_from_any_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("newsreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in [*SEEDS.glob("*.txt"), SEEDS / "story.toml"]:
        assert f"reader/_seeds/{seed.name}" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "reader", "show"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "5. CABAR, 2023-10-13" in result.stdout
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import reader.paths as p; print(p.bundled_story())"],
            cwd=elsewhere,
            env={**os.environ, "PYTHONPATH": str(target)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
