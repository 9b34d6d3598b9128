"""Number chapters, sections, figures and tables in the HTML book as in the PDF.

The original book has an unnumbered Introduction and Conclusion around
chapters 1-8, and lettered appendices. Sphinx, without a numbered toctree,
numbers neither chapters nor sections and counts figures and tables through
the whole book ("Fig. 14"), while the PDF numbers them per chapter ("Fig.
3.2"), so a reader citing one edition could not find the figure in the
other. After Sphinx has assigned its numbers (in its ``env-get-updated``
handler), this extension, run later in the same event:

- gives each chapter its number and each appendix its letter, with its
  sections and subsections numbered below it (``3``, ``3.4``, ``A.1``), in
  the page heading, the browser's page title, the sidebar and the
  previous/next links (Sphinx adds a title's number wherever it shows it);
- renumbers each chapter's figures, tables and code blocks as ``(label, n)``
  in document order. The label is the chapter number (the file's two-digit
  prefix, ``chapters/03_regression`` -> 3), the label of an unnumbered
  chapter (``Intro``, ``Concl``; see ``tools.meta.UNNUMBERED``) or the
  appendix letter (A, B, ... in the order of ``_toc.yml``), matching the PDF.
"""
from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: its ``tools`` package
from tools import meta  # noqa: E402

#: Heading levels numbered below a chapter (sections and subsections), as in the PDF.
SECTION_DEPTH = 2


def toc_files(srcdir: str | os.PathLike[str]) -> list[str]:
    """Document names listed in ``_toc.yml``, in book order (the root page first)."""
    return [e.docname for e in meta.toc_entries(Path(srcdir))]


def chapter_labels(docnames: list[str]) -> dict[str, str]:
    """The label of each document: its chapter number, the label of an
    unnumbered chapter, or a letter for an appendix. The bibliography, which
    the PDF sets unnumbered at the end, gets none."""
    labels: dict[str, str] = {}
    letter = ord("A")
    for doc in docnames:
        stem = doc.rsplit("/", 1)[-1]
        label = meta.chapter_label(stem)
        if label is not None:
            labels[doc] = label
        elif stem.startswith("appendix"):
            labels[doc] = chr(letter)
            letter += 1
    return labels


def is_numbered(label: str) -> bool:
    """Whether a label is a chapter number or an appendix letter (not an unnumbered chapter)."""
    return label.isdigit() or (len(label) == 1 and label.isalpha())


def section_numbers(toc: nodes.Node, label: str, depth: int = SECTION_DEPTH) -> dict[str, tuple[Any, ...]]:
    """Number the headings of one page's local table of contents.

    ``toc`` is Sphinx's ``env.tocs[docname]``: a nested bullet list whose first
    entry is the page title. The title gets ``(label,)``; its sections
    ``(label, 1)``, ``(label, 2)``, ...; their subsections one level more, down
    to ``depth`` levels below the title. Each reference in ``toc`` is marked
    with its number (Sphinx shows it in the sidebar) and the returned mapping
    (anchor -> number) is what Sphinx keeps in ``env.toc_secnumbers``.
    """
    out: dict[str, tuple[Any, ...]] = {}

    def walk(bullets: nodes.Node, prefix: tuple[Any, ...], level: int) -> None:
        n = 0
        for item in bullets.children:
            if not isinstance(item, nodes.list_item):
                continue
            para = next((c for c in item.children if isinstance(c, addnodes.compact_paragraph)), None)
            number = prefix
            if para is not None and para.children and isinstance(para[0], nodes.reference):
                if level == 0:
                    number = (label,)
                else:
                    n += 1
                    number = (*prefix, n)
                ref = para[0]
                ref["secnumber"] = number
                out[ref["anchorname"]] = number
            if level < depth:
                for sub in item.children:
                    if isinstance(sub, nodes.bullet_list):
                        walk(sub, number, level + 1)

    if isinstance(toc, nodes.bullet_list):
        walk(toc, (), 0)
    return out


def renumber(fignumbers: dict[str, dict[str, dict[str, tuple[Any, ...]]]], labels: dict[str, str]) -> None:
    """Rewrite ``fignumbers`` in place as (chapter, n) per document and type."""
    for doc, types in fignumbers.items():
        label = labels.get(doc)
        if label is None:
            continue
        for ids in types.values():
            for n, (node_id, _old) in enumerate(sorted(ids.items(), key=lambda kv: kv[1]), start=1):
                ids[node_id] = (label, n)


#: Attribute of the environment holding Sphinx's own numbers of the last build.
ORIGINAL = "book_sphinx_fignumbers"


def restore_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before Sphinx numbers: put back its own numbers of the last build.

    Sphinx rewrites every page whose numbers differ from the stored ones; were
    the stored ones the per-chapter numbers, every page with a figure would
    differ and be rewritten on each build, even when nothing changed.
    """
    original = getattr(env, ORIGINAL, None)
    if original is not None:
        env.toc_fignumbers = copy.deepcopy(original)
    return []


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After Sphinx numbers: keep its numbers, then number chapters and
    sections and renumber figures and tables per chapter."""
    if app.builder.format != "html":
        return []
    labels = chapter_labels(toc_files(app.srcdir))
    setattr(env, ORIGINAL, copy.deepcopy(env.toc_fignumbers))
    renumber(env.toc_fignumbers, labels)
    for doc, label in labels.items():
        if doc in env.tocs and is_numbered(label):
            env.toc_secnumbers[doc] = section_numbers(env.tocs[doc], label)
            title = env.titles.get(doc)
            if title is not None:
                title["secnumber"] = (label,)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    # around Sphinx's own toctree collector (default priority 500)
    app.connect("env-get-updated", restore_sphinx_numbers, priority=100)
    app.connect("env-get-updated", on_env_get_updated, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
