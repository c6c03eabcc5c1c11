"""The two editions: objectives and exercises in every chapter, solutions only for instructors.

The fast tests check the chapters' sources and the staging functions of
:mod:`sunshine.publish.editions`; the ``build`` tests take both editions of the
book built for the test run (conftest's ``built_book``) and look for every piece
of every solution (its prose, code and outputs, as the instructor edition renders
them) in every file of the student edition: HTML, search index, downloadable
notebooks and scripts. The ``pdf`` test does the same for the text of the student
edition's PDF.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from sunshine.publish import editions

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/0[1-8]_*.ipynb"))
#: Exercises each chapter must have at least: context chapters 1-3, survey chapters 4-8 (7: the ensemble).
MIN_EXERCISES = {**{f"0{i}": 3 for i in (1, 2, 3)}, **{f"0{i}": 5 for i in (4, 5, 6, 7, 8)}}
EXERCISE = re.compile(r"^[`:]{3,}\{exercise\}[^\n]*\n:label:\s*(\S+)", re.MULTILINE)
SOLUTION = re.compile(r"^[`:]{3,}\{solution(?:-start)?\}\s*(\S+)", re.MULTILINE)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


# --- the sources -------------------------------------------------------------------------


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_opens_with_two_to_four_objectives(path: Path):
    cells = markdown(read(path))
    assert cells[0].lstrip().startswith("# "), f"{path.name}: the first cell is not the title"
    # Right after the title: in the title cell's own next cell, or (chapters 4-7, whose
    # opening paragraph shares the title's cell) the cell after it.
    opening = [c for c in cells[1:3] if "{admonition} Learning objectives" in c]
    assert opening, f"{path.name}: no learning objectives right after the title"
    items = re.findall(r"^- ", opening[0], re.MULTILINE)
    assert 2 <= len(items) <= 4, f"{path.name}: {len(items)} objectives, not 2-4"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_ends_with_exercises_each_with_a_tagged_solution(path: Path):
    nb = read(path)
    headings = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## Exercises")]
    assert headings, f"{path.name}: no Exercises section"
    later = [c for c in nb.cells[headings[-1] + 1 :] if c.cell_type == "markdown" and re.search(r"^#{1,2} ", c.source, re.M)]
    assert not later, f"{path.name}: the Exercises section is not the last section"
    text = "\n".join(c.source for c in nb.cells if not editions.is_solution(c))
    exercises = EXERCISE.findall(text)
    assert len(exercises) >= MIN_EXERCISES[path.name[:2]], f"{path.name}: {len(exercises)} exercises"
    solved = [m for c in nb.cells if editions.is_solution(c) for m in SOLUTION.findall(c.source)]
    assert sorted(solved) == sorted(exercises), f"{path.name}: exercises {exercises} but solutions {solved}"
    assert not SOLUTION.findall(text), f"{path.name}: a solution directive in a cell not tagged 'solution'"
    assert all(label.startswith(f"ex-{path.name[:2]}-") for label in exercises)


def test_every_solution_cell_of_the_book_is_tagged():
    """Gated solutions: every cell between a solution-start and its solution-end carries the tag."""
    for path in CHAPTERS:
        inside = False
        for index, cell in enumerate(read(path).cells):
            starts = "{solution-start}" in cell.source or "{solution}" in cell.source
            if starts or inside:
                assert editions.is_solution(cell), f"{path.name}, cell {index}: part of a solution, not tagged"
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = False
        assert not inside, f"{path.name}: a solution-start without its solution-end"


# --- the staging functions ---------------------------------------------------------------


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_student_staging_drops_solution_cells_and_keeps_the_rest():
    exercise = nbformat.v4.new_markdown_cell("```{exercise} E\n:label: ex-x\n\nDo it.\n```")
    start = nbformat.v4.new_markdown_cell("```{solution-start} ex-x\n```", metadata={"tags": ["solution"]})
    code = nbformat.v4.new_code_cell("answer = 42", metadata={"tags": ["solution"]})
    end = nbformat.v4.new_markdown_cell("```{solution-end}\n```", metadata={"tags": ["solution"]})
    nb = _nb(exercise, start, code, end)
    student = editions.stage_notebook(nb, "student", "x.ipynb")
    assert [c.source for c in student.cells] == [exercise.source]
    assert len(nb.cells) == 4, "the source notebook is left as it was"
    assert editions.stage_notebook(nb, "instructor", "x.ipynb") is nb
    script = editions.stage_script(student, b"original", "student").decode()
    assert "answer = 42" not in script and "Do it." in script


def test_an_untagged_solution_stops_the_student_edition():
    leak = nbformat.v4.new_markdown_cell(":::{solution} ex-x\nThe answer.\n:::")
    with pytest.raises(editions.EditionError, match=r"x\.ipynb, cell 0: a solution directive"):
        editions.stage_notebook(_nb(leak), "student", "x.ipynb")
    with pytest.raises(editions.EditionError, match="book/page.md"):
        editions.stage_page("book/page.md", b"```{solution-start} ex-x\n```\n", "student")


def test_student_toc_and_pages_leave_out_the_instructor_guide():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    guide = [e["file"] for p in toc["parts"] for e in p["chapters"] if editions.is_instructor_page(e["file"])]
    assert guide, "the table of contents lists no page of book/instructor/"
    student = yaml.safe_load(editions.staged_toc((ROOT / "_toc.yml").read_text(), "student"))
    files = [e["file"] for p in student["parts"] for e in p["chapters"]]
    assert not [f for f in files if editions.is_instructor_page(f)]
    assert all(p["chapters"] for p in student["parts"]), "an empty part is left in the student toc"
    assert editions.stage_page("book/instructor/guide.md", b"x", "student") is None
    assert editions.stage_page("book/instructor/guide.md", b"x", "instructor") == b"x"


def test_unknown_edition_is_named():
    with pytest.raises(editions.EditionError, match="unknown edition 'teacher'"):
        editions.check_edition("teacher")
    assert editions.title_suffix("instructor") == " (instructor edition)"


# --- both editions, built ----------------------------------------------------------------


def _text(html: str) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _solution_fingerprints(instructor_html: Path) -> tuple[set[str], set[str]]:
    """Pieces of solution text (>= 25 characters) and stems of words found only in solutions, as the instructor edition renders them."""
    from bs4 import BeautifulSoup

    pieces, solution_words, other_words, background = set(), set(), set(), []
    for page in sorted(instructor_html.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for div in soup.select("div.solution"):
            for line in div.get_text("\n").splitlines():
                line = " ".join(line.split())
                # "Exercise 3 (title)": the solution's header names the exercise it solves, which
                # the student edition shows too (the exercise itself, and the student notebooks).
                if len(line) >= 25 and not re.fullmatch(r"Exercise \d+ \(.*\)", line):
                    pieces.add(line)
            solution_words |= set(re.findall(r"[a-z]{8,}", div.get_text(" ").lower()))
            div.decompose()
        text = soup.get_text(" ")
        background.append(" ".join(text.split()))
        other_words |= set(re.findall(r"[a-z]+", text.lower()))
    # What the book shows outside its solutions (a chapter's table that a solution prints
    # again, a name its code shares with the chapter) is not a fingerprint of a solution.
    for path in CHAPTERS:
        background += [" ".join(c.source.split()) for c in read(path).cells if not editions.is_solution(c)]
    background += [" ".join(p.read_text().split()) for p in ROOT.glob("book/*.md")]
    shown = "\n".join(background)
    from sphinx.search.en import SearchEnglish

    stem = SearchEnglish({}).stem
    only = {stem(w) for w in solution_words} - {stem(w) for w in other_words}
    return {p for p in pieces if p not in shown}, only


@pytest.fixture(scope="module")
def editions_built(built_book) -> dict[str, Path]:
    """The HTML of both editions of the book built for the test run, as `make book EDITION=...` builds them."""
    assert set(editions.EDITIONS) == {"student", "instructor"}
    return {"student": built_book.html, "instructor": built_book.instructor.html_dir}


@pytest.mark.build
def test_every_solution_executed_without_error(built_book):
    for path in CHAPTERS:
        executed = read(built_book.project.execution_dir / path.name)
        cells = [c for c in executed.cells if editions.is_solution(c) and c.cell_type == "code"]
        assert cells, f"{path.name}: no solution code executed"
        for cell in cells:
            assert cell.execution_count is not None, f"{path.name}: a solution cell did not run"
            assert not [o for o in cell.outputs if o.output_type == "error"]


@pytest.mark.build
def test_student_edition_holds_no_solution_text_code_or_output(editions_built):
    pieces, words = _solution_fingerprints(editions_built["instructor"])
    assert len(pieces) > 50 and words, "the instructor edition shows too few solutions to test against"
    leaks = []
    for path in sorted(p for p in editions_built["student"].rglob("*") if p.is_file()):
        if path.suffix not in {".html", ".js", ".ipynb", ".py", ".txt", ".json", ".md"}:
            continue
        raw = path.read_text(errors="replace")
        text = _text(raw) if path.suffix == ".html" else " ".join(raw.split())
        leaks += [f"{path.name}: {p!r}" for p in pieces if p in text]
    assert not leaks, f"solution text in the student edition: {leaks[:5]}"
    index = (editions_built["student"] / "searchindex.js").read_text()
    # Terms whose list of pages is empty are left over by Sphinx's incremental builds: no page has them.
    terms = {t for t, pages in json.loads(index[index.index("(") + 1 : index.rindex(")")])["terms"].items() if pages != []}
    found = sorted(words & terms)
    assert not found, f"words found only in solutions are in the student search index: {found[:10]}"
    assert "Solution to" not in index and "Instructor guide" not in index


@pytest.mark.build
def test_instructor_edition_shows_every_solution_and_the_guide(editions_built):
    html = editions_built["instructor"]
    for path in CHAPTERS:
        page = (html / "notebooks" / f"{path.stem}.html").read_text()
        labels = EXERCISE.findall("\n".join(markdown(read(path))))
        assert page.count('class="solution') >= len(labels), f"{path.name}: a solution is missing"
    assert (html / "book" / "instructor" / "guide.html").exists()
    assert not (editions_built["student"] / "book" / "instructor" / "guide.html").exists()
    assert "(student edition)" in (editions_built["student"] / "index.html").read_text() or "(student edition)" in (
        editions_built["student"] / "book" / "preface.html"
    ).read_text()


@pytest.mark.pdf
def test_student_pdf_holds_no_solution_text(editions_built, book_pdf):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: install it with .ci/install-tools tex")
    text = subprocess.run(["pdftotext", "-layout", str(book_pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    pieces, _ = _solution_fingerprints(editions_built["instructor"])
    assert "Exercise" in text, "the student PDF shows no exercise"
    leaks = [p for p in pieces if p in text]
    assert not leaks, f"solution text in the student PDF: {leaks[:5]}"
