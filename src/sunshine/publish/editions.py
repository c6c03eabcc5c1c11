"""Two editions of the book from one execution: the student's and the instructor's.

Every cell of a solution (sphinx-exercise's gated ``{solution-start}`` ... ``{solution-end}``) is
tagged ``solution``. The instructor edition stages everything, ``book/instructor/`` included; the
student edition drops solution cells and instructor pages, refuses a solution directive left outside
a tagged cell, and its Colab and Binder buttons open :data:`STUDENT_BRANCH`.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import yaml

#: The editions, the default first.
EDITIONS = ("student", "instructor")
DEFAULT_EDITION = EDITIONS[0]
#: Cell tag of every cell that belongs to a solution.
SOLUTION_TAG = "solution"
#: Branch of the repository that holds the student notebooks (written by CI): the student
#: edition's Colab and Binder buttons open it instead of the branch of ``repository.branch``.
STUDENT_BRANCH = "student-notebooks"
#: Pages only the instructor edition has (project-relative folder).
INSTRUCTOR_DIR = "book/instructor"

_SOLUTION_DIRECTIVE = re.compile(r"[`:~]{3,}\s*\{solution(?:-start|-end)?\}")


class EditionError(ValueError):
    """An unknown edition, or a solution that would leak into the student edition."""


def check_edition(edition: str) -> str:
    """Return ``edition`` if it is one of :data:`EDITIONS`; raise :class:`EditionError` otherwise."""
    if edition not in EDITIONS:
        raise EditionError(f"unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}")
    return edition


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """Whether ``cell`` belongs to a solution (carries the ``solution`` tag)."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def is_instructor_page(rel: str) -> bool:
    """Whether the project-relative path ``rel`` is a page of the instructor edition only."""
    return rel == INSTRUCTOR_DIR or rel.startswith(INSTRUCTOR_DIR + "/")


def strip_solutions(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """``nb`` without its solution cells, checked for solution directives left behind."""
    kept = []
    for index, cell in enumerate(nb.cells):
        if is_solution(cell):
            continue
        if _SOLUTION_DIRECTIVE.search(cell.source):
            raise EditionError(
                f"{name}, cell {index}: a solution directive in a cell without the tag "
                f"{SOLUTION_TAG!r}; tag it, or the student edition would show it"
            )
        kept.append(cell)
    out = nbformat.from_dict(nb)
    out.cells = kept
    return out


def stage_notebook(nb: nbformat.NotebookNode, edition: str, name: str) -> nbformat.NotebookNode:
    """The executed chapter ``nb`` as ``edition`` shows it."""
    return nb if check_edition(edition) == "instructor" else strip_solutions(nb, name)


def stage_script(nb: nbformat.NotebookNode, source: bytes, edition: str) -> bytes:
    """The chapter's downloadable ``.py`` for ``edition``: the student's is written from its stripped notebook."""
    if check_edition(edition) == "instructor":
        return source
    bare = nbformat.from_dict(nb)
    for cell in bare.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return jupytext.writes(bare, fmt="py:percent").encode()


def stage_page(rel: str, data: bytes, edition: str) -> bytes | None:
    """A page of ``book/`` as ``edition`` stages it, or ``None`` when the edition leaves it out."""
    if check_edition(edition) == "instructor":
        return data
    if is_instructor_page(rel):
        return None
    if rel.endswith(".md") and _SOLUTION_DIRECTIVE.search(data.decode("utf-8", "replace")):
        raise EditionError(f"{rel}: a solution directive in a page of the student edition")
    return data


def _drop_instructor_entries(entries: list) -> list:
    kept = []
    for entry in entries:
        if isinstance(entry, dict):
            if is_instructor_page(str(entry.get("file", ""))):
                continue
            entry = {k: _drop_instructor_entries(v) if k in ("parts", "chapters", "sections") else v
                     for k, v in entry.items()}
            if ("parts" in entry or "chapters" in entry) and not (entry.get("parts") or entry.get("chapters")) and "file" not in entry:
                continue
        kept.append(entry)
    return kept


def staged_toc(toc_text: str, edition: str) -> bytes:
    """The table of contents of ``edition``: the student's has no instructor page (nor an empty part)."""
    if check_edition(edition) == "instructor":
        return toc_text.encode()
    toc = yaml.safe_load(toc_text)
    for key in ("parts", "chapters"):
        if key in toc:
            toc[key] = _drop_instructor_entries(toc[key])
    return yaml.safe_dump(toc, sort_keys=False, allow_unicode=True).encode()


def staged_config(config_text: str, edition: str) -> bytes:
    """The staged ``_config.yml`` of ``edition``: the student's launch buttons open :data:`STUDENT_BRANCH`."""
    if check_edition(edition) == "instructor":
        return config_text.encode()
    config = yaml.safe_load(config_text)
    config.setdefault("repository", {})["branch"] = STUDENT_BRANCH
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode()


def title_suffix(edition: str) -> str:
    """What the book's title gets, so that each edition says which it is: `` (student edition)``."""
    return f" ({check_edition(edition)} edition)"


def stage_sources(files: dict[str, bytes], edition: str) -> dict[str, bytes]:
    """The book's sources other than the chapters (``{stage path: content}``) as ``edition`` stages them."""
    staged = {}
    for rel, data in files.items():
        if rel == "_toc.yml":
            staged[rel] = staged_toc(data.decode("utf-8"), edition)
        elif rel == "_config.yml":
            staged[rel] = staged_config(data.decode("utf-8"), edition)
        elif rel.startswith("book/"):
            page = stage_page(rel, data, edition)
            if page is not None:
                staged[rel] = page
        else:
            staged[rel] = data
    return staged


def output_dir(build_dir: Path, edition: str) -> Path:
    """Where ``edition`` keeps its stage and render state: ``_build`` for the default, ``_build/NAME`` else."""
    return build_dir if check_edition(edition) == DEFAULT_EDITION else build_dir / edition
