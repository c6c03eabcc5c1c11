"""Helpers shared by the PDF and browser tests: read the HTML of the book built for the test run.

The book is built once per test run by the session fixtures of ``conftest.py``
(``built_book``, ``book_pdf``), which point :data:`HTML` at it.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The HTML folder of the book built for this test run (set by the ``built_book`` fixture).
HTML: Path | None = None


def use_html(folder: Path) -> None:
    """Read pages from ``folder`` from now on (the ``built_book`` fixture calls it)."""
    global HTML
    HTML = Path(folder)


def page_html(page: str) -> str:
    """The HTML of ``page`` (toc form, e.g. ``book/preface``) in the book built for the test run."""
    assert HTML is not None, "the book is not built: request the built_book fixture first"
    return (HTML / f"{page}.html").read_text(encoding="utf-8")

#: The labels of the paper's Tables I and II, as the authors of chapters 5 and 6 named them.
TABLE_I = ("notebooks/05_who_migrates", "tbl-table1-recomputed")
TABLE_II = ("notebooks/06_after_migration", "tbl-table2-recomputed")


def missing_tools(message: str) -> None:
    """Fail, saying how to install the missing tools (`make test` and CI install them first)."""
    pytest.fail(message)


def require_pdf_tools() -> None:
    from sunshine.publish.book import PdfToolsMissing, check_pdf_tools

    try:
        check_pdf_tools()
    except PdfToolsMissing as error:
        missing_tools(str(error))
    if shutil.which("pdftotext") is None:
        missing_tools("pdftotext is missing: run `.ci/install-tools tex` (Debian package poppler-utils)")


#: Folders under _build that hold build products, not editions of the book.
NOT_EDITIONS = ("pdf", "stage", "screenshots", ".jupyter_cache", "executed", "jupyter_execute")


def editions() -> dict[str, Path]:
    """Every built edition of the book: ``{name: its html folder}``.

    The published edition is ``_build/html`` of the book built for the test run; any other edition is a folder
    ``_build/<name>/.../html`` holding an ``index.html`` (e.g. a student or an
    instructor edition), found without naming it, so that a new edition is tested
    as soon as the build makes it.
    """
    assert HTML is not None, "the book is not built: request the built_book fixture first"
    build_dir = HTML.parent
    found = {"published": HTML}
    for index in sorted(build_dir.glob("*/**/html/index.html")):
        site = index.parent
        relative = site.relative_to(build_dir)
        if relative.parts[0] in NOT_EDITIONS or site == HTML:
            continue
        found[relative.parts[0]] = site
    return found


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site (no extension), its theme's assets and sources left out."""
    return sorted(
        path.relative_to(site).with_suffix("").as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    )


def toc_pages() -> list[str]:
    """Every page of _toc.yml in reading order (no extension), as the default (student) edition has them."""
    from sunshine.publish import editions

    toc = yaml.safe_load(editions.staged_toc((ROOT / "_toc.yml").read_text(), editions.DEFAULT_EDITION))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            pages.append(chapter["file"])
            pages += [section["file"] for section in chapter.get("sections", [])]
    return pages


def chapter_pages() -> list[str]:
    return [p for p in toc_pages() if p.startswith("notebooks/")]


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page_title(page: str) -> str:
    text = page_html(page)
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert match, f"{page}: no <h1>"
    return text_of(match.group(1))


def numbered_captions() -> list[tuple[str, str, str]]:
    """(page, "Table 3", caption text) of every numbered table and figure of the HTML, in book order."""
    found = []
    for page in toc_pages():
        text = page_html(page)
        for number, caption in re.findall(
            r'<span class="caption-number">((?:Figure|Table) \d+)\s*</span>\s*<span class="caption-text">(.*?)</(?:caption|figcaption)>',
            text,
            re.S,
        ):
            found.append((page, number, text_of(caption)))
    return found


def table_rows(page: str, label: str) -> list[list[str]]:
    """The body rows of the table labelled ``label`` in ``page``, as cell texts."""
    text = page_html(page)
    match = re.search(rf'<table[^>]*id="{re.escape(label)}".*?</table>', text, re.S)
    assert match, f"{page}: no table labelled {label}"
    body = re.search(r"<tbody>(.*?)</tbody>", match.group(0), re.S).group(1)
    return [[text_of(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def squeeze(text: str) -> str:
    """Text without whitespace, hyphens or typographic quotes: PDF and HTML compare equal."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("−", "-")
    return re.sub(r"[\s\-‐]+", "", text)
