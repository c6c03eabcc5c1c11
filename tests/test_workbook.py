"""The workbook: checks catch wrong answers without giving the answer away; grading is sandboxed.

The reference answers (workbook/answers.yml) fill the cells tagged
``answer`` of each workbook; the blank workbook is the one students get; each
"wrong" answer below is a plausible mistake that the named question must catch.
The tests marked ``build`` execute notebooks in the grader's sandbox (bubblewrap).
"""

from __future__ import annotations

import ast
import csv
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from sunshine import workbook
from sunshine.workbook import grade as grading
from sunshine.workbook import sandbox

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = {path.name[:2]: path for path in sorted((ROOT / "workbook").glob("[0-9][0-9]_*.ipynb"))}
ANSWERS = yaml.safe_load((ROOT / "workbook" / "answers.yml").read_text())

#: Plausible wrong answers: (chapter, index of the answer cell, code, the question that must lose points).
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


@pytest.fixture(scope="module")
def data():
    from sunshine.data import survey

    return survey.load()


def answered(chapter: str, answers: list[str], data) -> dict:
    """The plain answers of ``answers`` run in-process, as the sandbox reads them back."""
    from sunshine.data import published
    from sunshine.kendall import kendall_tau
    from sunshine.report import exercises
    from sunshine.synth import assess

    names = {"wb_data": data, "kendall_tau": kendall_tau, "exercises": exercises, "published": published,
             "assess": assess}
    for code in answers:
        exec(code, names)  # noqa: S102  (the repository's own reference answers)
    return {n: workbook.plain(names[n]) for q in workbook.chapter_questions(chapter) for n in q.answers if n in names}


def scores(chapter: str, answers: dict, data) -> dict:
    return {q.name: workbook.score(q, answers, q.reference(data)) for q in workbook.chapter_questions(chapter)}


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
    assert checked == workbook.questions(chapter), f"checks {checked} against questions {workbook.questions(chapter)}"
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
        workbook.chapter_questions("3")


@pytest.mark.parametrize("chapter", workbook.CHAPTERS)
def test_reference_answers_earn_every_point_and_blank_ones_none(chapter: str, data):
    earned = scores(chapter, answered(chapter, ANSWERS[chapter], data), data)
    for q in workbook.chapter_questions(chapter):
        assert earned[q.name] == (q.points, []), f"{q.name}: the reference answer fails {earned[q.name][1]}"
    blank = {n: workbook.plain(...) for q in workbook.chapter_questions(chapter) for n in q.answers}
    assert all(points == 0 for points, _ in scores(chapter, blank, data).values())


@pytest.mark.parametrize("chapter", workbook.CHAPTERS)
def test_a_plausible_mistake_loses_points_on_its_question_only(chapter: str, data):
    index, code, question = WRONG[chapter]
    wrong = list(ANSWERS[chapter])
    wrong[index] = code
    earned = scores(chapter, answered(chapter, wrong, data), data)
    points = {q.name: q.points for q in workbook.chapter_questions(chapter)}
    assert earned[question][0] < points[question] and earned[question][1], f"{question} misses the mistake"
    assert all(earned[q][0] == points[q] for q in points if q != question)


@pytest.mark.parametrize("chapter", workbook.CHAPTERS)
def test_a_failed_check_never_prints_the_reference_answer(chapter: str, data):
    """Each hint, for a wrong answer, holds none of the reference's numbers (to 2-6 decimals)."""
    for q in workbook.chapter_questions(chapter):
        reference = q.reference(data)
        numbers = [v for v in _numbers(reference) if abs(v) not in (0, 1)]
        wrong = {n: {"unsupported": "x"} for n in q.answers}
        _, hints = workbook.score(q, wrong, reference)
        assert hints, f"{q.name}: a wrong answer passes"
        for hint in hints:
            for v in numbers:
                for d in range(2, 7):
                    assert f"{v:.{d}f}".lstrip("-0") not in hint, f"{q.name}'s hint gives {v:.{d}f} away"


