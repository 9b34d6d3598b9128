"""Country codes and names."""
from __future__ import annotations

import pytest

from analysis import countries
from analysis.errors import ParameterError, UnknownCountryError


def test_26_recipients_split_20_latin_america_6_east_asia():
    assert len(countries.recipients()) == 26
    assert len(countries.recipients(countries.LATIN_AMERICA)) == 20
    assert set(countries.recipients(countries.EAST_ASIA)) == {"CHN", "IDN", "KOR", "MYS", "PHL", "THA"}


def test_bad_region_names_parameter():
    with pytest.raises(ParameterError, match="'region'"):
        countries.recipients("Africa")


def test_aliases_and_codes_map_to_iso3():
    assert countries.to_iso3(["Korea, South", "mex", "Venezuela, RB"], source="t") == ["KOR", "MEX", "VEN"]


def test_unknown_name_raises_with_source_and_alias_file():
    with pytest.raises(UnknownCountryError) as err:
        countries.to_iso3(["Atlantis"], source="census file")
    assert "census file" in str(err.value) and "country_aliases.csv" in str(err.value)
    assert countries.to_iso3(["Atlantis"], source="x", strict=False) == [None]


def test_region_and_name_lookups():
    assert countries.region_of("THA") == countries.EAST_ASIA
    assert countries.name_of("KOR") == "South Korea"
    with pytest.raises(UnknownCountryError):
        countries.region_of("XXX")
    with pytest.raises(UnknownCountryError):
        countries.check_iso3(["MEX", "ZZZ"], source="s")
