"""The book's pages and chapters 1-3 and 6 say only what the book can know, and count right.

Counts written as words (garbled cells, themes, linked works) are checked against what
they count; the publisher of the paper is the same wherever it is named; the glossary's
confidence level is the chapters' own; no cell is removed from the page except set-up.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from sunshine.data import published

from sunshine.runs.parameters import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "book").glob("*.md"))
WORDS = "zero one two three four five six seven eight nine ten".split()
MINE = [ROOT / "notebooks" / f"{stem}.ipynb" for stem in
        ("01_neoliberal_turn", "02_migrant_labour_regime", "03_migration_capital", "06_after_migration")]


def _corrected(table: str) -> int:
    return int((published.load_table(table)["reading"] == "corrected").sum())


def _number_words(text: str, noun: str) -> list[int]:
    """Every small number written as a word just before ``noun`` (``"three garbled"``)."""
    return [WORDS.index(w.lower()) for w in re.findall(rf"\b({'|'.join(WORDS)})\s+{noun}", text, flags=re.I)]


def test_garbled_counts_agree_with_the_published_readings():
    ch6 = (ROOT / "notebooks" / "06_after_migration.py").read_text(encoding="utf-8")
    about = (ROOT / "book" / "about_data.md").read_text(encoding="utf-8")
    assert _number_words(ch6, "garbled"), "chapter 6 no longer counts its garbled cells in words"
    assert set(_number_words(ch6, "garbled")) == {_corrected("table2")}  # chapter 6 is about Table II
    assert set(_number_words(about, "garbled")) == {_corrected("table1") + _corrected("table2")}


def test_further_reading_counts_its_themes_and_links():
    text = (ROOT / "book" / "further_reading.md").read_text(encoding="utf-8")
    themes = len(re.findall(r"^## ", text, flags=re.M))
    links = len(re.findall(r"\{cite:[pt]\}`", text))
    assert _number_words(text, "themes") == [themes]
    assert _number_words(text, r"works cited with a link") == [links]


def test_glossary_confidence_is_the_chapters_level():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    entry = text[text.index("\nconfidence interval\n"):].split("\n\n")[0]
    level = 1 - min(DEFAULTS["alpha_levels"].values())
    assert f"{level:.0%} intervals" in entry
    assert "95% by default" not in entry


def test_the_papers_publisher_is_named_alike_everywhere():
    files = [ROOT / "references.bib", ROOT / "CITATION.cff", ROOT / "book" / "how_to_cite.md",
             ROOT / "book" / "preface.md"]
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert "China Research Center" in text, f.name
        assert "Chinese Center" not in text, f.name


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_only_setup_cells_are_removed(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & {"remove-cell", "remove-input"}:
            assert "setup" in tags, f"{path.name}: a cell other than set-up is removed: {cell.source[:80]!r}"


@pytest.mark.parametrize("path", [*MINE, *PAGES], ids=lambda p: p.name)
def test_no_net_of_conclusion_is_attributed_to_a_bivariate_paper(path):
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    assert not re.search(r"net of (education|training)", text), path.name
