"""Pair counting for Kendall's tau: concordance per observation, in O(n log n).

From two columns ranked once (:func:`rank_column`): :func:`pair_counts` gives S = C - D and the
tie terms (:class:`PairCounts`); :func:`pair_units` adds each observation's ``s_i = C_i - D_i`` and
tie-group sizes ``r_i, c_i``, by units of identical (x, y). Few levels: a contingency table (Agresti
2010); else compiled kernels (Knight 1966; Fenwick 1994). Missing values rank last and are dropped.

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
Knight, W. R. (1966). A computer method for calculating Kendall's tau with ungrouped data.
    *JASA* 61(314), 436-439.
Fenwick, P. M. (1994). A new data structure for cumulative frequency tables.
    *Software: Practice and Experience* 24(3), 327-336.
Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley
    (the cell quantities C_ij and D_ij, sec. 7.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["RankedColumn", "Units", "TieSums", "PairCounts", "rank_column", "pair_counts",
           "pair_units", "pair_units_counts", "pair_influence", "counts_from_units", "TABLE_CELL_LIMIT", "TABLE_CELL_CAP"]

#: The contingency-table path is always used up to this many cells, and never
#: above ``TABLE_CELL_CAP`` (see ``_table_is_cheaper``).
TABLE_CELL_LIMIT = 1 << 16
TABLE_CELL_CAP = 1 << 24


@dataclass(frozen=True)
class RankedColumn:
    """A column ranked once: dense ``rank`` (``k`` distinct values; ``k`` where missing), the valid
    rows' sort ``order`` and ``sorted_rank``, ``max_tie``, tie-group ``counts`` and ``missing`` rows."""

    rank: np.ndarray
    order: np.ndarray
    k: int
    sorted_rank: np.ndarray
    max_tie: int
    counts: np.ndarray
    missing: np.ndarray

    @property
    def valid(self) -> np.ndarray:
        """Boolean mask of the rows with a valid value."""
        return self.rank < self.k

    @property
    def n_valid(self) -> int:
        """Number of valid values."""
        return int(self.order.size)


@dataclass(frozen=True)
class Units:
    """Observations valid in both columns by units of the same ``s, r, c``: ``weight`` (observations),
    ``s`` (``C_i - D_i``), ``r, c`` (tie-group sizes in x, y), ``row_unit`` (-1 missing; on request)."""

    weight: np.ndarray
    s: np.ndarray
    r: np.ndarray
    c: np.ndarray
    row_unit: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of observations valid in both columns."""
        return int(self.weight.sum())


@dataclass(frozen=True)
class TieSums:
    """Tie terms of one column among the cases valid for a pair, t over tie groups (Kendall 1945, 1970).

    ``sq`` = sum t^2 (int), ``v`` = sum t(t-1)(2t+5), ``t1`` = sum t(t-1), ``t2`` = sum t(t-1)(t-2)
    (floats, exact below 2**53), ``levels`` = distinct values (for tau-c).
    """

    sq: int
    v: float
    t1: float
    t2: float
    levels: int


@dataclass(frozen=True)
class PairCounts:
    """What tau and its null distribution need: n, 2S and the tie terms of x and y."""

    n: int
    s2: int
    x: TieSums
    y: TieSums


def rank_column(values: np.ndarray) -> RankedColumn:
    """Rank a float column once: one :func:`numpy.argsort`, NaN = missing, ties share a dense rank.

    Parameters
    ----------
    values : array-like of float
        NaN marks a missing value.

    Returns
    -------
    RankedColumn
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size >= 2 ** 31 - 1:
        raise ValueError(f"a column may have at most 2**31 - 2 values, got {values.size}")
    valid = ~np.isnan(values)
    # sort the valid values only: numpy's vectorised sorts skip arrays with NaN
    order = np.flatnonzero(valid)
    order = order[np.argsort(values[order])]
    sorted_vals = values[order]
    new = np.empty(order.size, dtype=bool)
    new[:1] = True
    np.not_equal(sorted_vals[1:], sorted_vals[:-1], out=new[1:])
    dense = np.cumsum(new, dtype=np.int32) - np.int32(1)
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, order.size))
    k = int(starts.size)
    rank = np.full(values.size, k, dtype=np.int32)
    rank[order] = dense
    return RankedColumn(rank=rank, order=order, k=k, sorted_rank=dense,
                        max_tie=int(counts.max()) if k else 0, counts=counts,
                        missing=np.flatnonzero(~valid))


