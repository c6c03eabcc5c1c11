"""Rerun chapters with new parameters or data, with papermill, into ``runs/NAME/``.

Everything is checked before any chapter starts, so an invalid rerun writes nothing; the run is
written as a transaction (:mod:`sunshine.runs.transaction`) and leaves the executed chapters in
``runs/NAME/notebooks/``, the manifest ``run.json`` (parameters, data and its SHA-256, versions,
each chapter's reads and glued values) and, with ``build=True``, a bannered alternate edition.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import re
import os
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import nbformat

from sunshine.publish import provenance
from sunshine.runs import chapter_rules, executor, parameters, safeyaml, transaction
from sunshine.runs.glued import glued_values
from sunshine.publish.stage import book_sources, render, stage_files
from sunshine.files import sha256_file
from sunshine.paths import PROJECT_ROOT, Layout, RunLayout

RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")  # matched with fullmatch: the whole name
PACKAGES = ("neoliberal-sunshine", "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill",
            "jupyter-book", "myst-nb")


class RerunError(ValueError):
    """A rerun cannot start: the message says what to change."""


def parse_value(text: str, name: str = "VALUE") -> Any:
    """Read a ``-p NAME VALUE`` value as YAML: ``2011``, ``true``, ``null``, ``[Gansu]``, ``{"**": 0.01}``."""
    if not text.strip():
        return text  # an empty value is an empty string, not YAML's null: `-p data_path ""` is refused, not synthetic
    try:
        return safeyaml.load(text, source=f"-p {name}")
    except safeyaml.YamlSyntaxError:
        return text
    except safeyaml.UnsafeYamlError as error:
        raise RerunError(str(error)) from None


def read_yaml_file(path: Path, what: str) -> Any:
    """Read a user's YAML file (parameters, grid) safely and within limits."""
    try:
        if path.is_dir():
            raise RerunError(f"{what} {path} is a folder, not a file")
        if not path.is_file():
            raise RerunError(f"{what} {path} not found")
        size = path.stat().st_size
        if size > safeyaml.MAX_TEXT_BYTES:
            raise RerunError(f"{what} {path}: {size:,} bytes, more than the {safeyaml.MAX_TEXT_BYTES:,} allowed")
        return safeyaml.load(path.read_bytes(), source=f"{what} {path}")
    except safeyaml.UnsafeYamlError as error:
        raise RerunError(str(error)) from None
    except OSError as error:
        raise RerunError(f"{what} {path}: {error.strerror or error}") from None


def collect_parameters(pairs: list[tuple[str, str]] = (), files: list[str | Path] = ()) -> dict[str, Any]:
    """Merge parameter files (YAML mappings, in order) and then ``-p`` pairs."""
    merged: dict[str, Any] = {}
    for file in files:
        path = Path(file)
        loaded = read_yaml_file(path, "parameter file") or {}
        if not isinstance(loaded, dict):
            raise RerunError(f"parameter file {path}: expected a mapping of names to values")
        merged.update(loaded)
    for name, text in pairs:
        merged[name] = parse_value(text, name)
    return merged


def _chapter_path(name: str, root: Path) -> Path | None:
    """The chapter a path-like name points at, or ``None`` for a bare number or stem; a RerunError if
    the path is outside the project's ``notebooks/``."""
    if "/" not in name and os.sep not in name:
        return None
    notebooks = Layout(root).notebooks_dir.resolve()
    given = Path(name).expanduser()
    for candidate in [given] if given.is_absolute() else [Path.cwd() / given, root / given]:
        if (resolved := candidate.resolve()).parent == notebooks:
            return resolved
    raise RerunError(f"chapter {name!r}: a chapter given as a path must be a file of {notebooks.name}/ in the project")


