"""Hostile input (issue 24): a mapping means one thing or is refused, reading is bounded, every refusal is named.

Each case feeds one bad mapping or data file, made here in ``tmp_path`` (no big
file is committed: the "bombs" are small files whose header, metadata or
compression promise far more), and asserts the refusal, its wording (the file,
the section or variable, the key) and that nothing was written or changed.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from sunshine.data import readers, sample, survey
from sunshine.data.check import check_data
from sunshine.data.examples import MAPPING, write_labelled_survey
from sunshine.data.mapping import MAX_MAPPING_BYTES, MappingError, load_mapping
from sunshine.paths import PROJECT_ROOT
from sunshine.runs import parameters, rerun

CSV = survey.load()
NAMES = [f["name"] for f in survey.codebook()]
LINES = survey.DEFAULT_FILE.read_text().splitlines()


def digest(folder: Path) -> str:
    """Names, sizes and contents of every file under ``folder``."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("labelled")
    data, _ = write_labelled_survey(CSV, folder / "survey.sav")
    return data


# (case, the mapping's edit (old, new) or a whole text, words the refusal must hold besides the file's name)
MEANS_TWO_THINGS = [
    ("code as a number and as a string", ("Q12: {男: 0, 女: 1}", 'Q12: {1: 0, 2: 1, "1": 1}'), ["codes: Q12", "1", "'1'"]),
    ("code by its label and by its number", ("Q12: {男: 0, 女: 1}", "Q12: {男: 0, 女: 1, 1: 1}"),
     ["codes: Q12", "'男'", "value label of code 1"]),
    ("a column feeding two variables", ("  training: TRAIN\n", "  training: Q12\n"), ["'Q12'", "'gender'", "'training'"]),
    ("a renamed column also summed", ("sum: [INC_WAGE, INC_OTHER]", "sum: [INC_WAGE, HHID]"),
     ["'HHID'", "'household_id'", "'income'"]),
    ("a missing range written as a list", ("NETINFO: [9]", "NETINFO: [9]\n  Q3: [[60, 110]]"),
     ["missing: Q3", "[60, 110]", "{low: 97, high: 99}"]),
    ("a missing range written as text", ("NETINFO: [9]", "NETINFO: [9]\n  Q3: [97-99]"),
     ["missing: Q3", "'97-99' is text that looks like a range", "[{low: 97, high: 99}]"]),
    ("a missing code given by its value label", ("NETINFO: [9]", "NETINFO: [不适用]"),
     ["missing: NETINFO", "'不适用' is not a number", "give its code, 9"]),
    ("every man a woman: gender renamed and derived", ("derived:", "derived:\n  gender: {value: 1}"),
     ["'gender'", "columns (Q12) and derived"]),
    ("a constant that is a list", ("derived:", "derived:\n  minority_county: {value: [0, 1]}"), None),
    ("overlapping prefixes", ('prefix: {"62": Gansu, "64": Ningxia}', 'prefix: {"6": Ningxia, "62": Gansu}'),
     ["derived: province: prefix", "'6'", "'62'"]),
    ("a mapped code declared missing", ("NETINFO: [9]", "NETINFO: [9]\n  Q12: [1]"), ["codes: Q12", "'男'", "declared missing (1"]),
    ("codes of a column no variable reads", ("TRAIN: {否: 0, 是: 1}", "TRAIN: {否: 0, 是: 1}\n  WORKSTAT: {1: 1, 2: 1, 3: 1}"),
     ["codes: WORKSTAT", "no variable reads"]),
    ("missing codes of a column not in the file", ("NETINFO: [9]", "NETINF: [9]"), ["missing", "'NETINF'", "match nothing"]),
    ("an unquoted yes", ("TRAIN: {否: 0, 是: 1}", "TRAIN: {no: 0, yes: 1}"), ["codes: TRAIN", "quote it"]),
    ("a sum naming a column twice", ("sum: [INC_WAGE, INC_OTHER]", "sum: [INC_WAGE, INC_WAGE]"),
     ["derived: income", "twice"]),
    ("a rule reading a list of columns", ("from: WORKSTAT", "from: [WORKSTAT]"), ["derived: migrated: from", "column name"]),
]


