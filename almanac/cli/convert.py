"""Commands: convert (being written)."""
