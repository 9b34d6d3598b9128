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
from sphinx.util.texescape import escape as tex_escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: its ``tools`` package
from tools import meta  # noqa: E402

if TYPE_CHECKING:
    from sphinx.builders.latex import LaTeXBuilder

#: Captions of ``_toc.yml`` parts that hold appendices.
APPENDIX_CAPTIONS = {"appendices", "appendix"}


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text + "\n", format="latex")


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
    esc = tex_escape(preface_title, app.config.latex_engine)
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
            new_children.append(_raw(f"\\part{{{tex_escape(caption, app.config.latex_engine)}}}"))
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
    ``tools.meta.UNNUMBERED``), their figures and tables labelled ``Intro.1``."""
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
    and a shorter table as a ``tabulary`` of justified columns, where narrow
    cells hyphenate. Here every table outside a framed box gets a column
    specification (see :func:`column_spec`): wrapping columns that share the
    line width (in proportion to the ``:widths:`` given, or else to each
    column's longest cell, capped, after each column has room for its
    longest unbreakable word), set ragged right without hyphenation, numeric
    columns flush right. A table whose words do not fit the line at the
    table size is set a size or two smaller. A table that fits on one page
    (:func:`fits_one_page`) is an unbroken float placed at the top or bottom
    of a page (so no page is left half empty before it); a taller one becomes
    a ``longtable`` that breaks across pages.
    """
    if app.builder.name != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        if _in_box(table) or any(isinstance(a, nodes.table) for a in _ancestors(table)):
            continue
        tgroup = next(iter(table.findall(nodes.tgroup)), None)
        if tgroup is None or any(True for _ in tgroup.findall(nodes.table)):
            continue
        colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
        for entry in tgroup.findall(nodes.entry):
            _break_after_slashes(entry)
        cells = _cell_texts(tgroup, len(colspecs))
        classes = [c for c in table.get("classes", []) if c not in ("longtable", "colwidths-given")]
        body = [row for row, is_head in zip(cells, _head_flags(tgroup)) if not is_head]
        longest = [4] * len(colspecs)  # longest cell, capped
        for row in cells:
            for i, text in enumerate(row):
                longest[i] = max(longest[i], min(len(text), 60))
        if "colwidths-given" in table.get("classes", []) and all(c.get("colwidth") for c in colspecs):
            longest = [int(c["colwidth"]) for c in colspecs]  # the :widths: given share the rest
        size, scale, pad, word = table_size(longest_words(cells), longest_words(body))
        typical = [max(w, t) for w, t in zip(word, typical_cells(body))]
        widths = column_shares(longest, word, scale, pad, typical)
        align = [column_alignment([row[i] for row in body]) if i > 0 else "L" for i in range(len(colspecs))]
        title = next((c.astext() for c in table.children if isinstance(c, nodes.title)), "")
        floating = fits_one_page(cells, widths, len(title), scale, pad)
        table["classes"] = [*classes, UNBROKEN] if floating else [*classes, "longtable"]
        spec = addnodes.tabular_col_spec()
        spec["spec"] = column_spec(widths, align)
        parent = table.parent
        before = [spec]
        after: list[nodes.Node] = []
        if size != TABLE_SIZES[0][0]:
            before.insert(0, _raw(f"\\def\\booktablesize{{\\{size}\\setlength{{\\tabcolsep}}{{{pad}pt}}}}"))
            after.append(_raw(f"\\def\\booktablesize{{\\{TABLE_SIZES[0][0]}}}"))
        if floating:
            before.insert(0, _raw("\\begin{table}[tbp]"))
            after.insert(0, _raw("\\end{table}"))
        i = parent.index(table)
        parent[i:i + 1] = [*before, table, *after]


#: Class of a table that fits one page: set unbroken even with more than 30 rows
#: (Sphinx would make it a ``longtable``; see :func:`keep_unbroken_tables_whole`).
UNBROKEN = "book-unbroken"


#: The Sphinx release whose ``sphinx.writers.latex.Table.is_longtable``
#: (``self.row > 30 or 'longtable' in self.classes``) :func:`keep_unbroken_tables_whole`
#: replaces; ``tests/test_ext_patches.py`` fails on any other, so the patch is re-checked.
LONGTABLE_PATCH_SPHINX = (7, 4, 7)


