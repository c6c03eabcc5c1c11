"""Correlation tables in the paper's printed form, as MyST Markdown.

SPSS prints a tau-b table as a lower triangle, three decimals without leading zero (``.424``),
marks after significant coefficients and a footnote. :func:`list_table` writes the MyST
``list-table`` every table of the book is (numbered, cross-referenced, typeset in HTML and PDF);
:func:`paper_table` fills it in the paper's form, :func:`side_by_side` beside the print.

References
----------
IBM Corp. *IBM SPSS Statistics Algorithms*, chapter "NONPAR CORR" (the table's layout and footnote).
MyST-Parser documentation, "Tables" (the ``list-table`` directive).
"""

from __future__ import annotations

import math
import re
from typing import Hashable, Mapping

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_LEVELS", "format_coef", "stars", "escape", "list_table", "paper_table",
           "compare_published", "side_by_side", "show"]

#: Significance marks and their two-tailed thresholds (mark given if p < threshold).
DEFAULT_LEVELS: Mapping[str, float] = {"**": 0.01, "*": 0.05}


def format_coef(value, digits: int = 3, *, na: str = ".") -> str:
    """Format a coefficient as SPSS prints it: no leading zero.

    ``digits`` decimals below 1 in absolute value (``.424``); a value rounding to 1 gets one fewer, as
    the paper prints the diagonal (``1.00``). Rounding is Python's (half to even on the binary value).

    Parameters
    ----------
    value : float or None
    digits : int, default 3
        Decimals for a value below 1 in absolute value.
    na : str, default "."
        Text of a missing value or NaN (SPSS's ``.``).

    Returns
    -------
    str

    Examples
    --------
    >>> format_coef(0.424), format_coef(-0.171), format_coef(1.0)
    ('.424', '-.171', '1.00')
    """
    if not isinstance(digits, (int, np.integer)) or isinstance(digits, bool) or digits < 1:
        raise ValueError(f"digits must be a positive integer, got {digits!r}")
    if pd.isna(value):
        return na
    v = float(value)
    text = f"{v:.{digits}f}"
    if abs(float(text)) >= 1.0:
        return f"{v:.{digits - 1}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("0.", ".", 1)


def _check_levels(levels: Mapping[str, float]) -> list[tuple[str, float]]:
    if not isinstance(levels, Mapping) or not levels:
        raise ValueError("levels must be a non-empty mapping like {'**': 0.01, '*': 0.05}")
    out = []
    for mark, thr in levels.items():
        if not isinstance(mark, str) or not mark:
            raise ValueError(f"significance mark must be a non-empty string, got {mark!r}")
        if not (isinstance(thr, (int, float)) and 0.0 < thr < 1.0):
            raise ValueError(f"threshold for {mark!r} must be in (0, 1), got {thr!r}")
        out.append((mark, float(thr)))
    return sorted(out, key=lambda mt: mt[1])


def stars(p, levels: Mapping[str, float] = DEFAULT_LEVELS) -> str:
    """The significance mark for a p-value: the mark of the smallest threshold above p (``""`` if none).

    Parameters
    ----------
    p : float or None
        A p-value; missing gives no mark.
    levels : mapping of str to float, default :data:`DEFAULT_LEVELS`

    Returns
    -------
    str
    """
    if p is None or pd.isna(p):
        return ""
    return next((mark for mark, thr in _check_levels(levels) if p < thr), "")


def escape(text: str) -> str:
    r"""Escape Markdown-active characters (``\\ ` * _ [ ] < > | #``) so that '**' prints as asterisks.

    Parameters
    ----------
    text : str
        Non-strings are converted with :func:`str`.

    Returns
    -------
    str

    Examples
    --------
    >>> print(escape("p < .01**"))
    p \< .01\*\*
    """
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", str(text))


def _footnote(levels, n_values, variant_note: str | None = None, n_prefix: str = "") -> str:
    lines = [f"{escape(mark)} Coefficient is significant at the "
             f"{format_coef(thr, digits=max(2, len(f'{thr:g}'.split('.')[-1])))} level (2-tailed)."
             for mark, thr in _check_levels(levels)]
    n_values = np.asarray(n_values)
    if n_values.size:
        lo, hi = int(n_values.min()), int(n_values.max())
        lines.append(n_prefix + (f"n = {lo:,}." if lo == hi else f"n = {lo:,} to {hi:,} (pairwise)."))
    if variant_note:
        lines.append(variant_note)
    return " ".join(lines)


