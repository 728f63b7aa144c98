"""The terminal reader: Textual screens and widgets over the core."""
