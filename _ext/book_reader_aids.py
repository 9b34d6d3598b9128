"""Reader aids of the book, made at build time from the checkout's files.

- The book's version (``analysis.__version__``) as Sphinx ``version`` and
  ``release``, the MyST substitution ``{{ book_version }}``, the HTML footer
  and the PDF title page.
- A "Reproduce this chapter" box at the top of every chapter notebook (HTML
  and PDF): the command, the last run time, the raw files it reads with their
  sources. It is added to the page source while Sphinx reads it, from
  ``chapters/_stamps.json`` and ``data/manifest.csv``; the notebooks are not
  touched, so nbval sees no volatile output.
- Directives for the appendices: ``{execution-status}`` (what ran, when, how
  long, package versions, data hashes), ``{data-licences}`` (one row per
  source), ``{book-citation}`` (BibTeX for the book and each chapter).
- A "Download PDF" button in the header of every HTML page and a link in the
  sidebar, both to ``book.pdf`` at the site root (``make book`` copies the
  PDF there).

Each chapter's box is written to ``<doctreedir>/reader_aids/<chapter>.md``
only when it changes and the page depends on that file, so re-executing one
chapter makes Sphinx re-read that chapter (and the status page), nothing else.
"""
from __future__ import annotations

import hashlib
import json
import platform
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from sphinx.util import texescape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: its ``tools`` package
from tools import meta  # noqa: E402

#: Packages whose pinned versions the status page lists.
KEY_PACKAGES = [
    "jupyter-book", "sphinx", "myst-nb", "sphinxcontrib-bibtex", "pandas", "numpy", "statsmodels",
    "linearmodels", "altair", "vl-convert-python", "papermill", "nbval", "jupyter-cache", "pyreadr",
    "openpyxl",
]
PDF_NAME = "book.pdf"


def _root(app: Sphinx) -> Path:
    return Path(app.srcdir)


# --------------------------------------------------------------------------- version, title page
def on_config_inited(app: Sphinx, config: Config) -> None:
    root = _root(app)
    version = meta.book_version(root)
    config.version = version
    config.release = version
    subs = dict(config.myst_substitutions or {})
    subs["book_version"] = version
    config.myst_substitutions = subs
    opts = dict(config.html_theme_options or {})
    opts["extra_footer"] = (
        f'<p>Version {version}. Text: CC BY 4.0; code: MIT; data: the licences of their sources. '
        f'<a class="pdf-footer-link" href="#" data-pdf="{PDF_NAME}">PDF edition</a>.</p>'
    )
    config.html_theme_options = opts
    latex = dict(config.latex_elements or {})
    book_config = meta.read_book_config(root)
    engine = config.latex_engine
    latex["maketitle"] = (pdf_info(root, engine)
                          + _title_page(book_config.get("title", ""), book_config.get("author", ""), version, engine))
    config.latex_elements = latex


def pdf_metadata(root: Path) -> dict[str, str]:
    """The PDF's document information: title and author from ``_config.yml``,
    subject (the first sentence of the abstract) and keywords from ``CITATION.cff``.

    Raises
    ------
    ValueError
        If ``_config.yml`` has no title or author, or ``CITATION.cff`` no
        abstract or keywords (the message names the file and the field).
    """
    book_config = meta.read_book_config(root)
    cff = meta.read_cff(root)
    for name, source, field in (("_config.yml", book_config, "title"), ("_config.yml", book_config, "author"),
                                ("CITATION.cff", cff, "abstract"), ("CITATION.cff", cff, "keywords")):
        if not source.get(field):
            raise ValueError(f"{root / name} has no '{field}': the PDF metadata need it; add it there")
    abstract = " ".join(str(cff["abstract"]).split())
    # the first sentence: a full stop after a word (not after an initial such as "N.")
    subject = re.split(r"(?<=[a-z0-9)][a-z0-9)]\.)\s+(?=[A-Z])", abstract)[0]
    return {"title": str(book_config["title"]), "author": str(book_config["author"]),
            "subject": subject, "keywords": ", ".join(str(k) for k in cff["keywords"])}


def tex_escape(text: str, latex_engine: str | None = None) -> str:
    """``text`` escaped for LaTeX by Sphinx (:func:`sphinx.util.texescape.escape`).

    Sphinx fills its escape tables when the LaTeX builder starts, which is
    after ``config-inited`` (where the title page is made), so they are filled
    here first (:func:`sphinx.util.texescape.init` only sets them again).
    """
    texescape.init()
    return texescape.escape(text, latex_engine)


