"""Regression tables: formatting rules, layout and the Markdown they emit."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import models, tables
from analysis.errors import ParameterError


@pytest.fixture(scope="module")
def fits():
    rng = np.random.default_rng(7)
    n_p, n_t = 6, 10
    df = pd.DataFrame({"iso3": np.repeat([f"c{i}" for i in range(n_p)], n_t),
                       "year": np.tile(np.arange(1980, 1980 + n_t), n_p)})
    df["x1"] = rng.normal(size=len(df))
    df["x2"] = rng.normal(size=len(df))
    df["y"] = 1 + 2 * df["x1"] + rng.normal(size=len(df))
    return [models.fit(df, "y", ["x1"], estimator="pcse", label="A"),
            models.fit(df, "y", ["x1", "x2"], estimator="fe", label="B")]


@pytest.mark.parametrize("p, mark", [(0.001, "***"), (0.03, "**"), (0.07, "*"), (0.2, ""), (float("nan"), "")])
def test_stars(p, mark):
    assert tables.stars(p) == mark


def test_fmt_coef_minus_sign_and_digits():
    assert tables.fmt_coef(-1.234) == "\u22121.23"
    assert tables.fmt_coef(0.01234) == "0.012"
    assert tables.fmt_coef(12345.6) == "12,345.60"
    assert tables.fmt_coef(float("nan")) == tables.DASH


def test_regression_table_layout(fits):
    t = tables.regression_table(fits, variables=["x1", "x2", "absent"], labels={"x1": "First"})
    assert list(t.columns) == [" ", "(1) A", "(2) B"]
    labels = list(t[" "])
    assert labels[:4] == ["First", "", "x2", ""]  # coefficient row then its standard-error row
    assert "absent" not in labels
    x2 = t[t[" "] == "x2"].iloc[0]
    assert x2["(1) A"] == tables.DASH  # not in model A
    assert t[t[" "] == "N"].iloc[0].tolist()[1:] == ["60", "60"]
    assert t[t[" "] == "Country effects"].iloc[0].tolist()[1:] == ["No", "Yes"]
    assert t[t[" "] == "Standard errors"].iloc[0, 1].startswith("Panel-corrected")
    assert "(within)" in t[t[" "] == "R²"].iloc[0, 2]
    se = t.iloc[1, 1]
    assert se.startswith("(") and se.endswith(")")
    assert t.iloc[0, 1].endswith("***")  # x1 = 2 with unit noise: highly significant


def test_markdown_is_a_labelled_myst_table_with_note(fits):
    md = tables.to_markdown(tables.regression_table(fits, variables=["x1"], labels={}), caption="Cap.",
                            label="tbl-x")
    assert md.startswith(":::{table} Cap.\n:name: tbl-x")
    assert tables.NOTE.replace("*", "\\*") in md  # stars escaped: the note is not a Markdown list
    from markdown_it import MarkdownIt

    html = MarkdownIt().render(tables.to_markdown(pd.DataFrame({"a": ["1"]}), caption="c", label="tbl-y",
                                                  note=tables.STARS_NOTE))
    assert "<li>" not in html and "* p &lt; 0.10" in html
    with pytest.raises(ParameterError, match="'label'"):
        tables.to_markdown(pd.DataFrame({"a": [1]}), caption="c", label="x")
    with pytest.raises(ParameterError, match="'fits'"):
        tables.regression_table([], variables=[], labels={})


def test_compact_and_verdict_tables(fits):
    c = tables.compact_table([("G", "spec A", fits[0]), ("G", "spec B", fits[1])],
                             columns={"Effect": ["x2", "x1"]})
    assert list(c.columns) == ["Check", "Specification", "Effect", "N"]
    assert c.loc[0, "Effect"].startswith("2.") or c.loc[0, "Effect"].startswith("1.")  # x1 fills in for A
    v = models.verdicts(fits, {"x1": ("H1", 1)})
    vt = tables.verdict_table(v, labels={"x1": "First"})
    assert vt.loc[0, "Verdict"] == "Supported" and vt.loc[0, "Measure (lagged)"] == "First"
    assert vt.loc[0, "Supported in"] == "2 of 2"
    assert vt.loc[0, "Estimate (p)"].endswith(")") and "***" in vt.loc[0, "Estimate (p)"]
    with pytest.raises(ParameterError, match="'verdicts'"):
        tables.verdict_table(pd.DataFrame({"x": [1]}), labels={})
