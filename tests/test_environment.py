"""One lock file pins the environment; environment.yml mirrors it; the venv holds it."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from tools import lockfile

ROOT = Path(__file__).resolve().parents[1]


def test_lock_has_only_exact_pins():
    pins = lockfile.read_lock(ROOT / "requirements.lock")
    assert "jupyter-book" in pins
    major = int(pins["jupyter-book"].split(".")[0])
    assert major == 1, "DEVELOPERS.md fixes Jupyter Book 1.x (2.x cannot build offline and drops glue)"


def test_lock_reader_refuses_a_range(tmp_path: Path):
    bad = tmp_path / "requirements.lock"
    bad.write_text("pandas==3.1.1\nscipy>=1.0\n")
    with pytest.raises(ValueError, match=r"line 2.*scipy>=1.0"):
        lockfile.read_lock(bad)


def test_environment_yml_mirrors_lock():
    assert (ROOT / "environment.yml").read_text() == lockfile.environment_yml(lockfile.read_lock())


def test_drift_is_detected(tmp_path: Path):
    pins = lockfile.read_lock()
    drifted = dict(pins, pandas="0.0.1")
    text = lockfile.environment_yml(drifted)
    (tmp_path / "environment.yml").write_text(text)
    assert lockfile.read_environment_pins(tmp_path / "environment.yml") != pins


def test_requirements_in_is_covered_by_lock():
    wanted = []
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name = line.replace("<", " ").replace(">", " ").replace("=", " ").split()[0]
            wanted.append(lockfile.normalise(name))
    missing = set(wanted) - set(lockfile.read_lock())
    assert not missing, f"requirements.in names packages the lock does not pin: {sorted(missing)}"


@pytest.mark.parametrize("name,version", sorted(lockfile.read_lock(ROOT / "requirements.lock").items()))
def test_installed_version_is_locked_version(name: str, version: str):
    assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, locked {version}"
