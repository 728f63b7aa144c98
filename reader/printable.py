"""Text from files made inert for a terminal.

Article text, titles, dates, outlets and file names are data: anything in them
that a terminal would act on rather than show is replaced by a visible symbol,
one symbol per character, so character offsets into a sentence stay valid for
styling, and nothing a file holds can move the cursor, change colours, set the
window title, clear the screen or reorder what is shown around it.

Made visible:

- C0 controls and DEL, as the Unicode control pictures (ESC is ``␛``); tab and
  line ends as a space (kept with ``multiline``);
- C1 controls (U+0080-U+009F, such as U+009B, an 8-bit CSI), as ``�``;
- bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates
  (U+2066-U+2069) and the marks (U+200E, U+200F, U+061C), as ``�``;
- the deprecated format controls (U+206A-U+206F) and interlinear annotation
  (U+FFF9-U+FFFB), which hide or reshape the text around them, as ``�``;
- lone surrogates, as ``�``: the bytes of a file name that are not UTF-8, as
  Python keeps them;
- the line and paragraph separators (U+2028, U+2029), as a space.
"""

from __future__ import annotations

_REPLACEMENT = "\ufffd"

_BIDI = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
"""Characters that change the order in which a terminal shows the text around them."""

_HIDING = frozenset([*range(0x206A, 0x2070), *range(0xFFF9, 0xFFFC)])
_SURROGATES = range(0xD800, 0xE000)

_PICTURES = {code: chr(0x2400 + code) for code in range(32)} | {0x7F: "\u2421"}
_PICTURES |= {ord("\t"): " ", ord("\n"): " ", ord("\r"): " "}
_PICTURES |= dict.fromkeys(range(0x80, 0xA0), _REPLACEMENT)  # C1 controls
_PICTURES |= {0x2028: " ", 0x2029: " "}  # line and paragraph separators
_PICTURES |= dict.fromkeys(_BIDI | _HIDING, _REPLACEMENT)
_PICTURES |= dict.fromkeys(_SURROGATES, _REPLACEMENT)

_MULTILINE = {code: shown for code, shown in _PICTURES.items() if chr(code) not in "\t\n"}

_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _PICTURES if code >= 0x7F}
"""What ``json.dumps`` leaves raw (it escapes only C0): each as its ``\\u`` escape."""


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` with every character a terminal would act on replaced by a visible one.

    One character in, one character of width one out, so offsets into ``text``
    hold. With ``multiline``, line breaks and tabs are kept as they are.
    """
    return text.translate(_MULTILINE if multiline else _PICTURES)


def inert_json(data: object, *, indent: int | None = None) -> str:
    """``data`` as JSON that parses back to exactly ``data`` and is inert on a terminal.

    Every character ``printable`` would replace is written as its ``\\u``
    escape (a lone surrogate too), so the JSON carries the original text while
    nothing in it acts on a terminal it is printed to.
    """
    import json

    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON_ESCAPES)
