"""Tests of sunshine.kendall: Kendall's tau-b / tau-c, p-values, ASE1, clusters.

Reference values come from outside the project, each with its source:

* R ``cor.test(..., method = "kendall", exact = FALSE)`` output, as recorded
  in SciPy's test suite (scipy/stats/tests/test_stats.py, ``test_kendalltau``,
  comment "Cross-check with R").
* SciPy's own test values for tau-b and tau-c (same test).
* PSPP's test suite, tests/language/commands/crosstabs.at (CROSSTABS
  /STATISTICS=BTAU CTAU, "Symmetric Measures" table: Value and Asymp. Std.
  Error), which checks PSPP against the published examples named there.

Where no published number exists (per-observation counts, the ASE formula in
its textbook cell form, cluster sums) the test derives the value by a
different, transparent O(n^2) method from the definitions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as sps

from sunshine.kendall.counts import pair_units, rank_column
from sunshine.kendall import (
    ColumnNotFoundError,
    KendallResult,
    MissingClusterError,
    NonNumericColumnError,
    kendall_matrix,
    kendall_tau,
)


def cells(*triples):
    """(x, y, count) triples of a weighted contingency table -> x, y, weights."""
    x, y, w = zip(*triples)
    return np.array(x, float), np.array(y, float), np.array(w)


# ---------------------------------------------------------------------------
# published reference values
# ---------------------------------------------------------------------------

def test_r_cor_test_with_ties():
    # R: cor.test(c(12,2,1,12,2), c(1,4,7,1,0), method="kendall", exact=FALSE)
    #    tau = -0.47140452079103173, p-value = 0.28274545993277478
    # (recorded in SciPy's test_stats.py::test_kendalltau, "Cross-check with R")
    res = kendall_tau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])
    assert res.tau == pytest.approx(-0.47140452079103173, rel=1e-12)
    assert res.pvalue == pytest.approx(0.28274545993277478, rel=1e-12)
    assert res.n == 5


def test_scipy_reference_tau_b_and_tau_c_with_ties():
    # SciPy test_stats.py::test_kendalltau: tau-b 0.85895569, tau-c 0.825
    x = [1, 2, 2, 4, 4, 6, 6, 8, 9, 9]
    y = [1, 2, 4, 4, 4, 4, 8, 8, 8, 10]
    assert kendall_tau(x, y).tau == pytest.approx(0.85895569, rel=1e-7)
    assert kendall_tau(x, y, variant="c").tau == pytest.approx(0.825, rel=1e-12)


def test_scipy_reference_larger_sample():
    # SciPy test_stats.py::test_kendalltau, "check with larger arrays":
    # expected (0.19291382765531062, 1.1337095377742629e-10)
    np.random.seed(7546)
    x = np.array([np.random.normal(loc=1, scale=1, size=500),
                  np.random.normal(loc=1, scale=1, size=500)])
    corr = [[1.0, 0.3], [0.3, 1.0]]
    x = np.dot(np.linalg.cholesky(corr), x)
    res = kendall_tau(x[0], x[1])
    assert res.tau == pytest.approx(0.19291382765531062, rel=1e-12)
    assert res.pvalue == pytest.approx(1.1337095377742629e-10, rel=1e-6)


# PSPP tests/language/commands/crosstabs.at, printed (Value, Asymp. Std. Error)
PSPP_CASES = [
    # "CROSSTABS Somers' D, Tau-B, Tau-C, Gamma - 2" (from uregina.ca/~gingrich/gamma.pdf),
    # SET FORMAT F8.3: tau-b .372 (.033), tau-c .310 (.029), n = 687
    pytest.param(cells((1, 1, 34), (1, 2, 24), (1, 3, 15), (2, 1, 42), (2, 2, 74),
                       (2, 3, 67), (3, 1, 28), (3, 2, 111), (3, 3, 292)),
                 {"b": (.372, .033), "c": (.310, .029)}, 3, id="gingrich-3x3"),
    # "CROSSTABS many statistics" (ncsu st744 table 3.9), SET FORMAT F8.4:
    # tau-b .2752 (.0856), tau-c .1497 (.0751), n = 66
    pytest.param(cells((1, 1, 25), (1, 2, 25), (1, 3, 12), (2, 2, 1), (2, 3, 3)),
                 {"b": (.2752, .0856), "c": (.1497, .0751)}, 4, id="ncsu-2x3"),
    # "Somers' D, Tau-B, Tau-C, Gamma - 3", IUP case 4: tau-b .972 (.007)
    pytest.param(cells((1, 1, 20), (1, 2, 20), (2, 3, 80), (3, 4, 30)),
                 {"b": (.972, .007)}, 3, id="iup-case4"),
    # same, IUP case 6: tau-b -.208 (.078), n = 148
    pytest.param(cells((1, 1, 3), (1, 2, 6), (1, 3, 28), (1, 4, 61), (2, 1, 4), (2, 2, 5),
                       (2, 3, 21), (2, 4, 20)),
                 {"b": (-.208, .078)}, 3, id="iup-case6"),
    # same, IUP case 8: tau-b .209 (.062), n = 212
    pytest.param(cells((1, 1, 2), (1, 2, 3), (1, 3, 5), (1, 4, 1), (2, 1, 2), (2, 2, 16),
                       (2, 3, 3), (2, 4, 6), (3, 1, 3), (3, 2, 10), (3, 3, 35), (3, 4, 27),
                       (4, 1, 6), (4, 2, 15), (4, 3, 33), (4, 4, 45)),
                 {"b": (.209, .062)}, 3, id="iup-case8"),
    # "3-way CROSSTABS", layer z = 2 (x = 2, 4, 6, 9 with y = 2, 1, 1, 1), F8.2:
    # tau-b -.71 (.20), tau-c -.75 (.43)
    pytest.param(cells((2, 2, 1), (4, 1, 1), (6, 1, 1), (9, 1, 1)),
                 {"b": (-.71, .20), "c": (-.75, .43)}, 2, id="3way-layer2"),
    # same, layer z = 1 (x = 1, 3, 5, 7, 8 with y = 1, 1, 2, 1, 1): tau-b .00 (.32), tau-c .00 (.32)
    pytest.param(cells((1, 1, 1), (3, 1, 1), (5, 2, 1), (7, 1, 1), (8, 1, 1)),
                 {"b": (.00, .32), "c": (.00, .32)}, 2, id="3way-layer1"),
]


@pytest.mark.parametrize("table, expected, decimals", PSPP_CASES)
def test_pspp_crosstabs_tau_and_ase1(table, expected, decimals):
    x, y, w = table
    tol = 0.5 * 10 ** -decimals + 1e-12
    for variant, (value, ase) in expected.items():
        res = kendall_tau(x, y, weights=w, variant=variant)
        assert res.n == w.sum()
        assert abs(res.tau - value) <= tol, (variant, res.tau)
        assert abs(res.ase - ase) <= tol, (variant, res.ase)


def test_weights_equal_repeated_rows():
    x, y, w = PSPP_CASES[0].values[0]
    a = kendall_tau(x, y, weights=w)
    b = kendall_tau(np.repeat(x, w), np.repeat(y, w))
    assert (a.tau, a.pvalue, a.n, a.ase, a.ci) == (b.tau, b.pvalue, b.n, b.ase, b.ci)


# ---------------------------------------------------------------------------
# independent derivations from the definitions
# ---------------------------------------------------------------------------

def brute_force(x, y):
    """Textbook definitions by O(n^2) pair enumeration (complete cases)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    ok = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[ok], y[ok]
    n = x.size
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    s_i = (sx * sy).sum(axis=1)              # C_i - D_i
    S = s_i.sum() / 2
    n0 = n * (n - 1) / 2
    tx = ((sx == 0).sum() - n) / 2             # tied pairs in x
    ty = ((sy == 0).sum() - n) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        tau_b = S / np.sqrt((n0 - tx) * (n0 - ty))
    # SPSS CROSSTABS ASE1 for tau-b in its cell form (here: one "cell" per case)
    r = (sx == 0).sum(axis=1)
    c = (sy == 0).sum(axis=1)
    Dr, Dc = n * n - r.sum(), n * n - c.sum()
    v = r * Dc + c * Dr
    inner = np.sum((2 * np.sqrt(Dr * Dc) * s_i + tau_b * v) ** 2) - n ** 3 * tau_b ** 2 * (Dr + Dc) ** 2
    ase = np.sqrt(inner) / (Dr * Dc)
    return dict(n=n, S=S, tau_b=tau_b, ase=ase, s_i=s_i, r=r, c=c)


