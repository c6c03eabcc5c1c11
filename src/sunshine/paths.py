"""Where the project's files are: every path of the layout is built here.

The root is two levels above this file (editable install from ``src/``) unless
``SUNSHINE_PROJECT_ROOT`` names another copy (set by executors for a copy's chapters). A
:class:`Layout` gives one copy's folders and files, the module constants this copy's; a run folder
has :class:`RunLayout`. No other module joins path names of the layout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Environment variable naming the copy of the project to work on.
ROOT_ENV_VAR = "SUNSHINE_PROJECT_ROOT"
PROJECT_ROOT = Path(os.environ.get(ROOT_ENV_VAR) or Path(__file__).resolve().parents[2]).resolve()
#: The copy of ``data/`` shipped inside the package (a wheel's ``sunshine/_data``, a link to
#: ``data/`` in a checkout), used where the package is installed without a checkout.
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "_data"

#: Files and folders of the project that make up the book's sources (besides the chapters).
BOOK_SOURCES = ("_config.yml", "_toc.yml", "references.bib", "CITATION.cff", "book")
#: Top-level folders of a copy that hold no source of the book (build products, runs, tools' state).
NOT_SOURCES = frozenset({".venv", "_build", ".git", "src", "runs", ".pytest_cache"})
#: The chapter notebooks inside ``notebooks/``.
CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"


@dataclass(frozen=True)
class Layout:
    """The folders and files of the copy of the project at ``root`` (default: this copy).

    Examples
    --------
    >>> layout = Layout(Path("/p"))
    >>> layout.execution_dir.as_posix(), layout.run("x").manifest.as_posix()
    ('/p/_build/.execution', '/p/runs/x/run.json')
    """

    root: Path = PROJECT_ROOT

    @property
    def data_dir(self) -> Path:
        """``data/`` (each folder with a README); in an installed package without a checkout, :data:`PACKAGED_DATA_DIR`."""
        data = self.root / "data"
        return PACKAGED_DATA_DIR if self.root == PROJECT_ROOT and not data.is_dir() else data

    @property
    def context_dir(self) -> Path:
        """``data/context/``: official statistics of chapters 1-3."""
        return self.data_dir / "context"

    @property
    def published_dir(self) -> Path:
        """``data/published/``: the numbers printed in the paper."""
        return self.data_dir / "published"

    @property
    def cmlrs_dir(self) -> Path:
        """``data/cmlrs/``: the synthetic survey file and its codebook."""
        return self.data_dir / "cmlrs"

    @property
    def codebook_file(self) -> Path:
        """``data/cmlrs/datapackage.json``: the codebook (a Frictionless Data Package)."""
        return self.cmlrs_dir / "datapackage.json"

    @property
    def synthetic_file(self) -> Path:
        """``data/cmlrs/cmlrs_synthetic.csv``: the committed SYNTHETIC survey file."""
        return self.cmlrs_dir / "cmlrs_synthetic.csv"

    @property
    def notebooks_dir(self) -> Path:
        """``notebooks/``: the chapters."""
        return self.root / "notebooks"

    @property
    def workbook_dir(self) -> Path:
        """``workbook/``: the students' workbooks and their answer key."""
        return self.root / "workbook"

    @property
    def package_dir(self) -> Path:
        """``src/sunshine/``: the package source the chapters import."""
        return self.root / "src" / "sunshine"

    @property
    def lock_file(self) -> Path:
        """``requirements.lock``: the exact pins of the environment."""
        return self.root / "requirements.lock"

    @property
    def config_file(self) -> Path:
        """``_config.yml``: the Jupyter Book configuration."""
        return self.root / "_config.yml"

    @property
    def runs_dir(self) -> Path:
        """``runs/``: reruns and sweeps, one folder each (not in git)."""
        return self.root / "runs"

    @property
    def build_dir(self) -> Path:
        """``_build/``: every build product (not in git)."""
        return self.root / "_build"

    @property
    def execution_dir(self) -> Path:
        """``_build/.execution/``: executed chapters and their cache manifests."""
        return self.build_dir / ".execution"

    @property
    def stage_dir(self) -> Path:
        """``_build/stage/``: the book's sources as Sphinx reads them."""
        return self.build_dir / "stage"

    @property
    def html_dir(self) -> Path:
        """``_build/html/``: the rendered book."""
        return self.build_dir / "html"

    @property
    def render_ok_stamp(self) -> Path:
        """``_build/.render-ok``: present exactly when the last render succeeded."""
        return self.build_dir / ".render-ok"

    @property
    def pdf_dir(self) -> Path:
        """``_build/pdf/``: the LaTeX build of the PDF (its own doctrees)."""
        return self.build_dir / "pdf"

    @property
    def latex_dir(self) -> Path:
        """``_build/pdf/_build/latex/``: where Sphinx writes the LaTeX and XeLaTeX the PDF."""
        return self.pdf_dir / "_build" / "latex"

    @property
    def pdf_ok_stamp(self) -> Path:
        """``_build/.pdf-ok``: the stage key of the last PDF built."""
        return self.build_dir / ".pdf-ok"

    def chapters(self) -> list[Path]:
        """The chapter notebooks, in file-name order."""
        return sorted(self.notebooks_dir.glob(CHAPTER_GLOB))

    def execution_record(self, notebook: Path) -> tuple[Path, Path]:
        """Where the execution cache keeps a chapter: its executed copy and its manifest."""
        return self.execution_dir / notebook.name, self.execution_dir / f"{notebook.stem}.json"

    def run(self, name: str) -> RunLayout:
        """The layout of the run ``runs/NAME/``."""
        return RunLayout(self.runs_dir / name)


@dataclass(frozen=True)
class RunLayout:
    """The files of the run folder ``root`` (``runs/NAME/``)."""

    root: Path

    @property
    def notebooks_dir(self) -> Path:
        """``notebooks/``: the executed chapters of a rerun."""
        return self.root / "notebooks"

    @property
    def manifest(self) -> Path:
        """``run.json``: parameters, data, versions, times and glued values."""
        return self.root / "run.json"

    @property
    def stage_dir(self) -> Path:
        """``_stage/``: the alternate edition's sources."""
        return self.root / "_stage"

    @property
    def html_dir(self) -> Path:
        """``_build/html/``: the alternate edition."""
        return self.root / "_build" / "html"

    @property
    def sets_dir(self) -> Path:
        """``sets/``: the executed parameter sets of a sweep."""
        return self.root / "sets"

    @property
    def results(self) -> Path:
        """``results.csv``: one row per parameter set of a sweep."""
        return self.root / "results.csv"

    @property
    def grid(self) -> Path:
        """``grid.yaml``: the copy of a sweep's grid file."""
        return self.root / "grid.yaml"


LAYOUT = Layout(PROJECT_ROOT)
DATA_DIR = LAYOUT.data_dir
CONTEXT_DIR = LAYOUT.context_dir
PUBLISHED_DIR = LAYOUT.published_dir
CMLRS_DIR = LAYOUT.cmlrs_dir
