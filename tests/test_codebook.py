"""The generated codebook."""
from __future__ import annotations

import pandas as pd

from analysis import codebook
from analysis.manifest import manifest


def test_every_variable_has_source_unit_and_computed_coverage():
    cb = codebook.codebook()
    assert not cb.empty
    assert not cb.duplicated(["variable", "loader"]).any()  # a column name may recur in other tables
    for col in ("label", "unit", "source", "coverage", "transformation"):
        assert (cb[col].str.len() > 0).all(), col
    assert not (cb["coverage"] == "no values").any()


def test_declared_file_ids_are_in_the_manifest():
    ids = set(manifest())
    for _, var in codebook.variables():
        assert set(var.file_ids) <= ids, var.name


def test_coverage_counts_years_countries_and_values():
    var = codebook.Variable("v", "l", "u", (), "t", "f")
    df = pd.DataFrame({"iso3": ["A", "A", "B"], "year": [1980, 1990, 1985], "v": [1.0, None, 2.0]})
    assert codebook.coverage(df, var) == "1980-1985, 2 countries, 2 values"
    assert codebook.coverage(df.assign(v=None), var) == "no values"
