"""Rerun chapters with new parameters or new data, with papermill, into ``runs/NAME/``.

A rerun never touches ``notebooks/`` or another run. Everything that can be
checked is checked before any chapter starts, so an invalid rerun writes
nothing: the run name, the chapters, that every parameter is one a chosen
chapter declares (in its cell tagged ``parameters``), and the parameter values
themselves (the survey parameters through :func:`sunshine.runs.parameters.validate`,
the others against the type of their default).

Each run leaves:

* ``runs/NAME/notebooks/NN_slug.ipynb``: the executed chapters;
* ``runs/NAME/run.json``: the manifest (parameters, data file and its SHA-256,
  package versions, start and end times, and the values each chapter glued);
* with ``build=True``: ``runs/NAME/_build/html``, an alternate edition whose
  every page carries a banner naming the parameters and the data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import re
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import nbformat
import yaml

from sunshine.build import provenance
from sunshine.runs import executor, parameters
from sunshine.runs.glued import glued_values
from sunshine.paths import PROJECT_ROOT

RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
PACKAGES = ("sunshine", "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill", "jupyter-book", "myst-nb")


class RerunError(ValueError):
    """A rerun cannot start: the message says what to change."""


def parse_value(text: str) -> Any:
    """Read a ``-p NAME VALUE`` value as YAML: ``2011``, ``true``, ``null``, ``[Gansu]``, ``{"**": 0.01}``."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def collect_parameters(pairs: list[tuple[str, str]] = (), files: list[str | Path] = ()) -> dict[str, Any]:
    """Merge parameter files (YAML mappings, in order) and then ``-p`` pairs."""
    merged: dict[str, Any] = {}
    for file in files:
        path = Path(file)
        if not path.is_file():
            raise RerunError(f"parameter file {path} not found")
        loaded = yaml.safe_load(path.read_text()) or {}
        if not isinstance(loaded, dict):
            raise RerunError(f"parameter file {path}: expected a mapping of names to values")
        merged.update(loaded)
    for name, text in pairs:
        merged[name] = parse_value(text)
    return merged


def resolve_chapters(names: list[str], *, all_chapters: bool = False, root: Path = PROJECT_ROOT) -> list[Path]:
    """Turn ``05``, ``05_who_migrates`` or a path into chapter notebooks (``.ipynb``)."""
    available = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if all_chapters:
        if names:
            raise RerunError("give chapters or --all, not both")
        return available
    if not names:
        raise RerunError("name at least one chapter (e.g. 05 or notebooks/05_who_migrates.ipynb), or --all")
    chosen = []
    for name in names:
        stem = Path(name).stem if name.endswith((".py", ".ipynb")) else Path(name).name
        matches = [p for p in available if p.stem == stem or p.stem.split("_", 1)[0] == stem]
        if len(matches) != 1:
            listing = ", ".join(p.stem for p in available)
            raise RerunError(f"chapter {name!r} not found; the chapters are: {listing}")
        if matches[0] not in chosen:
            chosen.append(matches[0])
    return chosen


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a chapter declares, with papermill's reading of their defaults."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


def _default_value(info: dict) -> Any:
    try:
        return yaml.safe_load(info.get("default", ""))
    except yaml.YAMLError:
        return None


def _check_other_parameter(name: str, value: Any, infos: list[dict]) -> None:
    """Check a chapter-specific parameter against the type of its default."""
    defaults = [_default_value(info) for info in infos]
    kinds = {type(d) for d in defaults if d is not None}
    if not kinds or value is None:
        return
    numeric = {int, float}
    ok = any(isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)) for kind in kinds)
    if not ok and kinds <= numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        ok = True
    if not ok:
        expected = " or ".join(sorted(k.__name__ for k in kinds))
        raise parameters.ParameterError(name, value, f"a value of type {expected}, like its default {defaults[0]!r}")


@dataclass
class RerunPlan:
    """A validated rerun: where it goes and what each chapter receives."""

    name: str
    run_dir: Path
    chapters: list[Path]
    given: dict[str, Any]
    injected: dict[str, dict[str, Any]] = field(default_factory=dict)
    survey: parameters.ChapterParameters | None = None


