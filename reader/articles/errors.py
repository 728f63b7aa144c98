"""The one error type loading raises: a file and a reason, shown as one line."""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    """A file that cannot be loaded, and why, in words a reader understands."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
