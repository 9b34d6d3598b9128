"""The book's version and the PDF's title page, made at build time from the checkout.

The version (``analysis.__version__``, read as text by :func:`tools.meta.book_version`)
becomes Sphinx's ``version`` and ``release``, the MyST substitution
``{{ book_version }}``, the HTML footer (with a "PDF edition" link that
``book_pdf_link`` points at the PDF) and the PDF's title page, the only page
of the PDF that prints it. The title page also sets the PDF's document
information (title, author, subject, keywords).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import texescape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: its ``tools`` package
from tools import meta  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_pdf_link import PDF_NAME  # noqa: E402


def on_config_inited(app: Sphinx, config: Config) -> None:
    root = Path(app.srcdir)
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




def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", on_config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
