"""Tests of the dependency-aware papermill rebuild (``tools.rebuild``).

Unit tests run on synthetic sources and a tiny book in a temporary folder
(``Book(root)``); the end-to-end tests execute that tiny book's two
notebooks with papermill and show that a change to the inputs of one chapter
makes exactly that chapter stale, and that a failing chapter is reported with
its name and cell. The raw data are never modified: raw files are read from a
scratch copy named by ``BOOK_DATA_DIR``.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from analysis import manifest as mf
from analysis.errors import ParameterError
from tools import deps, meta, notebooks, params, pool
from tools import rebuild as rb
from tools.book import Book

REAL_ROOT = Book.here().root
REAL_PACKAGE = REAL_ROOT / "analysis"


# --------------------------------------------------------------------------- helpers
def notebook(*cells: tuple[str, str, list[str]]) -> dict:
    """A minimal nbformat-4 notebook from (cell_type, source, tags) triples."""
    out = []
    for kind, src, tags in cells:
        cell = {"cell_type": kind, "metadata": {"tags": tags}, "source": src}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    return {
        "cells": out,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def write_nb(path: Path, nb: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


CH_A = notebook(
    ("markdown", "# Chapter A\n\nReads a raw file and a fact table.", []),
    ("code", "window = 3\nlabel = 'base'", ["parameters"]),
    ("code", "import analysis.helper_a\nfrom analysis.manifest import resolve\n"
             "raw = resolve('h10_yearly')\nfacts = open('../data/facts/only_a.csv').read()", []),
    ("code", "print('window', window, label, analysis.helper_a.VALUE)", []),
)
CH_B = notebook(
    ("markdown", "# Chapter B", []),
    ("code", "from analysis import helper_b\nprint(helper_b.VALUE, open('../data/facts/only_b.csv').read().strip())", []),
)


@pytest.fixture
def tiny_book(tmp_path, monkeypatch):
    """A book with two chapter notebooks and its own small ``analysis`` modules.

    ``analysis/__init__.py`` of the tiny book extends its package path with the
    real package, so the kernel finds both ``analysis.helper_a`` (here) and
    ``analysis.manifest`` (real). Raw files come from a scratch copy.
    """
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/index\nparts:\n"
        "  - caption: Part\n    chapters:\n      - file: chapters/a_one\n      - file: chapters/b_two\n"
        "      - file: chapters/c_prose\n",
        encoding="utf-8",
    )
    (root / "chapters" / "index.md").write_text("# Index\n", encoding="utf-8")
    (root / "chapters" / "c_prose.md").write_text("# Prose only\n", encoding="utf-8")
    pkg = root / "analysis"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(f"__path__.append({str(REAL_PACKAGE)!r})\n", encoding="utf-8")
    (pkg / "helper_a.py").write_text("from analysis import shared\nVALUE = shared.BASE + 1\n", encoding="utf-8")
    (pkg / "helper_b.py").write_text("VALUE = 'b'\n", encoding="utf-8")
    (pkg / "shared.py").write_text("BASE = 41\n", encoding="utf-8")
    facts = root / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "only_a.csv").write_text("x\n1\n", encoding="utf-8")
    (facts / "only_b.csv").write_text("y\n2\n", encoding="utf-8")
    (root / "data" / "unused.csv").write_text("z\n3\n", encoding="utf-8")
    (root / "requirements.lock").write_text("pandas==3.1.1\n", encoding="utf-8")
    write_nb(root / "chapters" / "a_one.ipynb", CH_A)
    write_nb(root / "chapters" / "b_two.ipynb", CH_B)

    raw = tmp_path / "raw"
    item = mf.entry("h10_yearly")
    (raw / item.path).parent.mkdir(parents=True)
    shutil.copyfile(mf.DEFAULT_DATA_DIR / item.path, raw / item.path)
    (raw / item.path).chmod(0o644)
    monkeypatch.setenv(mf.DATA_DIR_ENV, str(raw))
    monkeypatch.setenv("PYTHONPATH", str(root))

    yield Book(root)


def text(output: dict) -> str:
    t = output["text"]
    return "".join(t) if isinstance(t, list) else t


def keys(book: Book, data: dict[str, list[str]]) -> dict[str, str]:
    return {p.stem: deps.input_key(book, p, data.get(p.stem, [])) for p in book.notebooks()}


# --------------------------------------------------------------------------- discovery
def test_toc_notebooks_lists_only_notebooks_in_book_order(tiny_book):
    (tiny_book.root / "chapters" / "zz_not_in_toc.ipynb").write_text(json.dumps(notebook()), encoding="utf-8")
    assert [p.stem for p in tiny_book.notebooks()] == ["a_one", "b_two"]


def test_toc_notebooks_walks_sections_and_root_chapters(tmp_path):
    (tmp_path / "x").mkdir()
    for name in ("root", "s1", "s2", "c1"):
        write_nb(tmp_path / "x" / f"{name}.ipynb", notebook())
    toc = tmp_path / "_toc.yml"
    toc.write_text("root: x/root\nchapters:\n  - file: x/c1\n    sections:\n      - file: x/s2.ipynb\n"
                   "      - file: x/s1\n", encoding="utf-8")
    assert [p.stem for p in meta.toc_notebooks(toc.parent)] == ["root", "c1", "s2", "s1"]


def test_resolve_chapters_by_name_and_prefix(tiny_book):
    assert [p.stem for p in tiny_book.resolve_chapters(["a_one", "b"])] == ["a_one", "b_two"]
    with pytest.raises(ParameterError, match=r"'zz' matches 0 notebooks; choose one of: a_one, b_two"):
        tiny_book.resolve_chapters(["zz"])
    write_nb(tiny_book.root / "chapters" / "a_two.ipynb", notebook())
    (tiny_book.root / "_toc.yml").write_text(
        (tiny_book.root / "_toc.yml").read_text() + "      - file: chapters/a_two\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="'a_' matches 2 notebooks"):
        tiny_book.resolve_chapters(["a_"])


# --------------------------------------------------------------------------- module graph
def test_imported_modules_absolute_relative_nested_and_magics(tiny_book):
    src = (
        "%matplotlib inline\n"
        "import os, analysis.helper_a\n"
        "from analysis import helper_b, not_a_module\n"
        "import analysisfoo\n"
        "def f():\n    from analysis.shared import BASE\n"
    )
    assert deps.imported_modules(tiny_book, src) == {"analysis", "analysis.helper_a", "analysis.helper_b", "analysis.shared"}
    assert deps.imported_modules(tiny_book, "from . import shared\nfrom .helper_b import VALUE", package="analysis") == {
        "analysis", "analysis.shared", "analysis.helper_b"}
    assert deps.imported_modules(tiny_book, "import pandas\nx = 1") == set()
    assert deps.imported_modules(tiny_book, "this is not python") == set()


def test_module_closure_follows_imports_transitively_and_survives_cycles(tiny_book):
    pkg = tiny_book.root / "analysis"
    (pkg / "shared.py").write_text("from analysis import helper_a\nBASE = 41\n", encoding="utf-8")  # cycle
    assert deps.module_closure(tiny_book, ["analysis.helper_a"]) == {"analysis", "analysis.helper_a", "analysis.shared"}
    assert deps.module_closure(tiny_book, ["analysis.helper_b"]) == {"analysis.helper_b"}
    nb = meta.read_notebook(tiny_book.root / "chapters" / "b_two.ipynb")
    assert deps.notebook_modules(tiny_book, nb) == {"analysis", "analysis.helper_b"}


# --------------------------------------------------------------------------- input keys
DATA = {"a_one": ["h10_yearly", "data/facts/only_a.csv"], "b_two": ["data/facts/only_b.csv"]}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {k for k in before if before[k] != after[k]}


def test_input_key_is_stable_and_ignores_mtime_markdown_and_outputs(tiny_book):
    k0 = keys(tiny_book, DATA)
    assert k0 == keys(tiny_book, DATA)
    later = time.time() + 100
    for f in [*(tiny_book.root / "data").rglob("*.csv"), *(tiny_book.root / "analysis").glob("*.py")]:
        os.utime(f, (later, later))
    nb_path = tiny_book.root / "chapters" / "a_one.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"][0]["source"] = "# Chapter A\n\nNew prose."
    nb["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "window 3\n"}]
    write_nb(nb_path, nb)
    assert keys(tiny_book, DATA) == k0


def test_input_key_changes_only_for_the_chapter_whose_data_file_changed(tiny_book):
    k0 = keys(tiny_book, DATA)
    (tiny_book.root / "data" / "facts" / "only_a.csv").write_text("x\n2\n", encoding="utf-8")
    assert changed(k0, keys(tiny_book, DATA)) == {"a_one"}
    (tiny_book.root / "data" / "facts" / "only_a.csv").write_text("x\n1\n", encoding="utf-8")
    assert keys(tiny_book, DATA) == k0
    (tiny_book.root / "data" / "facts" / "only_b.csv").unlink()
    assert changed(k0, keys(tiny_book, DATA)) == {"b_two"}


def test_input_key_changes_when_a_raw_file_entry_changes(tiny_book, monkeypatch):
    k0 = keys(tiny_book, DATA)
    entries = dict(mf.manifest())
    import dataclasses
    entries["h10_yearly"] = dataclasses.replace(entries["h10_yearly"], sha256="0" * 64)
    monkeypatch.setattr(deps, "manifest", lambda: entries)
    assert changed(k0, keys(tiny_book, DATA)) == {"a_one"}


def test_input_key_changes_with_imported_modules_transitively(tiny_book):
    k0 = keys(tiny_book, DATA)
    (tiny_book.root / "analysis" / "shared.py").write_text("BASE = 40\n", encoding="utf-8")  # via helper_a
    assert changed(k0, keys(tiny_book, DATA)) == {"a_one"}
    k1 = keys(tiny_book, DATA)
    (tiny_book.root / "analysis" / "helper_b.py").write_text("VALUE = 'c'\n", encoding="utf-8")
    assert changed(k1, keys(tiny_book, DATA)) == {"b_two"}


def test_input_key_changes_with_code_params_and_lock(tiny_book):
    k0 = keys(tiny_book, DATA)
    nb_path = tiny_book.root / "chapters" / "b_two.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"][1]["source"] += "\nprint('more')"
    write_nb(nb_path, nb)
    assert changed(k0, keys(tiny_book, DATA)) == {"b_two"}
    k1 = keys(tiny_book, DATA)
    a = tiny_book.root / "chapters" / "a_one.ipynb"
    assert deps.input_key(tiny_book, a, DATA["a_one"], {"window": 5}) != k1["a_one"]
    (tiny_book.root / "requirements.lock").write_text("pandas==3.1.2\n", encoding="utf-8")
    assert changed(k1, keys(tiny_book, DATA)) == {"a_one", "b_two"}


def _mark_executed(path):
    nb = json.loads(path.read_text())
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "code":
            c["execution_count"] = i + 1
    write_nb(path, nb)


def test_stale_chapters_compares_with_stamps(tiny_book):
    paths = tiny_book.notebooks()
    for p in paths:
        _mark_executed(p)
    stamps = {stem: {"key": k, "data": DATA[stem], "params": {}} for stem, k in keys(tiny_book, DATA).items()}
    assert deps.stale_chapters(tiny_book, paths, stamps) == []
    (tiny_book.root / "data" / "facts" / "only_b.csv").write_text("y\n9\n", encoding="utf-8")
    assert [p.stem for p in deps.stale_chapters(tiny_book, paths, stamps)] == ["b_two"]
    del stamps["a_one"]
    assert [p.stem for p in deps.stale_chapters(tiny_book, paths, stamps)] == ["a_one", "b_two"]


def test_a_chapter_with_a_cleared_code_cell_is_stale_whatever_its_stamp(tiny_book):
    """An edit that clears a cell's outputs (execution count None) must not pass as up to date."""
    paths = tiny_book.notebooks()
    for p in paths:
        _mark_executed(p)
    stamps = {stem: {"key": k, "data": DATA[stem], "params": {}} for stem, k in keys(tiny_book, DATA).items()}
    a = next(p for p in paths if p.stem == "a_one")
    nb = json.loads(a.read_text())
    i = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and "".join(c["source"]).strip())
    nb["cells"][i]["execution_count"] = None
    nb["cells"][i]["outputs"] = []
    write_nb(a, nb)
    assert deps.unexecuted_cells(a) == [i]
    assert [p.stem for p in deps.stale_chapters(tiny_book, paths, stamps)] == ["a_one"]


