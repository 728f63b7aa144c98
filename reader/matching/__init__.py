"""Cross-outlet sentence matching, pair layout and word differences.

The engine is :func:`reader.matching.engine.align`; its result types live in
:mod:`reader.matching.model`. This package never imports Textual.
"""

DEFAULT_THRESHOLD = 70.0
"""The lowest score for two sentences to match, chosen on the hand-labelled seed
story and BASIL events (README, "Matching quality"): scored on events its weights
were not fitted on, it keeps precision near 0.87 with 0.79 of near-duplicates."""
