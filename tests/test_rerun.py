"""Reruns and sweeps: new parameters or data into runs/NAME/, validated before anything is written.

Most tests work on a private copy of the project with a small survey chapter of
their own (``98_probe_survey``), which takes the standard parameters, glues a
coefficient and a verdict sentence computed from it, and runs in seconds.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from conftest import copy_project
from sunshine.data import survey
from sunshine.runs.parameters import ParameterError
from sunshine.runs.rerun import RerunError, banner_text, rerun
from sunshine.kendall import kendall_tau
from sunshine.runs.sweep import sweep

ROOT = Path(__file__).resolve().parents[1]

PROBE = textwrap.dedent(
    '''\
    # ---
    # jupyter:
    #   kernelspec:
    #     display_name: Python 3
    #     language: python
    #     name: python3
    # ---

    # %% [markdown]
    # # Probe survey chapter
    #
    # Training and migration: tau-b {glue:text}`tau:.3f`, {glue:text}`verdict`.

    # %% tags=["parameters"]
    data_path = "../data/cmlrs/cmlrs_synthetic.csv"
    provinces = ["Gansu", "Ningxia"]
    age_min = 0
    age_max = 120
    gender = "all"
    seed = 2009
    synthetic_mode = "exact"
    sample_size = None
    alpha_levels = {"**": 0.01}
    tau_variant = "b"
    clustered = False

    # %%
    from myst_nb import glue
    from sunshine.runs import parameters
    from sunshine.data.sample import load_sample
    from sunshine.kendall import kendall_tau

    P = parameters.from_cell(globals(), base=".")
    sample = load_sample(P, base=".")
    pair = kendall_tau(sample.data["training"], sample.data["migrated"], variant=P.tau_variant)
    glue("n", int(len(sample.data)), display=False)
    glue("tau", float(pair.tau), display=False)
    glue("verdict", "a strong association" if pair.tau >= 0.5 else "a weak association", display=False)

    # %%
    import matplotlib.pyplot as plt
    import sunshine.report  # sets the formats figures are kept in

    plt.plot([0, 1], [0, P.seed])
    plt.show()
    '''
)


def add_probe(root: Path) -> Path:
    path = root / "notebooks" / "98_probe_survey.py"
    path.write_text(PROBE)
    nbformat.write(jupytext.read(path), path.with_suffix(".ipynb"))
    return path.with_suffix(".ipynb")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def quiet(*args, **kwargs):
    return None


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("rerun") / "project")
    add_probe(root)
    return root


@pytest.fixture(scope="module")
def gansu_run(project) -> dict:
    before = tree_digest(project / "notebooks")
    manifest = rerun(["98"], {"provinces": ["Gansu"]}, "gansu", root=project, log=quiet)
    return {"manifest": manifest, "notebooks_unchanged": tree_digest(project / "notebooks") == before}


def test_a_rerun_keeps_figures_as_png_only(project, gansu_run):
    """Nothing prints a rerun: its figures skip the PDF rendering the book's build keeps for its PDF."""
    run_dir = project / "runs" / "gansu"
    nb = nbformat.read(next(run_dir.glob("notebooks/98_*.ipynb")), as_version=4)
    kinds = [set(o.get("data", {})) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    figures = [k for k in kinds if "image/png" in k]
    assert figures and not any("application/pdf" in k for k in kinds)


def test_rerun_changes_glued_values_and_verdict_consistently(project, gansu_run):
    results = gansu_run["manifest"]["chapters"][0]["results"]
    frame = survey.load(project / "data" / "cmlrs" / "cmlrs_synthetic.csv")
    gansu = frame[frame["province"] == "Gansu"]
    expected = kendall_tau(gansu["training"], gansu["migrated"]).tau
    assert results["n"] == len(gansu) < len(frame)
    assert results["tau"] == pytest.approx(expected, abs=1e-12)
    assert results["verdict"] == ("a strong association" if expected >= 0.5 else "a weak association")
    executed = nbformat.read(project / "runs" / "gansu" / "notebooks" / "98_probe_survey.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'provinces = ["Gansu"]' in injected[0].source


def test_women_only_gives_the_women_subsample(project):
    manifest = rerun(["98_probe_survey"], {"gender": "female"}, "women", root=project, log=quiet)
    frame = survey.load(project / "data" / "cmlrs" / "cmlrs_synthetic.csv")
    assert manifest["chapters"][0]["results"]["n"] == int((frame["gender"] == 1).sum())


def test_manifest_is_complete(project, gansu_run):
    manifest = json.loads((project / "runs" / "gansu" / "run.json").read_text())
    assert manifest["status"] == "complete" and manifest["run"] == "gansu"
    assert manifest["started"] <= manifest["finished"]
    assert manifest["parameters"] == {"provinces": ["Gansu"]}
    assert manifest["survey_parameters"]["provinces"] == ["Gansu"]
    data_file = project / "data" / "cmlrs" / "cmlrs_synthetic.csv"
    assert manifest["data"]["sha256"] == hashlib.sha256(data_file.read_bytes()).hexdigest()
    assert manifest["data"]["synthetic"] is True
    for package in ("neoliberal-sunshine", "numpy", "pandas", "scipy", "papermill"):
        assert manifest["packages"][package]
    [chapter] = manifest["chapters"]
    assert chapter["notebook"] == "notebooks/98_probe_survey.ipynb"
    assert "data/cmlrs/cmlrs_synthetic.csv" in chapter["inputs"]
    assert {"n", "tau", "verdict"} <= set(chapter["results"])


def test_rerun_never_touches_notebooks(gansu_run):
    assert gansu_run["notebooks_unchanged"]


@pytest.mark.parametrize(
    ("chapters", "given", "name", "error", "message"),
    [
        (["98"], {"provinces": ["Sichuan"]}, "bad-value", ParameterError, "'provinces'"),
        (["98"], {"age_min": 70, "age_max": 20}, "bad-band", ParameterError, "at least age_min"),
        (["98"], {"colour": "red"}, "bad-name", RerunError, "'colour' is not a parameter of 98_probe_survey"),
        (["98"], {"seed": 3}, "seed-on-file", ParameterError, "unless data_path is None"),
        (["98"], {"tau_variant": "z"}, "bad-variant", ParameterError, "'tau_variant'"),
        (["42"], {}, "no-chapter", RerunError, "chapter '42' not found"),
        (["98"], {}, "../escape", RerunError, "run name"),
        (["98"], {"provinces": ["Ningxia"]}, "gansu", RerunError, "exists"),
    ],
)
def test_invalid_rerun_fails_with_message_and_writes_nothing(project, gansu_run, chapters, given, name, error, message):
    runs = project / "runs"
    before = tree_digest(runs)
    with pytest.raises(error, match=message):
        rerun(chapters, given, name, root=project, log=quiet)
    assert tree_digest(runs) == before, "an invalid rerun wrote or changed something"


@pytest.mark.slow
def test_overwrite_replaces_only_that_run(project, gansu_run):
    women_before = tree_digest(project / "runs" / "women") if (project / "runs" / "women").exists() else None
    rerun(["98"], {"provinces": ["Gansu"], "gender": "male"}, "gansu-men", root=project, log=quiet)
    manifest = rerun(["98"], {"provinces": ["Gansu"], "gender": "female"}, "gansu-men", overwrite=True, root=project, log=quiet)
    assert manifest["parameters"]["gender"] == "female"
    if women_before is not None:
        assert tree_digest(project / "runs" / "women") == women_before


@pytest.mark.slow
def test_small_sweep_gives_one_row_per_parameter_set(project, tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text(
        "chapter: 98\nrun: probe-sweep\n"
        "fixed: {tau_variant: b}\n"
        "grid:\n  provinces: [[Gansu], [Ningxia], [Gansu, Ningxia]]\n"
        "collect: [n, tau]\n"
    )
    table = sweep(grid, jobs=2, root=project, log=quiet)
    written = pd.read_csv(project / "runs" / "probe-sweep" / "results.csv")
    assert len(table) == len(written) == 3
    assert {"param.provinces", "n", "tau"} <= set(written.columns)
    frame = survey.load(project / "data" / "cmlrs" / "cmlrs_synthetic.csv")
    for _, row in written.iterrows():
        subset = frame[frame["province"].isin(json.loads(row["param.provinces"]))]
        assert row["n"] == len(subset)
        assert row["tau"] == pytest.approx(kendall_tau(subset["training"], subset["migrated"]).tau, abs=1e-9)


def test_sweep_validates_every_set_first(project, tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 98\nrun: bad-sweep\ngrid:\n  provinces: [[Gansu], [Tibet]]\n")
    with pytest.raises(ParameterError, match="provinces"):
        sweep(grid, jobs=1, root=project, log=quiet)
    assert not (project / "runs" / "bad-sweep").exists()


@pytest.mark.slow
def test_cli_help_shows_examples_and_errors_exit_2():
    for command in ("rerun", "sweep", "synth"):
        result = subprocess.run([sys.executable, "-m", "sunshine", command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "examples:" in result.stdout, command
    bad = subprocess.run(
        [sys.executable, "-m", "sunshine", "rerun", "01", "-p", "NO_SUCH", "1", "--run", "cli-bad"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert bad.returncode == 2 and "'NO_SUCH' is not a parameter of 01_neoliberal_turn" in bad.stderr
    assert not (ROOT / "runs" / "cli-bad").exists()


def test_banner_names_parameters_and_data():
    manifest = {"run": "x", "parameters": {"gender": "female"}, "data": {"path": "/d/my.csv", "sha256": "ab" * 32, "synthetic": False}}
    text = banner_text(manifest)
    assert "not the published edition" in text and 'gender = "female"' in text and "my.csv" in text


@pytest.mark.build
def test_alternate_edition_builds_with_a_banner_on_every_page(project):
    manifest = rerun([], {"gender": "female"}, "women-edition", all_chapters=True, build=True, root=project, log=quiet)
    html = project / "runs" / "women-edition" / "_build" / "html"
    assert manifest["status"] == "complete" and manifest["edition"] == "_build/html"
    pages = sorted(
        p for p in html.rglob("*.html")
        if p.name not in ("search.html", "genindex.html") and not {"_static", "_sources", "_images"} & set(p.relative_to(html).parts)
    )
    assert pages
    for page in pages:
        text = page.read_text()
        if "http-equiv=\"Refresh\"" in text or "http-equiv=\"refresh\"" in text:
            continue  # index.html redirects to the preface
        assert "Alternate edition" in text and "not the published edition" in text, page.name
        assert "gender = &#34;female&#34;" in text or "gender = &quot;female&quot;" in text or 'gender = "female"' in text, page.name
    assert not (ROOT / "runs" / "women-edition").exists()


@pytest.mark.slow
def test_sweep_runs_on_a_dask_scheduler(project, tmp_path, dask_scheduler):
    # The cluster path of `sunshine sweep --scheduler ADDRESS`, against a local Dask cluster on loopback.
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 98\nrun: dask-sweep\ngrid:\n  gender: [male, female]\ncollect: [n]\n")
    table = sweep(grid, scheduler=dask_scheduler, root=project, log=quiet)
    frame = survey.load(project / "data" / "cmlrs" / "cmlrs_synthetic.csv")
    assert list(table["n"]) == [int((frame["gender"] == 0).sum()), int((frame["gender"] == 1).sum())]
