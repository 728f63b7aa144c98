"""Article text made inert for a terminal.

Text from articles is data: control characters (ANSI escape sequences included)
are replaced by visible symbols, one symbol per character, so character offsets
into a sentence stay valid for styling, and nothing an article holds can move
the cursor, change colours or clear the screen.
"""

from __future__ import annotations

_PICTURES = {code: chr(0x2400 + code) for code in range(32)} | {0x7F: "\u2421"}
_PICTURES |= {ord("\t"): " ", ord("\n"): " ", ord("\r"): " "}
_PICTURES |= dict.fromkeys(range(128, 160), "�")  # C1 controls
_PICTURES |= {0x2028: " ", 0x2029: " "}  # line and paragraph separators


def printable(text: str) -> str:
    """``text`` with every control character replaced by a visible one of width one."""
    return text.translate(_PICTURES)