def test_update_stamps_merges_and_keeps_other_chapters(tiny_book):
    path = tiny_book.root / "chapters" / "_stamps.json"
    meta.write_stamps({"a_one": {"key": "1"}, "b_two": {"key": "2"}}, path)
    meta.update_stamps({"b_two": {"key": "3"}}, path)
    assert meta.read_stamps(path) == {"a_one": {"key": "1"}, "b_two": {"key": "3"}}
    assert meta.read_stamps(tiny_book.root / "nothing.json") == {}


def test_longest_first_orders_by_last_run_time_unknown_first(tiny_book):
    a, b = tiny_book.notebooks()
    c = tiny_book.root / "chapters" / "c_new.ipynb"
    stamps = {"a_one": {"seconds": 2.0}, "b_two": {"seconds": 9.5}}
    assert pool.longest_first([a, b, c], stamps) == [c, b, a]


# --------------------------------------------------------------------------- parameters
def test_parameter_names_reads_literals_and_marks_others_none():
    nb = notebook(("code", "a = 1\nb: float = 2.5\nc = 'x'\nd = compute()\ne, f = 1, 2", ["parameters"]))
    assert meta.parameter_names(nb) == {"a": 1, "b": 2.5, "c": "x", "d": None}
    assert meta.parameter_names(notebook(("code", "a = 1", []))) == {}


