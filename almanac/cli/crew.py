"""Commands: crew (being written)."""