def test_ase1_matches_spss_cell_formula_by_brute_force():
    rng = np.random.default_rng(11)
    x = rng.integers(0, 4, 80).astype(float)
    y = (x + rng.integers(0, 3, 80)).astype(float)
    x[:6] = np.nan
    y[70:73] = np.nan
    ref = brute_force(x, y)
    res = kendall_tau(x, y)
    assert res.n == ref["n"]
    assert res.tau == pytest.approx(ref["tau_b"], rel=1e-12)
    assert res.ase == pytest.approx(ref["ase"], rel=1e-9)


@pytest.mark.parametrize("method", ["table", "fenwick", "merge"])
def test_per_case_counts_match_definition(method):
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(2, 50))
        x = rng.integers(0, int(rng.integers(1, 9)), n).astype(float)
        y = rng.normal(size=n).round(int(rng.integers(0, 2)))
        x[rng.random(n) < 0.1] = np.nan
        y[rng.random(n) < 0.1] = np.nan
        ok = ~np.isnan(x) & ~np.isnan(y)
        ref = brute_force(x, y)
        u = pair_units(rank_column(x), rank_column(y), with_rows=True, method=method)
        unit = u.row_unit[ok]
        assert np.all(u.row_unit[~ok] == -1)
        np.testing.assert_array_equal(u.s[unit], ref["s_i"])
        np.testing.assert_array_equal(u.r[unit], ref["r"])
        np.testing.assert_array_equal(u.c[unit], ref["c"])


