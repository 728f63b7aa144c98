"""Bytes to text: BOMs, UTF-8, legacy single-byte encodings, line ends."""

from __future__ import annotations

import codecs
from pathlib import Path

from reader.articles.errors import LoadError

MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused: no news article comes close."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, newline and carriage return. A little of
# them is kept as data; a lot of them means the bytes are not text.
_CONTROL = frozenset(chr(c) for c in range(32) if c not in (9, 10, 13)) | {"\x7f"}


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadError(path, f"file is too large ({_size(size)}; the limit is {_size(limit)})")
        return path.read_bytes()
    except LoadError:
        raise
    except FileNotFoundError:
        raise LoadError(path, "no such file or directory") from None
    except PermissionError:
        raise LoadError(path, "cannot be read: permission denied") from None
    except IsADirectoryError:
        raise LoadError(path, "is a directory") from None
    except OSError as exc:
        raise LoadError(path, f"cannot be read: {exc.strerror or exc}") from None


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def decode(raw: bytes, path: Path) -> str:
    """Decode a file's bytes to text with ``\\n`` line ends, or raise LoadError."""
    text = _decode(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(path, "the file is empty")
    controls = sum(1 for ch in text if ch in _CONTROL)
    if controls > max(8, len(text) // 100):
        raise LoadError(path, "looks like a binary file, not text")
    return text


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise LoadError(path, "the file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError:
                raise LoadError(
                    path, f"starts with a {encoding} byte order mark but is not valid {encoding}"
                ) from None
    if b"\x00" in raw:
        raise LoadError(path, "looks like a binary file, not text (it contains NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise LoadError(path, "cannot be decoded as text in any known encoding")
    return str(best)
