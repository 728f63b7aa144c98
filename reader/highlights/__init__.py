"""Highlights: a durable SQLite store, anchors that survive edits, export and import.

This package never imports Textual.
"""
