"""Errors raised by the domain; each carries the exit code the CLI reports it with."""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_OUTPUT = 4
EXIT_INTERRUPTED = 130


class AlmanacError(Exception):
    """Base class: a one-line message and an exit code."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(AlmanacError):
    """A launch, person or site that the dataset does not have."""

    exit_code = EXIT_NOT_FOUND


class UsageError(AlmanacError):
    """A value given on the command line that cannot be used (bad time, zone, date...)."""

    exit_code = EXIT_USAGE


class DatasetError(AlmanacError):
    """A dataset that cannot be read or does not validate."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class OutputError(AlmanacError):
    """An output file that could not be written."""

    exit_code = EXIT_OUTPUT


class Problem:
    """One validation problem, located in a file."""

    __slots__ = ("file", "line", "where", "message")

    def __init__(self, file: str, line: int | None, where: str, message: str):
        self.file = file
        self.line = line
        self.where = where
        self.message = message

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        return f"{location}: {self.where}: {self.message}" if self.where else f"{location}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"
