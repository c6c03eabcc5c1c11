"""Sweeps that stop, start again and meet hostile settings (issue 24): nothing completed is discarded.

The probe chapter of :mod:`test_reliability_runs` (``97_probe_fault``) glues
its ``label`` and can be told to fail, so a sweep with a failing set stops as
an interrupted one does, in seconds. Also here: ``--jobs`` beyond the cores
or the memory, an empty ``--scheduler``, a scheduler that accepts a
connection and never answers (a plain socket on 127.0.0.1), one killed
during the sweep, the per-process
cache of validated data-package tables, and the heatmap drawn without
seaborn's figure draws.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from conftest import ROOT, copy_project
from sunshine.runs import sweep as sweep_module
from sunshine.runs import transaction
from sunshine.runs.rerun import RerunError
from sunshine.runs.sweep import sweep
from test_reliability_runs import PROBE
from test_rerun import quiet


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("resume") / "project")
    path = root / "notebooks" / "97_probe_fault.py"
    path.write_text(PROBE)
    nbformat.write(jupytext.read(path), path.with_suffix(".ipynb"))
    return root


def grid_file(folder: Path, run: str, fails: str) -> Path:
    grid = folder / f"{run}.yaml"
    grid.write_text(f"chapter: 97\nrun: {run}\nfixed: {{fail: {fails}}}\ngrid:\n  label: [a, b, c]\ncollect: [label]\n")
    return grid


@pytest.mark.slow
def test_an_interrupted_sweep_resumes_without_running_its_completed_sets_again(project, tmp_path, monkeypatch):
    """Ctrl-C during set 2: set 1 is kept, no half-run notebook is; the same command runs sets 2 and 3 only."""
    from sunshine.runs import executor

    grid = grid_file(tmp_path, "resumed", "false")
    real = executor.run_set
    ran: list[str] = []

    def interrupted_at_b(chapter, output, parameters, cwd, root):
        ran.append(parameters["label"])
        if parameters["label"] == "b":
            Path(output).write_text("half")  # what a killed set leaves
            raise KeyboardInterrupt
        return real(chapter, output, parameters, cwd, root)

    monkeypatch.setattr(executor, "run_set", interrupted_at_b)
    with pytest.raises(transaction.RunInterrupted):
        sweep(grid, root=project, log=quiet)
    run = project / "runs" / "resumed"
    assert json.loads((run / "run.json").read_text())["status"] == "interrupted"
    assert list(pd.read_csv(run / "results.csv")["status"]) == ["complete", "not run", "not run"]
    assert sorted(p.relative_to(run).as_posix() for p in run.rglob("*.ipynb")) == ["sets/0001.ipynb"]
    kept = (run / "sets" / "0001.ipynb").read_bytes()
    monkeypatch.setattr(executor, "run_set", lambda *task: (ran.append(task[2]["label"]), real(*task))[1])
    lines: list[str] = []
    table = sweep(grid, root=project, log=lines.append)
    assert ran == ["a", "b", "b", "c"]  # a ran once
    assert lines[0] == "sweep resumed: 2 parameter sets of 97_probe_fault (1 more kept from the earlier attempt), 1 at a time"
    assert list(table["status"]) == ["complete"] * 3 and list(table["label"]) == ["a", "b", "c"]
    assert (run / "sets" / "0001.ipynb").read_bytes() == kept
    assert json.loads((run / "run.json").read_text())["status"] == "complete"


@pytest.mark.slow
def test_an_attempt_that_would_discard_completed_sets_is_refused(project, tmp_path):
    grid = tmp_path / "g.yaml"
    grid.write_text("chapter: 97\nrun: changed-grid\ngrid:\n  label: [a, b]\n  fail: [false, true]\ncollect: [label]\n")
    with pytest.raises(transaction.RunFailed):
        sweep(grid, root=project, log=quiet)
    run = project / "runs" / "changed-grid"
    before = sorted(p.name for p in (run / "sets").iterdir())
    assert before == ["0001.ipynb", "0002.failed.ipynb", "0003.ipynb", "0004.failed.ipynb"]  # a failed set's traceback, never under a result's name
    grid.write_text("chapter: 97\nrun: changed-grid\ngrid:\n  label: [x, y]\ncollect: [label]\n")
    with pytest.raises(RerunError, match=r"run 'changed-grid' \(changed-grid\) holds 2 completed set\(s\) of an earlier "
                                         r"attempt, set 1 of which this grid .* would not reproduce; choose another run "
                                         r"name, or pass --force"):
        sweep(grid, root=project, log=quiet)
    assert sorted(p.name for p in (run / "sets").iterdir()) == before
    # --force discards them and runs the new grid (it once failed on the sets it was discarding)
    table = sweep(grid, overwrite=True, root=project, log=quiet)
    assert list(table["label"]) == ["x", "y"] and list(table["status"]) == ["complete", "complete"]
    assert sorted(p.name for p in (run / "sets").iterdir()) == ["0001.ipynb", "0002.ipynb"]


@pytest.mark.parametrize("jobs, message", [
    (0, "--jobs must be a positive integer, not 0"),
    (True, "--jobs must be a positive integer, not True"),
])
def test_jobs_that_is_no_count_is_refused(project, tmp_path, jobs, message):
    with pytest.raises(RerunError, match=message):
        sweep(grid_file(tmp_path, "jobs", "false"), jobs=jobs, root=project, log=quiet)
    assert not (project / "runs" / "jobs").exists()


def test_jobs_beyond_the_cores_is_refused(project, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    with pytest.raises(RerunError, match=r"--jobs 3 is more than the 2 core\(s\) this process may use; give at most 2"):
        sweep(grid_file(tmp_path, "cores", "false"), jobs=3, root=project, log=quiet)
    assert not (project / "runs" / "cores").exists()


def test_jobs_beyond_the_memory_is_refused(project, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.setattr(sweep_module, "available_memory", lambda: int(1.5 * sweep_module.KERNEL_MEMORY))
    with pytest.raises(RerunError, match=r"--jobs 2: 2 kernels need about 1\.5 GiB and 1\.1 GiB of memory is available; "
                                         r"give at most 1"):
        sweep(grid_file(tmp_path, "memory", "false"), jobs=2, root=project, log=quiet)
    assert not (project / "runs" / "memory").exists()


def test_available_memory_reads_meminfo():
    memory = sweep_module.available_memory()
    assert memory is None or memory > 0


@pytest.mark.parametrize("scheduler", ["", "   "])
def test_an_empty_scheduler_is_refused(project, tmp_path, scheduler):
    with pytest.raises(RerunError, match=r"--scheduler '\s*' is empty: give a Dask scheduler address such as "
                                         r"tcp://127\.0\.0\.1:8786, or leave --scheduler out"):
        sweep(grid_file(tmp_path, "empty-scheduler", "false"), scheduler=scheduler, root=project, log=quiet)
    assert not (project / "runs" / "empty-scheduler").exists()


@pytest.mark.slow
def test_a_scheduler_that_never_answers_is_refused_in_time(project, tmp_path, monkeypatch):
    """A socket on 127.0.0.1 that accepts connections and says nothing: refused after SCHEDULER_TIMEOUT, not hung."""
    monkeypatch.setattr(sweep_module, "SCHEDULER_TIMEOUT", "1s")
    silent = socket.create_server(("127.0.0.1", 0))
    held: list = []
    threading.Thread(target=lambda: [held.append(silent.accept()) for _ in range(20)], daemon=True).start()
    address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
    try:
        with pytest.raises(RerunError, match=f"cannot reach the Dask scheduler at {address}: TimeoutError: no answer within 1 s"):
            sweep(grid_file(tmp_path, "silent", "false"), scheduler=address, root=project, log=quiet)
    finally:
        silent.close()
    assert not (project / "runs" / "silent").exists()


@pytest.mark.slow
def test_a_scheduler_without_workers_is_refused(project, tmp_path, monkeypatch):
    from dask.distributed import LocalCluster

    monkeypatch.setattr(sweep_module, "SCHEDULER_TIMEOUT", "1s")
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        with pytest.raises(RerunError, match=f"the Dask scheduler at {cluster.scheduler_address} has no worker "
                                             r"\(waited 1 s\): start one"):
            sweep(grid_file(tmp_path, "no-workers", "false"), scheduler=cluster.scheduler_address, root=project, log=quiet)
    assert not (project / "runs" / "no-workers").exists()


def test_a_validated_table_is_read_again_when_its_file_changes(tmp_path):
    """The per-process cache of validated tables is keyed by content: an edit is seen, and refused if bad."""
    from sunshine.data import published
    from sunshine.data.schema import load_resource

    good = (published.PACKAGE.parent / "table2.csv").read_text()
    copy = tmp_path / "table2.csv"
    copy.write_text(good)
    first = load_resource(published.PACKAGE, "table2", copy)
    first.iloc[0, 0] = "changed by the caller"
    assert load_resource(published.PACKAGE, "table2", copy).equals(load_resource(published.PACKAGE, "table2"))
    rows = good.splitlines()
    rows[3] = rows[3].replace(",migrants,", ",emigrants,", 1)
    copy.write_text("\n".join(rows) + "\n")
    with pytest.raises(ValueError, match=r"table2\.csv, line 4: column 'population' has unknown value 'emigrants'"):
        load_resource(published.PACKAGE, "table2", copy)


def test_the_heatmap_keeps_seaborns_look_without_its_draws():
    """Colours, numbers and their text colour as seaborn's heatmap gives them (seaborn.utils.relative_luminance)."""
    import matplotlib
    import numpy as np
    from types import SimpleNamespace

    from sunshine.report.heatmap import kendall_heatmap

    matplotlib.use("agg")
    tau = pd.DataFrame([[1.0, np.nan], [-0.9, 1.0]], index=["a", "b"], columns=["a", "b"])
    result = SimpleNamespace(tau=tau, pvalue=tau.abs().rsub(1.0), variant="b")
    fig = kendall_heatmap(result, levels={"**": 0.01})
    [ax, bar] = fig.axes
    texts = {t.get_text(): t.get_color() for t in ax.texts}
    assert texts == {"1.00": "w", "-.900": "w"}  # saturated red and blue: white text
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"] and bar.get_ylabel() == "Kendall's tau-b"
    assert not any(spine.get_visible() for spine in ax.spines.values())
    mesh = ax.collections[0]
    assert np.ravel(mesh.get_array().mask).tolist() == [False, True, False, False]  # the upper triangle is left blank