@pytest.mark.parametrize("case, edit, words", MEANS_TWO_THINGS, ids=[c[0] for c in MEANS_TWO_THINGS])
def test_a_mapping_that_means_two_things_is_refused_naming_file_and_key(tmp_path, labelled, case, edit, words):
    mapping = tmp_path / "mine.yaml"
    assert edit[0] in MAPPING
    mapping.write_text(MAPPING.replace(edit[0], edit[1]), encoding="utf-8")
    before = digest(tmp_path), digest(labelled.parent)
    with pytest.raises(survey.DataValidationError) as info:
        survey.load(labelled, mapping=mapping)
    message = str(info.value)
    assert str(mapping) in message and str(labelled) in message, message
    for word in words or []:
        assert word in message, message
    report = check_data(labelled, mapping)
    assert not report.ok and str(mapping) in report.text()
    assert (digest(tmp_path), digest(labelled.parent)) == before


def test_a_column_taken_under_its_own_name_cannot_feed_another_variable(tmp_path):
    data = tmp_path / "survey.csv"
    CSV.to_csv(data, index=False)
    mapping = tmp_path / "own.yaml"
    mapping.write_text("columns:\n  household_id: person_id\n", encoding="utf-8")
    with pytest.raises(survey.DataValidationError, match=r"own.yaml: column 'person_id' of the file feeds two "
                                                         r"variables, 'person_id' and 'household_id'"):
        survey.load(data, mapping=mapping)


def test_a_text_missing_code_is_refused_only_where_it_can_never_match(tmp_path):
    data = tmp_path / "survey.csv"
    CSV.to_csv(data, index=False)  # a CSV is read as text: "DK" may be a code of another wave
    mapping = tmp_path / "m.yaml"
    mapping.write_text("missing:\n  remittance: [-9, DK]\n", encoding="utf-8")
    assert len(survey.load(data, mapping=mapping)) == len(CSV)
    mapping.write_text("missing:\n  remittance: [99990-99999]\n", encoding="utf-8")
    with pytest.raises(survey.DataValidationError, match=r"remittance: '99990-99999' is text that looks like a range"):
        survey.load(data, mapping=mapping)
    parquet = tmp_path / "survey.parquet"  # stored as numbers: text can never match
    CSV.to_parquet(parquet)
    mapping.write_text("missing:\n  remittance: [DK]\n", encoding="utf-8")
    with pytest.raises(survey.DataValidationError, match=r"'DK' is not a number and column 'remittance' holds numbers"):
        survey.load(parquet, mapping=mapping)


def test_a_missing_range_is_written_low_high_and_honoured(tmp_path, labelled):
    mapping = tmp_path / "range.yaml"
    mapping.write_text(MAPPING.replace("NETINFO: [9]", "NETINFO: [9]\n  Q3: [{low: 60, high: 110}]")
                       + "drop_incomplete: true\n", encoding="utf-8")
    got = survey.load(labelled, mapping=mapping)
    assert len(got) == int((CSV["age"] < 60).sum()) and got["age"].max() < 60
    mapping.write_text(MAPPING.replace("NETINFO: [9]", "NETINFO: [9]\n  Q3: [{low: 60, high: 20}]"), encoding="utf-8")
    with pytest.raises(MappingError, match=r"missing: Q3: range .*low <= high"):
        load_mapping(mapping, NAMES)


