"""The verdict rules of sunshine.report.verdicts: pure functions from numbers to sentences."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sunshine.kendall.inference import two_sided_p
from sunshine import kendall
from sunshine.report import verdicts
from sunshine.report.verdicts import Evidence, hypothesis_verdict

ALPHA = 0.01


def ev(label, tau, significant, sign=1):
    """A record whose significance is given (the rule's second half is tested apart)."""
    return Evidence(label, tau, sign, significant)


def test_all_support_is_supported():
    v = hypothesis_verdict("H", [ev("a", 0.3, True), ev("b", -0.2, True, -1)])
    assert v.label == verdicts.SUPPORTED
    assert v.contradicts == () and "no evidence" not in v.sentence
    assert "**supported**" in v.sentence


def test_none_significant_is_not_supported():
    v = hypothesis_verdict("H", [ev("a", -0.3, False), ev("b", 0.01, False)])
    assert v.label == verdicts.NOT_SUPPORTED
    assert v.supports == () and v.contradicts == ()
    assert "(no evidence either way: a (" in v.sentence and ") and b (" in v.sentence


def test_only_contradictions_is_contradicted():
    v = hypothesis_verdict("H", [ev("a", -0.3, True), ev("b", 0.01, False)])
    assert v.label == verdicts.CONTRADICTED
    assert v.contradicts == ("a",) and v.supports == ()
    assert "opposite direction: a (" in v.sentence and "; no evidence either way: b (" in v.sentence


def test_support_and_contradiction_is_mixed_and_names_the_contradiction():
    # the paper's hypothesis 1 on Table I: training supports, education contradicts
    v = hypothesis_verdict("Hypothesis 1", [ev("education and migration", -0.203, True),
                                            ev("training and migration", 0.792, True)])
    assert v.label == verdicts.MIXED
    assert v.supports == ("training and migration",)
    assert v.contradicts == ("education and migration",)
    assert "−.203" in v.sentence and ".792" in v.sentence


def test_support_without_contradiction_is_partly_supported():
    v = hypothesis_verdict("H", [ev("a", 0.3, True), ev("b", -0.2, False)])
    assert v.label == verdicts.PARTLY
    assert v.supports == ("a",) and v.contradicts == ()
    assert "(for it: a (" in v.sentence and "; no evidence either way: b (" in v.sentence


@pytest.mark.parametrize(("statuses", "label"), [
    (["supports"], "supported"), (["supports", "no evidence"], "partly supported"),
    (["supports", "contradicts"], "mixed"), (["contradicts", "no evidence"], "contradicted"),
    (["no evidence", "no evidence"], "not supported"), (["contradicts"], "contradicted")])
def test_rule_label_covers_every_case(statuses, label):
    assert verdicts.rule_label(statuses) == label


def test_significance_of_a_recomputed_number_is_its_clustered_interval():
    z = 2.5758293035489  # z of .995: the 99 % interval at the .01 level
    assert Evidence.recomputed("a", 0.1, 0.1 / z * 1.001, 1, 0.01).status == verdicts.NO_EVIDENCE
    assert Evidence.recomputed("a", 0.1, 0.1 / z * 0.999, 1, 0.01).status == verdicts.SUPPORTS
    assert Evidence.recomputed("a", -0.1, 0.1 / z * 0.999, 1, 0.01).status == verdicts.CONTRADICTS
    assert Evidence.recomputed("a", 0.1, float("nan"), 1, 0.01).status == verdicts.NO_EVIDENCE
    assert Evidence.recomputed("a", 0.1, 0.01, 1, 0.01).basis.startswith("99% CI .074 to .126")


def test_significance_of_a_printed_number_is_its_stars():
    assert Evidence.printed("a", 0.143, 2, 2351, 1).status == verdicts.SUPPORTS
    assert Evidence.printed("a", -0.182, 2, 2351, 1).status == verdicts.CONTRADICTS
    assert Evidence.printed("a", 0.041, 0, 2351, 1).status == verdicts.NO_EVIDENCE
    assert Evidence.printed("a", 0.2, 1, 2351, 1).status == verdicts.NO_EVIDENCE  # one star < the .01 level
    assert Evidence.printed("a", float("nan"), 0, None, 1).status == verdicts.NO_EVIDENCE
    rec = Evidence.printed("a", 0.143, 2, 2351, 1, print_text="1.43**", reconstructed=True)
    assert "“1.43**”" in rec.text() and "n = 2,351" in rec.text()


def test_the_paper_h2_on_its_printed_numbers_is_mixed_resting_on_a_reconstruction():
    from sunshine.data import published
    h2 = next(h for h in verdicts.HYPOTHESES if h.key == "H2")
    v = hypothesis_verdict(h2.name, verdicts.printed_evidence(h2, published.load_all()))
    assert v.label == verdicts.MIXED
    assert v.supports == ("education and income",)
    assert set(v.contradicts) == {"training and income", "training and remittance"}
    assert any("1.43**" in r for r in v.reconstructions)


def test_the_paper_h1_and_h3_on_their_printed_numbers():
    from sunshine.data import published
    cells = published.load_all()
    h1, _, h3 = verdicts.HYPOTHESES
    assert hypothesis_verdict(h1.name, verdicts.printed_evidence(h1, cells)).label == verdicts.MIXED
    assert hypothesis_verdict(h3.name, verdicts.printed_evidence(h3, cells)).label == verdicts.NOT_SUPPORTED


def test_recomputed_evidence_follows_the_data():
    rng = np.random.default_rng(3)
    hh = np.repeat(np.arange(300), 3)
    train = rng.integers(0, 2, hh.size)
    df = pd.DataFrame({"household_id": hh, "training": train, "education": rng.integers(1, 6, hh.size),
                       "migrated": np.where(rng.random(hh.size) < 0.8, 1 - train, train)})  # reversed
    h1 = verdicts.HYPOTHESES[0]
    evs = verdicts.recomputed_evidence(h1, {"all": df}, 0.01,
                                       assumed={("all", "migrated", "training"): "a setting"})
    assert [e.status for e in evs] == [verdicts.NO_EVIDENCE, verdicts.CONTRADICTS]
    assert evs[1].reconstruction == "assumed: set by a setting"
    assert hypothesis_verdict(h1.name, evs).label == verdicts.CONTRADICTED


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        hypothesis_verdict("H", [])
    with pytest.raises(ValueError):
        Evidence.recomputed("a", 0.1, 0.01, 1, 1.5)
    with pytest.raises(ValueError):
        Evidence("a", 0.1, 0, True)
    with pytest.raises(ValueError):
        Evidence("a", 0.1, 1, True, source="guessed")


def test_compare_with_paper():
    v = hypothesis_verdict("H", [ev("a", 0.3, True)])
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
    assert two_sided_p(1.959963985, 1.0) == pytest.approx(0.05, abs=1e-9)
    assert math.isnan(two_sided_p(0.1, 0.0))
    assert verdicts.strictest_alpha({"**": 0.01, "*": 0.05}) == 0.01


def test_cluster_pvalues_match_the_wald_formula():
    rng = np.random.default_rng(1)
    hh = np.repeat(np.arange(60), 4)
    x = rng.integers(0, 2, hh.size) + rng.normal(size=60)[hh]
    df = pd.DataFrame({"x": x, "y": x + rng.normal(size=hh.size), "z": rng.normal(size=hh.size), "hh": hh})
    res = kendall.kendall_matrix(df, ["x", "y", "z"], cluster="hh")
    p = verdicts.cluster_pvalues(res)
    expected = two_sided_p(res.tau.loc["x", "z"], res.se_cluster.loc["x", "z"])
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
    # what synthetic data mean is not said of a user's own file
    assert "careful" not in prose.data_note(Sample(frame, False, "the file mine.csv", None, P), consequence="So be careful.")


def test_similar_rates_check_on_a_one_gender_sample():
    holds, text = verdicts.similar_rates_check(float("nan"), 0.23, "women", "men", float("nan"), float("nan"), ALPHA)
    assert not holds and "no women" in text and "nan" not in text.lower()
