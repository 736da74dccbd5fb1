"""Themes: YAML themes, their schema, per-node styles."""
