"""Build the book: execute the chapters whose inputs changed, stage them, render HTML and PDF.

A chapter's cache is keyed on its code cells, the package's code, the lock, Python and every project
file it read when it last ran (:mod:`sunshine.publish.provenance`), so changed data re-execute it.
One build of a copy at a time (``flock`` on ``_build/.build-lock``, else :class:`BuildBusy`).
Command line: ``python -m sunshine.publish --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from sunshine.publish import course_kit, downloads, editions, provenance
from sunshine.publish.stage import RenderFailed, book_sources, stage_files
from sunshine.publish.stage import render as render_stage
from sunshine.files import atomic_write_text, exclusive_lock, package_fingerprint, sha256_bytes, sha256_file, sha256_tree
from sunshine.paths import Layout

EXECUTION_TIMEOUT = 600


@dataclass(frozen=True)
class Project(Layout):
    """One copy of the project as the book builder sees it, for one edition (``student`` or
    ``instructor``, whose stage and output are under ``_build/instructor/``); both share the cache."""

    edition: str = editions.DEFAULT_EDITION

    def __post_init__(self) -> None:
        editions.check_edition(self.edition)

    @property
    def edition_dir(self) -> Path:
        """The edition's own build state: ``_build`` (student) or ``_build/instructor``."""
        return editions.output_dir(self.build_dir, self.edition)

    @property
    def output_root(self) -> Path:
        """Where ``jupyter-book build --path-output`` writes the edition (it adds ``_build/html``)."""
        return self.root if self.edition_dir == self.build_dir else self.edition_dir

    @property
    def stage_dir(self) -> Path:
        """The edition's stage."""
        return self.edition_dir / "stage"

    @property
    def html_dir(self) -> Path:
        """The edition's HTML."""
        return self.output_root / "_build" / "html"

    @property
    def render_ok_stamp(self) -> Path:
        """Written after the edition's last successful render."""
        return self.edition_dir / ".render-ok"

    @property
    def pdf_dir(self) -> Path:
        """The edition's LaTeX build."""
        return self.edition_dir / "pdf"

    @property
    def pdf_ok_stamp(self) -> Path:
        """Holds the stage key of the edition's last PDF."""
        return self.edition_dir / ".pdf-ok"

    def environment_key(self) -> str:
        """Hash of what every chapter depends on besides its own code and data."""
        digest = hashlib.sha256(sys.version.encode() + package_fingerprint(self.package_dir))
        for path in sorted(self.package_dir.glob("*/*.json")):  # the package's own data (vlag.json), not _data/
            digest.update(path.relative_to(self.root).as_posix().encode() + b"\0" + path.read_bytes())
        return sha256_tree(self.root, [self.lock_file], salt=digest.digest())


def code_key(nb: nbformat.NotebookNode) -> str:
    """Hash of a notebook's code cells and kernel (not its prose): what its outputs depend on."""
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    return sha256_bytes(json.dumps([kernel, sources]).encode())


class ChapterFailed(RuntimeError):
    """A chapter raised while it was executed: the book cannot be built."""

    def __init__(self, notebook: Path, error: Exception):
        self.notebook = notebook
        super().__init__(f"chapter {notebook.name} failed while executing; the book is not built.\n{error}")


@dataclass
class ChapterState:
    """What the cache knows about one chapter."""

    notebook: Path
    stale_reasons: list[str] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """Whether the chapter must be executed again (it has stale reasons)."""
        return bool(self.stale_reasons)


