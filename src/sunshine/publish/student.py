"""Student notebooks: an executed chapter of the student edition as it reads in Colab or plain Jupyter.

Only Jupyter Book renders MyST, so glued values are pasted as text (formatted by MyST-NB), directives
become Markdown (bold headings over blockquotes, ``$$`` math, tables), roles plain text (author-year
citations, "the table above"), and the ``setup`` cell one installing the book's wheel
(:func:`install_cell`). The sources are the book's own: nothing untrusted is parsed.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

#: Distribution name of the package on the site (and in ``pyproject.toml``).
DISTRIBUTION = "neoliberal-sunshine"
#: Where the built site keeps its downloads: the wheel and the student notebooks.
DOWNLOADS_DIR = "downloads"
#: Cell tag of the setup cell that the student notebook replaces.
SETUP_TAG = "setup"

#: The note every student notebook opens with (after its title).
RERUN_NOTE = (
    "> **About this notebook.** This is the student notebook of the chapter, made for Colab and "
    "plain Jupyter from the book's sources. The numbers in its sentences were computed when the "
    "book was built and pasted in as text: re-running the notebook recomputes the cells, not the "
    "sentences. Run the first cell first: it installs the book's package."
)

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
_DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[A-Za-z0-9_:-]+)\}\s*(?P<argument>.*)$")
#: A role, or a code span (left alone): whichever starts first, so that a role's backticks are its own.
_ROLE_OR_CODE = re.compile(r"\{(?P<name>[a-z][a-z0-9_:-]*)\}`(?P<content>[^`]+)`|``.+?``|`[^`]+`")
_TARGET = re.compile(r"^\s*\(([A-Za-z0-9_.:-]+)\)=\s*$")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_TOKEN = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
#: The opening line of an exercise directive.
EXERCISE = re.compile(r"^\s*[`:~]{3,}\s*\{exercise\}", re.M)
_KINDS = {"tbl": "table", "fig": "figure", "eq": "equation", "ex": "exercise", "sec": "section"}


class StudentNotebookError(ValueError):
    """A chapter's MyST the student notebook cannot render (names the chapter and the markup)."""


@dataclass
class Context:
    """What converting one chapter needs besides its text (glued bundles, labels, citations...)."""

    name: str
    glued: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    citations: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    exercise: int = 1
    cell: int = 0
    #: Where the chapter's own tables are, for text shown outside it ("in chapter 5"); None: above or below.
    here: str | None = None


def glued_values(nb: nbformat.NotebookNode) -> dict[str, dict]:
    """The values an executed notebook glued: ``{key: MIME bundle}``."""
    from myst_nb.ext.glue import extract_glue_data_cell

    return {key: dict(output.get("data", {})) for cell in nb.cells if cell.cell_type == "code"
            for key, output in extract_glue_data_cell(copy.deepcopy(cell))}


def citations(bib_text: str) -> dict[str, tuple[str, str]]:
    """``{key: (authors, year)}`` of a BibTeX file: ``Mao``, ``Mao and Pih`` or ``Mao et al.``.

    >>> citations("@article{k, author={Mao, Yanni and Pih, Kay and Bao, X}, year={2010}, title={T}}")
    {'k': ('Mao et al.', '2010')}
    """
    from pybtex.database import parse_string

    out = {}
    for key, entry in parse_string(bib_text, "bibtex").entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [" ".join(p.last_names) for p in people]
        if not last:
            names = entry.fields.get("organization") or entry.fields.get("institution") or entry.fields.get("title", key)
            authors = str(names).strip("{}")
        elif len(last) <= 2:
            authors = " and ".join(last)
        else:
            authors = f"{last[0]} et al."
        out[key] = (authors.replace("{", "").replace("}", ""), str(entry.fields.get("year", "n.d.")))
    return out


def defined_labels(nb: nbformat.NotebookNode) -> dict[str, int]:
    """The labels ``nb`` defines (a table's ``label=``, a figure's ``name``, a ``(target)=``)."""
    found: dict[str, int] = {}
    pattern = re.compile(r"(?:label=|:label:|:name:|\"name\":\s*)\s*[\"']?([A-Za-z0-9_.:-]+)")
    for index, cell in enumerate(nb.cells):
        text = cell.source + "\n" + json.dumps(cell.get("metadata", {}))
        for match in pattern.finditer(text):
            found.setdefault(match.group(1), index)
        for target in filter(None, map(_TARGET.match, cell.source.splitlines())):
            found.setdefault(target.group(1), index)
    return found


def _explicit(content: str) -> tuple[str | None, str]:
    match = _EXPLICIT.match(content.strip())
    if match and match.group("text"):
        return match.group("text").strip(), match.group("target").strip()
    return None, content.strip()


