"""The package's code stays readable: short functions, docstrings in proportion, one of each shared thing, no dead code.

Read with :mod:`ast`, without importing anything. The rules (CONTRIBUTING.md, "Decisions the
tests rely on"):

* no function or method in ``src/`` is longer than :data:`MAX_LINES` lines (decorators
  and docstring included);
* every public function, class and method (a name without a leading underscore, in a
  module whose name has none) has a docstring; those of the statistics
  (``sunshine.kendall``) and those a chapter or a workbook uses are full numpydoc: a
  function that takes arguments (besides ``self``/``cls``) has a ``Parameters`` section
  and one that returns a value a ``Returns`` (or, for a generator, ``Yields``) section.
  Properties are documented as attributes: a docstring is enough;
* docstring lines are at most :data:`MAX_DOC_SHARE` (30%) of the lines of ``src/``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MAX_LINES = 80


@dataclass
class Definition:
    """A function or class definition found in ``src/``."""

    path: str
    node: ast.AST
    public: bool

    @property
    def where(self) -> str:
        return f"{self.path}:{self.node.lineno} {self.node.name}"


def definitions(root: Path = SRC) -> list[Definition]:
    """Every function, method and class of the package, nested functions left out."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        public_module = not any(part.startswith("_") and part != "__init__.py" for part in path.relative_to(root).parts)

        def visit(body, public_scope: bool) -> None:
            for node in body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    public = public_scope and not node.name.startswith("_")
                    found.append(Definition(rel, node, public))
                    if isinstance(node, ast.ClassDef):
                        visit(node.body, public)

        visit(tree.body, public_module)
    return found


def _own_nodes(func: ast.AST):
    """The nodes of a function's body, nested functions and classes left out."""
    stack = list(func.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                stack.append(child)


def docstring_problems(definition: Definition) -> list[str]:
    """What the numpydoc rule finds missing in one public definition's docstring."""
    node = definition.node
    doc = ast.get_docstring(node)
    if not doc:
        return ["no docstring"]
    if isinstance(node, ast.ClassDef):
        return []
    decorators = {getattr(d, "id", getattr(d, "attr", "")) for d in node.decorator_list}
    if decorators & {"property", "cached_property", "setter"} or node.name.startswith("__"):
        return []
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names = [n for n in names if n not in ("self", "cls")] + ([args.vararg.arg] if args.vararg else []) + ([args.kwarg.arg] if args.kwarg else [])
    problems = []
    sections = set(re.findall(r"^(\w+)\n-{3,}$", doc, flags=re.M))
    if names and "Parameters" not in sections:
        problems.append("no Parameters section")
    own = list(_own_nodes(node))
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in own):
        if "Yields" not in sections:
            problems.append("no Yields section")
    elif any(isinstance(n, ast.Return) and n.value is not None and not (isinstance(n.value, ast.Constant) and n.value.value is None) for n in own):
        if "Returns" not in sections:
            problems.append("no Returns section")
    return problems


def test_no_function_is_longer_than_80_lines():
    long = []
    for d in definitions():
        if isinstance(d.node, ast.ClassDef):
            continue
        start = min([d.node.lineno] + [dec.lineno for dec in d.node.decorator_list])
        length = d.node.end_lineno - start + 1
        if length > MAX_LINES:
            long.append(f"{d.where}: {length} lines")
    assert not long, f"functions longer than {MAX_LINES} lines (split them):\n" + "\n".join(long)


