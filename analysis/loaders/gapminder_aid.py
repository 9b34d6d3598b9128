"""Total official development assistance given by each DAC donor, from
Gapminder's *Systema Globalis* (which takes it from the OECD DAC1 table).

Three files (all ``geo``, ``time``, value; ``geo`` is a lower-case ISO3 code):

- ``gapminder_aid_given_2023``: total ODA given, **constant 2023 US$**
  (current Gapminder vintage, 1967-2023);
- ``gdf2016_aid_given_2007``: the same concept in **constant 2007 US$**, from
  Gapminder's older vintage (1967-2007). The two vintages differ in level by
  more than a change of price base explains; they are kept apart and never
  spliced;
- ``gapminder_aid_given_pct_gni``: ODA as **per cent of the donor's GNI**
  (1960-2008).

Constant-price DAC series convert each donor's aid at the base year's
exchange rate after deflating it in the donor's own currency. Japan's aid
of the 1980s and 1990s therefore looks smaller against US aid in constant
2023 dollars (a weak yen in 2023) than it did in the dollars of the time.
The loader does not rescale anything; missing donor-years stay missing.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.errors import ParameterError, UnknownCountryError
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader, to_number

#: file id -> (value column in the file, tidy column name)
FILES = {
    "gapminder_aid_given_2023": ("aid_given_2023_us", "oda_given_const2023_usd"),
    "gdf2016_aid_given_2007": ("aid_given_2007_us", "oda_given_const2007_usd"),
    "gapminder_aid_given_pct_gni": ("aid_given_percent_of_gni", "oda_given_pct_gni"),
}
DONORS = ("JPN", "USA")

VARIABLES = (
    Variable(
        name="oda_given_const2023_usd",
        label="Total net ODA given by the donor (OECD DAC1, via Gapminder, 2026 vintage)",
        unit="constant 2023 US$",
        file_ids=("gapminder_aid_given_2023",),
        transformation="geo upper-cased to ISO3; Japan and the US kept; no rescaling",
        loader="aid_given",
    ),
    Variable(
        name="oda_given_const2007_usd",
        label="Total net ODA given by the donor (Gapminder 2016 vintage; not spliced with the 2023-price series)",
        unit="constant 2007 US$",
        file_ids=("gdf2016_aid_given_2007",),
        transformation="geo upper-cased to ISO3; Japan and the US kept; no rescaling",
        loader="aid_given",
    ),
    Variable(
        name="oda_given_pct_gni",
        label="Total net ODA given by the donor as a share of its gross national income",
        unit="% of donor GNI",
        file_ids=("gapminder_aid_given_pct_gni",),
        transformation="geo upper-cased to ISO3; Japan and the US kept; no rescaling",
        loader="aid_given",
    ),
)


@tidy_loader(columns=lambda file_id: ("geo", "time", FILES[file_id][0]), dtype={"geo": str})
def _load(file: RawTable, file_id: str) -> pd.DataFrame:
    value_col, name = FILES[file_id]
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "iso3": raw["geo"].astype(str).str.strip().str.upper(),
            "year": to_number(raw["time"], source=source, column="time").astype("int64"),
            name: to_number(raw[value_col], source=source, column=value_col),
        }
    )
    bad = ~out["iso3"].str.fullmatch(r"[A-Z]{3}")
    if bad.any():
        i = bad[bad].index[0]
        raise UnknownCountryError(f"{source}: column 'geo' row {i} holds {raw.loc[i, 'geo']!r}, not an ISO3 code")
    require_unique(out, ["iso3", "year"], source=source)
    return out


def aid_given(donors: Iterable[str] | None = DONORS) -> pd.DataFrame:
    """Total ODA given by donor and year, in the three measures side by side.

    Parameters
    ----------
    donors
        ISO3 codes of donors to keep (default Japan and the US); ``None``
        keeps every donor in the files.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` (donor) and ``year``; columns
        ``oda_given_const2023_usd``, ``oda_given_const2007_usd`` (US$, not
        millions) and ``oda_given_pct_gni`` (per cent). Outer join: a year
        one file lacks is missing in that column.

    Raises
    ------
    UnknownCountryError
        If a donor is in none of the files.
    """
    frames = [_load(fid) for fid in FILES]
    out = frames[0]
    for f in frames[1:]:
        out = out.merge(f, on=["iso3", "year"], how="outer")
    if donors is not None:
        if isinstance(donors, str):
            raise ParameterError(f"parameter 'donors' is {donors!r}; give a list of ISO3 codes, e.g. ['JPN']")
        donors = list(donors)
        known = set(out["iso3"])
        for d in donors:
            if d not in known:
                raise UnknownCountryError(
                    f"donor {d!r} is in none of the Gapminder aid files ({', '.join(sorted(known))})"
                )
        out = out[out["iso3"].isin(donors)]
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)
