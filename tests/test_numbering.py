"""Per-chapter numbering of figures and tables in the HTML (_ext/book_numbering.py)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

import book_numbering as bn  # noqa: E402


def test_chapter_labels_follow_file_prefix_and_toc_order_for_appendices():
    docs = ["chapters/index", "chapters/00_introduction", "chapters/03_regression",
            "chapters/appendix_data", "chapters/appendix_cite", "chapters/bibliography"]
    assert bn.chapter_labels(docs) == {
        "chapters/00_introduction": "0", "chapters/03_regression": "3",
        "chapters/appendix_data": "A", "chapters/appendix_cite": "B", "chapters/bibliography": "C",
    }


def test_the_books_toc_gives_ten_chapters_and_lettered_appendices():
    labels = bn.chapter_labels(bn.toc_files(str(ROOT)))
    assert [labels[d] for d in labels if not d.split("/")[-1].startswith(("appendix", "bibliography"))] == [
        str(i) for i in range(10)]
    assert labels["chapters/appendix_data"] == "A"


def test_renumber_restarts_per_document_and_type_in_document_order():
    numbers = {
        "chapters/03_regression": {"figure": {"f-b": (15,), "f-a": (14,)}, "table": {"t": (6,)}},
        "chapters/index": {"figure": {"p": (1,)}},
    }
    bn.renumber(numbers, {"chapters/03_regression": "3"})
    assert numbers["chapters/03_regression"] == {"figure": {"f-a": ("3", 1), "f-b": ("3", 2)}, "table": {"t": ("3", 1)}}
    assert numbers["chapters/index"] == {"figure": {"p": (1,)}}  # unlabelled pages keep Sphinx's numbers
