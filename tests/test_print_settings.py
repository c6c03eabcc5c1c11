"""The build's print and accessibility settings, checked without building (fast).

The PDF tests (tests/test_pdf.py) and the axe-core audit (tests/test_browser.py)
check their effect on the built book; these check the pieces on small inputs.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from sunshine.publish.accessibility import repair
from sunshine.publish.latex_print import CHAR_PT, LINE_PT, PAD_PT, column_widths, longest_word, pdf_metadata

ROOT = Path(__file__).resolve().parents[1]


def test_every_column_gets_at_least_its_longest_word():
    # the codebook of chapter 4 as it was: a row-number column and a type column too narrow
    columns = [["", "1", "13"], ["Variable", "network_job_info (Network job information)"],
               ["Type", "integer"], ["Unit", "yuan"], ["Allowed values", "0 (no), 1 (yes)"],
               ["Coding assumption", "Missing for stayers; the paper is silent on how it coded them " * 2]]
    widths = column_widths(columns)
    scale = LINE_PT / sum(widths)  # Sphinx stretches the widths to the line
    for column, width in zip(columns, widths):
        room = width * scale - PAD_PT
        assert room >= max(longest_word(t) for t in column) * CHAR_PT, (column[0], room)
    assert widths[5] == max(widths), "the column of long text gets the most room"


def test_cjk_text_may_break_between_characters():
    assert longest_word("文盲或半文盲") == 2
    assert longest_word("person_id 小学") == len("person_id")


def test_pdf_metadata_come_from_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    setup = pdf_metadata(ROOT / "CITATION.cff")
    assert setup.startswith(r"\hypersetup{pdfsubject={")
    assert cff["title"].replace("&", r"\&") in setup
    assert all(keyword in setup for keyword in cff["keywords"])


def test_accessibility_repairs_are_exact_and_idempotent():
    page = ('<button class="btn search-button-field search-button__button pst-js-only" aria-label="Search" '
            'data-bs-placement="bottom">'
            '<button class="btn btn-sm pst-navbar-icon search-button search-button__button" aria-label="Search">'
            '<summary aria-label="Toggle hidden content"><i class="theme-switch fa-solid fa-sun" title="Light"></i>'
            '<div role="list" class="citation-list"><div class="citation" id="id1" role="doc-biblioentry">')
    fixed = repair(page)
    assert fixed.count('aria-label="Search"') == 1, "the icon-only search button keeps its label"
    assert "<summary>" in fixed and 'aria-hidden="true" class="theme-switch' in fixed and "title=" not in fixed
    assert "role=" not in fixed
    assert repair(fixed) == fixed
    # a page repaired by an earlier version (icons hidden, titles kept) is repaired too
    assert "title=" not in repair('<i aria-hidden="true" class="theme-switch fa-sun" data-mode="light" title="Light">')


def test_repaired_pages_keep_their_permissions(tmp_path):
    from sunshine.publish.accessibility import repair_site

    page = tmp_path / "page.html"
    page.write_text('<summary aria-label="Toggle hidden content">')
    page.chmod(0o644)
    assert repair_site(tmp_path) == 1 and repair_site(tmp_path) == 0
    assert page.read_text() == "<summary>" and page.stat().st_mode & 0o777 == 0o644


def test_tables_become_longtables_and_wide_ones_get_footnote_size():
    from docutils import nodes
    from docutils.core import publish_doctree

    from sunshine.publish.latex_print import PrintableTables

    words = ["``abcdefghijklmnop``"] * 4  # four columns of 16-character code: too wide for small type
    rst = ("=== === === ===\nA   B   C   D\n=== === === ===\n" + "  ".join(words) + "\n=== === === ===\n\n"
           "= =\nx y\n= =\n")
    rst = rst.replace("A   B   C   D", "A" + " " * 21 + "B" + " " * 21 + "C" + " " * 21 + "D")
    rst = rst.replace("=== === === ===", " ".join(["=" * 20] * 4)).replace("  ``", " ``")
    document = publish_doctree(rst)
    PrintableTables(document).run()
    tables = list(document.findall(nodes.table))
    assert len(tables) == 2
    assert all({"longtable", "colwidths-given"} <= set(t["classes"]) for t in tables)
    raws = [r.astext() for r in document.findall(nodes.raw)]
    assert raws == ["\\renewcommand*{\\sunshinetablesize}{\\footnotesize}\n",
                    "\\renewcommand*{\\sunshinetablesize}{\\small}\n"], raws
