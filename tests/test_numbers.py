"""The ``Number`` record and the check every ``numbers()`` mapping passes before it is glued."""
from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.errors import ParameterError
from analysis.numbers import Number, check


def test_number_defaults_and_shown_value() -> None:
    n = Number(1234.5678)
    assert (n.digits, n.scale, n.signed) == (1, 1.0, False)
    assert n.shown == 1234.6
    assert Number(65000, digits=0, scale=1000).shown == 65.0


@pytest.mark.parametrize("kwargs, word", [({"digits": -1}, "digits"), ({"scale": 0}, "scale")])
def test_number_rejects_bad_parameters(kwargs: dict[str, float], word: str) -> None:
    with pytest.raises(ParameterError, match=word):
        Number(1.0, **kwargs)  # type: ignore[arg-type]


def test_check_accepts_numbers_and_words_and_numpy_scalars() -> None:
    values = {"a": Number(1.0), "b": "27 February 1989", "c": Number(np.int64(3), digits=0),
              "d": Number(np.float64(2.5))}
    assert check(values) is values


@pytest.mark.parametrize("value", [math.nan, math.inf, None, "3", True])
def test_check_rejects_missing_or_non_numeric_values_naming_the_key(value: object) -> None:
    with pytest.raises(ParameterError, match="'k_bad'"):
        check({"ok": Number(1.0), "k_bad": Number(value)})  # type: ignore[arg-type]


def test_check_rejects_unwrapped_floats_and_empty_keys() -> None:
    with pytest.raises(ParameterError, match="'k_raw'.*Number"):
        check({"k_raw": 3.0})  # type: ignore[dict-item]
    with pytest.raises(ParameterError, match="non-empty"):
        check({"": "x"})
