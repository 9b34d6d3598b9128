"""Citability and licences: CITATION.cff (schema-valid), .zenodo.json, one
version number everywhere, the licence files, and the generated citation,
data-licence, reproduce-box and status texts of the reader-aids extension."""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from tools import meta  # noqa: E402
import book_appendix_tables as tables  # noqa: E402
import book_reproduce as repro  # noqa: E402

import analysis  # noqa: E402


def test_citation_cff_is_valid_against_the_schema():
    from cffconvert.cli.create_citation import create_citation

    citation = create_citation(str(ROOT / "CITATION.cff"), None)
    citation.validate()  # raises on any schema error


def test_citation_cff_validation_can_fail(tmp_path):
    from cffconvert.cli.create_citation import create_citation

    bad = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text()
    bad.write_text(text.replace('date-released: "', 'date-released: "on '))  # not a date
    from jsonschema.exceptions import ValidationError

    with pytest.raises(ValidationError, match="date"):
        create_citation(str(bad), None).validate()


def test_one_version_everywhere():
    version = analysis.__version__
    assert meta.book_version(ROOT) == version
    assert str(meta.read_cff(ROOT)["version"]) == version
    assert meta.read_cff(ROOT)["preferred-citation"]["edition"] == f"Version {version}"
    assert json.loads((ROOT / ".zenodo.json").read_text())["version"] == version
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"] == version


def test_zenodo_metadata_is_complete_and_matches_the_cff():
    z = json.loads((ROOT / ".zenodo.json").read_text())
    cff = meta.read_cff(ROOT)
    for key in ("title", "version", "upload_type", "description", "creators", "license", "publication_date"):
        assert z.get(key), key
    assert z["license"] == "cc-by-4.0"
    assert [c["name"] for c in z["creators"]] == [a["name"] for a in cff["authors"]]
    assert z["title"] == cff["preferred-citation"]["title"]
    assert str(cff["date-released"]) == z["publication_date"]
    assert any("Katada" in r for r in z["references"])


def test_licences_text_cc_by_and_code_mit():
    assert meta.read_cff(ROOT)["license"] == ["CC-BY-4.0", "MIT"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    text = (ROOT / "LICENSE-TEXT.md").read_text()
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "data/manifest.csv" in text  # the data keep their own licences


def test_bibtex_for_the_book_and_each_chapter_parses():
    from pybtex.database import parse_string

    book, chapters = tables.citation_bibtex(ROOT)
    db = parse_string(book + "\n" + "\n".join(b for _, b in chapters), "bibtex")
    key = meta.read_cff(ROOT).get("x-bibtex-key", "japancrisisbook")
    assert db.entries[key].type == "book"
    assert db.entries[key].fields["edition"] == f"Version {analysis.__version__}"
    assert len(chapters) == len(meta.main_chapters(ROOT)) == len(db.entries) - 1
    for entry, (_label, _) in zip(meta.main_chapters(ROOT), chapters):
        num = meta.chapter_number(entry)
        ch = db.entries[f"{key}_ch{num:02d}" if num is not None else f"{key}_{entry.stem}"]
        assert ch.type == "incollection"
        assert ch.fields["title"].strip("{}") == meta.page_title(entry.path, entry.stem)
        assert ch.fields["booktitle"].strip("{}") == meta.read_cff(ROOT)["preferred-citation"]["title"]


def test_data_licence_table_has_one_row_per_source_with_its_licences():
    text = tables.data_licences_myst(ROOT)
    rows = meta.read_manifest(ROOT)
    sources = {r["path"].split("/", 1)[0] for r in rows.values()}
    body = [ln for ln in text.splitlines() if ln.startswith("| `")]
    assert len(body) == len(sources)
    for source in sources:
        line = next(ln for ln in body if ln.startswith(f"| `{source}` |"))
        items = [r for r in rows.values() if r["path"].split("/", 1)[0] == source]
        assert f"| {len(items)} |" in line
        for r in items:
            assert r["licence"].replace("|", "/") in line
            assert r["citation_key"] in line


# --------------------------------------------------------------------------- reader aids
ROWS = {"f1": {"path": "src/one.csv", "upstream_repo": "org/repo", "upstream_url": "https://x/one.csv",
               "citation_key": "key1", "licence": "CC BY 4.0", "sha256": "a" * 64},
        "f2": {"path": "src/two.csv", "upstream_repo": "org/repo", "upstream_url": "",
               "citation_key": "key2", "licence": "public domain", "sha256": "b" * 64}}


def test_reproduce_box_names_command_time_files_and_sources():
    stamps = {"03_x": {"seconds": 12.4, "data": ["f1", "f2", "data/facts/t.csv"], "params": {"start": 1984}}}
    box = repro.reproduce_box(ROOT, "03_x", stamps, ROWS, {"start": 1982, "label": "a"})
    assert box.startswith(":::{admonition} Reproduce this chapter") and box.rstrip().endswith(":::")
    assert 'make rebuild ARGS="--chapters 03_x"' in box
    assert "`start` (default `1982`)" in box and "-p 03_x.start=1982" in box
    assert "with `start=1984` took about 12 s" in box
    assert "It reads 2 raw files" in box
    assert "- `src/`: `one.csv`, `two.csv`; from `org/repo` {cite:p}`key1,key2`; licence: CC BY 4.0; public domain" in box
    assert "no download address (see the data appendix)" in box
    assert "- tables kept in this repository: `data/facts/t.csv`." in box
    assert "not been executed" in repro.reproduce_box(ROOT, "04_y", stamps, ROWS)


def test_insert_box_goes_after_the_first_title_or_on_top():
    nb = {"cells": [{"cell_type": "code", "source": "x = 1"},
                    {"cell_type": "markdown", "source": ["# Title\n", "\n", "Prose."]}]}
    out = json.loads(repro.insert_box(json.dumps(nb), "BOX\n"))
    md = out["cells"][1]["source"]
    assert md.index("# Title") < md.index("BOX") < md.index("Prose.")
    nb2 = {"cells": [{"cell_type": "markdown", "source": "No title"}]}
    out2 = json.loads(repro.insert_box(json.dumps(nb2), "BOX\n"))
    assert out2["cells"][0]["source"] == "BOX\n" and len(out2["cells"]) == 2


def test_execution_status_lists_chapters_packages_and_data_hashes():
    text = tables.execution_status_myst(ROOT)
    stamps = meta.read_stamps(meta.stamps_path(ROOT))
    rows = meta.read_manifest(ROOT)
    assert f"Book version {analysis.__version__}" in text
    assert "| jupyter-book | 1.0.4.post1 |" in text
    for entry in meta.toc_entries(ROOT)[1:]:
        if entry.is_notebook:
            assert f"| {entry.stem} |" in text
    for s in stamps.values():
        for item in s.get("data", []):
            if item in rows:
                assert f"| {item} | `{rows[item]['sha256'][:16]}` |" in text


def test_lock_versions_reads_pins_case_and_dash_insensitively(tmp_path):
    (tmp_path / "requirements.lock").write_text("Jupyter_Book==1.0\nnumpy==2.4.6\n# x==1\n")
    assert meta.lock_versions(tmp_path, ["jupyter-book", "numpy", "absent"]) == {"jupyter-book": "1.0", "numpy": "2.4.6"}
