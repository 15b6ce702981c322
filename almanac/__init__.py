"""almanac: a launch and mission almanac.

    >>> from almanac import load, find_launch
    >>> find_launch(load(), "92P").name
    'Progress MS-31'

Names are imported on first use, so that the command line starts with nothing loaded.
"""

__version__ = "0.1.0"

_EXPORTS = {
    "load": "almanac.dataset.loader", "validate": "almanac.dataset.loader",
    "AlmanacError": "almanac.errors", "DatasetError": "almanac.errors",
    "NotFoundError": "almanac.errors", "UsageError": "almanac.errors",
    "Dataset": "almanac.domain.model", "Event": "almanac.domain.model",
    "Instant": "almanac.domain.model", "Launch": "almanac.domain.model",
    "Person": "almanac.domain.model", "Precision": "almanac.domain.model",
    "Seat": "almanac.domain.model", "Site": "almanac.domain.model",
    "Source": "almanac.domain.model", "Station": "almanac.domain.model",
    "find_launch": "almanac.domain.queries", "find_launches": "almanac.domain.queries",
    "anniversaries_between": "almanac.domain.anniversaries",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'almanac' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
