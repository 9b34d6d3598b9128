"""Stored outputs do not depend on the machine's last bits.

A chart-heavy chapter is re-executed by nbval under a changed numeric
environment: one BLAS thread instead of several, and every float that pandas
reads from a data file moved by one unit in the last place (see
``tests/perturb/sitecustomize.py``); the tidy-frame cache is bypassed so the
perturbed reads are really made. nbval must still find every stored output
(text, tables, glued numbers, chart specs) unchanged: chart data are rounded
to a stated precision and prose numbers are formatted, so no last-bit
difference reaches a stored output.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Chapters with the most computed chart data (regressions, predictions, indices).
CHAPTERS = ["03_regression", "08_asian_crisis"]


def _probe(env: dict[str, str]) -> str:
    code = "import pandas as pd, io; print(repr(float(pd.read_csv(io.StringIO('a\\n0.1\\n'))['a'][0])))"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def perturbed_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "tests" / "perturb"), env.get("PYTHONPATH")]))
    env["BOOK_PERTURB_ULP"] = "1"
    env["BOOK_NO_CACHE"] = "1"
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


def test_perturbation_is_in_force():
    # the test below is only meaningful if the reads really change
    assert _probe(perturbed_env()) == "0.10000000000000002"
    assert _probe({**perturbed_env(), "BOOK_PERTURB_ULP": "0"}) == "0.1"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_outputs_survive_last_bit_changes(chapter):
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
           "--nbval-sanitize-with", str(ROOT / "tests" / "sanitize.cfg"), "--nbval-current-env",
           str(ROOT / "chapters" / f"{chapter}.ipynb")]
    proc = subprocess.run(cmd, cwd=ROOT, env=perturbed_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
