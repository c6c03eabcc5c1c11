"""A small labelled survey file, as a researcher would hold it, made from the synthetic data.

:func:`labelled_survey` recodes a codebook frame as a typical SPSS or Stata extract (own names,
Chinese value labels, user-missing codes, derived variables); :data:`MAPPING` turns it back, giving
exactly the tables of the CSV it was made from (chapter 90 and the tests).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sunshine.files import atomic_write_text

__all__ = ["MAPPING", "VALUE_LABELS", "labelled_survey", "write_labelled_survey"]

NOT_APPLICABLE = {"REMIT": 99999, "NETINFO": 9}
"""Codes of "not applicable" (stayers): SPSS user-missing values in the ``.sav`` file."""

VALUE_LABELS = {
    "Q12": {1: "男", 2: "女"},
    "EDU": {1: "文盲或半文盲", 2: "小学", 3: "初中", 4: "高中或中专", 5: "大专及以上"},
    "WORKSTAT": {1: "外出务工", 2: "在家务农", 3: "本地非农就业"},
    "TRAIN": {0: "否", 1: "是"},
    "MINORITY": {0: "否", 1: "是"},
    "NETINFO": {0: "否", 1: "是", 9: "不适用"},
    "REMIT": {99999: "不适用"},
}
"""Value labels of the labelled file (Chinese, as in a CMLRS-like questionnaire)."""

MAPPING = """\
# How the labelled example file becomes the codebook (data/cmlrs/datapackage.json).
columns:                 # codebook variable: column of the file
  person_id: RESPID
  household_id: HHID
  minority_county: MINORITY
  distance_city_km: DIST
  age: Q3
  gender: Q12
  education: EDU
  training: TRAIN
  remittance: REMIT
  network_job_info: NETINFO
codes:                   # column: {code or value label: codebook code}
  Q12: {男: 0, 女: 1}
  EDU: {文盲或半文盲: 1, 小学: 2, 初中: 3, 高中或中专: 4, 大专及以上: 5}
  TRAIN: {否: 0, 是: 1}
missing:                 # column: codes that mean missing (SPSS user-missing values count too)
  NETINFO: [9]
derived:                 # codebook variable: how to make it
  migrated: {from: WORKSTAT, codes: {1: 1, 2: 0, 3: 0}}
  income: {sum: [INC_WAGE, INC_OTHER]}
  province: {from: COUNTY, prefix: {"62": Gansu, "64": Ningxia}}
"""
"""The mapping of the labelled file, as YAML."""


def labelled_survey(frame: pd.DataFrame) -> pd.DataFrame:
    """Recode a codebook frame into the labelled file's variables and codes."""
    migrant = frame["migrated"].to_numpy() == 1
    household = frame["household_id"].to_numpy()
    county_base = np.where(frame["province"].to_numpy() == "Gansu", 620000, 640000)
    income = frame["income"].to_numpy()
    wage = np.where(migrant, (income * 3) // 4, income // 3)
    return pd.DataFrame({
        "RESPID": frame["person_id"].to_numpy(),
        "HHID": household,
        "COUNTY": county_base + 100 + household % 37,
        "MINORITY": frame["minority_county"].to_numpy(),
        "DIST": frame["distance_city_km"].to_numpy(),
        "Q3": frame["age"].to_numpy(),
        "Q12": frame["gender"].to_numpy() + 1,
        "EDU": frame["education"].to_numpy(),
        "WORKSTAT": np.where(migrant, 1, np.where(household % 3 == 0, 3, 2)),
        "TRAIN": frame["training"].to_numpy(),
        "INC_WAGE": wage,
        "INC_OTHER": income - wage,
        "REMIT": frame["remittance"].fillna(NOT_APPLICABLE["REMIT"]).to_numpy(),
        "NETINFO": frame["network_job_info"].fillna(NOT_APPLICABLE["NETINFO"]).to_numpy(),
    }).astype("float64")


def write_labelled_survey(frame: pd.DataFrame, path: str | Path) -> tuple[Path, Path]:
    """Write the labelled file and its mapping (``<stem>.map.yaml``) beside it.

    Parameters
    ----------
    frame : DataFrame
        Data in the codebook's names and codes.
    path : path
        ``.sav`` (value labels, "not applicable" user-missing) or ``.dta`` (value labels, those
        remittances missing); other suffixes hold no labels: ValueError.

    Returns
    -------
    (Path, Path)
        The data file and the mapping file.
    """
    import pyreadstat

    path = Path(path)
    data = labelled_survey(frame)
    name = path.name.lower()
    if name.endswith(".sav"):
        ranges = {column: [code] for column, code in NOT_APPLICABLE.items()}
        pyreadstat.write_sav(data, str(path), variable_value_labels=VALUE_LABELS, missing_ranges=ranges)
    elif name.endswith(".dta"):
        data["REMIT"] = data["REMIT"].where(data["REMIT"] != NOT_APPLICABLE["REMIT"])
        labels = {k: v for k, v in VALUE_LABELS.items() if k != "REMIT"}
        pyreadstat.write_dta(data, str(path), variable_value_labels=labels, version=15)
    else:
        raise ValueError(f"{path}: the labelled example is written as .sav or .dta (files with value labels)")
    mapping = path.with_name(f"{path.name.split('.')[0]}.map.yaml")
    atomic_write_text(mapping, MAPPING)
    return path, mapping
