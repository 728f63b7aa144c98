"""Bytes to text: BOMs, UTF-8, legacy single-byte encodings, line ends."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reader.articles.errors import LoadError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch, CharsetMatches

MAX_BYTES = 5_000_000
"""Files larger than this are refused: a news page's HTML, scripts and all, takes a
few MB at most; the text of an article, a few hundred KB."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, newline and carriage return. A little of
# them is kept as data; a lot of them means the bytes are not text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only; elsewhere no named pipe is listed


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, or LoadError: anything else, or over ``limit`` bytes.

    The file is opened without waiting (a named pipe would block until a writer
    came) and checked on the open descriptor, so what is checked is what is read.
    The size is checked on what is read too: /proc files and files still being
    written hold more than their size says.
    """
    try:
        with _open_regular(path, limit) as file:
            raw = file.read(limit + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if len(raw) > limit:
        raise LoadError(path, f"file is too large (over {_size(limit)}, the limit)")
    return raw


def _open_regular(path: Path, limit: int) -> BinaryIO:
    """The file opened for reading, if it is a regular one no larger than it may be."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(path, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(path, f"is not a regular file but {_kind(info.st_mode)}")
        if info.st_size > limit:
            raise LoadError(
                path, f"file is too large ({_size(info.st_size)}; the limit is {_size(limit)})"
            )
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _unreadable(path: Path, exc: OSError) -> LoadError:
    if exc.errno == errno.ENOENT:
        return LoadError(path, "no such file or directory")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return LoadError(path, "cannot be read: permission denied")
    if exc.errno == errno.ELOOP:
        return LoadError(path, "cannot be read: a symbolic link that loops (or too many links)")
    if exc.errno == errno.ENXIO:
        return LoadError(path, "is not a regular file but a socket or an absent device")
    return LoadError(path, f"cannot be read: {exc.strerror or exc}")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def decode(raw: bytes, path: Path) -> str:
    """Decode a file's bytes to text with ``\\n`` line ends, or raise LoadError."""
    text = _decode(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(path, "the file is empty")
    controls = len(_CONTROL.findall(text))
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
    western = _western(raw)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    found = from_bytes(raw)
    best = found.best()
    if best is None:
        raise LoadError(path, "cannot be decoded as text in any known encoding")
    return str(_windows_reading(found, best.chaos) or best)


# Legacy files that are not UTF-8 fit several single-byte code pages at once, and a
# detector's guess among them is often a Central European or Baltic one ("Côte"
# read as "Cōte"). English and Western European news is written in Windows-1252
# (or ISO-8859-1/-15), so that reading is taken unless it clearly does not fit.

_C1_RANGE = re.compile(rb"[\x80-\x9f]")

# A sign from the upper half of Latin-1 between two letters ("W³adimir", "Preºedintele")
# is a letter of another alphabet (Polish ł, Romanian ş) read in the wrong code page.
# The acute accent, middle dot and soft hyphen are left out: Western text puts them in words.
_SIGN_IN_WORD = re.compile(r"[^\W\d_][\xa1-\xac\xae-\xb3\xb5\xb6\xb8-\xbf\xd7\xf7][^\W\d_]")

# The languages Windows-1252 writes, as charset-normalizer names them.
_WESTERN_LANGUAGES = frozenset(
    {
        "English",
        "French",
        "German",
        "Dutch",
        "Italian",
        "Spanish",
        "Portuguese",
        "Danish",
        "Norwegian",
        "Swedish",
        "Finnish",
        "Estonian",
        "Indonesian",
    }
)

_SAMPLE = 65_536
"""Characters looked at to judge a reading: one file is in one encoding throughout."""

_LANGUAGE_EVIDENCE = 400
"""Letters below which a language guess is too noisy to overrule Windows-1252."""


def _western(raw: bytes) -> str | None:
    """The file read as Windows-1252 (ISO-8859-15 where it has the euro sign at 0xA4),
    or None when that reading clearly does not fit."""
    try:
        text = raw.decode(_western_encoding(raw))
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined
        return None
    return text if _reads_as_western(text[:_SAMPLE]) else None


def _western_encoding(raw: bytes) -> str:
    """ISO-8859-15 for a file with no Windows-1252 punctuation and a 0xA4, its euro sign."""
    return "iso-8859-15" if b"\xa4" in raw and not _C1_RANGE.search(raw) else "cp1252"


def _reads_as_western(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if not ch.isascii())
    if accented * 3 > len(letters):
        return False  # Cyrillic, Greek, Hebrew, Arabic... read as accented Latin letters
    if _SIGN_IN_WORD.search(text):
        return False
    if len(letters) < _LANGUAGE_EVIDENCE:
        return True
    from charset_normalizer.cd import coherence_ratio

    languages = coherence_ratio(text)
    # Czech, Hungarian or Turkish read as Windows-1252 stay all letters, but read as
    # their own language: their own code page is the better reading.
    return not languages or languages[0][0] in _WESTERN_LANGUAGES


# Where a detector finds several code pages about as clean, the one a language's own
# text was written in under Windows is the likely one (Polish text also reads cleanly
# as Baltic cp1257, Turkish as ISO-8859-16).
_WINDOWS_CODE_PAGES = {
    **dict.fromkeys(
        ("Polish", "Czech", "Slovak", "Hungarian", "Croatian", "Slovene", "Romanian"), "cp1250"
    ),
    **dict.fromkeys(("Russian", "Ukrainian", "Bulgarian", "Serbian"), "cp1251"),
    "Greek": "cp1253",
    "Turkish": "cp1254",
    "Hebrew": "cp1255",
    **dict.fromkeys(("Arabic", "Farsi"), "cp1256"),
    **dict.fromkeys(("Lithuanian", "Latvian"), "cp1257"),
    "Vietnamese": "cp1258",
}

_CLOSE_CHAOS = 0.05
"""How much less clean than the detector's best a reading may be and still be chosen."""


def _windows_reading(found: CharsetMatches, chaos: float) -> CharsetMatch | None:
    """The first of the detector's readings in the Windows code page of its language."""
    for match in found:
        if (
            match.chaos <= chaos + _CLOSE_CHAOS
            and _WINDOWS_CODE_PAGES.get(match.language) in match.could_be_from_charset
        ):
            return match
    return None