def _check_pair(x: RankedColumn, y: RankedColumn, method: str, allowed: tuple) -> str:
    """Validate a pair and its method; ``"auto"`` becomes ``"table"`` if the table is cheaper."""
    if x.rank.size != y.rank.size:
        raise ValueError("the two columns must have the same length")
    if method not in ("auto", *allowed):
        raise ValueError(f"method must be 'auto', {', '.join(repr(a) for a in allowed)}; "
                         f"got {method!r}")
    if method == "auto" and _table_is_cheaper(x, y):
        return "table"
    return method


def _few_levels(first: RankedColumn, second: RankedColumn) -> bool:
    """Whether the second column's Fenwick tree is small enough to beat a merge sort (k^2 <= n)."""
    return (second.k + 1) ** 2 <= min(first.n_valid, second.n_valid)


#: The per-case merge sort packs rank, position and count into one int64
#: (21 bits each): longer columns take the Fenwick tree.
PACKED_ROWS = 1 << 21


def _per_case_by_fenwick(first: RankedColumn, second: RankedColumn) -> bool:
    """Per-case counts by the Fenwick tree (few levels, or too many rows to pack)."""
    return _few_levels(first, second) or first.rank.size >= PACKED_ROWS


def pair_units(x: RankedColumn, y: RankedColumn, *, with_rows: bool = False,
               method: str = "auto") -> Units:
    """Concordance counts per unit for the observations valid in both columns.

    Parameters
    ----------
    x, y : RankedColumn
        The two columns, ranked by :func:`rank_column` (same length).
    with_rows : bool
        Also return ``row_unit`` (for cluster-robust variances).
    method : {"auto", "table", "fenwick", "merge"}
        The contingency table, a Fenwick tree over y's ranks (O(n log k)) or a counting merge sort
        (O(n log n)); ``"auto"``: the table when small (:data:`TABLE_CELL_LIMIT`), else the tree
        when y has few levels (k^2 <= n), else the merge. All give identical results.

    Returns
    -------
    Units
    """
    return pair_units_counts(x, y, with_rows=with_rows, method=method)[0]


def pair_units_counts(x: RankedColumn, y: RankedColumn, *, with_rows: bool = False,
                      method: str = "auto") -> tuple[Units, PairCounts]:
    """:func:`pair_units` and the pair's :class:`PairCounts`, from one count.

    Parameters
    ----------
    x, y, with_rows, method
        As in :func:`pair_units`.

    Returns
    -------
    (Units, PairCounts)
    """
    method = _check_pair(x, y, method, ("table", "fenwick", "merge"))
    if method == "merge" and x.rank.size >= PACKED_ROWS:
        raise ValueError(f"method 'merge' takes at most {PACKED_ROWS - 1} rows")
    if method == "table":
        u = _table_units(x, y, with_rows)
        return u, counts_from_units(u)
    from sunshine.kendall import kernels
    first, second, gather = _orient(x, y)
    args = _kernel_args(first, second, gather)
    if method == "merge" or (method == "auto" and not _per_case_by_fenwick(first, second)):
        s2, tx, ty, weight, s, r, c, row_unit = kernels.merge_units(*args, x.rank.size, with_rows)
    else:
        s2, tx, ty, weight, s, r, c, row_unit = kernels.fenwick_units(
            *args, x.rank.size, True, with_rows)
    if first is y:
        r, c, tx, ty = c, r, ty, tx
    return (Units(weight, s, r, c, row_unit if with_rows else None),
            PairCounts(n=int(tx.sum()), s2=int(s2), x=TieSums(*kernels.tie_sums(tx)),
                       y=TieSums(*kernels.tie_sums(ty))))