def list_table(header: list, rows: list[list], caption: str, label: str,
               align: str | None = None, *, widths: list[int] | None = None) -> str:
    """Write a numbered MyST ``list-table`` directive: the one table builder of the book.

    Parameters
    ----------
    header : list
        The column headings (one header row).
    rows : list of list
        Body rows as long as ``header``; cells are MyST text (escape literal text with :func:`escape`),
        white space folded to one space, since a line break would end the cell.
    caption : str
        Non-empty; white space folded.
    label : str
        Its ``:name:``, an identifier such as ``"tbl-kendall-1"``.
    align : {"left", "center", "right"}, optional
    widths : list of int, optional
        Relative column widths.

    Returns
    -------
    str
        The directive, for ``glue`` or :func:`show`; ValueError for a label that is not an
        identifier, an empty caption, or a row or ``widths`` of the wrong length.

    Examples
    --------
    >>> print(list_table(["a", "b"], [[1, "x\\ny"]], "A caption.", "tbl-demo"))
    ```{list-table} A caption.
    :name: tbl-demo
    :header-rows: 1
    <BLANKLINE>
    * - a
      - b
    * - 1
      - x y
    ```
    """
    if not isinstance(label, str) or not re.fullmatch(r"[A-Za-z][\w\-:.]*", label):
        raise ValueError(f"label must be an identifier like 'tbl-kendall-1', got {label!r}")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("caption must be a non-empty string")
    out = [f"```{{list-table}} {' '.join(caption.split())}", f":name: {label}", ":header-rows: 1"]
    if widths is not None:
        if len(widths) != len(header):
            raise ValueError(f"{len(widths)} widths for {len(header)} columns")
        out.append(":widths: " + " ".join(str(int(w)) for w in widths))
    if align:
        out.append(f":align: {align}")
    out.append("")
    for i, row in enumerate([header, *rows]):
        if len(row) != len(header):
            raise ValueError(f"row {i} has {len(row)} cells, the header {len(header)}")
        first, *rest = (" ".join(str(cell).split()) for cell in row)
        out.append(f"* - {first}".rstrip())
        out.extend(f"  - {cell}".rstrip() for cell in rest)
    out.append("```")
    return "\n".join(out)


def paper_table(result, *, caption: str, label: str,
                levels: Mapping[str, float] = DEFAULT_LEVELS,
                labels: Mapping[Hashable, str] | None = None, digits: int = 3,
                footnote: bool = True, na: str = ".") -> str:
    """A Kendall correlation table in the paper's form (lower triangle, marks, footnote with n), as MyST.

    Parameters
    ----------
    result : KendallResult
        From :func:`sunshine.kendall.kendall_matrix`.
    caption, label : str
        As for :func:`list_table`.
    levels : mapping of str to float, default :data:`DEFAULT_LEVELS`
        Marks and thresholds; the paper used ``{"**": 0.01}``.
    labels : mapping of column to display name, optional
    digits : int, default 3
    footnote : bool, default True
        Append the footnote paragraph (marks, n).
    na : str, default "."
        Text for a coefficient that could not be computed.

    Returns
    -------
    str
        The ``list-table`` directive, a blank line, the footnote.
    """
    tau, pvalue, nmat = result.tau, result.pvalue, result.n
    k = len(tau.columns)
    names = [escape((labels or {}).get(c, c)) for c in tau.columns]
    _check_levels(levels)
    rows = [[names[i], *(format_coef(tau.iloc[i, j], digits, na=na)
                         + (escape(stars(pvalue.iloc[i, j], levels)) if j < i else "") for j in range(i + 1)),
             *[""] * (k - i - 1)] for i in range(k)]
    text = list_table([""] + names, rows, caption, label)
    if footnote:
        off = [nmat.iloc[i, j] for i in range(k) for j in range(i)] or [nmat.iloc[0, 0]]
        note = None if result.variant == "b" else "Coefficients are Stuart's tau-c."
        text += "\n\n" + _footnote(levels, off, note)
    return text + "\n"


_PRINTED = re.compile(r"^\s*(?P<num>[-+]?(?:\d+\.?\d*|\.\d+))\s*(?P<marks>\**)\s*$")


