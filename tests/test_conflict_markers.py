"""No file of the checkout carries a leftover merge-conflict marker."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(?:<{7} |>{7} |={7}$)", re.M)


def conflicted(text: str) -> list[str]:
    """Lines of ``text`` that are merge-conflict markers."""
    return [m.group(0) for m in MARKER.finditer(text)]


def test_detector_can_fail():
    assert conflicted("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> branch\n") == ["<<<<<<< ", "=======", ">>>>>>> "]
    assert not conflicted("a heading\n=====\ntext ======= more\n")


def test_no_tracked_file_has_a_conflict_marker():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    bad = []
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.suffix in {".png", ".pdf", ".parquet", ".ico"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if conflicted(text):
            bad.append(name)
    assert not bad, f"merge-conflict markers left in {bad}; resolve them"
