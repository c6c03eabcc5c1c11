"""Chapters and workbooks run where students open them: outside a checkout, with only the wheel.

The package is built as a wheel, written as the site hosts it, installed
into a fresh virtual environment in a temporary folder that sees the locked
stack of the project's own environment (the extra's requirements are checked
against it, so nothing is fetched from the registry), and every chapter as the student edition offers it for
download, and every workbook filled with its reference answers, is executed
there, from a folder outside the repository. Each notebook's setup cell finds
the package already installed and does nothing; the data come from the copy
shipped inside the wheel. Slow (it installs an environment): marked ``build``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from sunshine.publish import downloads as publish_downloads
from sunshine.publish import editions

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build

RUNNER = """
import json, sys, nbformat
from nbclient import NotebookClient
from pathlib import Path
results = {}
for p in sys.argv[1:]:
    nb = nbformat.read(p, as_version=4)
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(Path(p).parent)}}).execute()
        checks = ["".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
                  for c in nb.cells if c.cell_type == "code" and "grader.check" in c.source]
        import sunshine
        results[Path(p).name] = {"ok": True, "checks": checks, "package": sunshine.__file__}
    except Exception as error:
        results[Path(p).name] = {"ok": False, "error": str(error)[-2000:]}
print(json.dumps(results))
"""


# Prints the requirements of the installed wheel (its `notebooks` extra included) that are not installed at a matching version.
EXTRA_MET = """
from importlib.metadata import PackageNotFoundError, distribution, version
from packaging.requirements import Requirement
unmet = []
for line in distribution("neoliberal-sunshine").requires or []:
    req = Requirement(line)
    if req.marker is None or req.marker.evaluate({"extra": "notebooks"}):
        try:
            if not req.specifier.contains(version(req.name), prereleases=True):
                unmet.append(line)
        except PackageNotFoundError:
            unmet.append(line)
print(unmet)
"""


def run(command: list[str], cwd: Path, env: dict) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(command[:4])} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result.stdout


def test_downloaded_notebooks_run_in_a_fresh_venv_with_only_the_wheel(tmp_path: Path, stack_venv):
    python, env = stack_venv
    # The wheel the site hosts for students (written offline, as the build writes it).
    wheel = publish_downloads.write_wheel(ROOT, tmp_path / publish_downloads.wheel_name(*publish_downloads.distribution(ROOT)))
    # The locked stack is the project's own (conftest's stack_venv), not fetched again from the registry:
    # only the wheel is installed; its `notebooks` extra is then checked against what that stack holds.
    run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)], tmp_path, env)
    unmet = run([str(python), "-c", EXTRA_MET], tmp_path, env).strip()
    assert unmet == "[]", f"requirements of neoliberal-sunshine[notebooks] the locked stack does not meet: {unmet}"

    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    for path in sorted(ROOT.glob("notebooks/0[1-7]_*.ipynb")):
        nb = editions.stage_notebook(nbformat.read(path, as_version=4), "student", path.name)
        nbformat.write(nb, downloads / path.name)
    answers = yaml.safe_load((ROOT / "workbook" / "answers.yml").read_text())
    for path in sorted(ROOT.glob("workbook/[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell, code in zip([c for c in nb.cells if "answer" in c.metadata.get("tags", [])], answers[path.name[:2]]):
            cell.source = code
        nbformat.write(nb, downloads / f"workbook_{path.name}")
    (tmp_path / "run.py").write_text(RUNNER)
    notebooks = sorted(p.name for p in downloads.glob("*.ipynb"))
    results = json.loads(run([str(python), str(tmp_path / "run.py"), *notebooks], downloads, env).strip().splitlines()[-1])

    failed = {name: r["error"] for name, r in results.items() if not r["ok"]}
    assert not failed, f"notebooks that fail outside a checkout: {failed}"
    assert len(results) == 11
    for name, r in results.items():
        assert str(tmp_path / "venv") in r["package"], f"{name} imported sunshine from {r['package']}, not the wheel"
        if name.startswith("workbook_"):
            assert r["checks"] and all("passed" in c for c in r["checks"]), f"{name}: {r['checks']}"
