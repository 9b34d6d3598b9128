"""Net bilateral ODA from Japan and from the United States to the book's 26
recipients (World Bank WDI ``DC.DAC.JPNL.CD`` and ``DC.DAC.USAL.CD``, which
come from OECD DAC Table 2a).

Unit: current US dollars (not millions). Net flows can be negative when
repayments exceed new disbursements. A missing country-year means WDI has no
value; it is kept as missing, not zero.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import check_iso3
from analysis.errors import ParameterError
from analysis.loaders._common import TEXT_CSV, RawTable, Variable, require_unique, tidy_loader, to_number

FILES = {"JPN": ("wdi_aid_jpn", "dc_dac_jpnl_cd"), "USA": ("wdi_aid_usa", "dc_dac_usal_cd")}

VARIABLES = (
    Variable(
        name="net_oda_usd",
        label="Net bilateral ODA disbursements from the donor (Japan or the US) to the recipient",
        unit="current US$",
        file_ids=("wdi_aid_jpn", "wdi_aid_usa"),
        transformation="geo upper-cased to ISO3; stacked by donor; no rescaling; absent rows kept absent",
        loader="bilateral_aid",
        key=("donor", "iso3", "year"),
    ),
)


# read as text (keep_default_na=False): text such as "n/a" must raise, not become NaN silently
@tidy_loader(lambda donor: FILES[donor][0], columns=lambda donor: ("geo", "time", FILES[donor][1]), **TEXT_CSV)
def _load(file: RawTable, donor: str) -> pd.DataFrame:
    column = FILES[donor][1]
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "donor": donor,
            "iso3": raw["geo"].str.upper(),
            "year": to_number(raw["time"], source=source, column="time").astype("int64"),
            "net_oda_usd": to_number(raw[column], source=source, column=column),
        }
    )
    check_iso3(out["iso3"].unique(), source=source)
    require_unique(out, ["iso3", "year"], source=source)
    return out


def bilateral_aid(donors: tuple[str, ...] = ("JPN", "USA")) -> pd.DataFrame:
    """Net bilateral ODA by donor, recipient and year (long format).

    Parameters
    ----------
    donors
        Any of ``"JPN"`` and ``"USA"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``donor``, ``iso3``, ``year``, ``net_oda_usd`` (current US$).
    """
    for d in donors:
        if d not in FILES:
            raise ParameterError(f"parameter 'donors' contains {d!r}; allowed values are 'JPN', 'USA'")
    return pd.concat([_load(d) for d in donors], ignore_index=True).copy()