class ChapterCache:
    """Executed chapters with the keys they were executed under."""

    def __init__(self, project: Project):
        self.project = project
        self._environment_key = project.environment_key()

    def state(self, notebook: Path) -> ChapterState:
        """Say whether ``notebook`` must be executed again, and why."""
        state = ChapterState(notebook)
        executed_path, manifest_path = self.project.execution_record(notebook)
        if not manifest_path.exists() or not executed_path.exists():
            state.stale_reasons.append("never executed")
            return state
        nb = nbformat.read(notebook, as_version=4)
        manifest, damage = self.readable_cache(notebook, nb)
        if damage:
            state.stale_reasons.append(damage)
            return state
        if manifest.get("code") != code_key(nb):
            state.stale_reasons.append("its code changed")
        if manifest.get("environment") != self._environment_key:
            state.stale_reasons.append("the sunshine package, lock file or Python changed")
        for rel, digest in manifest.get("inputs", {}).items():
            path = self.project.root / rel
            if not path.exists():
                state.stale_reasons.append(f"{rel} was removed")
            elif sha256_file(path) != digest:
                state.stale_reasons.append(f"{rel} changed")
        return state

    def readable_cache(self, notebook: Path, nb: nbformat.NotebookNode) -> tuple[dict, str | None]:
        """The cache manifest of ``notebook``, and why its cache cannot be used (``None`` if it can)."""
        executed_path, manifest_path = self.project.execution_record(notebook)
        try:
            manifest = json.loads(manifest_path.read_text())
            executed = nbformat.read(executed_path, as_version=4)
        except (OSError, ValueError, KeyError, AttributeError, TypeError) as error:
            return {}, f"its cached execution is unreadable ({type(error).__name__})"
        if not isinstance(manifest, dict) or not isinstance(manifest.get("inputs", {}), dict):
            return {}, "its cache manifest is damaged"
        if sum(c.cell_type == "code" for c in executed.cells) != sum(c.cell_type == "code" for c in nb.cells):
            return manifest, "its cached execution does not match its code cells"
        return manifest, None

    def execute(self, notebook: Path) -> list[str]:
        """Execute ``notebook`` in its folder, record what it read, cache it."""
        from nbclient import NotebookClient

        nb = nbformat.read(notebook, as_version=4)
        self.project.execution_dir.mkdir(parents=True, exist_ok=True)
        with provenance.recording_reads(self.project.root) as recorder:
            client = NotebookClient(
                nb, timeout=EXECUTION_TIMEOUT, kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
                resources={"metadata": {"path": str(notebook.parent)}}, extra_arguments=recorder.kernel_arguments,
            )
            client.execute(cwd=str(notebook.parent))
        manifest = {"notebook": notebook.relative_to(self.project.root).as_posix(), "code": code_key(nb),
                    "environment": self._environment_key, "inputs": recorder.inputs()}
        executed_path, manifest_path = self.project.execution_record(notebook)
        atomic_write_text(executed_path, nbformat.writes(nb))
        atomic_write_text(manifest_path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        return recorder.reads

    def merged(self, notebook: Path) -> nbformat.NotebookNode:
        """The current notebook (its prose) with the cached outputs of its code cells."""
        nb = nbformat.read(notebook, as_version=4)
        executed = nbformat.read(self.project.execution_record(notebook)[0], as_version=4)
        executed_code = [c for c in executed.cells if c.cell_type == "code"]
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        if len(executed_code) != len(code_cells):
            raise RuntimeError(f"cached execution of {notebook} does not match its code cells")
        for cell, done in zip(code_cells, executed_code):
            cell.outputs = done.outputs
            cell.execution_count = done.get("execution_count")
        for key in ("language_info", "widgets"):
            if key in executed.metadata:
                nb.metadata[key] = executed.metadata[key]
        return nb


def stage(project: Project, cache: ChapterCache) -> list[str]:
    """Assemble the book's sources in ``_build/stage`` (see :mod:`sunshine.publish.stage`)."""
    files = editions.stage_sources(
        book_sources(project, title_suffix=editions.title_suffix(project.edition)), project.edition
    )
    staged = {}
    for notebook in project.chapters():
        nb = staged[notebook.name] = editions.stage_notebook(cache.merged(notebook), project.edition, notebook.name)
        files[notebook.relative_to(project.root).as_posix()] = nbformat.writes(nb).encode()
        # The chapter's .py (jupytext pair) rides along: the HTML offers it for download.
        script = notebook.with_suffix(".py")
        if script.exists():
            files[script.relative_to(project.root).as_posix()] = editions.stage_script(nb, script.read_bytes(), project.edition)
    if project.edition == "instructor":  # the workbooks' answer key and the slides (sunshine.publish.course_kit)
        files.update(course_kit.pages(project.root, staged))
    return stage_files(project.stage_dir, files)


def render(project: Project, *, full: bool, quiet: bool = False, builder: str = "html") -> None:
    """Render the staged book with :func:`sunshine.publish.stage.render` into ``_build/``."""
    render_stage(project.stage_dir, project.output_root, full=full, quiet=quiet, builder=builder)


def execute_stale(project: Project, cache: ChapterCache, jobs: int, log=print) -> list[Path]:
    """Execute every stale chapter, ``jobs`` at a time; return those executed."""
    stale = []
    for notebook in project.chapters():
        state = cache.state(notebook)
        if state.stale:
            log(f"execute {notebook.name}: {'; '.join(state.stale_reasons)}")
            stale.append(notebook)
        else:
            log(f"cached  {notebook.name}")

    def run(notebook: Path) -> Path:
        start = time.perf_counter()
        try:
            cache.execute(notebook)
        except Exception as error:  # nbclient's CellExecutionError, a dead kernel, a timeout
            raise ChapterFailed(notebook, error) from error
        log(f"done    {notebook.name} in {time.perf_counter() - start:.1f} s")
        return notebook

    if jobs <= 1 or len(stale) <= 1:
        return [run(nb) for nb in stale]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run, stale))


