"""Who glues what: a chapter glues every value its prose pastes, in its own code cells, under literal keys.

Read from the chapters' sources (jupytext percent files) and the package's
sources, without executing anything (except the build-marked checks of the
exercise keys at the end, which read the built book):

* every ``{glue}`` key of a chapter's prose (``{glue}``, ``{glue:text}``,
  ``{glue:md}``, ``{glue:figure}``, ...) is glued by a call in that chapter's
  own code cells, under a literal key or an f-string key of a loop;
* no module of ``sunshine`` calls ``glue`` except the chapter scaffold's thin
  helpers (:class:`sunshine.report.chapter.Chapter`'s ``glue`` methods);
* no cell is removed from the page except set-up, so every hidden cell can be
  opened with a click (the preface's promise); rendering cells are hidden;
* code stays at most about a third of a chapter's non-blank lines.

The reversal test (a rerun on a file where training and migration are
negatively associated reads correctly) is in ``tests/test_chapter_scaffold.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sunshine"

CHAPTERS = ("04", "05", "06", "07", "08")
"""The survey chapters: each glues its own values."""

GLUE_CALLS = {"glue": 1, "glue_md": 1, "glue_number": 1, "glue_many": 0}
"""Names of glue calls and where their key is (argument index; ``glue_many`` takes a dict)."""

SCAFFOLD = {("report/chapter.py", f"Chapter.{name}") for name in GLUE_CALLS}
"""The one thin helper allowed to call ``glue``: the scaffold's methods, which glue the key they are given."""


ROLE = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)(?::[^`]*)?`")


def chapter_path(number: str) -> Path:
    (path,) = (ROOT / "notebooks").glob(f"{number}_*.py")
    return path


def cells(number: str):
    return jupytext.read(chapter_path(number)).cells


def _key_pattern(node: ast.AST) -> str | None:
    """A regex for the key a call glues: the literal, or an f-string with each field as a wildcard."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else r"[\w]+" for v in node.values)
    return None


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else None)


def glued_patterns(source: str) -> list[str]:
    """The keys (as regexes) glued by the calls in one piece of code."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _call_name(node) not in GLUE_CALLS:
            continue
        name = _call_name(node)
        if name == "glue_many":
            if node.args and isinstance(node.args[0], ast.Dict):
                out += [p for p in map(_key_pattern, node.args[0].keys) if p]
            continue
        if node.args and (p := _key_pattern(node.args[0])):
            out.append(p)
            if name == "glue_number":
                out.append(p + "_md")
    return out


def code_source(cell) -> str:
    """A code cell's Python (IPython magics and shell lines left out)."""
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))


# ---------------------------------------------------------------------------
# every key of the prose is glued in the chapter's own code
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("number", CHAPTERS)
def test_every_prose_key_is_glued_in_the_chapter(number):
    nb = cells(number)
    prose_keys = {k for c in nb if c.cell_type == "markdown" for k in ROLE.findall(c.source)}
    patterns = [p for c in nb if c.cell_type == "code" for p in glued_patterns(code_source(c))]
    assert prose_keys, f"chapter {number} pastes no glued value"
    missing = sorted(k for k in prose_keys if not any(re.fullmatch(p, k) for p in patterns))
    assert not missing, f"chapter {number} pastes keys its own code cells never glue: {missing}"


def test_the_key_finder_reads_literal_fstring_and_dict_keys():
    code = ('ch.glue("a", 1)\nch.glue_md(f"odd_{key}_z", t)\nglue("s", 2, display=False)\n'
            'ch.glue_number("n_h", 3, ",", q)\nch.glue_many({"x": 1})\nch.glue(name, 4)\n')
    pats = glued_patterns(code)
    for key in ("a", "odd_gt_z", "s", "n_h", "n_h_md", "x"):
        assert any(re.fullmatch(p, key) for p in pats), key
    assert not any(re.fullmatch(p, "odd_gt_p") for p in pats)
    assert ROLE.findall("{glue:text}`n:,` and {glue:md}`t_md:myst` and {glue}`k`") == ["n", "t_md", "k"]


# ---------------------------------------------------------------------------
# the package computes; it does not glue
# ---------------------------------------------------------------------------

def glue_callers() -> set[tuple[str, str]]:
    """``(module, qualified function)`` of every glue call in the package."""
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(SRC).as_posix()

        def visit(node, scope):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    visit(child, scope + [child.name])
                    continue
                if isinstance(child, ast.Call) and _call_name(child) in GLUE_CALLS:
                    found.add((rel, ".".join(scope) or "<module>"))
                visit(child, scope)

        visit(tree, [])
    return found


def test_no_package_module_glues_except_the_scaffold_helper():
    callers = glue_callers()
    assert SCAFFOLD & callers, "the scaffold's helper no longer calls glue: is this test still reading the package?"
    rogue = sorted(callers - SCAFFOLD)
    assert not rogue, f"package functions that glue (return values and let the chapter glue them): {rogue}"


