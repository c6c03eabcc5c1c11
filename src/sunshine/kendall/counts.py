"""Pair counting for Kendall's tau: concordance per observation, in O(n log n).

This module has one job: given two columns that have each been ranked once,
return for every observation valid in both the three numbers from which every
Kendall statistic of :mod:`sunshine.kendall` follows,

* ``s_i = C_i - D_i``: the number of other observations concordant with
  observation *i* minus the number discordant with it,
* ``r_i``: the size of *i*'s tie group in the first column (itself included),
* ``c_i``: the size of *i*'s tie group in the second column.

Observations are delivered grouped into *units* of identical (x, y) values
with a weight (their count), so that ordinal survey data -- a handful of
levels per column -- are reduced to a contingency table in one
:func:`numpy.bincount`, without any sort per pair. When the two columns have
too many distinct values for a table, a radix-style dominance count over the
bits of the second column's ranks is used instead; it reuses the first
column's sort order, so that each column is still sorted only once
(:func:`rank_column`).

Missing values are handled pair by pair: a missing value is given its own
rank level, one past the last, and the cells of that level are dropped from
the table, which is exactly pairwise deletion.

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems.
    *Biometrika* 33(3), 239-251.
Knight, W. R. (1966). A computer method for calculating Kendall's tau with
    ungrouped data. *JASA* 61(314), 436-439 (the O(n log n) idea).
Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley
    (the cell quantities C_ij and D_ij of ordinal measures of association).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["RankedColumn", "Units", "rank_column", "pair_units", "TABLE_CELL_LIMIT", "TABLE_CELL_CAP"]

#: The contingency-table path is always used up to this many cells, and never
#: above ``TABLE_CELL_CAP`` (see ``_table_is_cheaper``).
TABLE_CELL_LIMIT = 1 << 16
TABLE_CELL_CAP = 1 << 24


@dataclass(frozen=True)
class RankedColumn:
    """A column ranked once.

    Attributes
    ----------
    rank : ndarray of int64, shape (n,)
        Dense rank 0..k-1 of each valid value; ``k`` (one past the last
        level) where the value is missing.
    order : ndarray of intp, shape (n_valid,)
        Row numbers of the valid values, sorted by value (stable: ties keep
        row order).
    k : int
        Number of distinct valid values.
    """

    rank: np.ndarray
    order: np.ndarray
    k: int

    @property
    def valid(self) -> np.ndarray:
        return self.rank < self.k

    @property
    def n_valid(self) -> int:
        return int(self.order.size)


@dataclass(frozen=True)
class Units:
    """Observations valid in both columns, grouped into units.

    All arrays have one entry per unit. Every observation of a unit has the
    same ``s``, ``r`` and ``c``.

    Attributes
    ----------
    weight : ndarray of int64
        Number of observations in the unit.
    s : ndarray of int64
        Concordant minus discordant other observations (``C_i - D_i``).
    r, c : ndarray of int64
        Tie-group sizes of the unit's value in the first / second column
        (among observations valid in both).
    row_unit : ndarray of int64 or None
        For each row of the data, the unit it belongs to, or -1 if it is
        missing in either column. Only computed on request.
    """

    weight: np.ndarray
    s: np.ndarray
    r: np.ndarray
    c: np.ndarray
    row_unit: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.weight.sum())


def rank_column(values: np.ndarray) -> RankedColumn:
    """Rank a float column once: one :func:`numpy.argsort`, NaN = missing."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    valid = ~np.isnan(values)
    n_valid = int(np.count_nonzero(valid))
    order = np.argsort(values, kind="stable")[:n_valid]    # NaN sorts last
    sorted_vals = values[order]
    rank = np.empty(n, dtype=np.int64)
    if order.size:
        new = np.empty(order.size, dtype=bool)
        new[0] = True
        np.not_equal(sorted_vals[1:], sorted_vals[:-1], out=new[1:])
        dense = np.cumsum(new, dtype=np.int64) - 1
        k = int(dense[-1]) + 1
        rank[order] = dense
    else:
        k = 0
    rank[~valid] = k
    return RankedColumn(rank=rank, order=order, k=k)


def pair_units(x: RankedColumn, y: RankedColumn, *, with_rows: bool = False,
               method: str = "auto") -> Units:
    """Concordance counts per unit for the observations valid in both columns.

    Parameters
    ----------
    x, y : RankedColumn
        The two columns, ranked by :func:`rank_column` (same length).
    with_rows : bool
        Also return ``row_unit`` (needed for cluster-robust variances).
    method : {"auto", "table", "dominance"}
        ``"table"`` counts through the (k_x + 1) x (k_y + 1) contingency
        table, ``"dominance"`` through a bitwise dominance count; ``"auto"``
        takes the table when it is small enough (see
        :data:`TABLE_CELL_LIMIT`); both give identical results.
    """
    if x.rank.size != y.rank.size:
        raise ValueError("the two columns must have the same length")
    if method not in ("auto", "table", "dominance"):
        raise ValueError(f"method must be 'auto', 'table' or 'dominance', got {method!r}")
    if method == "auto":
        method = "table" if _table_is_cheaper(x, y) else "dominance"
    if method == "table":
        return _table_units(x, y, with_rows)
    if y.k > x.k:   # split the bits of the column with fewer levels
        u = _dominance_units(y, x, with_rows)
        return Units(u.weight, u.s, u.c, u.r, u.row_unit)
    return _dominance_units(x, y, with_rows)


