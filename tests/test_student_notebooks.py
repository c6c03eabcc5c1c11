"""Student notebooks (sunshine.publish.student): the book's MyST as plain Markdown, no solution, a setup cell that installs from the site.

The fast tests convert the book's real chapter sources (their markdown cells,
with a stand-in value for every glued key) and small notebooks built here; the
built site is tested in ``tests/test_student_site.py`` (build tier).
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from sunshine.publish import downloads, editions, student

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
#: What must not be left in a student notebook's prose: MyST roles and directives.
RAW_MYST = re.compile(r"\{(?:glue|exercise|solution|ref|numref|term|cite|doc|eq|admonition|note|math|list-table)[^}]*\}")


def glue_output(key: str, value: str, mime: str = "text/plain") -> dict:
    """A code-cell output as ``myst_nb.glue(key, value, display=False)`` writes it."""
    prefix = "application/papermill.record/"
    return nbformat.v4.new_output("display_data", data={prefix + mime: value},
                                  metadata={"scrapbook": {"name": key, "mime_prefix": prefix}})


def stand_in_glue(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with one code cell gluing a number for every key its prose pastes (the book's build glues the real ones)."""
    keys = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            keys |= {m.split(":")[0] for m in re.findall(r"\{glue(?::text|:md)?\}`([^`]+)`", cell.source)}
    out = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell("# glued values")
    cell.outputs = [glue_output(k, "0.125") for k in sorted(keys)]
    out.cells.append(cell)
    return out


def test_glued_values_are_pasted_with_their_format_and_roles_become_text():
    ctx = downloads.context(ROOT, "test.ipynb")
    ctx.glued = {"tau": {"text/plain": "0.79214"}, "n": {"text/plain": "2351"},
                 "verdict": {"text/markdown": "reproduced{sup}`R` ({term}`SPSS`)"}}
    text = student.inline(
        "tau is {glue:text}`tau:.3f` (n = {glue:text}`n:,`), {glue:md}`verdict`; "
        "see {cite:p}`mao2010neoliberal` and {cite:t}`mao2010neoliberal`, {term}`the bound <tau bound>`.", ctx)
    assert text == ("tau is 0.792 (n = 2,351), reproduced<sup>R</sup> (SPSS); see (Mao et al. 2010) and "
                    "Mao et al. (2010), the bound.")


def test_an_unknown_glue_key_names_the_chapter_and_cell():
    ctx = student.Context("05_who_migrates.ipynb", cell=7)
    with pytest.raises(student.StudentNotebookError, match=r"05_who_migrates.ipynb, cell 7: .*never glued"):
        student.inline("{glue:text}`missing`", ctx)


def test_numref_says_where_the_table_is():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("As {numref}`tbl-x` shows, and {numref}`fig-y`, and {numref}`tbl-far`."),
        nbformat.v4.new_code_cell('show(frame, label="tbl-x")'),
        nbformat.v4.new_code_cell("plot()", metadata={"mystnb": {"figure": {"name": "fig-y"}}}),
    ])
    made = student.student_notebook(nb, student.Context("x.ipynb"), "https://example.org/w.whl")
    assert made.cells[0].source == "As the table below shows, and the figure below, and a table of another chapter."


def test_admonitions_exercises_math_and_tables_read_as_markdown():
    source = "\n".join([
        "```{admonition} Learning objectives", ":class: important", "", "- one;", "- two.", "```", "",
        "(ex-label)=", "% a comment", "````{exercise}", ":label: ex-05-x", "", "Compute:", "",
        "```python", "x = {1: 2}", "```", "````", "",
        "```{math}", ":label: eq-1", "a = b", "```", "",
        "```{list-table} Caption", ":header-rows: 1", "", "* - A", "  - B", "* - 1", "  - 2", "```",
    ])
    ctx = student.Context("x.ipynb", exercise=16)
    text = student.to_markdown(source, ctx)
    assert text.splitlines()[:5] == ["> **Learning objectives**", ">", "> - one;", "> - two."] + [""]
    assert "> **Exercise 16**\n>\n> Compute:\n>\n> ```python\n> x = {1: 2}\n> ```" in text
    assert "$$\na = b\n$$" in text
    assert "**Caption**\n\n| A | B |\n|---|---|\n| 1 | 2 |" in text
    assert "(ex-label)=" not in text and "% a comment" not in text and ctx.exercise == 17


