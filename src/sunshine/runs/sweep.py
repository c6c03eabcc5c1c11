"""Run one chapter over a grid of parameter sets and collect its key results.

A YAML grid file names the chapter, the run, the values to cross (``grid``) and to hold
(``fixed``), and the glued results to collect (``sunshine sweep --help`` shows one). Every set is
checked as a rerun is, then executed into ``runs/NAME/sets/NNNN.ipynb``, ``jobs`` at a time or on
a Dask cluster; ``runs/NAME/results.csv`` has one row per set.
"""

from __future__ import annotations

import ast
import concurrent.futures
import contextlib
import itertools
import hashlib
import json
import math
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import nbformat
import pandas as pd

from sunshine.files import atomic_write_bytes, atomic_write_text, package_fingerprint, sha256_file
from sunshine.paths import PROJECT_ROOT, ROOT_ENV_VAR, RunLayout
from sunshine.runs import executor, rerun, transaction
from sunshine.runs.glued import glued_values

#: Most parameter sets one sweep may hold.
MAX_SETS = 10_000
#: Seconds to wait for a Dask scheduler (to answer, then to have a worker) before giving up.
SCHEDULER_TIMEOUT = "10s"
#: Memory a set's kernel may take at most, by what chapter 5's sets take (about 0.3 GiB each) with room:
#: ``--jobs`` kernels must fit in the memory available.
KERNEL_MEMORY = 768 * 2**20
#: Where a set's notebook is written while it runs, inside the building run; moved into ``sets/`` when complete.
PARTIAL = ".partial"


def _refuse_same_sets(sets: list[dict], where: str) -> None:
    """Raise :class:`~sunshine.runs.rerun.RerunError` naming two parameter sets that are the same."""
    seen: dict[str, int] = {}
    for index, params in enumerate(sets, start=1):
        key = json.dumps(params, sort_keys=True, default=str)
        if key in seen:
            raise rerun.RerunError(
                f"parameter sets {seen[key]} and {index} are the same {where} ({key}); give each value once in 'grid'"
            )
        seen[key] = index


def load_grid(path: str | Path) -> dict[str, Any]:
    """Read and check a grid file; return ``chapter``, ``run``, ``sets`` and ``collect``."""
    path = Path(path)
    spec = rerun.read_yaml_file(path, "grid file") or {}
    if not isinstance(spec, dict):
        raise rerun.RerunError(f"grid file {path}: expected a mapping with chapter, run, grid")
    unknown = sorted(set(spec) - {"chapter", "run", "fixed", "grid", "collect"}, key=str)
    if unknown:
        raise rerun.RerunError(f"grid file {path}: unknown key {unknown[0]!r} (allowed: chapter, run, fixed, grid, collect)")
    for key in ("chapter", "run", "grid"):
        if key not in spec:
            raise rerun.RerunError(f"grid file {path}: missing key {key!r}")
    grid = spec["grid"]
    fixed = spec.get("fixed") or {}
    if not isinstance(grid, dict) or not grid or not all(isinstance(v, list) and v for v in grid.values()):
        raise rerun.RerunError(f"grid file {path}: 'grid' must map at least one parameter to a non-empty list of values")
    if not isinstance(fixed, dict):
        raise rerun.RerunError(f"grid file {path}: 'fixed' must map parameters to values")
    both = sorted(set(grid) & set(fixed), key=str)
    if both:
        raise rerun.RerunError(f"grid file {path}: {both[0]!r} is both in 'grid' and in 'fixed'")
    collect = spec.get("collect")
    if collect is not None and not (isinstance(collect, list) and collect and all(isinstance(c, str) for c in collect)):
        raise rerun.RerunError(f"grid file {path}: 'collect' must be a non-empty list of glued result names")
    if not isinstance(spec["chapter"], (int, str)) or not isinstance(spec["run"], str):
        raise rerun.RerunError(f"grid file {path}: 'chapter' is a chapter number or name and 'run' a run name")
    count = math.prod(len(values) for values in grid.values())
    if count > MAX_SETS:
        raise rerun.RerunError(f"grid file {path}: {count:,} parameter sets, more than the {MAX_SETS:,} allowed")
    sets = [dict(fixed, **dict(zip(grid, combo))) for combo in itertools.product(*grid.values())]
    _refuse_same_sets(sets, f"in grid file {path}")
    return {"chapter": str(spec["chapter"]).zfill(2) if isinstance(spec["chapter"], int) else str(spec["chapter"]),
            "run": spec["run"], "sets": sets, "varied": list(grid), "collect": collect}


_GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`<>]+?)(?::[^`]*)?`|```\{glue(?::[a-z]+)?\}\s+(\S+)")


def glue_patterns(chapter: Path) -> list[re.Pattern] | None:
    """Patterns of every name the chapter can glue (``glue(f"tau_{a}", ...)`` gives ``tau_.+``), or None."""
    nb = nbformat.read(chapter, as_version=4)
    patterns: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            patterns += [re.escape(a or b) for a, b in _GLUE_ROLE.findall(cell.source)]
            continue
        try:
            tree = ast.parse("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            return None
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            called = getattr(func, "id", None) or getattr(func, "attr", None)
            if not isinstance(node, ast.Call) or called not in ("glue", "glue_md") or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                patterns.append(re.escape(first.value))
            elif isinstance(first, ast.JoinedStr):
                patterns.append("".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+" for part in first.values))
            else:
                return None
    return [re.compile(p) for p in patterns]


def check_collect(chapter: Path, collect: list[str] | None) -> None:
    """Refuse a ``collect`` name that the chapter never glues, before anything runs."""
    patterns = glue_patterns(chapter) if collect else None
    if patterns is None:
        return
    for name in collect:
        if not any(p.fullmatch(name) for p in patterns):
            known = sorted({p.pattern.replace("\\", "") for p in patterns})
            raise rerun.RerunError(
                f"collect: {chapter.stem} glues no value named {name!r}; it glues: {', '.join(known[:40])}"
                + (" ..." if len(known) > 40 else "")
            )


def _execute_one(chapter: str, output: str, parameters: dict, cwd: str, root: str) -> dict:
    """Execute one parameter set in a warm kernel; return its status, error, glued values and seconds
    (a failed set is reported, so that the others go on; an interrupt is raised)."""
    start = time.perf_counter()
    final = Path(output)
    partial = final.parent.parent / PARTIAL / final.name  # never under sets/ until complete
    try:
        partial.parent.mkdir(exist_ok=True)
        values = executor.run_set(chapter, str(partial), parameters, cwd, root)["values"]
    except Exception as error:
        if getattr(error, "ename", None) and partial.exists():  # the chapter raised: its traceback is kept, named failed
            os.replace(partial, final.with_suffix(".failed.ipynb"))
        partial.unlink(missing_ok=True)
        return {"status": "failed", "error": transaction.error_text(error), "values": {}, "seconds": time.perf_counter() - start}
    os.replace(partial, final)
    return {"status": "complete", "error": "", "values": values, "seconds": time.perf_counter() - start}


def _execute_task(task: tuple) -> dict:
    """:func:`_execute_one` on a tuple of its arguments (what ``Client.map`` passes)."""
    return _execute_one(*task)


@contextlib.contextmanager
def _dask_client(scheduler: str):
    """A client of a scheduler that answers and has a worker within :data:`SCHEDULER_TIMEOUT`, or a RerunError."""
    import logging

    import dask.utils
    from dask.distributed import Client

    for name in ("distributed", "distributed.client", "distributed.comm", "distributed.core", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # what went wrong reaches the user as one line
    seconds = dask.utils.parse_timedelta(SCHEDULER_TIMEOUT)
    with dask.config.set({"distributed.comm.timeouts.connect": seconds}):
        try:
            client = _connect(Client, scheduler, seconds)
        except (OSError, TimeoutError, ValueError) as error:
            raise rerun.RerunError(f"cannot reach the Dask scheduler at {scheduler}: {transaction.error_text(error)}") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=seconds)
            except (OSError, TimeoutError) as error:
                raise rerun.RerunError(f"the Dask scheduler at {scheduler} has no worker (waited {seconds:g} s): "
                                       "start one with `dask worker ADDRESS`, or run without --scheduler") from None
            yield client


def _connect(client_class, scheduler: str, seconds: float):
    """``client_class(scheduler)``, given up on (and closed) after ``seconds`` whatever part hangs; in a
    daemon thread, which, unlike a pool's, does not keep the interpreter from exiting."""
    import queue
    import threading

    answer: queue.Queue = queue.Queue(maxsize=1)
    abandoned = threading.Event()

    def attempt() -> None:
        try:
            client = client_class(scheduler, timeout=seconds)
        except BaseException as error:  # handed to the caller, re-raised there
            answer.put((None, error))
            return
        if abandoned.is_set():
            client.close()
        else:
            answer.put((client, None))

    threading.Thread(target=attempt, name="dask-connect", daemon=True).start()
    try:
        client, error = answer.get(timeout=seconds)
    except queue.Empty:
        abandoned.set()
        with contextlib.suppress(queue.Empty):  # it answered between the wait and the flag
            late, _ = answer.get_nowait()
            if late is not None:
                late.close()
        raise TimeoutError(f"no answer within {seconds:g} s") from None
    if error is not None:
        raise error
    return client


def _run_tasks(tasks: dict[int, tuple], outcomes: list, *, jobs: int, client, log: Callable[[str], None]) -> None:
    """Execute ``tasks`` (by set index), filling ``outcomes`` in place as each set finishes."""
    total = len(tasks)
    if client is not None:
        from dask.distributed import as_completed as dask_completed

        futures = client.map(_execute_task, list(tasks.values()), pure=False)
        index = {future.key: i for i, future in zip(tasks, futures)}
        for done, future in enumerate(dask_completed(futures), start=1):
            try:
                outcomes[index[future.key]] = future.result()
            except concurrent.futures.CancelledError as error:  # the scheduler went away (or cancelled the set)
                reason = (re.findall(r"reason: ([\w-]+)", str(error)) or ["cancelled"])[0]
                outcomes[index[future.key]] = {"status": "failed", "values": {}, "seconds": 0.0,
                                               "error": f"the Dask scheduler dropped this set ({reason})"}
            except Exception as error:  # a worker died
                outcomes[index[future.key]] = {"status": "failed", "error": transaction.error_text(error), "values": {}, "seconds": 0.0}
            log(f"  [{done}/{total}] {outcomes[index[future.key]]['status']}")
    elif jobs == 1:
        for done, (i, task) in enumerate(tasks.items(), start=1):
            outcomes[i] = _execute_one(*task)
            log(f"  [{done}/{total}] {outcomes[i]['status']}")
    else:  # threads, each waiting on a kernel forked from this process's warm server
        from concurrent.futures import ThreadPoolExecutor, as_completed

        executor.warm_server().wait_ready()  # started once, before the sets compete for the cores
        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            pending = {pool.submit(_execute_one, *task): i for i, task in tasks.items()}
            for done, future in enumerate(as_completed(pending), start=1):
                outcomes[pending[future]] = future.result()
                log(f"  [{done}/{total}] {outcomes[pending[future]]['status']}")
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            executor.shutdown()  # its kernels end with it, so the running sets stop
            raise
        pool.shutdown()


def _results_table(spec: dict, outcomes: list, chapter: Path) -> pd.DataFrame:
    """One row per set: its parameters, ``status``, ``error``, the collected values and seconds."""
    rows = []
    for i, (params, outcome) in enumerate(zip(spec["sets"], outcomes), start=1):
        outcome = outcome or {"status": "not run", "error": "", "values": {}, "seconds": None}
        values = outcome["values"]
        keys = spec["collect"] if spec["collect"] is not None else sorted(
            k for k, v in values.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)
        )
        status, error = outcome["status"], outcome["error"]
        missing = [k for k in keys if k not in values]
        if status == "complete" and missing:
            status, error = "failed", f"{chapter.stem} glued no value named {missing[0]!r}"
        flat = {f"param.{k}": json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
                for k, v in params.items()}
        rows.append({"set": i, **flat, "status": status, "error": error, **{k: values.get(k) for k in keys},
                     "seconds": None if outcome["seconds"] is None else round(outcome["seconds"], 2)})
    return pd.DataFrame(rows)


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

    Everything (grid, sets, data, ``collect``, ``jobs``, scheduler) is checked before anything is
    written; a failing set does not stop the others. The same command again runs only the sets not
    complete.

    Parameters
    ----------
    grid_file : str or path-like
        The YAML grid file (see the module docstring).
    jobs : int, default 1
        Parameter sets run at once locally, each in a warm kernel of its own.
    scheduler : str, optional
        Address of a Dask scheduler to run on instead.
    overwrite, log, root
        As for :func:`sunshine.runs.rerun.rerun`.

    Returns
    -------
    pandas.DataFrame
        One row per set: its parameters, ``status``, ``error``, the collected values, seconds.

    Raises
    ------
    RerunError
        For anything refused before the sweep starts.
    sunshine.runs.transaction.RunFailed
        After writing ``results.csv``, if any set failed.
    """
    if scheduler is not None and not (isinstance(scheduler, str) and scheduler.strip()):
        raise rerun.RerunError(f"--scheduler {scheduler!r} is empty: give a Dask scheduler address such as "
                               "tcp://127.0.0.1:8786, or leave --scheduler out to run here")
    spec = load_grid(grid_file)
    check_jobs(jobs, len(spec["sets"]))
    [chapter] = rerun.resolve_chapters([spec["chapter"]], root=root)
    check_collect(chapter, spec["collect"])
    with contextlib.ExitStack() as stack:
        if not scheduler:  # prepared while the sets are checked; stopped (killed if still starting) if one is refused
            stack.enter_context(executor.prepared_server({ROOT_ENV_VAR: str(root)}, f"{__name__}:prepare_kernels",
                                                         [json.loads(json.dumps(spec["sets"], default=str))]))
        plans = [
            rerun.plan_rerun([chapter], params, spec["run"], overwrite=overwrite, root=root)
            for params in spec["sets"]
        ]  # every set validated before anything runs or is written
        _refuse_same_sets([plan.injected[chapter.stem] for plan in plans], "once normalised")
        grid_text = Path(grid_file).read_bytes()
        client = stack.enter_context(_dask_client(scheduler)) if scheduler else None
        txn = stack.enter_context(transaction.RunTransaction(plans[0].run_dir, overwrite=overwrite))
        stack.enter_context(transaction.interrupt_on_signals())
        return _sweep_in(txn, spec, plans, chapter, grid_text, jobs=jobs, client=client, log=log, root=root)


def check_jobs(jobs: Any, sets: int) -> None:
    """Refuse a ``--jobs`` that is not a positive integer, or more than the sets, the cores or the memory allow."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise rerun.RerunError(f"--jobs must be a positive integer, not {jobs}")
    if jobs > sets:
        raise rerun.RerunError(f"--jobs {jobs} is more than the {sets} parameter set(s); give at most {sets}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs > cores:
        raise rerun.RerunError(f"--jobs {jobs} is more than the {cores} core(s) this process may use; give at most {cores}")
    memory = available_memory()
    if memory is not None and jobs * KERNEL_MEMORY > memory:
        most = max(1, memory // KERNEL_MEMORY)
        raise rerun.RerunError(f"--jobs {jobs}: {jobs} kernels need about {jobs * KERNEL_MEMORY / 2**30:.1f} GiB and "
                               f"{memory / 2**30:.1f} GiB of memory is available; give at most {most}")


def available_memory() -> int | None:
    """Bytes of memory available to new processes (``MemAvailable`` of ``/proc/meminfo``), or None where unknown."""
    with contextlib.suppress(OSError, ValueError, IndexError), open("/proc/meminfo", encoding="ascii") as info:
        for line in info:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


def prepare_kernels(sets: list[dict]) -> None:
    """In a sweep's prepared warm server: build once the exact sample that population draws resample."""
    if any("data_path" in params and params["data_path"] is None and params.get("synthetic_mode") == "population"
           for params in sets):
        from sunshine.synth import SynthParams, generate

        generate(SynthParams(mode="population"), progress=False)


def set_keys(plans: list, chapter: Path, root: Path) -> list[str]:
    """What each set's result depends on, as one SHA-256 a set: the chapter, the package's code, the parameters, the data."""
    common = {"chapter": sha256_file(chapter), "code": package_fingerprint(Path(__file__).resolve().parents[1]).hex()}
    return [hashlib.sha256(json.dumps({**common, "parameters": plan.injected[chapter.stem],
                                       "data": rerun._data_record(plan, root)}, sort_keys=True, default=str).encode()).hexdigest()
            for plan in plans]


def _earlier_attempt(txn, keys: list[str], overwrite: bool) -> dict[int, tuple[Path, float]]:
    """The completed sets an unfinished earlier attempt left, by the index of the same set now; refused
    (unless ``overwrite``) if it completed a set this grid would not reproduce."""
    found: dict[int, tuple[Path, float]] = {}
    for folder in (txn.run_dir, txn.runs_dir / f"{txn.name}~failed"):
        if transaction.run_status(folder) not in ("failed", "interrupted", "running"):
            continue
        try:
            manifest = json.loads((folder / transaction.MANIFEST).read_text(encoding="utf-8"))
            table = pd.read_csv(folder / RunLayout(folder).results.name)
        except (OSError, ValueError):
            continue
        earlier = manifest.get("set_keys") or []
        done = [i for i, status in enumerate(table.get("status", [])) if status == "complete" and i < len(earlier)]
        lost = [i for i in done if earlier[i] not in keys]
        if lost and not overwrite:
            raise rerun.RerunError(
                f"run {txn.name!r} ({folder.name}) holds {len(done)} completed set(s) of an earlier attempt, set {lost[0] + 1} "
                "of which this grid (or the chapter, the code or the data since) would not reproduce; "
                "choose another run name, or pass --force to discard them")
        for i in (i for i in done if i not in lost):  # with --force, the lost sets are discarded
            notebook = RunLayout(folder).sets_dir / f"{i + 1:04d}.ipynb"
            if notebook.is_file():
                row = table.iloc[i]
                found.setdefault(keys.index(earlier[i]), (notebook, float(row.get("seconds") or 0.0)))
    return found


def _sweep_in(txn, spec, plans, chapter, grid_text, *, jobs, client, log, root) -> pd.DataFrame:
    """Execute the sets into ``txn.building`` (those an earlier attempt completed copied), write the table and manifest, commit."""
    run = RunLayout(txn.building)
    sets_dir = run.sets_dir
    sets_dir.mkdir()
    atomic_write_bytes(run.grid, grid_text)
    keys = set_keys(plans, chapter, root)
    found = _earlier_attempt(txn, keys, txn.overwrite)
    manifest = {"run": spec["run"], "kind": "sweep", "status": "running", "started": rerun._now(), "finished": None,
                "chapter": chapter.relative_to(root).as_posix(), "sets": len(plans), "error": "", "set_keys": keys}
    txn.save(manifest)
    tasks = [
        (str(chapter), str(sets_dir / f"{i:04d}.ipynb"), plan.injected[chapter.stem], str(chapter.parent), str(root))
        for i, plan in enumerate(plans, start=1)
    ]
    outcomes: list = [None] * len(tasks)
    for index, (notebook, seconds) in found.items():  # the earlier attempt's completed sets: copied, done
        values = glued_values(nbformat.read(shutil.copy2(notebook, tasks[index][1]), as_version=4))
        outcomes[index] = {"status": "complete", "error": "", "values": values, "seconds": seconds}
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    jobs = min(jobs, max(len(todo), 1))
    log(f"sweep {spec['run']}: {len(todo)} parameter sets of {chapter.stem}"
        + (f" ({len(found)} more kept from the earlier attempt)" if found else "") + ", "
        + ("on a Dask cluster" if client is not None else f"{jobs} at a time"))
    start = time.perf_counter()
    stopped = None
    try:
        _run_tasks({i: tasks[i] for i in todo}, outcomes, jobs=jobs, client=client, log=log)
    except BaseException as error:
        stopped = error
    shutil.rmtree(txn.building / PARTIAL, ignore_errors=True)  # half-run notebooks are no results
    for outcome, task in zip(outcomes, tasks):
        if outcome is None:  # a set still running when the sweep stopped may have moved its notebook in
            Path(task[1]).unlink(missing_ok=True)
    table = _results_table(spec, outcomes, chapter)
    atomic_write_text(run.results, table.to_csv(index=False))
    if stopped is not None:
        rerun.record_failure(manifest, stopped, None)
        raise txn.fail(manifest, stopped) from stopped
    failed = table[table["status"] != "complete"]
    manifest["finished"] = rerun._now()
    if not failed.empty:
        first = failed.iloc[0]
        manifest.update(status="failed", error=f"{len(failed)} of {len(table)} parameter sets failed; "
                                               f"set {int(first['set'])}: {first['error']} (results.csv has a status per set; "
                                               "the same command again runs only the sets not complete)")
        raise txn.fail(manifest, RuntimeError(manifest["error"]))
    manifest["status"] = "complete"
    txn.commit(manifest)
    table.attrs["results"] = f"runs/{spec['run']}/results.csv"
    log(f"sweep {spec['run']}: {len(table)} rows in {txn.final / 'results.csv'} ({time.perf_counter() - start:.1f} s)")
    return table
