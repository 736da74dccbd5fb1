"""Markdown fences, embed, the Python-Markdown extension and the MkDocs plugin."""