def _parse_printed(cell, digits: int):
    """(value, decimals, marks) of a printed cell; None for a blank cell."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return None
    if isinstance(cell, (int, float, np.integer, np.floating)):
        return float(cell), digits, ""
    text = str(cell)
    if not text.strip():
        return None
    m = _PRINTED.match(text)
    if not m:
        raise ValueError(f"cannot read the printed coefficient {cell!r} (expected e.g. '.424**')")
    num = m.group("num")
    decimals = len(num.split(".")[1]) if "." in num else 0
    return float(num), decimals, m.group("marks")


def compare_published(published: pd.DataFrame, recomputed,
                      levels: Mapping[str, float] = DEFAULT_LEVELS,
                      digits: int = 3) -> pd.DataFrame:
    """Compare a printed correlation table with a recomputed one, cell by cell.

    Parameters
    ----------
    published : DataFrame
        The table as printed, indexed by variables of ``recomputed``: strings (``".424**"``) or
        numbers; blank cells and the diagonal are skipped.
    recomputed : KendallResult
    levels : mapping of str to float, default :data:`DEFAULT_LEVELS`
        The publication's significance marks (the paper: ``{"**": 0.01}``).
    digits : int, default 3
        Decimals assumed for cells given as numbers.

    Returns
    -------
    DataFrame
        One row per printed off-diagonal cell: ``row, column, published, recomputed`` (printed with the
        published decimals and marks), ``tau, pvalue, n``, ``value_differs`` (at the printed
        decimals) and ``marks_differ``.
    """
    if not isinstance(published, pd.DataFrame):
        raise TypeError("published must be a DataFrame of printed cells")
    missing = [c for c in list(published.index) + list(published.columns)
               if c not in recomputed.tau.columns]
    if missing:
        raise KeyError(f"published table has variables not in the recomputed result: "
                       f"{sorted(set(map(str, missing)))}")
    rows = []
    for a in published.index:
        for b in published.columns:
            parsed = _parse_printed(published.loc[a, b], digits) if a != b else None
            if parsed is None:  # the diagonal or a blank cell
                continue
            value, dec, marks = parsed
            tau = float(recomputed.tau.loc[a, b])
            p = float(recomputed.pvalue.loc[a, b])
            mark = stars(p, levels)
            if np.isnan(tau):
                rec_text, value_differs = ".", True
            else:
                rounded = round(tau, dec)
                value_differs = not math.isclose(rounded, value, abs_tol=0.5 * 10 ** -(dec + 3))
                rec_text = (format_coef(tau, dec) if dec > 0 else f"{rounded + 0.0:.0f}") + mark
            rows.append({
                "row": a, "column": b,
                "published": str(published.loc[a, b]).strip(),
                "recomputed": rec_text, "tau": tau, "pvalue": p,
                "n": int(recomputed.n.loc[a, b]),
                "value_differs": bool(value_differs),
                "marks_differ": marks != mark,
            })
    return pd.DataFrame(rows, columns=["row", "column", "published", "recomputed", "tau",
                                       "pvalue", "n", "value_differs", "marks_differ"])


def side_by_side(published: pd.DataFrame, recomputed, *, caption: str, label: str,
                 levels: Mapping[str, float] = DEFAULT_LEVELS,
                 labels: Mapping[Hashable, str] | None = None, digits: int = 3) -> str:
    """Published and recomputed coefficients pair by pair, with a check column (``same``, ``value differs``, ...).

    Parameters
    ----------
    published, recomputed, levels, digits
        As for :func:`compare_published`.
    caption, label : str
        As for :func:`list_table`.
    labels : mapping of column to display name, optional

    Returns
    -------
    str
        The directive, a blank line and the footnote.
    """
    cmp = compare_published(published, recomputed, levels=levels, digits=digits)
    labels = dict(labels or {})
    checks = {(False, False): "same", (True, False): "value differs", (False, True): "marks differ",
              (True, True): "value and marks differ"}
    body = [[escape(f"{labels.get(rec.row, rec.row)} × {labels.get(rec.column, rec.column)}"),
             escape(rec.published), escape(rec.recomputed), checks[(rec.value_differs, rec.marks_differ)]]
            for rec in cmp.itertuples(index=False)]
    text = list_table(["Pair", "Published", "Recomputed", "Check"], body, caption, label)
    return text + "\n\n" + _footnote(levels, cmp["n"].to_numpy(), n_prefix="Recomputed column: ") + "\n"


def show(markdown: str):
    """Wrap a MyST string (a table of this module) for display as a notebook cell output.

    Parameters
    ----------
    markdown : str
        TypeError for anything else.

    Returns
    -------
    IPython.display.Markdown
    """
    from IPython.display import Markdown

    if not isinstance(markdown, str):
        raise TypeError(f"show() takes the string from paper_table/side_by_side, got "
                        f"{type(markdown).__name__}")
    return Markdown(markdown)
