"""The whole book as one PDF (XeLaTeX): every chapter, every numbered table and figure
numbered as in the HTML, Tables I and II as real tables, the bibliography, Chinese text.

Needs TeX Live and poppler-utils, which `make test` and CI install first
(`.ci/install-tools tex`); without them the tests fail with that command.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from publication import (
    TABLE_I,
    TABLE_II,
    chapter_pages,
    numbered_captions,
    page_html,
    page_title,
    squeeze,
    table_rows,
    toc_pages,
)

pytestmark = [pytest.mark.build, pytest.mark.pdf]


@pytest.fixture(scope="module")
def pdf(book_pdf):
    """The PDF of the book built for the test run (conftest.py)."""
    return book_pdf


@pytest.fixture(scope="module")
def layout_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def flat(layout_text) -> str:
    return squeeze(layout_text)


def test_pdf_is_made_by_xelatex_and_linked_from_the_html(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "xdvipdfmx" in info, "the PDF is not XeLaTeX's"
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    print(f"\nPDF: {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB")
    assert pages > 20
    for page in chapter_pages():
        text = page_html(page)
        assert f'href="../{pdf.name}"' in text, f"{page}: no link to the PDF"


def test_every_page_title_is_in_the_pdf(flat):
    missing = [title for title in map(page_title, toc_pages()) if squeeze(title) not in flat]
    assert not missing, f"titles missing from the PDF: {missing}"


def test_every_numbered_table_and_figure_is_in_the_pdf_with_the_html_number(flat):
    captions = numbered_captions()
    assert any(number.startswith("Table") for _, number, _ in captions)
    assert any(number.startswith("Figure") for _, number, _ in captions)
    wrong = []
    for page, number, caption in captions:
        # LaTeX prints "Table 6: Table I recomputed: ..."; compare the caption's start.
        if squeeze(f"{number}: {caption}")[:60] not in flat:
            wrong.append(f"{page}: {number} {caption[:60]}")
    assert not wrong, "numbered captions of the HTML not found, with the same number, in the PDF:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("page", "label"), [TABLE_I, TABLE_II], ids=["Table I", "Table II"])
def test_tables_one_and_two_are_real_tables(layout_text, page, label):
    assert "IPython.core.display" not in layout_text and "object>" not in layout_text
    rows = table_rows(page, label)
    assert len(rows) >= 3
    lines = [" ".join(line.split()) for line in layout_text.splitlines()]
    for row in rows:
        wanted = " ".join(" ".join(row).split())
        assert wanted in lines, f"{label}: row {row} is not a row of a table in the PDF"


def test_bibliography_is_in_the_pdf(flat):
    for text in ("Bibliography", "ChinaCurrents", "Mao,K", "Harvey"):
        assert squeeze(text) in flat, f"{text!r} not in the PDF"


def test_chinese_characters_print(layout_text):
    for word in ("户口", "阳光工程"):
        assert word in layout_text, f"{word} is not in the PDF (CJK font missing?)"
