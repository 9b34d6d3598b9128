"""The data appendix's generated tables (analysis.figures.appendix)."""
from __future__ import annotations

import re

import pytest

from analysis.errors import ParameterError
from analysis import codebook, data_appendix
from analysis.figures import appendix
from analysis.manifest import manifest


def test_cite_builds_roles():
    assert appendix.cite("a; b") == "{cite:p}`a,b`"
    assert appendix.cite("x") == "{cite:p}`x`"
    with pytest.raises(ParameterError):
        appendix.cite(" ; ")


def test_files_and_sources_tables_cover_the_manifest():
    files = appendix.files_table(data_appendix.manifest_frame())
    assert sorted(files["File id"]) == sorted(manifest())
    row = files[files["File id"] == "census_trade"].iloc[0]
    assert row["File"].replace("\u200b", "") == "COUNTRY-Table 1.csv"
    src = appendix.sources_table(data_appendix.manifest_frame())
    assert src["Files"].astype(int).sum() == len(manifest())
    assert src["Citation"].str.startswith("{cite:p}`").all()
    census = src[src["Source folder"].str.replace("\u200b", "") == "us_census_trade_by_country"].iloc[0]
    assert census["Commit"] == manifest()["census_trade"].upstream_commit[:7]


def test_facts_table_counts_add_up():
    from analysis import facts

    t = appendix.facts_table(data_appendix.fact_rows())
    allf = facts.load_all()
    assert t["Rows"].astype(int).sum() == len(allf)
    status_cols = [c for c in t.columns if c not in ("Table", "Rows")]
    assert (t[status_cols].astype(int).sum(axis=1) == t["Rows"].astype(int)).all()


def test_codebook_table_lists_my_loaders_variables():
    t = appendix.codebook_table(codebook.codebook())
    names = {v.replace("\u200b", "").split(" (")[0] for v in t["Variable (loader)"]}
    for var in ("us_exports_musd", "exports_musd", "net_iip_musd", "gdp_usd", "oda_given_pct_gni",
                "dac_net_oda_const2016_musd"):
        assert var in names, var
    assert t["Definition"].str.contains("Unit: ").all()
    assert t["Source"].str.startswith("{cite:p}`").all()


def test_dollar_signs_are_escaped_so_cells_are_not_maths():
    from analysis.preamble import table_markdown

    t = appendix.codebook_table(codebook.codebook())
    assert t["Definition"].str.contains("US$", regex=False).any()  # the case that matters exists
    md = table_markdown(t, caption="c", label="tbl-c")
    assert "\\$" in md
    assert not re.search(r"(?<!\\)\$", md)


def test_tables_reject_a_frame_without_their_columns():
    import pandas as pd

    with pytest.raises(ParameterError, match="files"):
        appendix.files_table(pd.DataFrame({"file_id": ["x"]}))
    with pytest.raises(ParameterError, match="allf"):
        appendix.facts_table(pd.DataFrame({"table": ["events"]}))


def test_sources_table_from_a_frame_given_by_hand():
    import pandas as pd

    files = pd.DataFrame({"source": ["b_src", "a_src", "a_src"], "licence": ["CC0", "CC-BY", "CC-BY"],
                          "citation_key": ["kb", "ka", "ka"], "upstream_repo": ["", "o/r", "o/r"],
                          "upstream_commit": ["", "1234567890", "abcdef0123"]})
    t = appendix.sources_table(files)
    assert [x.replace("\u200b", "") for x in t["Source folder"]] == ["a_src", "b_src"]
    assert t["Files"].tolist() == ["2", "1"]
    assert t["Commit"].tolist() == ["1234567, abcdef0", "–"]
    assert t["Upstream repository"].iloc[1] == "–"
