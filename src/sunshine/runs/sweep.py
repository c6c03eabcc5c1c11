"""Run one chapter over a grid of parameter sets and collect its key results.

A grid file (YAML) names the chapter, the values to cross and the values to
hold fixed, and which glued results to collect::

    chapter: 05                      # as for `sunshine rerun`
    run: table1-by-seed              # results go to runs/table1-by-seed/
    fixed:                           # the same in every parameter set
      data_path: null                # null: generate synthetic data in each run
      synthetic_mode: population
    grid:                            # every combination of these
      provinces: [[Gansu], [Ningxia]]
      seed: [1, 2, 3]
    collect: [t1_tau_training_migration, t1_p_training_migration]  # default: every glued value

Every parameter set is checked before anything runs (as a rerun is), then
executed with papermill into ``runs/NAME/sets/NNNN.ipynb``; the key results are
collected into ``runs/NAME/results.csv``, one row per parameter set. Sets run in
a local process pool (``jobs``) or, given a scheduler address, on a Dask
cluster through :mod:`dask.distributed`.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any, Callable

import nbformat
import pandas as pd
import yaml

from sunshine.runs import rerun
from sunshine.runs.glued import glued_values
from sunshine.paths import PROJECT_ROOT, RunLayout


def load_grid(path: str | Path) -> dict[str, Any]:
    """Read and check a grid file; return ``chapter``, ``run``, ``sets`` and ``collect``.

    Parameters
    ----------
    path : str or path-like
        The YAML grid file.

    Returns
    -------
    dict
        ``chapter``, ``run``, ``sets`` (one dict of parameters each), ``varied`` and ``collect``.

    Raises
    ------
    RerunError
        For a missing file, an unknown or missing key, or a malformed grid.
    """
    path = Path(path)
    if not path.is_file():
        raise rerun.RerunError(f"grid file {path} not found")
    spec = yaml.safe_load(path.read_text()) or {}
    if not isinstance(spec, dict):
        raise rerun.RerunError(f"grid file {path}: expected a mapping with chapter, run, grid")
    unknown = sorted(set(spec) - {"chapter", "run", "fixed", "grid", "collect"})
    if unknown:
        raise rerun.RerunError(f"grid file {path}: unknown key {unknown[0]!r} (allowed: chapter, run, fixed, grid, collect)")
    for key in ("chapter", "run"):
        if key not in spec:
            raise rerun.RerunError(f"grid file {path}: missing key {key!r}")
    grid = spec.get("grid") or {}
    fixed = spec.get("fixed") or {}
    if not isinstance(grid, dict) or not all(isinstance(v, list) and v for v in grid.values()):
        raise rerun.RerunError(f"grid file {path}: 'grid' must map each parameter to a non-empty list of values")
    if not isinstance(fixed, dict):
        raise rerun.RerunError(f"grid file {path}: 'fixed' must map parameters to values")
    names = list(grid)
    sets = [dict(fixed, **dict(zip(names, combo))) for combo in itertools.product(*(grid[n] for n in names))] or [dict(fixed)]
    collect = spec.get("collect")
    if collect is not None and not (isinstance(collect, list) and all(isinstance(c, str) for c in collect)):
        raise rerun.RerunError(f"grid file {path}: 'collect' must be a list of glued result names")
    return {"chapter": str(spec["chapter"]).zfill(2) if isinstance(spec["chapter"], int) else str(spec["chapter"]),
            "run": str(spec["run"]), "sets": sets, "varied": names, "collect": collect}


def _execute_one(chapter: str, output: str, parameters: dict, cwd: str, root: str) -> dict:
    """Execute one parameter set (in a worker process) and return its glued values."""
    import os

    import papermill

    from sunshine.paths import ROOT_ENV_VAR

    os.environ[ROOT_ENV_VAR] = root  # the kernel works on this copy of the project
    start = time.perf_counter()
    papermill.execute_notebook(chapter, output, parameters=parameters, cwd=cwd, kernel_name="python3", progress_bar=False, log_output=False)
    values = glued_values(nbformat.read(output, as_version=4))
    return {"values": values, "seconds": time.perf_counter() - start}


def _execute_task(task: tuple) -> dict:
    """:func:`_execute_one` on a tuple of its arguments (what ``Client.map`` passes)."""
    return _execute_one(*task)


def _execute_sets(tasks: list[tuple], *, jobs: int, scheduler: str | None, log: Callable[[str], None]) -> list[dict]:
    """Run every task on a Dask scheduler, in ``jobs`` local processes or in this one; outcomes in task order."""
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler) as client:
            return client.gather(client.map(_execute_task, tasks, pure=False))
    if jobs == 1:
        outcomes = []
        for i, task in enumerate(tasks, start=1):
            outcomes.append(_execute_one(*task))
            log(f"  [{i}/{len(tasks)}] done")
        return outcomes
    from concurrent.futures import ProcessPoolExecutor, as_completed

    outcomes = [None] * len(tasks)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = {pool.submit(_execute_one, *task): i for i, task in enumerate(tasks)}
        for done, future in enumerate(as_completed(pending), start=1):
            outcomes[pending[future]] = future.result()
            log(f"  [{done}/{len(tasks)}] done")
    return outcomes


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict, tuple)) else value


def sweep(
    grid_file: str | Path,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    overwrite: bool = False,
    log: Callable[[str], None] = print,
    root: Path = PROJECT_ROOT,
) -> pd.DataFrame:
    """Run every parameter set of ``grid_file``; return (and write) the results table.

    Parameters
    ----------
    grid_file : str or path-like
        The YAML grid file (see the module docstring).
    jobs : int, default 1
        Parameter sets run at once in local processes.
    scheduler : str, optional
        Address of a Dask scheduler to run on instead.
    overwrite, log, root
        As for :func:`sunshine.runs.rerun.rerun`.

    Returns
    -------
    pandas.DataFrame
        One row per parameter set: its parameters, the collected values and the seconds taken.
    """
    if jobs < 1:
        raise rerun.RerunError(f"--jobs must be a positive integer, not {jobs}")
    spec = load_grid(grid_file)
    [chapter] = rerun.resolve_chapters([spec["chapter"]], root=root)
    plans = [
        rerun.plan_rerun([chapter], params, spec["run"], overwrite=overwrite, root=root)
        for params in spec["sets"]
    ]  # every set validated before anything runs or is written
    run = RunLayout(plans[0].run_dir)
    if run.root.exists():
        import shutil

        shutil.rmtree(run.root)
    sets_dir = run.sets_dir
    sets_dir.mkdir(parents=True)
    run.grid.write_text(Path(grid_file).read_text())
    tasks = [
        (str(chapter), str(sets_dir / f"{i:04d}.ipynb"), plan.injected[chapter.stem], str(chapter.parent), str(root))
        for i, plan in enumerate(plans, start=1)
    ]
    log(f"sweep {spec['run']}: {len(tasks)} parameter sets of {chapter.stem}, "
        + (f"on the Dask scheduler {scheduler}" if scheduler else f"{jobs} at a time"))
    start = time.perf_counter()
    outcomes = _execute_sets(tasks, jobs=jobs, scheduler=scheduler, log=log)
    rows = []
    for i, (params, outcome) in enumerate(zip(spec["sets"], outcomes), start=1):
        values = outcome["values"]
        keys = spec["collect"] if spec["collect"] is not None else sorted(
            k for k, v in values.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)
        )
        missing = [k for k in keys if k not in values]
        if missing:
            raise rerun.RerunError(f"{chapter.stem} glued no value named {missing[0]!r}; it glues: {', '.join(sorted(values))}")
        row = {"set": i, **{f"param.{k}": _flat(v) for k, v in params.items()}}
        row.update({k: values[k] for k in keys})
        row["seconds"] = round(outcome["seconds"], 2)
        rows.append(row)
    table = pd.DataFrame(rows)
    table.to_csv(run.results, index=False)
    log(f"sweep {spec['run']}: {len(rows)} rows in {run.results} ({time.perf_counter() - start:.1f} s)")
    return table