def test_parse_params_accepts_known_parameters_with_types(tiny_book):
    assert params.parse_params(tiny_book, ["a_one.window=5", "a.label=other"]) == {"a_one": {"window": 5, "label": "other"}}
    assert params.parse_params(tiny_book, []) == {}


@pytest.mark.parametrize("item, message", [
    ("a_one.window", r"not of the form CHAPTER\.NAME=VALUE"),
    ("window=5", r"not of the form CHAPTER\.NAME=VALUE"),
    ("a_one.=5", r"not of the form CHAPTER\.NAME=VALUE"),
    ("zz.window=5", r"chapter 'zz' matches 0 notebooks"),
    ("a_one.start=1980", r"chapter 'a_one' has no parameter 'start'; its parameters are: label \(default 'base'\), "
                         r"window \(default 3\)"),
    ("b_two.window=1", r"chapter 'b_two' has no parameter 'window'; its parameters are: none"),
    ("a_one.window=abc", r"chapter 'a_one': parameter 'window' must be a whole number like its default 3, not 'abc'"),
    ("a_one.window=2.5", r"parameter 'window' must be a whole number"),
    ("a_one.window=true", r"parameter 'window' must be a whole number"),
    ("a_one.label=[1, 2]", r"parameter 'label' must be text"),
    ("a_one.window=", r"parameter 'window' is given no value"),
    ("a_one.window=[1", r"value '\[1' of parameter 'window' cannot be read"),
])
def test_parse_params_rejects_bad_items_naming_chapter_and_parameter(tiny_book, item, message):
    with pytest.raises(ParameterError, match=message):
        params.parse_params(tiny_book, [item])