def _numbers(value) -> list[float]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _numbers(v)]
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _numbers(v)]
    return [float(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def test_an_answer_typed_to_three_decimals_passes_a_coefficient_question(data):
    """Exercise 16's tau-b, rounded by hand to three decimals, earns its points (half a unit of tolerance)."""
    q = workbook.chapter_questions("05")[2]
    reference = q.reference(data)
    assert workbook.score(q, {"tau_young_age": round(reference, 3)}, reference)[0] == q.points
    assert workbook.score(q, {"tau_young_age": round(reference, 3) + 0.001}, reference)[0] == 0


def test_plain_keeps_numbers_and_refuses_objects():
    import numpy as np
    import pandas as pd

    assert workbook.plain(pd.Series([1.5, 2.0])) == [1.5, 2.0]
    assert workbook.plain(np.array([[1, 2], [3, 4]])) == [[1, 2], [3, 4]]
    assert workbook.plain(float("nan")) == {"not_finite": "nan"}
    assert workbook.plain(len) == {"unsupported": "builtin_function_or_method"}
    assert len(workbook.plain(list(range(5000)))) == workbook.MAX_ITEMS


def test_the_student_check_says_what_is_wrong_not_the_answer(data):
    grader = workbook.notebook("05")
    globals()["ci_households"] = (-1.0, 1.0)  # the check reads the caller's global names, as in a notebook
    try:
        result = grader.check("q05_cluster")
    finally:
        del globals()["ci_households"]
    text = repr(result)
    assert "1 check(s) failed" in text and "four decimals" in text
    assert "kendall_tau" not in text and "cluster=" not in text
    with pytest.raises(workbook.WorkbookError, match="no question 'q99'"):
        grader.check("q99")


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\").ipynb", "+1.ipynb", "-2.ipynb", "@SUM(A1).ipynb"])
def test_submission_names_reach_the_csv_as_text_not_formulas(name: str):
    assert grading.safe_cell(name) == "'" + name


def test_outputs_that_would_replace_a_submission_or_a_file_are_refused(tmp_path: Path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "anna.ipynb").write_text("{}")
    with pytest.raises(workbook.WorkbookError, match="in the folder of submissions"):
        grading.grade(folder, "05", folder / "anna.ipynb")
    with pytest.raises(workbook.WorkbookError, match="names a notebook"):
        grading.grade(folder, "05", tmp_path / "scores.ipynb")
    (tmp_path / "scores.csv").write_text("kept")
    with pytest.raises(workbook.WorkbookError, match="scores.csv exists: pass --force"):
        grading.grade(folder, "05", tmp_path / "scores.csv")
    with pytest.raises(workbook.WorkbookError, match="no .ipynb submission"):
        grading.grade(tmp_path, "05", tmp_path / "other" / "s.csv")
    assert (folder / "anna.ipynb").read_text() == "{}" and (tmp_path / "scores.csv").read_text() == "kept"


def test_without_bubblewrap_grading_refuses_unless_told(tmp_path: Path, monkeypatch):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "anna.ipynb").write_text("{}")
    monkeypatch.setattr(grading, "bwrap", lambda: None)
    with pytest.raises(workbook.WorkbookError, match="bubblewrap .* --no-sandbox"):
        grading.grade(folder, "05", tmp_path / "scores.csv")
    assert not (tmp_path / "scores.csv").exists()


@pytest.mark.build
def test_the_sandbox_hides_the_instructors_files_environment_and_network(tmp_path: Path, monkeypatch):
    assert sandbox.bwrap(), "bubblewrap is installed by .ci/install-tools"
    secret = tmp_path / "secret.txt"
    secret.write_text("the answer key")
    monkeypatch.setenv("INSTRUCTOR_TOKEN", "s3cret")
    cells = [
        "import os, socket\n"
        f"def tried(f):\n    try:\n        return str(f())\n    except Exception as e:\n        return type(e).__name__\n"
        f"read_secret = tried(lambda: open({str(secret)!r}).read())\n"
        f"delete_secret = tried(lambda: os.remove({str(secret)!r}))\n"
        "token = os.environ.get('INSTRUCTOR_TOKEN', 'absent')\n"
        "passwd = tried(lambda: open('/etc/passwd').read())\n"
        "home = tried(lambda: sorted(os.listdir('/root')))\n"
        "net = tried(lambda: socket.create_connection(('127.0.0.1', 22), timeout=2))\n"
        "uid = os.getuid()\n",
    ]
    names = ["read_secret", "delete_secret", "token", "passwd", "home", "net", "uid"]
    out = sandbox.run(cells, names, seconds=120, memory=4 * 2**30)
    a = out.answers
    assert out.failure == "", out
    assert a["read_secret"] in ("FileNotFoundError", "PermissionError") and "answer key" not in str(a)
    assert a["delete_secret"] in ("FileNotFoundError", "PermissionError")
    assert a["token"] == "absent" and a["passwd"] == "FileNotFoundError"
    # /root holds, at most, the Python install and the compiled kernels the sandbox binds read-only
    assert a["home"] == "FileNotFoundError" or set(ast.literal_eval(a["home"])) <= {".pyenv", ".cache"}, a["home"]
    assert a["net"] in ("OSError", "ConnectionRefusedError") and a["uid"] == 65534
    assert secret.read_text() == "the answer key"


