"""The offline Altair renderer."""
from __future__ import annotations

import base64

import altair as alt
import pandas as pd
import pytest

from analysis import charts
from analysis.errors import ParameterError


def _chart(description: str | None = "Two points on a line") -> alt.Chart:
    c = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q")
    return c.properties(description=description) if description is not None else c


def test_bundle_has_html_png_and_plain():
    bundle = charts.book_renderer(_chart().to_dict())
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "vegaEmbed(" in bundle["text/html"]
    assert 'aria-label="Two points on a line"' in bundle["text/html"]
    assert bundle["text/plain"] == "<Chart: Two points on a line>"


def test_html_uses_no_remote_script():
    html = charts.html_output(_chart().to_dict())
    assert "http://" not in html and "https://" not in html.replace(
        "https://vega.github.io/schema", ""
    )


def test_div_id_is_deterministic_and_content_dependent():
    a, b = _chart().to_dict(), _chart().to_dict()
    assert charts.spec_id(a) == charts.spec_id(b)
    assert charts.spec_id(a) != charts.spec_id(_chart("Another description").to_dict())


def test_chart_without_description_is_refused():
    with pytest.raises(ParameterError, match="description"):
        charts.book_renderer(_chart(None).to_dict())
    with pytest.raises(ParameterError):
        charts.description_of({"description": "   "})


def test_alt_text_is_html_escaped():
    html = charts.html_output(_chart('Aid "net" <flows> & more').to_dict())
    assert 'aria-label="Aid &quot;net&quot; &lt;flows&gt; &amp; more"' in html


def test_enable_registers_renderer():
    charts.enable()
    assert alt.renderers.active == charts.RENDERER


def test_actor_scale_maps_palette_and_falls_back():
    scale = charts.actor_scale(["Japan", "Somewhere"]).to_dict()
    assert scale["range"] == [charts.PALETTE["Japan"], charts.PALETTE["Other"]]
