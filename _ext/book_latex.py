"""Give the PDF (LaTeX builder) the structure of a book.

Sphinx's LaTeX writer makes the sections of the root page (the preface) into
numbered chapters and drops the part captions of ``_toc.yml``. This extension
rewrites the assembled document tree of the LaTeX build only:

- the root page becomes an unnumbered *Preface* chapter (its sections
  unnumbered sections), listed in the table of contents and the PDF bookmarks;
- every caption of ``_toc.yml`` becomes a ``\\part``; the part whose caption
  is in :data:`APPENDIX_CAPTIONS` starts the appendices (lettered A, B, ...);
- the bibliography page loses its own heading (the bibliography environment
  sets one), so the heading does not appear twice.

The HTML build is untouched.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import book_meta as meta  # noqa: E402

if TYPE_CHECKING:
    from sphinx.builders.latex import LaTeXBuilder

#: Captions of ``_toc.yml`` parts that hold appendices.
APPENDIX_CAPTIONS = {"appendices", "appendix"}


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text + "\n", format="latex")


def _latex_escape(text: str) -> str:
    for ch, rep in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                    ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")):
        text = text.replace(ch, rep)
    return text


def _captions(app: Sphinx, root: str) -> list[str]:
    """Captions of the root page's toctrees, in order ('' when a toctree has none)."""
    tree = app.env.get_doctree(root)
    return [t.get("caption") or "" for t in tree.findall(addnodes.toctree)]


def _drop_heading(section: nodes.section) -> None:
    """Replace ``section`` by its children without the title (keeps its ids on a target)."""
    children = [c for c in section.children if not isinstance(c, nodes.title)]
    target = nodes.target("", "", ids=list(section["ids"]))
    section.replace_self([target, *children])


