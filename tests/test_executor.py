"""Warm kernels (sunshine.runs.executor): the same executed notebooks as papermill's, and no state shared between sets.

The tests work on a private copy of the project with a probe chapter of their
own (``97_probe_state``). Its ``action`` parameter either leaves traces in the
process (``dirty``: a numpy seed, a monkeypatched module, an environment
variable, a module attribute, a file-level import) or looks for them
(``check``), and it draws a figure, glues values and prints, so that every
kind of output is compared.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from conftest import copy_project
from sunshine.runs import executor
from sunshine.runs.rerun import rerun
from sunshine.runs.sweep import sweep

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
    # # Probe of process state
    #
    # Action {glue:text}`action`.

    # %% tags=["parameters"]
    action = "check"
    label = "none"

    # %%
    import json
    import os
    import statistics
    import sys

    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from myst_nb import glue

    import sunshine

    seeded = bool(np.array_equal(np.random.get_state()[1], np.random.RandomState(7).get_state()[1]))
    traces = {
        "numpy_seed": seeded,
        "statistics_patched": statistics.median([1, 2, 3]) != 2,
        "pandas_patched": hasattr(pd.DataFrame, "probe_leak"),
        "env": "SUNSHINE_PROBE_LEAK" in os.environ,
        "package_attribute": hasattr(sunshine, "probe_leak"),
        "cwd_on_path": "probe_helper" in sys.modules,
    }
    glue("action", action, display=False)
    glue("traces", json.dumps(traces, sort_keys=True), display=False)
    glue("any_trace", any(traces.values()), display=False)
    glue("pid", os.getpid(), display=False)
    glue("cwd", os.path.basename(os.getcwd()), display=False)

    # %%
    if action == "dirty":
        np.random.seed(7)
        statistics.median = lambda data: "patched"
        pd.DataFrame.probe_leak = True
        os.environ["SUNSHINE_PROBE_LEAK"] = "1"
        sunshine.probe_leak = True
        import probe_helper  # noqa: F401
    if action == "raise":
        raise ZeroDivisionError("deliberate failure of the probe")
    draws = np.random.default_rng(2009).normal(size=200)
    print(f"{label}: mean {draws.mean():.6f}")
    pd.DataFrame({"draw": draws[:5].round(6)})

    # %%
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.hist(draws, bins=20)
    ax.set_title(label)
    plt.show()
    '''
)


def with_probe(root: Path) -> Path:
    """Add the probe chapter (and a module beside it) to the project copy ``root``; return ``root``."""
    path = root / "notebooks" / "97_probe_state.py"
    path.write_text(PROBE)
    (root / "notebooks" / "probe_helper.py").write_text("VALUE = 1\n")
    nbformat.write(jupytext.read(path), path.with_suffix(".ipynb"))
    return root


def quiet(*args, **kwargs):
    return None


def comparable(path: Path) -> list[tuple]:
    """Every cell of an executed notebook, without papermill's timings: type, source, tags, outputs, count.

    The glued process id is left out: it is the one output that must differ.
    """
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in nb.cells:
        kept = [o for o in cell.get("outputs", []) if o.get("metadata", {}).get("scrapbook", {}).get("name") != "pid"]
        outputs = json.dumps(kept, sort_keys=True)
        cells.append((cell.cell_type, cell.source, cell.metadata.get("tags"), outputs, cell.get("execution_count")))
    return cells


def glued(path: Path) -> dict:
    from sunshine.runs.glued import glued_values

    return glued_values(nbformat.read(path, as_version=4))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project with the probe chapter."""
    return with_probe(copy_project(tmp_path_factory.mktemp("executor") / "project"))


@pytest.fixture(scope="module")
def state_sweep(project, tmp_path_factory) -> Path:
    grid = tmp_path_factory.mktemp("grid") / "grid.yaml"
    grid.write_text(
        "chapter: 97\nrun: state-sweep\n"
        # two rounds of (dirty, check): the label keeps the sets distinct (duplicate sets are refused)
        "grid:\n  label: [first, second]\n  action: [dirty, check]\n"
        "collect: [action, any_trace, traces, pid]\n"
    )
    sweep(grid, jobs=1, root=project, log=quiet)
    return project / "runs" / "state-sweep"


@pytest.mark.slow
def test_a_set_that_changes_global_state_leaves_no_trace_in_the_next(state_sweep):
    results = pd.read_csv(state_sweep / "results.csv")
    assert list(results["action"]) == ["dirty", "check", "dirty", "check"]
    for _, row in results.iterrows():
        assert not row["any_trace"], f"set {row['set']} found traces of an earlier set: {row['traces']}"
    assert results["pid"].nunique() == len(results), "every set runs in a process of its own"
    # The dirty sets did change their own process: the probe can see traces.
    notebook = nbformat.read(state_sweep / "sets" / "0001.ipynb", as_version=4)
    notebook.cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert "np.random.seed(7)" in notebook.cells[-2].source


