"""The instructor edition's generated pages, made at staging from the book's sources so they cannot drift.

``book/instructor/workbooks.md``: each workbook's questions and links, with the reference answers of
``workbook/answers.yml``; the slides of the guide's two plans: per meeting, objectives, reading, each
exercise (text from the executed chapter) and what the synthetic data can and cannot show.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

from sunshine.paths import Layout
from sunshine.publish import downloads, editions, student

#: The generated pages (project-relative, without ``.md``), listed in ``_toc.yml``.
WORKBOOKS_PAGE = "book/instructor/workbooks"
SLIDE_PAGES = {"One-week plan": "book/instructor/slides_one_week",
               "Three-week plan": "book/instructor/slides_three_weeks"}
#: The reference answers of the workbooks (filled in by the workbook tests).
ANSWERS_FILE = "workbook/answers.yml"
GUIDE = "book/instructor/guide.md"

_EXERCISE_BLOCK = re.compile(r"^(?P<fence>[`:~]{3,})\{exercise\}(?P<title>[^\n]*)\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)
_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_BULLET = re.compile(r"^- \*\*(?P<name>[^*]+?)\.\*\*\s*(?P<text>.*?)(?=^- \*\*|\Z)", re.M | re.S)


class CourseKitError(ValueError):
    """The guide names an exercise no chapter has, or a workbook has no reference answers."""


def exercises(notebooks: dict[str, nbformat.NotebookNode], root: Path) -> dict[str, tuple[str, str]]:
    """Every exercise of the chapters: ``{label: (heading, plain Markdown text)}``."""
    found: dict[str, tuple[str, str]] = {}
    names = list(notebooks)
    stripped = [editions.strip_solutions(notebooks[n], n) for n in names]
    for name, nb, first in zip(names, stripped, downloads.exercise_starts(stripped)):
        ctx = downloads.context(root, name, first)
        ctx.glued, ctx.labels = student.glued_values(nb), student.defined_labels(nb)
        ctx.here = f"in chapter {int(name[:2])}" if name[:2].isdigit() else "in its chapter"
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            ctx.cell = index
            for block in _EXERCISE_BLOCK.finditer(cell.source):
                label = _LABEL.search(block.group("body"))
                number, title = ctx.exercise, block.group("title").strip()
                text = student.to_markdown(block.group(0), ctx)
                body = "\n".join(line[2:] if line.startswith("> ") else line.lstrip(">") for line in text.splitlines()[2:])
                heading = f"Exercise {number}" + (f" ({student.inline(title, ctx)})" if title else "")
                if label:
                    found[label.group(1)] = (heading, body.strip())
    return found


def meetings(guide_text: str) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """The meetings of the guide's plans: ``{plan: [(meeting title, {bullet name: text})]}``."""
    plans: dict[str, list] = {}
    for part in re.split(r"^## ", guide_text, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        plan = next((p for p in SLIDE_PAGES if heading.startswith(p)), None)
        if plan is None:
            continue
        plans[plan] = []
        for section in re.split(r"^### ", body, flags=re.M)[1:]:
            title, _, text = section.partition("\n")
            bullets = {m.group("name"): m.group("text").strip() for m in _BULLET.finditer(text.strip() + "\n")}
            plans[plan].append((title.strip(), bullets))
    return plans


def slides_page(plan: str, plan_meetings: list, found: dict[str, tuple[str, str]]) -> str:
    """The slide page of one plan (MyST): a section per meeting, its slides separated by rules."""
    lines = [f"# Slides: {plan.lower()}", "",
             "Generated from the instructor guide and the chapters at every build: one section per "
             "meeting, one slide per rule. Present a section full screen from the browser, or print it "
             "(each exercise's numbers are those of the book's own build).", ""]
    for title, bullets in plan_meetings:
        lines += [f"## {title}", ""]
        for name, heading in (("Objectives", "By the end of this meeting"), ("Read before", "Read before")):
            if name in bullets:
                lines += [f"**{heading}**", "", bullets[name], "", "---", ""]
        labels = re.findall(r"\{ref\}`(ex-[A-Za-z0-9-]+)`", bullets.get("Activities", ""))
        for label in dict.fromkeys(labels):
            if label not in found:
                raise CourseKitError(f"{GUIDE}: meeting {title!r} names exercise {label!r}, which no chapter has")
            heading, text = found[label]
            lines += [f"**{heading}** ({{ref}}`in the book <{label}>`)", "", text, "", "---", ""]
        if "Synthetic data" in bullets:
            lines += ["**What the synthetic data can and cannot show here**", "", bullets["Synthetic data"], ""]
        lines += [""]
    return "\n".join(lines).rstrip() + "\n"


def _title(nb: nbformat.NotebookNode) -> str:
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    match = re.search(r"^#\s+(.+)$", first, re.M)
    return match.group(1).strip() if match else "Workbook"


def workbooks_page(root: Path) -> str:
    """The instructor page of the workbooks and their answer key (MyST)."""
    config = yaml.safe_load((root / "_config.yml").read_text()) or {}
    site = downloads.site_url((root / "_config.yml").read_text())
    repo = str((config.get("repository") or {}).get("url", "")).rstrip("/")
    org_repo = repo.split("github.com/", 1)[-1]
    answers = yaml.safe_load((root / ANSWERS_FILE).read_text()) if (root / ANSWERS_FILE).exists() else {}
    lines = ["# Workbooks and answer key", "",
             "Each workbook is a short notebook of questions, each with a cell to complete and a cell "
             "that checks it. Students open it from the links below (the site's copy, or Colab on the "
             "branch of student notebooks), complete it and hand in the `.ipynb`; {doc}`assessment` "
             "says how the submissions are graded. The answer key below is the code that the "
             "workbooks' own tests fill in and grade, so it cannot disagree with the checks.", ""]
    for path in sorted(Layout(root).workbook_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        chapter = path.name[:2]
        questions = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
        answer_cells = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
        key = answers.get(chapter) or []
        if len(key) != len(answer_cells):
            raise CourseKitError(f"{ANSWERS_FILE}: chapter {chapter!r} has {len(key)} reference answers for "
                                 f"the {len(answer_cells)} answer cells of workbook/{path.name}")
        lines += [f"## {_title(nb)}", "",
                  f"- Download: [{path.name}]({site}/{student.DOWNLOADS_DIR}/workbook/{path.name})",
                  f"- Open in Colab: [{path.name}](https://colab.research.google.com/github/{org_repo}/blob/"
                  f"{editions.STUDENT_BRANCH}/workbook/{path.name})", ""]
        for question, code in zip(questions or [""] * len(key), key):
            heading, _, text = question.partition("\n")
            lines += [f"### {heading[3:].strip() or 'Question'}", "", text.strip(), "",
                      "Reference answer:", "", "```python", code.rstrip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def pages(root: Path, notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, bytes]:
    """The generated pages of the instructor edition: ``{stage path: content}``."""
    found = exercises(notebooks, root)
    plans = meetings((root / GUIDE).read_text())
    out = {f"{WORKBOOKS_PAGE}.md": workbooks_page(root).encode()}
    for plan, page in SLIDE_PAGES.items():
        if plan in plans:
            out[f"{page}.md"] = slides_page(plan, plans[plan], found).encode()
    return out
