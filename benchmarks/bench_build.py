"""Benchmark of the book build and its execution cache (issue: foundation).

Prints, from one run on a private copy of the project:

* a clean build (fresh cache: every chapter executed, every page rendered);
* a no-op rebuild;
* a rebuild after touching one data file (mtime only) and after changing its content;
* executing the chapters alone with nbclient, one after another, no Sphinx;

then the ratios no-op/clean (target < 0.10) and clean/execute-alone (target < 1.5).

Run: ``.venv/bin/python benchmarks/bench_build.py``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from sunshine.publish.book import Project, build  # noqa: E402

DATA_FILE = Path("data/context/rural_income_nbs.csv")


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def execute_alone(root: Path) -> None:
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute(cwd=str(path.parent))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        project = Project(root)
        quiet = dict(log=lambda *a: None, quiet=True)
        alone = timed(lambda: execute_alone(root))
        clean = timed(lambda: build(project, **quiet))
        noop = timed(lambda: build(project, **quiet))
        (root / DATA_FILE).touch()
        touched = timed(lambda: build(project, **quiet))
        with open(root / DATA_FILE, "a") as fh:
            fh.write("\n")
        changed = timed(lambda: build(project, **quiet))
        shutil.rmtree(root / "_build")
    chapters = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    print(f"book build ({chapters} chapters)")
    print(f"  execute chapters alone (nbclient, sequential) {alone:7.2f} s")
    print(f"  clean build                                  {clean:7.2f} s")
    print(f"  no-op rebuild                                {noop:7.2f} s")
    print(f"  rebuild after touching {DATA_FILE} (mtime)   {touched:7.2f} s")
    print(f"  rebuild after changing its content           {changed:7.2f} s")
    print(f"  ratio no-op / clean          {noop / clean:6.3f}  (target < 0.10)")
    print(f"  ratio clean / execute alone  {clean / alone:6.3f}  (target < 1.50)")


if __name__ == "__main__":
    main()
