"""Commands: listing (being written)."""