def test_check_value_accepts_whole_numbers_for_floats_and_anything_for_none():
    params.check_value("c", "x", 1.5, 2)
    params.check_value("c", "x", None, "anything")
    with pytest.raises(ParameterError, match="must be true/false"):
        params.check_value("c", "x", True, 1)


def test_main_rejects_bad_parameters_before_running(tiny_book, capsys):
    assert rb.main(["-p", "a_one.nope=1"], book=tiny_book) == 2
    assert "rebuild: chapter 'a_one' has no parameter 'nope'" in capsys.readouterr().err
    assert rb.main(["--chapters", "b_two", "-p", "a_one.window=1"], book=tiny_book) == 2
    assert "not among the chapters selected" in capsys.readouterr().err
    assert rb.main(["--chapters", "nothing"], book=tiny_book) == 2
    assert not (tiny_book.root / "chapters" / "_stamps.json").exists()


# --------------------------------------------------------------------------- failure messages
def test_failure_message_names_cell_line_and_error():
    from papermill.exceptions import PapermillExecutionError

    exc = PapermillExecutionError(
        cell_index=2, exec_count=3, source="x = 1\ny = load('bad')\nz = 2", ename="DataHashError",
        evalue="file altered",
        traceback=["\x1b[0;31mDataHashError\x1b[0m Traceback", "Cell \x1b[0;32mIn[3], line 2\x1b[0m\n  y = load('bad')",
                   "File site-packages/x.py:10, in load()"],
    )
    msg = notebooks.failure_message(exc)
    assert msg.startswith("cell 3 (In [3]), line 2: y = load('bad')")
    assert "raised DataHashError: file altered" in msg
    assert notebooks.failure_message(ValueError("plain")) == "ValueError: plain"


