"""The offline Altair renderer."""
from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pytest

from analysis import charts
from analysis.errors import ParameterError


def _chart(description: str | None = "Two points on a line") -> alt.Chart:
    c = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q")
    return c.properties(description=description) if description is not None else c


def test_bundle_has_html_and_plain_and_no_picture():
    bundle = charts.book_renderer(_chart().to_dict())
    assert set(bundle) == {"text/html", "text/plain"}
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


def test_round_floats_keeps_stated_significant_digits():
    value = {"a": [863.9042894161357, 1, True, None, "x"], "b": (0.1 + 0.2,), "c": 1.5e-12 / 7}
    out = charts.round_floats(value, 8)
    assert out == {"a": [863.90429, 1, True, None, "x"], "b": [0.3], "c": 2.1428571e-13}
    assert isinstance(out["a"][1], int) and out["a"][2] is True
    assert math.isnan(charts.round_floats(float("nan"), 8))


@pytest.mark.parametrize("digits", [0, 18, 2.5, True, "8"])
def test_round_floats_refuses_a_bad_precision(digits):
    with pytest.raises(ParameterError, match="digits"):
        charts.round_floats(1.0, digits)


def _noisy(y: float) -> dict:
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [y, 2.0, 0.1 + 0.2]})
    return alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").properties(description="d").to_dict()


def test_last_digit_noise_gives_identical_output():
    # two values that differ in the last bits, as a regression prediction does across BLAS builds
    a, b = 863.9042894161357, 863.9042894161296
    assert _noisy(a) != _noisy(b)  # Altair's own spec (and dataset name) differ
    assert charts.book_renderer(_noisy(a)) == charts.book_renderer(_noisy(b))


def test_datasets_are_renamed_with_their_references():
    spec = charts.rename_datasets(charts.round_floats(_noisy(1.0)))
    (name,) = spec["datasets"]
    assert spec["data"] == {"name": name}
    assert charts.rename_datasets({"mark": "bar"}) == {"mark": "bar"}


def test_spec_round_trips_through_html():
    spec = charts.rename_datasets(charts.round_floats(_chart("A </script> in the text").to_dict()))
    html_text = charts.html_output(spec)
    assert html_text.count("</script>") == 2  # the description cannot close the element early
    assert charts.spec_from_html(html_text) == json.loads(json.dumps(spec))
    assert charts.spec_from_html("<p>no chart</p>") is None
