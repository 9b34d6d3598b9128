"""Altair output for the book: an offline renderer and shared chart styling.

The ``book`` renderer turns a chart into one output bundle with

- ``text/html``: a ``<div>`` with a content-hash id (stable across runs, so
  nbval can compare it) and a ``vegaEmbed`` call; Vega itself is served from
  the built site (``_static/vendor/vega-bundle.js``), never from a CDN;
- ``image/png``: the same chart rendered offline by ``vl-convert``, which the
  LaTeX/PDF builder uses;
- ``text/plain``: the chart's description (its alt text).

Every chart must carry a description (``chart.properties(description=...)``):
it becomes the figure's alt text, and rendering a chart without one fails.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any

import altair as alt

from analysis.errors import ParameterError

#: Renderer name registered with Altair.
RENDERER = "book"
#: Scale factor of the PNG used in the PDF.
PNG_SCALE = 2.0
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


def html_output(spec: dict[str, Any]) -> str:
    """The HTML that embeds ``spec`` with the locally served vega-embed."""
    div = spec_id(spec)
    alt_text = html.escape(description_of(spec), quote=True)
    payload = json.dumps(spec, sort_keys=True)
    return (
        f'<div id="{div}" class="book-chart" role="img" aria-label="{alt_text}"></div>\n'
        "<script>(function(){var s=" + payload + ";"
        "function go(){vegaEmbed('#" + div + "',s,{actions:false,renderer:'svg'})"
        ".catch(function(e){document.getElementById('" + div + "').textContent='Chart failed to load: '+e;});}"
        "if(window.vegaEmbed){go();}else{window.addEventListener('load',go);}})();</script>"
    )


def png_output(spec: dict[str, Any], *, scale: float = PNG_SCALE) -> str:
    """Base64 PNG of ``spec`` rendered offline by vl-convert."""
    import vl_convert as vlc

    png = vlc.vegalite_to_png(spec, scale=scale)
    return base64.b64encode(png).decode("ascii")


def book_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """Altair renderer returning the html/png/plain bundle described above."""
    return {
        "text/html": html_output(spec),
        "image/png": png_output(spec),
        "text/plain": f"<Chart: {description_of(spec)}>",
    }


def enable() -> None:
    """Register and enable the ``book`` renderer and the book's theme."""
    alt.renderers.register(RENDERER, book_renderer)
    alt.renderers.enable(RENDERER)
    alt.data_transformers.disable_max_rows()


def base(chart_width: int = 560, chart_height: int = 300) -> dict[str, Any]:
    """Common ``properties`` for single charts: width and height in pixels."""
    return {"width": chart_width, "height": chart_height}


def actor_scale(domain: list[str]) -> alt.Scale:
    """Colour scale mapping the actors in ``domain`` to :data:`PALETTE`."""
    return alt.Scale(domain=domain, range=[PALETTE.get(d, PALETTE["Other"]) for d in domain])