def resolve_chapters(names: list[str], *, all_chapters: bool = False, root: Path = PROJECT_ROOT) -> list[Path]:
    """Turn ``05``, ``05_who_migrates`` or a path into chapter notebooks (``.ipynb``)."""
    available = sorted(Layout(root).notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    if all_chapters:
        if names:
            raise RerunError("give chapters or --all, not both")
        return available
    if not names:
        raise RerunError("name at least one chapter (e.g. 05 or notebooks/05_who_migrates.ipynb), or --all")
    chosen: dict[Path, None] = {}  # in the order given, each once
    for name in names:
        path = _chapter_path(str(name), root)
        if path is not None and path.suffix not in (".py", ".ipynb"):
            raise RerunError(f"chapter {name!r}: expected a .py or .ipynb file of notebooks/")
        stem = path.stem if path is not None else str(name)
        matches = [p for p in available if p.stem == stem or (path is None and p.stem.split("_", 1)[0] == stem)]
        if len(matches) != 1:
            listing = ", ".join(p.stem for p in available)
            raise RerunError(f"chapter {name!r} not found; the chapters are: {listing}")
        chosen[matches[0]] = None
    for chapter in chosen:
        check_pair_in_step(chapter)
    return list(chosen)


def check_pair_in_step(chapter: Path) -> None:
    """Refuse a chapter whose ``.py`` and ``.ipynb`` differ: the run would execute a version the user may not mean."""
    from sunshine.pairing import PairUnreadable, pair_in_step

    script = chapter.with_suffix(".py")
    if not script.exists():
        return
    try:
        same = pair_in_step(script)
    except PairUnreadable as error:
        raise RerunError(f"chapter {chapter.stem}: {error}") from None
    if not same:
        raise RerunError(f"chapter {chapter.stem}: {script} and {chapter.name} differ (one was edited since the last "
                         "`make sync`), so the run would not execute the version you edited: run `make sync` "
                         "(it pairs them, and stops if both were edited), then run again")


def _default_value(info: dict) -> Any:
    try:
        return safeyaml.load(info.get("default", ""), source="default")
    except safeyaml.UnsafeYamlError:
        return None


def _check_other_parameter(name: str, value: Any, infos: list[dict]) -> None:
    """Check a chapter-specific parameter against the type of its default."""
    defaults = [_default_value(info) for info in infos]
    kinds = {type(d) for d in defaults if d is not None}
    if not kinds or value is None:
        return
    # an int where a float is expected, or the reverse, is a number all the same
    ok = bool in kinds if isinstance(value, bool) else (
        any(isinstance(value, kind) for kind in kinds) or kinds <= {int, float} and isinstance(value, (int, float)))
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
    overwrite: bool = False


def plan_rerun(
    chapters: list[Path],
    given: dict[str, Any],
    name: str,
    *,
    runs_dir: Path | None = None,
    overwrite: bool = False,
    root: Path = PROJECT_ROOT,
) -> RerunPlan:
    """Check everything about a rerun before anything is written."""
    import papermill

    if not isinstance(name, str) or not RUN_NAME.fullmatch(name):
        raise RerunError(f"run name {safeyaml.short_repr(name)}: use letters, digits, '.', '_' or '-' (at most 80), starting with a letter or digit")
    runs_dir = runs_dir or Layout(root).runs_dir
    run_dir = runs_dir / name
    if transaction.needs_overwrite(run_dir) and not overwrite:
        raise RerunError(f"run {name!r} exists ({run_dir}); choose another name or pass --force")
    declared = {chapter: papermill.inspect_notebook(str(chapter)) for chapter in chapters}  # names and defaults
    for parameter in given:
        if not any(parameter in names for names in declared.values()):
            offered = sorted({n for names in declared.values() for n in names})
            raise RerunError(
                f"parameter {parameter!r} is not a parameter of "
                + ", ".join(c.stem for c in chapters)
                + f"; their parameters are: {', '.join(offered) or 'none'}"
            )
    survey = None
    if any(set(parameters.DEFAULTS) & set(names) for names in declared.values()):
        survey = parameters.validate(base=Layout(root).notebooks_dir,
                                     **{k: v for k, v in given.items() if k in parameters.DEFAULTS})
    for parameter, value in given.items():
        if parameter not in parameters.DEFAULTS:
            infos = [names[parameter] for names in declared.values() if parameter in names]
            _check_other_parameter(parameter, value, infos)
    chapter_rules.check(given, Layout(root).notebooks_dir)
    check_inputs_outside(given, run_dir, root)
    if survey is not None:  # the file read and checked once, then the persons the selection keeps
        from sunshine.data import sample

        sample.check_selection(survey, base=Layout(root).notebooks_dir)
    normalised = survey.as_dict() if survey else {}
    injected = {chapter.stem: {k: normalised.get(k, v) for k, v in given.items() if k in names}
                for chapter, names in declared.items()}
    return RerunPlan(name, run_dir, chapters, dict(given), injected, survey=survey, overwrite=overwrite)


def _path_values(value: Any):
    """Every string inside a parameter value (paths may hide in lists and mappings)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (dict, list, tuple)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _path_values(item)


def check_inputs_outside(given: dict[str, Any], run_dir: Path, root: Path) -> None:
    """Refuse a parameter naming a file inside ``run_dir`` (or ``run_dir~failed``): the new run replaces that folder."""
    guarded = [run_dir.resolve(), run_dir.with_name(run_dir.name + "~failed").resolve()]
    for name, value in given.items():
        for text in _path_values(value):
            if not text.strip() or len(text) > 4096:
                continue
            path = Path(text).expanduser()
            for candidate in ([path] if path.is_absolute() else [Layout(root).notebooks_dir / path, Path.cwd() / path]):
                resolved = candidate.resolve()
                if any(resolved == folder or folder in resolved.parents for folder in guarded):
                    raise RerunError(
                        f"parameter {name!r} names {text}, inside {run_dir}, which this run replaces: "
                        "move the file out of runs/ first"
                    )


def _survey_file(value: str, root: Path) -> Path:
    return parameters.user_path(value, Layout(root).notebooks_dir).resolve()


def _data_record(plan: RerunPlan, root: Path) -> dict[str, Any]:
    survey = plan.survey
    if survey is None:
        return {}
    if survey.data_path is None:
        return {"generated": True, "synthetic": True, "seed": survey.seed, "mode": survey.synthetic_mode, "sample_size": survey.sample_size}
    path = _survey_file(survey.data_path, root)
    committed = Layout(root).synthetic_file.resolve()
    record = {"path": str(path), "sha256": sha256_file(path), "synthetic": path == committed}
    if survey.data_map is not None:  # the mapping that made the file the codebook's (sunshine.data.mapping)
        mapping = _survey_file(survey.data_map, root)
        record["map"] = {"path": str(mapping), "sha256": sha256_file(mapping)}
    return record


def _versions() -> dict[str, str]:
    versions = {}
    for package in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return versions


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _execute_chapter(plan: RerunPlan, chapter: Path, output: Path, root: Path) -> dict[str, Any]:
    """Execute one chapter into ``output`` in a warm kernel; return its manifest entry."""
    start = time.perf_counter()
    with provenance.recording_reads(root) as recorder:
        executor.execute(chapter, output, plan.injected[chapter.stem], cwd=chapter.parent,
                         extra_arguments=recorder.kernel_arguments)
    return {
        "notebook": chapter.relative_to(root).as_posix(),
        "output": f"notebooks/{chapter.name}",
        "sha256": sha256_file(chapter),
        "parameters": plan.injected[chapter.stem],
        "inputs": recorder.inputs(),
        "seconds": round(time.perf_counter() - start, 2),
        "results": glued_values(nbformat.read(output, as_version=4)),
    }


class InputsChanged(RuntimeError):
    """A file the run reads changed while the run executed: its chapters would describe different data."""


def check_inputs_unchanged(manifest: dict[str, Any], root: Path) -> None:
    """Refuse to go on when a file the run read (the data, its mapping, a chapter's inputs) has changed."""
    data = manifest.get("data") or {}  # the data file and its mapping, as recorded when the run started
    seen: dict[str, tuple[str, str]] = {record["path"]: (record["sha256"], "the run's start")
                                        for record in (data, data.get("map") or {}) if record.get("path")}
    for entry in manifest.get("chapters", []):
        chapter = Path(entry["notebook"]).stem
        for rel, digest in entry.get("inputs", {}).items():
            path = str((root / rel).resolve())
            earlier = seen.setdefault(path, (digest, chapter))
            if earlier[0] != digest:
                raise InputsChanged(f"{path} changed during the run: {earlier[1]} read SHA-256 {earlier[0][:12]}…, "
                                    f"{chapter} read {digest[:12]}…; its chapters would not describe the same "
                                    "data. Run again once the file no longer changes")
    for path, (digest, who) in seen.items():
        try:
            now = sha256_file(path)
        except OSError as error:
            now = f"unreadable ({error.strerror or error})"
        if now != digest:
            raise InputsChanged(f"{path} changed during the run: {who} read SHA-256 {digest[:12]}…, it is now "
                                f"{now[:12]}…; its chapters would not describe the same data. Run again once the "
                                "file no longer changes")


def record_failure(manifest: dict[str, Any], error: BaseException, in_progress: Path | None) -> None:
    """Mark ``manifest`` failed or interrupted with the real error; drop a half-written notebook (a
    chapter that raised keeps papermill's, which shows the failing cell)."""
    interrupted = isinstance(error, (KeyboardInterrupt, transaction.Interrupted))
    manifest.update(status="interrupted" if interrupted else "failed", error=transaction.error_text(error), finished=_now())
    if in_progress is not None:
        if getattr(error, "ename", None):
            manifest["failed_output"] = in_progress.name
        else:
            in_progress.unlink(missing_ok=True)


def execute_rerun(
    plan: RerunPlan,
    *,
    log: Callable[[str], None] = print,
    root: Path = PROJECT_ROOT,
    finish: Callable[[Path, dict], None] | None = None,
) -> dict:
    """Execute the planned chapters with papermill (in warm kernels) and write the manifest; return it."""
    with transaction.RunTransaction(plan.run_dir, overwrite=plan.overwrite) as txn, transaction.interrupt_on_signals():
        out_dir = RunLayout(txn.building).notebooks_dir
        out_dir.mkdir()
        manifest = {
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
        txn.save(manifest)
        total, output = len(plan.chapters), None
        try:
            for index, chapter in enumerate(plan.chapters, start=1):
                output = out_dir / chapter.name
                log(f"[{index}/{total}] {chapter.stem}: running ...")
                entry = _execute_chapter(plan, chapter, output, root)
                manifest["chapters"].append(entry)
                txn.save(manifest)
                check_inputs_unchanged(manifest, root)
                log(f"[{index}/{total}] {chapter.stem}: done in {entry['seconds']:.1f} s")
            output = None
            if finish is not None:
                finish(txn.building, manifest)
        except BaseException as error:
            record_failure(manifest, error, output)
            raise txn.fail(manifest, error) from error
        manifest.update(status="complete", finished=_now())
        txn.commit(manifest)
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


def build_alternate(plan: RerunPlan, manifest: dict, *, quiet: bool = True, root: Path = PROJECT_ROOT,
                    run_dir: Path | None = None) -> Path:
    """Render the rerun chapters as an alternate edition in ``RUN/_build/html``, bannered on every page."""
    run = RunLayout(run_dir or plan.run_dir)
    files = book_sources(Layout(root), title_suffix=f" (alternate edition: {plan.name})",
                         announcement=html.escape(banner_text(manifest)))
    notebooks = {}
    for chapter in plan.chapters:
        executed = run.notebooks_dir / chapter.name
        files[chapter.relative_to(root).as_posix()] = executed.read_bytes()
        notebooks[chapter.name] = nbformat.read(executed, as_version=4)
    from sunshine.publish import course_kit  # the instructor pages made from the chapters (key, slides)

    files.update(course_kit.pages(root, notebooks))
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
    all_chapters, overwrite : bool, default False
        Every chapter; replace a run of that name.
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
    executor.warm_server()  # imports the stack while the run is planned; killed at exit if refused
    plan = plan_rerun(notebooks, given, name, runs_dir=runs_dir, overwrite=overwrite, root=root)

    def render_edition(building: Path, manifest: dict) -> None:
        log("rendering the alternate edition ...")
        html_dir = build_alternate(plan, manifest, root=root, run_dir=building)
        manifest["edition"] = html_dir.relative_to(building).as_posix()

    manifest = execute_rerun(plan, log=log, root=root, finish=render_edition if build else None)
    if build:
        log(f"alternate edition: {plan.run_dir / manifest['edition'] / 'index.html'}")
    return manifest