BOUNDED_YAML = [
    ("an unhashable key", MAPPING.replace("Q12: {男: 0, 女: 1}", "Q12: {[1, 2]: 0}"), "line 14: the key [1, 2] is a list"),
    ("a recursive alias", "columns: &a {age: *a}\n", "recursive alias"),
    pytest.param("nesting 100,000 deep", "codes: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply",
                 marks=pytest.mark.slow, id="nesting 100,000 deep"),
    ("a billion laughs", "missing:\n  A: &A [x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"  {b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n" for a, b in zip("ABCDEFGH", "BCDEFGHI"))
     + "  Q3: *I\n", "once its aliases are expanded"),
    ("a Python object", "columns: !!python/object/apply:os.system [echo hacked]\n", "not valid YAML"),
    ("a key given twice", "columns:\n  age: Q3\n  age: Q4\n", "'age' is given twice (lines 2 and 3)"),
    ("a key given twice on one line", "columns: {age: Q3, age: Q4}\n", "'age' is given twice (both on line 1)"),
    ("too large", "# " + "x" * MAX_MAPPING_BYTES + "\n", f"more than the {MAX_MAPPING_BYTES:,}"),
]


@pytest.mark.parametrize("case, text, reason", BOUNDED_YAML,
                         ids=[getattr(c, "id", None) or c[0] for c in BOUNDED_YAML])
def test_the_mapping_is_read_through_the_bounded_yaml(tmp_path, case, text, reason):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as info:
        load_mapping(mapping, NAMES)
    assert str(info.value).startswith(f"{mapping}: ") and reason in str(info.value), str(info.value)


def test_a_mapping_not_in_utf8_is_named_with_its_line(tmp_path):
    mapping = tmp_path / "latin1.yaml"
    mapping.write_bytes(MAPPING.replace("男", "männlich").encode("latin-1", "replace"))
    with pytest.raises(MappingError, match=r"latin1.yaml: line 14: byte 0xe4 is not UTF-8 text"):
        load_mapping(mapping, NAMES)


def _forge(path: Path, offset: int, fmt: str, value: int) -> Path:
    raw = bytearray(path.read_bytes())
    struct.pack_into(fmt, raw, offset, value)
    forged = path.with_name("forged" + path.suffix)
    forged.write_bytes(bytes(raw))
    return forged


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_a_header_claiming_50_million_cases_is_refused_before_reading(tmp_path, monkeypatch, suffix):
    data, _ = write_labelled_survey(CSV, tmp_path / f"survey{suffix}")
    if suffix == ".sav":
        forged = _forge(data, 80, "<i", 50_000_000)  # the header's ncases field
    else:
        forged = _forge(data, data.read_bytes().index(b"<N>") + 3, "<Q", 50_000_000)
    calls = []
    name = "read_sav" if suffix == ".sav" else "read_dta"
    original = getattr(pyreadstat, name)
    monkeypatch.setattr(pyreadstat, name, lambda *a, **k: calls.append(k) or original(*a, **k))
    with pytest.raises(readers.UnreadableFile) as info:
        readers.read_table(forged)
    assert f"{forged}: its header claims 50,000,000 cases of 14 variables" in str(info.value)
    assert calls == [{"metadataonly": True}], "the data were read after the header"
    assert len(readers.read_table(data).frame) == len(CSV)


def test_a_sav_of_unknown_case_count_is_read_within_the_row_limit(tmp_path):
    data, _ = write_labelled_survey(CSV, tmp_path / "survey.sav")
    unknown = _forge(data, 80, "<i", -1)  # SPSS writes -1 when it does not know the count
    assert len(readers.read_table(unknown).frame) == len(CSV)


def test_parquet_metadata_are_checked_before_reading(tmp_path):
    rows = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"a": pa.array(np.ones(readers.MAX_ROWS + 1, dtype="int8"))}), rows)
    assert rows.stat().st_size < 100_000
    with pytest.raises(readers.UnreadableFile, match=r"rows.parquet: its metadata declare 1,000,001 rows, more than"):
        readers.read_table(rows)
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"a": pa.array([[1, 2]] * 3)}), nested)
    with pytest.raises(readers.UnreadableFile, match=r"nested.parquet: column 'a' holds lists or records"):
        readers.read_table(nested)