def keep_unbroken_tables_whole(version: tuple[int, ...] | None = None) -> bool:
    """Let a table with the :data:`UNBROKEN` class stay a ``tabulary`` whatever its
    number of rows (Sphinx makes any table of more than 30 rows a ``longtable``,
    which breaks across pages even when the table would fit on one).

    Applied only on :data:`LONGTABLE_PATCH_SPHINX` (``version``: default the
    installed Sphinx); elsewhere such a table breaks across pages. Returns
    whether the method is patched."""
    import sphinx
    from sphinx.writers.latex import Table

    if tuple(version or sphinx.version_info[:3]) != LONGTABLE_PATCH_SPHINX:
        return False
    if getattr(Table.is_longtable, "_book_patched", False):
        return True
    original = Table.is_longtable

    def is_longtable(self: Table) -> bool:
        return "longtable" in self.classes or (self.row > 30 and UNBROKEN not in self.classes)

    is_longtable._book_patched = True  # type: ignore[attr-defined]
    is_longtable.__wrapped__ = original  # type: ignore[attr-defined]
    Table.is_longtable = is_longtable  # type: ignore[method-assign]
    return True


#: Sizes a table may be set in: the LaTeX size command, how many more
#: characters fit on a line than at the first, the padding either side of a
#: cell (``\tabcolsep``, pt).
TABLE_SIZES = (("small", 1.0, 6.0), ("footnotesize", 1.11, 4.0), ("scriptsize", 1.25, 3.0))


def longest_words(rows: list[list[str]]) -> list[int]:
    """The length of each column's longest unbreakable word (breaks at spaces,
    underscores, slashes and hyphens)."""
    ncols = max((len(r) for r in rows), default=0)
    return [max([1, *(len(w) for r in rows for w in re.split(r"[\s_/-]+", r[i]))]) for i in range(ncols)]


#: Longest typical cell (characters) that a column is widened to hold on one line.
TYPICAL_CAP = 10


