"""The data appendix's generated tables (analysis.figures.appendix)."""
from __future__ import annotations

import pytest

from analysis.errors import ParameterError
from analysis.figures import appendix
from analysis.manifest import manifest


def test_cite_builds_roles():
    assert appendix.cite("a; b") == "{cite:p}`a,b`"
    assert appendix.cite("x") == "{cite:p}`x`"
    with pytest.raises(ParameterError):
        appendix.cite(" ; ")


def test_manifest_table_has_every_file_once():
    t = appendix.manifest_table()
    assert sorted(t["File id"]) == sorted(manifest())
    assert t["Citation"].str.startswith("{cite:p}`").all()
    census = t[t["File id"] == "census_trade"].iloc[0]
    assert census["Source folder"] == "us_census_trade_by_country"
    assert census["Commit"] == manifest()["census_trade"].upstream_commit[:10]


def test_facts_table_counts_add_up():
    from analysis import facts

    t = appendix.facts_table()
    allf = facts.load_all()
    assert t["Rows"].astype(int).sum() == len(allf)
    status_cols = [c for c in t.columns if c not in ("Table", "Rows")]
    assert (t[status_cols].astype(int).sum(axis=1) == t["Rows"].astype(int)).all()


def test_codebook_table_lists_my_loaders_variables():
    t = appendix.codebook_table()
    for var in ("us_exports_musd", "exports_musd", "net_iip_musd", "gdp_usd", "oda_given_pct_gni",
                "dac_net_oda_const2016_musd"):
        assert var in set(t["Variable"]), var
    assert t["Source"].str.startswith("{cite:p}`").all()