# ---------------------------------------------------------------------------
# nothing is removed from the page but set-up
# ---------------------------------------------------------------------------

def is_setup(cell) -> bool:
    """Set-up: tagged ``setup``; binds no name but imported modules; glues and displays nothing."""
    if "setup" not in cell.metadata.get("tags", []):
        return False
    tree = ast.parse(code_source(cell))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.FunctionDef, ast.ClassDef)):
            return False
        if isinstance(node, ast.Call) and _call_name(node) in {*GLUE_CALLS, "display", "show", "print"}:
            return False
    return True


@pytest.mark.parametrize("number", CHAPTERS)
def test_only_setup_cells_are_removed(number):
    removed = []
    for i, c in enumerate(cells(number)):
        tags = set(c.metadata.get("tags", []))
        if "remove-input" in tags or "remove-output" in tags:
            removed.append((i, sorted(tags), c.source[:60]))
        elif "remove-cell" in tags and not (c.cell_type == "code" and is_setup(c)):
            removed.append((i, sorted(tags), c.source[:60]))
    assert not removed, f"chapter {number} removes cells that are not set-up (hide them instead): {removed}"


def test_setup_is_what_the_test_calls_setup():
    import nbformat

    ok = nbformat.v4.new_code_cell("import sys\nif sys.version_info < (3,):\n    import os", metadata={"tags": ["setup"]})
    assert is_setup(ok)
    for bad in ("x = 1", "from myst_nb import glue\nglue('k', 1)", "print(2)"):
        assert not is_setup(nbformat.v4.new_code_cell(bad, metadata={"tags": ["setup"]})), bad
    assert not is_setup(nbformat.v4.new_code_cell("import sys"))  # untagged


@pytest.mark.parametrize("number", CHAPTERS)
def test_code_is_at_most_about_a_third_of_the_chapter(number):
    text = chapter_path(number).read_text(encoding="utf-8")
    markdown = code = 0
    kind = None
    for line in text.splitlines():
        if line.startswith("# %%"):
            kind = "markdown" if "[markdown]" in line else "code"
            continue
        if kind is None or not line.strip() or line.strip() == "#":
            continue
        if kind == "markdown":
            markdown += 1
        else:
            code += 1
    assert code <= 0.36 * (code + markdown), f"chapter {number}: {code} code lines of {code + markdown}"


# ---------------------------------------------------------------------------
# the exercise keys say what their own output shows
# ---------------------------------------------------------------------------

def check_exercise_keys_ch4(g: dict) -> None:
    """Exercise 11's key: the two bounds and the word comparing them come from the same output."""
    from sunshine.report import prose

    assert g["sol04_mixed_pairs"] == g["ex04_n_migrants"] * g["ex04_n_stayers"]
    n = g["ex04_n"]
    assert g["sol04_pairs"] == n * (n - 1) // 2
    assert g["sol04_max_untied"] == pytest.approx((g["sol04_mixed_pairs"] / g["sol04_pairs"]) ** 0.5, rel=1e-12)
    word = str(g["sol04_education_vs_untied"])
    assert word == prose.compare_words(g["sol04_max_education"], g["sol04_max_untied"])


def check_exercise_keys_ch5(g: dict) -> None:
    """Exercises 15, 16 and 19: the width word, the largest change and the rank follow the output."""
    from sunshine.report import prose

    assert g["sol05_width_ratio"] == pytest.approx(g["sol05_ci_cluster_width"] / g["sol05_ci_width"], rel=1e-9)
    assert str(g["sol05_width_words"]) == prose.width_words(g["sol05_width_ratio"])
    changes = {v: g[f"sol05_young_{v}"] - g[f"sol05_all_{v}"] for v in ("age", "education", "training")}
    assert str(g["sol05_most_changed"]) == max(changes, key=lambda v: abs(changes[v]))
    assert g["sol05_most_change"] == pytest.approx(changes[str(g["sol05_most_changed"])], abs=1e-12)
    assert g["sol05_tm_rank"] == 1  # the key calls training x migration the table's strongest association


def test_exercise_19_premise_holds_in_the_printed_table():
    from sunshine.data.published import load_table

    t = load_table("table1")
    off = t[(t["row_var"] != t["column_var"]) & (t["value"].abs() <= 1)]
    top = off.loc[off["value"].abs().idxmax()]
    assert {top["row_var"], top["column_var"]} == {"training", "migrated"}


@pytest.mark.build
def test_exercise_keys_follow_their_own_output(built_book):
    import nbformat

    from sunshine.runs.glued import glued_values

    execution = built_book.project.execution_dir
    check_exercise_keys_ch4(glued_values(nbformat.read(execution / "04_data_and_method.ipynb", as_version=4)))
    check_exercise_keys_ch5(glued_values(nbformat.read(execution / "05_who_migrates.ipynb", as_version=4)))
