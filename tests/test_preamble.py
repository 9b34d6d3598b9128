"""Glue helpers and publication tables."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import preamble
from analysis.errors import ParameterError


def test_fmt_number_scales_rounds_and_uses_true_minus():
    assert preamble.fmt_number(17_200_000_000, scale=1e9) == "17.2"
    assert preamble.fmt_number(1234567.891, digits=0) == "1,234,568"
    assert preamble.fmt_number(-2.25, digits=1) == "\u22122.2"  # banker's rounding of .25 -> .2
    assert preamble.fmt_number(3.0, digits=1, signed=True) == "+3.0"


@pytest.mark.parametrize("bad", [float("nan"), None, math.inf, pd.NA])
def test_fmt_number_refuses_missing(bad):
    with pytest.raises(ParameterError, match="missing"):
        preamble.fmt_number(bad)


def test_glue_number_returns_text(monkeypatch):
    seen = {}
    monkeypatch.setattr(preamble, "_glue", lambda k, v: seen.__setitem__(k, v))
    assert preamble.glue_number("k", 0.5, digits=2) == "0.50"
    assert seen == {"k": "0.50"}


def test_table_markdown_has_caption_label_and_rows():
    df = pd.DataFrame({"country": ["Mexico", "Brazil"], "claims": [59441.0, float("nan")]})
    md = preamble.table_markdown(df, caption="Bank claims. Source: BIS.", label="tbl-claims")
    lines = md.splitlines()
    assert lines[0] == ":::{table} Bank claims. Source: BIS."
    assert lines[1] == ":name: tbl-claims"
    assert lines[2].startswith(":widths: ") and len(lines[2].split()) == 3
    assert "| Mexico | 59,441.0 |" in md
    assert "| Brazil | – |" in md  # missing shown as a dash, not zero
    assert lines[-1] == ":::"


def test_table_cells_escape_pipes():
    md = preamble.table_markdown(pd.DataFrame({"a": ["x|y"]}), caption="c", label="tbl-x")
    assert "x\\|y" in md


def test_show_table_requires_tbl_label():
    with pytest.raises(ParameterError, match="'label'"):
        preamble.show_table(pd.DataFrame({"a": [1]}), caption="c", label="fig-x")


def test_table_cells_escape_dollar_signs():
    md = preamble.table_markdown(pd.DataFrame({"a": ["$4bn to $10bn"]}), caption="c", label="tbl-x")
    assert "\\$4bn to \\$10bn" in md


def test_glue_helpers_show_no_cell_output(monkeypatch):
    monkeypatch.setattr(preamble, "_glue", lambda k, v: None)
    text = preamble.glue_text("k", "1987")
    assert text == "1987" and text._ipython_display_() is None
    assert hasattr(preamble.glue_number("n", 2.0), "_ipython_display_")
    assert preamble.glue_chart("c", object()) is None


def test_column_widths_follow_text_length_within_bounds():
    w = preamble.column_widths(["a", "Description"], [["x", "y" * 200], ["z", "short"]])
    assert w[0] == 1 + 3  # one character plus padding
    assert w[1] == 60  # ceiling: one long cell cannot take the whole page
    w = preamble.column_widths(["Country", "Note"], [["Mexico", "ab"], ["Brazil", "cd"]])
    assert w == [7 + 3, 4 + 3]  # a header word is never broken


def test_glue_amount_and_date_glue_what_the_fact_table_holds(monkeypatch):
    from analysis import facts

    glued = {}
    monkeypatch.setattr(preamble, "_glue", lambda k, v: glued.__setitem__(k, v))
    text = preamble.glue_amount("k_esf", "pkg-mex95-esf", digits=0)
    assert text == "20" and glued["k_esf"] == "20"  # the US Treasury's $20bn line (tests/test_facts.py)
    day = preamble.glue_date("k_day", "pkg-mex95-esf")
    assert day == facts.date_text("pkg-mex95-esf") and glued["k_day"] == day
    assert preamble.glue_amount("k_half", "pkg-mex95-esf", digits=1, scale=2) == "10.0"


def test_markdown_cell_text_marks_missing_values_and_uses_a_true_minus():
    from analysis.markdown import cell_text

    assert cell_text(None, ",.1f") == "–" and cell_text(float("nan"), ",.1f") == "–"
    assert cell_text(-1234.5, ",.1f") == "\u22121,234.5"
    assert cell_text("a|b", ",.1f") == "a\\|b"


def test_glue_all_formats_each_number_with_its_own_digits_and_glues_words(monkeypatch):
    from analysis.numbers import Number

    glued: dict[str, object] = {}
    monkeypatch.setattr(preamble, "_glue", lambda k, v: glued.__setitem__(k, v))
    out = preamble.glue_all({"a": Number(1234.567, digits=0), "b": Number(-0.25, digits=2, signed=True),
                             "c": Number(65000.0, digits=0, scale=1000), "d": "27 February 1989"})
    assert out is None
    assert glued == {"a": "1,235", "b": "\u22120.25", "c": "65", "d": "27 February 1989"}


def test_glue_all_glues_nothing_when_a_value_is_malformed(monkeypatch):
    from analysis.numbers import Number

    glued: dict[str, object] = {}
    monkeypatch.setattr(preamble, "_glue", lambda k, v: glued.__setitem__(k, v))
    with pytest.raises(ParameterError, match="'bad'"):
        preamble.glue_all({"good": Number(1.0), "bad": Number(math.nan)})
    assert glued == {}
