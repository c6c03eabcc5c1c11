"""The codebook table of chapter 4 is generated from data/cmlrs/datapackage.json and lists every field."""

from __future__ import annotations

import json
import re

import pytest

from sunshine.report.codebook_table import HEADER, allowed_values, codebook_rows, codebook_table
from sunshine.data.survey import DATAPACKAGE


def package_fields() -> list[dict]:
    return json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["resources"][0]["schema"]["fields"]


@pytest.fixture(scope="module")
def table() -> str:
    return codebook_table(caption="Codebook.", name="tbl-codebook")


def table_rows(text: str) -> list[list[str]]:
    """The rows of a rendered list-table, as lists of cell texts."""
    rows = []
    for line in text.splitlines():
        if line.startswith("* - "):
            rows.append([line[4:]])
        elif line.startswith("  - ") and rows:
            rows[-1].append(line[4:])
    return rows


def test_every_field_of_the_package_is_a_row_in_order(table: str):
    names = [f["name"] for f in package_fields()]
    rows = table_rows(table)
    assert rows[0] == HEADER
    listed = [re.match(r"`([^`]+)`", r[1]).group(1) for r in rows[1:]]
    assert listed == names
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(names) + 1)]
    assert all(len(r) == len(HEADER) for r in rows)


def test_directive_is_numbered_and_labelled(table: str):
    lines = table.splitlines()
    assert lines[0] == "```{list-table} Codebook."
    assert ":name: tbl-codebook" in lines and ":header-rows: 1" in lines
    assert lines[-1] == "```"


def test_gender_row_exactly(table: str):
    gender = next(r for r in table_rows(table) if r[1].startswith("`gender`"))
    field = next(f for f in package_fields() if f["name"] == "gender")
    assert gender[:6] == ["7", "`gender` (Gender)", "integer", "—", "0 = male; 1 = female", "Table I"]
    assert gender[6] == " ".join(field["coding_assumption"].split())


def test_income_row_exactly(table: str):
    income = next(r for r in table_rows(table) if r[1].startswith("`income`"))
    assert income[:6] == ["11", "`income` (Personal income)", "integer", "yuan per year", "≥ 0",
                          "Table II (migrants); text (stayers and migrants)"]
    # Markdown-active characters of the JSON text are escaped, not lost.
    assert "\\|tau\\_b\\| \\<= sqrt(2p(1-p))" in income[6]


def test_allowed_values_of_each_kind():
    fields = {f["name"]: f for f in package_fields()}
    assert allowed_values(fields["person_id"]) == "≥ 1; unique"
    assert allowed_values(fields["age"]) == "0 to 110"
    assert allowed_values(fields["distance_city_km"]) == "0 to 2,000"
    assert allowed_values(fields["province"]) == "Gansu; Ningxia"
    assert allowed_values(fields["remittance"]) == "≥ 0; may be missing (empty)"
    assert allowed_values(fields["network_job_info"]) == "0 = other source; 1 = personal network; may be missing (empty)"


def test_rows_follow_a_changed_codebook(tmp_path):
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"].append(
        {"name": "hukou_urban", "type": "integer", "title": "Urban hukou",
         "constraints": {"required": True, "enum": [0, 1]}})
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    rows = codebook_rows(path)
    assert rows[-1].variable == "hukou_urban" and rows[-1].allowed == "0; 1"
    assert rows[-1].role == "—" and rows[-1].assumption == "—"


def test_bad_label_is_refused():
    with pytest.raises(ValueError):
        codebook_table(caption="Codebook.", name="not a label")