def test_fenwick_path_on_many_distinct_values_equals_table_path():
    rng = np.random.default_rng(8)
    x = rng.normal(size=3000)
    y = x + rng.normal(size=3000)
    y[::7] = np.round(y[::7])                 # some ties
    x[::13] = np.nan
    a = pair_units(rank_column(x), rank_column(y), method="table")
    b = pair_units(rank_column(x), rank_column(y), method="fenwick")
    assert int(np.dot(a.weight, a.s)) == int(np.dot(b.weight, b.s))
    assert np.dot(a.weight, a.s.astype(float) ** 2) == np.dot(b.weight, b.s.astype(float) ** 2)
    res = sps.kendalltau(x, y, nan_policy="omit")
    assert kendall_tau(x, y).tau == pytest.approx(res.statistic, rel=1e-12)


def test_matrix_agrees_with_scipy_pair_by_pair_with_ties_and_nans():
    rng = np.random.default_rng(2010)
    n = 500
    base = rng.normal(size=n)
    df = pd.DataFrame({
        "binary": (base + rng.normal(size=n) > 0).astype(float),
        "ordinal": np.clip(np.round(base + rng.normal(size=n)), -2, 2),
        "continuous": base + rng.normal(size=n),
        "coarse": np.round(2 * base + rng.normal(size=n)),
    })
    for col in df:
        df.loc[rng.random(n) < 0.05, col] = np.nan
    res = kendall_matrix(df)
    res_c = kendall_matrix(df, variant="c")
    for a in df:
        for b in df:
            if a == b:
                continue
            ok = df[a].notna() & df[b].notna()
            for variant in ("b", "c"):
                ref = sps.kendalltau(df.loc[ok, a], df.loc[ok, b], variant=variant,
                                     method="asymptotic")
                r = res if variant == "b" else res_c
                assert r.tau.loc[a, b] == pytest.approx(ref.statistic, rel=1e-12, abs=1e-15)
                assert r.pvalue.loc[a, b] == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)
            assert res.n.loc[a, b] == ok.sum()


# ---------------------------------------------------------------------------
# matrix structure, missing values
# ---------------------------------------------------------------------------

