"""The loader: the committed synthetic file and a user's own files, good and bad."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest

from sunshine.data import survey
from sunshine.data.survey import DataValidationError, load

RAW = pd.read_csv(survey.DEFAULT_FILE, dtype=str, keep_default_na=False)


def _write(tmp_path, name, frame: pd.DataFrame):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def _bad(tmp_path, name, column, row, value):
    """Write RAW with one cell replaced (``row`` 1-based); return the path."""
    frame = RAW.copy()
    frame.loc[row - 1, column] = value
    return _write(tmp_path, name, frame)


def _expect(path, *parts):
    before = sorted(os.listdir(path.parent))
    with pytest.raises(DataValidationError) as info:
        load(path)
    msg = str(info.value)
    assert str(path) in msg
    for p in parts:
        assert p in msg, (p, msg)
    assert sorted(os.listdir(path.parent)) == before  # nothing written
    assert isinstance(info.value, ValueError)
    return info.value


def test_committed_file_loads_and_is_labelled_synthetic():
    df = load(check_hash=True)
    assert df.shape == (2351, 13)
    assert df.attrs["synthetic"] is True
    assert "synthetic" in survey.DEFAULT_FILE.name
    pkg = json.loads(survey.DATAPACKAGE.read_text())
    assert "SYNTHETIC" in pkg["title"] and pkg["synthetic"] is True
    assert df["remittance"].isna().sum() == (df["migrated"] == 0).sum()
    assert df["remittance"].dtype == float  # NaN for missing, pairwise downstream


def test_schema_is_built_from_the_codebook():
    fields = survey.codebook()
    sch = survey.schema()
    assert list(sch.columns) == [f["name"] for f in fields]
    assert sch.columns["person_id"].unique
    assert not sch.columns["age"].nullable and sch.columns["remittance"].nullable


def test_missing_file(tmp_path):
    _expect(tmp_path / "nope.csv", "file not found")


def test_empty_file(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("")
    _expect(p, "empty file")


def test_header_only(tmp_path):
    p = tmp_path / "header.csv"
    p.write_text(",".join(RAW.columns) + "\n")
    _expect(p, "no data rows")


def test_missing_column(tmp_path):
    p = _write(tmp_path, "nocol.csv", RAW.drop(columns=["education"]))
    err = _expect(p, "missing column", "education")
    assert err.problems[0]["column"] == "education"


def test_a_file_with_names_of_its_own_is_told_to_bring_a_mapping_not_called_empty(tmp_path):
    """pandas calls a frame with rows but no columns "empty"; the file has rows, and names of its own."""
    p = tmp_path / "upper.parquet"
    RAW.rename(columns=str.upper).to_parquet(p)
    err = _expect(p, "missing column", "person_id", "needs a mapping: the parameter data_map")
    assert "empty" not in str(err)


def test_value_out_of_range(tmp_path):
    err = _expect(_bad(tmp_path, "range.csv", "age", 5, "200"),
                  "column 'age'", "row 5", "'200'", "maximum 110")
    assert err.problems[0] == {"column": "age", "row": 5, "value": "200", "check": "maximum 110"}


def test_negative_income(tmp_path):
    _expect(_bad(tmp_path, "neg.csv", "income", 7, "-100"), "column 'income'", "row 7", "minimum 0")


def test_unknown_category(tmp_path):
    _expect(_bad(tmp_path, "cat.csv", "province", 10, "Sichuan"),
            "column 'province'", "row 10", "'Sichuan'", "unknown category")
    _expect(_bad(tmp_path, "gender.csv", "gender", 3, "2"), "column 'gender'", "row 3", "'2'")


def test_non_numeric_number(tmp_path):
    _expect(_bad(tmp_path, "nonnum.csv", "income", 4, "abc"),
            "column 'income'", "row 4", "'abc'", "not a number")
    _expect(_bad(tmp_path, "frac.csv", "education", 4, "2.5"), "column 'education'", "not an integer")


def test_duplicate_id(tmp_path):
    err = _expect(_bad(tmp_path, "dup.csv", "person_id", 4, "1"),
                  "column 'person_id'", "'1'", "duplicate")
    assert "[1, 4]" in str(err)


def test_missing_value_where_required(tmp_path):
    _expect(_bad(tmp_path, "na.csv", "gender", 3, ""), "column 'gender'", "row 3",
            "missing value")


def test_missing_value_allowed_where_codebook_allows(tmp_path):
    frame = RAW.copy()
    i = int(np.flatnonzero(frame["migrated"] == "1")[0])
    frame.loc[i, "remittance"] = ""
    df = load(_write(tmp_path, "ok.csv", frame))
    assert np.isnan(df.loc[i, "remittance"])
    assert df.attrs["synthetic"] is False


def test_hash_check_detects_a_changed_file(tmp_path):
    frame = RAW.copy()
    frame.loc[0, "income"] = "100"
    p = _write(tmp_path, "cmlrs_synthetic.csv", frame)
    load(p)  # valid data ...
    with pytest.raises(DataValidationError, match="SHA-256"):
        load(p, check_hash=True)  # ... but not the committed file