def pair_influence(x: RankedColumn, y: RankedColumn, groups: np.ndarray | None):
    """tau-b's counts, ASE1^2 and cluster sums in one compiled pass, where that is fastest.

    Parameters
    ----------
    x, y : RankedColumn
    groups : ndarray of int or None
        Cluster code of each row.

    Returns
    -------
    tuple or None
        ``(PairCounts, sum of psi^2, cluster sums of psi, clusters present)``, or None where the table
        or the tree is cheaper or the pair has no tau-b (then use :func:`pair_units_counts`).
    """
    if _table_is_cheaper(x, y):
        return None
    first, second, gather = _orient(x, y)
    if _per_case_by_fenwick(first, second):
        return None
    from sunshine.kendall import kernels
    codes = np.zeros(0, dtype=np.int64) if groups is None else groups
    s2, t_first, t_second, ss, totals, present = kernels.merge_influence(
        *_kernel_args(first, second, gather), codes, int(codes.max()) + 1 if codes.size else 0)
    if np.isnan(ss):
        return None
    tx, ty = (t_second, t_first) if first is y else (t_first, t_second)
    pc = PairCounts(n=int(tx.sum()), s2=int(s2), x=TieSums(*kernels.tie_sums(tx)),
                    y=TieSums(*kernels.tie_sums(ty)))
    return pc, float(ss), totals, int(present)


#: Order a pair's cases along the sort order of a column whose tie groups
#: are at most this large (else by a counting sort on the ranks of a column).
GATHER_TIE_LIMIT = 32


def _orient(x: RankedColumn, y: RankedColumn):
    """Which column orders the cases in the kernels (the one with smaller ties) and whether by its sort."""
    if min(x.max_tie, y.max_tie) <= GATHER_TIE_LIMIT:
        return (y, x, True) if y.max_tie < x.max_tie else (x, y, True)
    return (y, x, False) if y.k < x.k else (x, y, False)


def _kernel_args(x: RankedColumn, y: RankedColumn, gather: bool) -> tuple:
    """The arguments of :func:`sunshine.kendall.kernels.merge_counts` for a pair."""
    return (x.rank, x.k, x.order, x.sorted_rank, x.missing, y.rank, y.k, y.order, y.sorted_rank,
            y.counts, gather)


def pair_counts(x: RankedColumn, y: RankedColumn, *, method: str = "auto") -> PairCounts:
    """n, 2S and the tie terms of a pair, without per-observation counts.

    Parameters
    ----------
    x, y : RankedColumn
        The two columns, ranked by :func:`rank_column` (same length).
    method : {"auto", "table", "merge"}
        ``"table"`` as in :func:`pair_units`; ``"merge"``: merge sort, or a Fenwick tree when y has
        few levels (k^2 <= n).

    Returns
    -------
    PairCounts
    """
    method = _check_pair(x, y, method, ("table", "merge"))
    if method == "table":
        return counts_from_units(_table_units(x, y, False))
    from sunshine.kendall import kernels
    first, second, gather = _orient(x, y)
    args = _kernel_args(first, second, gather)
    if _few_levels(first, second):
        # few levels in the second column: its Fenwick tree stays in cache
        s2, t_first, t_second = kernels.fenwick_units(*args, 0, False, False)[:3]
    else:
        s2, t_first, t_second = kernels.merge_counts(*args)
    tx, ty = (t_second, t_first) if first is y else (t_first, t_second)
    return PairCounts(n=int(tx.sum()), s2=int(s2), x=TieSums(*kernels.tie_sums(tx)),
                      y=TieSums(*kernels.tie_sums(ty)))


