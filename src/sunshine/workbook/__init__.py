"""The workbook: notebooks students complete and hand in, with checks that never give the answer away.

A student runs ``grader = sunshine.workbook.notebook("05")`` and ``grader.check("q05_cluster")``; an
instructor ``sunshine workbook grade FOLDER --chapter 05 --out scores.csv``
(:func:`sunshine.workbook.grade.grade`). The questions are in :mod:`sunshine.workbook.questions`.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

from sunshine.workbook.questions import QUESTIONS, Question

#: The chapters that have a workbook.
CHAPTERS = tuple(QUESTIONS)
#: How much of a string or a list an answer keeps (a longer one is cut, and then fails its checks).
MAX_ITEMS = 1000


class WorkbookError(ValueError):
    """An unknown chapter or question, or a folder without submissions."""


def chapter_questions(chapter: str) -> tuple[Question, ...]:
    """The questions of ``chapter``."""
    chapter = f"{int(chapter):02d}" if str(chapter).isdigit() else str(chapter)
    if chapter not in QUESTIONS:
        raise WorkbookError(f"no workbook for chapter {chapter!r}: choose one of {', '.join(CHAPTERS)}")
    return QUESTIONS[chapter]


def questions(chapter: str) -> list[str]:
    """The names of the questions of ``chapter``'s workbook."""
    return [q.name for q in chapter_questions(chapter)]


def plain(value: Any, depth: int = 0) -> Any:
    """An answer as plain JSON data (numbers, lists two deep), for the student's check and the grader.

    >>> import numpy as np
    >>> plain((np.float64(0.5), np.int64(2))), plain(...), plain(object())
    ([0.5, 2], {'blank': True}, {'unsupported': 'object'})
    """
    import numpy as np

    if value is Ellipsis:
        return {"blank": True}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else {"not_finite": repr(float(value))}
    if isinstance(value, str):
        return value[:MAX_ITEMS]
    if depth < 2 and (isinstance(value, (list, tuple)) or hasattr(value, "tolist")):
        items = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(items, (list, tuple)):
            return [plain(v, depth + 1) for v in list(items)[:MAX_ITEMS]]
    return {"unsupported": type(value).__name__}


def score(question: Question, answers: dict, reference: Any) -> tuple[float, list[str]]:
    """Points earned on ``question`` by plain ``answers`` (each check an equal share), and the failed hints."""
    if any(isinstance(answers.get(name), dict) and answers[name].get("blank") for name in question.answers):
        return 0.0, ["Not answered yet: replace the ... of the answer cell."]
    missing = [name for name in question.answers if name not in answers]
    if missing:
        return 0.0, [f"The notebook defines no variable {', '.join(missing)}."]
    failed = []
    for check in question.checks:
        try:
            ok = bool(check.passes(answers, reference))
        except Exception:  # noqa: BLE001  (a malformed answer fails its check, whatever it is)
            ok = False
        if not ok:
            failed.append(check.hint)
    earned = question.points * (len(question.checks) - len(failed)) / len(question.checks)
    return earned, failed


class Notebook:
    """The student's checker: ``check(name)`` reads the answer from the notebook and says what is wrong."""

    def __init__(self, chapter: str):
        self.questions = {q.name: q for q in chapter_questions(chapter)}
        self._data = None

    def check(self, name: str) -> "CheckResult":
        """Check the answer of question ``name`` in the calling notebook's variables."""
        if name not in self.questions:
            raise WorkbookError(f"no question {name!r} in this workbook: {', '.join(self.questions)}")
        if self._data is None:
            from sunshine.data import survey

            self._data = survey.load()
        question = self.questions[name]
        names = inspect.currentframe().f_back.f_globals
        answers = {n: plain(names[n]) for n in question.answers if n in names}
        earned, hints = score(question, answers, question.reference(self._data))
        return CheckResult(name, earned, question.points, hints)


class CheckResult:
    """What a check says: all passed, or the hints of what failed (never the answer)."""

    def __init__(self, name: str, earned: float, points: float, hints: list[str]):
        self.name, self.earned, self.points, self.hints = name, earned, points, hints

    def __repr__(self) -> str:
        if not self.hints:
            return f"{self.name}: all checks passed ({self.earned:g} of {self.points:g} points)"
        lines = [f"{self.name}: {len(self.hints)} check(s) failed ({self.earned:g} of {self.points:g} points)"]
        return "\n".join(lines + [f"- {hint}" for hint in self.hints])


def notebook(chapter: str) -> Notebook:
    """The checker of ``chapter``'s workbook (``grader = notebook("05")``; ``grader.check("q05_cluster")``).

    Parameters
    ----------
    chapter : str
        As for :func:`chapter_questions`.

    Returns
    -------
    Notebook
    """
    return Notebook(chapter)
