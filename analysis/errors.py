"""Exceptions raised by the book's data layer and analysis functions.

Every error names what is wrong (file, row, column or parameter) and says what
to do about it, so that a reader who rebuilds the book can act on it.
"""
from __future__ import annotations


class BookError(Exception):
    """Base class of every error the ``analysis`` package raises on purpose."""


class DataFileMissingError(BookError, FileNotFoundError):
    """A raw data file listed in the manifest cannot be found or fetched."""


class DataHashError(BookError):
    """A raw data file's sha256 differs from the one recorded in the manifest."""


class DataSchemaError(BookError, ValueError):
    """A file or table parses, but not to the columns, keys or units expected."""


class DataCoverageError(DataSchemaError):
    """A raw file parses, but does not cover what its contract in
    ``data/manifest.csv`` states (rows, periods, entities or value pattern)."""


class UnknownCountryError(BookError, KeyError):
    """A country name or code cannot be mapped to an ISO3 code."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class ParameterError(BookError, ValueError):
    """A function or notebook parameter has a value outside its allowed set."""


def check_choice(name: str, value: object, allowed: tuple[object, ...] | list[object]) -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``allowed``.

    Parameters
    ----------
    name
        The parameter's name, as the caller knows it.
    value
        The value given.
    allowed
        The values accepted.

    Raises
    ------
    ParameterError
        Naming the parameter, the bad value and the allowed values.
    """
    if value not in allowed:
        raise ParameterError(
            f"parameter {name!r} is {value!r}; allowed values are: "
            + ", ".join(repr(a) for a in allowed)
        )
