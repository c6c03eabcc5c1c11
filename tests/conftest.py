"""Shared fixtures: a private copy of the project for tests that build it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What a copy of the project needs to be built: sources, data, configuration.
COPIED = ("_config.yml", "_toc.yml", "references.bib", "requirements.lock", "book", "notebooks", "data", "src")


def copy_project(destination: Path) -> Path:
    """Copy the book's sources, data and package source into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project, built nowhere yet."""
    return copy_project(tmp_path / "project")