@pytest.fixture
def survey():
    rng = np.random.default_rng(42)
    n = 400
    age = rng.integers(16, 60, n).astype(float)
    edu = np.clip(np.round((60 - age) / 12 + rng.normal(size=n)), 0, 4)
    mig = (rng.random(n) < 0.3 + 0.05 * edu).astype(float)
    hh = np.repeat(np.arange(n // 4), 4)
    edu[rng.random(n) < 0.05] = np.nan
    mig[rng.random(n) < 0.03] = np.nan
    return pd.DataFrame({"age": age, "edu": edu, "mig": mig, "hh": hh})


def test_matrix_shape_labels_diagonal(survey):
    res = kendall_matrix(survey, ["age", "edu", "mig"])
    assert isinstance(res, KendallResult)
    for frame in (res.tau, res.pvalue, res.n, res.ase, res.ci_low, res.ci_high, res.statistic):
        assert list(frame.index) == ["age", "edu", "mig"]
        assert list(frame.columns) == ["age", "edu", "mig"]
        np.testing.assert_array_equal(frame.to_numpy(), frame.to_numpy().T)
    np.testing.assert_array_equal(np.diag(res.tau), [1.0, 1.0, 1.0])
    assert np.isnan(np.diag(res.pvalue)).all()
    np.testing.assert_array_equal(np.diag(res.n), survey[["age", "edu", "mig"]].notna().sum())
    assert res.se_cluster is None and res.n_clusters is None


def test_default_columns_exclude_cluster(survey):
    res = kendall_matrix(survey, cluster="hh")
    assert res.columns == ["age", "edu", "mig"]
    assert res.cluster == "hh"


def test_pairwise_n_and_listwise(survey):
    cols = ["age", "edu", "mig"]
    pw = kendall_matrix(survey, cols)
    assert pw.n.loc["edu", "mig"] == (survey.edu.notna() & survey.mig.notna()).sum()
    assert pw.n.loc["age", "edu"] == survey.edu.notna().sum()
    lw = kendall_matrix(survey, cols, missing="listwise")
    complete = survey[cols].dropna()
    assert (lw.n.to_numpy() == len(complete)).all()
    ref = kendall_matrix(complete, cols)
    pd.testing.assert_frame_equal(lw.tau, ref.tau)
    pd.testing.assert_frame_equal(lw.pvalue, ref.pvalue)
    assert lw.tau.loc["age", "edu"] != pw.tau.loc["age", "edu"]


def test_confidence_interval_is_wald_with_ase1(survey):
    res = kendall_matrix(survey, ["age", "edu"], confidence=0.90)
    tau, ase = res.tau.loc["age", "edu"], res.ase.loc["age", "edu"]
    z = sps.norm.ppf(0.95)
    assert res.ci_low.loc["age", "edu"] == pytest.approx(tau - z * ase)
    assert res.ci_high.loc["age", "edu"] == pytest.approx(tau + z * ase)


def test_nullable_boolean_and_ordered_categorical_columns():
    df = pd.DataFrame({
        "a": pd.array([1, 2, None, 4, 5, 6], dtype="Int64"),
        "b": pd.array([True, False, True, None, True, True], dtype="boolean"),
        "c": pd.Categorical(["low", "high", "mid", "mid", None, "high"],
                            categories=["low", "mid", "high"], ordered=True),
    })
    res = kendall_matrix(df)
    codes = pd.Series([0, 2, 1, 1, np.nan, 2])
    a = pd.Series([1, 2, np.nan, 4, 5, 6])
    ok = a.notna() & codes.notna()
    assert res.tau.loc["a", "c"] == pytest.approx(sps.kendalltau(a[ok], codes[ok]).statistic)
    assert res.n.loc["a", "b"] == 4


def test_determinism(survey):
    a = kendall_matrix(survey, cluster="hh")
    b = kendall_matrix(survey, cluster="hh")
    for field in ("tau", "pvalue", "n", "ase", "se_cluster", "ci_cluster_low"):
        pd.testing.assert_frame_equal(getattr(a, field), getattr(b, field))


# ---------------------------------------------------------------------------
# cluster-robust standard errors
# ---------------------------------------------------------------------------

def test_singleton_clusters_reproduce_ase1(survey):
    df = survey.assign(id=np.arange(len(survey)))
    res = kendall_matrix(df, ["age", "edu", "mig"], cluster="id")
    n = res.n.to_numpy().astype(float)
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(res.se_cluster.to_numpy()[off],
                               (res.ase.to_numpy() * np.sqrt(n / (n - 1)))[off], rtol=1e-12)
    np.testing.assert_array_equal(res.n_clusters.to_numpy(), res.n.to_numpy())


def test_duplicated_cases_in_one_cluster_do_not_add_precision():
    # Each case entered twice, both copies in one cluster: tau-b is unchanged,
    # the naive ASE1 shrinks by sqrt(2), the cluster-robust SE equals the ASE1
    # of the original data (times sqrt(n/(n-1))). Exact, from the definitions:
    # s_i, r_i, c_i and D_r, D_c double / quadruple, so psi_i halves.
    rng = np.random.default_rng(3)
    x = rng.integers(0, 5, 120).astype(float)
    y = (x + rng.integers(0, 4, 120)).astype(float)
    once = kendall_tau(x, y)
    twice = kendall_tau(np.repeat(x, 2), np.repeat(y, 2), cluster=np.repeat(np.arange(120), 2))
    assert twice.tau == pytest.approx(once.tau, rel=1e-12)
    assert twice.ase == pytest.approx(once.ase / np.sqrt(2), rel=1e-9)
    assert twice.se_cluster == pytest.approx(once.ase * np.sqrt(120 / 119), rel=1e-9)
    assert twice.n_clusters == 120


def test_cluster_se_matches_influence_sums_by_brute_force():
    rng = np.random.default_rng(17)
    g = np.repeat(np.arange(30), rng.integers(1, 5, 30))
    n = g.size
    u = rng.normal(size=30)[g]                 # shared household effect
    x = np.round(u + rng.normal(size=n))
    y = np.round(u + 0.5 * x + rng.normal(size=n))
    ref = brute_force(x, y)
    n_ = ref["n"]
    Dr, Dc = n_ ** 2 - ref["r"].sum(), n_ ** 2 - ref["c"].sum()
    a = 2 * np.sqrt(Dr * Dc) * ref["s_i"] + ref["tau_b"] * (ref["r"] * Dc + ref["c"] * Dr)
    psi = (a - a.mean()) / (Dr * Dc)
    totals = np.array([psi[g == k].sum() for k in range(30)])
    expected = np.sqrt(30 / 29 * np.sum(totals ** 2))
    res = kendall_tau(x, y, cluster=g)
    assert res.se_cluster == pytest.approx(expected, rel=1e-9)
    lo, hi = res.ci_cluster
    z = sps.norm.ppf(0.975)
    assert lo == pytest.approx(max(-1, res.tau - z * expected))
    assert hi == pytest.approx(min(1, res.tau + z * expected))


def test_cluster_se_tau_c_singletons():
    x, y, w = PSPP_CASES[0].values[0]
    xs, ys = np.repeat(x, w), np.repeat(y, w)
    res = kendall_tau(xs, ys, variant="c", cluster=np.arange(xs.size))
    assert res.se_cluster == pytest.approx(res.ase * np.sqrt(xs.size / (xs.size - 1)), rel=1e-12)


# ---------------------------------------------------------------------------
# degenerate input and errors
# ---------------------------------------------------------------------------

def test_constant_and_all_missing_columns_give_nan_with_reason():
    df = pd.DataFrame({"x": [1.0, 2, 3, 4], "const": [5.0, 5, 5, 5],
                       "empty": [np.nan] * 4, "y": [2.0, 1, 4, 3]})
    res = kendall_matrix(df)
    assert np.isnan(res.tau.loc["x", "const"]) and np.isnan(res.pvalue.loc["x", "const"])
    assert np.isnan(res.tau.loc["const", "const"])
    assert "constant" in res.notes["const"]
    assert "'const'" in res.notes[("x", "const")]
    assert np.isnan(res.tau.loc["empty", "y"])
    assert res.n.loc["empty", "y"] == 0
    assert "no valid values" in res.notes["empty"]
    assert "fewer than 2 cases" in res.pair("y", "empty").reason
    assert res.tau.loc["x", "y"] == pytest.approx(sps.kendalltau(df.x, df.y).statistic)


def test_non_numeric_column_error_names_it():
    df = pd.DataFrame({"x": [1, 2, 3], "province": ["Gansu", "Ningxia", "Gansu"]})
    with pytest.raises(NonNumericColumnError, match="province"):
        kendall_matrix(df)
    with pytest.raises(TypeError, match="unordered categorical"):
        kendall_matrix(df.assign(province=df.province.astype("category")))


def test_unknown_column_error_names_it():
    df = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    with pytest.raises(ColumnNotFoundError, match="income"):
        kendall_matrix(df, ["x", "income"])
    with pytest.raises(KeyError, match="household"):
        kendall_matrix(df, cluster="household")


def test_cluster_with_missing_ids_error_names_it():
    df = pd.DataFrame({"x": [1, 2, 3, 4], "y": [3, 1, 2, 4], "hh": [1, 1, None, 2]})
    with pytest.raises(MissingClusterError, match="'hh'.*1 missing"):
        kendall_matrix(df, ["x", "y"], cluster="hh")


@pytest.mark.parametrize("kwargs, word", [
    ({"missing": "casewise"}, "missing"),
    ({"variant": "a"}, "variant"),
    ({"confidence": 95}, "confidence"),
])
def test_bad_options(kwargs, word):
    df = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    with pytest.raises(ValueError, match=word):
        kendall_matrix(df, **kwargs)


def test_single_cluster_gives_nan_with_reason():
    res = kendall_tau([1, 2, 3, 4], [1, 3, 2, 4], cluster=[7, 7, 7, 7])
    assert np.isnan(res.se_cluster)
    assert "2 clusters" in res.reason
    assert not np.isnan(res.ase)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

values = st.one_of(st.none(), st.integers(-3, 3))


@st.composite
def frames(draw):
    n = draw(st.integers(2, 25))
    cols = {}
    for name in ("a", "b", "c"):
        cols[name] = [np.nan if v is None else float(v)
                      for v in draw(st.lists(values, min_size=n, max_size=n))]
    return pd.DataFrame(cols)


@settings(max_examples=80, deadline=None)
@given(frames())
def test_property_symmetric_bounded_and_agrees_with_scipy(df):
    res = kendall_matrix(df)
    for frame in (res.tau, res.pvalue, res.n, res.ase):
        np.testing.assert_array_equal(frame.to_numpy(), frame.to_numpy().T)
    t = res.tau.to_numpy()
    assert np.all((np.abs(t[~np.isnan(t)]) <= 1.0))
    p = res.pvalue.to_numpy()
    assert np.all((p[~np.isnan(p)] >= 0) & (p[~np.isnan(p)] <= 1))
    for a, b in (("a", "b"), ("a", "c"), ("b", "c")):
        ok = df[a].notna() & df[b].notna()
        got = res.tau.loc[a, b]
        if ok.sum() < 3:    # scipy's asymptotic formula divides by n - 2
            continue
        ref = sps.kendalltau(df.loc[ok, a], df.loc[ok, b], method="asymptotic")
        if np.isnan(ref.statistic):
            assert np.isnan(got) and np.isnan(res.pvalue.loc[a, b])
        else:
            assert got == pytest.approx(ref.statistic, rel=1e-12, abs=1e-14)
            assert res.pvalue.loc[a, b] == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-14)


@settings(max_examples=60, deadline=None)
@given(frames())
def test_property_invariant_under_increasing_transforms(df):
    res = kendall_matrix(df)
    moved = df.assign(a=np.exp(df.a), b=df.b ** 3 - 7, c=2.5 * df.c + 1)
    res2 = kendall_matrix(moved)
    for field in ("tau", "pvalue", "n", "ase"):
        pd.testing.assert_frame_equal(getattr(res, field), getattr(res2, field),
                                      check_exact=False, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(frames())
def test_property_reversal_flips_sign(df):
    res = kendall_matrix(df)
    flipped = kendall_matrix(df.assign(a=-df.a))
    assert np.allclose(flipped.tau.loc["a", "b"], -res.tau.loc["a", "b"], equal_nan=True)
    assert np.allclose(flipped.pvalue.loc["a", "b"], res.pvalue.loc["a", "b"], equal_nan=True)


def test_listwise_with_cluster_drops_rows_and_their_ids(survey):
    cols = ["age", "edu", "mig"]
    lw = kendall_matrix(survey, cols, missing="listwise", cluster="hh")
    complete = survey.dropna(subset=cols)
    ref = kendall_matrix(complete, cols, cluster="hh")
    pd.testing.assert_frame_equal(lw.se_cluster, ref.se_cluster)
    assert (lw.n_clusters.to_numpy() == complete.hh.nunique()).all()
    assert "listwise" in lw.notes


def test_auto_method_uses_compiled_path_for_many_levels_and_agrees():
    # 2,000 distinct values in each column: the table would have 4 million
    # cells, more than the cost model allows for 2,000 cases
    from sunshine.kendall.counts import _table_is_cheaper
    rng = np.random.default_rng(99)
    x = rng.normal(size=2000)
    y = x + rng.normal(size=2000)
    assert not _table_is_cheaper(rank_column(x), rank_column(y))
    res = kendall_tau(x, y)
    ref = sps.kendalltau(x, y, method="asymptotic")
    assert res.tau == pytest.approx(ref.statistic, rel=1e-12)
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-9)
    assert res.ase == pytest.approx(brute_force(x, y)["ase"], rel=1e-9)


# ---------------------------------------------------------------------------
# the O(n log n) paths: Knight's merge count and the Fenwick tree
# ---------------------------------------------------------------------------

def random_pair(rng, n):
    """Two columns with ties of every kind and missing values."""
    x = rng.integers(0, int(rng.integers(1, 12)), n).astype(float)
    y = rng.normal(size=n).round(int(rng.integers(0, 3)))
    if rng.random() < 0.3:
        x = rng.normal(size=n)
    x[rng.random(n) < 0.1] = np.nan
    y[rng.random(n) < 0.1] = np.nan
    return x, y


@pytest.mark.parametrize("tie_limit", [0, 3, 10 ** 9])
def test_merge_counts_equal_table_and_fenwick_counts(tie_limit, monkeypatch):
    # tie_limit 0: always the counting sort; 10**9: always the gather order
    from sunshine.kendall import counts, kernels
    from sunshine.kendall.counts import counts_from_units, pair_counts
    monkeypatch.setattr(counts, "GATHER_TIE_LIMIT", tie_limit)
    rng = np.random.default_rng(1966)
    for _ in range(60):
        x, y = random_pair(rng, int(rng.integers(0, 400)))
        rx, ry = rank_column(x), rank_column(y)
        table = pair_counts(rx, ry, method="table")
        assert pair_counts(rx, ry, method="merge") == table
        first, second, gather = counts._orient(rx, ry)     # both compiled counts of S
        args = counts._kernel_args(first, second, gather)
        s2, cx, cy = kernels.merge_counts(*args)
        f2, fx, fy = kernels.fenwick_units(*args, 0, False, False)[:3]
        assert s2 == f2 == table.s2
        np.testing.assert_array_equal(cx, fx)
        np.testing.assert_array_equal(cy, fy)
        fen, fen_counts = counts.pair_units_counts(rx, ry, method="fenwick", with_rows=True)
        assert counts_from_units(fen) == fen_counts == table
        mer, mer_counts = counts.pair_units_counts(rx, ry, method="merge", with_rows=True)
        assert counts_from_units(mer) == mer_counts == table
        for key in ("weight", "s", "r", "c", "row_unit"):
            np.testing.assert_array_equal(getattr(mer, key), getattr(fen, key))
        ok = ~np.isnan(x) & ~np.isnan(y)
        tab = pair_units(rx, ry, method="table", with_rows=True)
        for key in ("s", "r", "c"):     # per case, whichever column orders the cases
            np.testing.assert_array_equal(getattr(fen, key)[fen.row_unit[ok]],
                                          getattr(tab, key)[tab.row_unit[ok]])
        ok = ~np.isnan(x) & ~np.isnan(y)
        if ok.sum() > 1:   # 2S from the definition
            assert table.s2 == brute_force(x, y)["s_i"].sum()


def test_discordance_of_each_element_matches_definition():
    from sunshine.kendall import kernels
    rng = np.random.default_rng(9)
    for n in (0, 1, 2, 16, 17, 40, 300):
        b = rng.integers(0, max(1, n // 4), n).astype(np.int32)
        expected = [np.sum(b[:i] > b[i]) + np.sum(b[i + 1:] < b[i]) for i in range(n)]
        np.testing.assert_array_equal(kernels.discordant_each(b.copy()), expected)


def test_inversion_count_by_merge_sort_matches_definition():
    from sunshine.kendall import kernels
    rng = np.random.default_rng(4)
    for n in (0, 1, 2, 15, 16, 17, 100, 1000):
        a = rng.integers(0, max(1, n // 3), n).astype(np.int32)
        expected = int(np.sum(np.triu(a[:, None] > a[None, :], 1)))
        b = a.copy()
        assert kernels.inversions(b) == expected
        np.testing.assert_array_equal(b, np.sort(a))


def test_ase_false_skips_ase_only():
    rng = np.random.default_rng(12)
    n = 3000
    base = rng.normal(size=n)
    df = pd.DataFrame({"cont": base + rng.normal(size=n), "round": np.round(base, 1),
                       "ord": np.clip(np.round(base), -2, 2), "hh": np.arange(n) // 3})
    df.loc[rng.random(n) < 0.02, "cont"] = np.nan
    full = kendall_matrix(df, ["cont", "round", "ord"])
    fast = kendall_matrix(df, ["cont", "round", "ord"], ase=False)
    for field in ("tau", "pvalue", "n", "statistic"):
        pd.testing.assert_frame_equal(getattr(fast, field), getattr(full, field))
    off = ~np.eye(3, dtype=bool)
    assert np.isnan(fast.ase.to_numpy()[off]).all() and np.isnan(fast.ci_low.to_numpy()[off]).all()
    assert not np.isnan(full.ase.to_numpy()[off]).any()
    cl = kendall_matrix(df, ["cont", "round", "ord"], cluster="hh", ase=False)
    ref = kendall_matrix(df, ["cont", "round", "ord"], cluster="hh")
    pd.testing.assert_frame_equal(cl.se_cluster, ref.se_cluster)
    assert np.isnan(cl.ase.to_numpy()[off]).all()


def test_matrix_on_many_levels_agrees_with_scipy_and_brute_force_ase():
    rng = np.random.default_rng(45)
    n = 1500
    base = rng.normal(size=n)
    df = pd.DataFrame({"a": base + rng.normal(size=n), "b": np.round(base + rng.normal(size=n), 1),
                       "c": base * 3 + rng.normal(size=n)})
    df.loc[rng.random(n) < 0.05, "a"] = np.nan
    res = kendall_matrix(df)
    for a, b in (("a", "b"), ("a", "c"), ("b", "c")):
        ok = df[a].notna() & df[b].notna()
        ref = sps.kendalltau(df.loc[ok, a], df.loc[ok, b], method="asymptotic")
        assert res.tau.loc[a, b] == pytest.approx(ref.statistic, rel=1e-12)
        assert res.pvalue.loc[a, b] == pytest.approx(ref.pvalue, rel=1e-9)
        assert res.ase.loc[a, b] == pytest.approx(brute_force(df[a], df[b])["ase"], rel=1e-9)


def test_compiled_kernels_cache_outside_the_source_tree():
    import os
    from pathlib import Path
    from sunshine.kendall import kernels
    src = Path(kernels.__file__).resolve().parent
    cache = Path(os.environ["NUMBA_CACHE_DIR"]).resolve()
    assert cache.is_dir() and os.access(cache, os.W_OK)
    assert src not in (cache, *cache.parents)
    from sunshine.kendall.counts import pair_counts
    assert pair_counts(rank_column([1.0, 2, 3]), rank_column([2.0, 1, 3]), method="merge").s2 == 2
    assert not list(src.rglob("*.nbi")) and not list(src.rglob("*.nbc"))


def test_kernel_cache_set_even_if_numba_was_imported_first(tmp_path):
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = ("import numba; from sunshine.kendall import kernels; "
            "print(numba.config.CACHE_DIR)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == str(tmp_path / "sunshine" / "numba")


def test_compiled_cluster_sums_equal_bincount_to_the_bit(survey, monkeypatch):
    from sunshine.kendall import tau as tau_module
    monkeypatch.setattr(tau_module, "_COMPILED_CLUSTER_ROWS", 10 ** 12)
    ref = kendall_matrix(survey, cluster="hh")
    monkeypatch.setattr(tau_module, "_COMPILED_CLUSTER_ROWS", 0)
    res = kendall_matrix(survey, cluster="hh")
    for field in ("se_cluster", "ci_cluster_low", "ci_cluster_high", "n_clusters"):
        pd.testing.assert_frame_equal(getattr(res, field), getattr(ref, field), check_exact=True)


def test_compiled_ase_terms_equal_numpy_terms(monkeypatch):
    from sunshine.kendall import tau as tau_module
    rng = np.random.default_rng(77)
    n = 2000
    base = rng.normal(size=n)
    df = pd.DataFrame({"a": base + rng.normal(size=n), "b": np.round(base + rng.normal(size=n), 1),
                       "c": np.round(base + rng.normal(size=n), 3), "hh": np.arange(n) // 5})
    df.loc[rng.random(n) < 0.05, "a"] = np.nan
    monkeypatch.setattr(tau_module, "_COMPILED_ROWS", 10 ** 12)
    ref = kendall_matrix(df, cluster="hh")
    monkeypatch.setattr(tau_module, "_COMPILED_ROWS", 0)   # per-unit kernel and fused kernel
    for res in (kendall_matrix(df, cluster="hh"), kendall_matrix(df, ["a", "b", "c"])):
        for field in ("tau", "pvalue", "n"):
            pd.testing.assert_frame_equal(getattr(res, field), getattr(ref, field), check_exact=True)
        for field in ("ase", "ci_low", "ci_high"):
            pd.testing.assert_frame_equal(getattr(res, field), getattr(ref, field), rtol=1e-12)
    res = kendall_matrix(df, cluster="hh")
    pd.testing.assert_frame_equal(res.n_clusters, ref.n_clusters, check_exact=True)
    pd.testing.assert_frame_equal(res.se_cluster, ref.se_cluster, rtol=1e-12)