@pytest.mark.build
def test_grading_a_class_with_hostile_submissions(tmp_path: Path, data):
    """A malicious, a looping, a corrupt, a memory-hungry and a correct submission: each a row with its reason."""
    instructor = tmp_path / "instructor"
    folder = instructor / "subs"
    folder.mkdir(parents=True)
    keep = instructor / "gradebook.txt"
    keep.write_text("do not touch")
    nbformat.write(filled("05", ANSWERS["05"]), folder / "correct.ipynb")
    evil = list(ANSWERS["05"])
    evil[0] = (f"import os, shutil\nfor p in ({str(keep)!r}, 'gradebook.txt', '../gradebook.txt'):\n"
               "    try:\n        os.remove(p)\n    except OSError:\n        pass\n"
               f"shutil.rmtree({str(folder)!r}, ignore_errors=True)\n" + evil[0])
    nbformat.write(filled("05", evil), folder / "=malicious.ipynb")
    looping = list(ANSWERS["05"])
    looping[1] = "while True:\n    pass\n"
    nbformat.write(filled("05", looping), folder / "looping.ipynb")
    hungry = list(ANSWERS["05"])
    hungry[2] = "block = bytearray(8 * 2**30)  # more than the memory limit\n"
    nbformat.write(filled("05", hungry), folder / "hungry.ipynb")
    (folder / "corrupt.ipynb").write_text("{ this is not JSON")
    os.symlink(keep, folder / "link.ipynb")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()}
    out = instructor / "grades" / "scores.csv"
    cwd = os.getcwd()
    os.chdir(instructor)
    try:
        result = grading.grade(folder, "05", out, seconds=30, memory=3 * 2**30)
    finally:
        os.chdir(cwd)
    rows = {r["submission"]: r for r in csv.DictReader(out.open())}
    assert list(result["submission"]) == list(rows)
    assert keep.read_text() == "do not touch"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()} == before
    possible = rows["correct.ipynb"]["possible"]
    assert rows["correct.ipynb"]["status"] == "graded" and rows["correct.ipynb"]["total"] == possible
    assert rows["'=malicious.ipynb"]["status"] == "graded" and rows["'=malicious.ipynb"]["total"] == possible
    assert rows["looping.ipynb"]["status"] == "not graded" and "time limit" in rows["looping.ipynb"]["reason"]
    hungry = rows["hungry.ipynb"]
    assert hungry["status"] == "graded" and float(hungry["q05_cluster"]) + float(hungry["q05_critical"]) == 4
    assert "MemoryError" in (out.parent / "scores-feedback" / "hungry.ipynb.txt").read_text()
    assert rows["corrupt.ipynb"]["status"] == "not graded" and "not JSON" in rows["corrupt.ipynb"]["reason"]
    assert rows["link.ipynb"]["status"] == "not graded" and "not a regular file" in rows["link.ipynb"]["reason"]
    feedback = (out.parent / "scores-feedback" / "correct.ipynb.txt").read_text()
    assert "all checks passed" in feedback
    shutil.rmtree(instructor)


@pytest.mark.build
def test_student_runs_the_checks_from_the_notebook(tmp_path: Path):
    """Executed as a student runs it, the reference workbook's checks pass and the blank one's fail."""
    from nbclient import NotebookClient

    def reports(nb):
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
        return ["".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
                for c in nb.cells if c.cell_type == "code" and "grader.check" in c.source]

    passed = reports(filled("05", ANSWERS["05"]))
    assert len(passed) == 3 and all("all checks passed" in r for r in passed), passed
    failed = reports(nbformat.read(WORKBOOKS["05"], as_version=4))
    assert all("Not answered yet" in r for r in failed), failed
