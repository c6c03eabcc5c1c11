"""What the site offers besides its pages: the package's wheel, the workbooks, the student notebooks.

After every build :func:`publish` puts the wheel (which the student notebooks install from the site)
and the workbooks into the HTML's ``downloads/``; for the student edition also each chapter's student
notebook (:mod:`sunshine.publish.student`) over the theme's source downloads and into
``_build/student-notebooks/``, which CI pushes to :data:`sunshine.publish.editions.STUDENT_BRANCH`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from unittest import mock

import jupytext
import nbformat
import yaml

from sunshine.publish import student
from sunshine.publish.sphinx_extension import substitutions
from sunshine.publish.stage import write_if_changed
from sunshine.files import sha256_tree
from sunshine.paths import Layout

#: Folder of the project's build that CI publishes to the student-notebook branch.
STUDENT_NOTEBOOKS_DIR = "student-notebooks"
#: Where the built wheel is cached between builds (under ``_build``).
WHEEL_CACHE_DIR = "wheel"


class DownloadsError(ValueError):
    """The configuration lacks the published site's address, or pyproject.toml its name and version."""


def site_url(config_text: str) -> str:
    """The published site's address: ``html.baseurl`` of ``_config.yml``, without a trailing slash."""
    config = yaml.safe_load(config_text) or {}
    url = str((config.get("html") or {}).get("baseurl") or "").strip().rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise DownloadsError(
            "_config.yml: html.baseurl must be the published site's http(s) address (the student "
            f"notebooks install the package from it), not {url!r}"
        )
    return url


