"""Reader aids of the book, made at build time from the checkout's files: one
extension that loads one module per aid.

- ``book_version``: the version (Sphinx ``version``/``release``, the MyST
  substitution ``{{ book_version }}``, the HTML footer) and the PDF's title
  page and document information;
- ``book_pdf_link``: the "Download PDF" button and links in the HTML;
- ``book_reproduce``: the "Reproduce this chapter" box of every chapter
  notebook (one line in print);
- ``book_appendix_tables``: the ``{execution-status}``, ``{data-licences}``
  and ``{book-citation}`` directives of the appendices.
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: The extensions loaded, each one concern (modules of ``_ext/``).
AIDS = ("book_version", "book_pdf_link", "book_reproduce", "book_appendix_tables")


def setup(app: Sphinx) -> dict[str, Any]:
    for name in AIDS:
        app.setup_extension(name)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
