"""Compiled O(n log n), O(n)-memory pair counts (numba, cached on disk: :func:`cache_dir`).

They work on dense ranks made once per column, put in (x, y) order without a sort per pair:
S and ties by merge-sort inversions (Knight 1966, :func:`merge_counts`); each case's C - D by a
Fenwick tree (Fenwick 1994, :func:`fenwick_units`) or a counting merge sort (Christensen 2005,
:func:`merge_units`, :func:`merge_influence`); ASE1 and cluster sums (Agresti 2010; Liang & Zeger 1986).

References
----------
Knight, W. R. (1966). A computer method for calculating Kendall's tau with ungrouped data.
    *JASA* 61(314), 436-439.
Fenwick, P. M. (1994). A new data structure for cumulative frequency tables.
    *Software: Practice and Experience* 24(3), 327-336.
Christensen, D. (2005). Fast algorithms for the calculation of Kendall's tau.
    *Computational Statistics* 20(1), 51-62.
Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed. Wiley.
Liang, K.-Y., Zeger, S. L. (1986). Longitudinal data analysis using generalized linear models.
    *Biometrika* 73(1), 13-22.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np


def cache_dir() -> str:
    """Where numba keeps compiled kernels: ``NUMBA_CACHE_DIR``, else a writable user cache or temp directory.

    Returns
    -------
    str
        The directory, created if needed.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for candidate in (Path(base) / "sunshine" / "numba",
                      Path(tempfile.gettempdir()) / f"sunshine-numba-{getattr(os, 'getuid', lambda: 0)()}"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return str(candidate)
        except OSError:
            continue
    return ""                     # numba then falls back to its own choice


os.environ.setdefault("NUMBA_CACHE_DIR", cache_dir())

import numba  # noqa: E402  (after the cache directory is chosen)

if not numba.config.CACHE_DIR:       # numba was imported before us, without the setting
    numba.config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]

njit = numba.njit(cache=True, nogil=True)


@njit
def tie_sums(t):
    """Tie terms of one column: sum t^2, sum t(t-1)(2t+5), sum t(t-1), sum t(t-1)(t-2), levels.

    Parameters
    ----------
    t : int64 array
        Tie-group sizes (zeros allowed).

    Returns
    -------
    tuple
        The four sums as floats (exact below 2**53) and the number of non-empty groups
        (the tie corrections of tau-b and of var(S), Kendall 1945, 1970).
    """
    sq = 0
    v = 0.0
    t1 = 0.0
    t2 = 0.0
    levels = 0
    for g in t:
        if g > 0:
            sq += g * g
            f = float(g)
            v += f * (f - 1.0) * (2.0 * f + 5.0)
            t1 += f * (f - 1.0)
            t2 += f * (f - 1.0) * (f - 2.0)
            levels += 1
    return sq, v, t1, t2, levels


@njit
def _gather_sequence(x_order, x_sorted, x_missing, yr, ky, y_counts, want_rows):
    """Cases valid in both columns in (x, y) order along x's sort order, tied x runs insertion-sorted by y.

    Returns y ranks ``b``, their ``rows`` (if ``want_rows``), x groups' ``start`` in ``b`` and y's ``cy``.
    """
    n = x_order.size
    b = np.empty(n, np.int32)
    rows = np.empty(n if want_rows else 0, np.int64)
    start = np.empty(n + 1, np.int64)
    cy = y_counts.copy()
    for row in x_missing:                      # y's ties among the rows valid in x
        if yr[row] < ky:
            cy[yr[row]] -= 1
    m = 0
    g = 0
    last = -1
    for t in range(n):
        row = x_order[t]
        q = yr[row]
        if q < ky:
            if x_sorted[t] != last:
                start[g] = m
                g += 1
                last = x_sorted[t]
            b[m] = q
            if want_rows:
                rows[m] = row
            m += 1
    start[g] = m
    for s in range(g):
        _insertion_sort(b, rows, start[s], start[s + 1], want_rows)
    return b[:m], rows[:m], start[:g + 1], cy


@njit
def _insertion_sort(b, rows, lo, hi, want_rows):
    """Sort ``b[lo:hi]`` (and ``rows`` alongside) in place by insertion."""
    for i in range(lo + 1, hi):
        v = b[i]
        if want_rows:
            rv = rows[i]
        j = i - 1
        while j >= lo and b[j] > v:
            b[j + 1] = b[j]
            if want_rows:
                rows[j + 1] = rows[j]
            j -= 1
        b[j + 1] = v
        if want_rows:
            rows[j + 1] = rv


