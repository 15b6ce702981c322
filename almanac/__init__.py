"""almanac: a launch and mission almanac.

    >>> from almanac import load, find_launch
    >>> find_launch(load(), "92P").name
    'Progress MS-31'
"""

from .dataset import load, validate
from .errors import AlmanacError, DatasetError, NotFoundError, UsageError
from .model import Dataset, Event, Instant, Launch, Person, Precision, Seat, Site, Source, Station
from .queries import find_launch, find_launches

__version__ = "0.1.0"

__all__ = [
    "AlmanacError", "Dataset", "DatasetError", "Event", "Instant", "Launch", "NotFoundError",
    "Person", "Precision", "Seat", "Site", "Source", "Station", "UsageError", "find_launch",
    "find_launches", "load", "validate",
]
