"""The real book builds strictly, and every page of the table of contents is in it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sunshine.build import Project, build

pytestmark = pytest.mark.build
ROOT = Path(__file__).resolve().parents[1]


def toc_files(toc: dict) -> list[str]:
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files += [section["file"] for section in chapter.get("sections", [])]
    return files


@pytest.fixture(scope="module")
def html() -> Path:
    """Build the book as `make book` does (warnings are errors; a raising chapter fails)."""
    build(Project(ROOT), log=lambda *args: None)
    return ROOT / "_build" / "html"


def test_every_toc_page_is_built(html: Path):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    missing = [f for f in toc_files(toc) if not (html / f"{f}.html").exists()]
    assert not missing, f"pages of _toc.yml missing from the HTML: {missing}"


def test_no_unrendered_output_in_chapters(html: Path):
    for page in sorted((html / "notebooks").glob("*.html")):
        text = page.read_text()
        assert "Traceback" not in text, f"{page.name} shows a traceback"
        assert "object>" not in text, f"{page.name} shows a Python object repr instead of its rendering"
