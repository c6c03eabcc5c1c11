"""The real book builds strictly, and every page of the table of contents is in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publication import toc_pages

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def html(built_book) -> Path:
    """The book built for the test run as `make book` builds it (warnings are errors; a raising chapter fails)."""
    return built_book.html


def test_clean_build_executes_every_chapter_offline(built_book):
    chapters = sorted(p.name for p in built_book.project.chapters())
    assert chapters and sorted(built_book.result["executed"]) == chapters
    assert built_book.result["rendered"]
    assert built_book.network_attempts == "", f"the build reached for the network:\n{built_book.network_attempts}"


def test_the_book_keeps_each_figure_as_pdf_too_for_its_print(built_book):
    """Chapter figures carry a vector PDF (the book's PDF prints it) beside the PNG; reruns keep PNG only."""
    import nbformat

    chapter = next(p for p in built_book.project.chapters() if p.name.startswith("05_"))
    nb = nbformat.read(built_book.project.execution_record(chapter)[0], as_version=4)
    figures = [set(o.get("data", {})) for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if "image/png" in o.get("data", {})]
    assert figures and all("application/pdf" in kinds for kinds in figures)


def test_every_toc_page_is_built(html: Path):
    missing = [f for f in toc_pages() if not (html / f"{f}.html").exists()]
    assert not missing, f"pages of _toc.yml missing from the HTML: {missing}"


def test_no_unrendered_output_in_chapters(html: Path):
    for page in sorted((html / "notebooks").glob("*.html")):
        text = page.read_text()
        assert "Traceback" not in text, f"{page.name} shows a traceback"
        assert "object>" not in text, f"{page.name} shows a Python object repr instead of its rendering"


@pytest.mark.parametrize(
    ("page", "labels"),
    [
        ("notebooks/01_neoliberal_turn.html", ("fig-rural-income",)),
        ("notebooks/02_migrant_labour_regime.html", ("tbl-cited-figures", "fig-migration-scale")),
        ("notebooks/03_migration_capital.html", ("tbl-sunshine", "fig-sunshine-trainees", "fig-sunshine-subsidy")),
    ],
)
def test_labelled_figures_and_tables_are_in_their_pages(html: Path, page: str, labels: tuple[str, ...]):
    text = (html / page).read_text()
    for label in labels:
        assert f'id="{label}"' in text, f"{page}: no element labelled {label}"


def test_every_figure_and_table_is_numbered_and_every_image_has_alt_text(html: Path):
    for page in sorted((html / "notebooks").glob("*.html")):
        text = page.read_text()
        for caption in re.findall(r"<figcaption>(.*?)</figcaption>", text, re.S):
            assert re.search(r'caption-number">Figure \d+', caption), f"{page.name}: unnumbered figure"
        for caption in re.findall(r"<caption>(.*?)</caption>", text, re.S):
            assert re.search(r'caption-number">Table \d+', caption), f"{page.name}: unnumbered table"
        for img in re.findall(r"<img [^>]*>", text):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and alt.group(1).strip(), f"{page.name}: image without alt text: {img[:120]}"