@njit
def _counting_sequence(xr, kx, y_order, y_sorted, ky, want_rows):
    """As :func:`_gather_sequence`, by distributing y's sort order stably into x's ``kx`` levels."""
    m_all = y_order.size
    ax = np.empty(m_all, np.int64)
    start = np.zeros(kx + 1, np.int64)
    cy = np.zeros(ky, np.int64)
    for t in range(m_all):
        a = xr[y_order[t]]
        ax[t] = a
        if a < kx:
            start[a + 1] += 1
            cy[y_sorted[t]] += 1
    for a in range(kx):
        start[a + 1] += start[a]
    pos = start[:kx].copy()
    b = np.empty(start[kx], np.int32)
    rows = np.empty(start[kx] if want_rows else 0, np.int64)
    for t in range(m_all):
        a = ax[t]
        if a < kx:
            b[pos[a]] = y_sorted[t]
            if want_rows:
                rows[pos[a]] = y_order[t]
            pos[a] += 1
    return b[:start[kx]], rows[:start[kx]], start[:kx + 1], cy


@njit
def _merge_pass(src, dst, width):
    """One bottom-up merge pass from ``src`` into ``dst`` (branch-free); returns the inversions it met."""
    n = np.uint64(src.size)
    w = np.uint64(width)
    one = np.uint64(1)
    inv = np.uint64(0)
    lo = np.uint64(0)
    while lo < n:
        mid = min(lo + w, n)
        hi = min(mid + w, n)
        if mid >= hi or src[mid - one] <= src[mid]:     # already in order
            for t in range(lo, hi):
                dst[t] = src[t]
            lo = hi
            continue
        i, j, k = lo, mid, lo
        while i < mid and j < hi:
            vi, vj = src[i], src[j]
            right = np.uint64(vj < vi)                   # strict: ties are not inversions
            dst[k] = vj if vj < vi else vi
            inv += (mid - i) * right
            j += right
            i += one - right
            k += one
        while i < mid:
            dst[k] = src[i]
            i += one
            k += one
        while j < hi:
            dst[k] = src[j]
            j += one
            k += one
        lo = hi
    return np.int64(inv)


@njit
def inversions(a):
    """Number of pairs i < j with a[i] > a[j], by merge sort (Knight 1966).

    Parameters
    ----------
    a : int32 array
        Overwritten (left sorted).

    Returns
    -------
    int
    """
    n = a.size
    inv = 0
    block = 16                                   # insertion sort small blocks
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        for i in range(lo + 1, hi):
            v = a[i]
            j = i - 1
            while j >= lo and a[j] > v:
                a[j + 1] = a[j]
                j -= 1
            inv += i - 1 - j
            a[j + 1] = v
    src, dst = a, np.empty_like(a)
    width = block
    swapped = False
    while width < n:
        inv += _merge_pass(src, dst, width)
        src, dst = dst, src
        swapped = not swapped
        width *= 2
    if swapped:
        a[:] = src
    return inv


@njit
def _sequence(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts,
              gather, want_rows):
    """(x, y) order by :func:`_gather_sequence` or :func:`_counting_sequence`."""
    if gather:
        return _gather_sequence(x_order, x_sorted, x_missing, yr, ky, y_counts, want_rows)
    return _counting_sequence(xr, kx, y_order, y_sorted, ky, want_rows)


@njit
def merge_counts(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts,
                 gather):
    """2S = 2(C - D) and the tie-group sizes of one pair (Knight 1966).

    Parameters
    ----------
    xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts
        Dense ranks (``k``, the number of levels, marks missing), valid rows sorted by value and
        their ranks, x's missing rows, y's tie-group sizes.
    gather : bool
        Order the cases along x's sort order (small x ties), not by a counting sort of x's ranks.

    Returns
    -------
    s2 : int
        Twice the concordant minus discordant pairs.
    cx, cy : int64 arrays
        Tie-group sizes of x and y among the cases valid in both.
    """
    b, _, start, cy = _sequence(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted,
                                y_counts, gather, False)
    m = b.size
    joint = 0                                    # pairs tied in both x and y
    tx = 0
    for g in range(start.size - 1):
        run = 0
        for i in range(start[g], start[g + 1]):
            run = run + 1 if i > start[g] and b[i] == b[i - 1] else 1
            joint += run - 1
        t = start[g + 1] - start[g]
        tx += t * (t - 1) // 2
    ty = 0
    for t in cy:
        ty += t * (t - 1) // 2
    d = inversions(b)
    n0 = m * (m - 1) // 2
    return 2 * (n0 - tx - ty + joint - 2 * d), np.diff(start), cy


