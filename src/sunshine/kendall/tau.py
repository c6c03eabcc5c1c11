"""Kendall's tau-b (and tau-c) correlation matrices as SPSS NONPAR CORR prints them, and more.

:func:`kendall_matrix` gives SPSS's, R's and Stata's numbers, plus ASE1 with an interval (as
CROSSTABS) and cluster-robust standard errors (people within households). For the n observations
valid for a pair (Kendall 1945, 1970; Stuart 1953)::

    S      = C - D                      (concordant minus discordant pairs)
    tau_b  = S / sqrt((n0 - T_x)(n0 - T_y)),  n0 = n(n-1)/2,
             T_x = sum t(t-1)/2 over tie groups of x
    tau_c  = 2 m S / (n^2 (m - 1)),     m = min(#levels of x, #levels of y)

Significance (SPSS, R ``cor.test(exact=FALSE)``, SciPy asymptotic; the same for tau-c):
z = S / sqrt(var0(S)), p = 2 (1 - Phi(|z|)), no continuity correction, with::

    var0(S) = [n(n-1)(2n+5) - sum t(t-1)(2t+5) - sum u(u-1)(2u+5)] / 18
              + [sum t(t-1)][sum u(u-1)] / [2n(n-1)]
              + [sum t(t-1)(t-2)][sum u(u-1)(u-2)] / [9n(n-1)(n-2)]

ASE1, CROSSTABS' delta-method (non-null) SE (Agresti 2010), per observation i with s_i = C_i - D_i
and r_i, c_i its tie-group sizes::

    D_r = n^2 - sum_i r_i,   D_c = n^2 - sum_i c_i
    a_i = 2 sqrt(D_r D_c) s_i + tau_b (r_i D_c + c_i D_r)
    psi_i = (a_i - mean(a)) / (D_r D_c)          ASE1 = sqrt(sum psi_i^2)

(SPSS's formula, as sum a_i = n^2 tau_b (Dr+Dc)); for tau-c, psi_i = 2m / ((m-1) n^2) (s_i -
mean(s)). psi_i is i's influence, so over clusters g (Liang & Zeger 1986; Cameron & Miller 2015)::

    V_cluster = G/(G-1) * sum_g (sum_{i in g} psi_i)^2

(ASE1^2 * n/(n-1) with one observation per cluster). Intervals: tau +/- z_(1+conf)/2 * SE, clipped to [-1, 1].

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
Kendall, M. G. (1970). *Rank Correlation Methods*, 4th ed. Griffin.
Stuart, A. (1953). The estimation and comparison of strengths of association in contingency tables.
    *Biometrika* 40(1/2), 105-110.
Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed. Wiley.
IBM Corp. *IBM SPSS Statistics Algorithms*, chapters "NONPAR CORR" and "CROSSTABS".
Liang, K.-Y., Zeger, S. L. (1986). Longitudinal data analysis using generalized linear models.
    *Biometrika* 73(1), 13-22.
Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *J. Human Resources* 50(2), 317-372.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable

import numpy as np
import pandas as pd

from sunshine.kendall.counts import (PairCounts, RankedColumn, Units, pair_counts,
                                     pair_influence, pair_units_counts, rank_column)
from sunshine.kendall.inference import two_sided_p, z_critical

__all__ = [
    "KendallResult",
    "KendallPair",
    "kendall_matrix",
    "kendall_tau",
    "ColumnNotFoundError",
    "NonNumericColumnError",
    "MissingClusterError",
]


class ColumnNotFoundError(KeyError):
    """A column name that is not in the data frame."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        """The message itself, unquoted."""
        return str(self.args[0]) if self.args else ""


class NonNumericColumnError(TypeError):
    """A column that cannot be ranked (not numeric, not an ordered categorical)."""


class MissingClusterError(ValueError):
    """A cluster id column with missing values."""


@dataclass(frozen=True)
class KendallPair:
    """Kendall statistics for one pair: ``tau, pvalue, statistic`` (z), ``ase`` (ASE1), ``ci`` (Wald),
    with clusters ``se_cluster, ci_cluster, n_clusters``; ``reason`` says why one is NaN."""

    tau: float
    pvalue: float
    n: int
    statistic: float
    ase: float
    ci: tuple[float, float]
    se_cluster: float = float("nan")
    ci_cluster: tuple[float, float] = (float("nan"), float("nan"))
    n_clusters: int = 0
    variant: str = "b"
    reason: str | None = None


@dataclass(frozen=True)
class KendallResult:
    """A Kendall correlation matrix with its inference: square, symmetric DataFrames labelled by column.

    Attributes
    ----------
    tau : DataFrame
        tau-b (or tau-c); 1 on the diagonal (NaN for a column with under two distinct values).
    pvalue : DataFrame
        Two-tailed asymptotic p-value (as SPSS NONPAR CORR); NaN on the diagonal.
    n : DataFrame
        Cases used per pair (or listwise); the column's valid values on the diagonal.
    statistic : DataFrame
        z = S / sqrt(var0(S)).
    ase : DataFrame
        ASE1, the asymptotic (non-null) standard error of SPSS CROSSTABS.
    ci_low, ci_high : DataFrame
        Wald interval with ASE1, at level ``confidence``.
    se_cluster, ci_cluster_low, ci_cluster_high, n_clusters : DataFrame or None
        Cluster-robust SE, interval and clusters of the pair; ``None`` without ``cluster=``.
    variant, missing, confidence, cluster
        The options (``cluster``: the column's name, ``"<array>"`` for an array).
    notes : dict
        Why cells are NaN, by column name or ``(row, column)`` pair in the order of ``tau.columns``.
    """

    tau: pd.DataFrame
    pvalue: pd.DataFrame
    n: pd.DataFrame
    statistic: pd.DataFrame
    ase: pd.DataFrame
    ci_low: pd.DataFrame
    ci_high: pd.DataFrame
    se_cluster: pd.DataFrame | None
    ci_cluster_low: pd.DataFrame | None
    ci_cluster_high: pd.DataFrame | None
    n_clusters: pd.DataFrame | None
    variant: str
    missing: str
    confidence: float
    cluster: Hashable | None = None
    notes: dict = field(default_factory=dict)

    @property
    def columns(self) -> list:
        """Column names, in the order of the matrices."""
        return list(self.tau.columns)

    def pair(self, a: Hashable, b: Hashable) -> KendallPair:
        """The statistics of one pair.

        Parameters
        ----------
        a, b : hashable
            Two column names of the result.

        Returns
        -------
        KendallPair
        """
        for name in (a, b):
            if name not in self.tau.columns:
                raise ColumnNotFoundError(f"column {name!r} is not in this result")
        cl = self.se_cluster is not None
        key = self._key(a, b)
        return KendallPair(
            tau=float(self.tau.loc[a, b]),
            pvalue=float(self.pvalue.loc[a, b]),
            n=int(self.n.loc[a, b]),
            statistic=float(self.statistic.loc[a, b]),
            ase=float(self.ase.loc[a, b]),
            ci=(float(self.ci_low.loc[a, b]), float(self.ci_high.loc[a, b])),
            se_cluster=float(self.se_cluster.loc[a, b]) if cl else float("nan"),
            ci_cluster=((float(self.ci_cluster_low.loc[a, b]),
                         float(self.ci_cluster_high.loc[a, b])) if cl
                        else (float("nan"), float("nan"))),
            n_clusters=int(self.n_clusters.loc[a, b]) if cl else 0,
            variant=self.variant,
            reason=self.notes.get(key),
        )

    def _key(self, a, b):
        """The key of a pair in ``notes``: the earlier column first."""
        cols = self.columns
        return (a, b) if cols.index(a) <= cols.index(b) else (b, a)

    def to_long(self) -> pd.DataFrame:
        """One row per pair (lower triangle, in column order).

        Returns
        -------
        DataFrame
            ``row, column, tau, pvalue, n, z, ase, ci_low, ci_high``, the cluster statistics and ``note``.
        """
        rows = []
        cols = self.columns
        for j, b in enumerate(cols):
            for a in cols[j + 1:]:
                p = self.pair(a, b)
                rows.append({
                    "row": a, "column": b, "tau": p.tau, "pvalue": p.pvalue, "n": p.n,
                    "z": p.statistic, "ase": p.ase, "ci_low": p.ci[0], "ci_high": p.ci[1],
                    "se_cluster": p.se_cluster, "ci_cluster_low": p.ci_cluster[0],
                    "ci_cluster_high": p.ci_cluster[1], "n_clusters": p.n_clusters,
                    "note": p.reason,
                })
        return pd.DataFrame(rows)


def _as_float(series: pd.Series, name) -> np.ndarray:
    """A column as float64 with NaN for missing; ordered categoricals by code."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if not dtype.ordered:
            raise NonNumericColumnError(
                f"column {name!r} is an unordered categorical; Kendall's tau needs an "
                "order (use an ordered categorical or numeric codes)")
        codes = series.cat.codes.to_numpy(dtype=np.float64)
        codes[codes < 0] = np.nan
        return codes
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        if pd.api.types.is_complex_dtype(dtype):
            raise NonNumericColumnError(f"column {name!r} is complex ({dtype}); expected real numbers")
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    raise NonNumericColumnError(
        f"column {name!r} has dtype {dtype}; expected a numeric, boolean or ordered "
        "categorical column")


def _cluster_codes(df: pd.DataFrame, cluster) -> tuple[np.ndarray, Hashable]:
    """Integer codes of the cluster ids (a column name or an array) and their label."""
    if isinstance(cluster, (pd.Series, pd.Index, np.ndarray, list)):
        ids = pd.Series(np.asarray(cluster))
        label = "<array>"
        if len(ids) != len(df):
            raise ValueError(f"cluster has {len(ids)} ids but the data frame has {len(df)} rows")
    else:
        if cluster not in df.columns:
            raise ColumnNotFoundError(
                f"cluster column {cluster!r} is not in the data frame "
                f"(columns: {list(df.columns)!r})")
        ids = df[cluster]
        label = cluster
    na = ids.isna().to_numpy()
    if na.any():
        raise MissingClusterError(
            f"cluster column {label!r} has {int(na.sum())} missing id(s); every case "
            "needs a cluster id (drop those rows or give them ids)")
    codes, _ = pd.factorize(ids, sort=True)
    return codes.astype(np.int64), label


def _select_columns(df: pd.DataFrame, columns, cluster_label) -> list:
    """The columns to correlate, checked: present, listed once, not duplicated in ``df``."""
    if columns is None:
        cols = [c for c in df.columns if not (cluster_label is not None and c == cluster_label)]
    else:
        if isinstance(columns, (str, bytes)) or not isinstance(columns, Iterable):
            raise TypeError(f"columns must be a list of column names, got {columns!r}")
        cols = list(columns)
        for c in cols:
            if c not in df.columns:
                raise ColumnNotFoundError(
                    f"column {c!r} is not in the data frame (columns: {list(df.columns)!r})")
        dup = sorted({str(c) for c in cols if cols.count(c) > 1})
        if dup:
            raise ValueError(f"columns listed more than once: {', '.join(dup)}")
    if not cols:
        raise ValueError("no columns to correlate")
    if df.columns.duplicated().any():
        dups = sorted({str(c) for c in df.columns[df.columns.duplicated()] if c in cols})
        if dups:
            raise ValueError(f"data frame has duplicate column names: {', '.join(dups)}")
    return cols


_NAN = float("nan")


def _wdot(a, b):
    """sum(a * b) without BLAS (np.dot may start threads; exact for integers)."""
    return np.sum(np.multiply(a, b))


#: From this many rows (units) on, cluster sums (ASE1 terms) are formed by
#: compiled kernels rather than numpy.
_COMPILED_CLUSTER_ROWS = 100_000
_COMPILED_ROWS = 100_000


def _null_inference(pc: PairCounts, variant: str, names: tuple[str, str]) -> dict:
    """tau, z and the two-sided p of one pair from its counts: ``n, tau, statistic, pvalue, reason`` (why NaN, or None)."""
    a_name, b_name = names
    n = pc.n
    out = dict(n=n, tau=_NAN, statistic=_NAN, pvalue=_NAN, reason=None)
    if n < 2:
        out["reason"] = f"fewer than 2 cases valid for both {a_name!r} and {b_name!r} (n = {n})"
        return out
    nf = float(n)
    dr = float(n * n - pc.x.sq)             # = 2 (n0 - T_x), exact in integers
    dc = float(n * n - pc.y.sq)
    if dr == 0.0 or dc == 0.0:
        const = [nm for nm, d in ((a_name, dr), (b_name, dc)) if d == 0.0]
        out["reason"] = (" and ".join(repr(x) for x in const)
                         + (" is" if len(const) == 1 else " are")
                         + f" constant among the {n} cases valid for both")
        return out
    # tie-corrected null variance of S (Kendall 1970; R cor.test; SPSS NONPAR CORR)
    v0 = nf * (nf - 1.0) * (2.0 * nf + 5.0)
    var_s = (v0 - pc.x.v - pc.y.v) / 18.0 + pc.x.t1 * pc.y.t1 / (2.0 * nf * (nf - 1.0))
    if n > 2:
        var_s += pc.x.t2 * pc.y.t2 / (9.0 * nf * (nf - 1.0) * (nf - 2.0))
    z = pc.s2 / 2.0 / np.sqrt(var_s) if var_s > 0 else _NAN
    out["statistic"] = float(z)
    out["pvalue"] = two_sided_p(z)
    if variant == "b":
        tau = pc.s2 / (np.sqrt(dr) * np.sqrt(dc))
    else:
        q = min(pc.x.levels, pc.y.levels)
        tau = q * pc.s2 / (nf * nf * (q - 1.0))
    out["tau"] = float(min(1.0, max(-1.0, tau)))   # guard rounding at +/-1
    return out


def _influence(u: Units, pc: PairCounts, variant: str) -> np.ndarray:
    """Empirical influence psi of each unit's cases on tau: the terms of ASE1 (tau-b) or of Stuart's tau-c."""
    nf = float(pc.n)
    if variant == "b":
        dr = float(pc.n * pc.n - pc.x.sq)
        dc = float(pc.n * pc.n - pc.y.sq)
        root = np.sqrt(dr) * np.sqrt(dc)
        tau = pc.s2 / root
        a = 2.0 * root * u.s + tau * (u.r.astype(np.float64) * dc + u.c.astype(np.float64) * dr)
        a_bar = float(_wdot(u.weight.astype(np.float64), a)) / nf
        return (a - a_bar) / (dr * dc)
    q = min(pc.x.levels, pc.y.levels)
    return (2.0 * q / ((q - 1.0) * nf * nf)) * (u.s - pc.s2 / nf)


def _ase_inference(u: Units, pc: PairCounts, out: dict, variant: str, zcrit: float) -> np.ndarray:
    """Add ASE1 and its Wald interval to ``out``; return the influence values (many units: a compiled kernel)."""
    if variant == "b" and u.weight.size >= _COMPILED_ROWS:
        from sunshine.kendall import kernels
        dr, dc = float(pc.n * pc.n - pc.x.sq), float(pc.n * pc.n - pc.y.sq)
        raw_tau = pc.s2 / (np.sqrt(dr) * np.sqrt(dc))         # unclipped, as in _influence
        psi, ss = kernels.influence_b(u.weight, u.s, u.r, u.c, dr, dc, raw_tau)
    else:
        psi = _influence(u, pc, variant)
        ss = _wdot(u.weight.astype(np.float64), psi * psi)
    _set_ase(out, float(np.sqrt(ss)), zcrit)
    return psi


def _set_ase(out: dict, ase: float, zcrit: float) -> None:
    """Store ASE1 and its Wald interval tau +/- z ASE1, clipped to [-1, 1] (NaN stays NaN)."""
    out["ase"] = ase
    out["ci_low"] = max(-1.0, out["tau"] - zcrit * ase) if ase == ase else _NAN
    out["ci_high"] = min(1.0, out["tau"] + zcrit * ase) if ase == ase else _NAN


def _cluster_inference(u: Units, psi: np.ndarray, groups: np.ndarray, out: dict,
                       zcrit: float, names: tuple[str, str]) -> None:
    """Add the cluster-robust SE, interval and ``n_clusters`` to ``out`` from the units' influence ``psi``."""
    if psi is not None and groups.size >= _COMPILED_CLUSTER_ROWS:
        from sunshine.kendall import kernels
        totals, n_groups = kernels.cluster_sums(groups, u.row_unit, psi, int(groups.max()) + 1)
    else:
        present = np.ones(u.weight.size + 1)
        present[-1] = 0.0                   # rows missing in the pair pick the appended 0
        n_groups = int(np.count_nonzero(np.bincount(groups, weights=present[u.row_unit])))
        if psi is not None:
            totals = np.bincount(groups, weights=np.append(psi, 0.0)[u.row_unit])
    out["n_clusters"] = n_groups
    if psi is None:
        return
    _cluster_se(totals, n_groups, out, zcrit, names)


def _cluster_se(totals: np.ndarray, n_groups: int, out: dict, zcrit: float,
                names: tuple[str, str]) -> None:
    """Add the cluster-robust SE and interval from the clusters' sums of influence: V = G/(G-1) sum_g totals_g^2."""
    out["n_clusters"] = n_groups
    if n_groups < 2:
        out["reason"] = (f"cluster-robust SE needs at least 2 clusters; the pair "
                         f"{names[0]!r}, {names[1]!r} has {n_groups}")
        return
    se = float(np.sqrt(n_groups / (n_groups - 1.0) * _wdot(totals, totals)))
    out["se_cluster"] = se
    out["ci_cluster_low"] = max(-1.0, out["tau"] - zcrit * se)
    out["ci_cluster_high"] = min(1.0, out["tau"] + zcrit * se)


def _pair_inference(x: RankedColumn, y: RankedColumn, variant: str, zcrit: float,
                    groups: np.ndarray | None, names: tuple[str, str], ase: bool) -> dict:
    """All statistics of one pair as a dict keyed as :class:`KendallPair`; without ``ase`` and ``groups`` only n, 2S and ties are counted."""
    out = dict(ase=_NAN, ci_low=_NAN, ci_high=_NAN, se_cluster=_NAN, ci_cluster_low=_NAN,
               ci_cluster_high=_NAN, n_clusters=0)
    if not ase and groups is None:
        out.update(_null_inference(pair_counts(x, y), variant, names))
        return out
    fused = pair_influence(x, y, groups) if variant == "b" and x.rank.size >= _COMPILED_ROWS else None
    if fused is not None:          # large, many-valued pairs: no per-unit arrays
        pc, ss, totals, n_groups = fused
        out.update(_null_inference(pc, variant, names))
        _set_ase(out, float(np.sqrt(ss)) if ase else _NAN, zcrit)
        if groups is not None:
            _cluster_se(totals, n_groups, out, zcrit, names)
        return out
    u, pc = pair_units_counts(x, y, with_rows=groups is not None)
    out.update(_null_inference(pc, variant, names))
    psi = None
    if not np.isnan(out["tau"]):
        psi = _ase_inference(u, pc, out, variant, zcrit)
        if not ase:
            out.update(ase=_NAN, ci_low=_NAN, ci_high=_NAN)
    if groups is not None and (psi is not None or out["n"] < 2):
        # (as before: a pair that is constant gets n_clusters 0)
        _cluster_inference(u, psi, groups, out, zcrit, names)
    return out


def _check_options(missing, variant, confidence):
    """Validate the options; return the normal quantile of the confidence level."""
    if missing not in ("pairwise", "listwise"):
        raise ValueError(f"missing must be 'pairwise' or 'listwise', got {missing!r}")
    if variant not in ("b", "c"):
        raise ValueError(f"variant must be 'b' (tau-b) or 'c' (Stuart's tau-c), got {variant!r}")
    if not (isinstance(confidence, (int, float)) and 0.0 < confidence < 1.0):
        raise ValueError(f"confidence must be a number strictly between 0 and 1, got {confidence!r}")
    return z_critical(1.0 - confidence)


def kendall_matrix(df: pd.DataFrame, columns: Iterable[Hashable] | None = None, *,
                   missing: str = "pairwise", variant: str = "b", cluster=None,
                   confidence: float = 0.95, ase: bool = True) -> KendallResult:
    """Kendall's tau-b (or tau-c) matrix with p-values, n, ASE1 and clustered SEs.

    Pairs are counted in O(n log n) (:mod:`sunshine.kendall.counts`); one that cannot be computed
    gets NaN and a line in ``notes``.

    Parameters
    ----------
    df : DataFrame
        Numeric, boolean or ordered categorical columns (by category order); missing is NaN / NA.
    columns : list of column names, optional
        Columns to correlate, in order (default: all but the cluster column).
    missing : {"pairwise", "listwise"}
        Per pair the cases valid in both (SPSS's default), or first drop cases missing in any column.
    variant : {"b", "c"}
        Kendall's (1945) tau-b, or Stuart's (1953) tau-c.
    cluster : column name or array-like, optional
        Cluster (household) ids, not missing: adds cluster-robust SEs and intervals.
    confidence : float
        Level of the confidence intervals (default 0.95).
    ase : bool
        Compute ASE1 and its interval (default); ``False`` leaves them NaN (faster).

    Returns
    -------
    KendallResult

    Raises
    ------
    ColumnNotFoundError, NonNumericColumnError, MissingClusterError, ValueError
        A column not in ``df``, not orderable, missing cluster ids, a bad option.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [12, 2, 1, 12, 2], "y": [1, 4, 7, 1, 0]})
    >>> res = kendall_matrix(df)
    >>> round(float(res.tau.loc["x", "y"]), 4), round(float(res.pvalue.loc["x", "y"]), 4)
    (-0.4714, 0.2827)
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    zcrit = _check_options(missing, variant, confidence)
    groups, cluster_label = _cluster_codes(df, cluster) if cluster is not None else (None, None)
    cols = _select_columns(df, columns, cluster_label)
    data = {c: _as_float(df[c], c) for c in cols}
    notes: dict = {}
    if missing == "listwise":
        data, groups = _listwise(data, groups, notes)
    ranked = {c: rank_column(v) for c, v in data.items()}
    mats = _matrices(cols, ranked, groups, notes)
    for j in range(len(cols)):
        for i in range(j + 1, len(cols)):
            a, b = cols[i], cols[j]
            st = _pair_inference(ranked[a], ranked[b], variant, zcrit, groups, (str(a), str(b)), ase)
            for key, mat in mats.items():
                mat[i, j] = mat[j, i] = st[key]
            if st["reason"]:
                notes[(b, a)] = st["reason"]
    return _result(cols, mats, groups is not None, variant=variant, missing=missing,
                   confidence=float(confidence), cluster=cluster_label, notes=notes)


_FLOAT_KEYS = ("tau", "pvalue", "statistic", "ase", "ci_low", "ci_high",
               "se_cluster", "ci_cluster_low", "ci_cluster_high")


def _listwise(data: dict, groups, notes: dict):
    """Drop every case with a missing value in any column (SPSS /MISSING=LISTWISE)."""
    keep = np.ones(len(next(iter(data.values()))), dtype=bool)
    for v in data.values():
        keep &= ~np.isnan(v)
    if not keep.all():
        notes["listwise"] = f"{int((~keep).sum())} of {keep.size} cases dropped (listwise)"
    return {c: v[keep] for c, v in data.items()}, (None if groups is None else groups[keep])


def _matrices(cols: list, ranked: dict, groups, notes: dict) -> dict:
    """Empty result matrices with their diagonals filled; notes on unusable columns."""
    k = len(cols)
    mats = {key: np.full((k, k), np.nan) for key in _FLOAT_KEYS}
    mats["n"] = np.zeros((k, k), dtype=np.int64)
    mats["n_clusters"] = np.zeros((k, k), dtype=np.int64)
    for i, c in enumerate(cols):
        rc = ranked[c]
        if rc.n_valid == 0:
            notes[c] = f"column {c!r} has no valid values"
        elif rc.k < 2:
            notes[c] = f"column {c!r} is constant ({rc.n_valid} valid values, all equal)"
        mats["n"][i, i] = rc.n_valid
        mats["tau"][i, i] = 1.0 if rc.k >= 2 else np.nan
        if groups is not None:
            mats["n_clusters"][i, i] = int(np.count_nonzero(np.bincount(groups[rc.valid])))
    return mats


def _result(cols: list, mats: dict, has_cl: bool, **meta) -> KendallResult:
    """Label the matrices by column name and wrap them in a :class:`KendallResult`."""
    def frame(key):
        """One matrix as a labelled DataFrame."""
        return pd.DataFrame(mats[key], index=pd.Index(cols), columns=pd.Index(cols))

    cl = ("se_cluster", "ci_cluster_low", "ci_cluster_high", "n_clusters")
    return KendallResult(**{key: frame(key) for key in (*_FLOAT_KEYS, "n") if key not in cl},
                         **{key: frame(key) if has_cl else None for key in cl}, **meta)


def kendall_tau(x, y, *, variant: str = "b", cluster=None, confidence: float = 0.95,
                weights=None) -> KendallPair:
    """Kendall statistics for two sequences (cases missing in either are dropped).

    Parameters
    ----------
    x, y : array-like
        Numeric sequences of equal length; NaN marks a missing value.
    variant, cluster, confidence
        As in :func:`kendall_matrix` (``cluster`` is an array of ids).
    weights : array-like of non-negative integers, optional
        Frequency weights (SPSS ``WEIGHT BY``), e.g. a contingency table's cell counts.

    Returns
    -------
    KendallPair
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    if x.size != y.size:
        raise ValueError(f"x and y must have the same length, got {x.size} and {y.size}")
    if weights is not None:
        wts = np.asarray(weights)
        if wts.shape != x.shape or not np.issubdtype(wts.dtype, np.number):
            raise ValueError("weights must be numbers, one per case")
        if np.any(wts < 0) or np.any(wts != np.round(wts)):
            raise ValueError("weights must be non-negative integers (frequency weights)")
        rep = wts.astype(np.int64)
        x, y = np.repeat(x, rep), np.repeat(y, rep)
        if cluster is not None:
            cluster = np.repeat(np.asarray(cluster), rep)
    df = pd.DataFrame({"x": x, "y": y})
    res = kendall_matrix(df, ["x", "y"], variant=variant, confidence=confidence,
                         cluster=None if cluster is None else np.asarray(cluster))
    return res.pair("y", "x")
