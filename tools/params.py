"""Papermill parameters given on the command line (``-p CHAPTER.NAME=VALUE``):
parsed, and checked against the chapter's ``parameters`` cell
(:func:`tools.meta.parameter_names`)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import ParameterError
from tools import meta
from tools.book import Book


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "text",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def check_value(chapter: str, name: str, default: Any, value: Any) -> None:
    """Check that ``value`` has the type of the parameter's default.

    Whole numbers are accepted where the default is a float; ``None`` as the
    default accepts anything. Checks of range and meaning are the notebook's
    own (it raises :class:`~analysis.errors.ParameterError`, which the rebuild
    reports with the chapter and cell).

    Raises
    ------
    ParameterError
        Naming the chapter, the parameter, the value and the type expected.
    """
    if default is None or value is None:
        return
    ok = type(value) is type(default) or (isinstance(default, float) and type(value) is int)
    if not ok:
        raise ParameterError(
            f"chapter {chapter!r}: parameter {name!r} must be {_type_name(default)} like its default "
            f"{default!r}, not {value!r}"
        )


def validate_parameters(book: Book, path: Path, params: dict[str, Any]) -> None:
    """Check that every parameter given exists in the notebook's ``parameters`` cell
    and has the type of its default.

    Raises
    ------
    ParameterError
        Naming the chapter, the unknown or invalid parameter and the ones it accepts.
    """
    known = meta.parameter_names(book.read_notebook(path))
    for key, value in params.items():
        if key not in known:
            allowed = ", ".join(f"{k} (default {v!r})" for k, v in sorted(known.items())) or "none"
            raise ParameterError(
                f"chapter {path.stem!r} has no parameter {key!r}; its parameters are: {allowed}"
            )
        check_value(path.stem, key, known[key], value)


def parse_params(book: Book, items: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Parse ``CHAPTER.NAME=VALUE`` strings (VALUE read as YAML) into
    ``{chapter stem: {name: value}}``.

    Raises
    ------
    ParameterError
        If an item is not of that form, names an unknown chapter or parameter,
        or gives a value of another type than the parameter's default.
    """
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        lhs = item.split("=", 1)[0]
        if "=" not in item or "." not in lhs or not lhs.split(".", 1)[1]:
            raise ParameterError(
                f"parameter {item!r} is not of the form CHAPTER.NAME=VALUE (e.g. 03_regression.start_year=1980)"
            )
        value_text = item.split("=", 1)[1]
        chapter, name = lhs.split(".", 1)
        path = book.resolve_chapters([chapter])[0]
        try:
            value = yaml.safe_load(value_text) if value_text.strip() else None
        except yaml.YAMLError as exc:
            raise ParameterError(
                f"chapter {path.stem!r}: value {value_text!r} of parameter {name!r} cannot be read ({exc})"
            ) from None
        if value is None:
            raise ParameterError(f"chapter {path.stem!r}: parameter {name!r} is given no value")
        validate_parameters(book, path, {name: value})
        out.setdefault(path.stem, {})[name] = value
    return out
