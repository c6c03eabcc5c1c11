"""Grade a folder of handed-in workbooks: each in its own sandbox, references computed outside it.

Only the answer variables come back, as plain JSON; after each submission ``scores.csv`` and its
feedback file (what is wrong, never the answer) are written. A file that cannot be read, a submission
that loops or runs out of memory: each is a row with its reason, never an aborted run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sunshine.files import atomic_write_text
from sunshine.workbook import WorkbookError, chapter_questions, score
from sunshine.workbook.sandbox import Outcome, bwrap, run

#: The largest notebook file read, in bytes.
MAX_NOTEBOOK = 20 * 2**20
#: A submission's default limits.
SECONDS, MEMORY = 300, 4 * 2**30


def safe_cell(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading ``= + - @`` (or tab, CR) gets a quote (OWASP, "CSV Injection").

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("anna.ipynb")
    ("'=HYPERLINK(1)", 'anna.ipynb')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _code_cells(path: Path) -> list[str]:
    """The code cells of the notebook ``path``, or a :class:`WorkbookError` saying why it cannot be read."""
    if path.stat().st_size > MAX_NOTEBOOK:
        raise WorkbookError(f"larger than {MAX_NOTEBOOK // 2**20} MiB")
    try:
        nb = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        raise WorkbookError(f"not a notebook: not JSON ({exc.__class__.__name__})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise WorkbookError("not a notebook: no list of cells")
    cells = []
    for cell in nb["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if not isinstance(source, str):
                raise WorkbookError("not a notebook: a code cell's source is not text")
            if not source.lstrip().startswith("grader.check("):
                cells.append(source)
    return cells


def _check_paths(folder: Path, out_csv: Path, feedback: Path, force: bool) -> list[Path]:
    """The submissions of ``folder``, after refusing outputs that would replace a submission or a file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkbookError(f"{folder}: no such folder of submissions")
    submissions = sorted(p for p in folder.iterdir() if p.suffix == ".ipynb")
    if not submissions:
        raise WorkbookError(f"{folder}: no .ipynb submission in this folder")
    for target, what in ((out_csv, "--out"), (feedback, "--feedback")):
        if folder.resolve() in (target.resolve(), target.resolve().parent):
            raise WorkbookError(f"{what} {target} is in the folder of submissions: write it elsewhere")
        if target.suffix == ".ipynb":
            raise WorkbookError(f"{what} {target} names a notebook: give a .csv (--out) or a folder (--feedback)")
    if out_csv.is_dir():
        raise WorkbookError(f"--out {out_csv} is a folder: give the path of a .csv file")
    if out_csv.exists() and not force:
        raise WorkbookError(f"{out_csv} exists: pass --force to replace it")
    if feedback.exists() and any(feedback.iterdir()) and not force:
        raise WorkbookError(f"{feedback} exists and is not empty: pass --force to replace its files")
    return submissions


def grade(folder: Path, chapter: str, out_csv: Path, feedback: Path | None = None, *, seconds: int = SECONDS,
          memory: int = MEMORY, sandbox: bool = True, force: bool = False) -> pd.DataFrame:
    """Grade every ``.ipynb`` in ``folder`` against ``chapter``'s questions; write scores and feedback."""
    questions = chapter_questions(chapter)
    out_csv = Path(out_csv)
    feedback = Path(feedback) if feedback else out_csv.with_name(out_csv.stem + "-feedback")
    submissions = _check_paths(folder, out_csv, feedback, force)
    if sandbox and bwrap() is None:
        raise WorkbookError("bubblewrap (bwrap) is not installed, so submissions cannot be isolated: install it "
                            "(apt-get install bubblewrap), or pass --no-sandbox to run them with time and "
                            "memory limits only")
    from sunshine.data import survey

    data = survey.load()
    references = {q.name: q.reference(data) for q in questions}
    names = [n for q in questions for n in q.answers]
    feedback.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in submissions:
        outcome = _run(path, names, seconds, memory, sandbox)
        row, lines = _score(path.name, outcome, questions, references)
        rows.append(row)
        atomic_write_text(feedback / f"{path.name}.txt", "\n".join(lines) + "\n")
        scores = pd.DataFrame(rows, columns=["submission", "status", *[q.name for q in questions],
                                             "total", "possible", "reason"])
        atomic_write_text(out_csv, scores.to_csv(index=False))
    return scores


def _run(path: Path, names: list[str], seconds: int, memory: int, sandbox: bool) -> Outcome:
    if path.is_symlink() or not path.is_file():
        return Outcome({}, [], "not a regular file (a link or a folder): hand in the notebook itself")
    try:
        cells = _code_cells(path)
    except (WorkbookError, OSError) as exc:
        return Outcome({}, [], str(exc))
    return run(cells, names, seconds=seconds, memory=memory, sandbox=sandbox)


def _score(name: str, outcome: Outcome, questions, references) -> tuple[dict, list[str]]:
    row = {"submission": safe_cell(name), "status": "not graded" if outcome.failure else "graded",
           "possible": float(sum(q.points for q in questions)), "reason": outcome.failure}
    lines = [f"Feedback on {name}", ""]
    if outcome.failure:
        lines.append(f"Not graded: {outcome.failure}.")
    lines += [f"Code cell {e.get('cell')} raised {e.get('error')}." for e in outcome.errors]
    for q in questions:
        earned, hints = score(q, outcome.answers, references[q.name]) if not outcome.failure else (0.0, [])
        row[q.name] = earned
        if not outcome.failure:
            lines.append(f"{q.name}: {earned:g} of {q.points:g} points" + ("" if hints else ", all checks passed"))
            lines += [f"  - {hint}" for hint in hints]
    row["total"] = float(sum(row[q.name] for q in questions))
    return row, lines
