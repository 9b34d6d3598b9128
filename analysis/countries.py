"""Country codes: the book's 26 recipients, the two creditors, and the mapping
of every source's country names to ISO3 codes.

The list of countries (``data/countries.csv``) and the aliases that sources
use for them (``data/country_aliases.csv``) are data, not code: a new alias is
a new row there.
"""
from __future__ import annotations

from functools import lru_cache
from collections.abc import Iterable

import pandas as pd

from analysis.errors import DataSchemaError, UnknownCountryError
from analysis.manifest import ROOT

COUNTRIES_PATH = ROOT / "data" / "countries.csv"
ALIASES_PATH = ROOT / "data" / "country_aliases.csv"

LATIN_AMERICA = "Latin America"
EAST_ASIA = "East Asia"


@lru_cache(maxsize=1)
def countries() -> pd.DataFrame:
    """The countries of the book: ``iso3``, ``name``, ``region``, ``role``.

    Raises
    ------
    DataSchemaError
        If the table lacks a column or repeats a code.
    """
    df = pd.read_csv(COUNTRIES_PATH, dtype=str)
    need = {"iso3", "name", "region", "role"}
    if not need <= set(df.columns):
        raise DataSchemaError(f"{COUNTRIES_PATH}: expected columns {sorted(need)}, found {list(df.columns)}")
    dup = df[df["iso3"].duplicated()]
    if not dup.empty:
        raise DataSchemaError(f"{COUNTRIES_PATH}: iso3 {dup['iso3'].iloc[0]!r} appears twice (row {dup.index[0] + 2})")
    return df


@lru_cache(maxsize=1)
def _recipients_by_region() -> dict[str | None, tuple[str, ...]]:
    """ISO3 codes of the recipients, all (key ``None``) and by region; computed once."""
    df = countries()
    df = df[df["role"] == "recipient"]
    out: dict[str | None, tuple[str, ...]] = {None: tuple(df["iso3"])}
    for region, part in df.groupby("region", sort=True):
        out[str(region)] = tuple(part["iso3"])
    return out


def recipients(region: str | None = None) -> list[str]:
    """ISO3 codes of the 26 aid recipients, optionally of one region.

    Parameters
    ----------
    region
        ``"Latin America"``, ``"East Asia"`` or ``None`` for all.

    Raises
    ------
    ParameterError
        If ``region`` is not one of the recipients' regions.
    """
    table = _recipients_by_region()
    if region not in table:
        from analysis.errors import ParameterError

        regions = sorted(k for k in table if k is not None)
        raise ParameterError(f"parameter 'region' is {region!r}; allowed values are: {', '.join(map(repr, regions))}")
    return list(table[region])


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, str]]:
    """ISO3 -> (name, region), computed once from :func:`countries`."""
    df = countries()
    return {str(c): (str(n), str(r)) for c, n, r in zip(df["iso3"], df["name"], df["region"])}


def region_of(iso3: str) -> str:
    """The book's region of a country code (``KeyError``-style error if unknown)."""
    if iso3 not in _lookup():
        raise UnknownCountryError(f"country code {iso3!r} is not in {COUNTRIES_PATH}")
    return _lookup()[iso3][1]


def name_of(iso3: str) -> str:
    """The English short name the book uses for ``iso3``."""
    if iso3 not in _lookup():
        raise UnknownCountryError(f"country code {iso3!r} is not in {COUNTRIES_PATH}")
    return _lookup()[iso3][0]


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Lower-cased names and aliases -> ISO3."""
    index = {n.lower(): c for n, c in zip(countries()["name"], countries()["iso3"])}
    aliases = pd.read_csv(ALIASES_PATH, dtype=str)
    for alias, code in zip(aliases["alias"], aliases["iso3"]):
        index[alias.strip().lower()] = code
    return index


def to_iso3(names: Iterable[str], *, source: str, strict: bool = True) -> list[str | None]:
    """Map country names as a source spells them to ISO3 codes.

    Parameters
    ----------
    names
        Names (or ISO3 codes in any case) as they appear in the source.
    source
        The file being read, for the error message.
    strict
        If True, a name that is not one of the book's countries raises; if
        False it maps to ``None`` (for sources that list many other countries).

    Raises
    ------
    UnknownCountryError
        Naming the source, the name and the file where aliases are added.
    """
    index = _name_index()
    codes = set(countries()["iso3"])
    out: list[str | None] = []
    for raw in names:
        key = str(raw).strip()
        if key.upper() in codes:
            out.append(key.upper())
        elif key.lower() in index:
            out.append(index[key.lower()])
        elif strict:
            raise UnknownCountryError(
                f"{source}: country {raw!r} is not one of the book's countries and has no alias; "
                f"add a row to {ALIASES_PATH} if it is one of them"
            )
        else:
            out.append(None)
    return out


def check_iso3(codes: Iterable[str], *, source: str) -> None:
    """Raise :class:`UnknownCountryError` if a code is not a book country."""
    known = set(countries()["iso3"])
    for c in codes:
        if c not in known:
            raise UnknownCountryError(
                f"{source}: country code {c!r} is not one of the book's countries ({COUNTRIES_PATH})"
            )
