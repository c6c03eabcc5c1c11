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

import datetime as dt
import html
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import nbformat
import yaml

from sunshine.build import provenance
from sunshine.build.stage import book_sources, render, stage_files
from sunshine.files import sha256_file
from sunshine.runs import parameters
from sunshine.runs.glued import glued_values
from sunshine.paths import PROJECT_ROOT, Layout, RunLayout

RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
PACKAGES = ("sunshine", "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill", "jupyter-book", "myst-nb")


class RerunError(ValueError):
    """A rerun cannot start: the message says what to change."""


def parse_value(text: str) -> Any:
    """Read a ``-p NAME VALUE`` value as YAML: ``2011``, ``true``, ``null``, ``[Gansu]``, ``{"**": 0.01}``.

    Parameters
    ----------
    text : str
        The value as typed.

    Returns
    -------
    object
        The YAML value, or the text itself when it is no valid YAML.
    """
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def collect_parameters(pairs: list[tuple[str, str]] = (), files: list[str | Path] = ()) -> dict[str, Any]:
    """Merge parameter files (YAML mappings, in order) and then ``-p`` pairs.

    Parameters
    ----------
    pairs : list of (str, str)
        ``-p NAME VALUE`` pairs, values read by :func:`parse_value`.
    files : list of path
        YAML files of parameters.

    Returns
    -------
    dict
        Parameter names to values; a later source wins.

    Raises
    ------
    RerunError
        For a missing file or one that is not a mapping.
    """
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
    """Turn ``05``, ``05_who_migrates`` or a path into chapter notebooks (``.ipynb``).

    Parameters
    ----------
    names : list of str
        Chapter numbers, names or paths.
    all_chapters : bool, default False
        Every chapter instead (then ``names`` must be empty).
    root : pathlib.Path
        The copy of the project.

    Returns
    -------
    list of pathlib.Path
        The chapters, in the order given, each once.

    Raises
    ------
    RerunError
        For an unknown chapter, or none given.
    """
    available = Layout(root).chapters()
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
    """The parameters a chapter declares, with papermill's reading of their defaults.

    Parameters
    ----------
    notebook : pathlib.Path
        The chapter notebook (``.ipynb``) whose cell tagged ``parameters`` is read.

    Returns
    -------
    dict
        Parameter name to papermill's description (``default``, ``inferred_type_name``...).
    """
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

    Parameters
    ----------
    chapters : list of pathlib.Path
        The chapters to rerun.
    given : dict
        Parameter values.
    name : str
        The run's name.
    runs_dir : pathlib.Path, optional
        Where runs go (default: ``runs/``).
    overwrite : bool, default False
        Replace a run of that name.
    root : pathlib.Path
        The copy of the project.

    Returns
    -------
    RerunPlan
        The run folder and what each chapter receives.

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
    run_dir = (runs_dir or Layout(root).runs_dir) / name
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
        survey = parameters.validate(base=Layout(root).notebooks_dir, **survey_given)
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


def _data_record(plan: RerunPlan, root: Path) -> dict[str, Any]:
    survey = plan.survey
    if survey is None:
        return {}
    if survey.data_path is None:
        return {"generated": True, "synthetic": True, "seed": survey.seed, "mode": survey.synthetic_mode, "sample_size": survey.sample_size}
    path = Path(survey.data_path)
    path = path if path.is_absolute() else (Layout(root).notebooks_dir / path).resolve()
    committed = Layout(root).synthetic_file.resolve()
    return {"path": str(path), "sha256": sha256_file(path), "synthetic": path == committed}


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


