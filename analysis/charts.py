"""Altair output for the book: an offline renderer and shared chart styling.

The ``book`` renderer turns a chart into one output bundle with

- ``text/html``: the chart's Vega-Lite spec in a ``<script
  type="application/json">`` element, a ``<div>`` with a content-hash id
  (stable across runs, so nbval can compare it) and a ``vegaEmbed`` call; Vega
  itself is served from the built site (``_static/vendor/vega-bundle.js``),
  never from a CDN;
- ``text/plain``: the chart's description (its alt text).

No picture is stored in the notebook. The print edition renders each chart
at build time from the same stored spec, as a vector PDF (``_ext/book_charts.py``),
so a stored output never depends on the fonts or the rasteriser of the machine
that executed it.

Every floating-point number in a spec is rounded to :data:`SIGNIFICANT_DIGITS`
significant digits before it is stored. The last digits of a computed float
(a regression prediction, a mean) differ between CPUs and BLAS builds; rounding
well above what a chart can show, and above what any of the book's sources
report, makes the stored spec identical on every machine.

Columns of a chart's inline data that the chart never refers to are dropped
(:func:`prune_datasets`), which keeps the notebooks small.

Every chart must carry a description (``chart.properties(description=...)``):
it becomes the figure's alt text, and rendering a chart without one fails.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
from typing import Any

import altair as alt

from analysis.errors import ParameterError

#: Renderer name registered with Altair.
RENDERER = "book"
#: Significant digits kept of every float in a stored chart spec.
SIGNIFICANT_DIGITS = 8
#: Attribute marking the ``<script>`` element that holds a chart's spec.
SPEC_ATTRIBUTE = "data-book-chart"
#: The book's colours for its actors, used by every chapter.
PALETTE = {
    "Japan": "#b2182b",
    "United States": "#2166ac",
    "Latin America": "#d6604d",
    "East Asia": "#4393c3",
    "Other": "#878787",
}


def spec_id(spec: dict[str, Any]) -> str:
    """A short, deterministic id for a Vega-Lite spec (sha256 of its JSON)."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return "vis-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def description_of(spec: dict[str, Any]) -> str:
    """The chart's alt text (its top-level ``description``).

    Raises
    ------
    ParameterError
        If the chart has no description: every chart needs alt text.
    """
    desc = spec.get("description")
    if not isinstance(desc, str) or not desc.strip():
        title = spec.get("title", "(untitled)")
        raise ParameterError(
            f"chart {title!r} has no description; give it alt text with "
            "chart.properties(description='what the chart shows')"
        )
    return desc.strip()


def round_floats(value: Any, digits: int = SIGNIFICANT_DIGITS) -> Any:
    """``value`` with every finite float rounded to ``digits`` significant digits.

    Containers (dicts, lists, tuples) are copied; integers, booleans, strings
    and ``None`` are returned unchanged.

    Raises
    ------
    ParameterError
        If ``digits`` is not a whole number from 1 to 17.
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ParameterError(f"parameter 'digits' is {digits!r}; give a whole number from 1 to 17")
    if isinstance(value, float):
        return float(f"{value:.{digits}g}") if math.isfinite(value) else value
    if isinstance(value, dict):
        return {k: round_floats(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [round_floats(v, digits) for v in value]
    return value


def prune_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` without the inline-data columns that nothing in the chart refers to.

    Altair stores every column of the frame a chart was made from, used or not.
    A column is kept whenever its name occurs as a whole word anywhere in the
    spec outside the data (an encoding, a transform, a tooltip, an expression),
    so only columns that the chart cannot reach are dropped.
    """
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict) or not datasets:
        return spec
    rest = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    pruned: dict[str, Any] = {}
    for name, rows in datasets.items():
        columns = {c for row in rows if isinstance(row, dict) for c in row}
        used = {c for c in columns if re.search(r"(?<![\w$])" + re.escape(c) + r"(?![\w$])", rest)}
        pruned[name] = [{c: v for c, v in row.items() if c in used} if isinstance(row, dict) else row
                        for row in rows]
    return {**spec, "datasets": pruned}


def rename_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with each inline dataset named by a hash of its (rounded) values.

    Altair names a dataset by a hash of its values at full precision, so the
    name would still carry the machine-dependent last digits; renaming after
    rounding removes them. References to a dataset anywhere in the spec are
    renamed with it.
    """
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict) or not datasets:
        return spec
    text = json.dumps(spec, sort_keys=True)
    for old, values in datasets.items():
        digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:32]
        text = text.replace(json.dumps(old), json.dumps(f"data-{digest}"))
    renamed: dict[str, Any] = json.loads(text)
    return renamed


def spec_json(spec: dict[str, Any]) -> str:
    """The spec as compact JSON with sorted keys, safe inside a ``<script>`` element."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("</", "<\\/")


def html_output(spec: dict[str, Any]) -> str:
    """The HTML that holds ``spec`` and embeds it with the locally served vega-embed."""
    div = spec_id(spec)
    alt_text = html.escape(description_of(spec), quote=True)
    return (
        f'<div id="{div}" class="book-chart" role="img" aria-label="{alt_text}"></div>\n'
        f'<script type="application/json" {SPEC_ATTRIBUTE}="{div}">{spec_json(spec)}</script>\n'
        "<script>(function(){var d='" + div + "';"
        "function go(){var s=JSON.parse(document.querySelector('script[" + SPEC_ATTRIBUTE + "=\"'+d+'\"]').textContent);"
        "vegaEmbed('#'+d,s,{actions:false,renderer:'svg'})"
        ".catch(function(e){document.getElementById(d).textContent='Chart failed to load: '+e;});}"
        "if(window.vegaEmbed){go();}else{window.addEventListener('load',go);}})();</script>"
    )


def spec_from_html(text: str) -> dict[str, Any] | None:
    """The Vega-Lite spec held by a chart's HTML output (``None`` if ``text`` holds no chart).

    The inverse of :func:`html_output`, used by the print edition.
    """
    m = re.search(r'<script type="application/json" ' + SPEC_ATTRIBUTE + r'="[^"]*">(.*?)</script>', text, re.S)
    if m is None:
        return None
    spec: dict[str, Any] = json.loads(m.group(1))
    return spec


def book_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """Altair renderer returning the html/plain bundle described above (floats rounded)."""
    spec = rename_datasets(round_floats(prune_datasets(spec)))
    return {
        "text/html": html_output(spec),
        "text/plain": f"<Chart: {description_of(spec)}>",
    }


def enable() -> None:
    """Register and enable the ``book`` renderer and the book's theme."""
    alt.renderers.register(RENDERER, book_renderer)
    alt.renderers.enable(RENDERER)
    alt.data_transformers.disable_max_rows()


def base(chart_width: int = 520, chart_height: int = 300) -> dict[str, Any]:
    """Common ``properties`` for single charts: width and height in pixels."""
    return {"width": chart_width, "height": chart_height}


def actor_scale(domain: list[str]) -> alt.Scale:
    """Colour scale mapping the actors in ``domain`` to :data:`PALETTE`."""
    return alt.Scale(domain=domain, range=[PALETTE.get(d, PALETTE["Other"]) for d in domain])
