"""The project's own checks, run with the suite: ruff lint and format, strict mypy."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_and_format() -> None:
    for args in (("check", "."), ("format", "--check", ".")):
        result = _run(sys.executable, "-m", "ruff", *args)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_package() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