def _paste(kind: str, content: str, ctx: Context) -> str:
    from myst_nb.core.variables import format_plain_text

    key, _, spec = content.strip().partition(":")
    if key not in ctx.glued:
        raise StudentNotebookError(f"{ctx.name}, cell {ctx.cell}: {{{kind}}}`{content}` pastes a key the chapter never glued")
    bundle = ctx.glued[key]
    if kind == "glue:md" or (kind in ("glue", "glue:") and "text/markdown" in bundle):
        return str(bundle.get("text/markdown", bundle.get("text/plain", "")))
    return format_plain_text(str(bundle.get("text/plain", "")), spec if kind == "glue:text" else "")


def _reference(kind: str, content: str, ctx: Context) -> str:
    text, target = _explicit(content)
    if kind == "numref" and text and "%s" not in text and "{number}" not in text:
        return text
    word = _KINDS.get(target.split("-")[0], "passage")
    if target in ctx.labels:
        where = ctx.here or ("above" if ctx.labels[target] <= ctx.cell else "below")
        return f"the {word} {where}" if not text else re.sub(r"%s|\{number\}", where, text)
    return f"a {word} of another chapter" if not text else re.sub(r"\s*%s|\s*\{number\}", "", text)


def _cite(kind: str, content: str, ctx: Context) -> str:
    parts = []
    for key in (k.strip() for k in content.split(",")):
        if key not in ctx.citations:
            raise StudentNotebookError(f"{ctx.name}, cell {ctx.cell}: citation key {key!r} is not in references.bib")
        authors, year = ctx.citations[key]
        parts.append(f"{authors} ({year})" if kind == "cite:t" else f"{authors} {year}")
    return "; ".join(parts) if kind == "cite:t" else f"({'; '.join(parts)})"


def _role(match: re.Match, ctx: Context) -> str:
    kind, content = match.group("name"), match.group("content")
    if kind.startswith("glue"):
        return _paste(kind, content, ctx)
    if kind in ("numref", "eq"):
        return _reference(kind, content, ctx)
    if kind.startswith("cite"):
        return _cite(kind, content, ctx)
    if kind == "math":
        return f"${content}$"
    if kind in ("sup", "sub"):  # Jupyter and Colab render these HTML tags inside Markdown
        return f"<{kind}>{content}</{kind}>"
    text, target = _explicit(content)
    if text:
        return text
    if kind == "doc":
        return f"the page *{Path(target).name.replace('_', ' ')}* of the book"
    if kind == "ref":
        return f"the section *{target.replace('-', ' ')}* of the book"
    return target


def inline(text: str, ctx: Context) -> str:
    """``text`` with its MyST roles and ``{{ tokens }}`` turned into plain Markdown (code spans left alone).

    >>> ctx = Context("ch", glued={"n": {"text/plain": "2351"}, "t": {"text/plain": "0.7921"}},
    ...               citations={"mao": ("Mao et al.", "2010")})
    >>> inline("n = {glue:text}`n:,`, tau {glue:text}`t:.3f` {cite:p}`mao`; see {term}`tau <kendall>`.", ctx)
    'n = 2,351, tau 0.792 (Mao et al. 2010); see tau.'
    """
    text = _TOKEN.sub(lambda m: ctx.tokens.get(m.group(1), m.group(0)), text)
    # Roles inside glued Markdown are converted too (a second pass), code spans never.
    for _ in range(2):
        text = _ROLE_OR_CODE.sub(lambda m: _role(m, ctx) if m.group("name") else m.group(0), text)
    return text


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    rest = list(body)
    if rest and rest[0].strip() == "---":
        end = next((i for i in range(1, len(rest)) if rest[i].strip() == "---"), None)
        if end is not None:
            import yaml

            options = {str(k): str(v) for k, v in (yaml.safe_load("\n".join(rest[1:end])) or {}).items()}
            rest = rest[end + 1:]
    while rest and re.match(r"^\s*:[A-Za-z_-]+:", rest[0]):
        key, _, value = rest.pop(0).strip()[1:].partition(":")
        options[key] = value.strip()
    while rest and not rest[0].strip():
        rest.pop(0)
    return options, rest