def pdf_info(root: Path, latex_engine: str | None = None) -> str:
    """``\\hypersetup`` with the PDF's document information (:func:`pdf_metadata`),
    escaped by Sphinx for ``latex_engine``."""
    info = pdf_metadata(root)
    return ("\\hypersetup{" + ", ".join(f"pdf{key}={{{tex_escape(value, latex_engine)}}}"
                                        for key, value in info.items())
            + "}\n")


def _title_page(title: str, author: str, version: str, latex_engine: str | None = None) -> str:
    """The PDF's title page: the only page that prints the book's version."""

    def _tex(text: str) -> str:
        return tex_escape(text, latex_engine)

    return (
        "\\begin{titlepage}\n\\centering\n\\vspace*{4cm}\n"
        f"{{\\Huge {_tex(title)}\\par}}\n\\vspace{{1.2cm}}\n"
        "{\\Large\\itshape A reproducible monograph after Katada (2001)\\par}\n\\vfill\n"
        f"{{\\LARGE {_tex(author)}\\par}}\n\\vspace{{2cm}}\n"
        f"{{\\large Version {_tex(version)}\\par}}\n{{\\large \\today\\par}}\n\\vspace{{1cm}}\n"
        "{\\small Text: CC BY 4.0. Code: MIT. Data: the licences of their sources.\\par}\n"
        "\\end{titlepage}\n"
    )


# --------------------------------------------------------------------------- PDF link in HTML
def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                         doctree: Any) -> None:
    url = context["pathto"](PDF_NAME, 1)
    context["book_pdf_url"] = url
    buttons = context.get("header_buttons")
    if isinstance(buttons, list):
        buttons.append({
            "type": "link", "url": url, "tooltip": "Download the whole book as PDF",
            "icon": "fas fa-file-pdf", "label": "download-pdf-button",
        })
    footer = context.get("theme_extra_footer")
    if footer:
        context["theme_extra_footer"] = footer.replace('href="#" data-pdf="book.pdf"', f'href="{url}"')


# --------------------------------------------------------------------------- reproduce box
def _seconds_text(seconds: float) -> str:
    if seconds < 60:
        return f"about {max(1, round(seconds))} s"
    return f"about {seconds / 60:.1f} min"


def data_lines(items: list[str], rows: dict[str, dict[str, str]]) -> list[str]:
    """Markdown bullets for the data a chapter reads: one per raw-data source
    (its files, upstream, citation and licence), one for the repository's own tables."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    local: list[str] = []
    for item in items:
        row = rows.get(item)
        if row is None:
            local.append(item)
        else:
            groups[row["path"].split("/", 1)[0]].append(row)
    out = []
    for source in sorted(groups):
        grp = groups[source]
        files = ", ".join(f"`{r['path'].split('/', 1)[1]}`" for r in grp)
        upstream = ", ".join(sorted({f"`{r['upstream_repo']}`" for r in grp if r.get("upstream_repo")})) or "–"
        keys = ",".join(sorted({r["citation_key"] for r in grp}))
        licence = "; ".join(sorted({r["licence"] for r in grp}))
        where = "" if all(r.get("upstream_url") for r in grp) else "; no download address (see the data appendix)"
        out.append(f"- `{source}/`: {files}; from {upstream} {{cite:p}}`{keys}`; licence: {licence}{where}.")
    if local:
        out.append("- tables kept in this repository: " + ", ".join(f"`{i}`" for i in local) + ".")
    return out


def reproduce_box(root: Path, stem: str, stamps: dict[str, Any], rows: dict[str, dict[str, str]],
                  params: dict[str, Any] | None = None) -> str:
    """The MyST source of a chapter's "Reproduce this chapter" box."""
    stamp = stamps.get(stem)
    lines = [
        ":::{admonition} Reproduce this chapter",
        ":class: tip reproduce-box dropdown",
        "",
        f"From the book's folder, `make rebuild ARGS=\"--chapters {stem}\"` re-executes this chapter "
        "from the raw data (the first `make` sets up the Python environment).",
    ]
    if params:
        shown = ", ".join(f"`{k}` (default `{v!r}`)" for k, v in params.items())
        example_key, example_val = next(iter(params.items()))
        lines += [
            "",
            f"Its parameters are {shown}; set one with, for example, "
            f"`make rebuild ARGS=\"--chapters {stem} -p {stem}.{example_key}={example_val!r}\"`.",
        ]
    lines.append("")
    if stamp is None:
        lines.append("It has not been executed by the rebuild tool yet.")
    else:
        run = _seconds_text(float(stamp.get("seconds", 0)))
        used = stamp.get("params") or {}
        with_params = (" with " + ", ".join(f"`{k}={v!r}`" for k, v in used.items())) if used else ""
        lines.append(f"Its last execution{with_params} took {run} on one core.")
        data = stamp.get("data") or []
        if data:
            n_raw = sum(1 for item in data if item in rows)
            lines += ["", f"It reads {n_raw} raw file{'s' if n_raw != 1 else ''}, each checked against its sha256 "
                      "in `data/manifest.csv`, by source:", ""]
            lines += data_lines(data, rows)
        else:
            lines.append("It reads no data file.")
    lines.append(":::")
    return "\n".join(lines) + "\n"


