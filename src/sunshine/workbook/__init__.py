"""The workbook: notebooks students complete and hand in, checked by otter-grader.

Each survey chapter (4 to 7) has a workbook notebook in ``workbook/`` of the
repository. Its checks are otter-grader tests (OK format) shipped with this
package in ``checks/NN/``, so that they run offline wherever the package is
installed: in a checkout, in a downloaded notebook, in Colab.

* A student runs ``grader = sunshine.workbook.notebook("05")`` once and
  ``grader.check("q05_cluster")`` under each answer (otter-grader's
  :class:`otter.Notebook`).
* An instructor grades a folder of handed-in notebooks with
  ``sunshine workbook grade FOLDER --chapter 05 --out scores.csv``
  (:func:`grade`): each notebook is executed and checked by otter-grader's
  containerless grader (:func:`otter.api.grade_submission`), and the scores go
  into one CSV.

References
----------
Otter-Grader documentation, https://otter-grader.readthedocs.io (test file
format, ``otter generate``, ``otter.api.grade_submission``).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import pandas as pd

from sunshine.files import atomic_write_text

#: The chapters that have a workbook.
CHAPTERS = ("04", "05", "06", "08")
CHECKS_DIR = Path(__file__).parent / "checks"


class WorkbookError(ValueError):
    """An unknown chapter, or a folder without submissions."""


def checks_dir(chapter: str) -> Path:
    """The folder of otter-grader checks of ``chapter`` ("04", "05", "06" or "08").

    Parameters
    ----------
    chapter : str
        The chapter's number (``"05"`` or ``5``).

    Returns
    -------
    pathlib.Path
        The folder of its checks.

    Raises
    ------
    WorkbookError
        If the chapter has no workbook.
    """
    chapter = f"{int(chapter):02d}" if str(chapter).isdigit() else str(chapter)
    if chapter not in CHAPTERS:
        raise WorkbookError(f"no workbook for chapter {chapter!r}: choose one of {', '.join(CHAPTERS)}")
    return CHECKS_DIR / chapter


def questions(chapter: str) -> list[str]:
    """The names of the questions of ``chapter``'s workbook, in order.

    Parameters
    ----------
    chapter : str
        As for :func:`checks_dir`.

    Returns
    -------
    list of str
        The question names (the checks' file names without ``.py``), sorted.
    """
    return sorted(p.stem for p in checks_dir(chapter).glob("q*.py"))


def notebook(chapter: str):
    """The otter-grader :class:`otter.Notebook` that checks ``chapter``'s workbook answers.

    Parameters
    ----------
    chapter : str
        The workbook's chapter, as for :func:`checks_dir`.

    Returns
    -------
    otter.Notebook
        The grader whose ``check(name)`` runs a question's checks.
    """
    import otter

    return otter.Notebook(tests_dir=str(checks_dir(chapter)))


def autograder_zip(chapter: str, out_dir: Path) -> Path:
    """Write the otter-grader autograder of ``chapter`` (``otter generate``) into ``out_dir``; return its path.

    Parameters
    ----------
    chapter : str
        The chapter's number.
    out_dir : pathlib.Path
        Where to write the zip.

    Returns
    -------
    pathlib.Path
        The autograder zip.
    """
    from otter.generate import main as generate

    out = Path(out_dir) / f"workbook-{chapter}-autograder.zip"
    with contextlib.redirect_stdout(io.StringIO()):
        generate(
            tests_dir=str(checks_dir(chapter)), output_path=str(out),
            no_config=True, no_requirements=True, no_environment=True,
        )
    return out


def grade(folder: Path, chapter: str, out_csv: Path | None = None) -> pd.DataFrame:
    """Grade every ``.ipynb`` in ``folder`` against ``chapter``'s checks; write and return the scores.

    Each notebook is executed from the top and checked by otter-grader
    (without Docker). The table has one row per submission: ``submission``,
    one column per question (points earned), ``total`` and ``possible``.

    Parameters
    ----------
    folder : pathlib.Path
        Folder of handed-in ``.ipynb`` files.
    chapter : str
        The chapter's number.
    out_csv : pathlib.Path, optional
        Where to write the scores (atomically).

    Returns
    -------
    DataFrame
        The scores, one row per submission.

    Raises
    ------
    WorkbookError
        If ``folder`` holds no notebook, or the chapter has no workbook.
    """
    from otter.api import grade_submission

    submissions = sorted(Path(folder).glob("*.ipynb"))
    if not submissions:
        raise WorkbookError(f"no .ipynb submission in {folder}")
    names = questions(chapter)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sunshine-grade-") as tmp:
        zip_path = autograder_zip(chapter, Path(tmp))
        for path in submissions:
            results = grade_submission(str(path), str(zip_path), quiet=True)
            row = {"submission": path.name}
            for name in names:
                row[name] = float(results.get_score(name)) if name in results.results else 0.0
            row["total"] = float(results.total)
            row["possible"] = float(results.possible)
            rows.append(row)
    scores = pd.DataFrame(rows, columns=["submission", *names, "total", "possible"])
    if out_csv is not None:
        atomic_write_text(Path(out_csv), scores.to_csv(index=False))
    return scores
