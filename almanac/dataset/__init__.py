"""Finding, safely reading, validating and caching a dataset."""