def _list_table(title: str, body: list[str], options: dict, ctx: Context) -> list[str]:
    rows: list[list[str]] = []
    for line in body:
        if re.match(r"^\*\s+-\s", line):
            rows.append([line.split("-", 1)[1].strip()])
        elif re.match(r"^\s+-\s", line) and rows:
            rows[-1].append(line.strip()[1:].strip())
        elif line.strip() and rows:
            rows[-1][-1] += " " + line.strip()
    if not rows:
        return []
    width = max(len(r) for r in rows)
    cells = [[inline(c, ctx).replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in rows]
    has_header = options.get("header-rows", "0") != "0"
    header, body_rows = (cells[0], cells[1:]) if has_header else ([""] * width, cells)
    out = [f"**{inline(title, ctx)}**", ""] if title else []
    out += ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    return out + ["| " + " | ".join(r) + " |" for r in body_rows]


def _directive(name: str, argument: str, body: list[str], ctx: Context) -> list[str]:
    options, rest = _options(body)
    if name in ("solution", "solution-start", "solution-end"):
        raise StudentNotebookError(f"{ctx.name}, cell {ctx.cell}: a solution directive reached the student notebook")
    if name == "math":
        return ["$$", *rest, "$$"]
    if name == "list-table":
        return _list_table(argument, rest, options, ctx)
    if name in ("code-block", "code", "code-cell", "sourcecode"):
        return [f"```{argument.split()[0] if argument else ''}", *rest, "```"]
    content = convert_lines(rest, ctx)
    if name == "exercise":
        heading = f"Exercise {ctx.exercise}" + (f" ({inline(argument, ctx)})" if argument else "")  # as the HTML
        ctx.exercise += 1
    elif name == "admonition":
        heading = inline(argument, ctx) or "Note"
    elif name in ("figure", "image"):
        return [f"![{options.get('alt', '')}]({argument})", "", *content]
    else:
        heading = name.replace("-", " ").capitalize() + (f": {inline(argument, ctx)}" if argument else "")
    return [f"> **{heading}**", ">", *(f"> {line}".rstrip() for line in content)]


def convert_lines(lines: list[str], ctx: Context) -> list[str]:
    """MyST lines as plain Markdown: directives rendered, targets and comments dropped, roles converted."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _FENCE_OPEN.match(line)
        if opening and (opening.group("fence")[0] != ":" or opening.group("info").startswith("{")):
            fence, info = opening.group("fence"), opening.group("info")
            close = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            end = next((j for j in range(index + 1, len(lines)) if close.match(lines[j])), len(lines))
            body = lines[index + 1:end]
            directive = _DIRECTIVE_INFO.match(info)
            if directive:
                out += _directive(directive.group("name"), directive.group("argument").strip(), body, ctx)
            else:
                out += [line, *body, lines[end] if end < len(lines) else fence]
            index = end
        elif not (_TARGET.match(line) or re.match(r"^\s*%", line)):  # targets and comments dropped
            out.append(inline(line, ctx))
        index += 1
    return out


def to_markdown(source: str, ctx: Context) -> str:
    """A markdown cell's MyST source as plain Markdown (see :func:`convert_lines`).

    >>> print(to_markdown("````{exercise}\\n:label: ex-1\\n\\nCompute it.\\n````", Context("ch", exercise=7)))
    > **Exercise 7**
    >
    > Compute it.
    """
    return "\n".join(convert_lines(source.splitlines(), ctx)).strip("\n")


def install_cell(wheel_url: str) -> str:
    """The first code cell of a student notebook: install the book's wheel unless installed."""
    return f'''# Setup: installs the book's package from the site where the book is published (only where it is missing).
import importlib, importlib.metadata, subprocess, sys  # noqa: E401
WHEEL = "{wheel_url}"


class SetupFailed(Exception):
    def _render_traceback_(self):
        return [str(self)]


try:
    importlib.metadata.distribution("{DISTRIBUTION}")
except importlib.metadata.PackageNotFoundError:
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"{DISTRIBUTION}[notebooks] @ {{WHEEL}}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SetupFailed(f"The book's package could not be installed from {{WHEEL}}: check that this computer "
                          "is online, or download that file and run `pip install` on it.") from None
    importlib.invalidate_caches()
'''


def student_notebook(nb: nbformat.NotebookNode, ctx: Context, wheel_url: str) -> nbformat.NotebookNode:
    """The student notebook of an executed chapter of the student edition."""
    from sunshine.publish.editions import is_solution

    ctx.glued, ctx.labels = glued_values(nb), defined_labels(nb)
    # Without the jupytext pairing of the repository (a student's Jupyter would look for the .py).
    out = nbformat.v4.new_notebook(metadata={k: copy.deepcopy(v) for k, v in nb.metadata.items() if k != "jupytext"})
    setup_cell = nbformat.v4.new_code_cell(install_cell(wheel_url), metadata={"tags": [SETUP_TAG]})
    noted = False
    for index, cell in enumerate(nb.cells):
        ctx.cell = index
        if is_solution(cell):
            raise StudentNotebookError(f"{ctx.name}, cell {index}: a solution cell reached the student notebook")
        if cell.cell_type == "markdown":
            out.cells.append(nbformat.v4.new_markdown_cell(to_markdown(cell.source, ctx)))
            if not noted:
                out.cells.append(nbformat.v4.new_markdown_cell(RERUN_NOTE))
                noted = True
        elif cell.cell_type == "code" and SETUP_TAG in cell.get("metadata", {}).get("tags", []):
            out.cells.append(setup_cell)
        else:
            out.cells.append(copy.deepcopy(cell))
    if setup_cell not in out.cells:
        out.cells.insert(2 if noted else 0, setup_cell)
    for cell in out.cells:  # cell ids are left out
        cell.pop("id", None)
    out.nbformat, out.nbformat_minor = 4, 4
    return out