@njit
def _fenwick_prefix(tree, q):
    """Number of cases counted with y rank < q (Fenwick 1994)."""
    total = 0
    while q > 0:
        total += tree[q]
        q -= q & -q
    return total


@njit
def _fenwick_add(tree, q, count):
    """Count ``count`` more cases with y rank q (Fenwick 1994)."""
    q += 1
    while q < tree.size:
        tree[q] += count
        q += q & -q


@njit
def fenwick_units(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts,
                  gather, nrows, want_units, want_rows):
    """Concordant minus discordant count of every case, by a Fenwick tree (a prefix query per run of (x, y)).

    Parameters
    ----------
    xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts, gather
        As in :func:`merge_counts`.
    nrows : int
        Rows in the data (for ``row_unit``).
    want_units : bool
        Return the units; else only ``s2, cx, cy`` (cheaper than :func:`merge_counts` for few y levels).
    want_rows : bool
        Return ``row_unit`` (else empty); needs ``want_units``.

    Returns
    -------
    s2, cx, cy
        As from :func:`merge_counts`.
    weight, s, r, c : int64 arrays
        Per unit (run of identical x and y): size, ``C_i - D_i``, tie-group sizes of its x and y.
    row_unit : int64 array of nrows
        Unit of each row, -1 where x or y is missing.
    """
    b, rows, start, cy = _sequence(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order,
                                   y_sorted, y_counts, gather, want_rows)
    m = b.size
    y_below = np.zeros(ky + 1, np.int64)         # cases with y rank < q
    for q in range(ky):
        y_below[q + 1] = y_below[q] + cy[q]
    tree = np.zeros(ky + 1, np.int32)            # counts < 2**31: half the cache of int64
    same_y = np.zeros(ky, np.int64)              # earlier cases with y rank q
    weight, s, r, c, row_unit = _unit_arrays(m if want_units else 0, nrows if want_rows else 0)
    u = 0
    s2 = 0
    for g in range(start.size - 1):
        lo, hi = start[g], start[g + 1]
        i = lo
        while i < hi:
            q = b[i]
            j = _run_end(b, i, hi)
            ll = _fenwick_prefix(tree, q)                   # x <, y <
            lg = lo - ll - same_y[q]                        # x <, y >
            gl = y_below[q] - ll - (i - lo)                 # x >, y <
            gg = m - y_below[q + 1] - lg - (hi - j)         # x >, y >
            s2 += (j - i) * (ll + gg - lg - gl)
            if want_rows:
                for t in range(i, j):
                    row_unit[rows[t]] = u
            if want_units:
                weight[u], s[u], r[u], c[u] = j - i, ll + gg - lg - gl, hi - lo, cy[q]
            u += 1
            i = j
        _add_group(tree, same_y, b, lo, hi)
    n_units = u if want_units else 0
    return (s2, np.diff(start), cy, weight[:n_units], s[:n_units], r[:n_units], c[:n_units],
            row_unit)


@njit
def _unit_arrays(m, nrows):
    """Empty weight, s, r, c arrays for m units, and ``row_unit`` (-1) for nrows rows."""
    return (np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m, np.int64),
            np.empty(m, np.int64), np.full(nrows, -1, np.int64))


@njit
def _run_end(b, i, hi):
    """End of the run of values equal to ``b[i]`` that starts at i (at most ``hi``)."""
    j = i + 1
    while j < hi and b[j] == b[i]:
        j += 1
    return j


@njit
def _add_group(tree, same_y, b, lo, hi):
    """Add the cases ``b[lo:hi]`` (sorted y ranks) to the Fenwick tree, a run at a time."""
    i = lo
    while i < hi:
        j = _run_end(b, i, hi)
        _fenwick_add(tree, b[i], j - i)
        same_y[b[i]] += j - i
        i = j


@njit
def cluster_sums(groups, row_unit, psi, n_groups):
    """Sum of the influence values of each cluster, in one pass over the rows (for the sandwich variance).

    Parameters
    ----------
    groups : int64 array
        Cluster code (0 .. n_groups - 1) of each row.
    row_unit : int64 array
        Unit of each row, -1 where the pair has a missing value.
    psi : float64 array
        Influence value of each unit.
    n_groups : int

    Returns
    -------
    totals : float64 array of n_groups
        Sum of psi over the cluster's rows, in row order (bit-identical to :func:`numpy.bincount`).
    present : int
        Clusters with at least one row valid for the pair.
    """
    totals = np.zeros(n_groups, np.float64)
    seen = np.zeros(n_groups, np.bool_)
    for i in range(groups.size):
        u = row_unit[i]
        if u >= 0:
            g = groups[i]
            totals[g] += psi[u]
            seen[g] = True
    return totals, int(seen.sum())


