"""The workbook: otter-grader checks catch wrong answers, pass reference ones, and grade a folder.

The reference answers (tests/data/workbook_answers.yml) fill the cells tagged
``answer`` of each workbook; the blank workbook is the one students get; each
"wrong" answer below is a plausible mistake that the named check must catch.
The slow tests (marked ``build``: they execute notebooks) grade with
otter-grader's containerless grader exactly as ``sunshine workbook grade`` does.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from sunshine import workbook

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = {path.name[:2]: path for path in sorted((ROOT / "workbook").glob("[0-9][0-9]_*.ipynb"))}
ANSWERS = yaml.safe_load((ROOT / "tests" / "data" / "workbook_answers.yml").read_text())

#: Plausible wrong answers: (chapter, index of the answer cell, code, the question whose check must fail).
WRONG = {
    "04": (0, "_c = exercises.pair_counts_table(exercises.BY_HAND_TABLE)\n"
              "concordant, discordant = _c['concordant'], _c['discordant']\n"
              "tau_b = (concordant - discordant) / _c['n0']  # tau-a: ties ignored\n", "q04_by_hand"),
    "05": (0, "ci_households = kendall_tau(wb_data['education'], wb_data['migrated']).ci  # persons, not households\n",
           "q05_cluster"),
    "06": (1, "medians = wb_data.groupby('migrated')['income'].mean()  # means, not medians\n"
              "median_gap = medians[1] - medians[0]\n", "q06_median_gap"),
    "08": (2, "p_small = kendall_tau(wb_data['gender'], wb_data['migrated']).pvalue  # everyone, not the subsample\n"
              "keeps_stars = bool(p_small < 0.01)\n", "q08_stars"),
}


def answer_cells(nb) -> list:
    return [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]


def filled(chapter: str, answers: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.read(WORKBOOKS[chapter], as_version=4)
    cells = answer_cells(nb)
    assert len(cells) == len(answers), f"workbook {chapter}: {len(cells)} answer cells, {len(answers)} answers"
    for cell, code in zip(cells, answers):
        cell.source = code
    return nb


def test_every_survey_chapter_has_a_paired_workbook():
    assert sorted(WORKBOOKS) == list(workbook.CHAPTERS)
    for path in WORKBOOKS.values():
        assert path.with_suffix(".py").exists(), f"{path.name} has no jupytext .py pair"


@pytest.mark.parametrize("chapter", workbook.CHAPTERS)
def test_workbook_asks_each_question_once_and_checks_it(chapter: str):
    nb = nbformat.read(WORKBOOKS[chapter], as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "setup" in code[0].metadata.get("tags", []), "the first code cell is the setup cell"
    assert all(not c.outputs for c in code), "the workbook is committed without outputs"
    checked = re.findall(r'grader\.check\("(\w+)"\)', "\n".join(c.source for c in code))
    assert sorted(checked) == workbook.questions(chapter), f"checks {checked} against questions {workbook.questions(chapter)}"
    assert len(answer_cells(nb)) == len(checked)
    assert all("..." in c.source for c in answer_cells(nb)), "an answer cell is not blank"
    assert len(ANSWERS[chapter]) == len(checked)


@pytest.mark.parametrize("chapter", workbook.CHAPTERS)
def test_workbook_pair_in_sync(chapter: str):
    import jupytext

    text = jupytext.read(WORKBOOKS[chapter].with_suffix(".py"))
    nb = nbformat.read(WORKBOOKS[chapter], as_version=4)
    assert [(c.cell_type, c.source.strip()) for c in text.cells] == [(c.cell_type, c.source.strip()) for c in nb.cells], (
        f"{WORKBOOKS[chapter].name} and its .py differ: run `make sync`"
    )


def test_unknown_chapter_is_named():
    with pytest.raises(workbook.WorkbookError, match="no workbook for chapter '03'"):
        workbook.checks_dir("3")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict[str, dict]]:
    """Every chapter's reference, blank and wrong submissions, graded from one folder each."""
    out = {}
    for chapter in workbook.CHAPTERS:
        folder = tmp_path_factory.mktemp(f"submissions-{chapter}")
        nbformat.write(filled(chapter, ANSWERS[chapter]), folder / "reference.ipynb")
        nbformat.write(nbformat.read(WORKBOOKS[chapter], as_version=4), folder / "blank.ipynb")
        index, code, _ = WRONG[chapter]
        wrong = list(ANSWERS[chapter])
        wrong[index] = code
        nbformat.write(filled(chapter, wrong), folder / "wrong.ipynb")
        scores = workbook.grade(folder, chapter, folder / "scores.csv")
        with open(folder / "scores.csv", newline="") as f:
            rows = {row["submission"]: row for row in csv.DictReader(f)}
        assert list(scores["submission"]) == sorted(rows)
        out[chapter] = rows
    return out


@pytest.mark.build
@pytest.mark.parametrize("chapter", workbook.CHAPTERS)
def test_grading_a_folder_gives_the_expected_scores(graded, chapter: str):
    rows = graded[chapter]
    possible = float(rows["reference.ipynb"]["possible"])
    assert possible > 0
    assert float(rows["reference.ipynb"]["total"]) == possible, "the reference answers fail a check"
    assert float(rows["blank.ipynb"]["total"]) == 0, "the blank workbook passes a check"
    _, _, question = WRONG[chapter]
    wrong = rows["wrong.ipynb"]
    assert float(wrong[question]) < float(rows["reference.ipynb"][question]), f"{question} misses the wrong answer"
    others = [q for q in workbook.questions(chapter) if q != question]
    assert all(float(wrong[q]) == float(rows["reference.ipynb"][q]) for q in others)


@pytest.mark.build
def test_student_runs_the_checks_from_the_notebook(tmp_path: Path):
    """Executed as a student runs it, the reference workbook's check cells report every test passed."""
    from nbclient import NotebookClient

    nb = filled("05", ANSWERS["05"])
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    reports = [
        "".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
        for c in nb.cells if c.cell_type == "code" and "grader.check" in c.source
    ]
    assert len(reports) == 3 and all("passed" in r for r in reports), reports
    blank = nbformat.read(WORKBOOKS["05"], as_version=4)
    NotebookClient(blank, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    failed = ["".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
              for c in blank.cells if c.cell_type == "code" and "grader.check" in c.source]
    assert all("failed" in r for r in failed), failed