# --------------------------------------------------------------------------- end to end
def test_end_to_end_only_the_changed_chapter_reruns(tiny_book, capsys):
    assert rb.main(["--no-progress"], book=tiny_book) == 0
    stamps = tiny_book.read_stamps()
    assert set(stamps) == {"a_one", "b_two"}
    assert stamps["a_one"]["data"] == ["data/facts/only_a.csv", "h10_yearly"]
    assert stamps["b_two"]["data"] == ["data/facts/only_b.csv"]
    assert stamps["a_one"]["seconds"] > 0 and stamps["a_one"]["executed"].endswith("Z")
    out_b = json.loads((tiny_book.root / "chapters" / "b_two.ipynb").read_text())["cells"][1]["outputs"]
    assert text(out_b[0]) == "b y\n2\n"
    capsys.readouterr()

    # nothing changed: nothing runs
    assert rb.main(["--dry-run"], book=tiny_book) == 0
    assert capsys.readouterr().out.strip() == "nothing to execute"
    # touching every input (same content) changes nothing
    later = time.time() + 100
    for f in (tiny_book.root / "data").rglob("*.csv"):
        os.utime(f, (later, later))
    assert rb.main(["--dry-run"], book=tiny_book) == 0
    assert capsys.readouterr().out.strip() == "nothing to execute"
    # a data file read only by chapter B changes: only B is stale, and only B runs
    (tiny_book.root / "data" / "facts" / "only_b.csv").write_text("y\n7\n", encoding="utf-8")
    assert rb.main(["--dry-run"], book=tiny_book) == 0
    assert capsys.readouterr().out.split() == ["b_two"]
    a_before = (tiny_book.root / "chapters" / "a_one.ipynb").read_text()
    assert rb.main(["--no-progress"], book=tiny_book) == 0
    assert capsys.readouterr().out.split()[:2] == ["b_two", "ok"]
    assert (tiny_book.root / "chapters" / "a_one.ipynb").read_text() == a_before
    assert tiny_book.read_stamps()["a_one"] == stamps["a_one"]
    out_b = json.loads((tiny_book.root / "chapters" / "b_two.ipynb").read_text())["cells"][1]["outputs"]
    assert text(out_b[0]) == "b y\n7\n"
    assert rb.main(["--dry-run"], book=tiny_book) == 0
    assert capsys.readouterr().out.strip() == "nothing to execute"


