"""Chapter notebooks hold prose and calls only (issue 12).

Every number a chapter prints comes from a tested function of the analysis
layer; a notebook's code cells may import, call, index a returned mapping and
pass keyword arguments, but may not define functions or classes, loop, assert,
or do arithmetic. The papermill ``parameters`` cell may assign plain constants; captions may
interpolate the parameters with f-strings.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))

#: Node types a chapter's code may not contain, with the reason shown on failure.
FORBIDDEN: dict[type[ast.AST], str] = {
    ast.FunctionDef: "defines a function", ast.AsyncFunctionDef: "defines a function",
    ast.ClassDef: "defines a class", ast.Lambda: "defines a lambda",
    ast.For: "loops", ast.While: "loops", ast.ListComp: "loops (comprehension)",
    ast.DictComp: "loops (comprehension)", ast.SetComp: "loops (comprehension)",
    ast.GeneratorExp: "loops (generator)", ast.Assert: "asserts (checks belong in the analysis layer)",
    ast.BinOp: "does arithmetic", ast.AugAssign: "does arithmetic", ast.Compare: "compares values",
}
# f-strings are allowed: a caption may name the chapter's parameters (its years), which is prose, not arithmetic.


def offences(source: str) -> list[str]:
    """What a cell's code does that a chapter may not (empty if it only calls)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for kind, why in FORBIDDEN.items():
            if isinstance(node, kind):
                found.append(f"line {getattr(node, 'lineno', '?')}: {why}")
    return found


def code_cells(path: Path) -> list[tuple[int, list[str], str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(i, c.get("metadata", {}).get("tags", []), "".join(c["source"]))
            for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_code_is_calls_only(path: Path) -> None:
    bad = []
    for i, tags, src in code_cells(path):
        if "parameters" in tags:
            continue
        bad += [f"cell {i}: {o}" for o in offences(src)]
    assert not bad, f"{path.name} holds code that belongs in the analysis layer:\n  " + "\n  ".join(bad)


def test_the_check_can_fail() -> None:
    assert offences("def f():\n    return 1") == ["line 1: defines a function"]
    assert offences("x = a['k'] * 100") == ["line 1: does arithmetic"]
    assert offences("preamble.glue_all(m.numbers(frame, first=1982))") == []