def html_present(project: Project) -> bool:
    """Whether the rendered book is there: ``_build/html/index.html`` and the page it opens on."""
    index = project.html_dir / "index.html"
    if not index.is_file():
        return False
    toc = yaml.safe_load((project.root / "_toc.yml").read_text()) or {}
    root_page = toc.get("root")
    return root_page is None or (project.html_dir / f"{root_page}.html").is_file()


class BuildBusy(RuntimeError):
    """Another build of this copy of the book holds ``_build/.build-lock``."""


_held_locks: set[Path] = set()


@contextlib.contextmanager
def build_lock(project: Project):
    """Hold the lock of ``project``'s ``_build`` for the block; re-entrant within a process."""
    path = project.build_dir / ".build-lock"
    if path in _held_locks:
        yield
        return
    project.build_dir.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(path, lambda holder: BuildBusy(
            f"another build of this book is running ({holder}) and holds {path.relative_to(project.root)}: "
            "nothing was executed or rendered; run this one again when it has finished")):
        _held_locks.add(path)
        try:
            yield
        finally:
            _held_locks.discard(path)


def build(project: Project | None = None, *, jobs: int | None = None, log=print, quiet: bool = False) -> dict:
    """Execute what is stale, stage and render what changed, under :func:`build_lock`; return a summary."""
    project = project or Project()
    with build_lock(project):
        return _build(project, jobs=jobs, log=log, quiet=quiet)


def _build(project: Project, *, jobs: int | None, log, quiet: bool) -> dict:
    """:func:`build`, the lock held."""
    cache = ChapterCache(project)
    executed = execute_stale(project, cache, jobs or os.cpu_count() or 1, log=log)
    changed = stage(project, cache)
    if not html_present(project):
        project.render_ok_stamp.unlink(missing_ok=True)  # the book is gone: render it all again
    full = not project.render_ok_stamp.exists()
    rendered = bool(changed) or full
    if rendered:
        log(f"render: {len(changed)} staged file(s) changed" + (" (all pages: no successful render to build on)" if full else ""))
        project.render_ok_stamp.unlink(missing_ok=True)
        render(project, full=full, quiet=quiet)
        project.render_ok_stamp.write_text("rendered\n")
    else:
        log("render: nothing changed since the last successful build")
    # The wheel, the workbooks and the student notebooks beside the pages (sunshine.publish.downloads).
    downloads.publish(project.root, project.build_dir, project.html_dir, project.stage_dir, project.edition, log=log)
    return {"executed": [p.name for p in executed], "changed": changed, "rendered": rendered}


#: The CJK font of the PDF (``latex_elements.preamble`` in ``_config.yml``).
PDF_CJK_FONT = "Noto Serif CJK SC"


class PdfToolsMissing(RuntimeError):
    """XeLaTeX, latexmk or the CJK font is not installed."""


def check_pdf_tools() -> None:
    """Raise :class:`PdfToolsMissing`, saying how to install them, unless the PDF tools are here."""
    missing = [tool for tool in ("xelatex", "latexmk", "fc-list") if shutil.which(tool) is None]
    if not missing:
        fonts = subprocess.run(["fc-list", PDF_CJK_FONT], capture_output=True, text=True).stdout
        if not fonts.strip():
            missing.append(f"the font {PDF_CJK_FONT}")
    if missing:
        raise PdfToolsMissing(
            f"the PDF build needs {', '.join(missing)}. Install them with `sudo .ci/install-tools tex` "
            "(the script lists the Debian packages)"
        )


