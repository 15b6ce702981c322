"""Output: the format registry and its writers, terminals, stderr messages, safe file writes."""
