"""The GitHub Actions workflow that builds, tests and publishes the book, checked offline.

actionlint (installed into the venv from PyPI, requirements.lock) validates every
workflow file: syntax, expressions, job dependencies, action inputs. The tests
then check what the workflow is for: every push and pull request runs .ci/run,
pushes to main (only) deploy _build/html to GitHub Pages with the official
actions, and no repository address is written in the workflow (the one setting
is repository.url in _config.yml).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BOOK = ROOT / ".github" / "workflows" / "book.yml"
MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is missing: `make setup` installs it from requirements.lock")
    return found


def lint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", *map(str, paths)], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); take it back as "on".
    loaded = yaml.safe_load(BOOK.read_text())
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def test_every_workflow_passes_actionlint():
    assert WORKFLOWS, "no workflow in .github/workflows"
    result = lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = BOOK.read_text().replace("needs: build", "needs: biuld").replace("github.event_name", "github.event_nmae")
    broken.write_text(text)
    result = lint(broken)
    assert result.returncode != 0
    assert "biuld" in result.stdout and "event_nmae" in result.stdout, result.stdout


def test_pushes_and_pull_requests_build_and_test(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]
    build = workflow["jobs"]["build"]
    assert "if" not in build, "the build must run for pull requests too"
    runs = [step.get("run", "") for step in build["steps"]]
    assert "bash .ci/run" in runs and "make pdf" in runs
    assert runs.index("bash .ci/run") < runs.index("make pdf")


def test_only_pushes_to_main_deploy_to_pages_with_the_official_actions(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    assert upload["if"] == MAIN_PUSH
    assert deploy["if"] == MAIN_PUSH and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}, "only the deploy job may write"
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert step.get("uses", "actions/").startswith("actions/"), f"not an official action: {step['uses']}"


def test_the_repository_address_is_not_written_in_the_workflow():
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    for path in WORKFLOWS:
        text = path.read_text()
        assert url not in text and "github.com/" not in text, f"{path.name} hard-codes a repository address"
    readme = (ROOT / "README.md").read_text()
    assert "repository.url" in readme and "Settings > Pages" in readme, "README: how to publish a fork"
