"""Chapter 6's audit: the small functions whose numbers and sentences the chapter glues.

Each sentence function is tested on both branches (a rerun can take either), and the
arithmetic against an independent computation: SciPy for Spearman's p-value, the
published cells for the star audit and the verdicts with and without the cell the
book reconstructs from an impossible print.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sunshine.data import published
from sunshine.report import audit, verdicts
from sunshine.report.chapter import Check
from sunshine.synth.targets import spearman_over_tau_bound


def _h(key: str) -> verdicts.Hypothesis:
    return next(h for h in verdicts.HYPOTHESES if h.key == key)


def _printed(key: str) -> list[verdicts.Evidence]:
    return verdicts.printed_evidence(_h(key), published.load_all())


def test_text_pair_reads_the_printed_b_and_r():
    st, mg = audit.text_pair("stayers"), audit.text_pair("migrants")
    assert (st["b"], st["r"], st["r_stars"]) == (-0.916, -0.925, 2)
    assert (mg["b"], mg["r"], mg["r_stars"]) == (-0.304, -0.406, 0)
    assert mg["b_printed"] == "b=-.304**"


@pytest.mark.parametrize("n", [3, 50, 700, 10_000])
def test_the_largest_rho_given_b_scales_the_bound_of_targets(n):
    ratio = spearman_over_tau_bound(n)
    assert audit.rho_max_given_tau(-0.304, ratio) == pytest.approx(0.304 * ratio, abs=1e-15)
    assert audit.rho_max_given_tau(0.95, 1.2) == 1.0


def test_the_migrants_printed_pair_cannot_go_together_at_any_n_if_r_is_spearman():
    # sqrt(3n / (2(n+1))) rises towards sqrt(3/2); even the limit allows less than the printed |r|
    mg = audit.text_pair("migrants")
    limit = math.sqrt(1.5) * abs(mg["b"])
    assert limit < abs(mg["r"])
    assert audit.together_phrase(mg["r"], limit) == "cannot go together"


def test_spearman_pvalue_is_scipys_t_approximation():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 2, 300)
    y = x * 0.3 + rng.normal(size=300)
    res = stats.spearmanr(x, y)  # SciPy: the same t statistic on n - 2 degrees of freedom
    assert audit.spearman_pvalue(float(res.statistic), 300) == pytest.approx(float(res.pvalue), rel=1e-10)
    assert math.isnan(audit.spearman_pvalue(0.5, 2))


@pytest.mark.parametrize("printed,bound,expected", [
    (-0.916, 0.30, "cannot be attained on these data"),
    (-0.304, 0.60, "could be attained on these data"),
])
def test_bound_phrase(printed, bound, expected):
    assert audit.bound_phrase(printed, bound) == expected


@pytest.mark.parametrize("r,r_max,expected", [(-0.406, 0.372, "cannot go together"),
                                               (-0.30, 0.372, "can go together")])
def test_together_phrase(r, r_max, expected):
    assert audit.together_phrase(r, r_max) == expected


def test_missing_stars_phrase_takes_both_branches():
    assert audit.missing_stars_phrase(1e-9, 0.01).startswith("although")
    assert "could be right" in audit.missing_stars_phrase(0.3, 0.01)


def test_star_audit_of_table2_unstarred_cells_fits_a_smaller_n_than_printed():
    t2 = published.load_table("table2")
    n_printed = int(t2["n_printed"].iloc[0])
    crit = audit.z_critical(0.01) * audit.null_se_no_ties(n_printed)
    cells = audit.unstarred_cells(t2, crit)
    # the two unstarred cells (.037 and .041) both exceed the threshold at n = 2,351 (about .035)
    assert sorted(cells["printed"]) == [".037", ".041"]
    assert cells["would_be_starred"].all()
    # at a few hundred migrants neither would
    small = audit.unstarred_cells(t2, audit.z_critical(0.01) * audit.null_se_no_ties(800))
    assert not small["would_be_starred"].any()
    assert audit.which_n_phrase(2, 0) == "fit the number of migrants and not the printed n"


@pytest.mark.parametrize("flips,expected", [((0, 0), "cannot tell"), ((0, 1), "fit the printed n"),
                                            ((2, 1), "fit neither n")])
def test_which_n_phrase_other_branches(flips, expected):
    assert expected in audit.which_n_phrase(*flips)


def test_h2_with_and_without_the_cell_read_from_an_impossible_print():
    ev = _printed("H2")
    with_all = verdicts.hypothesis_verdict("Hypothesis 2", ev)
    without = verdicts.hypothesis_verdict("Hypothesis 2", [e for e in ev if e.label != "education and income"])
    assert with_all.label == verdicts.MIXED
    assert without.label == verdicts.CONTRADICTED
    assert audit.lean(with_all) == "leans against it (one for, two against)"
    assert audit.lean(without) == "leans against it (none for, two against)"


def test_lean_towards_and_neither():
    assert audit.lean(verdicts.Verdict("supported", "", ("a", "b"), (), ())).startswith("leans towards it")
    assert audit.lean(verdicts.Verdict("not supported", "", (), (), ("a",))) == \
        "leans neither way (none for, none against)"


def test_printed_verdict_cell_says_when_the_paper_printed_no_number():
    h3 = _printed("H3")
    v3 = verdicts.hypothesis_verdict("Hypothesis 3", h3)
    cell = audit.printed_verdict_cell(Check(_h("H3"), v3, v3, tuple(h3), tuple(h3)))
    assert cell.startswith("no number printed")
    h2 = _printed("H2")
    v2 = verdicts.hypothesis_verdict("Hypothesis 2", h2)
    assert audit.printed_verdict_cell(Check(_h("H2"), v2, v2, tuple(h2), tuple(h2))).startswith("**mixed**")


def test_stars_n_sentence_agrees_only_when_both_variances_do():
    assert audit.stars_n_sentence((2, 0), (2, 0)).startswith("Both variances agree: the missing stars fit the number")
    split = audit.stars_n_sentence((2, 0), (0, 0))
    assert split.startswith("The two variances disagree") and "do not settle" in split
    assert audit.stars_n_sentence((0, 0), (0, 0)) == \
        "Both variances agree: the missing stars fit either n, so they cannot tell which n was used."


def test_star_audit_with_the_datas_ties_at_the_printed_n():
    """The ties version rescales the data's null SE: |tau / z| * sqrt(n / n_printed) (Kendall & Gibbons 1990, ch. 4)."""
    from sunshine import kendall

    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 5, 400), rng.integers(0, 2, 400)  # heavy ties, as in coded survey answers
    k = kendall.kendall_tau(x, y)
    au = audit.star_audit(0.05, 2351, x, y, 0.01)
    se0 = abs(k.tau / k.statistic) * math.sqrt(400 / 2351)
    assert au["tau_crit_ties"] == pytest.approx(audit.z_critical(0.01) * se0, rel=1e-12)
    assert au["significant"] == (0.05 > au["tau_crit_ties"])