def pdf_name(project: Project) -> str:
    """The PDF's file name: ``latex.latex_documents.targetname`` of ``_config.yml`` with ``.pdf``."""
    config = yaml.safe_load(project.config_file.read_text()) or {}
    target = config.get("latex", {}).get("latex_documents", {}).get("targetname", "book.tex")
    return Path(target).with_suffix(".pdf").name


def build_pdf(project: Project | None = None, *, jobs: int | None = None, log=print, quiet: bool = False) -> Path:
    """Build the HTML as :func:`build` does, then the book as one PDF (XeLaTeX) unless the stage is
    unchanged; return its path in ``_build/html``."""
    project = project or Project()
    check_pdf_tools()
    with build_lock(project):
        _build(project, jobs=jobs, log=log, quiet=quiet)
        name = pdf_name(project)
        published = project.html_dir / name
        stamp = project.pdf_ok_stamp
        staged = [p for p in project.stage_dir.rglob("*")
                  if "_build" not in p.relative_to(project.stage_dir).parts]
        key = sha256_tree(project.stage_dir, staged)  # the PDF is rebuilt exactly when a staged file changes
        if published.exists() and stamp.exists() and stamp.read_text().strip() == key:
            log(f"pdf: nothing changed since the last PDF ({published.relative_to(project.root)})")
            return published
        stamp.unlink(missing_ok=True)
        latex_dir = project.latex_dir
        shutil.rmtree(latex_dir, ignore_errors=True)
        start = time.perf_counter()
        project.pdf_dir.mkdir(parents=True, exist_ok=True)
        render_stage(project.stage_dir, project.pdf_dir, full=True, quiet=quiet, builder="latex")
        tex = latex_dir / Path(name).with_suffix(".tex").name
        log(f"pdf: LaTeX written in {time.perf_counter() - start:.1f} s; running XeLaTeX")
        result = subprocess.run(
            ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", tex.name],
            cwd=latex_dir, capture_output=True, text=True,
        )
        pdf = latex_dir / name
        if result.returncode != 0 or not pdf.exists():
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
            raise RenderFailed(f"XeLaTeX failed on {tex} (exit {result.returncode}); "
                               f"see {tex.with_suffix('.log')}\n{tail}")
        project.html_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, published)
        stamp.write_text(key + "\n")
        log(f"pdf: {published.relative_to(project.root)} in {time.perf_counter() - start:.1f} s")
        return published


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m sunshine.publish``: build the book (``--pdf``: and the PDF), or ``--status``."""
    parser = argparse.ArgumentParser(
        prog="python -m sunshine.publish", epilog="Example: python -m sunshine.publish --jobs 2",
        description="Execute the chapters whose code or data changed, then build the HTML book into "
        "_build/html with warnings as errors.",
    )
    parser.add_argument("--jobs", type=int, default=None, help="chapters executed at once (default: cores)")
    parser.add_argument(
        "--edition", choices=editions.EDITIONS, default=editions.DEFAULT_EDITION,
        help="student (default: no solutions, no instructor guide; into _build/html) or instructor "
        "(solutions and the instructor guide; into _build/instructor/_build/html)",
    )
    parser.add_argument("--status", action="store_true", help="only say which chapters are stale, and why")
    parser.add_argument(
        "--pdf", action="store_true",
        help="also build the whole book as one PDF (XeLaTeX) into _build/html, where the download buttons point",
    )
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be a positive integer, not {args.jobs}")
    project = Project(edition=args.edition)
    if args.status:
        cache = ChapterCache(project)
        for notebook in project.chapters():
            state = cache.state(notebook)
            print(f"{notebook.name}: {'; '.join(state.stale_reasons) or 'up to date'}")
        return 0
    try:
        if args.pdf:
            build_pdf(project, jobs=args.jobs)
        else:
            build(project, jobs=args.jobs)
    except (ChapterFailed, RenderFailed, PdfToolsMissing, BuildBusy) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
