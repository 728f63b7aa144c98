"""Cross-outlet sentence matching, pair layout and word differences.

This package never imports Textual.
"""

from reader.matching.engine import DEFAULT_THRESHOLD, Alignment, Group, Link, Member, align

__all__ = ["DEFAULT_THRESHOLD", "Alignment", "Group", "Link", "Member", "align"]
