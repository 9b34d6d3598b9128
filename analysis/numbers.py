"""The record a chapter section's ``numbers()`` function returns for each prose value.

Every number a chapter prints comes from a function in the analysis layer that
returns a mapping of glue key to value (issue 12): a :class:`Number` for a
number together with how it is printed, or a ``str`` for ready-made words
(a date, a country list, a verdict phrase). The notebook layer glues the whole
mapping with one call (:func:`analysis.preamble.glue_all`), so the notebook
keeps only the call and the prose, and the values have unit tests.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

from analysis.errors import ParameterError

__all__ = ["Number", "Numbers", "check"]


@dataclass(frozen=True)
class Number:
    """A value for the prose and how it is printed.

    Parameters
    ----------
    value
        The number itself, unrounded.
    digits
        Decimals shown.
    scale
        The value is printed divided by ``scale`` (e.g. ``1000`` for billions from millions).
    signed
        Print an explicit sign.
    """

    value: float
    digits: int = 1
    scale: float = 1.0
    signed: bool = False

    def __post_init__(self) -> None:
        if self.digits < 0:
            raise ParameterError(f"parameter 'digits' is {self.digits}; use 0 or more decimals")
        if self.scale == 0:
            raise ParameterError("parameter 'scale' is 0; use a non-zero divisor")

    @property
    def shown(self) -> float:
        """The value as printed: divided by ``scale`` and rounded to ``digits``."""
        return round(float(self.value) / self.scale, self.digits)


#: What a ``numbers()`` function returns: glue key -> number or words.
Numbers = Mapping[str, "Number | str"]


def check(values: Numbers) -> Numbers:
    """Check a ``numbers()`` mapping before it is glued, and return it.

    Raises
    ------
    ParameterError
        Naming the key, if a key is empty or not a string, a value is neither a
        :class:`Number` nor a ``str``, or a number is missing or not finite (a
        number that does not exist must not be printed).
    """
    for key, item in values.items():
        if not isinstance(key, str) or not key:
            raise ParameterError(f"glue key {key!r} is not a non-empty string")
        if isinstance(item, Number):
            v = item.value
            if isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(float(v)):
                raise ParameterError(f"glue key {key!r}: the number {v!r} is missing or not finite")
        elif not isinstance(item, str):
            raise ParameterError(
                f"glue key {key!r}: value of type {type(item).__name__} is neither a Number nor a str; "
                "wrap numbers in analysis.numbers.Number(value, digits=...)")
    return values
