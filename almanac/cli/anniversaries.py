"""Commands: anniversaries (being written)."""
