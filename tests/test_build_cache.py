"""The build re-executes exactly the chapters whose inputs changed, and nothing else.

Each test works on a small private copy of the project (``copy_small_project``
in ``conftest.py``: the preface, chapter 1, the glossary and the bibliography),
to which a small probe chapter is added: it reads a CSV of its own and glues a
value from it, so that both directions can be seen in the rendered HTML. Every
test first checks that the copy is settled (a build executes nothing), then
makes one change and checks what the next build executed. That the whole book
builds from scratch, offline, is checked on the build that the book's tests
share (``tests/test_book.py``).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jupytext
import nbformat
import pytest

from conftest import copy_small_project
from sunshine.publish.book import ChapterFailed, Project, RenderFailed, build

pytestmark = pytest.mark.build

PROBE_PY = textwrap.dedent(
    '''\
    # %% [markdown]
    # # Probe
    #
    # The probe value is {glue:text}`probe_value`.

    # %%
    import pandas as pd
    import sunshine
    from myst_nb import glue

    probe = pd.read_csv("../data/probe/probe.csv")
    glue("probe_value", int(probe["value"].sum()), display=False)
    '''
)

def probe_project(destination: Path, chapters: tuple[str, ...] = ("01_neoliberal_turn", "99_probe")) -> Path:
    """A small copy of the project (conftest.py) with the probe chapter and its data."""
    root = copy_small_project(destination, chapters)
    (root / "data" / "probe").mkdir(parents=True)
    (root / "data" / "probe" / "probe.csv").write_text("value\n1\n2\n")
    (root / "notebooks" / "99_probe.py").write_text(PROBE_PY)
    nbformat.write(jupytext.read(root / "notebooks" / "99_probe.py"), root / "notebooks" / "99_probe.ipynb")
    return root


def quiet_build(root: Path) -> dict:
    return build(Project(root), jobs=2, log=lambda *args: None, quiet=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """A small copy of the project with the probe chapter, built once from scratch."""
    root = probe_project(tmp_path_factory.mktemp("cache") / "project")
    return {"root": root, "first": quiet_build(root)}


def page(root: Path, name: str) -> str:
    return (root / "_build" / "html" / f"{name}.html").read_text()


def settled(root: Path) -> None:
    """Assert that nothing is left to execute or render in the copy."""
    result = quiet_build(root)
    assert result["executed"] == [] and not result["rendered"], result


def test_clean_build_executes_every_chapter(built):
    chapters = sorted(p.name for p in (built["root"] / "notebooks").glob("*.ipynb"))
    assert chapters == ["01_neoliberal_turn.ipynb", "99_probe.ipynb"]
    assert sorted(built["first"]["executed"]) == chapters
    assert built["first"]["rendered"]
    assert "The probe value is" in page(built["root"], "notebooks/99_probe")
    assert ">3<" in page(built["root"], "notebooks/99_probe")


def test_noop_rebuild_executes_and_renders_nothing(built):
    settled(built["root"])
    settled(built["root"])


def test_prose_edit_in_book_executes_no_chapter(built):
    root = built["root"]
    settled(root)
    preface = root / "book" / "preface.md"
    preface.write_text(preface.read_text() + "\nA sentence added by the cache test.\n")
    result = quiet_build(root)
    assert result["executed"] == []
    assert result["rendered"] and result["changed"] == ["book/preface.md"]
    assert "A sentence added by the cache test." in page(root, "book/preface")


def test_prose_edit_in_a_chapter_executes_no_chapter(built):
    root = built["root"]
    settled(root)
    path = root / "notebooks" / "99_probe.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += "\n\nNew prose in a chapter."
    nbformat.write(nb, path)
    result = quiet_build(root)
    assert result["executed"] == []
    html = page(root, "notebooks/99_probe")
    assert "New prose in a chapter." in html and ">3<" in html, "prose updated, outputs kept"


def test_changed_data_file_reexecutes_only_the_chapter_that_reads_it(built):
    root = built["root"]
    settled(root)
    (root / "data" / "probe" / "probe.csv").write_text("value\n1\n2\n40\n")
    result = quiet_build(root)
    assert result["executed"] == ["99_probe.ipynb"]
    assert ">43<" in page(root, "notebooks/99_probe")


def test_changed_context_data_reexecutes_only_the_chapters_that_read_it(built):
    root = built["root"]
    settled(root)
    csv = "data/context/rural_income_nbs.csv"
    readers = sorted(
        f"{m.stem}.ipynb"
        for m in (root / "_build" / ".execution").glob("*.json")
        if csv in json.loads(m.read_text())["inputs"]
    )
    assert "01_neoliberal_turn.ipynb" in readers, "chapter 1 draws its figure from this file"
    (root / csv).write_text((root / csv).read_text() + "\n")
    result = quiet_build(root)
    assert sorted(result["executed"]) == readers
    assert "99_probe.ipynb" not in result["executed"]


def test_changed_code_reexecutes_only_that_chapter(built):
    root = built["root"]
    settled(root)
    path = root / "notebooks" / "99_probe.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace('.sum()', '.max()')
    nbformat.write(nb, path)
    result = quiet_build(root)
    assert result["executed"] == ["99_probe.ipynb"]
    assert ">40<" in page(root, "notebooks/99_probe")


def test_changed_package_code_reexecutes_every_chapter_and_its_documentation_none(built):
    """The package enters the cache by its code (sunshine.files.code_fingerprint), as the ensemble key does."""
    root = built["root"]
    settled(root)
    paths = root / "src" / "sunshine" / "paths.py"
    text = paths.read_text()
    first_doc = text.index('"""') + 3
    paths.write_text(text[:first_doc] + "Reworded by the cache test. " + text[first_doc:] + "\n# a comment\n")
    assert quiet_build(root)["executed"] == []
    paths.write_text(paths.read_text() + "\nTOUCHED_BY_THE_CACHE_TEST = 1\n")
    result = quiet_build(root)
    assert sorted(result["executed"]) == sorted(p.name for p in (root / "notebooks").glob("*.ipynb"))


def test_a_chapter_that_raises_fails_the_build(tmp_path):
    root = probe_project(tmp_path / "project", chapters=("99_probe",))
    path = root / "notebooks" / "99_probe.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source += "\nraise ValueError('deliberate failure')"
    nbformat.write(nb, path)
    with pytest.raises(ChapterFailed, match=r"99_probe\.ipynb(.|\n)*deliberate failure"):
        quiet_build(root)
    assert not (root / "_build" / "html" / "notebooks" / "99_probe.html").exists()


def test_a_sphinx_warning_fails_the_build_and_keeps_failing(tmp_path, capfd):
    root = copy_small_project(tmp_path / "project", chapters=())
    preface = root / "book" / "preface.md"
    preface.write_text(preface.read_text() + "\nSee {ref}`a-label-that-does-not-exist`.\n")
    with pytest.raises(RenderFailed):
        quiet_build(root)
    assert "a-label-that-does-not-exist" in capfd.readouterr().err, "the build failed, but not on the broken reference"
    # Nothing changed, but the warning was never fixed: the next build must fail too.
    with pytest.raises(RenderFailed):
        quiet_build(root)
    assert "a-label-that-does-not-exist" in capfd.readouterr().err