def test_end_to_end_parameters_are_injected_and_reset(tiny_book, capsys):
    assert rb.main(["--no-progress", "--chapters", "a_one", "-p", "a_one.window=5", "-p", "a_one.label=alt"], book=tiny_book) == 0
    nb = json.loads((tiny_book.root / "chapters" / "a_one.ipynb").read_text())
    printed = [text(o) for c in nb["cells"] for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert printed == ["window 5 alt 42\n"]
    assert tiny_book.read_stamps()["a_one"]["params"] == {"window": 5, "label": "alt"}
    # the same parameters again: up to date; defaults again (forced): the injected cell goes
    assert rb.main(["--dry-run", "--chapters", "a_one", "-p", "a_one.window=5", "-p", "a_one.label=alt"], book=tiny_book) == 0
    capsys.readouterr()
    assert rb.main(["--no-progress", "--chapters", "a_one", "--force"], book=tiny_book) == 0
    nb = json.loads((tiny_book.root / "chapters" / "a_one.ipynb").read_text())
    printed = [text(o) for c in nb["cells"] for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert printed == ["window 3 base 42\n"]
    assert not any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    # the run record names the chapter, not a nested copy of the notebook, so it does not grow per run
    record = nb["metadata"]["papermill"]
    assert record["input_path"] == record["output_path"] == "chapters/a_one.ipynb"
    assert "parameters" not in record or record["parameters"] == {}


def test_end_to_end_failing_chapter_is_named_with_its_cell(tiny_book, capsys):
    good = (tiny_book.root / "chapters" / "a_one.ipynb").read_text()
    # alter the scratch copy of the raw file chapter A reads: its hash check must fail
    item = mf.entry("h10_yearly")
    raw = Path(os.environ[mf.DATA_DIR_ENV]) / item.path
    raw.write_text(raw.read_text() + "\n1999,0\n")
    bad_b = notebook(("markdown", "# B", []), ("code", "x = 1", []),
                     ("code", "y = 2\nraise ValueError('boom in B')", []))
    write_nb(tiny_book.root / "chapters" / "b_two.ipynb", bad_b)
    assert rb.main(["--no-progress", "--force"], book=tiny_book) == 1
    err = capsys.readouterr().err
    assert "rebuild: chapter a_one failed in cell 3 (code cell 2, In [2]), line 3: raw = resolve('h10_yearly')" in err
    assert "raised DataHashError" in err and "h10_yearly" in err
    assert "rebuild: chapter b_two failed in cell 3 (code cell 2, In [2]), line 2: raise ValueError('boom in B')" in err
    assert "raised ValueError: boom in B" in err
    assert "the stored notebook is unchanged" in err
    # the stored notebook keeps its last good state, and no stamp is written
    assert (tiny_book.root / "chapters" / "a_one.ipynb").read_text() == good
    assert tiny_book.read_stamps() == {}


def test_run_record_names_the_chapter_and_nests_nothing(tmp_path):
    """papermill's record must not carry the previous record (it nested a copy
    of the whole notebook per run) and must name the chapter's own path."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nb.metadata["papermill"] = {"input_path": {"cells": ["old copy"]}, "parameters": {}}
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    stored = book / "chapters" / "x.ipynb"
    nbformat.write(nb, str(stored))
    prepared = notebooks.prepare_notebook(stored, {})
    assert "papermill" not in prepared.metadata
    executed = tmp_path / "out.ipynb"
    prepared.metadata["papermill"] = {"input_path": dict(prepared), "output_path": str(executed)}
    nbformat.write(prepared, str(executed))
    notebooks.tidy_run_record(executed, stored, book)
    record = nbformat.read(str(executed), as_version=4).metadata["papermill"]
    assert record["input_path"] == record["output_path"] == "chapters/x.ipynb"
