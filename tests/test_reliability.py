"""Bad input refused before anything is written, and no file ever lost (issue #11): the fast checks.

Nothing here executes a chapter: every refusal must happen before one starts.
The faults that need a running chapter (a failing overwrite, two reruns at
once, SIGTERM, a failing set of a sweep) are in ``test_reliability_runs.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import jupytext
import nbformat
import pandas as pd
import pytest

from conftest import copy_project
from sunshine.publish import book
from sunshine.data import readers, survey
from sunshine.runs import safeyaml, transaction
from sunshine.runs.parameters import ParameterError
from sunshine.runs.rerun import RerunError, collect_parameters, parse_value, rerun, resolve_chapters
from sunshine.runs.sweep import sweep
from test_rerun import project, quiet, tree_digest  # noqa: F401 (project: the module-scoped copy with the probe chapter)

ROOT = Path(__file__).resolve().parents[1]
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n" for a, b in zip("abcdefgh", "bcdefghi")
)


def fake_complete_run(project: Path, name: str) -> Path:
    """A complete run as a rerun leaves it (manifest only), without executing anything."""
    run = project / "runs" / name
    (run / "notebooks").mkdir(parents=True)
    (run / "run.json").write_text(json.dumps({"run": name, "status": "complete"}))
    return run


def sunshine(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sunshine", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- refuse before writing: the data file ------------------------------------------------

def test_bad_data_file_is_refused_before_the_run_folder_exists(project, tmp_path):
    frame = pd.read_csv(survey.DEFAULT_FILE, dtype=str, keep_default_na=False)
    frame.loc[6, "age"] = "old"
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    before = tree_digest(project / "runs") if (project / "runs").exists() else None
    with pytest.raises(survey.DataValidationError, match=r"column 'age', row 7"):
        rerun(["98"], {"data_path": str(bad)}, "bad-data", root=project, log=quiet)
    assert not (project / "runs" / "bad-data").exists()
    assert (tree_digest(project / "runs") if (project / "runs").exists() else None) == before


def test_data_file_inside_the_run_it_replaces_is_refused(project):
    run = fake_complete_run(project, "keeps-its-data")
    data = run / "mine.csv"
    data.write_bytes(survey.DEFAULT_FILE.read_bytes())
    before = tree_digest(run)
    with pytest.raises(RerunError, match="inside .*which this run replaces"):
        rerun(["98"], {"data_path": str(data)}, "keeps-its-data", overwrite=True, root=project, log=quiet)
    assert tree_digest(run) == before and data.exists()


# -- refuse before writing: values that pass the type check but fail in the kernel -------

@pytest.mark.parametrize(
    ("chapter", "given", "message"),
    [
        ("01", {"YEAR": 2011}, "a year of the rural income table: 2007, 2008"),
        ("02", {"INCOME_YEAR": 1999}, "a year of the rural income table"),
        ("03", {"FIRST_PERIOD": "2004"}, "a period with the subsidy per trainee of every region"),
        ("90", {"n_draws": 0}, "whole number from 1 to"),
        ("90", {"n_draws": 2.5}, "whole number from 1 to"),
        ("98", {"data_path": ""}, "null .* for synthetic data"),
        ("98", {"data_path": None, "sample_size": 120_001}, "whole number from 50 to 10000"),
        ("01", {"RURAL_INCOME_PATH": "no/such.csv"}, "an existing CSV file"),
    ],
)
def test_value_that_would_fail_in_the_kernel_is_refused_first(project, chapter, given, message):
    with pytest.raises(ParameterError, match=message):
        rerun([chapter], given, f"kernel-fail-{chapter}", root=project, log=quiet)
    assert not (project / "runs" / f"kernel-fail-{chapter}").exists()


# -- refuse before writing: names, paths and YAML ------------------------------------------

@pytest.mark.parametrize("name", ["good\n", "good\nbad", " good", "x" * 81, "../up", "a/b", ""])
def test_run_name_is_matched_as_a_whole(project, name):
    with pytest.raises(RerunError, match="run name"):
        rerun(["98"], {}, name, root=project, log=quiet)


def test_chapter_path_outside_notebooks_is_refused(project, tmp_path):
    outside = tmp_path / "98_probe_survey.ipynb"
    outside.write_bytes((project / "notebooks" / "98_probe_survey.ipynb").read_bytes())
    with pytest.raises(RerunError, match="must be a file of notebooks/"):
        resolve_chapters([str(outside)], root=project)
    assert resolve_chapters([str(project / "notebooks" / "98_probe_survey.ipynb")], root=project)[0].name == "98_probe_survey.ipynb"


def test_yaml_alias_bomb_is_refused_quickly_with_a_short_message():
    start = time.perf_counter()
    with pytest.raises(RerunError, match="once its aliases are expanded") as info:
        parse_value(BOMB, "provinces")
    assert time.perf_counter() - start < 2 and len(str(info.value)) < 400
    with pytest.raises(RerunError, match="recursive alias"):
        parse_value("&a [*a]", "provinces")


@pytest.mark.slow
def test_empty_data_path_on_the_command_line_is_refused():
    line = one_clear_line(sunshine("rerun", "05", "-p", "data_path", "", "--run", "x"))
    assert "'data_path' = '' is not allowed" in line


def test_yaml_duplicate_keys_are_refused(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("seed: 1\ngender: male\nseed: 2\n")
    with pytest.raises(RerunError, match="'seed' is given twice"):
        collect_parameters([], [params])
    with pytest.raises(RerunError, match="given twice"):
        parse_value('{"**": 0.01, "**": 0.05}', "alpha_levels")


def test_huge_value_gives_a_bounded_message():
    with pytest.raises(ParameterError) as info:
        from sunshine.runs.parameters import validate

        validate(provinces=["x" * 10_000] * 10_000)
    assert len(str(info.value)) < 1000
    assert len(safeyaml.short_repr(list(range(10**6)))) <= 300


# -- sweeps: refuse before running -------------------------------------------------------

@pytest.mark.parametrize(
    ("grid", "jobs", "message"),
    [
        ("grid:\n  gender: [male]\ncollect: [n, no_such_value]\n", 1, "glues no value named 'no_such_value'"),
        ("grid: {}\n", 1, "at least one parameter"),
        ("fixed: {gender: male}\n", 1, "missing key 'grid'"),
        ("grid:\n  gender: [male, female, male]\n", 1, "parameter sets 1 and 3 are the same"),
        ("grid:\n  provinces: [Gansu, [gansu]]\n", 1, "parameter sets 1 and 2 are the same once normalised"),
        ("grid:\n  gender: [male, female]\n", 64, "more than the 2 parameter set"),
        ("grid:\n  gender: [male]\n  gender: [female]\n", 1, "given twice"),
    ],
)
def test_bad_sweep_is_refused_before_anything_runs(project, tmp_path, grid, jobs, message):
    path = tmp_path / "grid.yaml"
    path.write_text("chapter: 98\nrun: refused-sweep\n" + grid)
    with pytest.raises(RerunError, match=message):
        sweep(path, jobs=jobs, root=project, log=quiet)
    assert not (project / "runs" / "refused-sweep").exists()


# -- claiming a run name -----------------------------------------------------------------

def test_a_claimed_run_name_cannot_be_claimed_again(project):
    run_dir = project / "runs" / "claimed"
    with transaction.RunTransaction(run_dir) as first:
        assert first.building.exists() and not run_dir.exists()
        with pytest.raises(transaction.TransactionError, match="is being written by process"):
            transaction.RunTransaction(run_dir).__enter__()
    assert not list((project / "runs").glob(".claimed~*"))  # lock and building folder gone
    with transaction.RunTransaction(run_dir):  # free again
        pass


def test_a_killed_swap_is_restored_on_the_next_claim(project):
    runs = project / "runs"
    run = fake_complete_run(project, "half-swapped")
    os.replace(run, runs / ".half-swapped~old-1-abcd")  # killed between the two renames of a swap
    with transaction.RunTransaction(run, overwrite=True):
        assert transaction.run_status(run) == "complete"


# -- full disk, unwritable runs/ ---------------------------------------------------------

@pytest.mark.slow
def test_unwritable_runs_folder_gives_one_line(tmp_path):
    work = copy_project(tmp_path / "project")
    (work / "runs").write_text("not a folder")
    # The package is installed from the worktree: SUNSHINE_PROJECT_ROOT points it at the copy.
    result = subprocess.run([sys.executable, "-m", "sunshine", "rerun", "01", "--run", "x"], capture_output=True,
                            text=True, cwd=work, env=dict(os.environ, SUNSHINE_PROJECT_ROOT=str(work)), timeout=300)
    line = one_clear_line(result)
    assert "cannot write in" in line and "is a file, not a folder" in line and (work / "runs").read_text() == "not a folder"


def test_full_disk_keeps_the_previous_run_and_leaves_no_partial_file(project, monkeypatch):
    from sunshine.runs import rerun as rerun_module

    good = fake_complete_run(project, "disk-full")
    before = tree_digest(good)

    def no_space(plan, chapter, output, root):
        output.write_bytes(b'{"cells": [')  # a truncated notebook, as a full disk leaves it
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rerun_module, "_execute_chapter", no_space)
    with pytest.raises(transaction.RunFailed, match="No space left on device"):
        rerun(["98"], {}, "disk-full", overwrite=True, root=project, log=quiet)
    assert tree_digest(good) == before
    failed = project / "runs" / "disk-full~failed"
    assert json.loads((failed / "run.json").read_text())["status"] == "failed"
    assert not list(failed.rglob("*.ipynb")), "a truncated notebook was kept"
    assert not list((project / "runs").glob(".disk-full~*"))


# -- every CLI error in one line ---------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rerun", "01", "-f", "notebooks", "--run", "x"], "parameter file notebooks is a folder"),
        (["rerun", "05", "-p", "provinces", BOMB, "--run", "x"], "aliases are expanded"),
        (["sweep", "notebooks/01_neoliberal_turn.py"], "grid file"),
        (["rerun", "/etc/passwd", "--run", "x"], "notebooks/"),
        (["rerun", "01", "--run", "x\n"], "run name"),
    ],
)
def test_cli_errors_end_in_one_line(args, expected):
    line = one_clear_line(sunshine(*args))
    assert expected in line
    assert not (ROOT / "runs" / "x").exists()


@pytest.mark.slow
def test_dead_scheduler_gives_one_line_and_writes_nothing(project, tmp_path, monkeypatch):
    from sunshine.runs import sweep as sweep_module

    monkeypatch.setattr(sweep_module, "SCHEDULER_TIMEOUT", "1s")  # the refusal, not the wait, is under test
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 98\nrun: dead-scheduler\ngrid:\n  gender: [male, female]\n")
    with pytest.raises(RerunError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        sweep(grid, scheduler="tcp://127.0.0.1:9", root=project, log=quiet)
    assert not (project / "runs" / "dead-scheduler").exists()


# -- sunshine synth ----------------------------------------------------------------------

@pytest.mark.slow
def test_synth_report_equal_to_out_is_refused(tmp_path):
    out = tmp_path / "a.csv"
    out.write_text("keep me")
    line = one_clear_line(sunshine("synth", "--out", str(out), "--report", str(out), "--force", "--quiet"))
    assert "is the data file" in line and out.read_text() == "keep me"


@pytest.mark.slow
def test_synth_failing_report_path_leaves_the_csv(tmp_path):
    out = tmp_path / "a.csv"
    out.write_text("keep me")
    (tmp_path / "folder").mkdir()
    line = one_clear_line(sunshine("synth", "--out", str(out), "--report", str(tmp_path / "folder"), "--force", "--quiet"))
    assert "is a folder" in line and out.read_text() == "keep me"


@pytest.mark.slow
def test_synth_record_hash_only_for_the_repository_file(tmp_path):
    package = ROOT / "data" / "cmlrs" / "datapackage.json"
    before = package.read_bytes()
    elsewhere = tmp_path / "cmlrs_synthetic.csv"
    line = one_clear_line(sunshine("synth", "--out", str(elsewhere), "--record-hash", "--quiet"))
    assert "another file" in line and not elsewhere.exists()
    assert package.read_bytes() == before


# -- make sync ---------------------------------------------------------------------------

@pytest.mark.slow
def test_sync_never_discards_an_edit(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    import sync_pairs

    state = tmp_path / "state.json"
    script = tmp_path / "05_x.py"
    script.write_text((ROOT / "notebooks" / "05_who_migrates.py").read_text())
    nbformat.write(jupytext.read(script), script.with_suffix(".ipynb"))
    jupytext_cmd = str(Path(sys.executable).with_name("jupytext"))
    assert sync_pairs.sync([script], state_path=state, jupytext=jupytext_cmd) == []
    script.write_text(script.read_text() + "\n# %%\npy_edit = 1\n")
    later = time.time() + 60
    os.utime(script.with_suffix(".ipynb"), (later, later))  # the .ipynb touched after the edit
    assert sync_pairs.sync([script], state_path=state, jupytext=jupytext_cmd) == []
    assert "py_edit" in script.read_text() and "py_edit" in script.with_suffix(".ipynb").read_text()
    script.write_text(script.read_text() + "\n# %%\nsecond_py_edit = 1\n")
    nb = nbformat.read(script.with_suffix(".ipynb"), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("ipynb_edit = 1"))
    nbformat.write(nb, script.with_suffix(".ipynb"))
    both = (script.read_bytes(), script.with_suffix(".ipynb").read_bytes())
    assert sync_pairs.sync([script], state_path=state, jupytext=jupytext_cmd) == [script]
    assert (script.read_bytes(), script.with_suffix(".ipynb").read_bytes()) == both  # nothing overwritten
    assert sync_pairs.sync([script], keep="py", state_path=state, jupytext=jupytext_cmd) == []
    assert "second_py_edit" in script.with_suffix(".ipynb").read_text()


def test_make_sync_uses_the_edit_keeping_tool():
    makefile = (ROOT / "Makefile").read_text()
    target = makefile[makefile.index("\nsync:"):].split("\n\n")[0]
    assert "tools/sync_pairs.py" in target and "jupytext --sync" not in target


# -- the build cache heals itself --------------------------------------------------------

@pytest.mark.slow
def test_damaged_cache_entries_make_the_chapter_stale(tmp_path):
    project = book.Project(copy_project(tmp_path / "project"))
    cache = book.ChapterCache(project)
    notebook = project.chapters()[0]
    project.execution_dir.mkdir(parents=True)
    executed, manifest = project.execution_record(notebook)
    executed.write_text(notebook.read_text()[:200])  # truncated
    manifest.write_text(json.dumps({"code": "x", "environment": "y", "inputs": {}}))
    assert any("unreadable" in r for r in cache.state(notebook).stale_reasons)
    executed.write_bytes(notebook.read_bytes())
    manifest.write_text('{"code": ')  # corrupt manifest
    assert any("unreadable" in r for r in cache.state(notebook).stale_reasons)


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["html", "index.html"])
def test_missing_html_is_rendered_again(tmp_path, missing):
    project = book.Project(copy_project(tmp_path / "project"))
    project.html_dir.mkdir(parents=True)
    for page in ("index.html", "book/preface.html"):
        (project.html_dir / page).parent.mkdir(parents=True, exist_ok=True)
        (project.html_dir / page).write_text("<html></html>")
    project.render_ok_stamp.write_text("rendered\n")
    target = project.html_dir if missing == "html" else project.html_dir / "index.html"
    (os.remove if target.is_file() else __import__("shutil").rmtree)(target)
    with mock.patch.object(book, "execute_stale", return_value=[]), mock.patch.object(book, "stage", return_value=[]), \
            mock.patch.object(book, "render") as render:
        summary = book.build(project, log=quiet)
    assert summary["rendered"] and render.call_args.kwargs["full"] is True


# -- big data files ----------------------------------------------------------------------

def test_data_file_over_the_limit_is_refused_with_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(survey, "MAX_FILE_BYTES", 50_000)
    with pytest.raises(survey.DataValidationError, match=r"0 MB, larger than the 0 MB"):
        survey.load(survey.DEFAULT_FILE)


def test_chunked_reading_names_the_right_row(tmp_path, monkeypatch):
    whole = survey.load(survey.DEFAULT_FILE)
    monkeypatch.setattr(readers, "CHUNK_ROWS", 500)
    frame = pd.read_csv(survey.DEFAULT_FILE, dtype=str, keep_default_na=False)
    assert survey.load(survey.DEFAULT_FILE).equals(whole) and len(frame) > 1500
    frame.loc[1234, "income"] = "lots"
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(survey.DataValidationError, match=r"column 'income', row 1235 \(line 1236\), value 'lots'"):
        survey.load(bad)
    frame = pd.read_csv(survey.DEFAULT_FILE, dtype=str, keep_default_na=False)
    frame.loc[1600, "age"] = "200"
    frame.to_csv(bad, index=False)
    with pytest.raises(survey.DataValidationError, match=r"column 'age', row 1601 .*value '200'"):
        survey.load(bad)