def test_parquet_columns_are_taken_as_stored(tmp_path):
    twice = tmp_path / "twice.parquet"
    pq.write_table(pa.table([pa.array([1]), pa.array([2])], names=["age", "age"]), twice)
    with pytest.raises(readers.UnreadableFile, match=r"twice.parquet: the column name 'age' is given twice"):
        readers.read_table(twice)
    indexed = tmp_path / "indexed.parquet"
    CSV.set_index("household_id").to_parquet(indexed)  # pandas stores the index as a column
    table = readers.read_table(indexed)
    assert "household_id" in table.frame.columns and table.frame.index.equals(pd.RangeIndex(len(CSV)))
    pd.testing.assert_frame_equal(survey.load(indexed), CSV)


def test_parquet_text_repeated_in_every_row_is_held_once(tmp_path):
    path = tmp_path / "survey.parquet"
    CSV.to_parquet(path, index=False)
    table = readers.read_table(path)
    assert table.frame["province"].dtype == object
    assert len({id(v) for v in table.frame["province"]}) == 2
    pd.testing.assert_frame_equal(survey.load(path), CSV)


def test_a_gzip_inflating_past_the_bounds_is_refused(tmp_path, monkeypatch):
    rows = tmp_path / "rows.csv.gz"
    with gzip.open(rows, "wb") as fh:
        fh.write(b"a,b\n" + b"1,2\n" * (readers.MAX_ROWS + 1))
    assert rows.stat().st_size < 100_000
    with pytest.raises(readers.UnreadableFile, match=r"rows.csv.gz: holds at least [\d,]+ rows, more than the 1,000,000"):
        readers.read_table(rows)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100_000)
    text = tmp_path / "text.csv.gz"
    with gzip.open(text, "wb") as fh:
        fh.write(b"a,b\n" + b"x" * 200_000 + b",1\n")
    with pytest.raises(readers.UnreadableFile, match=r"text.csv.gz: inflates to more than 100,000 bytes"):
        readers.read_table(text)


