"""The source registry (data/facts/sources.csv), its checks in analysis.facts, and
the appendix "Chronology and sources" (analysis.chronology): every source a fact
row uses maps to the bibliography key of its original publication, no
bibliography entry points at a mirror copy, and every fact row is rendered once
under its anchor with an author-year citation."""
from __future__ import annotations

import calendar
import csv
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import chronology, facts
from analysis.errors import DataFileMissingError, DataSchemaError, ParameterError

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "data" / "facts"
BIB = ROOT / "references.bib"
#: Hosts of unofficial copies found in the fact tables' addresses (issue 10).
MIRROR_HOSTS = ("slidelegend", "docslib", "studylib", "vlex", "jawawa", "netblogpro", "tripod", "frajer",
                "questia", "nohib", "paperzz", "vdoc.pub", "asia-pacific-solidarity", "bookreadfree", "geocities",
                "hartford-hwp", "thefreelibrary", "newssniffer", "piglix", "40.74.122.252")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _fact_rows() -> list[dict[str, str]]:
    return [dict(r, table=t) for t in facts.TABLES for r in _csv(FACTS / f"{t}.csv")]


def _bib_entries() -> dict[str, str]:
    """Entry key -> entry text, parsed here independently of analysis.facts."""
    text = BIB.read_text(encoding="utf-8")
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"^@\w+\{([^,\s]+),", text, re.M)]
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return {key: text[s:e] for (s, key), e in zip(starts, ends)}


# --- the committed registry ------------------------------------------------
def test_every_source_of_a_fact_row_is_registered_with_a_bibliography_key():
    registry = {r["source_id"]: r for r in _csv(FACTS / "sources.csv")}
    bib = _bib_entries()
    used = {r["source_id"] for r in _fact_rows()}
    assert used <= set(registry), sorted(used - set(registry))
    for sid in used:
        key = registry[sid]["bibkey"]
        if sid in ("UNSOURCED", "NOT_FOUND"):
            assert key == ""
        else:
            assert key in bib, (sid, key)


def test_registry_address_is_the_fact_rows_address():
    registry = {r["source_id"]: r["seen_at"] for r in _csv(FACTS / "sources.csv")}
    for r in _fact_rows():
        if r["source_id"] not in ("UNSOURCED", "NOT_FOUND"):
            assert r["source_url"] == registry[r["source_id"]], r["fact_id"]


def test_no_bibliography_entry_carries_a_mirror_address():
    bib = _bib_entries()
    for key, entry in bib.items():
        urls = re.findall(r"url\s*=\s*\{([^}]*)\}", entry)
        assert not [u for u in urls if any(h in u for h in MIRROR_HOSTS)], key
    for r in _csv(FACTS / "sources.csv"):
        if r["copy"] == "mirror":
            assert r["seen_at"] not in bib[r["bibkey"]], (r["source_id"], "the bibliography names the copy")


def test_mirror_copies_are_marked_as_such():
    for r in _csv(FACTS / "sources.csv"):
        if any(h in r["seen_at"] for h in MIRROR_HOSTS):
            assert r["copy"] == "mirror", r["source_id"]


def test_loaded_rows_carry_key_and_locator():
    allf = facts.load_all()
    row = allf.set_index("fact_id").loc["ev-1986-recycling"]
    assert row["bibkey"] == "katada2001" and row["locator"] == "ch. 3"
    assert facts.cite_role("ev-1986-recycling") == "{cite:p}`katada2001{ch. 3}`"
    assert facts.cite_role("bank-mex94-jpn") == "{ref}`chronology <fact-bank-mex94-jpn>`"


def test_bib_keys_reads_entry_keys(tmp_path):
    bib = tmp_path / "x.bib"
    bib.write_text("@book{a2001,\n title={A}}\n@misc{ b_c ,\n}\n% @misc{comment,\n", encoding="utf-8")
    assert facts.bib_keys(bib) == {"a2001", "b_c"}
    with pytest.raises(DataFileMissingError, match="does not exist"):
        facts.bib_keys(tmp_path / "none.bib")