def typical_cells(rows: list[list[str]]) -> list[int]:
    """The median length of each column's non-empty cells, capped at :data:`TYPICAL_CAP`."""
    ncols = max((len(r) for r in rows), default=0)
    out = []
    for i in range(ncols):
        lengths = sorted(len(r[i].strip()) for r in rows if r[i].strip())
        out.append(min(TYPICAL_CAP, lengths[len(lengths) // 2]) if lengths else 1)
    return out


def table_size(words_all: list[int], words_body: list[int]) -> tuple[str, float, float, list[int]]:
    """The size to set a table in (:data:`TABLE_SIZES`) and the word lengths
    its columns must hold: the first size at which every word fits its
    column; else the first at which the body's words fit (a heading may then
    hyphenate); else the smallest size."""
    for words in (words_all, words_body):
        for name, scale, pad in TABLE_SIZES:
            if sum(word_shares(words, scale, pad)) < 1:
                return name, scale, pad, words
    name, scale, pad = TABLE_SIZES[-1]
    return name, scale, pad, words_body


def _break_after_slashes(entry: nodes.Element) -> None:
    """Let lines break after a slash in the text of a table cell (as in
    ``owner/repository``); code is left to Sphinx."""
    for text in list(entry.findall(nodes.Text)):
        parent = text.parent
        if "/" not in text or isinstance(parent, (nodes.literal, nodes.raw, nodes.literal_block)):
            continue
        parts = str(text).replace("\u200b", "").split("/")
        new: list[nodes.Node] = []
        for j, part in enumerate(parts):
            if j:
                new += [nodes.Text("/"), _raw_inline("\\allowbreak{}")]
            if part:
                new.append(nodes.Text(part))
        parent.replace(text, new[0])
        k = parent.index(new[0])
        parent[k + 1:k + 1] = new[1:]


def _raw_inline(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def _head_flags(tgroup: nodes.Element) -> list[bool]:
    """For each row of ``tgroup`` in order, whether it is a header row."""
    return [isinstance(row.parent, nodes.thead) for row in tgroup.findall(nodes.row)]


def _cell_texts(tgroup: nodes.Element, ncols: int) -> list[list[str]]:
    """The text of each row's cells (padded with empty cells to ``ncols``)."""
    rows = []
    for row in tgroup.findall(nodes.row):
        texts = [e.astext() for e in row.children if isinstance(e, nodes.entry)][:ncols]
        rows.append(texts + [""] * (ncols - len(texts)))
    return rows


#: About how many characters of table text (set small) fit on one line of the text block.
LINE_CHARS = 75
#: The width of a character of small table text, in pt (for the cell padding).
CHAR_PT = 4.6
#: Lines of small table text (caption included) that fit on one page with room
#: to spare; a table estimated taller breaks across pages.
PAGE_LINES = 48
#: A cell that counts as a number: digits with signs, separators, per cent,
#: significance stars, brackets (standard errors, intervals), or a dash for missing.
NUMERIC_CELL = re.compile(r"^[\s(\[]*[-+\u2212]?[\d.,]*\d[\d.,]*\s*%?\**[)\]]?\**\s*$|^\s*[\u2013\u2014-]?\s*$")


def column_alignment(texts: list[str]) -> str:
    """``R`` (flush right) for a column of numbers (dashes and empty cells
    allowed), ``C`` (centred) for a column mostly of numbers with some words
    (as a regression table's Yes/No rows), else ``L`` (ragged right)."""
    filled = [t for t in texts if t.strip() and t.strip() not in "\u2013\u2014-"]
    if not filled or not any(re.search(r"\d", t) for t in filled):
        return "L"
    numbers = sum(bool(NUMERIC_CELL.match(t)) for t in filled)
    if numbers == len(filled):
        return "R"
    return "C" if numbers >= 0.6 * len(filled) else "L"


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes when wrapped at spaces into lines of
    ``width`` characters (a longer word takes a line of its own)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def fits_one_page(rows: list[list[str]], widths: list[float], caption_chars: int = 0, scale: float = 1.0,
                  pad: float = 6.0) -> bool:
    """Whether a table of these cell texts, in columns of these shares of the
    line, with a caption of ``caption_chars`` characters, is estimated to fit
    on one page (:data:`PAGE_LINES` lines at the table size)."""
    lines = 3.0 + -(-caption_chars // int(0.8 * LINE_CHARS * scale))  # rules and the caption (set narrower)
    cols = [max(1, int(share * LINE_CHARS * scale - 2 * pad / CHAR_PT)) for share in widths]
    for row in rows:
        lines += 1.1 * max([1, *(wrapped_lines(text, c) for text, c in zip(row, cols))])
    return lines <= PAGE_LINES * scale


def column_spec(widths: list[float], align: list[str]) -> str:
    r"""The LaTeX column specification: ``L`` (ragged right), ``C`` (centred)
    or ``R`` (flush right) columns of the given shares of the line
    (``\newcolumntype`` in ``_config.yml``)."""
    total = 1000
    return "".join(f"{a}{{{max(1, round(total * w))}}}{{{total}}}" for w, a in zip(widths, align))


def word_shares(word: list[int], scale: float = 1.0, pad: float = 6.0) -> list[float]:
    """The share of the line each column needs for its longest unbreakable
    word of ``word`` characters and its padding of ``pad`` pt either side (at
    most 45 per cent), at a table size where ``scale`` times
    :data:`LINE_CHARS` fit a line."""
    return [min(0.45, (1.15 * w + 2 * pad * scale / CHAR_PT) / (LINE_CHARS * scale)) for w in word]


def column_shares(longest: list[int], word: list[int], scale: float = 1.0, pad: float = 6.0,
                  typical: list[int] | None = None) -> list[float]:
    """Shares of the line width (summing to 1) for columns whose longest cell
    has ``longest`` characters (or a given relative width) and longest
    unbreakable word ``word``.

    Each column first gets room for its longest word (:func:`word_shares`);
    then, as far as nine tenths of the line allow, every column is widened
    alike towards room for its ``typical`` cell on one line; the rest of the
    line is shared in proportion to ``longest``.
    """
    need = word_shares(word, scale, pad)
    if sum(need) >= 1:
        return [n / sum(need) for n in need]
    if typical is not None:
        want = word_shares(typical, scale, pad)
        extra = sum(want) - sum(need)
        if extra > 0:
            f = max(0.0, min(1.0, (0.9 - sum(need)) / extra))
            need = [n + f * (w - n) for n, w in zip(need, want)]
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
    keep_unbroken_tables_whole()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
