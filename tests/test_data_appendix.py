"""The data appendix's frames and numbers (analysis.data_appendix), against
data/manifest.csv and the raw files read directly."""
from __future__ import annotations

import csv

import pandas as pd

from analysis import data_appendix
from analysis.manifest import MANIFEST_PATH


def _manifest_rows() -> list[dict[str, str]]:
    with open(MANIFEST_PATH, encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r.get("file_id", "").strip()
                and not r["file_id"].startswith("#")]


def test_manifest_frame_has_every_row_of_the_csv():
    rows = _manifest_rows()
    frame = data_appendix.manifest_frame()
    assert list(frame.columns) == list(data_appendix.MANIFEST_COLUMNS)
    assert sorted(frame["file_id"]) == sorted(r["file_id"] for r in rows)
    census = frame.set_index("file_id").loc["census_trade"]
    assert census["source"] == "us_census_trade_by_country"


def test_transcribed_ids_are_the_rows_without_a_url():
    rows = _manifest_rows()
    expected = [r["file_id"] for r in rows if not r["upstream_url"].strip()]
    assert data_appendix.transcribed_ids().split(", ") == expected or (not expected and
                                                                       data_appendix.transcribed_ids() == "")


def test_transcribed_ids_of_a_frame_given_by_hand():
    frame = pd.DataFrame({"file_id": ["a", "b", "c"], "upstream_url": ["http://x", "", None]})
    assert data_appendix.transcribed_ids(frame) == "b, c"


def test_data_numbers():
    rows = _manifest_rows()
    out = data_appendix.data_numbers()
    assert out["app_n_files"] == str(len(rows))
    assert out["app_n_sources"] == str(len({r["path"].split("/", 1)[0] for r in rows}))
    # us_census_trade_by_country (raw): partners from 1985; yotov_agtpa_gravity/SOURCE.md: 1986-2006
    assert out["app_census_first"] == "1985"
    assert (out["app_gravity_first"], out["app_gravity_last"]) == ("1986", "2006")
    assert all(isinstance(v, str) for v in out.values())


def test_census_late_partners_from_the_raw_file():
    from analysis.manifest import resolve
    first: dict[str, int] = {}
    with open(resolve("census_trade"), encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            name = r["CTYNAME"].strip()
            if name in ("Bolivia", "Nicaragua"):
                first[name] = min(first.get(name, 9999), int(r["year"]))
    text = data_appendix.data_numbers()["app_census_late"]
    assert text == f"Bolivia ({first['Bolivia']}) and Nicaragua ({first['Nicaragua']})"
