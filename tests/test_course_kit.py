"""The instructor's course kit (sunshine.publish.course_kit and book/instructor/): slides, workbooks and key, plans.

The generated pages are made here from the real guide, workbooks, reference
answers and chapter sources (each chapter's glued values replaced by a stand-in,
as in tests/test_student_notebooks.py); the instructor edition's strict build
renders them (tests/test_editions.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from sunshine.publish import course_kit, editions
from test_student_notebooks import stand_in_glue

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / course_kit.GUIDE).read_text()


@pytest.fixture(scope="module")
def chapters() -> dict[str, nbformat.NotebookNode]:
    return {p.name: stand_in_glue(nbformat.read(p, as_version=4)) for p in sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))}


def test_both_plans_have_their_meetings_with_objectives_and_activities():
    plans = course_kit.meetings(GUIDE)
    assert [len(plans[p]) for p in course_kit.SLIDE_PAGES] == [5, 9]
    for plan, meetings in plans.items():
        for title, bullets in meetings:
            assert {"Objectives", "Read before", "Activities", "Synthetic data"} <= set(bullets), f"{plan}: {title}"


@pytest.mark.slow
def test_every_meeting_gets_slides_with_each_exercise_it_names(chapters):
    found = course_kit.exercises(chapters, ROOT)
    pages = course_kit.pages(ROOT, chapters)
    for plan, meetings in course_kit.meetings(GUIDE).items():
        page = pages[f"{course_kit.SLIDE_PAGES[plan]}.md"].decode()
        sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", page, re.M | re.S))
        assert list(sections) == [title for title, _ in meetings]
        for title, bullets in meetings:
            for label in re.findall(r"\{ref\}`(ex-[a-z0-9-]+)`", bullets["Activities"]):
                heading, text = found[label]
                assert f"**{heading}** ({{ref}}`in the book <{label}>`)" in sections[title] and text in sections[title]
            assert sections[title].count("\n---\n") >= 2, f"{title}: fewer than three slides"
    assert "{glue" not in "".join(p.decode() for p in pages.values())


def test_a_meeting_naming_a_missing_exercise_is_refused(chapters):
    plans = course_kit.meetings(GUIDE.replace("{ref}`ex-01-gap`", "{ref}`ex-01-nowhere`", 1))
    with pytest.raises(course_kit.CourseKitError, match="ex-01-nowhere"):
        course_kit.slides_page("One-week plan", plans["One-week plan"], course_kit.exercises(chapters, ROOT))


def test_exercise_numbers_follow_the_book(chapters):
    found = course_kit.exercises(chapters, ROOT)
    numbers = [int(re.match(r"Exercise (\d+)", heading).group(1)) for heading, _ in found.values()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_workbooks_page_lists_every_workbook_with_its_answer_key():
    page = course_kit.workbooks_page(ROOT)
    answers = yaml.safe_load((ROOT / course_kit.ANSWERS_FILE).read_text())
    for path in sorted(ROOT.glob("workbook/[0-9][0-9]_*.ipynb")):
        assert f"/downloads/workbook/{path.name})" in page
        assert f"/blob/{editions.STUDENT_BRANCH}/workbook/{path.name})" in page
        for code in answers[path.name[:2]]:
            assert code.rstrip() in page


def test_the_assessment_page_names_the_workbooks_that_exist():
    text = " ".join((ROOT / "book" / "instructor" / "assessment.md").read_text().split())
    named = re.search(r"Chapters ([\d, ]+ and \d+) each have a workbook", text)
    assert named, "the assessment page does not say which chapters have a workbook"
    chapters = {int(n) for n in re.findall(r"\d+", named.group(1))}
    assert chapters == {int(p.name[:2]) for p in ROOT.glob("workbook/[0-9][0-9]_*.ipynb")}


def test_both_plans_offer_a_way_around_chapter_7():
    plans = course_kit.meetings(GUIDE)
    for plan, meetings in plans.items():
        readings = [b["Read before"] for _, b in meetings if "7" in b["Read before"]]
        assert readings and all("optional" in r for r in readings), f"{plan}: chapter 7 is not optional"
    assert "## Chapter 7: skip it or summarise it" in GUIDE


def test_the_kit_cites_the_paper_and_links_its_pages():
    text = " ".join(GUIDE.split())
    assert "*China Currents* 9(2), 2010" in text
    for page in ("workbooks", "project", "slides_one_week", "slides_three_weeks"):
        assert f"{{doc}}`{page}`" in text
    toc = (ROOT / "_toc.yml").read_text()
    for page in ("workbooks", "project", *[p.rsplit("/", 1)[1] for p in course_kit.SLIDE_PAGES.values()]):
        assert f"book/instructor/{page}" in toc
