"""Counts in words people read: ``1 sentence``, ``2 sentences``."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` followed by ``one``, or by ``many`` (default: ``one`` + "s") when not 1."""
    return f"{count} {one if count == 1 else many or one + 's'}"
