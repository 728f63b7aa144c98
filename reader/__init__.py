"""newsreader: read one news story across many outlets, side by side."""

__version__ = "0.1.0"
