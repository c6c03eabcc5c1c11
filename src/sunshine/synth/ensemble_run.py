"""Run an ensemble in-process, on a process pool or a Dask cluster, and cache it.

One call (:func:`sunshine.synth.ensemble.run_member`) generates, checks and analyses a member, so
one member in a test, 200 locally or 10,000 on a cluster run the same code. Results are cached
(``data/ensemble/``) under :func:`ensemble_key`; :func:`load_results` refuses a stale key and names
the command that regenerates them.
"""

from __future__ import annotations

import ast
import json
import shlex
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from sunshine.files import atomic_write_text, code_fingerprint, sha256_bytes
from sunshine.synth import ensemble as en
from sunshine.synth import targets as tg

MEMBERS_FILE = "members.csv"
REJECTED_FILE = "rejected.csv"
SAMPLING_FILE = "sampling.csv"
DRAWS_FILE = "draws.csv"
REJECTED_COLUMNS = ["member", "attempt", "seed", "kind", "max_proposals", "reason", "cpu_seconds"]
KEY_FILE = "ensemble.json"
REGENERATE = "sunshine ensemble --members {n} --jobs 2 --resume"
SAMPLING_DRAWS = 200
"""Household resamples of one member for Table I's sampling variability, unless told otherwise."""

_SRC = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[Path]:
    """The files of the ``sunshine`` modules that ``path`` imports, at any depth of its code."""
    package = ("sunshine", *path.relative_to(_SRC).parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    found = set()
    for name in names:
        head, *parts = name.split(".")
        stem = _SRC.joinpath(*parts)
        found |= {f for f in (stem / "__init__.py", stem.with_suffix(".py")) if head == "sunshine" and f.is_file()}
    return found


def key_sources(root: Path | None = None) -> list[str]:
    """The modules a member's results depend on: ``root`` (default ``synth/ensemble.py``) and every
    ``sunshine`` module it imports, at any depth, relative to the package."""
    seen, todo = set(), [root or _SRC / "synth" / "ensemble.py"]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo += _imported_modules(path) - seen
    return sorted(path.relative_to(_SRC).as_posix() for path in seen)


class StaleEnsembleError(RuntimeError):
    """The cached results were made by other code or settings."""


def ensemble_key(dimensions: Path = en.DIMENSIONS_FILE) -> str:
    """SHA-256 of the code of :func:`key_sources`, the published cells and the dimensions file.

    Not the number of members: member ``i`` is the same in any ensemble (``resume`` extends one).
    """
    parts = [rel.encode() + b"\0" + code_fingerprint((_SRC / rel).read_text(encoding="utf-8"))
             for rel in key_sources()]
    parts.append(repr([(t.id, t.value, t.decimals, t.kind) for t in tg.published_targets()]).encode())
    parts.append(b"dimensions\0" + Path(dimensions).read_bytes())
    return sha256_bytes(b"\0\0".join(parts))


def _run_task(task: tuple) -> dict:
    return en.run_member(*task)


def iter_members(indices: list[int], spec: dict, *, jobs: int = 1, scheduler: str | None = None):
    """Yield the outcomes of members ``indices`` in order, run in-process, on ``jobs`` processes or Dask."""
    tasks = [(i, spec) for i in indices]
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler) as client:
            for future in client.map(_run_task, tasks, pure=False):
                yield future.result()
    elif jobs == 1:
        yield from map(_run_task, tasks)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(_run_task, tasks, chunksize=1)


def sampling_draws(row: dict, draws: int = SAMPLING_DRAWS, seed: int = 2351) -> pd.DataFrame:
    """Table I of ``draws`` samples of 2,351 persons redrawn by households from one member."""
    from sunshine.kendall import kendall_matrix
    from sunshine.synth.pipeline import TABLE1, _resample_households

    pop = en.regenerate(row).data
    rng = np.random.default_rng(seed)
    pairs = [(a, b) for i, a in enumerate(TABLE1) for b in TABLE1[:i]]
    k = kendall_matrix(pop, TABLE1, cluster="household_id")
    rows = [{"draw": -1, "pair": f"{a}_{b}", "tau": float(k.tau.loc[a, b]),
             "se_null": float(k.tau.loc[a, b] / k.statistic.loc[a, b]),
             "ase1": float(k.ase.loc[a, b]), "se_cluster": float(k.se_cluster.loc[a, b])}
            for a, b in pairs]
    for d in range(draws):
        sample = _resample_households(pop, len(pop), rng)
        t = kendall_matrix(sample, TABLE1).tau
        rows.extend({"draw": d, "pair": f"{a}_{b}", "tau": float(t.loc[a, b])} for a, b in pairs)
    return pd.DataFrame(rows)


