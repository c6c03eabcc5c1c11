"""The whole book as one PDF (XeLaTeX): every chapter, every numbered table and figure
numbered as in the HTML, Tables I and II as real tables, the bibliography, Chinese text;
and fit to print: no material off its page (LaTeX log), no text outside the text block,
metadata, bookmarks following the chapters, figures vector or at least 300 dpi.

Needs TeX Live and poppler-utils, which `make test` and CI install first
(`.ci/install-tools tex`); without them the tests fail with that command.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from publication import (
    ROOT,
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


#: Overfull horizontal boxes up to this width are invisible in print (a hair into the margin).
HBOX_TOLERANCE_PT = 3.0
#: The page: A4, 1in margins on each side (Sphinx's default geometry).
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 595.28, 841.89, 72.27
#: Beyond the margin, what text may reach: rounding, descenders and italic overhang.
EDGE_TOLERANCE_PT = 3.5
#: How far below the text block a last line's descenders reach (the box of a word includes them).
DESCENDER_PT = 4.5
#: How far below the text block longtable's "continues on next page" may sit.
LONGTABLE_FOOT_PT = 9.0
#: The footer's line (page number, chapter), from the top of the page: top and bottom of its words.
FOOTER = (PAGE_HEIGHT - 54.0, PAGE_HEIGHT - 37.0)


@pytest.fixture(scope="module")
def latex_log(pdf) -> str:
    log = pdf.parents[1] / "pdf" / "_build" / "latex" / pdf.with_suffix(".log").name
    return log.read_text(encoding="utf-8", errors="replace")


def test_latex_log_has_no_material_off_the_page(latex_log):
    vboxes = re.findall(r"^Overfull \\vbox \(([\d.]+)pt too high\)", latex_log, re.M)
    hboxes = [float(w) for w in re.findall(r"^Overfull \\hbox \(([\d.]+)pt too wide\)", latex_log, re.M)]
    wide = [w for w in hboxes if w > HBOX_TOLERANCE_PT]
    print(f"\nLaTeX log: {len(vboxes)} overfull vbox, {len(hboxes)} overfull hbox "
          f"({len(wide)} wider than {HBOX_TOLERANCE_PT} pt)")
    assert not vboxes, f"material runs off the page (overfull vbox of {vboxes} pt)"
    assert not wide, f"lines run into the margin by more than {HBOX_TOLERANCE_PT} pt: {sorted(wide)[-10:]} pt"


def words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word of the PDF with its page and box (points from the top left), from pdftotext -bbox."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        for word in page.iter("word"):
            box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            found.append((number, *box, word.text or ""))
    return found


def test_no_text_is_drawn_outside_the_text_block(pdf):
    """Left and right of the text block there is only margin; below its last line, only the footer's line."""
    outside = []
    found = words(pdf)
    # longtable sets its foot ("continues on next page") as the page's last line, a few points low
    foot = {(w[0], round(w[2])) for w in found if w[5] == "continues"}
    for page, x0, y0, x1, y1, text in found:
        if (page, round(y0)) in foot and y1 <= PAGE_HEIGHT - MARGIN + LONGTABLE_FOOT_PT:
            continue
        if x0 < MARGIN - EDGE_TOLERANCE_PT or x1 > PAGE_WIDTH - MARGIN + EDGE_TOLERANCE_PT:
            outside.append(f"page {page}: {text!r} at x {x0:.0f}-{x1:.0f} pt")
        elif y1 > PAGE_HEIGHT - MARGIN + DESCENDER_PT and not (FOOTER[0] <= y0 and y1 <= FOOTER[1]):
            outside.append(f"page {page}: {text!r} at y {y0:.0f}-{y1:.0f} pt, below the text block")
    assert not outside, f"{len(outside)} words outside the text block:\n" + "\n".join(outside[:20])


def test_sample_pages_render_with_blank_margins(pdf, tmp_path):
    """Render every fifth page (pdftoppm, 36 dpi, grey): the side margins are blank, and so is the
    page below the text block but for the footer's line."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                             check=True).stdout).group(1))
    dpi, inked = 36, []
    for page in range(1, pages + 1, 5):
        prefix = tmp_path / f"p{page}"
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                       check=True)
        image = next(tmp_path.glob(f"p{page}-*.pgm"))
        width, height, pixels = read_pgm(image)
        edge = int((MARGIN - EDGE_TOLERANCE_PT) * dpi / 72)
        # the footer: a rule a few points above its line of text
        blank_bands = [(PAGE_HEIGHT - MARGIN + DESCENDER_PT, FOOTER[0] - 4), (FOOTER[1] + 2, PAGE_HEIGHT)]
        for y in range(height):
            row, at = pixels[y * width:(y + 1) * width], (y + 0.5) * 72 / dpi
            below = any(low <= at <= high for low, high in blank_bands)
            if min(row[:edge]) < 128 or min(row[width - edge:]) < 128 or (below and min(row) < 128):
                inked.append(f"page {page}, {at:.0f} pt from the top")
                break
    assert not inked, "ink outside the text block and footer: " + "; ".join(inked)


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and 8-bit pixels of a binary PGM (P5) image, as pdftoppm -gray writes them."""
    data = path.read_bytes()
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(fields.group(1)), int(fields.group(2))
    return width, height, data[fields.end():fields.end() + width * height]


def test_pdf_metadata_carry_title_authors_subject_and_keywords(pdf, built_book):
    from sunshine.publish.editions import title_suffix

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # The title says which edition was built (sunshine.publish.editions.title_suffix).
    assert fields.get("Title") == config["title"] + title_suffix(built_book.project.edition)
    assert fields.get("Author") == config["author"]
    assert fields.get("Subject") == cff["title"]
    assert [k.strip() for k in fields.get("Keywords", "").split(",")] == cff["keywords"]


def bookmarks(pdf: Path) -> list[tuple[int, str]]:
    """(level, title) of the PDF's bookmarks, from hyperref's .out file beside the LaTeX log."""
    out = pdf.parents[1] / "pdf" / "_build" / "latex" / pdf.with_suffix(".out").name
    found = []
    for level, raw in re.findall(r"\\BOOKMARK \[(-?\d+)\]\[-\]\{[^}]*\}\{(.*)\}\{[^}]*\}%", out.read_text(encoding="latin-1")):
        data = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw.encode("latin-1"))
        data = re.sub(rb"\\(.)", rb"\1", data)
        text = data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
        found.append((int(level), text))
    return found


def test_bookmarks_follow_the_chapters(pdf):
    """Each page of the table of contents is a top-level (chapter) bookmark, in the book's order."""
    chapters = [squeeze(title) for level, title in bookmarks(pdf) if level == 0]
    pages = [squeeze(page_title(page)) for page in toc_pages()[1:]]
    print(f"\n{len(chapters)} chapter bookmarks, {len(pages)} pages in the table of contents")
    assert list(dict.fromkeys(c for c in chapters if c in pages)) == pages, f"chapter bookmarks {chapters}, pages {pages}"


def test_figures_are_vector_or_at_least_300_dpi(pdf):
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    low = []
    for line in listing.splitlines()[2:]:
        cells = line.split()
        if len(cells) > 13 and cells[2] == "image" and min(int(cells[12]), int(cells[13])) < 300:
            low.append(f"page {cells[0]}: {cells[12]}x{cells[13]} ppi")
    assert not low, "raster images below 300 dpi: " + ", ".join(low)
