"""Every chapter is a jupytext pair: a percent-format .py and an output-free .ipynb, in step."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PY = sorted(NOTEBOOKS.glob("*.py"))
IPYNB = sorted(NOTEBOOKS.glob("*.ipynb"))


def cells(nb) -> list[tuple[str, str]]:
    """The (type, source) of each cell: what must agree between the two halves."""
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_every_chapter_of_the_table_of_contents_is_a_pair():
    listed = re.findall(r"file:\s*(notebooks/\S+)", (ROOT / "_toc.yml").read_text())
    missing = [f"{stem}{suffix}" for stem in listed for suffix in (".py", ".ipynb") if not (ROOT / f"{stem}{suffix}").exists()]
    assert listed and not missing, f"_toc.yml lists chapters that are not in notebooks/: {missing or 'none listed'}"


@pytest.mark.parametrize("path", PY + IPYNB, ids=lambda p: p.name)
def test_chapter_has_both_halves(path: Path):
    twin = path.with_suffix(".ipynb" if path.suffix == ".py" else ".py")
    assert twin.exists(), f"{path.name} has no paired {twin.name}: run `make sync`"


@pytest.mark.parametrize("path", PY, ids=lambda p: p.name)
def test_pair_in_sync(path: Path):
    text = jupytext.read(path)
    notebook = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    assert cells(text) == cells(notebook), f"{path.name} and its .ipynb differ: run `make sync`"


@pytest.mark.parametrize("path", PY, ids=lambda p: p.name)
def test_text_half_is_percent_format(path: Path):
    assert "# %%" in path.read_text(), f"{path.name} is not in jupytext percent format"


@pytest.mark.parametrize("path", IPYNB, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    with_outputs = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not with_outputs, f"{path.name} has outputs in cells {with_outputs}: strip them"


def test_chapters_are_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    missing = [p.stem for p in PY if f"notebooks/{p.stem}" not in toc]
    assert not missing, f"chapters missing from _toc.yml: {missing}"
