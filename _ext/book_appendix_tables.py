"""Directives for the appendices, their bodies generated from the checkout's files.

- ``{execution-status}``: what ran, when, how long, with which parameters and
  data files; the pinned versions of the main packages; the hashes of the raw
  files read (from ``chapters/_stamps.json``, ``requirements.lock``,
  ``data/manifest.csv``). The pages holding it are re-read on every build
  (:func:`on_env_get_outdated`).
- ``{data-licences}``: one row per source folder of the manifest.
- ``{book-citation}``: BibTeX for the book and each chapter (``CITATION.cff``, ``_toc.yml``).
"""
from __future__ import annotations

import hashlib
import platform
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: its ``tools`` package
from tools import meta  # noqa: E402

#: The label of the appendix table that lists each chapter's run and data files.
STATUS_TABLE = "tbl-execution-status"


def status_page(root: Path) -> str | None:
    """The docname of the page with the ``{execution-status}`` directive, if any."""
    for entry in meta.toc_entries(root):
        if entry.path is not None and entry.path.suffix == ".md" \
                and "{execution-status}" in entry.path.read_text(encoding="utf-8"):
            return entry.docname
    return None


#: Packages whose pinned versions the status page lists.
KEY_PACKAGES = [
    "jupyter-book", "sphinx", "myst-nb", "sphinxcontrib-bibtex", "pandas", "numpy", "statsmodels",
    "linearmodels", "altair", "vl-convert-python", "papermill", "nbval", "jupyter-cache", "pyreadr",
    "openpyxl",
]


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
        f":name: {STATUS_TABLE}",
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
    app.add_directive("execution-status", ExecutionStatus)
    app.add_directive("data-licences", DataLicences)
    app.add_directive("book-citation", BookCitation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
