"""Every number in the prose is computed: markdown cells of the chapters may not
contain typed amounts, percentages or decimals; those must come through glue."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

# Amounts of money, percentages, quantities in millions/billions, decimals and
# numbers with thousands separators. Years (four digits) and ordinals, chapter
# and figure numbers are allowed.
TYPED = re.compile(
    r"(\$\s?\d[\d,.]*"
    r"|\b\d[\d,.]*\s?(?:%|per ?cent|percent|billion|million|trillion|bn\b|m\b)"
    r"|(?<![\w.])\d+\.\d+(?![\w.])"
    r"|(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]))",
    re.I,
)
ROLES = re.compile(r"\{(?:glue|glue:text|glue:any|cite:[pt]|cite|numref|ref|doc|eq|term)\}`[^`]*`")
DIRECTIVE_OPTION = re.compile(r"^:[a-z-]+:.*$", re.M)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)


def typed_numbers(text: str) -> list[str]:
    """Numbers in ``text`` that were typed rather than glued or cited."""
    text = ROLES.sub("", text)
    text = DIRECTIVE_OPTION.sub("", text)
    text = MATH.sub("", text)
    return [m.group(0) for m in TYPED.finditer(text)]


def test_detector_finds_typed_numbers():
    assert typed_numbers("Japan lent $4bn, or 12% of the total, 1.5 times more")
    assert typed_numbers("claims of 17,300 million")
    assert not typed_numbers("In 1989 Japan {glue:text}`jp_share` per cent {cite:p}`katada2001`")
    assert not typed_numbers("See chapter 3 and {numref}`fig-aid`; the years 1982-91.")


@pytest.mark.parametrize("nb", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_no_typed_numbers_in_markdown(nb):
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    found = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            found += [f"cell {i}: {t}" for t in typed_numbers(src)]
    assert not found, f"{nb.name}: numbers typed into the prose (glue them): {found[:10]}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_code_cell_is_hidden_from_the_reader(nb):
    """Chapters hold prose and calls; the reader sees the prose, tables and figures, not the code."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    shown = [i for i, c in enumerate(cells)
             if c["cell_type"] == "code" and "remove-input" not in c.get("metadata", {}).get("tags", [])]
    assert not shown, f"{nb.name}: code cells without the remove-input tag: {shown}"