#: The label of the appendix table that lists each chapter's run and data files.
STATUS_TABLE = "tbl-execution-status"


def status_page(root: Path) -> str | None:
    """The docname of the page with the ``{execution-status}`` directive, if any."""
    for entry in meta.toc_entries(root):
        if entry.path is not None and entry.path.suffix == ".md" \
                and "{execution-status}" in entry.path.read_text(encoding="utf-8"):
            return entry.docname
    return None


def print_reproduce_line(status_doc: str | None) -> str:
    """The LaTeX of the one line that replaces a chapter's reproduce box in print."""
    if status_doc is None:
        where = "the appendices"
    else:
        label = f"\\detokenize{{{status_doc}:{STATUS_TABLE}}}"
        where = f"\\hyperref[{label}]{{Table~\\ref*{{{label}}}}}"
    return f"\\par\\noindent{{\\small\\itshape Reproduce this chapter:\\/}} {{\\small its data files and last run are listed in {where}.}}\\par\n"


def shorten_boxes_in_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (LaTeX only): each chapter's reproduce box becomes one
    line pointing to the appendix table of chapter runs and data files. The
    HTML keeps the full box."""
    if app.builder.name != "latex":
        return
    line = print_reproduce_line(status_page(_root(app)))
    for box in list(doctree.findall(nodes.admonition)):
        if "reproduce-box" in box.get("classes", []):
            box.replace_self(nodes.raw("", line, format="latex"))


def _aids_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "reader_aids"


def _chapter_params(path: Path) -> dict[str, Any]:
    return meta.parameter_names(meta.read_notebook(path))


def on_builder_inited(app: Sphinx) -> None:
    """Write each chapter's box where it changed (see the module docstring)."""
    root = _root(app)
    stamps = meta.read_stamps(meta.stamps_path(root), root)
    rows = meta.read_manifest(root)
    out = _aids_dir(app)
    out.mkdir(parents=True, exist_ok=True)
    boxes: dict[str, str] = {}
    for entry in meta.toc_entries(root)[1:]:
        if not entry.is_notebook:
            continue
        assert entry.path is not None  # is_notebook implies a file was found
        text = reproduce_box(root, entry.stem, stamps, rows, _chapter_params(entry.path))
        boxes[entry.docname] = text
        target = out / f"{entry.stem}.md"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    app.env.book_reader_boxes = boxes  # type: ignore[attr-defined]


def insert_box(nb_json: str, box: str) -> str:
    """Insert ``box`` after the first level-one heading of a notebook's Markdown."""
    nb = json.loads(nb_json)
    cells = nb.get("cells", [])
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        lines = meta.cell_source(cell).splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("# "):
                new = lines[: i + 1] + ["\n", box, "\n"] + lines[i + 1:]
                cell["source"] = "".join(new)
                return json.dumps(nb)
    cells.insert(0, {"cell_type": "markdown", "metadata": {}, "source": box})
    return json.dumps(nb)


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    boxes: dict[str, str] = getattr(app.env, "book_reader_boxes", {})
    if docname not in boxes:
        return
    stem = docname.rsplit("/", 1)[-1]
    app.env.note_dependency(str(_aids_dir(app) / f"{stem}.md"))
    source[0] = insert_box(source[0], boxes[docname])