def test_a_csv_column_name_given_twice_is_refused_naming_both(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(LINES[0] + ",age\n" + "\n".join(line + ",99" for line in LINES[1:]) + "\n")
    for read in (readers.read_table, survey.load):
        with pytest.raises(ValueError, match=r"twice.csv: the column name 'age' is given twice \(columns 6 and 14\)"):
            read(path)
    assert "given twice" in check_data(path).text()


@pytest.mark.parametrize("value", ["inf", "-inf", "1e999"])
def test_an_infinite_number_is_refused_naming_column_and_row(tmp_path, value):
    cells = [line.split(",") for line in LINES]
    cells[5][10] = value
    for suffix in (".csv", ".csv.gz"):
        path = tmp_path / f"inf{suffix}"
        text = ("\n".join(",".join(r) for r in cells) + "\n").encode()
        path.write_bytes(gzip.compress(text) if suffix == ".csv.gz" else text)
        with pytest.raises(survey.DataValidationError) as info:
            survey.load(path)
        assert f"column 'income', row 5 (line 6), value '{value}': not a number: infinite" in str(info.value)


def test_reader_errors_name_the_file_and_format(tmp_path):
    truncated = tmp_path / "truncated.sav"
    truncated.write_bytes(b"$FL2" + b"\0" * 400)
    with pytest.raises(readers.UnreadableFile, match=r"truncated.sav: not a readable SPSS file: "):
        readers.read_table(truncated)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("province\nG\xe4nsu\n".encode("latin-1"))
    with pytest.raises(readers.UnreadableFile, match=r"latin.csv: not a readable CSV file: .*utf-8"):
        readers.read_table(latin)


@pytest.mark.slow
def test_check_data_refuses_a_bad_mapping_in_one_line_and_writes_nothing(tmp_path, labelled):
    mapping = tmp_path / "mine.yaml"
    mapping.write_text(MAPPING.replace("derived:", "derived:\n  gender: {value: 1}"), encoding="utf-8")
    before = digest(tmp_path), digest(labelled.parent)
    out = subprocess.run([sys.executable, "-m", "sunshine", "check-data", str(labelled), "--map", str(mapping)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr + out.stdout
    assert f"{mapping}: 'gender' is under both columns (Q12) and derived" in out.stdout
    assert (digest(tmp_path), digest(labelled.parent)) == before


@pytest.mark.parametrize("given, words", [
    ({"age_min": 105, "age_max": 110}, "persons of the file cmlrs_synthetic.csv (provinces ['Gansu', 'Ningxia'] keeps 2,351, "
                                      "age 105-110 keeps 0, gender all keeps 2,351)"),
    ({"age_min": 105, "age_max": 110, "data_path": None}, "the ages the generator draws (16-70)"),
])
def test_a_selection_that_keeps_nobody_is_refused_before_running(tmp_path, given, words):
    chapter = rerun.resolve_chapters(["05"])
    with pytest.raises(parameters.ParameterError) as info:
        rerun.plan_rerun(chapter, given, "nobody", runs_dir=tmp_path / "runs", root=PROJECT_ROOT)
    assert words in str(info.value) and "age" in str(info.value)
    assert not (tmp_path / "runs").exists()
    kept = sample.select(CSV, parameters.validate(data_path=None, age_min=30, age_max=30), "x")
    assert len(kept) == int((CSV["age"] == 30).sum()) > 0


@pytest.mark.slow
def test_check_data_refuses_a_selection_that_keeps_nobody():
    out = subprocess.run([sys.executable, "-m", "sunshine", "check-data", str(survey.DEFAULT_FILE),
                          "-p", "age_min", "105", "-p", "age_max", "110"], capture_output=True, text=True)
    assert out.returncode == 1, out.stdout
    assert "(selection): parameter 'provinces/age_min/age_max/gender'" in out.stdout
    assert "age 105-110 keeps 0" in out.stdout and "the chapters would refuse this file" in out.stdout


def _zigzag_varint(value: int) -> bytes:
    """``value`` as Thrift's compact protocol writes an i64 (zigzag, then base-128 varint)."""
    value, out = (value << 1) ^ (value >> 63), bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes(out + bytes([value]))


def test_parquet_metadata_that_understate_the_data_are_caught_while_reading(tmp_path, monkeypatch):
    """A footer whose row groups claim 1 byte each (total_byte_size forged) is still refused, by counting the data."""
    path = tmp_path / "forged.parquet"
    pq.write_table(pa.table({"a": pa.array(np.zeros(300_000, dtype="int64"))}), path, row_group_size=100_000, compression="zstd",
                   use_dictionary=False)
    declared = pq.ParquetFile(path).metadata.row_group(0).total_byte_size
    data = path.read_bytes()
    footer_length = struct.unpack("<i", data[-8:-4])[0]
    footer = data[-8 - footer_length:-8]
    real = _zigzag_varint(declared)
    # The same number of bytes, meaning 1: zigzag(1) = 2, padded with continuation bytes (valid for a varint reader).
    forged = bytes([0x82] + [0x80] * (len(real) - 2) + [0x00])
    # The row group's total_byte_size, and its column's total_uncompressed_size (the compressed size is kept).
    assert footer.count(real) == 6
    path.write_bytes(data[:-8 - footer_length] + footer.replace(real, forged) + data[-8:])
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).total_byte_size for i in range(3)] == [1, 1, 1]
    assert path.stat().st_size < 10_000
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1_000_000)  # the data hold 2.4 MB; the metadata claim 3 bytes
    with pytest.raises(readers.UnreadableFile, match=r"forged.parquet: holds at least 200,000 rows \([\d,]+ bytes\) "
                                                     r"where its metadata declare 300,000 rows \(3 bytes\).*forged metadata"):
        readers.read_table(path)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 3_000_000)
    assert len(readers.read_table(path).frame) == 300_000
