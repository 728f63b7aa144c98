"""The core packages never import Textual, directly or through each other."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import reader

CORE = ("articles", "matching", "highlights", "web")
PACKAGE = Path(reader.__file__).parent


def test_core_modules_have_no_textual_import_statement() -> None:
    for name in CORE:
        for path in (PACKAGE / name).rglob("*.py") if (PACKAGE / name).exists() else []:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    modules = [node.module or ""]
                else:
                    continue
                forbidden = [m for m in modules if m.startswith(("textual", "reader.ui"))]
                assert not forbidden, f"{path} imports {forbidden}"


def test_loading_the_core_and_the_cli_leaves_textual_unimported() -> None:
    modules = [f"reader.{name}" for name in CORE if (PACKAGE / name).exists()] + ["reader.cli"]
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
        "from reader.articles import load_story; from reader.paths import bundled_story; "
        "load_story([bundled_story()]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_layers_hold_as_the_import_linter_contract_states() -> None:
    """pyproject.toml's contract: cli > ui > web > highlights > matching > articles, and
    no Textual or Rich below the UI."""
    root = PACKAGE.parent
    linter = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(linter), "--no-cache"], capture_output=True, text=True, cwd=root, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout
