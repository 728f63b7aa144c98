"""Checks a SQLite write-ahead log the way SQLite reads it, before SQLite sees it.

When SQLite opens a database it replays the log up to the first frame whose
salts or checksum do not match and silently drops everything after it, then
checkpoints and deletes the log. One flipped byte can so lose changes that were
reported as saved. Checking the log first lets the store keep a copy of a
damaged one. The format is SQLite's (https://www.sqlite.org/fileformat.html,
"The Write-Ahead Log"): a 32-byte header, then frames of a 24-byte header and
one page, each checksummed cumulatively from the header on.
"""

from __future__ import annotations

import struct
from pathlib import Path

HEADER = 32
FRAME_HEADER = 24
MAGIC_LITTLE = 0x377F0682
MAGIC_BIG = 0x377F0683
VERSION = 3007000
_MASK = 0xFFFFFFFF


def checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), continuing from (s0, s1)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def damage(wal: Path) -> str | None:
    """Why SQLite would drop frames of this log that belong to it; None when it
    would replay all of them (or there is no log).

    A log ends, normally, at the first frame with other salts (left from before
    the log was restarted), or at a last frame that fails its checksum because
    the process writing it was killed mid-write: that transaction never
    committed, so nothing reported as saved is in it. The log is damaged when
    frames with the log's salts follow the point where SQLite would stop (a
    flipped byte in the middle: everything after it would be dropped).
    """
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < HEADER:
        return None  # no frame was ever written after this header began
    magic, version, page_size, _, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:HEADER])
    big = magic == MAGIC_BIG
    if magic not in (MAGIC_LITTLE, MAGIC_BIG) or version != VERSION:
        return "its header is not a SQLite log header"
    if checksum(data[:24], big) != (c0, c1) or not _valid_page_size(page_size):
        return "its header fails its checksum"
    size = FRAME_HEADER + page_size
    frames = (len(data) - HEADER) // size
    s = (c0, c1)
    for n in range(frames):
        at = HEADER + n * size
        head = data[at : at + FRAME_HEADER]
        salts = struct.unpack(">2I", head[8:16])
        if salts != (salt1, salt2):
            later = _later_frames_of_this_log(data, n + 1, frames, size, (salt1, salt2))
            if later:
                return f"frame {n + 1} of {frames} is damaged; {later} later frames are lost"
            return None
        s = checksum(head[:8] + data[at + FRAME_HEADER : at + size], big, *s)
        if s != struct.unpack(">2I", head[16:24]):
            later = _later_frames_of_this_log(data, n + 1, frames, size, (salt1, salt2))
            if later:
                return (
                    f"frame {n + 1} of {frames} fails its checksum; {later} later frames are lost"
                )
            return None  # a write cut short at the end of the log: never committed
    return None


def _valid_page_size(size: int) -> bool:
    return 512 <= size <= 65536 and size & (size - 1) == 0


def _later_frames_of_this_log(
    data: bytes, first: int, frames: int, size: int, salts: tuple[int, int]
) -> int:
    count = 0
    for n in range(first, frames):
        at = HEADER + n * size
        if struct.unpack(">2I", data[at + 8 : at + 16]) == salts:
            count += 1
    return count
