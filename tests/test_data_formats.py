"""Own data as researchers hold it: SPSS, Stata, Parquet and gzipped CSV files, through a mapping.

The labelled files are written by pyreadstat from the committed synthetic CSV
(sunshine.data.examples): Chinese value labels, SPSS user-missing codes for
"not applicable", a county code for the province, a work-status code for the
migration flag and income in two parts. Read through their mapping, they must
give the very frame, and so the very tables, of the CSV they were made from.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pyreadstat
import pytest

from sunshine.data import survey
from sunshine.data.check import check_data
from sunshine.data.examples import MAPPING, VALUE_LABELS, labelled_survey, write_labelled_survey
from sunshine.data.mapping import MappingError, load_mapping
from sunshine.data.readers import UnreadableFile, read_table
from sunshine.kendall import kendall_matrix
from sunshine.runs import parameters, rerun

CSV = survey.load()
NAMES = [f["name"] for f in survey.codebook()]
TABLE_I = ["age", "gender", "education", "migrated", "training"]
TABLE_II = ["income", "remittance", "network_job_info", "training", "education"]


@pytest.fixture(scope="module", params=["sav", "dta"])
def labelled(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    return write_labelled_survey(CSV, folder / f"survey.{request.param}")


def test_labelled_files_give_the_frame_and_tables_of_the_csv(labelled):
    data, mapping = labelled
    got = survey.load(data, mapping=mapping)
    pd.testing.assert_frame_equal(got, CSV)
    for columns in (TABLE_I, TABLE_II):
        mine, reference = kendall_matrix(got, columns), kendall_matrix(CSV, columns)
        pd.testing.assert_frame_equal(mine.tau, reference.tau)
        pd.testing.assert_frame_equal(mine.pvalue, reference.pvalue)
        pd.testing.assert_frame_equal(mine.n, reference.n)


def test_the_files_really_are_labelled_in_chinese_with_user_missing_codes(tmp_path):
    data, mapping = write_labelled_survey(CSV, tmp_path / "survey.sav")
    frame, meta = pyreadstat.read_sav(str(data), user_missing=True)
    assert meta.variable_value_labels["EDU"][1] == "文盲或半文盲"
    assert [r["lo"] for r in meta.missing_ranges["REMIT"]] == [99999]
    assert (frame["REMIT"] == 99999).sum() == CSV["remittance"].isna().sum() > 0
    # the mapping does not list REMIT's code: the file's user-missing declaration alone makes it missing
    assert "REMIT" not in load_mapping(mapping, NAMES).missing
    assert read_table(data).missing["REMIT"] == [99999]


@pytest.mark.parametrize("suffix", [".csv.gz", ".parquet"])
def test_codebook_shaped_gzip_and_parquet_files_load_as_the_csv(tmp_path, suffix):
    path = tmp_path / f"survey{suffix}"
    if suffix == ".parquet":
        CSV.to_parquet(path, index=False)
    else:
        CSV.to_csv(path, index=False)
    pd.testing.assert_frame_equal(survey.load(path), CSV)


def test_an_unmapped_chinese_label_is_named_with_variable_value_and_row(tmp_path):
    data = labelled_survey(CSV)
    data.loc[4, "EDU"] = 6  # the fifth person: a code the mapping does not cover
    labels = {**VALUE_LABELS, "EDU": {**VALUE_LABELS["EDU"], 6: "研究生"}}
    path = tmp_path / "survey.sav"
    pyreadstat.write_sav(data, str(path), variable_value_labels=labels, missing_ranges={"REMIT": [99999]})
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    with pytest.raises(survey.DataValidationError) as info:
        survey.load(path, mapping=mapping)
    message = str(info.value)
    assert "'education'" in message and "6 (研究生)" in message and "row 5" in message, message


def test_missing_codes_and_dropped_rows_keep_the_files_row_numbers(tmp_path):
    data = labelled_survey(CSV)
    data.loc[[0, 2, 9], "Q3"] = -9
    data.loc[20, "DIST"] = 5000  # beyond the codebook's maximum, after the dropped rows
    path = tmp_path / "survey.dta"
    pyreadstat.write_dta(data, str(path))
    mapping = tmp_path / "map.yaml"
    plain = MAPPING.replace("Q12: {男: 0, 女: 1}", "Q12: {1: 0, 2: 1}")
    plain = plain.replace("EDU: {文盲或半文盲: 1, 小学: 2, 初中: 3, 高中或中专: 4, 大专及以上: 5}", "")
    plain = plain.replace("TRAIN: {否: 0, 是: 1}", "").replace("NETINFO: [9]", "NETINFO: [9]\n  Q3: [-9]")
    mapping.write_text(plain + "drop_incomplete: true\n", encoding="utf-8")
    with pytest.raises(survey.DataValidationError) as info:
        survey.load(path, mapping=mapping)
    assert "'distance_city_km', row 21" in str(info.value), str(info.value)
    data.loc[20, "DIST"] = 50
    pyreadstat.write_dta(data, str(path))
    assert len(survey.load(path, mapping=mapping)) == len(CSV) - 3
    report = check_data(path, mapping)
    assert report.ok, report.text()
    assert "age missing: 3" in report.text() and "code -9 x 3" in report.text()


def test_mapping_files_are_parsed_safely(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("columns:\n  age: Q3\n  age: Q4\n")
    with pytest.raises(MappingError, match=r"the key 'age' is given twice \(lines 2 and 3\)"):
        load_mapping(path, NAMES)
    path.write_text("columns: !!python/object/apply:os.system [echo hacked]\n")
    with pytest.raises(MappingError, match="not valid YAML"):
        load_mapping(path, NAMES)
    path.write_text("columns:\n  salary: Q9\n")
    with pytest.raises(MappingError, match="'salary' is not a codebook variable"):
        load_mapping(path, NAMES)
    path.write_text("derived:\n  income: {sum: [A]}\n")
    with pytest.raises(MappingError, match="at least two columns"):
        load_mapping(path, NAMES)


def test_unsupported_and_unreadable_files_are_named(tmp_path):
    with pytest.raises(UnreadableFile, match="unsupported file type"):
        read_table(tmp_path / "survey.xlsx")
    bad = tmp_path / "survey.sav"
    bad.write_bytes(b"not an SPSS file")
    with pytest.raises(survey.DataValidationError, match="not a readable SPSS file"):
        survey.load(bad)


@pytest.mark.slow
def test_check_data_reports_and_writes_nothing(tmp_path, labelled):
    data, mapping = labelled
    before = sorted(os.listdir(data.parent))
    good = subprocess.run([sys.executable, "-m", "sunshine", "check-data", str(data), "--map", str(mapping)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "rows the chapters would analyse: 2,351" in good.stdout
    assert "codes left unmapped: none" in good.stdout
    assert "remittance (REMIT; 1,644 missing" in good.stdout
    women = subprocess.run([sys.executable, "-m", "sunshine", "check-data", str(data), "--map", str(mapping),
                            "-p", "gender", "female"], capture_output=True, text=True, cwd=tmp_path)
    females = int((CSV["gender"] == 1).sum())
    assert f"gender female: {females:,} kept, {len(CSV) - females:,} dropped" in women.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(MAPPING.replace("女: 1", "Woman: 1"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "sunshine", "check-data", str(data), "--map", str(broken)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 1
    assert "gender (Q12) '2 (女)'" in bad.stdout and "the chapters would refuse this file" in bad.stdout
    assert sorted(os.listdir(data.parent)) == before


def test_the_mapping_is_a_chapter_parameter_and_is_recorded_in_the_manifest(tmp_path, labelled):
    data, mapping = labelled
    with pytest.raises(parameters.ParameterError, match="data_map"):
        parameters.validate(data_path=None, data_map=str(mapping))
    params = parameters.validate(data_path=str(data), data_map=str(mapping))
    chapters = rerun.resolve_chapters(["05"])
    plan = rerun.plan_rerun(chapters, {"data_path": str(data), "data_map": str(mapping)}, "mine",
                            runs_dir=tmp_path / "runs")
    assert plan.injected["05_who_migrates"]["data_map"] == str(mapping)
    assert not (tmp_path / "runs").exists(), "planning writes nothing"
    record = rerun._data_record(plan, tmp_path)
    assert record["map"]["sha256"] == load_mapping(mapping, NAMES).sha256
    assert record["sha256"] and record["synthetic"] is False
    from sunshine.data.sample import load_sample

    sample = load_sample(params)
    assert len(sample.data) == len(CSV) and "mapping" in sample.description
