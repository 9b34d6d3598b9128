"""One loader module per raw-data source. Each returns tidy pandas frames.

Conventions every loader follows:

- one row per country-year (``iso3``, ``year``) or per date (``date``), keys
  unique; ISO3 codes upper case and harmonised with ``analysis.countries``;
- values in the unit the module documents in its ``VARIABLES``; missing values
  are ``NaN``, never silently zero;
- raw files are read only through :func:`analysis.loaders._common.tidy_loader`,
  which resolves them with :func:`analysis.manifest.resolve` (verifying their
  sha256), reads them, checks their columns and coverage contract, and caches
  the tidy frame in memory and on disk; a loader's own code only parses;
- a file that parses to the wrong columns raises
  :class:`analysis.errors.DataSchemaError` naming the file and the columns.
"""
from __future__ import annotations

#: Loader modules whose ``VARIABLES`` make up the codebook, in appendix order.
MODULES: tuple[str, ...] = (
    "aid",
    "census_trade",
    "gravity",
    "wdi_gdp",
    "ewn",
    "gapminder_aid",
    "oecd_dac",
    "fx",
    "maddison",
    "pwt",
    "bis",
    "gapminder_debt",
    "us_aid",
    "imf",
    "asonuma",
    "laeven",
)
