"""A "Download PDF" button in the header of every HTML page and a link in the
sidebar and the footer, all to ``book.pdf`` at the site root (``make book``
copies the PDF there)."""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: The PDF's file name at the site root; the footer's placeholder link
#: (``data-pdf``, written by ``book_version``) names it.
PDF_NAME = "book.pdf"


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




def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", on_html_page_context, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
