"""The student edition as students reach it: launch and download targets, and a notebook run from the served site.

Takes the student edition of the book built for the test run (``built_book``, as
``make book`` builds it) and checks, for every chapter page,
that its Colab and Binder buttons open the student-notebook branch and that the
notebook published there (``_build/student-notebooks/``, what CI pushes to that
branch) and the page's ``.ipynb`` and ``.py`` downloads hold no solution and no
raw MyST. Then it serves the built site on 127.0.0.1 and runs a student notebook
in a fresh virtual environment whose only source for the book's package is that
site: the dependencies are already there (the project's locked stack, as Colab has
most of them; conftest's ``stack_venv``), pip is barred from every index, and the
notebook's own first cell installs the wheel from the served site. Slow: marked ``build``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse

import jupytext
import nbformat
import pytest
import yaml

from sunshine.publish import downloads, editions, student

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.build

RAW_MYST = re.compile(r"\{(?:glue|exercise|solution|ref|numref|term|cite|doc|eq|admonition|note|math|list-table)[^}]*\}`?")


@pytest.fixture(scope="module")
def site(built_book):
    """The student edition of the book built for the test run (conftest)."""
    assert built_book.project.edition == "student"
    return built_book.project


def problems_of(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """Why ``nb`` is not a student notebook: solution cells, raw MyST in its prose, a setup cell that installs from git."""
    found = [f"{name}: cell {i} is a solution" for i, c in enumerate(nb.cells) if editions.is_solution(c)]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += [f"{name}: cell {i} shows {m!r}" for m in RAW_MYST.findall(cell.source)]
        if "solution" in cell.source.lower() and "{solution" in cell.source:
            found.append(f"{name}: cell {i} holds a solution directive")
    setup = [c.source for c in nb.cells if student.SETUP_TAG in c.get("metadata", {}).get("tags", [])]
    if len(setup) != 1 or "git+" in setup[0] or "/downloads/" not in setup[0]:
        found.append(f"{name}: no setup cell installing from the site's downloads/")
    return found


def buttons(page: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The launch buttons ``{text: href}`` and download buttons ``{text: href}`` of a built page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(), "html.parser")
    launch = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".dropdown-launch-buttons a")}
    download = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".dropdown-download-buttons a")}
    return launch, download


def test_launch_and_download_targets_hold_no_solution_and_no_raw_myst(site):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    org_repo = urlparse(config["repository"]["url"]).path.strip("/")
    published = site.build_dir / downloads.STUDENT_NOTEBOOKS_DIR
    problems, pages = [], sorted((site.html_dir / "notebooks").glob("[0-9][0-9]_*.html"))
    assert len(pages) == len(site.chapters())
    for page in pages:
        notebook = f"notebooks/{page.stem}.ipynb"
        launch, download = buttons(page)
        assert launch.get("Colab") == (f"https://colab.research.google.com/github/{org_repo}/blob/"
                                       f"{editions.STUDENT_BRANCH}/{notebook}"), launch
        assert launch.get("Binder", "").startswith(f"https://mybinder.org/v2/gh/{org_repo}/{editions.STUDENT_BRANCH}?"), launch
        problems += problems_of(nbformat.read(published / notebook, as_version=4), f"branch {notebook}")
        for suffix in (".ipynb", ".py"):
            target = Path(os.path.normpath(page.parent / download[suffix]))
            assert target.is_relative_to(site.html_dir) and target.is_file(), f"{page.name}: {suffix} download {download[suffix]}"
            nb = nbformat.read(target, as_version=4) if suffix == ".ipynb" else jupytext.read(target)
            problems += problems_of(nb, f"{page.stem}{suffix} download")
        # Exercises carry the numbers and titles the page shows (numbered through the book).
        from bs4 import BeautifulSoup

        shown = [" ".join(t.get_text(" ").split()) for t in BeautifulSoup(page.read_text(), "html.parser").select("p.admonition-title")]
        straight = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})  # Sphinx's smart quotes
        shown = [t.translate(straight) for t in shown if t.startswith("Exercise ")]
        branch_nb = nbformat.read(published / notebook, as_version=4)
        made = re.findall(r"^> \*\*(Exercise \d+[^*]*)\*\*$", "\n".join(c.source for c in branch_nb.cells), re.M)
        assert made == shown, f"{page.name}: exercise headings {made} differ from the page's {shown}"
    for workbook in sorted((site.html_dir / student.DOWNLOADS_DIR / "workbook").glob("*.ipynb")):
        problems += problems_of(nbformat.read(workbook, as_version=4), f"workbook {workbook.name}")
    assert not problems, "\n".join(problems[:20])


RUNNER = """
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
try:
    NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    error = None
except Exception as exc:
    error = str(exc)[-3000:]
from importlib import metadata
dist = metadata.distribution("neoliberal-sunshine")
direct = json.loads(dist.read_text("direct_url.json") or "{}")
import sunshine
print(json.dumps({"error": error, "package": sunshine.__file__, "url": direct.get("url")}))
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    requested: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        _Quiet.requested.append(self.path)
        super().do_GET()


def test_a_student_notebook_runs_in_a_fresh_venv_installing_the_package_from_the_served_site(site, tmp_path, stack_venv):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    served = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        # The dependencies already there (as Colab has most of them): conftest's stack_venv; never the book's package.
        python, env = stack_venv
        venv = python.parents[1]
        assert subprocess.run([python, "-c", "import sunshine"], capture_output=True, env=env).returncode != 0
        assert subprocess.run([python, "-m", "pip", "show", "-q", "neoliberal-sunshine"], capture_output=True,
                              env=env).returncode != 0

        # The chapter as the site offers it, its site address set to where the site is served here.
        name = "01_neoliberal_turn.ipynb"
        nb = nbformat.read(site.html_dir / "_sources" / "notebooks" / name, as_version=4)
        [setup] = [c for c in nb.cells if student.SETUP_TAG in c.metadata.get("tags", [])]
        published = downloads.site_url((ROOT / "_config.yml").read_text())
        wheel = downloads.wheel_name(*downloads.distribution(ROOT))
        assert f'WHEEL = "{published}/{student.DOWNLOADS_DIR}/{wheel}"' in setup.source
        setup.source = setup.source.replace(published, served)
        downloads_dir = tmp_path / "Downloads"
        downloads_dir.mkdir()
        nbformat.write(nb, downloads_dir / name)
        (tmp_path / "run.py").write_text(RUNNER)
        # No index: pip can reach nothing but the served site's wheel (its dependencies are already there).
        run_env = {**env, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": ""}
        result = subprocess.run([python, str(tmp_path / "run.py"), name], cwd=downloads_dir, env=run_env,
                                capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, result.stderr[-3000:]
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        server.shutdown()
    assert outcome["error"] is None, outcome["error"]
    assert outcome["package"].startswith(str(venv)), outcome["package"]
    assert outcome["url"] == f"{served}/{student.DOWNLOADS_DIR}/{wheel}"
    assert f"/{student.DOWNLOADS_DIR}/{wheel}" in _Quiet.requested
