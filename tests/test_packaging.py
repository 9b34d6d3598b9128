"""A non-editable install ships every subpackage of ``analysis``, and none of the
build tooling (``tools/``, which runs from the checkout)."""
from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent


def test_package_discovery_finds_every_subpackage():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    shipped = set(find_packages(where=str(ROOT), include=find["include"]))
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "analysis").rglob("__init__.py")
               if "__pycache__" not in p.parts}
    assert on_disk and {"analysis.figures", "analysis.loaders"} <= on_disk
    assert shipped == on_disk
    assert "tools" not in set(find_packages(where=str(ROOT), include=find["include"]))


def test_a_built_wheel_ships_every_module(tmp_path):
    """Build the wheel (offline: the installed setuptools, no build isolation, no
    index) from a copy of the package and check that every module of
    ``analysis/`` is in it, ``figures`` and ``loaders`` included, and that the
    build tooling copied beside it (``tools/``) is not."""
    import shutil
    import subprocess
    import sys
    import zipfile

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    for package in ("analysis", "tools"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "wheel"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
           "--quiet", str(src), "-w", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}"
    wheel, = out.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("tools/")], "the build tooling must not ship in the wheel"
    shipped = {n for n in names if n.endswith(".py")}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "analysis").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert {"analysis/figures/latin_america.py", "analysis/loaders/_common.py", "analysis/loaders/bis.py"} <= shipped
    assert shipped == on_disk, f"missing from the wheel: {sorted(on_disk - shipped)}"
