"""Cross-outlet sentence matching, pair layout and word differences.

The engine is :func:`reader.matching.engine.align`; its result types live in
:mod:`reader.matching.model`. This package never imports Textual.
"""

DEFAULT_THRESHOLD = 55.0
"""The lowest score for two sentences to match, chosen on the hand-labelled seed
story (README, "Matching quality")."""
