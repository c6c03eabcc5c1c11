"""Every citation in the book resolves to an entry of references.bib, and no entry is invented."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.MULTILINE)


def bib_entries() -> dict[str, str]:
    return {key: kind for kind, key in ENTRY.findall((ROOT / "references.bib").read_text())}


def cited_keys() -> dict[str, set[str]]:
    sources: dict[str, set[str]] = {}
    texts = {p.relative_to(ROOT).as_posix(): p.read_text() for p in (ROOT / "book").glob("*.md")}
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        texts[path.relative_to(ROOT).as_posix()] = "\n".join(c.source for c in nb.cells)
    for name, text in texts.items():
        for group in CITE.findall(text):
            for key in group.split(","):
                sources.setdefault(key.strip(), set()).add(name)
    return sources


def test_every_cited_key_is_in_the_bibliography():
    entries = bib_entries()
    missing = {key: sorted(where) for key, where in cited_keys().items() if key not in entries}
    assert not missing, f"citation keys without an entry in references.bib: {missing}"


def test_bibliography_keys_are_unique():
    keys = [key for _, key in ENTRY.findall((ROOT / "references.bib").read_text())]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("key", ["ash2009", "snyder2009"])
def test_unidentified_works_say_so(key):
    # "Ash 2009" and "Snyder and Chern 2009", cited by the paper, could not be identified; never invent them.
    text = (ROOT / "references.bib").read_text()
    matches = [m for m in re.finditer(r"@\w+\{(" + key + r"[^,]*),", text)]
    assert matches, f"no entry starting with {key}"
    body = text[matches[0].start(): text.find("\n}", matches[0].start())]
    assert "could not be identified" in body.lower() or "not identified" in body.lower()


def test_paper_cites_are_all_cited_somewhere():
    # The identified works the paper cites must each appear in some chapter.
    cited = set(cited_keys())
    for stem in ("harvey1989", "harvey2005", "dicken", "du2005", "worldbank", "bourdieu", "he2008", "fan2008china", "wilson2006",
                 "wilson1997", "liang2008", "wu2007", "knight", "fan2008rural", "ash2009", "snyder2009"):
        assert any(key.startswith(stem) for key in cited), f"no citation of a key starting {stem!r}"
