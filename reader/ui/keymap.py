"""Key remapping from ``keymap.toml`` in the user config directory.

    [keys]
    next_row = "j,down"       # binding id = comma-separated keys
    quit = "q,ctrl+q"

A file that cannot be read or parsed, names an unknown binding, or gives a key
that another binding already has, gives one clear message; the defaults stay in
force for everything it does not set right.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

KEYMAP_NAME = "keymap.toml"


def load_keymap(path: Path, defaults: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The remapped bindings and the problems found, one line each.

    ``defaults`` gives each binding id its default keys ("j,down").
    """
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
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if binding_id not in defaults:
            problems.append(f"{path}: unknown binding id {binding_id!r}; ignored")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: keys for {binding_id!r} must be a non-empty string; ignored")
        else:
            keymap[binding_id] = ",".join(k.strip() for k in value.split(","))
    for binding_id in list(keymap):
        taken = {
            key: other
            for other, keys in {**defaults, **keymap}.items()
            if other != binding_id
            for key in keys.split(",")
        }
        clash = [key for key in keymap[binding_id].split(",") if key in taken]
        if clash:
            del keymap[binding_id]
            owner = taken[clash[0]]
            problems.append(
                f"{path}: {clash[0]!r} for {binding_id!r} is already the key of {owner!r}; "
                f"{binding_id!r} keeps its default keys"
            )
    return keymap, problems
