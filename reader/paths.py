"""Every file location newsreader uses, in one place.

Each can be moved by an environment variable (the tests do) and, where the
command line has one, by a flag, which wins.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_state_dir

APP = "newsreader"
STATE_ENV = "NEWSREADER_STATE_DIR"
CONFIG_ENV = "NEWSREADER_CONFIG_DIR"
CACHE_ENV = "NEWSREADER_CACHE_DIR"
DATA_ENV = "NEWSREADER_DATA_DIR"


def state_dir(override: Path | None = None) -> Path:
    """Where highlights live."""
    return override or _env(STATE_ENV) or Path(user_state_dir(APP, appauthor=False))


def config_dir(override: Path | None = None) -> Path:
    """Where the key map and other settings live."""
    return override or _env(CONFIG_ENV) or Path(user_config_dir(APP, appauthor=False))


def cache_dir(override: Path | None = None) -> Path:
    """Where loaded articles are kept, so a story read again opens at once."""
    return override or _env(CACHE_ENV) or Path(user_cache_dir(APP, appauthor=False))


def data_dir(override: Path | None = None) -> Path:
    """Where stories brought in from the web are kept (one folder each under stories/)."""
    return override or _env(DATA_ENV) or Path(user_data_dir(APP, appauthor=False))


def stories_dir(override: Path | None = None) -> Path:
    """The folder fetched stories are saved in."""
    return data_dir(override) / "stories"


def bundled_story() -> Path:
    """The sample story shipped inside the package (or the source tree's seeds/)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_seeds"
    return packaged if packaged.is_dir() else here.parent / "seeds"


def _env(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None
