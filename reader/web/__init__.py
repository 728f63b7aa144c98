"""Bringing stories in from the web: pages, their text and metadata, feeds.

No Textual or Rich here: the reader and the commands both drive it.
"""