def _new_manifest(plan: RerunPlan, root: Path) -> dict[str, Any]:
    """The manifest of a run that starts now: parameters, data, versions; no chapter yet."""
    return {
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


def execute_rerun(plan: RerunPlan, *, log: Callable[[str], None] = print, root: Path = PROJECT_ROOT) -> dict:
    """Execute the planned chapters with papermill and write the manifest; return it.

    Parameters
    ----------
    plan : RerunPlan
        From :func:`plan_rerun`.
    log : callable, default print
        Receives progress lines.
    root : pathlib.Path
        The copy of the project.

    Returns
    -------
    dict
        The manifest written to ``run.json``.
    """
    import papermill

    if plan.run_dir.exists():  # only with overwrite (checked by plan_rerun): replace that run alone
        shutil.rmtree(plan.run_dir)
    run = RunLayout(plan.run_dir)
    out_dir = run.notebooks_dir
    out_dir.mkdir(parents=True)
    manifest = _new_manifest(plan, root)
    manifest_path = run.manifest

    def save() -> None:
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n")

    save()
    total = len(plan.chapters)
    try:
        for index, chapter in enumerate(plan.chapters, start=1):
            output = out_dir / chapter.name
            log(f"[{index}/{total}] {chapter.stem}: running ...")
            start = time.perf_counter()
            with provenance.recording_reads(root) as recorder:
                papermill.execute_notebook(
                    str(chapter),
                    str(output),
                    parameters=plan.injected[chapter.stem],
                    cwd=str(chapter.parent),
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=False,
                    extra_arguments=recorder.kernel_arguments,
                )
            seconds = time.perf_counter() - start
            manifest["chapters"].append(
                {
                    "notebook": chapter.relative_to(root).as_posix(),
                    "output": output.relative_to(plan.run_dir).as_posix(),
                    "sha256": sha256_file(chapter),
                    "parameters": plan.injected[chapter.stem],
                    "inputs": recorder.inputs(),
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
    """The banner of an alternate edition: what was changed, and on which data.

    Parameters
    ----------
    manifest : dict
        A run's manifest.

    Returns
    -------
    str
        One sentence naming the parameters changed and the data.
    """
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
    """Render the rerun chapters as an alternate edition in ``runs/NAME/_build/html``.

    The book is staged and rendered by :mod:`sunshine.build.stage`, as the
    book itself is, with the run's executed chapters, a title naming the
    edition and a banner (:func:`banner_text`) on every page.

    Parameters
    ----------
    plan : RerunPlan
        The executed rerun.
    manifest : dict
        Its manifest, for the banner.
    quiet : bool, default True
        Keep Sphinx's progress messages out of the output.
    root : pathlib.Path
        The copy of the project.

    Returns
    -------
    pathlib.Path
        The folder of the alternate edition's HTML.
    """
    run = RunLayout(plan.run_dir)
    files = book_sources(Layout(root), title_suffix=f" (alternate edition: {plan.name})",
                         announcement=html.escape(banner_text(manifest)))
    for chapter in plan.chapters:
        executed = run.notebooks_dir / chapter.name
        files[chapter.relative_to(root).as_posix()] = executed.read_bytes()
    stage_files(run.stage_dir, files)
    render(run.stage_dir, run.root, full=True, quiet=quiet)
    return run.html_dir


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
    """Plan, execute and (optionally) render a rerun; return its manifest.

    Parameters
    ----------
    chapters : list of str
        Chapter numbers, names or paths.
    given : dict
        Parameter values.
    name : str
        The run's name.
    all_chapters : bool, default False
        Every chapter.
    overwrite : bool, default False
        Replace a run of that name.
    build : bool, default False
        Also render an alternate edition (needs ``all_chapters``).
    runs_dir, log, root
        As for :func:`plan_rerun` and :func:`execute_rerun`.

    Returns
    -------
    dict
        The run's manifest.
    """
    notebooks = resolve_chapters(chapters, all_chapters=all_chapters, root=root)
    if build and not all_chapters:
        raise RerunError("--build renders a whole alternate edition: use it with --all")
    plan = plan_rerun(notebooks, given, name, runs_dir=runs_dir, overwrite=overwrite, root=root)
    manifest = execute_rerun(plan, log=log, root=root)
    if build:
        log("rendering the alternate edition ...")
        html_dir = build_alternate(plan, manifest, root=root)
        manifest["edition"] = str(html_dir.relative_to(plan.run_dir))
        RunLayout(plan.run_dir).manifest.write_text(json.dumps(manifest, indent=2, default=str) + "\n")
        log(f"alternate edition: {html_dir / 'index.html'}")
    return manifest