def plan_rerun(
    chapters: list[Path],
    given: dict[str, Any],
    name: str,
    *,
    runs_dir: Path | None = None,
    overwrite: bool = False,
    root: Path = PROJECT_ROOT,
) -> RerunPlan:
    """Check everything about a rerun before anything is written.

    Raises
    ------
    RerunError
        For a bad run name, an existing run (without ``overwrite``) or a
        parameter that no chosen chapter declares.
    sunshine.runs.parameters.ParameterError
        For a parameter value that is not allowed.
    """
    if not RUN_NAME.match(name or ""):
        raise RerunError(f"run name {name!r}: use letters, digits, '.', '_' or '-' (at most 80), starting with a letter or digit")
    runs_dir = runs_dir or root / "runs"
    run_dir = runs_dir / name
    if run_dir.exists() and not overwrite:
        raise RerunError(f"run {name!r} exists ({run_dir}); choose another name or pass --overwrite")
    declared = {chapter: declared_parameters(chapter) for chapter in chapters}
    for parameter in given:
        if not any(parameter in names for names in declared.values()):
            offered = sorted({n for names in declared.values() for n in names})
            raise RerunError(
                f"parameter {parameter!r} is not a parameter of "
                + ", ".join(c.stem for c in chapters)
                + f"; their parameters are: {', '.join(offered) or 'none'}"
            )
    survey_given = {k: v for k, v in given.items() if k in parameters.DEFAULTS}
    survey = None
    if any(set(parameters.DEFAULTS) & set(names) for names in declared.values()):
        survey = parameters.validate(base=root / "notebooks", **survey_given)
    for parameter, value in given.items():
        if parameter not in parameters.DEFAULTS:
            infos = [names[parameter] for names in declared.values() if parameter in names]
            _check_other_parameter(parameter, value, infos)
    plan = RerunPlan(name, run_dir, chapters, dict(given), survey=survey)
    normalised = survey.as_dict() if survey else {}
    for chapter, names in declared.items():
        plan.injected[chapter.stem] = {
            k: (normalised[k] if k in normalised else v) for k, v in given.items() if k in names
        }
    return plan


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_record(plan: RerunPlan, root: Path) -> dict[str, Any]:
    survey = plan.survey
    if survey is None:
        return {}
    if survey.data_path is None:
        return {"generated": True, "synthetic": True, "seed": survey.seed, "mode": survey.synthetic_mode, "sample_size": survey.sample_size}
    path = Path(survey.data_path)
    path = path if path.is_absolute() else (root / "notebooks" / path).resolve()
    committed = (root / "data" / "cmlrs" / "cmlrs_synthetic.csv").resolve()
    return {"path": str(path), "sha256": _sha256(path), "synthetic": path == committed}


@contextlib.contextmanager
def recording_reads(root: Path):
    """Within the block, kernels started from this process record the project files they read.

    Yields the list that, after the block, holds those files' paths relative
    to ``root`` (see :mod:`sunshine.build.provenance`).
    """
    fd, record = tempfile.mkstemp(prefix="sunshine-reads-", suffix=".txt")
    os.close(fd)
    saved = {name: os.environ.get(name) for name in (provenance.ENV_VAR, provenance.ROOT_ENV_VAR)}
    os.environ[provenance.ENV_VAR] = record
    os.environ[provenance.ROOT_ENV_VAR] = str(root)
    reads: list[str] = []
    try:
        yield reads
        reads.extend(sorted({line for line in Path(record).read_text().splitlines() if line}))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        os.unlink(record)


