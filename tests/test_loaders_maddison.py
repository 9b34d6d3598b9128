"""Maddison Project loader: values against the raw file's documented rows,
real growth by hand, bad input."""
from __future__ import annotations

import pytest

from analysis.errors import DataHashError, ParameterError
from analysis.loaders import maddison


def test_values_and_units():
    m = maddison.maddison().set_index(["iso3", "year"])
    # SOURCE.md: Japan, US and Mexico annual 1975-2018; raw row Japan,1982: GDP 2658129616560
    assert m.loc[("JPN", 1982), "gdp_musd"] == pytest.approx(2658129616560 / 1e6)
    assert m.loc[("USA", 1994), "gdp_pc"] == pytest.approx(38807.28)
    assert not m.index.duplicated().any()
    assert m.index.get_level_values("year").max() == 2018


def test_real_growth_by_hand():
    g = maddison.real_growth("JPN").set_index("year")["growth_pct"]
    # raw GDP: 1994 3898677010072.69, 1995 4003033419980.69
    assert g[1995] == pytest.approx(100 * (4003033419980.69 / 3898677010072.69 - 1))
    assert 1982 in g.index and g.index.is_monotonic_increasing


def test_unknown_country():
    with pytest.raises(ParameterError, match="'iso3'"):
        maddison.real_growth("XXX")


def test_altered_file(scratch_data):
    path = scratch_data("maddison")
    path.write_bytes(path.read_bytes().replace(b"Japan,1982", b"Japan,1983", 1))
    with pytest.raises(DataHashError, match="maddison"):
        maddison.maddison()
