"""The print edition's figures: chart specs from the stored HTML, rendered as vector PDF and cached."""
from __future__ import annotations

import sys
from pathlib import Path

import altair as alt
import pandas as pd

from analysis import charts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import book_charts  # noqa: E402


def _html(description: str = "Two points") -> tuple[dict, str]:
    frame = pd.DataFrame({"x": [1, 2], "y": [3.25, 4.5], "unused": ["a", "b"]})
    chart = alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").properties(description=description)
    bundle = charts.book_renderer(chart.to_dict())
    return charts.spec_from_html(bundle["text/html"]), bundle["text/html"]


def test_extension_reads_the_spec_the_renderer_stored():
    spec, html_text = _html()
    assert book_charts.chart_spec(html_text) == spec
    assert book_charts.chart_spec("<table><tr><td>1</td></tr></table>") is None
    assert book_charts._alt_text(_html('Aid "net" & more')[1]) == 'Aid "net" & more'


def test_cache_name_depends_on_spec_and_renderer_version():
    spec, _ = _html()
    other, _ = _html("Another description")
    assert book_charts.cache_name(spec, "1") == book_charts.cache_name(dict(spec), "1")
    assert book_charts.cache_name(spec, "1") != book_charts.cache_name(other, "1")
    assert book_charts.cache_name(spec, "1") != book_charts.cache_name(spec, "2")


def test_render_pdf_writes_a_vector_pdf_once(tmp_path):
    spec, _ = _html()
    path = book_charts.render_pdf(spec, tmp_path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"/Subtype /Image" not in data
    mtime = path.stat().st_mtime_ns
    assert book_charts.render_pdf(spec, tmp_path) == path
    assert path.stat().st_mtime_ns == mtime  # a cache hit renders nothing
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_pruned_columns_are_the_unused_ones():
    spec, _ = _html()
    (rows,) = spec["datasets"].values()
    assert set(rows[0]) == {"x", "y"}
    frame = pd.DataFrame({"a": [1], "b": [2], "c": [3]})
    calc = (alt.Chart(frame).mark_point().transform_calculate(d="datum.b * 2").encode(x="a:Q", y="d:Q")
            .properties(description="d"))
    (rows,) = charts.prune_datasets(calc.to_dict())["datasets"].values()
    assert set(rows[0]) == {"a", "b"}  # b is reached through an expression