def _unit_tie_sums(w: np.ndarray, wf: np.ndarray, t: np.ndarray) -> TieSums:
    """Tie terms from per-unit tie-group sizes ``t`` (each group counted once per case)."""
    tf = t.astype(np.float64)
    return TieSums(
        sq=int(np.sum(np.multiply(w, t))),
        v=float(np.sum(wf * ((tf - 1.0) * (2.0 * tf + 5.0)))),
        t1=float(np.sum(wf * (tf - 1.0))),
        t2=float(np.sum(wf * ((tf - 1.0) * (tf - 2.0)))),
        levels=int(round(float(np.sum(wf * (1.0 / tf))))) if t.size else 0,
    )


def counts_from_units(u: Units) -> PairCounts:
    """The :class:`PairCounts` of a pair from its units (sum_i (r_i - 1) = sum t(t-1) over x's ties, etc.).

    Parameters
    ----------
    u : Units

    Returns
    -------
    PairCounts
    """
    w = u.weight
    wf = w.astype(np.float64)
    return PairCounts(n=int(w.sum()), s2=int(np.sum(np.multiply(w, u.s))),
                      x=_unit_tie_sums(w, wf, u.r), y=_unit_tie_sums(w, wf, u.c))


def _table_is_cheaper(x: RankedColumn, y: RankedColumn) -> bool:
    """Cost model: the table path is O(n + cells) (capped at :data:`TABLE_CELL_CAP`), the compiled ones O(n log n)."""
    cells = (x.k + 1) * (y.k + 1)
    return cells <= min(TABLE_CELL_CAP, max(TABLE_CELL_LIMIT, 2 * x.rank.size))


def _table_units(x: RankedColumn, y: RankedColumn, with_rows: bool) -> Units:
    """One unit per non-empty cell of the contingency table; cumulative sums give C_ij, D_ij."""
    kx, ky = x.k, y.k
    width = ky + 1
    cell = x.rank * width + y.rank          # missing levels sit in the last row / column
    full = np.bincount(cell, minlength=(kx + 1) * width).reshape(kx + 1, width)
    t = full[:kx, :ky]                      # pairwise deletion: drop the missing row and column
    if kx == 0 or ky == 0:
        empty = np.zeros(0, dtype=np.int64)
        row_unit = np.full(cell.size, -1, dtype=np.int64) if with_rows else None
        return Units(empty, empty, empty, empty, row_unit)
    n = int(t.sum())
    row_tot = t.sum(axis=1)
    col_tot = t.sum(axis=0)
    # F[a, b] = number of observations with x-rank < a and y-rank < b
    f = np.zeros((kx + 1, ky + 1), dtype=np.int64)
    np.cumsum(t, axis=0, out=f[1:, 1:])
    np.cumsum(f[1:, 1:], axis=1, out=f[1:, 1:])
    tr = np.ascontiguousarray(t).ravel()
    nz = np.flatnonzero(tr)
    a_idx, b_idx = np.divmod(nz, ky)
    x_less = (np.cumsum(row_tot) - row_tot)[a_idx]          # x < a
    y_less = (np.cumsum(col_tot) - col_tot)[b_idx]          # y < b
    ll = f[a_idx, b_idx]                                    # x < a, y < b
    lg = x_less - f[a_idx, b_idx + 1]                       # x < a, y > b
    gl = y_less - f[a_idx + 1, b_idx]                       # x > a, y < b
    le = f[a_idx + 1, b_idx + 1]                            # x <= a, y <= b
    gg = n - (x_less + row_tot[a_idx]) - (y_less + col_tot[b_idx]) + le
    units = Units(
        weight=tr[nz].astype(np.int64),
        s=(ll + gg) - (lg + gl),
        r=row_tot[a_idx].astype(np.int64),
        c=col_tot[b_idx].astype(np.int64),
    )
    if with_rows:
        lookup = np.full((kx + 1) * width, -1, dtype=np.int64)
        lookup[a_idx * width + b_idx] = np.arange(nz.size, dtype=np.int64)
        units = Units(units.weight, units.s, units.r, units.c, lookup[cell])
    return units