# --- bad registry input ----------------------------------------------------
@pytest.fixture
def scratch(tmp_path):
    """Copies of the fact tables, the registry and the bibliography; returns an editor."""
    for t in facts.TABLES:
        shutil.copyfile(facts.table_path(t), tmp_path / f"{t}.csv")
    shutil.copyfile(FACTS / "sources.csv", tmp_path / "sources.csv")
    shutil.copyfile(BIB, tmp_path / "references.bib")
    facts._load.cache_clear()

    def edit(name: str, key_col: str, target: str, **changes: str) -> int:
        path = tmp_path / name
        rows = _csv(path)
        line = next(i + 2 for i, r in enumerate(rows) if r[key_col] == target)
        rows[line - 2].update(changes)
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        return line

    yield edit, tmp_path
    facts._load.cache_clear()


def _load(folder: Path) -> pd.DataFrame:
    return facts.load_all(folder=folder, bib=folder / "references.bib")


def test_scratch_copy_loads(scratch):
    _, folder = scratch
    assert len(_load(folder)) == len(_fact_rows())


@pytest.mark.parametrize("changes,column,needle", [
    ({"bibkey": "nosuchkey1999"}, "bibkey", "add the original publication"),
    ({"bibkey": ""}, "bibkey", "needs the key of its original publication"),
    ({"copy": "photocopy"}, "copy", "not one of"),
    ({"seen_at": "docslib"}, "seen_at", "not an address"),
    ({"locator": "ch. {3}"}, "locator", "brace"),
    ({"source_id": "FDIC_LDC"}, "source_id", "repeats row"),
])
def test_bad_registry_row_is_rejected_naming_file_row_and_column(scratch, changes, column, needle):
    edit, folder = scratch
    line = edit("sources.csv", "source_id", "KATADA_CH3", **changes)
    with pytest.raises(DataSchemaError) as err:
        _load(folder)
    msg = str(err.value)
    assert str(folder / "sources.csv") in msg and f"column {column!r}" in msg and needle in msg
    assert f"row {line}" in msg or column == "source_id"


def test_placeholder_with_a_key_is_rejected(scratch):
    edit, folder = scratch
    edit("sources.csv", "source_id", "UNSOURCED", bibkey="katada2001", copy="publisher")
    with pytest.raises(DataSchemaError, match="placeholder source has no publication"):
        _load(folder)


def test_fact_row_with_an_unregistered_source_is_rejected(scratch):
    edit, folder = scratch
    line = edit("events.csv", "fact_id", "ev-1986-recycling", source_id="NEW_SOURCE")
    with pytest.raises(DataSchemaError) as err:
        _load(folder)
    msg = str(err.value)
    assert f"events.csv, row {line}" in msg and "'NEW_SOURCE'" in msg and "sources.csv" in msg
    assert "add a row there" in msg


def test_fact_row_read_elsewhere_than_the_registry_says_is_rejected(scratch):
    edit, folder = scratch
    edit("sources.csv", "source_id", "KATADA_CH3", seen_at="https://example.org/another-copy")
    with pytest.raises(DataSchemaError, match="differs from seen_at"):
        _load(folder)


def test_key_missing_from_the_bibliography_is_rejected(scratch):
    _, folder = scratch
    bib = folder / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("@book{katada2001,", "@book{katada2001x,"),
                   encoding="utf-8")
    with pytest.raises(DataSchemaError, match=r"'katada2001' is not a key of .*references\.bib"):
        _load(folder)


def test_missing_registry_and_missing_column(scratch):
    _, folder = scratch
    path = folder / "sources.csv"
    pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="copy").to_csv(path, index=False)
    with pytest.raises(DataSchemaError, match="'copy'"):
        _load(folder)
    path.unlink()
    with pytest.raises(DataFileMissingError, match="source registry"):
        _load(folder)


# --- the chronology --------------------------------------------------------
@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return facts.load_all()


def _anchors(md: str) -> list[str]:
    return re.findall(r"\(fact-([a-z0-9-]+)\)=", md)


def _all_tables(rows: pd.DataFrame) -> str:
    parts = []
    for crisis in facts.CRISES:
        parts.append(chronology.events_table(rows, crisis))
        parts += [chronology.group_table(rows, crisis, t) for t in chronology.GROUPS]
    return "\n".join(parts)


def test_every_fact_row_is_anchored_exactly_once(rows):
    anchors = _anchors(_all_tables(rows))
    expected = [r["fact_id"] for r in _fact_rows()]
    assert sorted(anchors) == sorted(expected)
    assert chronology.uncovered(rows) == []


