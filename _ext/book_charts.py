"""Vector figures for the print edition, rendered at build time from the stored chart specs.

A chart cell stores one output: HTML that holds the chart's Vega-Lite spec and
embeds it in the web page (see ``analysis/charts.py``). The notebooks store no
picture. For the LaTeX/PDF build this extension finds every such output in the
assembled document, renders its spec to a vector PDF with ``vl-convert`` and
puts the PDF in its place, with the chart's description as alt text.

Rendered PDFs are cached by the sha256 of the spec (and the vl-convert version)
under ``.book-cache/figures``, so an unchanged chart is rendered once.
Writes are atomic (temporary file, then ``os.replace``).

The HTML build is untouched.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The ``<script>`` element of a chart's HTML output that holds its spec
#: (written by ``analysis.charts.html_output``).
SPEC_SCRIPT = re.compile(r'<script type="application/json" data-book-chart="([^"]*)">(.*?)</script>', re.S)
#: The alt text on the chart's ``<div>``.
ARIA_LABEL = re.compile(r'aria-label="([^"]*)"')


def chart_spec(html_text: str) -> dict[str, Any] | None:
    """The Vega-Lite spec held by a chart's HTML output, or ``None`` for other HTML."""
    m = SPEC_SCRIPT.search(html_text)
    if m is None:
        return None
    spec: dict[str, Any] = json.loads(m.group(2))
    return spec


def cache_name(spec: dict[str, Any], version: str) -> str:
    """File name of the rendered spec: a hash of its JSON and of the renderer's version."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return "chart-" + hashlib.sha256(f"{version}\n{text}".encode()).hexdigest()[:20] + ".pdf"


def render_pdf(spec: dict[str, Any], cache: Path) -> Path:
    """The vector PDF of ``spec`` in ``cache``, rendered with vl-convert when missing."""
    import vl_convert as vlc

    path = cache / cache_name(spec, getattr(vlc, "__version__", "?"))
    if path.is_file() and path.stat().st_size > 0:
        return path
    cache.mkdir(parents=True, exist_ok=True)
    pdf = vlc.vegalite_to_pdf(spec)
    fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _alt_text(html_text: str) -> str:
    import html

    m = ARIA_LABEL.search(html_text)
    return html.unescape(m.group(1)) if m else ""


def replace_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` handler: chart HTML becomes a vector PDF image (LaTeX only)."""
    if app.builder.name != "latex":
        return
    cache = Path(app.srcdir) / ".book-cache" / "figures"
    outdir = Path(app.outdir)
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        spec = chart_spec(raw.astext())
        if spec is None:
            continue
        pdf = render_pdf(spec, cache)
        target = outdir / pdf.name
        if not target.is_file() or target.stat().st_size != pdf.stat().st_size:
            shutil.copyfile(pdf, target)
        image = nodes.image(uri=pdf.name, alt=_alt_text(raw.astext()), candidates={"*": pdf.name})
        raw.replace_self(image)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler (after the book-structure extension's, which does not touch charts)."""
    app.connect("doctree-resolved", replace_charts)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
