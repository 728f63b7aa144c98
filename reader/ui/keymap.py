"""Key remapping from ``keymap.toml`` in the user config directory.

    [keys]
    next_row = "j,down"       # binding id = comma-separated keys
    quit = "q,ctrl+q"

A file that cannot be read or parsed, or names an unknown binding, gives one
clear message; the defaults stay in force for everything it does not set right.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

KEYMAP_NAME = "keymap.toml"


def load_keymap(path: Path, known: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """The remapped bindings and the problems found, one line each."""
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: cannot be read ({exc}); using the default keys"]
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path}: not valid TOML ({exc}); using the default keys"]
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f'{path}: [keys] must be a table of id = "keys"; using the default keys']
    known_ids = set(known)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if binding_id not in known_ids:
            problems.append(f"{path}: unknown binding id {binding_id!r}; ignored")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: keys for {binding_id!r} must be a non-empty string; ignored")
        else:
            keymap[binding_id] = ",".join(k.strip() for k in value.split(","))
    return keymap, problems