def test_the_heatmap_palette_is_seaborns_vlag_without_importing_seaborn():
    """vlag.json holds seaborn's own colours, exactly. Chapter 5's modules, and drawing its heatmap, import
    neither seaborn nor scipy.stats nor statsmodels (a second of every rerun; the warm server imports them later)."""
    import numpy as np
    import seaborn
    from seaborn.utils import relative_luminance as seaborn_luminance

    from sunshine.report.heatmap import palette, relative_luminance

    assert np.array_equal(palette().colors, seaborn.color_palette("vlag", as_cmap=True).colors)
    for color in ["w", "k", "#2369bd", (0.7, 0.2, 0.3), palette()(0.8)]:
        assert relative_luminance(color) == pytest.approx(seaborn_luminance(color), abs=1e-12)
    code = ("import sys, matplotlib; matplotlib.use('agg'); import pandas as pd; from types import SimpleNamespace\n"
            "from sunshine.report import audit, chapter, exercises, tables, verdicts\n"
            "from sunshine.synth.ledger import Quantity\n"
            "from sunshine.report.heatmap import kendall_heatmap\n"
            "t = pd.DataFrame([[1.0, 0.0], [-0.5, 1.0]], index=list('ab'), columns=list('ab'))\n"
            "kendall_heatmap(SimpleNamespace(tau=t, pvalue=t.abs(), variant='b'), levels={'*': .05}).savefig(__import__('io').BytesIO())\n"
            "print(sorted(m for m in ('seaborn', 'scipy.stats', 'statsmodels') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_a_scheduler_killed_during_a_sweep_ends_it_with_one_line(project, tmp_path):
    """`dask scheduler` killed (SIGKILL) while its worker runs the sets: no traceback, one error line that says so."""
    dask = Path(sys.executable).with_name("dask")
    env = dict(os.environ, SUNSHINE_PROJECT_ROOT=str(project), PYTHONPATH=str(ROOT / "src"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet_output = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 env=env, **quiet_output)
    worker = None
    try:
        worker = subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard"], env=env, **quiet_output)
        grid = tmp_path / "killed.yaml"
        grid.write_text("chapter: 97\nrun: killed\nfixed: {wait_seconds: 60}\ngrid:\n  label: [a, b]\n")
        sweep_cli = subprocess.Popen([sys.executable, "-m", "sunshine", "sweep", str(grid), "--scheduler", address],
                                     cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any((project / "runs").glob(".killed~building-*")):
            time.sleep(0.2)
        time.sleep(5)  # the worker has the first set
        scheduler.kill()
        out, err = sweep_cli.communicate(timeout=120)
    finally:
        for process in (scheduler, worker):
            if process is not None:
                process.kill()
                process.wait()
    assert sweep_cli.returncode == 1
    assert "Traceback" not in err and "Traceback" not in out
    errors = [line for line in err.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, err
    assert "2 of 2 parameter sets failed; set 1: the Dask scheduler dropped this set (scheduler-connection-lost)" in errors[0], errors[0]
