"""Tests of sunshine.report.tables: the exact strings of the paper-style tables.

The coefficients fed to the renderer are set by hand (the paper's Table I as
printed, with chosen p-values), so that these tests check formatting only; the
statistics are tested in test_stats.py. The MyST output is also parsed with
myst-parser's docutils parser (the parser Jupyter Book uses) to check that it
becomes a captioned, labelled table node.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from sunshine.kendall import KendallResult, kendall_matrix
from sunshine.report.tables import (
    compare_published,
    format_coef,
    paper_table,
    show,
    side_by_side,
    stars,
)

COLS = ["Age", "Gender", "Education"]


def make_result(tau_lower, p_lower, n, variant="b") -> KendallResult:
    """A KendallResult from lower-triangle values given row by row."""
    k = len(COLS)
    tau = np.eye(k)
    p = np.full((k, k), np.nan)
    it_t, it_p = iter(tau_lower), iter(p_lower)
    for i in range(k):
        for j in range(i):
            tau[i, j] = tau[j, i] = next(it_t)
            p[i, j] = p[j, i] = next(it_p)
    nn = np.full((k, k), n) if np.isscalar(n) else np.asarray(n)
    f = lambda a: pd.DataFrame(a, index=COLS, columns=COLS)  # noqa: E731
    nan = f(np.full((k, k), np.nan))
    return KendallResult(tau=f(tau), pvalue=f(p), n=f(nn), statistic=nan, ase=nan,
                         ci_low=nan, ci_high=nan, se_cluster=None, ci_cluster_low=None,
                         ci_cluster_high=None, n_clusters=None, variant=variant,
                         missing="pairwise", confidence=0.95)


def parse(markdown: str) -> nodes.document:
    return publish_doctree(markdown, parser=Parser(),
                           settings_overrides={"report_level": 2, "halt_level": 2,
                                               "warning_stream": False})


@pytest.mark.parametrize("value, expected", [
    (0.424, ".424"), (-0.171, "-.171"), (1.0, "1.00"), (-1.0, "-1.00"),
    (0.0291, ".029"), (0.0, ".000"), (-0.0002, ".000"), (0.9996, "1.00"),
    (0.17588, ".176"), (np.nan, "."), (None, "."),
])
def test_format_coef(value, expected):
    assert format_coef(value) == expected


def test_format_coef_digits_and_errors():
    assert format_coef(0.17588, 5) == ".17588"
    assert format_coef(-0.304, 2) == "-.30"
    assert format_coef(np.nan, na="") == ""
    with pytest.raises(ValueError, match="digits"):
        format_coef(0.5, 0)


def test_stars_levels():
    assert stars(0.0099) == "**"
    assert stars(0.01) == "*"
    assert stars(0.049) == "*"
    assert stars(0.05) == ""
    assert stars(np.nan) == ""
    assert stars(0.02, {"**": 0.01}) == ""
    assert stars(0.0005, {"***": 0.001, "**": 0.01}) == "***"
    with pytest.raises(ValueError, match="threshold"):
        stars(0.1, {"*": 5})


def test_paper_table_exact_string():
    res = make_result([0.029, 0.424, -0.171], [0.2, 1e-40, 0.03], 2351)
    md = paper_table(res, caption="Kendall's tau-b coefficients", label="tbl-kendall-1")
    assert md == (
        "```{list-table} Kendall's tau-b coefficients\n"
        ":name: tbl-kendall-1\n"
        ":header-rows: 1\n"
        "\n"
        "* -\n"
        "  - Age\n"
        "  - Gender\n"
        "  - Education\n"
        "* - Age\n"
        "  - 1.00\n"
        "  -\n"
        "  -\n"
        "* - Gender\n"
        "  - .029\n"
        "  - 1.00\n"
        "  -\n"
        "* - Education\n"
        "  - .424\\*\\*\n"
        "  - -.171\\*\n"
        "  - 1.00\n"
        "```\n"
        "\n"
        "\\*\\* Coefficient is significant at the .01 level (2-tailed). "
        "\\* Coefficient is significant at the .05 level (2-tailed). n = 2,351.\n"
    )


def test_paper_table_paper_levels_labels_and_pairwise_n():
    n = np.array([[2351, 2300, 2290], [2300, 2340, 2280], [2290, 2280, 2300]])
    res = make_result([0.029, 0.424, -0.171], [0.2, 1e-40, 0.03], n)
    md = paper_table(res, caption="T", label="tbl-t", levels={"**": 0.01},
                     labels={"Education": "Years_of *school*"})
    assert "  - -.171\n" in md                       # .03 is not marked at .01 only
    assert "* - Years\\_of \\*school\\*\n" in md
    assert md.endswith("\\*\\* Coefficient is significant at the .01 level (2-tailed). "
                       "n = 2,280 to 2,300 (pairwise).\n")


def test_paper_table_parses_as_numbered_captioned_table():
    res = make_result([0.029, 0.424, -0.171], [0.2, 1e-40, 0.03], 2351)
    doc = parse(paper_table(res, caption="Kendall's tau-b coefficients", label="tbl-k"))
    tables = list(doc.findall(nodes.table))
    assert len(tables) == 1
    table = tables[0]
    assert table["ids"] == ["tbl-k"]
    assert table.next_node(nodes.title).astext() == "Kendall's tau-b coefficients"
    entries = [e.astext() for e in table.findall(nodes.entry)]
    assert entries[:4] == ["", "Age", "Gender", "Education"]
    assert entries[-4:] == ["Education", ".424**", "-.171*", "1.00"]
    paragraphs = [p.astext() for p in doc.findall(nodes.paragraph) if p.parent is doc]
    assert paragraphs == ["** Coefficient is significant at the .01 level (2-tailed). "
                          "* Coefficient is significant at the .05 level (2-tailed). n = 2,351."]


def test_paper_table_nan_cells_and_tau_c_note():
    res = make_result([np.nan, 0.5, -0.2], [np.nan, 0.001, 0.5], 10, variant="c")
    md = paper_table(res, caption="C", label="tbl-c")
    assert "* - Gender\n  - .\n  - 1.00\n" in md
    assert md.rstrip().endswith("n = 10. Coefficients are Stuart's tau-c.")


@pytest.mark.parametrize("label", ["", "tbl k", "1abc"])
def test_bad_label(label):
    res = make_result([0.1, 0.2, 0.3], [0.5, 0.5, 0.5], 10)
    with pytest.raises(ValueError, match="label"):
        paper_table(res, caption="C", label=label)


def test_show_wraps_markdown():
    md = show("```{list-table} X\n:name: t\n```\n")
    assert md.data == "```{list-table} X\n:name: t\n```\n"
    with pytest.raises(TypeError):
        show(42)


# ---------------------------------------------------------------------------
# published versus recomputed
# ---------------------------------------------------------------------------

PUBLISHED = pd.DataFrame(
    [["1.00", "", ""],
     [".029", "1.00", ""],
     [".424**", "-182**", "1.00"]],
    index=COLS, columns=COLS)


def test_compare_published_marks_differences_at_printed_precision():
    # recomputed: .0294 prints .029 (same), .4236 prints .424 (same) but
    # p = .02 gets no '**' at the paper's level, -.182 printed as '-182'
    res = make_result([0.0294, 0.4236, -0.1824], [0.5, 0.02, 1e-9], 2351)
    cmp = compare_published(PUBLISHED, res, levels={"**": 0.01})
    assert list(cmp["row"]) == ["Gender", "Education", "Education"]
    assert list(cmp["column"]) == ["Age", "Age", "Gender"]
    assert list(cmp["recomputed"]) == [".029", ".424", "0**"]
    assert list(cmp["value_differs"]) == [False, False, True]
    assert list(cmp["marks_differ"]) == [False, True, False]


def test_compare_published_uses_printed_decimals():
    pub = PUBLISHED.copy()
    pub.loc["Gender", "Age"] = ".17588"
    res = make_result([0.175884, 0.424, -0.182], [0.5, 1e-9, 1e-9], 2351)
    cmp = compare_published(pub, res, levels={"**": 0.01}).set_index(["row", "column"])
    assert cmp.loc[("Gender", "Age"), "recomputed"] == ".17588"
    assert not cmp.loc[("Gender", "Age"), "value_differs"]
    res2 = make_result([0.17, 0.424, -0.182], [0.5, 1e-9, 1e-9], 2351)
    cmp2 = compare_published(pub, res2, levels={"**": 0.01}).set_index(["row", "column"])
    assert cmp2.loc[("Gender", "Age"), "value_differs"]


def test_compare_published_numbers_and_bad_cells():
    pub = pd.DataFrame([[1.0, np.nan], [0.5, 1.0]], index=COLS[:2], columns=COLS[:2])
    res = make_result([0.5004, 0.1, 0.1], [0.5, 0.5, 0.5], 10)
    cmp = compare_published(pub, res)
    assert list(cmp["value_differs"]) == [False]
    bad = pd.DataFrame([["1.00", ""], ["n/a", "1.00"]], index=COLS[:2], columns=COLS[:2])
    with pytest.raises(ValueError, match="n/a"):
        compare_published(bad, res)
    with pytest.raises(KeyError, match="Income"):
        compare_published(pd.DataFrame({"Income": [".1"]}, index=["Age"]), res)


def test_side_by_side_exact_string_and_parse():
    res = make_result([0.0294, 0.4236, -0.1824], [0.5, 0.02, 1e-9], 2351)
    md = side_by_side(PUBLISHED, res, caption="Table I, published and recomputed",
                      label="tbl-cmp", levels={"**": 0.01})
    assert md == (
        "```{list-table} Table I, published and recomputed\n"
        ":name: tbl-cmp\n"
        ":header-rows: 1\n"
        "\n"
        "* - Pair\n"
        "  - Published\n"
        "  - Recomputed\n"
        "  - Check\n"
        "* - Gender × Age\n"
        "  - .029\n"
        "  - .029\n"
        "  - same\n"
        "* - Education × Age\n"
        "  - .424\\*\\*\n"
        "  - .424\n"
        "  - marks differ\n"
        "* - Education × Gender\n"
        "  - -182\\*\\*\n"
        "  - 0\\*\\*\n"
        "  - value differs\n"
        "```\n"
        "\n"
        "\\*\\* Coefficient is significant at the .01 level (2-tailed). Recomputed column: n = 2,351.\n"
    )
    doc = parse(md)
    table = next(iter(doc.findall(nodes.table)))
    assert table["ids"] == ["tbl-cmp"]
    assert [e.astext() for e in table.findall(nodes.entry)][-4:] == [
        "Education × Gender", "-182**", "0**", "value differs"]


def test_end_to_end_from_data():
    # the 3 x 3 table of PSPP's crosstabs.at ("Somers' D, Tau-B, Tau-C, Gamma - 2"),
    # where PSPP prints tau-b = .372; p is far below .01
    counts = [34, 24, 15, 42, 74, 67, 28, 111, 292]
    x = np.repeat([1, 1, 1, 2, 2, 2, 3, 3, 3], counts)
    y = np.repeat([1, 2, 3, 1, 2, 3, 1, 2, 3], counts)
    res = kendall_matrix(pd.DataFrame({"x": x, "y": y}))
    md = paper_table(res, caption="Example", label="tbl-example", levels={"**": 0.01})
    assert "* - y\n  - .372\\*\\*\n  - 1.00\n" in md
    assert md.endswith("n = 687.\n")
