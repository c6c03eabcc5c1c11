"""Chapter parameters: one validation, clear messages naming parameter, value and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sunshine.runs.parameters import DEFAULTS, ParameterError, from_cell, validate
from sunshine.data.sample import load_sample

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_defaults_are_the_published_edition():
    params = validate(base=NOTEBOOKS)
    assert params.as_dict() == DEFAULTS
    assert params.provinces == ("Gansu", "Ningxia") and params.alpha_levels == {"**": 0.01}


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("provinces", ["Sichuan"], "non-empty list drawn from 'Gansu', 'Ningxia'"),
        ("provinces", [], "non-empty list"),
        ("age_min", -1, "whole number from 0 to 120"),
        ("age_max", 14.5, "whole number from 0 to 120"),
        ("gender", "other", "one of 'all', 'male', 'female'"),
        ("tau_variant", "a", "one of 'b', 'c'"),
        ("alpha_levels", {"**": 1.5}, "levels in (0, 1)"),
        ("alpha_levels", {"**": 0.01, "*": 0.01}, "distinct levels"),
        ("clustered", "yes", "True or False"),
        ("data_path", "no/such/file.csv", "an existing data file"),
        ("colour", "red", "one of the parameters"),
    ],
)
def test_bad_value_names_parameter_value_and_rule(name, value, expected):
    with pytest.raises(ParameterError) as info:
        validate(base=NOTEBOOKS, **{name: value})
    message = str(info.value)
    assert f"parameter {name!r}" in message and repr(value) in message and expected in message


def test_age_band_must_be_ordered():
    with pytest.raises(ParameterError, match=r"'age_max' = 14 .*at least age_min \(60\)"):
        validate(base=NOTEBOOKS, age_min=60, age_max=14)


def test_generator_settings_are_refused_on_a_file():
    with pytest.raises(ParameterError, match=r"'seed' = 7 .*unless data_path is None"):
        validate(base=NOTEBOOKS, seed=7)


def test_single_province_and_case_are_normalised():
    params = validate(base=NOTEBOOKS, provinces="gansu", gender="Female")
    assert params.provinces == ("Gansu",) and params.gender == "female"
    assert params.as_dict() != DEFAULTS


def test_sample_follows_the_parameters():
    full = load_sample(validate(base=NOTEBOOKS), base=NOTEBOOKS)
    assert full.synthetic and len(full.data) == 2351
    women = load_sample(validate(base=NOTEBOOKS, gender="female", provinces=["Ningxia"], age_min=20, age_max=40), base=NOTEBOOKS)
    assert set(women.data["gender"]) == {1} and set(women.data["province"]) == {"Ningxia"}
    assert women.data["age"].between(20, 40).all()
    expected = full.data[(full.data.gender == 1) & (full.data.province == "Ningxia") & full.data.age.between(20, 40)]
    assert len(women.data) == len(expected) > 0


def test_an_empty_selection_is_an_error_naming_the_parameters():
    with pytest.raises(ParameterError, match="age_min/age_max"):
        load_sample(validate(base=NOTEBOOKS, age_min=119, age_max=120), base=NOTEBOOKS)


@pytest.mark.slow
def test_generated_data_are_labelled_synthetic():
    params = validate(base=NOTEBOOKS, data_path=None, synthetic_mode="population", seed=3, sample_size=500)
    sample = load_sample(params)
    assert sample.synthetic and len(sample.data) == 500 and "seed 3" in sample.description


def test_every_default_is_validated():
    assert set(validate(base=NOTEBOOKS).as_dict()) == set(DEFAULTS)


def test_from_cell_reads_every_parameter_and_refuses_a_missing_one():
    namespace = dict(DEFAULTS, gender="female", unrelated_variable=42)
    assert from_cell(namespace, base=NOTEBOOKS).gender == "female"
    del namespace["clustered"]
    with pytest.raises(ParameterError, match="'clustered'.*parameters cell"):
        from_cell(namespace, base=NOTEBOOKS)
