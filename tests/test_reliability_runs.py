"""Faults while chapters run (issue #11): nothing lost, the manifest says what happened.

A tiny probe chapter (``97_probe_fault``) glues one value, and can be told to
wait (``wait_seconds``, cut short once the file ``release_file`` exists) or to
raise (``fail``), so that each fault takes a few seconds: a failing
``--force`` (``--overwrite``), two reruns of one name at once, SIGTERM in the middle of a
run, and a sweep in which one set fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from conftest import copy_project
from sunshine.runs import transaction
from sunshine.runs.rerun import rerun
from sunshine.runs.sweep import sweep
from test_rerun import quiet, tree_digest

PROBE = textwrap.dedent(
    '''\
    # ---
    # jupyter:
    #   kernelspec:
    #     display_name: Python 3
    #     language: python
    #     name: python3
    # ---

    # %% tags=["parameters"]
    fail = False
    wait_seconds = 0
    release_file = ""
    label = "first"

    # %%
    import os
    import time

    from myst_nb import glue

    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline and not (release_file and os.path.exists(release_file)):
        time.sleep(0.05)
    if fail:
        raise RuntimeError("the probe was told to fail")
    glue("label", label, display=False)
    '''
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("faults") / "project")
    path = root / "notebooks" / "97_probe_fault.py"
    path.write_text(PROBE)
    nbformat.write(jupytext.read(path), path.with_suffix(".ipynb"))
    return root


def cli(project: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, SUNSHINE_PROJECT_ROOT=str(project))
    return subprocess.Popen([sys.executable, "-m", "sunshine", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def leftovers(project: Path, name: str) -> list[Path]:
    return sorted((project / "runs").glob(f".{name}~*"))


@pytest.mark.slow
def test_failing_overwrite_keeps_the_good_run_and_records_the_error(project):
    good = rerun(["97"], {"label": "good"}, "keep-me", root=project, log=quiet)
    assert good["status"] == "complete"
    run = project / "runs" / "keep-me"
    before = tree_digest(run)
    with pytest.raises(transaction.RunFailed, match="RuntimeError: the probe was told to fail"):
        rerun(["97"], {"fail": True}, "keep-me", overwrite=True, root=project, log=quiet)
    assert tree_digest(run) == before, "the failing rerun changed the good run"
    failed = json.loads((project / "runs" / "keep-me~failed" / "run.json").read_text())
    assert failed["status"] == "failed" and failed["error"] == "RuntimeError: the probe was told to fail"
    assert failed["failed_output"] == "97_probe_fault.ipynb"  # papermill's notebook, showing the failing cell
    assert not leftovers(project, "keep-me")
    again = rerun(["97"], {"label": "better"}, "keep-me", overwrite=True, root=project, log=quiet)
    assert again["chapters"][0]["results"]["label"] == "better"


@pytest.mark.slow
def test_two_reruns_of_one_name_started_together_one_is_refused(project, tmp_path):
    # The first run holds the name until the test releases it, after the second has been refused.
    release = tmp_path / "release"
    first = cli(project, "rerun", "97", "-p", "wait_seconds", "120", "-p", "release_file", str(release),
                "-p", "label", "one", "--run", "twice")
    deadline = time.time() + 60
    while not (project / "runs" / ".twice~lock").exists() and time.time() < deadline:
        time.sleep(0.1)
    second = cli(project, "rerun", "97", "-p", "label", "two", "--run", "twice")
    try:
        second_out, second_err = second.communicate(timeout=120)
    finally:
        release.touch()
    first_out, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert second.returncode == 2 and "is being written by process" in second_err and "Traceback" not in second_err
    manifest = json.loads((project / "runs" / "twice" / "run.json").read_text())
    assert manifest["chapters"][0]["results"]["label"] == "one"


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "said"), [(signal.SIGTERM, "interrupted by SIGTERM"), (signal.SIGINT, "interrupted by SIGINT (Ctrl-C)")])
def test_a_signal_leaves_an_interrupted_manifest_and_rerunning_works(project, signum, said):
    name = f"stopped-{signum.name}"
    process = cli(project, "rerun", "97", "-p", "wait_seconds", "30", "--run", name)
    deadline = time.time() + 180
    while time.time() < deadline and not any((b / "notebooks" / "97_probe_fault.ipynb").exists()
                                             for b in (project / "runs").glob(f".{name}~building-*")):
        time.sleep(0.2)
    assert time.time() < deadline, "the run did not start"
    time.sleep(1.0)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted" in err and "Traceback" not in err, (process.returncode, err)
    run = project / "runs" / name
    manifest = json.loads((run / "run.json").read_text())
    assert manifest["status"] == "interrupted" and manifest["error"] == said
    assert not list(run.rglob("*.ipynb")), "a half-written notebook is presented as a result"
    assert not leftovers(project, name)
    again = rerun(["97"], {}, name, root=project, log=quiet)  # the same command works afterwards
    assert again["status"] == "complete"


@pytest.mark.slow
def test_one_failing_set_keeps_the_finished_sets(project, tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 97\nrun: half-sweep\ngrid:\n  fail: [false, true]\ncollect: [label]\n")
    with pytest.raises(transaction.RunFailed, match="1 of 2 parameter sets failed"):
        sweep(grid, root=project, log=quiet)
    table = pd.read_csv(project / "runs" / "half-sweep" / "results.csv")
    assert list(table["status"]) == ["complete", "failed"]
    assert table.loc[0, "label"] == "first" and "told to fail" in table.loc[1, "error"]
    assert json.loads((project / "runs" / "half-sweep" / "run.json").read_text())["status"] == "failed"


@pytest.mark.slow
def test_sigterm_during_a_sweep_leaves_an_interrupted_manifest(project, tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 97\nrun: stopped-sweep\nfixed: {wait_seconds: 30}\ngrid:\n  label: [a, b]\n")
    process = cli(project, "sweep", str(grid))
    deadline = time.time() + 180
    while time.time() < deadline and not any(any(b.rglob("0001.ipynb"))  # written aside while it runs
                                             for b in (project / "runs").glob(".stopped-sweep~building-*")):
        time.sleep(0.2)
    assert time.time() < deadline, "the run did not start"
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err, (process.returncode, err)
    run = project / "runs" / "stopped-sweep"
    assert json.loads((run / "run.json").read_text())["status"] == "interrupted"
    assert list(pd.read_csv(run / "results.csv")["status"]) == ["not run", "not run"]
    assert not list(run.rglob("*.ipynb")) and not leftovers(project, "stopped-sweep")


@pytest.mark.parametrize("kind", ["link", "file"])
def test_force_does_not_replace_a_run_name_that_is_a_link_or_a_file(tmp_path, kind):
    """--force replaces a run folder only: a link (to a folder of the user's) or a file there is refused, untouched."""
    runs, elsewhere = tmp_path / "runs", tmp_path / "mine"
    runs.mkdir()
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    name = runs / "linked"
    name.symlink_to(elsewhere) if kind == "link" else name.write_text("notes")
    with pytest.raises(transaction.TransactionError, match=rf"{name} is {'a link' if kind == 'link' else 'not a folder'}"):
        with transaction.RunTransaction(name, overwrite=True):
            pass
    assert sorted(p.name for p in runs.iterdir()) == ["linked"]  # no lock, no building folder, nothing moved aside
    assert (elsewhere / "keep.txt").read_text() == "mine"
    assert name.is_symlink() if kind == "link" else name.read_text() == "notes"