def test_a_solution_directive_never_reaches_a_student_notebook():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("````{solution} ex-1\nThe answer.\n````")])
    with pytest.raises(student.StudentNotebookError, match="solution directive"):
        student.student_notebook(nb, student.Context("x.ipynb"), "https://example.org/w.whl")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_converts_to_plain_markdown(path: Path):
    nb = stand_in_glue(editions.strip_solutions(nbformat.read(path, as_version=4), path.name))
    made = student.student_notebook(nb, downloads.context(ROOT, path.name), "https://example.org/w.whl")
    assert not [c for c in made.cells if editions.is_solution(c)]
    left = [(i, m) for i, c in enumerate(made.cells) if c.cell_type == "markdown" for m in RAW_MYST.findall(c.source)]
    assert not left, f"{path.name}: raw MyST left in the student notebook: {left[:5]}"
    setup = [c for c in made.cells if student.SETUP_TAG in c.metadata.get("tags", [])]
    assert len(setup) == 1 and "https://example.org/w.whl" in setup[0].source
    assert "git+" not in setup[0].source
    code = [c for c in made.cells if c.cell_type == "code"]
    assert code[0] is setup[0], f"{path.name}: the setup cell is not the first code cell"
    assert student.RERUN_NOTE in [c.source for c in made.cells[:3]]
    assert "jupytext" not in made.metadata and made.metadata["kernelspec"]["name"] == "python3"
    nbformat.validate(made)


def test_exercises_are_numbered_through_the_book_as_the_html_numbers_them():
    notebooks = [nbformat.read(p, as_version=4) for p in CHAPTERS]
    starts = downloads.exercise_starts(notebooks)
    counts = [sum(len(student.EXERCISE.findall(c.source)) for c in nb.cells if c.cell_type == "markdown") for nb in notebooks]
    assert starts[0] == 1 and all(starts[i + 1] == starts[i] + counts[i] for i in range(len(starts) - 1))
    assert sum(counts) >= 30  # the book has over thirty exercises (issue 23 cites exercise 34)


def test_setup_cell_fails_with_one_sentence_when_the_wheel_is_unreachable(tmp_path: Path):
    missing = (tmp_path / "nowhere" / "neoliberal_sunshine-0.1.0-py3-none-any.whl").as_uri()
    cell = student.install_cell(missing)
    # Run the cell as a notebook would where the package is not installed (its check is patched).
    runner = (
        "import importlib.metadata as m\n"
        "def absent(name):\n    raise m.PackageNotFoundError(name)\n"
        "m.distribution = absent\n"
        f"exec(compile({cell!r}, 'setup', 'exec'))\n"
    )
    script = tmp_path / "run.py"
    script.write_text(
        "try:\n" + "".join(f"    {line}\n" for line in runner.splitlines()) +
        "except Exception as error:\n    print('|'.join(error._render_traceback_()))\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                         env={"PIP_NO_INDEX": "1", "PATH": "/usr/bin:/bin"}).stdout.strip()
    assert out.startswith("The book's package could not be installed from ") and missing in out
    assert "|" not in out and out.count(". ") <= 1, f"not one sentence: {out!r}"


def test_the_wheel_holds_the_package_its_data_and_metadata(tmp_path: Path):
    name, version = downloads.distribution(ROOT)
    assert name == "neoliberal-sunshine"  # `sunshine` on PyPI is an unrelated package
    wheel = downloads.write_wheel(ROOT, tmp_path / downloads.wheel_name(name, version))
    (tmp_path / "again").mkdir()
    again = downloads.write_wheel(ROOT, tmp_path / "again" / wheel.name)
    assert wheel.read_bytes() == again.read_bytes(), "the wheel is not reproducible"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"neoliberal_sunshine-{version}.dist-info/METADATA").decode()
    assert {"sunshine/__init__.py", "sunshine/publish/student.py", "sunshine/_data/cmlrs/cmlrs_synthetic.csv"} <= names
    assert {"sunshine/workbook/questions.py", "sunshine/workbook/_runner.py"} <= names  # the workbook checks and the grader
    assert "Name: neoliberal-sunshine" in metadata and 'Requires-Dist: myst-nb; extra == "notebooks"' in metadata


def test_site_url_is_required_and_named():
    with pytest.raises(downloads.DownloadsError, match="html.baseurl"):
        downloads.site_url("html:\n  favicon: x.svg\n")
    assert downloads.site_url((ROOT / "_config.yml").read_text()).startswith("https://")


def test_student_edition_launch_buttons_open_the_student_branch():
    config = (ROOT / "_config.yml").read_text()
    import yaml

    student_config = yaml.safe_load(editions.staged_config(config, "student"))
    assert student_config["repository"]["branch"] == editions.STUDENT_BRANCH
    assert editions.staged_config(config, "instructor") == config.encode()
