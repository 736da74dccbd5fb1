"""Text: fonts through fontconfig, measuring and wrapping labels."""