@pytest.mark.slow
def test_each_kernel_ends_with_its_set(state_sweep):
    for pid in pd.read_csv(state_sweep / "results.csv")["pid"]:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)


@pytest.mark.slow
def test_sweep_notebooks_are_identical_to_the_same_parameters_run_alone(project, tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 97\nrun: label-sweep\ngrid:\n  label: [first, second]\n")
    sweep(grid, jobs=2, root=project, log=quiet)
    for i, label in enumerate(["first", "second"], start=1):
        rerun(["97"], {"label": label}, f"alone-{label}", root=project, log=quiet)
        alone = project / "runs" / f"alone-{label}" / "notebooks" / "97_probe_state.ipynb"
        swept = project / "runs" / "label-sweep" / "sets" / f"{i:04d}.ipynb"
        assert comparable(swept) == comparable(alone), f"set {i} ({label}) differs from its rerun"
        assert glued(swept)["cwd"] == "notebooks"


@pytest.mark.slow
def test_warm_kernel_gives_what_a_freshly_started_kernel_gives(project, tmp_path):
    """The executed notebook equals papermill's with an ordinary kernel, figure bytes included."""
    import papermill

    chapter = project / "notebooks" / "97_probe_state.ipynb"
    warm, cold = tmp_path / "warm.ipynb", tmp_path / "cold.ipynb"
    executor.execute(chapter, warm, {"label": "same"}, cwd=chapter.parent)
    papermill.execute_notebook(
        str(chapter), str(cold), parameters={"label": "same"}, cwd=str(chapter.parent),
        kernel_name="python3", progress_bar=False, log_output=False,
    )
    assert comparable(warm) == comparable(cold)
    injected = [c for c in nbformat.read(warm, as_version=4).cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'label = "same"' in injected[0].source
    metadata = nbformat.read(warm, as_version=4).metadata["papermill"]
    assert metadata["parameters"] == {"label": "same"} and metadata["exception"] is None
    assert any("image/png" in o.get("data", {}) for c in nbformat.read(warm, as_version=4).cells for o in c.get("outputs", []))


def test_a_failing_set_writes_its_traceback_and_raises(project, tmp_path):
    import papermill

    chapter = project / "notebooks" / "97_probe_state.ipynb"
    output = tmp_path / "failed.ipynb"
    with pytest.raises(papermill.PapermillExecutionError, match="deliberate failure of the probe"):
        executor.execute(chapter, output, {"action": "raise"}, cwd=chapter.parent)
    nb = nbformat.read(output, as_version=4)
    assert nb.metadata["papermill"]["exception"] is True
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "ZeroDivisionError"


def test_extra_environment_reaches_the_kernel_only(project, tmp_path):
    chapter = project / "notebooks" / "97_probe_state.ipynb"
    output = tmp_path / "env.ipynb"
    executor.execute(chapter, output, {}, cwd=chapter.parent, env={"SUNSHINE_PROBE_LEAK": "given"})
    assert json.loads(glued(output)["traces"])["env"] is True
    assert "SUNSHINE_PROBE_LEAK" not in os.environ


@pytest.mark.slow
def test_a_changed_start_up_environment_gets_an_ordinary_kernel(project, tmp_path):
    """PYTHONPATH is read when Python starts: a kernel that sets it must start, not fork, to honour it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import os\nos.environ['SUNSHINE_PROBE_LEAK'] = 'from sitecustomize'\n")
    chapter = project / "notebooks" / "97_probe_state.ipynb"
    output = tmp_path / "site.ipynb"
    executor.execute(chapter, output, {}, cwd=chapter.parent, env={"PYTHONPATH": str(site)})
    assert json.loads(glued(output)["traces"])["env"] is True, "sitecustomize on the kernel's PYTHONPATH did not run"


def test_extra_kernel_arguments_reach_a_forked_kernel(project, tmp_path):
    """Arguments of the kernel's command line (as sunshine.publish.provenance passes) are honoured by a fork."""
    chapter = project / "notebooks" / "97_probe_state.ipynb"
    output = tmp_path / "arguments.ipynb"
    line = "import os; os.environ['SUNSHINE_PROBE_LEAK'] = 'from exec_lines'"
    executor.execute(chapter, output, {}, cwd=chapter.parent, extra_arguments=[f"--IPKernelApp.exec_lines={line}"])
    assert json.loads(glued(output)["traces"])["env"] is True