@njit
def influence_b(weight, s, r, c, dr, dc, tau):
    """Influence of each unit on tau-b and the sum of their squares, in two passes.

    Parameters
    ----------
    weight, s, r, c : int64 arrays
        The units of a pair (:class:`sunshine.kendall.counts.Units`).
    dr, dc : float
        n^2 - sum r_i and n^2 - sum c_i.
    tau : float
        tau-b, unclipped.

    Returns
    -------
    psi : float64 array
        ``(a_i - mean(a)) / (D_r D_c)`` with ``a_i = 2 sqrt(D_r D_c) s_i +
        tau (r_i D_c + c_i D_r)``, each computed as
        :func:`sunshine.kendall.tau._influence` does.
    ss : float
        sum over cases of psi^2 (ASE1 squared; Agresti 2010, sec. 7.1.4).
    """
    root = np.sqrt(dr) * np.sqrt(dc)
    m = weight.size
    psi = np.empty(m, np.float64)
    total_a = 0.0
    n = 0
    for i in range(m):
        a = 2.0 * root * s[i] + tau * (r[i] * dc + c[i] * dr)
        psi[i] = a
        total_a += weight[i] * a
        n += weight[i]
    a_bar = total_a / n
    ss = 0.0
    for i in range(m):
        p = (psi[i] - a_bar) / (dr * dc)
        psi[i] = p
        ss += weight[i] * (p * p)
    return psi, ss


#: Bits of each field of a packed key of :func:`discordant_each`: y rank,
#: position and count, so that pairs of at most 2**21 - 1 cases fit.
PACK_BITS = 21
_LOW = (1 << PACK_BITS) - 1


@njit
def _merge_pass_counts(src, dst, width):
    """One merge pass over packed keys, adding to each key's low bits the elements it passes."""
    n = src.size
    lo = 0
    while lo < n:
        mid = min(lo + width, n)
        hi = min(mid + width, n)
        if mid >= hi or src[mid - 1] <= src[mid]:     # already in order: nothing passes
            dst[lo:hi] = src[lo:hi]
            lo = hi
            continue
        i, j, k = lo, mid, lo
        while i < mid and j < hi:                     # branch-free merge step
            vi, vj = src[i], src[j]
            right = vj < vi
            dst[k] = (vj + (mid - i)) if right else (vi + (j - mid))
            j += right
            i += 1 - right
            k += 1
        for t in range(i, mid):
            dst[k + t - i] = src[t] + (hi - mid)
        k += mid - i
        dst[k:hi] = src[j:hi]
        lo = hi


@njit
def discordant_each(b):
    """For every position i of ``b``: the earlier greater plus the later smaller values.

    Parameters
    ----------
    b : int32 array
        At most ``2**PACK_BITS - 1`` values, each below that bound.

    Returns
    -------
    int64 array
        Per-element inversion counts, by a merge sort of keys (value, position, count) packed in one int64.
    """
    n = b.size
    keys = np.empty(n, np.int64)
    for t in range(n):
        keys[t] = (np.int64(b[t]) << (2 * PACK_BITS)) | (np.int64(t) << PACK_BITS)
    block = 16                                   # insertion sort small blocks
    for lo in range(0, n, block):
        for i in range(lo + 1, min(lo + block, n)):
            v = keys[i]
            j = i - 1
            while j >= lo and keys[j] > v:
                keys[j + 1] = keys[j] + 1
                j -= 1
            keys[j + 1] = v + (i - 1 - j)
    src, dst = keys, np.empty_like(keys)
    width = block
    while width < n:
        _merge_pass_counts(src, dst, width)
        src, dst = dst, src
        width *= 2
    d = np.empty(n, np.int64)
    for t in range(n):
        d[(src[t] >> PACK_BITS) & _LOW] = src[t] & _LOW
    return d