def reader_api() -> set[str]:
    """``module:name`` of what a chapter or workbook uses from the package, or the documentation shows a user calling."""
    used: set[str] = set()
    for path in [*(ROOT / "notebooks").glob("*.py"), *(ROOT / "workbook").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update({a.asname or a.name: a.name for a in node.names if a.name.startswith("sunshine")})
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sunshine"):
                for a in node.names:
                    used.add(f"{node.module}:{a.name}")
                    modules[a.asname or a.name] = f"{node.module}.{a.name}"  # a submodule, if it is one
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                used.add(f"{modules[node.value.id]}:{node.attr}")
    # what the README, the book's pages and the data READMEs show a user calling
    for page in [ROOT / "README.md", *(ROOT / "book").rglob("*.md"), *(ROOT / "data").rglob("README.md")]:
        text = page.read_text(encoding="utf-8")
        used.update(f"{m}:{n}" for m, n in re.findall(r"\b(sunshine(?:\.\w+)+)\.(\w+)\(", text))
        used.update(f"{m}:{n.strip()}" for m, names in re.findall(r"from (sunshine[\w.]*) import ([\w, ]+)", text)
                    for n in names.split(","))
    used.update({"sunshine.runs.rerun:rerun", "sunshine.runs.sweep:sweep"})  # the Python side of the two commands
    return used


def _module(definition: Definition) -> str:
    return "sunshine." + definition.path.removesuffix(".py").removesuffix("/__init__").replace("/", ".").removeprefix("sunshine.")


def test_what_readers_import_and_the_statistics_have_numpydoc_docstrings():
    """Docstrings in proportion (CONTRIBUTING): full numpydoc for the statistics (sunshine.kendall) and for
    what a chapter or a workbook imports; a docstring (one line will do) for every other public definition."""
    api = reader_api()
    assert "sunshine.kendall:kendall_matrix" in api and "sunshine.data.survey:load" in api  # the chapters were read
    missing, undocumented = [], []
    for d in definitions():
        if not d.public:
            continue
        top = f"{_module(d)}:{d.node.name}"
        statistics = d.path.startswith("sunshine/kendall/")
        if statistics or top in api:
            missing += [f"{d.where}: {', '.join(p)}" for p in [docstring_problems(d)] if p]
        elif not ast.get_docstring(d.node):
            undocumented.append(d.where)
    assert not missing, "statistics or reader-facing definitions without a numpydoc docstring:\n" + "\n".join(missing)
    assert not undocumented, "public definitions without a docstring:\n" + "\n".join(undocumented)


@pytest.mark.parametrize("source,problems", [
    ('def f(x):\n    """Do."""\n    return x\n', ["no Parameters section", "no Returns section"]),
    ('def f(x):\n    """Do.\n\n    Parameters\n    ----------\n    x : int\n    """\n    print(x)\n', []),
    ('def f():\n    """Do.\n\n    Yields\n    ------\n    int\n    """\n    yield 1\n', []),
    ('def f():\n    return 1\n', ["no docstring"]),
])
def test_the_docstring_rule_itself(source, problems):
    node = ast.parse(source).body[0]
    assert docstring_problems(Definition("m.py", node, True)) == problems


MAX_DOC_SHARE = 0.30
"""Docstring lines (module, class and function docstrings) may be at most this share of the lines of ``src/`` (issue #22)."""


def docstring_lines(source: str) -> int:
    """Lines of ``source`` inside a module, class or function docstring (each line counted once)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return len(lines)


def test_docstrings_are_at_most_30_percent_of_the_package():
    """Docstrings in proportion (CONTRIBUTING): docstring lines are at most 30% of the lines of ``src/``."""
    per_file = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        per_file[path.relative_to(SRC).as_posix()] = (docstring_lines(text), len(text.splitlines()))
    doc = sum(d for d, _ in per_file.values())
    total = sum(n for _, n in per_file.values())
    biggest = sorted(per_file.items(), key=lambda kv: -kv[1][0])[:8]
    assert doc <= MAX_DOC_SHARE * total, (
        f"docstrings are {doc} of {total} lines of src/ ({doc / total:.1%}, at most {MAX_DOC_SHARE:.0%}); "
        "compress them (one line outside the statistics and the reader-facing API, references once per "
        "module). Biggest holders: " + ", ".join(f"{f} ({d} lines)" for f, (d, _) in biggest))


@pytest.mark.parametrize("source,expected", [
    ('"""Module."""\nx = 1\n', 1),
    ('def f():\n    """Do\n\n    more.\n    """\n    return 1\n', 4),
    ('class C:\n    """C."""\n\n    def m(self):\n        """M."""\n        x = "not a docstring"\n', 2),
    ('def f():\n    x = 1\n    """Not a docstring."""\n', 0),
])
def test_docstring_lines_counts_only_docstrings(source, expected):
    assert docstring_lines(source) == expected


# ---------------------------------------------------------------- no dead code (vulture)

WHITELIST = ROOT / "tools" / "vulture_whitelist.py"


def _vulture_paths() -> list[str]:
    """What the dead-code rule covers: the package, the chapters, the workbook, the tools and the benchmarks."""
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "notebooks").glob("*.py"), *(ROOT / "workbook").glob("*.py"),
             *(ROOT / "tools").glob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    return sorted(str(f) for f in files if f != WHITELIST)


def _unused(paths: list[str]) -> list:
    from vulture import Vulture

    v = Vulture()
    v.scavenge(paths)
    return v.get_unused_code(min_confidence=60)


def test_vulture_finds_no_dead_code():
    """Vulture at 60% confidence reports nothing beyond what the whitelist names (framework entry points)."""
    found = _unused(_vulture_paths() + [str(WHITELIST)])
    assert not found, "unused code (delete it, or name a framework entry point in tools/vulture_whitelist.py):\n" + \
        "\n".join(item.get_report() for item in found)


def test_the_vulture_whitelist_names_only_what_vulture_reports_without_it():
    """Each whitelisted name is one vulture would report: no stale entry hides dead code that shares its name."""
    tree = ast.parse(WHITELIST.read_text(encoding="utf-8"))
    named = {n.id for stmt in tree.body if isinstance(stmt, ast.Expr) for n in [stmt.value] if isinstance(n, ast.Name)}
    named |= {n.attr for stmt in tree.body if isinstance(stmt, ast.Expr) for n in [stmt.value]
              if isinstance(n, ast.Attribute)}
    reported = {item.name for item in _unused(_vulture_paths())}
    assert named == reported, f"whitelisted but not reported: {sorted(named - reported)}; " \
        f"reported but not whitelisted: {sorted(reported - named)}"


# Folder names the standard Python ignore file drops (github/gitignore, Python.gitignore: "Distribution /
# packaging", "Unit test / coverage reports", "Environments" and tool caches): a source folder so named
# is lost to whoever adds that template, as this project's own ignore file once dropped runs/.
TEMPLATE_IGNORED_FOLDERS = {
    "build", "develop-eggs", "dist", "downloads", "eggs", ".eggs", "lib", "lib64", "parts", "sdist", "var",
    "wheels", "htmlcov", ".tox", ".nox", "cover", "instance", "target", "profile_default", "env", "venv",
    "ENV", "env.bak", "venv.bak", "site", "cython_debug", "__pypackages__",
}


def test_no_package_folder_has_a_name_the_standard_python_ignore_drops():
    folders = {p.relative_to(ROOT).as_posix() for p in SRC.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    dropped = sorted(f for f in folders if f.rsplit("/", 1)[-1] in TEMPLATE_IGNORED_FOLDERS)
    assert not dropped, f"source folders a standard Python .gitignore would drop: {dropped}"


def test_one_code_fingerprint_for_the_build_cache_the_sweep_sets_and_the_ensemble_key():
    """The three keys hash code through sunshine.files.code_fingerprint (blind to docstrings), defined once; the
    build cache and a sweep's sets through package_fingerprint, and no other module hashes the package's files."""
    for name in ("code_fingerprint", "package_fingerprint"):
        defined = [d.where for d in definitions() if d.node.name == name]
        assert len(defined) == 1 and defined[0].startswith("sunshine/files.py:"), defined
    dumps = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "ast.dump(" in p.read_text(encoding="utf-8"))
    assert dumps == ["sunshine/files.py"], dumps
    for user, name in (("sunshine/publish/book.py", "package_fingerprint"), ("sunshine/runs/sweep.py", "package_fingerprint"),
                       ("sunshine/synth/ensemble_run.py", "code_fingerprint")):
        imported = (SRC / user).read_text().split("from sunshine.files import", 1)[1].split("\n", 1)[0]
        assert name in imported, user
    hashing = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
               if re.search(r'rglob\("\*\.py"\)[^\n]*\n[^\n]*(read_bytes|sha256|digest)', p.read_text(encoding="utf-8"))]
    assert hashing == ["sunshine/files.py"], f"modules that hash the package's files themselves: {hashing}"


def test_one_lock_for_a_run_and_for_a_build():
    """A run's name and a book's _build are locked by sunshine.files.exclusive_lock, which alone takes a flock;
    the resident kernel server's own lock is the exception: it runs as a script that imports nothing of the package."""
    flocks = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "fcntl.flock(" in p.read_text(encoding="utf-8"))
    assert flocks == ["sunshine/files.py", "sunshine/runs/executor.py"], flocks
    server = (SRC / "sunshine/runs/executor.py").read_text(encoding="utf-8")
    assert "from sunshine" not in server.split("def _serve_resident", 1)[1].split("\ndef ", 1)[0]
    for user in ("sunshine/runs/transaction.py", "sunshine/publish/book.py"):
        assert "exclusive_lock(" in (SRC / user).read_text(encoding="utf-8"), user


