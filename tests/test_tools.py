"""Unit tests of the build tooling's small public pieces: :class:`tools.book.Book`,
the metadata reader :mod:`tools.meta` and the run tracing :mod:`tools.runtrace`."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import meta, runtrace
from tools.book import Book
from tools.errors import NotebookFileError
from tools.files import relative

ROOT = Path(__file__).resolve().parent.parent


def test_book_paths_and_relative_names(tmp_path):
    book = Book(tmp_path / "b" / ".." / "b")
    assert book.root == (tmp_path / "b").resolve()
    assert book.stamps_path == book.root / "chapters" / "_stamps.json"
    assert book.build_lock_path == book.root / ".book-cache" / "build.lock"
    assert book.lock_file == book.root / "requirements.lock"
    assert book.rel(book.root / "chapters" / "x.ipynb") == "chapters/x.ipynb"
    assert book.rel("/elsewhere/y") == "/elsewhere/y"
    assert relative("a/b", None) == "a/b"
    assert Book.here().root == ROOT


def test_toc_notebooks_are_the_notebook_entries_in_order(tmp_path):
    (tmp_path / "c").mkdir()
    for name in ("intro.md", "01_a.ipynb", "02_b.ipynb", "appendix_x.md"):
        (tmp_path / "c" / name).write_text("{}" if name.endswith("ipynb") else "# T\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "root: c/intro\nparts:\n  - caption: One\n    chapters:\n      - file: c/02_b\n      - file: c/01_a.ipynb\n"
        "  - caption: Appendices\n    chapters:\n      - file: c/appendix_x\n      - file: c/missing\n",
        encoding="utf-8")
    entries = meta.toc_entries(tmp_path)
    assert [e.docname for e in entries] == ["c/intro", "c/02_b", "c/01_a", "c/appendix_x", "c/missing"]
    assert [e.caption for e in entries] == ["", "One", "One", "Appendices", "Appendices"]
    assert [p.name for p in meta.toc_notebooks(tmp_path)] == ["02_b.ipynb", "01_a.ipynb"]
    assert [e.stem for e in meta.main_chapters(tmp_path)] == ["02_b", "01_a"]


@pytest.mark.parametrize(("stem", "label"), [
    ("03_regression", "3"), ("10_x_y", "10"), ("00_introduction", "Intro"), ("09_conclusion", "Concl"),
    ("appendix_data", None), ("index", None), ("3regression", None),
])
def test_chapter_label_from_the_file_name(stem, label):
    assert meta.chapter_label(stem) == label


def test_stamps_round_trip_and_bad_json_names_the_file(tmp_path):
    path = meta.stamps_path(tmp_path)
    path.parent.mkdir()
    assert meta.read_stamps(path) == {}
    meta.update_stamps({"b": {"key": "2"}}, path)
    meta.update_stamps({"a": {"key": "1"}}, path)
    assert path.read_text(encoding="utf-8") == '{\n "a": {\n  "key": "1"\n },\n "b": {\n  "key": "2"\n }\n}\n'
    path.write_text("{", encoding="utf-8")
    with pytest.raises(NotebookFileError, match=r"^chapters/_stamps.json is not a valid stamps file .*git checkout"):
        meta.read_stamps(path, tmp_path)


def test_manifest_rows_are_the_csv_rows_as_text():
    with (ROOT / "data" / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        raw = {row["file_id"]: row for row in csv.DictReader(fh)}
    rows = meta.read_manifest(ROOT)
    assert set(rows) == set(raw)
    for fid, row in rows.items():
        for col in ("path", "upstream_repo", "upstream_url", "licence", "citation_key", "bytes"):
            assert row[col] == raw[fid][col], (fid, col)
        assert row["sha256"] == raw[fid]["sha256"].strip().lower()


def test_parameter_names_and_tags():
    nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["a = 1\n", "b = f()\n"]},
                    {"cell_type": "code", "metadata": {"tags": ["injected-parameters"]}, "source": "a = 2"},
                    {"cell_type": "code", "metadata": {}, "source": "print(a)"}]}
    assert meta.parameter_names(nb) == {"a": 1, "b": None}
    assert meta.code_sources(nb) == ["a = 1\nb = f()\n", "print(a)"]
    assert meta.is_injected(nb["cells"][1]) and not meta.has_tag(nb["cells"][2], "parameters")


def test_settings_from_env_reads_each_variable():
    env = {runtrace.DATA_TRACE_ENV: "/t/data.txt", runtrace.TRACE_ROOT_ENV: "/book",
           runtrace.TRACE_SKIP_ENV: os.pathsep.join(["data/manifest.csv", "data/x.csv"]),
           runtrace.MODULE_TRACE_ENV: "/t/modules.txt", runtrace.KERNEL_PIDFILE_ENV: "/t/pid",
           runtrace.PARENT_PID_ENV: "123"}
    assert runtrace.settings_from_env(env) == {
        "data_trace": "/t/data.txt", "root": "/book", "skip": ["data/manifest.csv", "data/x.csv"],
        "module_trace": "/t/modules.txt", "pidfile": "/t/pid", "parent_pid": 123}
    assert runtrace.settings_from_env({}) == {"data_trace": None, "root": None, "skip": [], "module_trace": None,
                                             "pidfile": None, "parent_pid": None}


def test_trace_run_records_data_files_modules_and_pid(tmp_path):
    """In a fresh Python process: the files opened under ``data/`` (not the skipped
    one, not those outside), the ``analysis`` modules loaded (at exit), the pid."""
    book = tmp_path / "book"
    (book / "data" / "facts").mkdir(parents=True)
    for name in ("facts/a.csv", "manifest.csv"):
        (book / "data" / name).write_text("x\n", encoding="utf-8")
    (tmp_path / "outside.csv").write_text("y\n", encoding="utf-8")
    code = (
        "import sys; from tools.runtrace import trace_run; "
        f"trace_run(data_trace={str(tmp_path / 'data.txt')!r}, root={str(book)!r}, skip=['data/manifest.csv'], "
        f"module_trace={str(tmp_path / 'mods.txt')!r}, pidfile={str(tmp_path / 'pid')!r}); "
        f"open({str(book / 'data' / 'facts' / 'a.csv')!r}).read(); open({str(book / 'data' / 'manifest.csv')!r}).read(); "
        f"open({str(tmp_path / 'outside.csv')!r}).read(); import analysis.errors; print(__import__('os').getpid())"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (tmp_path / "data.txt").read_text().split() == ["data/facts/a.csv"]
    assert (tmp_path / "mods.txt").read_text().split() == ["analysis", "analysis.errors"]
    assert (tmp_path / "pid").read_text().split() == [proc.stdout.strip()]


def test_analysis_modules_lists_only_the_package():
    mods = {"analysis": object(), "analysis.x": object(), "analysisfoo": object(), "tools.runtrace": object(),
            "analysis.gone": None}
    assert runtrace.analysis_modules(mods) == ["analysis", "analysis.x"]


def test_read_notebook_names_a_broken_file_relative_to_the_book(tmp_path):
    (tmp_path / "chapters").mkdir()
    bad = tmp_path / "chapters" / "x.ipynb"
    bad.write_text(json.dumps({"cells": []})[:5], encoding="utf-8")
    with pytest.raises(NotebookFileError, match=r"^chapters/x.ipynb is not a valid notebook"):
        Book(tmp_path).read_notebook(bad)
