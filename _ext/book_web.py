"""The HTML edition's page hygiene: nothing a page loads fails or is unused.

- Thebe (live code cells) is not offered: the book is read offline and its
  chapters are rebuilt with the README's command. Jupyter Book still loads
  ``sphinx_thebe``, which registers its configuration script twice (a
  ``SyntaxError`` in every page's console) and a script and a stylesheet that
  point at a CDN. :func:`drop_thebe_assets` removes them from every page.
- The theme's light/dark switch gets a valid default mode (``auto``), so a
  first visit logs no "invalid theme mode" error.
- No page loads the theme's ``_static/scripts/fontawesome.js`` (1.5 MB): it only
  swaps each ``<i class="fa-...">`` icon for an inline SVG, and the theme's
  stylesheet already draws those icons from the Font Awesome webfont. The
  template ``templates/static/webpack-macros.html`` (put first on
  ``templates_path`` by :func:`add_templates`) leaves that one ``<script>`` out
  of the theme's macro; nothing else of the theme's output changes.
- The Vega bundle (``_static/vendor/vega-bundle.js``, 0.9 MB; Jupyter Book adds
  every script of ``_static`` to every page) is kept only on pages that draw a
  chart, and MathJax only on pages with math: Sphinx adds MathJax to a page
  whose toctree merely *includes* a page with math (the book's root), and the
  theme's pages (search, index) need neither. See :func:`load_per_page`.

Accessibility and readable tables (issue 13), by rewriting each page's body
(:func:`accessible_body`, run on ``html-page-context``):

- every table's caption is taken out of the ``<table>`` into a
  ``div.book-table-caption`` placed *above* the table's scroll container, so a
  table wider than the column scrolls without taking its caption with it; the
  container becomes a focusable, labelled region (``tabindex="0"``,
  ``role="region"``, ``aria-labelledby`` the caption), the table keeps the
  caption as its accessible name, and the table's id moves to the wrapper so a
  link to the table lands on its caption;
- the columns of a table whose cells are numbers (coefficients, standard errors
  in parentheses, counts, percentages, significance stars) get the class
  ``book-num`` (right-aligned, tabular figures, in ``_static/book.css``), with
  stars and closing parentheses set in a fixed-width span so the digits line
  up; in a regression table each standard error goes under its coefficient,
  in the coefficient's cell;
- every chart is wrapped in a ``div.book-chart-scroll``: the element that
  scrolls when a chart is wider than the screen, a focusable region labelled by
  its figure's caption (``aria-labelledby``); the drawn SVG is hidden from
  assistive technology (see :data:`EMBED_CALL_A11Y`), since the chart's
  container already carries its alt text as ``role="img"``;
- the bibliography's entries get ``role="listitem"`` (docutils writes the
  deprecated ``doc-biblioentry`` inside a ``role="list"``, which axe-core
  reports as a critical ``aria-required-children`` violation).

The theme's search buttons show "Search Ctrl+K" but were named "Search" only
(``label-content-name-mismatch``): ``templates/search-button-field.html``
drops the ``aria-label`` so the name is the visible text.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Default colour mode of a first visit (the reader's switch overrides it).
DEFAULT_MODE = "auto"
#: Templates that override the theme's (found before the theme's own).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The offline Vega, Vega-Lite and vega-embed bundle (scripts/vendor_assets.py).
VEGA_BUNDLE = "vendor/vega-bundle.js"
#: The book's script that fits charts to a narrow column (``_static/book-charts.js``).
CHART_SCRIPT = "book-charts.js"
#: The class Sphinx gives every rendered math node (``<span class="math ...">``).
MATH_CLASS = "math"

_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
#: What analysis/charts.py writes for a chart: a ``.book-chart`` container, its
#: spec in ``<script type="application/json" data-book-chart=...>``, and a
#: ``vegaEmbed(...)`` call that needs the bundle.
_CHART_MARK = re.compile(r"\sdata-book-chart\s*=|\bvegaEmbed\s*\(")


def _filename(asset: Any) -> str:
    """The file name of a page asset (``""`` for an inline script)."""
    return str(getattr(asset, "filename", None) or (asset if isinstance(asset, str) else ""))


def _attributes(asset: Any) -> dict[str, Any]:
    return dict(getattr(asset, "attributes", None) or {})


def is_thebe_asset(asset: Any) -> bool:
    """Whether a page asset (a Sphinx ``_JavaScript`` or ``_CascadingStyleSheet``,
    or a plain file name) belongs to sphinx-thebe.

    Parameters
    ----------
    asset
        An entry of the page context's ``script_files`` or ``css_files``.

    Returns
    -------
    bool
        True for the thebe scripts, the inline thebe configuration and the
        thebe stylesheet.
    """
    filename = _filename(asset)
    body = str(_attributes(asset).get("body", ""))
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def drop_thebe_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context`` handler: remove sphinx-thebe's scripts and stylesheet."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not is_thebe_asset(a)]


def class_tokens(html: str) -> set[str]:
    """Every class name used by an element of ``html``."""
    return {token for m in _CLASS_ATTR.finditer(html) for token in (m.group(1) or m.group(2) or "").split()}


def page_has_chart(body: str) -> bool:
    """Whether a rendered page body holds a chart that needs the Vega bundle: a
    ``book-chart`` container, a ``data-book-chart`` spec or a ``vegaEmbed(`` call."""
    return bool(_CHART_MARK.search(body)) or "book-chart" in class_tokens(body)


def math_classes(mathjax3_config: Any) -> set[str]:
    """The classes whose elements MathJax typesets on the book's pages: Sphinx's
    ``math`` and the alternatives of ``mathjax3_config["options"]["processHtmlClass"]``
    (MyST sets it, and marks each page section ``mathjax_ignore``)."""
    options = (mathjax3_config or {}).get("options", {}) if isinstance(mathjax3_config, dict) else {}
    pattern = str(options.get("processHtmlClass", "") or "")
    return {MATH_CLASS} | {c.strip() for c in pattern.split("|") if c.strip()}


def page_has_math(body: str, classes: Iterable[str] = (MATH_CLASS,)) -> bool:
    """Whether a rendered page body has an element MathJax would typeset (an
    element with one of ``classes``)."""
    return not class_tokens(body).isdisjoint(classes)


def is_vega_asset(asset: Any) -> bool:
    """Whether a page asset is needed only by charts: the offline Vega bundle or
    the book's chart-fitting script (:data:`CHART_SCRIPT`)."""
    name = _filename(asset).replace("\\", "/")
    return name.endswith(VEGA_BUNDLE) or name.rsplit("/", 1)[-1] == CHART_SCRIPT


def is_mathjax_asset(asset: Any, mathjax_path: str) -> bool:
    """Whether a page asset is MathJax (the script at ``mathjax_path``) or the
    inline configuration Sphinx writes before it (``window.MathJax = ...`` for
    MathJax 3, a ``text/x-mathjax-config`` script for MathJax 2)."""
    attrs = _attributes(asset)
    body = str(attrs.get("body", "")).lstrip()
    filename = _filename(asset)
    # Sphinx's add_js_file() files a relative path under _static/ ("_static/../mathjax/x.js")
    names = {mathjax_path, posixpath.join("_static", mathjax_path)} if "://" not in mathjax_path else {mathjax_path}
    return ((bool(mathjax_path) and filename in names)
            or attrs.get("type") == "text/x-mathjax-config"
            or (not filename and body.startswith("window.MathJax")))


def load_per_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """``html-page-context`` handler (after Sphinx's MathJax one): drop the Vega
    bundle from a page without a chart and MathJax from a page without math,
    judged on the page's rendered body (``context["body"]``; none on the
    theme's search and index pages)."""
    if "script_files" not in context:
        return
    body = str(context.get("body") or "")
    keep_vega = page_has_chart(body)
    keep_math = page_has_math(body, math_classes(getattr(app.config, "mathjax3_config", None)))
    mathjax_path = str(getattr(app.config, "mathjax_path", "") or "")
    context["script_files"] = [
        a for a in context["script_files"]
        if (keep_vega or not is_vega_asset(a)) and (keep_math or not is_mathjax_asset(a, mathjax_path))
    ]


# --------------------------------------------------------------------------- accessibility
#: A number as the book's tables print it: sign (ASCII or typographic), thousands
#: separators, decimals, per cent, significance stars.
_NUM = r"[+\u2212\u2013-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\**"
#: A numeric cell: a number, a standard error in parentheses or brackets, an
#: estimate followed by its standard error or interval in parentheses.
NUMERIC_CELL = re.compile(rf"(?:{_NUM}|\({_NUM}\)|\[{_NUM}\]|{_NUM} \({_NUM}(?: to {_NUM})?\))")
#: Cells that neither make nor break a numeric column (empty, a dash, "n/a").
NEUTRAL_CELL = re.compile(r"(?:|[\u2013\u2014\u2212-]|n/?a|NA|\.\.)", re.I)
#: Class of a numeric column's cells (right-aligned in book.css).
NUM_CLASS = "book-num"
#: A numeric cell's trailing significance stars or closing parenthesis.
SUFFIX = re.compile(r"(?:\*+|\))$")
#: Class of the span that holds it (a fixed width in book.css, so digits align).
SUFFIX_CLASS = "book-sfx"
#: Class of a cell holding such a number (never broken across lines, in book.css).
FIGURE_CLASS = "book-fig"
#: A standard error as regression tables print it: a number in parentheses.
SE_CELL = re.compile(rf"\({_NUM}\)")
#: Every chart's ``vegaEmbed(...)`` call as analysis/charts.py writes it.
EMBED_CALL = "vegaEmbed('#'+d,s,{actions:false,renderer:'svg'})"
#: The same call through ``bookEmbed`` (``_static/book-charts.js``: the chart
#: fitted to a narrow column), then the drawn SVG hidden from assistive
#: technology: the chart's container is ``role="img"`` with the chart's alt
#: text, and Vega's own ARIA markup of marks and guides would only repeat it
#: (or, for some marks, name nothing: axe-core's ``svg-img-alt``). The chart's
#: container is then marked ``data-book-drawn`` (the browser test waits for it).
EMBED_CALL_A11Y = ("(window.bookEmbed?bookEmbed('#'+d,s,{actions:false,renderer:'svg'}):" + EMBED_CALL + ")"
                   ".then(function(r){var g=r.view.container().querySelector('svg');"
                   "if(g){g.setAttribute('aria-hidden','true');}"
                   "document.getElementById(d).setAttribute('data-book-drawn','');return r;})")


def is_numeric_cell(text: str) -> bool:
    """Whether a table cell's text is a number (see :data:`NUMERIC_CELL`)."""
    return NUMERIC_CELL.fullmatch(" ".join(text.split())) is not None


def numeric_columns(rows: list[list[str]]) -> set[int]:
    """Indices of the numeric columns of a table body given as rows of cell texts:
    columns where at least half the cells that are not empty or a dash are numbers.

    Parameters
    ----------
    rows
        The body rows, each a list of cell texts in column order.

    Returns
    -------
    set[int]
        The column indices to right-align.
    """
    counts: dict[int, list[int]] = {}
    for row in rows:
        for j, text in enumerate(row):
            text = " ".join(text.split())
            if NEUTRAL_CELL.fullmatch(text):
                continue
            c = counts.setdefault(j, [0, 0])
            c[0] += is_numeric_cell(text)
            c[1] += 1
    return {j for j, (num, total) in counts.items() if num and 2 * num >= total}


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def _grid(table: Any) -> list[list[Any]]:
    """The rows of ``table`` (thead and tbody) as lists of cells, a cell repeated
    over the columns it spans (rowspans are not expanded)."""
    grid = []
    for tr in table.find_all("tr"):
        row = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            span = int(cell.get("colspan", 1) or 1)
            row.extend([cell] * span)
        grid.append(row)
    return grid


def _add_class(node: Any, name: str) -> None:
    classes = list(node.get("class") or [])
    if name not in classes:
        node["class"] = [*classes, name]


def _split_suffix(cell: Any, soup: Any) -> bool:
    """Put a numeric cell's trailing significance stars or closing parenthesis in
    a ``span.book-sfx`` (an empty one if it has none), so that the digits of a
    right-aligned column line up; cells holding markup or words are left alone.
    Returns whether the cell had a suffix."""
    holder = cell.p if cell.p is not None and len(cell.find_all(True)) == 1 else cell
    if holder.find(True) is not None or (holder.string is None and holder.get_text()):
        return False
    text = str(holder.string or "")
    if not is_numeric_cell(text):
        return False
    _add_class(cell, FIGURE_CLASS)
    m = SUFFIX.search(text.rstrip())
    span = soup.new_tag("span", attrs={"class": SUFFIX_CLASS})
    if m:
        holder.string = text.rstrip()[: m.start()]
        span.string = m.group(0)
    holder.append(span)
    return m is not None


def _align_numbers(table: Any, soup: Any) -> None:
    """Give every cell of ``table``'s numeric columns (head included) :data:`NUM_CLASS`;
    in a numeric column where some cell ends in stars or a parenthesis, put that
    suffix of every body cell in its own span (:func:`_split_suffix`)."""
    grid = _grid(table)
    columns = numeric_columns([[_text(c) for c in row] for row in grid if any(c.name == "td" for c in row)])
    for j in sorted(columns):
        cells = [row[j] for row in grid if j < len(row) and str(row[j].get("colspan", "1")) == "1"]
        for cell in cells:
            _add_class(cell, NUM_CLASS)
        body = [c for c in cells if c.name == "td"]
        if any(SUFFIX.search(_text(c)) and is_numeric_cell(_text(c)) for c in body):
            for cell in body:
                _split_suffix(cell, soup)


def _mark_standard_errors(table: Any) -> None:
    """Mark the standard-error rows of a regression table (class ``book-se``):
    a row with an empty first cell and only numbers in parentheses (or empty
    cells and dashes) after it, under a row that is not one itself."""
    body = table.find("tbody")
    rows = body.find_all("tr", recursive=False) if body is not None else []

    def is_se(row: Any) -> bool:
        cells = [_text(c) for c in row.find_all(["td", "th"], recursive=False)]
        rest = [c for c in cells[1:] if not NEUTRAL_CELL.fullmatch(c)]
        return bool(cells) and cells[0] == "" and bool(rest) and all(SE_CELL.fullmatch(c) for c in rest)

    previous = True  # the first row has no coefficient row above it
    for row in rows:
        se = is_se(row) and not previous
        if se:
            _add_class(row, "book-se")
        previous = se


def _merge_standard_errors(table: Any, soup: Any) -> None:
    """Put each standard error in its coefficient's cell, on a line of its own
    (the print convention: the error right under the estimate, whatever the
    height of the row's label), and drop the then empty standard-error row.
    Run after :func:`_align_numbers`, whose column arithmetic needs the rows."""
    for row in table.select("tr.book-se"):
        above = row.find_previous_sibling("tr")
        if above is None:
            continue
        upper = above.find_all(["td", "th"], recursive=False)
        lower = row.find_all(["td", "th"], recursive=False)
        if len(upper) != len(lower):
            continue
        for top, bottom in zip(upper[1:], lower[1:]):
            if not _text(bottom):
                continue
            src = bottom.p if bottom.p is not None else bottom
            dst = top.p if top.p is not None else top
            dst.append(soup.new_tag("br"))
            for child in list(src.contents):
                dst.append(child.extract())
        row.decompose()


def _lift_caption(soup: Any, table: Any, n: int) -> None:
    """Move ``table``'s caption above its scroll container and label the container."""
    container = table.parent if table.parent is not None and "pst-scrollable-table-container" in (
        table.parent.get("class") or []) else None
    if container is None:
        container = soup.new_tag("div", attrs={"class": "pst-scrollable-table-container"})
        table.wrap(container)
    caption = table.find("caption", recursive=False)
    table_id = table.get("id") or f"book-table-{n}"
    wrapper = soup.new_tag("div", attrs={"class": "book-table"})
    container.wrap(wrapper)
    if table.get("id"):
        del table["id"]
        wrapper["id"] = table_id
    container["tabindex"] = "0"
    container["role"] = "region"
    if caption is not None:
        cap_id = f"{table_id}-caption"
        caption.name = "div"
        caption["class"] = ["book-table-caption"]
        caption["id"] = cap_id
        container.insert_before(caption.extract())
        container["aria-labelledby"] = cap_id
        table["aria-labelledby"] = cap_id
    else:
        container["aria-label"] = "Table"


def _label_chart_region(region: Any, chart: Any, n: int) -> None:
    """Name a chart's scroll region by its figure's caption (``aria-labelledby``,
    the caption given an id if it has none), or, outside a captioned figure, by
    the chart's own alt text."""
    figure = chart.find_parent("figure")
    caption = figure.find("figcaption") if figure is not None else None
    if caption is None:
        region["aria-label"] = str(chart.get("aria-label") or "Chart")
        return
    if not caption.get("id"):
        caption["id"] = f"{figure.get('id') or f'book-figure-{n}'}-caption"
    region["aria-labelledby"] = caption["id"]


def accessible_body(body: str) -> str:
    """The page body with its tables, charts and bibliography made accessible
    (see the module docstring); a body without any of them comes back unchanged.

    Parameters
    ----------
    body
        The rendered HTML of a page's body (``context["body"]``).

    Returns
    -------
    str
        The rewritten HTML.
    """
    if not any(mark in body for mark in ("<table", "book-chart", "doc-biblioentry")):
        return body
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for n, table in enumerate(soup.find_all("table")):
        if table.find_parent("table") is not None:
            continue
        _mark_standard_errors(table)  # before the numbers' suffixes are split off
        _align_numbers(table, soup)
        _merge_standard_errors(table, soup)
        _lift_caption(soup, table, n)
    for n, chart in enumerate(soup.select("div.book-chart")):
        if chart.parent is not None and "book-chart-scroll" in (chart.parent.get("class") or []):
            continue
        region = soup.new_tag("div", attrs={"class": "book-chart-scroll", "tabindex": "0", "role": "region"})
        _label_chart_region(region, chart, n)
        chart.wrap(region)
    for script in soup.find_all("script"):
        text = script.string or ""
        if "vegaEmbed" in text and EMBED_CALL_A11Y not in text:
            if EMBED_CALL not in text:
                logger.warning("book_web: a chart's vegaEmbed call does not end with %s as analysis/charts.py "
                               "writes it; its SVG stays exposed to screen readers", EMBED_CALL)
                continue
            script.string = text.replace(EMBED_CALL, EMBED_CALL_A11Y)
    for entry in soup.select('[role="doc-biblioentry"]'):
        entry["role"] = "listitem"
    return soup.decode(formatter=_source_order_formatter())


def _source_order_formatter() -> Any:
    """BeautifulSoup's "minimal" HTML formatter, but with every tag's attributes
    in their source order (the default sorts them, which would rewrite every
    tag of the page)."""
    from bs4.formatter import HTMLFormatter

    class SourceOrder(HTMLFormatter):
        def attributes(self, tag: Any) -> Any:
            return list((tag.attrs or {}).items())

    return SourceOrder(entity_substitution=HTMLFormatter.REGISTRY["minimal"].entity_substitution)


def make_accessible(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: Any) -> None:
    """``html-page-context`` handler: rewrite the page body with :func:`accessible_body`."""
    if context.get("body"):
        context["body"] = accessible_body(str(context["body"]))


def add_templates(app: Sphinx, config: Any) -> None:
    """``config-inited`` handler: put :data:`TEMPLATES` first on ``templates_path``
    (its ``static/webpack-macros.html`` leaves out the theme's fontawesome.js)."""
    path = str(TEMPLATES)
    current = list(config.templates_path or [])
    if path not in current:
        config.templates_path = [path, *current]


def set_default_mode(app: Sphinx, config: Any) -> None:
    """``config-inited`` handler: give the theme's colour switch a valid default."""
    config.html_context = {"default_mode": DEFAULT_MODE, **(config.html_context or {})}


def source_version() -> int:
    """A number that changes with this module's source: its ``env_version``, so
    that an incremental build after a change here renders every page again
    (Sphinx does not otherwise notice that a page's HTML would differ)."""
    return int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", set_default_mode)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    # after sphinx.ext.mathjax's handler (priority 500), which adds MathJax to the page
    app.connect("html-page-context", load_per_page, priority=900)
    app.connect("html-page-context", make_accessible, priority=950)
    return {"version": "1.0", "env_version": source_version(),
            "parallel_read_safe": True, "parallel_write_safe": True}