def _versions() -> dict[str, str]:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return versions


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def execute_rerun(plan: RerunPlan, *, log: Callable[[str], None] = print, root: Path = PROJECT_ROOT) -> dict:
    """Execute the planned chapters with papermill (in warm kernels) and write the manifest; return it."""
    if plan.run_dir.exists():  # only with overwrite (checked by plan_rerun): replace that run alone
        shutil.rmtree(plan.run_dir)
    out_dir = plan.run_dir / "notebooks"
    out_dir.mkdir(parents=True)
    manifest: dict[str, Any] = {
        "run": plan.name,
        "status": "running",
        "started": _now(),
        "finished": None,
        "command": sys.argv,
        "parameters": plan.given,
        "survey_parameters": plan.survey.as_dict() if plan.survey else None,
        "data": _data_record(plan, root),
        "packages": _versions(),
        "python": sys.version.split()[0],
        "chapters": [],
    }
    manifest_path = plan.run_dir / "run.json"

    def save() -> None:
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n")

    save()
    total = len(plan.chapters)
    try:
        for index, chapter in enumerate(plan.chapters, start=1):
            output = out_dir / chapter.name
            log(f"[{index}/{total}] {chapter.stem}: running ...")
            start = time.perf_counter()
            with recording_reads(root) as reads:
                executor.execute(chapter, output, plan.injected[chapter.stem], cwd=chapter.parent)
            seconds = time.perf_counter() - start
            manifest["chapters"].append(
                {
                    "notebook": chapter.relative_to(root).as_posix(),
                    "output": output.relative_to(plan.run_dir).as_posix(),
                    "sha256": _sha256(chapter),
                    "parameters": plan.injected[chapter.stem],
                    "inputs": {rel: _sha256(root / rel) for rel in reads},
                    "seconds": round(seconds, 2),
                    "results": glued_values(nbformat.read(output, as_version=4)),
                }
            )
            save()
            log(f"[{index}/{total}] {chapter.stem}: done in {seconds:.1f} s")
    except Exception as error:
        manifest.update(status="failed", error=str(error).splitlines()[0] if str(error) else type(error).__name__, finished=_now())
        save()
        raise
    manifest.update(status="complete", finished=_now())
    save()
    return manifest


def banner_text(manifest: dict) -> str:
    """The banner of an alternate edition: what was changed, and on which data."""
    given = manifest.get("parameters") or {}
    changed = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in given.items()) or "none (defaults)"
    data = manifest.get("data") or {}
    if data.get("generated"):
        source = f"synthetic data generated in the run ({data.get('mode')} mode, seed {data.get('seed')})"
    elif data.get("path"):
        kind = "synthetic data" if data.get("synthetic") else "data"
        source = f"{kind} from {Path(data['path']).name} (SHA-256 {data['sha256'][:12]}…)"
    else:
        source = "the book's data"
    return (
        f"Alternate edition “{manifest['run']}”, not the published edition. "
        f"Parameters changed: {changed}. Data: {source}."
    )


def build_alternate(plan: RerunPlan, manifest: dict, *, quiet: bool = True, root: Path = PROJECT_ROOT) -> Path:
    """Render the rerun chapters as an alternate edition in ``runs/NAME/_build/html``."""
    from sunshine.build.book import BOOK_SOURCES, jupyter_book, staged_config, write_if_changed

    stage = plan.run_dir / "_stage"
    for name in BOOK_SOURCES:
        source = root / name
        if source.is_dir():
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                write_if_changed(stage / path.relative_to(root), path.read_bytes())
        elif source.exists():
            write_if_changed(stage / name, source.read_bytes())
    config = yaml.safe_load(staged_config((root / "_config.yml").read_text()))
    config["title"] = f"{config.get('title', '')} (alternate edition: {plan.name})"
    config.setdefault("html", {})["announcement"] = html.escape(banner_text(manifest))
    write_if_changed(stage / "_config.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode())
    for chapter in plan.chapters:
        executed = plan.run_dir / "notebooks" / chapter.name
        write_if_changed(stage / "notebooks" / chapter.name, executed.read_bytes())
    jupyter_book(stage, plan.run_dir, full=True, quiet=quiet)
    return plan.run_dir / "_build" / "html"


def rerun(
    chapters: list[str],
    given: dict[str, Any],
    name: str,
    *,
    all_chapters: bool = False,
    overwrite: bool = False,
    build: bool = False,
    runs_dir: Path | None = None,
    log: Callable[[str], None] = print,
    root: Path = PROJECT_ROOT,
) -> dict:
    """Plan, execute and (optionally) render a rerun; return its manifest."""
    notebooks = resolve_chapters(chapters, all_chapters=all_chapters, root=root)
    if build and not all_chapters:
        raise RerunError("--build renders a whole alternate edition: use it with --all")
    plan = plan_rerun(notebooks, given, name, runs_dir=runs_dir, overwrite=overwrite, root=root)
    manifest = execute_rerun(plan, log=log, root=root)
    if build:
        log("rendering the alternate edition ...")
        html_dir = build_alternate(plan, manifest, root=root)
        manifest["edition"] = str(html_dir.relative_to(plan.run_dir))
        (plan.run_dir / "run.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
        log(f"alternate edition: {html_dir / 'index.html'}")
    return manifest