@njit
def merge_units(xr, kx, x_order, x_sorted, x_missing,
                yr, ky, y_order, y_sorted, y_counts, gather, nrows, want_rows):
    """The units of :func:`fenwick_units` from merge-sort counts (``s = m - r - c + e - 2 D`` per run).

    Parameters
    ----------
    want_rows : bool
        Return ``row_unit`` (else it is empty).
    nrows : int
        Rows in the data.
    xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts, gather
        As for :func:`merge_counts`.

    Returns
    -------
    s2, cx, cy, weight, s, r, c, row_unit
        As from :func:`fenwick_units` with ``want_units``.
    """
    b, rows, start, cy = _sequence(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order,
                                   y_sorted, y_counts, gather, want_rows)
    m = b.size
    d = discordant_each(b)
    weight, s, r, c, row_unit = _unit_arrays(m, nrows if want_rows else 0)
    s2, u, g, i = 0, 0, 0, 0
    while i < m:                                  # runs of identical (x, y)
        while start[g + 1] <= i:                  # the x group of case i
            g += 1
        tx = start[g + 1] - start[g]
        j = _run_end(b, i, start[g + 1])
        weight[u], r[u], c[u] = j - i, tx, cy[b[i]]
        s[u] = (m - tx - cy[b[i]] + (j - i)) - 2 * d[i]
        s2 += (j - i) * s[u]
        for t in range(i, j if want_rows else i):
            row_unit[rows[t]] = u
        u += 1
        i = j
    return (s2, np.diff(start), cy, weight[:u], s[:u], r[:u], c[:u], row_unit)


@njit
def _runs_pass(b, start, cy, d, stage, coef, groups, rows, totals, seen):
    """One pass over the runs of :func:`merge_influence`: stage 0 sums w s (2S); 1 sums w psi^2 and the cluster totals."""
    m = b.size
    isum, fsum = 0, 0.0
    g, i = 0, 0
    while i < m:
        while start[g + 1] <= i:                  # the x group of case i
            g += 1
        j = _run_end(b, i, start[g + 1])
        w, r, c = j - i, start[g + 1] - start[g], cy[b[i]]
        s = (m - r - c + w) - 2 * d[i]
        if stage == 0:
            isum += w * s
        else:
            a = 2.0 * coef[0] * s + coef[1] * (r * coef[3] + c * coef[2])
            p = (a - coef[4]) / (coef[2] * coef[3])
            fsum += w * (p * p)
            for t in range(i, j if groups.size else i):
                totals[groups[rows[t]]] += p
                seen[groups[rows[t]]] = True
        i = j
    return isum, fsum


@njit
def merge_influence(xr, kx, x_order, x_sorted, x_missing,
                    yr, ky, y_order, y_sorted, y_counts, gather, groups, n_groups):
    """tau-b's counts, ASE1^2 and cluster sums of influence in two passes over the runs, no per-unit arrays.

    Parameters
    ----------
    groups : int64 array
        Cluster code of each row, or empty (no clusters).
    n_groups : int
        Number of cluster codes.
    xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order, y_sorted, y_counts, gather
        As for :func:`merge_counts`.

    Returns
    -------
    s2, cx, cy
        As from :func:`merge_counts`.
    ss : float
        Sum of psi^2 over cases (ASE1 squared), as :func:`influence_b`.
    totals : float64 array of n_groups
        Sum of psi over each cluster's cases.
    present : int
        Clusters with at least one case.
    """
    b, rows, start, cy = _sequence(xr, kx, x_order, x_sorted, x_missing, yr, ky, y_order,
                                   y_sorted, y_counts, gather, groups.size > 0)
    m = b.size
    d = discordant_each(b)
    cx = np.diff(start)
    totals = np.zeros(n_groups, np.float64)
    seen = np.zeros(n_groups, np.bool_)
    s2 = _runs_pass(b, start, cy, d, 0, np.zeros(5), groups, rows, totals, seen)[0]
    sq_x, sq_y = np.sum(cx * cx), np.sum(cy * cy)
    dr, dc = float(m * m - sq_x), float(m * m - sq_y)
    if m < 2 or dr == 0.0 or dc == 0.0:
        return s2, cx, cy, np.nan, totals, 0
    coef = np.array([np.sqrt(dr) * np.sqrt(dc), 0.0, dr, dc, 0.0])
    coef[1] = s2 / coef[0]
    # mean of a: sum_i s_i = 2S, sum_i r_i = sum t^2 = sq_x, sum_i c_i = sq_y
    coef[4] = (2.0 * coef[0] * s2 + coef[1] * (sq_x * dc + sq_y * dr)) / m
    ss = _runs_pass(b, start, cy, d, 1, coef, groups, rows, totals, seen)[1]
    return s2, cx, cy, ss, totals, int(seen.sum())