def test_every_project_path_comes_from_sunshine_paths():
    """No module but paths.py joins a project root with a folder of the layout (CONTRIBUTING: every path)."""
    joined = re.compile(r'(root|ROOT|stage_dir|building)\)?\s*/\s*"(notebooks|runs|data|workbook|src|book)"')
    found = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py") if p.name != "paths.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if joined.search(line)]
    assert not found, f"paths built outside sunshine.paths: {found}"


def test_no_test_builds_the_checkout_itself():
    """A test that needs a built book takes conftest's ``built_book`` (CONTRIBUTING: tiers): both editions and
    the PDF are built once per run, in a copy, and `make test` never builds into the checkout it tests."""
    tests = Path(__file__).parent
    building = re.compile(r"Project\(\s*ROOT\b|build(_pdf)?\(\s*Project\(\s*ROOT\b")
    found = [p.name for p in sorted(tests.glob("*.py")) if building.search(p.read_text(encoding="utf-8"))]
    assert not found, f"tests that build the checkout itself: {found}"


#: A normal two-sided p-value, a two-tailed critical value and the null SE of tau without ties, as code.
INFERENCE_COPIES = re.compile(
    r"2(\.0)?\s*\*\s*(special\.|stats\.norm\.)?(ndtr\(\s*-|sf\()"
    r"|ndtri\(\s*(1(\.0)?\s*-\s*|0\.5\s*\+\s*)?\w+\s*/\s*2(\.0)?\s*\)"
    r"|norm\.(ppf|isf)\(\s*(1(\.0)?\s*-\s*)?\w+\s*/\s*2"
    r"|\(\s*2\s*\*\s*n\s*\+\s*5\s*\)\s*/\s*\(\s*9"
)