def _table_is_cheaper(x: RankedColumn, y: RankedColumn) -> bool:
    """Cost model: the table path is O(n + cells), the dominance path O(n log k).

    A cell costs roughly a tenth of an element-level of the dominance count
    (measured with numpy 2.4); the table is also capped at
    :data:`TABLE_CELL_CAP` cells to bound memory.
    """
    cells = (x.k + 1) * (y.k + 1)
    bits = max(1, min(x.k, y.k).bit_length())
    return cells <= min(TABLE_CELL_CAP, max(TABLE_CELL_LIMIT, 10 * bits * x.rank.size))


# ---------------------------------------------------------------------------
# contingency-table path
# ---------------------------------------------------------------------------

def _table_units(x: RankedColumn, y: RankedColumn, with_rows: bool) -> Units:
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


# ---------------------------------------------------------------------------
# dominance path (many distinct values)
# ---------------------------------------------------------------------------

def _starts_ends(new: np.ndarray):
    """For a boolean 'new group starts here' array: start and end of each position's group."""
    m = new.size
    idx = np.arange(m, dtype=np.int64)
    starts = np.flatnonzero(new)
    gid = np.cumsum(new, dtype=np.int64) - 1
    ends = np.empty(starts.size, dtype=np.int64)
    ends[:-1] = starts[1:]
    ends[-1] = m
    return starts[gid], ends[gid], idx


def _dominance_units(x: RankedColumn, y: RankedColumn, with_rows: bool) -> Units:
    # rows valid in both, in x order (the column's one sort, filtered)
    rows = x.order[y.rank[x.order] < y.k]
    m = rows.size
    if m == 0:
        empty = np.zeros(0, dtype=np.int64)
        row_unit = np.full(x.rank.size, -1, dtype=np.int64) if with_rows else None
        return Units(empty, empty, empty, empty, row_unit)
    xv = x.rank[rows]
    q = y.rank[rows]
    cnt_x = np.bincount(xv)
    cnt_y = np.bincount(q)
    r = cnt_x[xv]
    c = cnt_y[q]
    x_less = (np.cumsum(cnt_x) - cnt_x)[xv]
    y_less = (np.cumsum(cnt_y) - cnt_y)[q]

    # A = #(x_j < x_i, y_j < y_i), B = #(x_j = x_i, y_j < y_i): split the
    # y ranks bit by bit from the top (an MSD radix sort that keeps x order
    # inside each prefix); at each bit, elements whose bit is 1 dominate the
    # elements with the same prefix whose bit is 0.
    a_cnt = np.zeros(m, dtype=np.int64)
    b_cnt = np.zeros(m, dtype=np.int64)
    nbits = max(1, int(q.max()).bit_length())
    order = np.arange(m, dtype=np.int64)      # positions in x order
    new_seg = np.empty(m, dtype=bool)
    new_run = np.empty(m, dtype=bool)
    c0 = np.zeros(m + 1, dtype=np.int64)
    for level in range(nbits - 1, -1, -1):
        qo = q[order]
        xo = xv[order]
        pre = qo >> (level + 1)
        one = ((qo >> level) & 1).astype(bool)
        new_seg[0] = True
        np.not_equal(pre[1:], pre[:-1], out=new_seg[1:])
        new_run[0] = True
        np.not_equal(xo[1:], xo[:-1], out=new_run[1:])
        new_run |= new_seg
        seg_start, seg_end, idx = _starts_ends(new_seg)
        run_start, run_end, _ = _starts_ends(new_run)
        np.cumsum(~one, out=c0[1:])
        ones = order[one]
        a_cnt[ones] += (c0[run_start] - c0[seg_start])[one]
        b_cnt[ones] += (c0[run_end] - c0[run_start])[one]
        zeros_before = c0[:-1] - c0[seg_start]
        zeros_in_seg = c0[seg_end] - c0[seg_start]
        newpos = np.where(one, idx + zeros_in_seg - zeros_before, seg_start + zeros_before)
        reordered = np.empty_like(order)
        reordered[newpos] = order
        order = reordered
    # now sorted by (y, x): ties in y with smaller x, and joint ties
    qo = q[order]
    xo = xv[order]
    new_seg[0] = True
    np.not_equal(qo[1:], qo[:-1], out=new_seg[1:])
    new_run[0] = True
    np.not_equal(xo[1:], xo[:-1], out=new_run[1:])
    new_run |= new_seg
    seg_start, _, _ = _starts_ends(new_seg)
    run_start, run_end, _ = _starts_ends(new_run)
    e1 = np.empty(m, dtype=np.int64)          # x_j < x_i, y_j = y_i
    exy = np.empty(m, dtype=np.int64)         # x_j = x_i, y_j = y_i (self included)
    e1[order] = run_start - seg_start
    exy[order] = run_end - run_start

    lg = x_less - a_cnt - e1                  # x <, y >
    gl = y_less - a_cnt - b_cnt               # x >, y <
    x_greater = m - x_less - r
    gg = x_greater - gl - (c - e1 - exy)      # x >, y >
    s = (a_cnt + gg) - (lg + gl)
    row_unit = None
    if with_rows:
        row_unit = np.full(x.rank.size, -1, dtype=np.int64)
        row_unit[rows] = np.arange(m, dtype=np.int64)
    return Units(np.ones(m, dtype=np.int64), s, r, c, row_unit)
