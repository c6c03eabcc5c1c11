"""One execution path: `make book` executes the chapters; a plain `jupyter-book build .` stops and says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from sphinx.errors import ConfigError

from sunshine.publish import sphinx_extension, stage

ROOT = Path(__file__).resolve().parents[1]


def test_the_configuration_executes_nothing_and_the_stage_says_it_was_staged():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    assert not config.get("sphinx", {}).get("config", {}).get("sunshine_staged")
    staged = yaml.safe_load(stage.staged_config((ROOT / "_config.yml").read_text()))
    assert staged["sphinx"]["config"]["sunshine_staged"] is True


def test_rendering_sources_that_were_not_staged_is_refused_with_the_command():
    with pytest.raises(ConfigError, match="run `make book`"):
        sphinx_extension.refuse_unstaged(None, SimpleNamespace(sunshine_staged=False))
    sphinx_extension.refuse_unstaged(None, SimpleNamespace(sunshine_staged=True))


@pytest.mark.build
def test_a_direct_jupyter_book_build_stops_before_executing_anything(tmp_path: Path):
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--path-output", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "run `make book`" in result.stdout + result.stderr
    assert not list(tmp_path.rglob("*.html")), "pages were rendered from unexecuted chapters"
