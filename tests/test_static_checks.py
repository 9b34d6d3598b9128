"""The code base passes its static checks: mypy and ruff, as configured in ``pyproject.toml``."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECKS = {
    "mypy": ["-m", "mypy", "analysis", "tools", "_ext", "scripts"],
    "ruff": ["-m", "ruff", "check", "analysis", "tools", "_ext", "scripts", "tests"],
}


@pytest.mark.parametrize("tool", sorted(CHECKS))
def test_static_check_passes(tool):
    cmd = [sys.executable, *CHECKS[tool]]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, (
        f"{' '.join(cmd[1:])} exited with {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    )
