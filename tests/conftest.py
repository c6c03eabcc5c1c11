"""Shared fixtures: private copies of the project, and the book built once per test run.

Every test that reads the built book (HTML pages, executed chapters, the PDF)
shares one build, made by the session fixture :func:`built_book` from scratch
in a temporary copy of the project, as `make book` builds it (warnings are
errors, a chapter that raises fails it), with every Python process it starts
refused the network (:data:`NETWORK_GUARD`); :func:`book_pdf` adds the PDF to
it. The working tree's own ``_build`` is neither read nor written. Tests of
the build machinery itself work on small copies (:func:`copy_small_project`).
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

import pytest

if TYPE_CHECKING:
    from sunshine.publish.book import Project

ROOT = Path(__file__).resolve().parents[1]
# Commands the tests run keep their warm server to themselves: a resident one would outlive the run
# (tests/test_resident_server.py starts its own, in a temporary folder, and stops it).
os.environ["SUNSHINE_WARM_SERVER"] = "process"
#: What a copy of the project needs to be built: sources, data, configuration.
COPIED = ("_config.yml", "_toc.yml", "references.bib", "CITATION.cff", "requirements.lock", "book", "notebooks", "data", "src",
          # The build writes the package's wheel and the workbooks into the site (sunshine.publish.downloads).
          "pyproject.toml", "README.md", "LICENSE", "workbook")

# Refuses, and records, any connection that leaves the machine: the build must be offline.
NETWORK_GUARD = textwrap.dedent(
    '''\
    import os, sys

    def _guard(event, args):
        if event == "socket.connect":
            address = args[1]
            host = address[0] if isinstance(address, tuple) else str(address)
            if isinstance(address, tuple) and host not in ("127.0.0.1", "::1", "localhost"):
                with open(os.environ["NETWORK_ATTEMPTS"], "a") as fh:
                    fh.write(f"{sys.argv[0]} connect {address}\\n")
                raise OSError("network access during the build")
        elif event == "socket.getaddrinfo" and args[0] not in (None, "localhost", "127.0.0.1", "::1", b"localhost"):
            with open(os.environ["NETWORK_ATTEMPTS"], "a") as fh:
                fh.write(f"{sys.argv[0]} resolve {args[0]}\\n")
            raise OSError("network access during the build")

    sys.addaudithook(_guard)
    '''
)


def copy_project(destination: Path) -> Path:
    """Copy the book's sources, data and package source into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


def copy_small_project(destination: Path, chapters: tuple[str, ...] = ("01_neoliberal_turn",)) -> Path:
    """A copy of the project whose book is the preface, ``chapters`` and the glossary and bibliography.

    The other chapter notebooks are left out of the copy, so that a build
    executes only these (the build executes every ``notebooks/NN_*.ipynb``);
    the table of contents lists the chapters in the given order, whether their
    notebooks exist yet or not (a test may add its own).
    """
    root = copy_project(destination)
    for path in (root / "notebooks").glob("[0-9][0-9]_*"):
        if path.stem not in chapters:
            path.unlink()
    listed = "".join(f"      - file: notebooks/{stem}\n" for stem in chapters)
    parts = f"  - caption: The paper, re-run\n    numbered: true\n    chapters:\n{listed}" if chapters else ""
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/preface\nparts:\n"
        + parts
        + "  - caption: Back matter\n    chapters:\n      - file: book/glossary\n      - file: book/bibliography\n"
    )
    return root


def offline_environment(folder: Path) -> tuple[dict[str, str], Path]:
    """Environment variables under which every Python process refuses the network, and the file of attempts."""
    guard = folder / "guard"
    guard.mkdir(parents=True, exist_ok=True)
    (guard / "sitecustomize.py").write_text(NETWORK_GUARD)
    attempts = folder / "network-attempts.txt"
    attempts.write_text("")
    return {"PYTHONPATH": str(guard), "NETWORK_ATTEMPTS": str(attempts)}, attempts


@dataclass
class BuiltBook:
    """The book built once for the test run: where, what the build did, and any network attempts."""

    project: Project
    result: dict
    network_attempts: str
    instructor: Project

    @property
    def html(self) -> Path:
        return self.project.html_dir


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> BuiltBook:
    """The whole book, built from scratch and offline in a temporary copy of the project, once per test run:
    the student edition (``result`` is what its build did), then the instructor edition from the same
    executed chapters."""
    import publication
    from sunshine.publish.book import Project, build

    folder = tmp_path_factory.mktemp("book")
    project = Project(copy_project(folder / "project"))
    env, attempts = offline_environment(folder)
    with mock.patch.dict(os.environ, env):
        result = build(project, log=lambda *args: None, quiet=True)
        instructor = Project(project.root, edition="instructor")
        build(instructor, log=lambda *args: None, quiet=True)
    publication.use_html(project.html_dir)
    return BuiltBook(project, result, attempts.read_text(), instructor)


@pytest.fixture(scope="session")
def book_pdf(built_book) -> Path:
    """The built book's PDF (XeLaTeX), in its HTML folder where the download buttons point."""
    import publication
    from sunshine.publish.book import build_pdf

    publication.require_pdf_tools()
    return build_pdf(built_book.project, log=lambda *args: None, quiet=True)


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """The address of one local Dask cluster on loopback (one worker process), shared by the tests that need one.

    The scheduler's HTTP server (which it starts even without a dashboard) takes
    a free port, so that clusters of parallel test workers do not meet on 8787.
    """
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def stack_venv(tmp_path: Path) -> tuple[Path, dict]:
    """A fresh virtual environment that sees the project's locked stack but not the book's package, and the
    environment to run it in: what a student's Python with the dependencies already there looks like.

    Nothing is fetched from the registry: one ``.pth`` line names a folder of links to everything the
    project's own environment installed, less the package itself (its files and its metadata).
    """
    import subprocess
    import sys
    import sysconfig

    env = {k: v for k, v in os.environ.items() if k not in ("SUNSHINE_PROJECT_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    venv, stack = tmp_path / "venv", tmp_path / "locked-stack"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    stack.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(("neoliberal_sunshine", "__editable__", "sunshine")):
            (stack / entry.name).symlink_to(entry)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True, env=env).stdout.strip()
    Path(purelib, "locked-stack.pth").write_text(f"{stack}\n")
    return python, env


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project, built nowhere yet."""
    return copy_project(tmp_path / "project")


#: What marks a test file that reads the book built for the test run.
BOOK_FILE_MARKS = ("built_book", "book_pdf")


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under ``--dist loadfile`` (`make check`, `make test`), the files that read the built book run in one
    process, where it is built once; every other file runs in one process of its own. (pytest-xdist's
    ``loadgroup`` marks do not work with pytest 9.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    here = Path(__file__).parent
    book = {f"{here.name}/{path.name}" for path in here.glob("test_*.py")
            if any(mark in path.read_text(encoding="utf-8") for mark in BOOK_FILE_MARKS)}

    class BookScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "book" if scope in book else scope

    return BookScheduling(config, log)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A thread the tests left running that the interpreter would wait for at exit fails the run.

    Python joins every non-daemon thread (a pool's workers among them) before it
    exits, so one blocked forever would hang `make test` after its summary.
    """
    import threading

    left = [t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if left:
        session.config.get_terminal_writer().line(f"\nthreads left running, which would hold up the exit: {left}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    """Should the exit still hang (a child process, an atexit handler), print every stack after 120 s and stop."""
    import faulthandler

    faulthandler.dump_traceback_later(120, exit=True)