# --------------------------------------------------------------------------- directives
class _GeneratedMyST(SphinxDirective):
    """A directive whose body is MyST generated from the checkout's files."""

    has_content = False
    depends_on: tuple[str, ...] = ()

    def myst(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        for rel in self.depends_on:
            self.env.note_dependency(str(root / rel))
        container = nodes.container(classes=[self.name.replace(":", "-")])
        text = self.myst()
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
        return container.children


def _short(digest: str, n: int = 16) -> str:
    return digest[:n]


def execution_status_myst(root: Path) -> str:
    """MyST of the execution-status page's body."""
    stamps = meta.read_stamps(meta.stamps_path(root), root)
    rows = meta.read_manifest(root)
    version = meta.book_version(root)
    lock = root / "requirements.lock"
    lock_hash = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else "none"
    out = [
        f"Book version {version}. Python {platform.python_version()}; "
        f"`requirements.lock` sha256 `{_short(lock_hash)}`.",
        "",
        ":::{table} Chapters executed by the rebuild tool: when (UTC), how long, with which parameters and raw files.",
        ":name: tbl-execution-status",
        "",
        "| chapter | executed (UTC) | seconds | parameters | data files read |",
        "|---|---|---|---|---|",
    ]
    chapters = [e for e in meta.toc_entries(root)[1:] if e.is_notebook]
    for e in chapters:
        s = stamps.get(e.stem)
        if s is None:
            out.append(f"| {e.stem} | not yet executed | – | – | – |")
            continue
        params = ", ".join(f"{k}={v!r}" for k, v in (s.get("params") or {}).items()) or "defaults"
        data = ", ".join(s.get("data") or []) or "none"
        when = str(s.get("executed", "–")).replace("T", " ").rstrip("Z")
        out.append(f"| {e.stem} | {when} | {float(s.get('seconds', 0)):.1f} | {params} | {data} |")
    out += [":::", ""]
    versions = meta.lock_versions(root, KEY_PACKAGES)
    out += [
        ":::{table} Pinned versions of the main packages (the full list is `requirements.lock`).",
        ":name: tbl-package-versions",
        "",
        "| package | version |",
        "|---|---|",
        f"| Python | {platform.python_version()} |",
    ]
    out += [f"| {name} | {versions[name]} |" for name in KEY_PACKAGES if name in versions]
    out += [":::", ""]
    used: dict[str, list[str]] = defaultdict(list)
    for stem, s in sorted(stamps.items()):
        for item in s.get("data") or []:
            used[item].append(stem)
    out += [
        ":::{table} Raw files read by the executed chapters, with the first 16 hex digits of the "
        "sha256 that every read verifies (full digests in `data/manifest.csv`).",
        ":name: tbl-data-hashes",
        "",
        "| file id | sha256 (start) | read by |",
        "|---|---|---|",
    ]
    if not used:
        out.append("| none yet | – | – |")
    for item in sorted(used):
        row = rows.get(item)
        if row is None:
            path = root / item
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
            out.append(f"| `{item}` | `{_short(digest)}` | {', '.join(used[item])} |")
        else:
            out.append(f"| {item} | `{_short(row['sha256'])}` | {', '.join(used[item])} |")
    out += [":::", ""]
    return "\n".join(out)


class ExecutionStatus(_GeneratedMyST):
    depends_on = ("chapters/_stamps.json", "data/manifest.csv", "requirements.lock", "analysis/__init__.py")

    def myst(self) -> str:
        return execution_status_myst(Path(self.env.srcdir))


def data_licences_myst(root: Path) -> str:
    """MyST table: one row per source folder of the manifest, with its licence and citation."""
    rows = meta.read_manifest(root)
    by_source: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows.values():
        by_source[row["path"].split("/", 1)[0]].append(row)
    out = [
        ":::{table} The raw data files by source: how many, their licence or terms of use, where they "
        "come from, and whom to cite. The data keep these licences; the book's own licences do not apply to them.",
        ":name: tbl-data-licences",
        "",
        "| source folder | files | licence or terms | upstream | cite |",
        "|---|---|---|---|---|",
    ]
    for source in sorted(by_source):
        items = by_source[source]
        licences = "; ".join(sorted({r["licence"] for r in items}))
        upstream = ", ".join(sorted({r["upstream_repo"] for r in items if r["upstream_repo"]})) or "–"
        keys = sorted({r["citation_key"] for r in items})
        cite = "{cite:p}`" + ",".join(keys) + "`"
        out.append(f"| `{source}` | {len(items)} | {licences.replace('|', '/')} | {upstream} | {cite} |")
    out += [":::", ""]
    return "\n".join(out)


class DataLicences(_GeneratedMyST):
    depends_on = ("data/manifest.csv",)

    def myst(self) -> str:
        return data_licences_myst(Path(self.env.srcdir))


def _bib_escape(text: str) -> str:
    return text.replace("&", r"\&").replace("%", r"\%")


def citation_bibtex(root: Path) -> tuple[str, list[tuple[str, str]]]:
    """BibTeX of the book and of each chapter, from ``CITATION.cff`` and ``_toc.yml``."""
    cff = meta.read_cff(root)
    pref = cff.get("preferred-citation", cff)
    title = pref.get("title", cff["title"])
    authors = " and ".join(
        "{" + a["name"] + "}" if "name" in a else f"{a['family-names']}, {a['given-names']}"
        for a in pref.get("authors", cff["authors"])
    )
    year = str(pref.get("year") or str(cff.get("date-released", ""))[:4])
    version = str(cff["version"])
    key = cff.get("x-bibtex-key", "japancrisisbook")
    url = pref.get("url") or cff.get("url") or cff.get("repository-code") or ""
    common = [f"  author    = {{{authors}}},", f"  year      = {{{year}}},",
              f"  edition   = {{Version {version}}},", f"  note      = {{Reproducible monograph, version {version}}},"]
    if url:
        common.append(f"  url       = {{{url}}},")
    book = "\n".join([f"@book{{{key},", f"  title     = {{{{{_bib_escape(title)}}}}},", *common, "}"])
    chapters: list[tuple[str, str]] = []
    for e in meta.main_chapters(root):
        num = meta.chapter_number(e)
        ch_title = meta.page_title(e.path, e.stem)
        ch_key = f"{key}_ch{num:02d}" if num is not None else f"{key}_{e.stem}"
        lines = [f"@incollection{{{ch_key},", f"  title     = {{{{{_bib_escape(ch_title)}}}}},",
                 f"  booktitle = {{{{{_bib_escape(title)}}}}},"]
        if num is not None:
            lines.append(f"  chapter   = {{{num}}},")
        lines += [*common, "}"]
        chapters.append((f"{num}. {ch_title}" if num is not None else ch_title, "\n".join(lines)))
    return book, chapters


def book_citation_myst(root: Path) -> str:
    version = meta.book_version(root)
    book, chapters = citation_bibtex(root)
    cff = meta.read_cff(root)
    pref = cff.get("preferred-citation", cff)
    who = "; ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in pref.get("authors", cff["authors"]))
    year = pref.get("year") or str(cff.get("date-released", ""))[:4]
    out = [f"This is version **{version}** of the book. In a reference list:", "",
           f"> {who} ({year}). *{pref.get('title', cff['title'])}*, version {version}.", "",
           "The whole book in BibTeX:", "", "```bibtex", book, "```", ""]
    if chapters:
        out += ["One chapter:", ""]
        for label, bib in chapters:
            out += [f"*{label}*", "", "```bibtex", bib, "```", ""]
    return "\n".join(out)


class BookCitation(_GeneratedMyST):
    depends_on = ("CITATION.cff", "_toc.yml", "analysis/__init__.py")

    def myst(self) -> str:
        root = Path(self.env.srcdir)
        for e in meta.main_chapters(root):
            if e.path is not None:
                self.env.note_dependency(str(e.path))
        return book_citation_myst(root)


# --------------------------------------------------------------------------- re-reading
def on_env_get_outdated(app: Sphinx, env: Any, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    """Always re-read the pages that show the execution status.

    Their content comes from ``chapters/_stamps.json``. Sphinx notes that file
    as a dependency, but HTML and LaTeX share one environment in Jupyter Book:
    after a PDF build has re-read the page, an HTML build would find it
    current and keep a stale HTML page. The pages are small, so re-reading
    them on every build costs little.
    """
    pages = []
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and "{execution-status}" in path.read_text(encoding="utf-8"):
            pages.append(docname)
    return pages


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("source-read", on_source_read)
    app.connect("doctree-resolved", shorten_boxes_in_print)
    app.connect("html-page-context", on_html_page_context, priority=600)
    app.add_directive("execution-status", ExecutionStatus)
    app.add_directive("data-licences", DataLicences)
    app.add_directive("book-citation", BookCitation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
