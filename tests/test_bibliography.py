"""The bibliography file parses strictly, entry by entry, with unique keys,
and every entry names an author or an editor (the strict book build warns on
one without)."""
from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import parse_string

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"


def test_every_entry_parses_and_keys_are_unique():
    text = BIB.read_text(encoding="utf-8")
    starts = re.findall(r"^@\w+\{([^,]+),", text, re.M)
    assert len(starts) == len(set(starts)), sorted({k for k in starts if starts.count(k) > 1})
    db = parse_string(text, "bibtex")  # raises on an unclosed entry
    assert len(db.entries) == len(starts)


def test_an_unclosed_entry_is_caught():
    bad = "@book{a,\n  title = {A},\n  year = {2000}\n@book{b,\n  title = {B},\n  year = {2001}\n}\n"
    try:
        db = parse_string(bad, "bibtex")
    except Exception:
        return
    assert len(db.entries) != len(re.findall(r"^@", bad, re.M))


def test_every_entry_names_an_author_or_editor():
    db = parse_string(BIB.read_text(encoding="utf-8"), "bibtex")
    missing = [k for k, e in db.entries.items() if not (e.persons.get("author") or e.persons.get("editor"))]
    assert not missing, f"entries without author or editor: {missing}"
