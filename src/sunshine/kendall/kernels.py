"""Compiled O(n log n) pair counts for columns with many distinct values.

Two kernels, compiled with numba (cached on disk, see :func:`cache_dir`),
both working on dense ranks made once per column by
:func:`sunshine.kendall.counts.rank_column`:

* :func:`merge_counts` -- S = C - D and the tie counts of one pair, with
  Knight's (1966) algorithm: the cases valid in both columns are put in
  (x, y) order by one counting sort of the second column's sort order on the
  first column's ranks (so no sort per pair), the joint ties are counted in
  that order, and the discordant pairs are the inversions of the y ranks,
  counted by a merge sort. This is what :func:`scipy.stats.kendalltau` does,
  without its two sorts per pair.
* :func:`fenwick_units` -- the concordant-minus-discordant count of every
  case (needed for ASE1 and cluster-robust standard errors): the cases are
  visited in (x, y) order and a Fenwick (binary indexed) tree over the y
  ranks (Fenwick 1994) counts, for each case, the earlier cases with smaller
  and larger y. Cases with identical (x, y) form one unit.

Both use O(n) memory: a few arrays of the pair's case count.

References
----------
Knight, W. R. (1966). A computer method for calculating Kendall's tau with
    ungrouped data. *JASA* 61(314), 436-439.
Fenwick, P. M. (1994). A new data structure for cumulative frequency tables.
    *Software: Practice and Experience* 24(3), 327-336.
Christensen, D. (2005). Fast algorithms for the calculation of Kendall's
    tau. *Computational Statistics* 20(1), 51-62.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np


def cache_dir() -> str:
    """The directory where numba keeps compiled kernels, outside the source tree.

    ``NUMBA_CACHE_DIR`` if set; else ``$XDG_CACHE_HOME/sunshine/numba`` (or
    ``~/.cache/sunshine/numba``) if it can be created and written; else a
    per-user directory in the system's temporary directory. numba's default
    (``__pycache__`` next to the source) would put files into ``src/``, which
    the book's execution cache hashes.

    Returns
    -------
    str
        The directory, created if needed.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for candidate in (Path(base) / "sunshine" / "numba",
                      Path(tempfile.gettempdir()) / f"sunshine-numba-{os.getuid()}"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return str(candidate)
        except OSError:
            continue
    return ""                     # numba then falls back to its own choice


os.environ.setdefault("NUMBA_CACHE_DIR", cache_dir())

import numba  # noqa: E402  (after the cache directory is chosen)

njit = numba.njit(cache=True, nogil=True)


@njit
def _xy_order(xr, kx, yr, ky, y_order):
    """Cases valid in both columns in (x, y) order, by a counting sort.

    Parameters
    ----------
    xr, yr : int64 arrays
        Dense ranks; ``kx`` / ``ky`` (one past the last level) marks missing.
    kx, ky : int
        Numbers of levels.
    y_order : intp array
        Rows valid in y, sorted by y.

    Returns
    -------
    rows : int64 array
        The rows valid in both, sorted by x rank, then y rank.
    cx, cy : int64 arrays
        Tie-group sizes (counts per level) among those rows.
    start : int64 array of kx + 1
        Where each x level starts in ``rows``.
    """
    cx = np.zeros(kx + 1, np.int64)
    cy = np.zeros(ky, np.int64)
    for row in y_order:
        a = xr[row]
        if a < kx:
            cx[a] += 1
            cy[yr[row]] += 1
    start = np.zeros(kx + 1, np.int64)
    for a in range(kx):
        start[a + 1] = start[a] + cx[a]
    pos = start.copy()
    rows = np.empty(start[kx], np.int64)
    for row in y_order:
        a = xr[row]
        if a < kx:
            rows[pos[a]] = row
            pos[a] += 1
    return rows, cx[:kx], cy, start


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
        The four sums as floats (exact below 2**53) and the number of
        non-empty groups (Kendall 1945, 1970: the tie corrections of tau-b
        and of the null variance of S).
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
def _merge_pass(src, dst, width):
    """One bottom-up merge pass from ``src`` into ``dst``; returns the inversions it met."""
    n = src.size
    inv = 0
    for lo in range(0, n, 2 * width):
        mid = min(lo + width, n)
        hi = min(lo + 2 * width, n)
        if mid >= hi or src[mid - 1] <= src[mid]:     # already in order
            dst[lo:hi] = src[lo:hi]
            continue
        i, j, k = lo, mid, lo
        while i < mid and j < hi:                     # branch-free merge step
            vi, vj = src[i], src[j]
            right = np.int64(vj < vi)                 # strict: ties are not inversions
            dst[k] = vj if right else vi
            inv += (mid - i) * right
            j += right
            i += 1 - right
            k += 1
        dst[k:k + mid - i] = src[i:mid]
        k += mid - i
        dst[k:k + hi - j] = src[j:hi]
    return inv


@njit
def inversions(a):
    """Number of pairs i < j with a[i] > a[j], by merge sort (Knight 1966); sorts ``a``.

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
def merge_counts(xr, kx, yr, ky, y_order):
    """2S = 2(C - D) and the tie-group sizes of one pair (Knight 1966).

    Parameters
    ----------
    xr, kx, yr, ky, y_order
        As in :func:`_xy_order`.

    Returns
    -------
    s2 : int
        Twice the concordant minus discordant pairs.
    cx, cy : int64 arrays
        Tie-group sizes of x and y among the cases valid in both.
    """
    rows, cx, cy, start = _xy_order(xr, kx, yr, ky, y_order)
    m = rows.size
    b = np.empty(m, np.int32)
    joint = 0                                   # pairs tied in both x and y
    for a in range(kx):
        run = 0
        for i in range(start[a], start[a + 1]):
            b[i] = yr[rows[i]]
            run = run + 1 if i > start[a] and b[i] == b[i - 1] else 1
            joint += run - 1
    tx = 0
    for g in cx:
        tx += g * (g - 1) // 2
    ty = 0
    for g in cy:
        ty += g * (g - 1) // 2
    d = inversions(b)
    n0 = m * (m - 1) // 2
    return 2 * (n0 - tx - ty + joint - 2 * d), cx, cy


@njit
def _fenwick_prefix(tree, q):
    """Sum of the counts of y ranks < q (Fenwick 1994)."""
    total = 0
    while q > 0:
        total += tree[q]
        q -= q & -q
    return total


@njit
def _fenwick_add(tree, q):
    """Count one more case with y rank q."""
    q += 1
    while q < tree.size:
        tree[q] += 1
        q += q & -q


@njit
def fenwick_units(xr, kx, yr, ky, y_order, nrows):
    """Concordant minus discordant count of every case, by a Fenwick tree.

    Parameters
    ----------
    xr, kx, yr, ky, y_order
        As in :func:`_xy_order`.
    nrows : int
        Rows in the data (for ``row_unit``).

    Returns
    -------
    weight, s, r, c : int64 arrays
        Per unit (run of cases with identical x and y): its size, its
        ``C_i - D_i``, and the tie-group sizes of its x and y values.
    row_unit : int64 array of nrows
        Unit of each row, -1 where x or y is missing.
    """
    rows, cx, cy, start = _xy_order(xr, kx, yr, ky, y_order)
    m = rows.size
    y_below = np.zeros(ky + 1, np.int64)         # cases with y rank < q
    for q in range(ky):
        y_below[q + 1] = y_below[q] + cy[q]
    tree = np.zeros(ky + 1, np.int64)
    weight = np.empty(m, np.int64)
    s = np.empty(m, np.int64)
    r = np.empty(m, np.int64)
    c = np.empty(m, np.int64)
    row_unit = np.full(nrows, -1, np.int64)
    u = 0
    for a in range(kx):
        lo, hi = start[a], start[a + 1]
        i = lo
        while i < hi:
            q = yr[rows[i]]
            j = i
            while j < hi and yr[rows[j]] == q:
                row_unit[rows[j]] = u
                j += 1
            ll = _fenwick_prefix(tree, q)                   # x <, y <
            lg = lo - _fenwick_prefix(tree, q + 1)          # x <, y >
            gl = y_below[q] - ll - (i - lo)                 # x >, y <
            gg = m - y_below[q + 1] - lg - (hi - j)         # x >, y >
            weight[u], s[u], r[u], c[u] = j - i, ll + gg - lg - gl, hi - lo, cy[q]
            u += 1
            i = j
        for i in range(lo, hi):
            _fenwick_add(tree, yr[rows[i]])
    return weight[:u], s[:u], r[:u], c[:u], row_unit
