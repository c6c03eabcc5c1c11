"""The verdict rules of sunshine.report.verdicts: pure functions from numbers to sentences."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sunshine import kendall
from sunshine.report import verdicts
from sunshine.report.verdicts import Evidence, hypothesis_verdict

ALPHA = 0.01


def ev(label, tau, p, sign=1):
    return Evidence(label, tau, p, sign)


def test_all_agree_is_supported():
    v = hypothesis_verdict("H", [ev("a", 0.3, 1e-9), ev("b", -0.2, 1e-5, -1)], ALPHA)
    assert v.label == verdicts.SUPPORTED
    assert v.contradict == () and v.not_significant == ()
    assert "**supported**" in v.sentence


def test_none_agree_is_not_supported():
    v = hypothesis_verdict("H", [ev("a", -0.3, 1e-9), ev("b", 0.01, 0.6)], ALPHA)
    assert v.label == verdicts.NOT_SUPPORTED
    assert v.contradict == ("a",) and v.not_significant == ("b",)
    assert "opposite direction" in v.sentence and "not significant" in v.sentence


def test_mixed_is_partly_supported_and_names_the_contradiction():
    # the paper's hypothesis 1 on Table I: training agrees, education contradicts
    v = hypothesis_verdict("Hypothesis 1", [ev("education and migration", -0.203, 1e-26),
                                            ev("training and migration", 0.792, 1e-300)], ALPHA)
    assert v.label == verdicts.PARTLY
    assert v.agree == ("training and migration",)
    assert v.contradict == ("education and migration",)
    assert "−.203" in v.sentence and ".792" in v.sentence


def test_significance_is_strict_at_the_level():
    assert ev("a", 0.1, 0.01).status(0.01) == "not significant"
    assert ev("a", 0.1, 0.0099).status(0.01) == "agrees"
    assert ev("a", 0.1, float("nan")).status(0.01) == "not significant"


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        hypothesis_verdict("H", [], ALPHA)
    with pytest.raises(ValueError):
        hypothesis_verdict("H", [ev("a", 0.1, 0.001)], 1.5)
    with pytest.raises(ValueError):
        Evidence("a", 0.1, 0.001, expected_sign=0)


def test_compare_with_paper():
    v = hypothesis_verdict("H", [ev("a", 0.3, 1e-9)], ALPHA)
    assert verdicts.compare_with_paper(v, verdicts.SUPPORTED, "x").startswith("This agrees")
    assert "instead" in verdicts.compare_with_paper(v, verdicts.NOT_SUPPORTED, "x")
    with pytest.raises(ValueError):
        verdicts.compare_with_paper(v, "maybe", "x")


def test_no_association_check():
    holds, text = verdicts.no_association_check("distance and migration", -0.02, 0.17, ALPHA)
    assert holds and "holds" in text
    holds, text = verdicts.no_association_check("distance and migration", -0.2, 1e-8, ALPHA)
    assert not holds and "negative" in text


def test_similar_rates_check():
    holds, text = verdicts.similar_rates_check(0.38, 0.23, "women", "men", 0.167, 1e-15, ALPHA)
    assert not holds and "38%" in text and "23%" in text
    holds, _ = verdicts.similar_rates_check(0.30, 0.29, "women", "men", 0.01, 0.6, ALPHA)
    assert holds


@pytest.mark.parametrize(("value", "text"), [(0.792, ".792"), (-0.304, "−.304"), (-0.0001, ".000"),
                                             (float("nan"), "not computable")])
def test_format_tau(value, text):
    assert verdicts.format_tau(value) == text


@pytest.mark.parametrize(("p", "text"), [(0.0344, "p = .034"), (0.5, "p = .5"), (0.0004, "p < .001"),
                                         (3.2e-22, "p ≈ 3 × 10⁻²²"), (float("nan"), "p not computable")])
def test_format_p(p, text):
    assert verdicts.format_p(p) == text


def test_two_sided_p():
    assert verdicts.two_sided_p(1.959963985, 1.0) == pytest.approx(0.05, abs=1e-9)
    assert math.isnan(verdicts.two_sided_p(0.1, 0.0))
    assert verdicts.strictest_alpha({"**": 0.01, "*": 0.05}) == 0.01


def test_cluster_pvalues_match_the_wald_formula():
    rng = np.random.default_rng(1)
    hh = np.repeat(np.arange(60), 4)
    x = rng.integers(0, 2, hh.size) + rng.normal(size=60)[hh]
    df = pd.DataFrame({"x": x, "y": x + rng.normal(size=hh.size), "z": rng.normal(size=hh.size), "hh": hh})
    res = kendall.kendall_matrix(df, ["x", "y", "z"], cluster="hh")
    p = verdicts.cluster_pvalues(res)
    expected = verdicts.two_sided_p(res.tau.loc["x", "z"], res.se_cluster.loc["x", "z"])
    assert p.loc["x", "z"] == pytest.approx(expected)
    assert np.isnan(p.loc["x", "x"])
    sig = verdicts.with_cluster_pvalues(res, True)
    assert sig.pvalue.loc["x", "z"] == pytest.approx(expected)
    assert verdicts.with_cluster_pvalues(res, False) is res
    with pytest.raises(ValueError):
        verdicts.cluster_pvalues(kendall.kendall_matrix(df, ["x", "y"]))


def test_format_p_carries_a_rounded_mantissa():
    assert verdicts.format_p(9.7e-161) == "p ≈ 1 × 10⁻¹⁶⁰"


def test_data_note_follows_the_sample():
    from sunshine.report import prose
    from sunshine.runs.parameters import validate
    from sunshine.data.sample import Sample

    frame = pd.DataFrame({"household_id": [1, 1, 2], "migrated": [0, 1, 0]})
    P = validate(data_path=None)
    synthetic = prose.data_note(Sample(frame, True, "the file x.csv", None, P))
    assert "synthetic" in synthetic and "x.csv" in synthetic and "{admonition}" in synthetic
    own = prose.data_note(Sample(frame, False, "the file mine.csv", None, P))
    assert "your data file, the file mine.csv" in own and "synthetic data from" not in own
    with_consequence = prose.data_note(Sample(frame, True, "the file x.csv", None, P), consequence="So be careful.")
    assert "could. So be careful. See {doc}`../book/about_data`" in with_consequence


def test_similar_rates_check_on_a_one_gender_sample():
    holds, text = verdicts.similar_rates_check(float("nan"), 0.23, "women", "men", float("nan"), float("nan"), ALPHA)
    assert not holds and "no women" in text and "nan" not in text.lower()