def distribution(root: Path) -> tuple[str, str]:
    """The distribution's name and version from ``pyproject.toml``."""
    path = root / "pyproject.toml"
    try:
        project = tomllib.loads(path.read_text())["project"]
        return project["name"], project["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise DownloadsError(f"{path}: the site's wheel needs the [project] name and version ({error})") from error


def wheel_name(name: str, version: str) -> str:
    """The file name of the pure-Python wheel of ``name`` ``version`` (PEP 427, name normalised).

    >>> wheel_name("neoliberal-sunshine", "0.1.0")
    'neoliberal_sunshine-0.1.0-py3-none-any.whl'
    """
    return f"{name.replace('-', '_').replace('.', '_').lower()}-{version}-py3-none-any.whl"


def _package_files(root: Path) -> list[Path]:
    files = [root / "pyproject.toml", root / "README.md", root / "LICENSE"]
    for folder in (Layout(root).package_dir, Layout(root).data_dir):
        files += [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(p for p in files if p.exists())


def wheel_contents(root: Path) -> dict[str, Path]:
    """``{path in the wheel: file}``: every ``.py`` of the package and its ``package-data`` files."""
    package = Layout(root).package_dir
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    patterns = pyproject.get("tool", {}).get("setuptools", {}).get("package-data", {}).get("sunshine", [])
    paths = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    paths += [p for pattern in patterns for p in package.glob(pattern) if p.is_file()]
    return dict(sorted((f"sunshine/{p.relative_to(package).as_posix()}", p) for p in paths))


def wheel_metadata(root: Path) -> tuple[str, str]:
    """The wheel's ``METADATA`` (core metadata 2.1) and ``entry_points.txt``, from ``pyproject.toml``."""
    from packaging.requirements import Requirement

    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}", f"Requires-Python: {project.get('requires-python', '')}"]
    if isinstance(project.get("license"), str):
        lines.append(f"License: {project['license']}")
    lines += [f"Author: {a['name']}" for a in project.get("authors", []) if "name" in a]
    lines += [f"Requires-Dist: {Requirement(r)}" for r in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {Requirement(r)}; extra == "{extra}"' for r in requirements]
    readme = root / str(project.get("readme", "README.md"))
    body = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    metadata = "\n".join(lines) + "\nDescription-Content-Type: text/markdown\n\n" + body
    scripts = project.get("scripts", {})
    entry_points = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items()) if scripts else ""
    return metadata, entry_points


def write_wheel(root: Path, target: Path) -> Path:
    """Write the package's wheel to ``target`` offline, byte for byte the same from the same sources."""
    from wheel.wheelfile import WheelFile

    name, version = distribution(root)
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    metadata, entry_points = wheel_metadata(root)
    # 2020-01-01: zip timestamps fixed
    with mock.patch.dict(os.environ, SOURCE_DATE_EPOCH="1577836800"), WheelFile(target, "w") as wheel:
        for arcname, path in wheel_contents(root).items():
            wheel.writestr(arcname, path.read_bytes())
        if (root / "LICENSE").is_file():
            wheel.writestr(f"{dist_info}/licenses/LICENSE", (root / "LICENSE").read_bytes())
        wheel.writestr(f"{dist_info}/METADATA", metadata.encode())
        wheel.writestr(f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: sunshine.publish.downloads\n"
                       b"Root-Is-Purelib: true\nTag: py3-none-any\n")
        if entry_points:
            wheel.writestr(f"{dist_info}/entry_points.txt", entry_points.encode())
        wheel.writestr(f"{dist_info}/top_level.txt", b"sunshine\n")
    return target


def build_wheel(root: Path, build_dir: Path, log=print) -> Path:
    """The package's wheel (:func:`write_wheel`), cached in ``_build/wheel/`` until its sources change."""
    name, version = distribution(root)
    cache = build_dir / WHEEL_CACHE_DIR
    wheel = cache / wheel_name(name, version)
    stamp = cache / "key"
    key = sha256_tree(root, _package_files(root))
    if wheel.is_file() and stamp.is_file() and stamp.read_text().strip() == key:
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / ".partial"  # written aside under its own name, moved into place when complete
    partial.mkdir(exist_ok=True)
    os.replace(write_wheel(root, partial / wheel.name), wheel)
    stamp.write_text(key + "\n")
    log(f"wheel: {wheel.name} written")
    return wheel


def exercise_starts(notebooks: list[nbformat.NotebookNode]) -> list[int]:
    """The number of the first exercise of each notebook, exercises numbered through the book."""
    starts, count = [], 1
    for nb in notebooks:
        starts.append(count)
        count += sum(len(student.EXERCISE.findall(c.source)) for c in nb.cells if c.cell_type == "markdown")
    return starts


def context(root: Path, name: str, exercise: int = 1) -> student.Context:
    """A :class:`sunshine.publish.student.Context` with the book's citations and tokens."""
    config = yaml.safe_load((root / "_config.yml").read_text()) or {}
    cff_file = root / "CITATION.cff"
    cff = (yaml.safe_load(cff_file.read_text()) if cff_file.exists() else None) or {}
    tokens = substitutions(cff, str((config.get("repository") or {}).get("url", "")).rstrip("/"))
    tokens["site_url"] = site_url((root / "_config.yml").read_text())
    bib = root / "references.bib"
    return student.Context(name, citations=student.citations(bib.read_text()) if bib.exists() else {},
                           tokens=tokens, exercise=exercise)


def publish(root: Path, build_dir: Path, html_dir: Path, stage_dir: Path, edition: str, log=print) -> dict:
    """Put the wheel, the workbooks and (student edition) the student notebooks into the built site."""
    wheel = build_wheel(root, build_dir, log=log)
    url = site_url((root / "_config.yml").read_text())
    downloads = html_dir / student.DOWNLOADS_DIR
    write_if_changed(downloads / wheel.name, wheel.read_bytes())
    wheel_url = f"{url}/{student.DOWNLOADS_DIR}/{wheel.name}"
    branch = build_dir / STUDENT_NOTEBOOKS_DIR
    written = []
    for path in sorted(Layout(root).workbook_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = student.student_notebook(nbformat.read(path, as_version=4), context(root, path.name), wheel_url)
        data = nbformat.writes(nb).encode()
        write_if_changed(downloads / "workbook" / path.name, data)
        write_if_changed(branch / "workbook" / path.name, data)
    if edition == "student":
        chapters = sorted(Layout(stage_dir).notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
        notebooks = [nbformat.read(p, as_version=4) for p in chapters]
        for path, nb, first in zip(chapters, notebooks, exercise_starts(notebooks)):
            made = student.student_notebook(nb, context(root, path.name, first), wheel_url)
            data = nbformat.writes(made).encode()
            for target in (html_dir / "_sources" / "notebooks" / path.name, branch / "notebooks" / path.name):
                write_if_changed(target, data)
            write_if_changed(html_dir / "_sources" / "notebooks" / f"{path.stem}.py",
                             jupytext.writes(made, fmt="py:percent").encode())
            written.append(f"_sources/notebooks/{path.name}")
        write_if_changed(branch / "README.md", BRANCH_README.format(site=url).encode())
        # Binder (repo2docker) installs this before opening a notebook of the branch.
        write_if_changed(branch / "requirements.txt", f"{student.DISTRIBUTION}[notebooks] @ {wheel_url}\n".encode())
    return {"wheel": downloads / wheel.name, "notebooks": written}


BRANCH_README = """# Student notebooks of *The Neoliberal Sunshine, re-run*

This branch is written by the book's CI from the student edition: one notebook per chapter
(`notebooks/`) and the workbooks (`workbook/`), without solutions, their prose as plain
Markdown. Open one in Colab or Jupyter and run its first cell: it installs the book's package
from the published site, {site}. Do not edit this branch: it is replaced on every publication.
"""