def sampling_member(members: pd.DataFrame) -> dict:
    """The member used for sampling variability: the accepted member of lowest index.

    Parameters
    ----------
    members : pandas.DataFrame
        The accepted members (``members.csv``).

    Returns
    -------
    dict
        That member's row, as :func:`sampling_draws` takes it.
    """
    return members.loc[members["member"].idxmin()].to_dict()


def write_results(out_dir: Path, members: pd.DataFrame, rejected: pd.DataFrame,
                  sampling: pd.DataFrame, meta: dict, draws: pd.DataFrame | None = None) -> None:
    """Write the ensemble's CSVs and its key file atomically (key file last)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = [(MEMBERS_FILE, members), (REJECTED_FILE, rejected), (SAMPLING_FILE, sampling)]
    for name, frame in frames + ([(DRAWS_FILE, draws)] if draws is not None else []):
        atomic_write_text(out_dir / name, frame.to_csv(index=False, float_format="%.10g",
                                                       lineterminator="\n"))
    atomic_write_text(out_dir / KEY_FILE, json.dumps(meta, indent=2, sort_keys=True) + "\n")


def _done(out_dir: Path, key: str) -> tuple[list[dict], list[dict], list[dict], float]:
    """Rows and draws already computed under ``key`` in ``out_dir``, and their wall seconds (``resume``)."""
    try:
        meta = json.loads((Path(out_dir) / KEY_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        meta = {}
    if meta.get("key") != key:
        return [], [], [], 0.0
    return (*(pd.read_csv(Path(out_dir) / f, keep_default_na=f != DRAWS_FILE).to_dict("records")
              for f in (MEMBERS_FILE, REJECTED_FILE, DRAWS_FILE)), float(meta.get("wall_seconds", 0.0)))


def run_ensemble(n: int, *, jobs: int = 1, scheduler: str | None = None,
                 out_dir: Path = en.ENSEMBLE_DIR, dimensions: Path = en.DIMENSIONS_FILE,
                 sampling: int = SAMPLING_DRAWS, resume: bool = False, checkpoint: int = 10,
                 log: Callable[[str], None] = print) -> dict:
    """Generate, check and analyse ``n`` members and write them to ``out_dir``."""
    if n < 1 or jobs < 1:
        raise ValueError(f"--members and --jobs must be positive integers (got {n}, {jobs})")
    spec = en.load_dimensions(dimensions)
    key = ensemble_key(dimensions)
    *found, before = _done(out_dir, key) if resume else ([], [], [], 0.0)
    members, rejected, draws = ([r for r in rows if int(r["member"]) < n] for rows in found)
    seen = {int(r["member"]) for r in draws}
    todo = [i for i in range(n) if i not in seen]
    where = f"on the Dask scheduler {scheduler}" if scheduler else f"on {jobs} process(es)"
    log(f"ensemble: {len(todo)} of {n} members to run {where}")
    wall = time.perf_counter()
    sampled = Path(out_dir) / SAMPLING_FILE  # the redraws of an earlier run, from the same member
    state = {"draws": pd.read_csv(sampled) if members and sampled.exists() else None}
    for k, outcome in enumerate(iter_members(todo, spec, jobs=jobs, scheduler=scheduler), start=1):
        members += [outcome["row"]] if outcome["row"] is not None else []
        rejected += outcome["rejected"]
        draws.append(outcome["draw"])
        if k % checkpoint == 0 or k == len(todo):
            meta = _checkpoint(out_dir, n, key, spec, (members, rejected, draws), state, sampling,
                               before + time.perf_counter() - wall, scheduler and "dask" or jobs)
            log(f"  [{meta['members_done']}/{n}] members done, {len(members)} accepted, "
                f"{meta['members_infeasible']} infeasible, {meta['members_failed']} failed, "
                f"{len(rejected)} attempts rejected")
    if not todo:  # already complete: rewritten for n (a smaller n keeps members 0 .. n-1)
        meta = _checkpoint(out_dir, n, key, spec, (members, rejected, draws), state, sampling,
                           before, scheduler and "dask" or jobs)
    return meta



def _options(out_dir, sampling: int) -> str:
    """The options of :data:`REGENERATE` a run gave other than their defaults."""
    out = Path(out_dir).resolve()
    out = "" if out == Path(en.ENSEMBLE_DIR).resolve() else f" --out {shlex.quote(str(out))}"
    return out + ("" if sampling == SAMPLING_DRAWS else f" --sampling-draws {sampling}")


def _checkpoint(out_dir, n, key, spec, rows, state, sampling, seconds, workers):
    """Write everything computed so far (sampling once, from the first accepted member)."""
    members, rejected, draws = rows
    frame = pd.DataFrame(members).sort_values("member", kind="stable")
    rej = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    drawn = pd.DataFrame(draws).sort_values("member", kind="stable")
    outcomes = drawn["outcome"].value_counts()
    if frame.empty:
        raise RuntimeError(f"every member so far was rejected, e.g. {rej.iloc[0].to_dict()}")
    if state["draws"] is None:
        state["draws"] = (sampling_draws(sampling_member(frame), draws=sampling) if sampling
                          else pd.DataFrame(columns=["draw", "pair", "tau"]))
    meta = {"key": key, "members_requested": n, "members_done": int(len(drawn)),
            "members_accepted": int(len(frame)),
            "members_infeasible": int(outcomes.get("infeasible", 0)),
            "members_failed": int(outcomes.get("failed", 0)),
            "attempts_rejected": int(len(rej)),
            "attempts_failed": int((rej["kind"] == "failure").sum()),
            "base_seed": int(spec["base_seed"]), "wall_seconds": round(seconds, 1),
            "workers": workers, "sampling_draws": sampling,
            "cpu_seconds_per_member": round(float(frame["cpu_seconds"].mean()
                                                  + rej["cpu_seconds"].sum() / len(frame)), 3),
            "regenerate": REGENERATE.format(n=n) + _options(out_dir, sampling)}
    write_results(out_dir, frame, rej, state["draws"], meta, drawn)
    return meta


def load_results(out_dir: Path = en.ENSEMBLE_DIR, *, dimensions: Path = en.DIMENSIONS_FILE,
                 check: bool = True) -> dict:
    """Read a cached ensemble; refuse it if the code or settings changed since.

    Parameters
    ----------
    out_dir : Path
        The ensemble's directory (default ``data/ensemble/``).
    dimensions : Path
        The dimensions file of the key (:func:`ensemble_key`).
    check : bool
        Compare the stored key with the current one (``False``: read whatever made them).

    Returns
    -------
    dict
        ``meta`` (``ensemble.json``) and the frames ``members``, ``rejected``, ``sampling`` (and
        ``draws``); StaleEnsembleError, naming the command to rerun, if the key differs.
    """
    out_dir = Path(out_dir)
    meta = json.loads((out_dir / KEY_FILE).read_text())
    if check:
        key = ensemble_key(dimensions)
        if key != meta["key"]:
            raise StaleEnsembleError(
                f"{out_dir.name}/{KEY_FILE}: the ensemble was made by other generator code or "
                f"settings (key {meta['key'][:12]}, now {key[:12]}); regenerate it with: "
                f"{meta['regenerate'].replace(' --resume', ' --force')}")  # --resume keeps only members of its key
    read = {name: pd.read_csv(out_dir / f) for name, f in
            (("members", MEMBERS_FILE), ("rejected", REJECTED_FILE), ("sampling", SAMPLING_FILE))}
    if (out_dir / DRAWS_FILE).exists():
        read["draws"] = pd.read_csv(out_dir / DRAWS_FILE, keep_default_na=False)
    return {"meta": meta, **read}
