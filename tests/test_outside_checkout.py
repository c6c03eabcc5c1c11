"""Chapters and workbooks run where students open them: outside a checkout, with only the wheel.

The package is built as a wheel, installed with its ``notebooks`` extra (the
versions of requirements.lock) into a fresh virtual environment in a
temporary folder, and every chapter as the student edition offers it for
download, and every workbook filled with its reference answers, is executed
there, from a folder outside the repository. Each notebook's setup cell finds
the package already installed and does nothing; the data come from the copy
shipped inside the wheel. Slow (it installs an environment): marked ``build``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from sunshine.build import editions

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


def run(command: list[str], cwd: Path, env: dict) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(command[:4])} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result.stdout


def test_downloaded_notebooks_run_in_a_fresh_venv_with_only_the_wheel(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("SUNSHINE_PROJECT_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    source = tmp_path / "source"
    (source / "src").mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src" / "sunshine", source / "src" / "sunshine", ignore=shutil.ignore_patterns("__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", "dist", "."], source, env)
    wheel = next((source / "dist").glob("neoliberal_sunshine-*.whl"))
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "requirements.lock"), f"{wheel}[notebooks]"], tmp_path, env)

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
