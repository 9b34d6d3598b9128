"""scripts/uptodate.py: the HTML is rebuilt when, and only when, a source's content changed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import uptodate  # noqa: E402


def _book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "_ext").mkdir()
    (root / "_config.yml").write_text("title: t\n")
    (root / "chapters" / "01_a.ipynb").write_text("{}")
    (root / "_ext" / "x.py").write_text("pass\n")
    (root / "_ext" / "__pycache__").mkdir()
    (root / "tests").mkdir()
    return root


def test_content_counts_not_time(tmp_path):
    root = _book(tmp_path)
    out = tmp_path / "html"
    assert not uptodate.check(out, root)
    uptodate.record(out, root)
    assert uptodate.check(out, root)
    assert [p.name for p in out.iterdir()] == [uptodate.DIGEST_NAME]  # no temporary file left
    nb = root / "chapters" / "01_a.ipynb"
    os.utime(nb, (1, 1))  # touched: still up to date
    (root / "_ext" / "__pycache__" / "x.pyc").write_bytes(b"\0")  # bytecode is no source
    (root / "tests" / "t.py").write_text("x")  # nor are tests
    assert uptodate.check(out, root)
    nb.write_text('{"cells": []}')
    assert not uptodate.check(out, root)


def test_a_new_or_renamed_file_counts(tmp_path):
    root = _book(tmp_path)
    out = tmp_path / "html"
    uptodate.record(out, root)
    (root / "chapters" / "01_a.ipynb").rename(root / "chapters" / "01_b.ipynb")
    assert not uptodate.check(out, root)


def test_command_line(tmp_path):
    script = str(ROOT / "scripts" / "uptodate.py")
    out = tmp_path / "html"
    run = lambda *a: subprocess.run([sys.executable, script, *a], capture_output=True, text=True)  # noqa: E731
    assert run("check", str(out)).returncode == 1
    assert run("record", str(out)).returncode == 0
    assert run("check", str(out)).returncode == 0
    assert run("forget", str(out)).returncode == 0
    assert run("check", str(out)).returncode == 1
    bad = run("build", str(out))
    assert bad.returncode == 2 and "usage" in bad.stderr