def restructure(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` handler: reshape the assembled LaTeX document."""
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    root_sec = next(iter(doctree.findall(nodes.section)), None)
    if root_sec is None:
        return
    title = next((c for c in root_sec.children if isinstance(c, nodes.title)), None)
    wrappers = [c for c in root_sec.children
                if isinstance(c, nodes.compound) and "toctree-wrapper" in c.get("classes", [])]
    body = [c for c in root_sec.children if c is not title and c not in wrappers]
    preface_title = title.astext() if title is not None else "Preface"

    new_children: list[nodes.Node] = [title] if title is not None else []
    esc = _latex_escape(preface_title)
    new_children.append(_raw(
        "\\setcounter{secnumdepth}{-1}\n"
        f"\\chapter{{{esc}}}\n"
    ))
    wrapper_sec = nodes.section("", *body, ids=[])  # untitled: its sections sit one level down
    new_children.append(wrapper_sec)
    new_children.append(_raw("\\setcounter{secnumdepth}{2}"))

    captions = _captions(app, app.config.root_doc)
    appendix_started = False
    for i, wrapper in enumerate(wrappers):
        caption = captions[i] if i < len(captions) else ""
        if caption.strip().lower() in APPENDIX_CAPTIONS and not appendix_started:
            new_children.append(_raw("\\appendix"))
            appendix_started = True
        if caption:
            new_children.append(_raw(f"\\part{{{_latex_escape(caption)}}}"))
        if not appendix_started:
            _number_chapters(wrapper)
        for sof in list(wrapper.findall(addnodes.start_of_file)):
            if _is_bibliography_page(app, sof["docname"]):
                for sec in [s for s in sof.children if isinstance(s, nodes.section)]:
                    _drop_heading(sec)
        new_children.append(wrapper)
    root_sec.children = []
    root_sec.extend(new_children)


def _number_chapters(wrapper: nodes.Element) -> None:
    """Give a chapter whose file name starts with digits (``03_regression``) that
    number, and set the Introduction and Conclusion unnumbered (see
    ``book_meta.UNNUMBERED``), their figures and tables labelled ``Intro.1``."""
    for sof in [c for c in wrapper.children if isinstance(c, addnodes.start_of_file)]:
        label = meta.chapter_label(sof["docname"].rsplit("/", 1)[-1])
        if label is None:
            continue
        parent = sof.parent
        if label.isdigit():
            parent.insert(parent.index(sof), _raw(f"\\setcounter{{chapter}}{{{int(label) - 1}}}"))
        else:
            parent.insert(parent.index(sof), _raw(unnumbered_chapter(label)))
            parent.insert(parent.index(sof) + 1, _raw(NUMBERED_AGAIN))


#: After an unnumbered chapter: number chapters and sections again, and their
#: figures and tables by chapter (the preamble's ``\thefigure``).
NUMBERED_AGAIN = (
    "\\setcounter{secnumdepth}{2}"
    "\\renewcommand{\\thefigure}{\\thechapter.\\arabic{figure}}"
    "\\renewcommand{\\thetable}{\\thechapter.\\arabic{table}}"
    "\\renewcommand{\\theHfigure}{\\thechapter.\\arabic{figure}}"
    "\\renewcommand{\\theHtable}{\\thechapter.\\arabic{table}}"
)


def unnumbered_chapter(label: str) -> str:
    """LaTeX that makes the next chapter unnumbered (still in the contents),
    with its figures and tables numbered ``<label>.1``, ``<label>.2``, ...
    (hyperref's anchors too, so they cannot clash with a numbered chapter's)."""
    return (
        "\\setcounter{secnumdepth}{-1}\\setcounter{figure}{0}\\setcounter{table}{0}"
        f"\\renewcommand{{\\thefigure}}{{{label}.\\arabic{{figure}}}}"
        f"\\renewcommand{{\\thetable}}{{{label}.\\arabic{{table}}}}"
        f"\\renewcommand{{\\theHfigure}}{{{label}.\\arabic{{figure}}}}"
        f"\\renewcommand{{\\theHtable}}{{{label}.\\arabic{{table}}}}"
    )


def _is_bibliography_page(app: Sphinx, docname: str) -> bool:
    """Whether a page holds a ``{bibliography}`` directive.

    In the LaTeX build its citations are moved into one ``thebibliography``
    at the end, which sets its own heading; the page's heading would repeat it.
    """
    tree = app.env.get_doctree(docname)
    return any(n.__class__.__name__ == "bibliography" for n in tree.findall(nodes.Element))


def fit_long_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (LaTeX): typeset every table so that it fits the page.

    Sphinx sets a table of more than 30 rows as a ``longtable`` in ``l``
    columns, which never wrap, so a wide one runs off the side of the page;
    and a shorter table as a ``tabulary``, which cannot break across pages, so
    a tall one runs off the bottom. Here every table outside a framed box
    becomes a ``longtable`` (it breaks across pages) whose columns share the
    line width in proportion to their longest cell (capped, so one long cell
    does not starve the others, and never narrower than the column's longest
    unbreakable word); Sphinx then uses wrapping columns.
    """
    if app.builder.name != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        if _in_box(table):
            continue
        tgroup = next(iter(table.findall(nodes.tgroup)), None)
        if tgroup is None:
            continue
        classes = table.get("classes", [])
        if "longtable" not in classes:
            table["classes"] = classes = [*classes, "longtable"]
        if "colwidths-given" in classes:
            continue
        colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
        longest = [4] * len(colspecs)  # longest cell, capped
        word = [1] * len(colspecs)  # longest unbreakable word
        for row in tgroup.findall(nodes.row):
            for i, entry in enumerate(e for e in row.children if isinstance(e, nodes.entry)):
                if i < len(longest):
                    text = entry.astext()
                    longest[i] = max(longest[i], min(len(text), 60))
                    word[i] = max([word[i], *(len(w) for w in re.split(r"[\s_-]+", text))])
        widths = column_shares(longest, word)
        for spec, width in zip(colspecs, widths):
            spec["colwidth"] = round(1000 * width)
        table["classes"] = [*table.get("classes", []), "colwidths-given"]


#: About how many characters of table text fit on one line of the text block.
LINE_CHARS = 90


def column_shares(longest: list[int], word: list[int]) -> list[float]:
    """Shares of the line width (summing to 1) for columns whose longest cell
    has ``longest`` characters and longest unbreakable word ``word``.

    Each column first gets room for its longest word (at most 45 per cent of
    the line), and the rest of the line is shared in proportion to the
    longest cells.
    """
    need = [min(0.45, 1.3 * w / LINE_CHARS) for w in word]
    if sum(need) >= 1:
        return [n / sum(need) for n in need]
    rest = 1 - sum(need)
    total = sum(longest) or 1
    return [n + rest * lg / total for n, lg in zip(need, longest)]


def _in_box(node: nodes.Node) -> bool:
    """Whether ``node`` sits in an admonition, sidebar or topic (a framed box,
    where a ``longtable`` cannot go)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.Admonition, nodes.sidebar, nodes.topic)):
            return True
        parent = parent.parent
    return False


def plain_contents_name(app: Sphinx) -> None:
    """``builder-inited``: keep LaTeX's "Contents" as the name of the table of contents.

    Sphinx would name it after the first caption of ``_toc.yml`` (here a part).
    """
    if app.builder.name == "latex":
        builder = cast("LaTeXBuilder", app.builder)
        builder.get_contentsname = lambda indexfile: ""  # type: ignore[method-assign]  # replace the method on this instance


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", plain_contents_name)
    app.connect("doctree-resolved", restructure)
    app.connect("doctree-resolved", fit_long_tables)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