@pytest.mark.parametrize(("line", "copy"), [
    ("    return float(2.0 * special.ndtr(-abs(z)))", True), ("p = 2 * stats.norm.sf(abs(z))", True),
    ("z = float(special.ndtri(1 - level / 2))", True), ("return float(special.ndtri(0.5 + confidence / 2.0))", True),
    ("se = np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))", True),
    ("z = special.ndtri(np.clip(u, 1e-15, 1 - 1e-15))", False), ("u = stats.norm.cdf(z)", False),
])
def test_the_inference_copy_pattern(line, copy):
    assert bool(INFERENCE_COPIES.search(line)) is copy


def test_one_two_sided_p_one_critical_value_one_null_se():
    """kendall.inference holds them (CONTRIBUTING, the map); no other module computes them again."""
    found = [f"{p.relative_to(SRC)}:{n}: {line.strip()}" for p in sorted(SRC.rglob("*.py"))
             if p.name != "inference.py" for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if INFERENCE_COPIES.search(line)]
    assert not found, f"copies of kendall.inference: {found}"
    typed = [f"{p.relative_to(SRC)}:{line}: {text}" for p in sorted(SRC.rglob("*.py")) if p.name != "inference.py"
             for line, text in typed_critical_values(p.read_text(encoding="utf-8"))]
    assert not typed, f"critical values typed in, not from kendall.inference.z_critical: {typed}"


CRITICAL_VALUES = (1.645, 1.96, 2.576, 2.58, 3.291)
"""Two-sided normal critical values at .10, .05, .01 (and its rounding) and .001 (Abramowitz & Stegun, table 26.5)."""


def typed_critical_values(source: str) -> list[tuple[int, str]]:
    """The number literals of the code (not of strings or comments) that are a critical value to 3 decimals."""
    return [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.NUMBER and "." in tok.string
            and any(abs(float(tok.string) - c) < 5e-4 for c in CRITICAL_VALUES)]


def test_the_typed_critical_value_scan():
    source = 'z = 2.5758  # 1.96\nlo = t - 1.96 * se\ntext = "at 2.576"\nx = 12.5758\ny = 2.0\n'
    assert typed_critical_values(source) == [(1, "2.5758"), (2, "1.96")]