def test_events_are_in_date_order_with_their_citation(rows):
    peso = [r for r in _csv(FACTS / "events.csv") if r["crisis"] == "peso_1994_95"]
    def end(text: str) -> str:  # last day of the period, as text
        y, *rest = text.split("-")
        if not rest:
            return f"{y}-12-31"
        if len(rest) == 1:
            return f"{y}-{rest[0]}-{calendar.monthrange(int(y), int(rest[0]))[1]:02d}"
        return text

    expected = [r["fact_id"] for r in sorted(peso, key=lambda r: (end(r["date"]), (r["date"] + "-01-01")[:10]))]
    md = chronology.events_table(rows, "peso_1994_95")
    assert _anchors(md) == expected
    key = {r["source_id"]: r["bibkey"] for r in _csv(FACTS / "sources.csv")}
    source = {r["fact_id"]: r["source_id"] for r in peso}
    for fid in expected:
        cell = md.split(f"(fact-{fid})=")[1].split("* - ")[0]
        if key[source[fid]]:
            assert f"{{cite:t}}`{key[source[fid]]}" in cell, fid
    assert ":name: tbl-chron-peso-events" in md and md.startswith("::::{list-table}")


def test_a_month_follows_the_days_it_contains(rows):
    md = chronology.events_table(rows, "debt_1982_91")
    order = _anchors(md)
    assert order.index("ev-1982-bis-bridge") > order.index("ev-1982-moratorium")  # August 1982 after 12 August
    assert chronology.period_end(pd.Timestamp("1988-02-01"), "month") == pd.Timestamp("1988-02-29")
    assert chronology.period_end(pd.Timestamp("1986-01-01"), "year") == pd.Timestamp("1986-12-31")


def test_cells_give_status_disagreement_and_locator(rows):
    md = chronology.events_table(rows, "debt_1982_91")
    recycling = md.split("(fact-ev-1986-recycling)=")[1].split("* - ")[0]
    assert "{cite:t}`katada2001{ch. 3}`" in recycling
    disputed = next(r for r in _csv(FACTS / "events.csv")
                    if r["crisis"] == "debt_1982_91" and r["disagreement"].strip())
    cell = md.split(f"(fact-{disputed['fact_id']})=")[1].split("* - ")[0]
    assert "Sources differ:" in cell
    bank = chronology.group_table(rows, "peso_1994_95", "bank_exposure")
    cell = bank.split("(fact-bank-mex94-jpn)=")[1].split("* - ")[0]
    assert "Searched for, not found" in cell and "NOT FOUND" in cell and "{cite:" not in cell


def test_markup_in_descriptions_is_escaped(rows):
    md = chronology.group_table(rows, "peso_1994_95", "packages")
    assert "\\$" in md and not re.search(r"(?<!\\)\$\d", md)


def test_bad_parameters(rows):
    with pytest.raises(ParameterError, match="'crisis'"):
        chronology.events_table(rows, "asia")
    with pytest.raises(ParameterError, match="'table'"):
        chronology.group_table(rows, "asia_1997_98", "events")
    with pytest.raises(DataSchemaError, match="bibkey"):
        chronology.events_table(rows.drop(columns="bibkey"), "asia_1997_98")


def test_empty_group_gives_no_table(rows):
    assert chronology.group_table(rows[rows["table"] != "initiatives"], "peso_1994_95", "initiatives") == ""


# --- the chapters ----------------------------------------------------------
def _notebook(stem: str) -> dict:
    return json.loads((ROOT / "chapters" / f"{stem}.ipynb").read_text(encoding="utf-8"))


def test_chapters_cite_rather_than_link_fact_rows():
    ids = {r["fact_id"] for r in _fact_rows()}
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"])
            assert "fact row <" not in src, nb.name
            assert "show_facts" not in src, nb.name
            assert {f for f in re.findall(r"<fact-([a-z0-9-]+)>", src)} <= ids, nb.name


def test_only_the_appendix_defines_fact_anchors():
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        text = nb.read_text(encoding="utf-8")
        if nb.stem != "appendix_chronology":
            assert "(fact-" not in text, nb.name


def test_appendix_notebook_holds_calls_and_prose_and_is_in_the_toc():
    cells = _notebook("appendix_chronology")["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            assert "def " not in src and "remove-input" in cell["metadata"].get("tags", [])
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "chapters/appendix_data\n      - file: chapters/appendix_chronology\n" in toc
