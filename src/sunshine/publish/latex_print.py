"""Sphinx extension: a PDF fit to print, with tables that fit their pages and full metadata.

For the LaTeX builder only, every table becomes a ``longtable`` (it breaks across pages) whose
columns get at least their longest unbreakable word and a share of the line by their cells' mean
length (:func:`column_widths`), in footnote size when small type does not fit (:func:`table_layout`).
The PDF's subject and keywords come from ``CITATION.cff`` (:func:`pdf_metadata`).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

LINE_PT = 430.0  # width available to a table, in points (A4, 1in margins, less the cells' indent)
CHAR_PT = 5.6  # width of a character of the tables' small type, in points: generous, for capitals
PAD_PT = 12.5  # what a column needs beyond its text: the two \tabcolsep around it, and the rule
CODE_FACTOR = 1.12  # how much wider a character of code (typewriter) is than one of text
FOOTNOTE_SCALE = 0.9  # footnote size against small type (9 pt against 10 pt in an 11 pt book)
HEADER_FACTOR = 1.15  # how much wider the header's bold sans-serif type is than the body's
LONGEST_CELL = 150  # characters beyond which a cell's length earns its column no more width

_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def text_width(text: str) -> int:
    """Width of a text in character units: a CJK character counts as two."""
    return len(text) + len(_WIDE.findall(text))


def longest_word(text: str) -> int:
    """Width of the longest run that cannot break: CJK characters break anywhere."""
    words = re.split(r"\s+|(?<=[\u2e80-\u9fff])|(?=[\u2e80-\u9fff])", text)
    return max((text_width(w) for w in words if w), default=1)


def column_widths(columns: list[list[str]], line: float = LINE_PT, char: float = CHAR_PT) -> list[int]:
    """Column widths (points) that suit the cells' content."""
    need = [(max((_cell_need(t) for t in col), default=1) + 0.5) * char + PAD_PT for col in columns]
    want = [sum(min(_cell_width(t), LONGEST_CELL) for t in col) / max(len(col), 1) * char + PAD_PT
            for col in columns]
    spare = line - sum(need)
    extra = [max(w - n, 0.0) for w, n in zip(want, need)]
    if spare > 0 and sum(extra) > 0:
        scale = min(1.0, spare / sum(extra))
        need = [n + e * scale for n, e in zip(need, extra)]
    return [max(1, round(n)) for n in need]


def table_layout(columns: list[list[str]], line: float = LINE_PT) -> tuple[str, list[int]]:
    """The type size (``small``, or ``footnotesize`` when its longest words do not fit) and column widths."""
    widths = column_widths(columns, line)
    if sum(widths) <= line + 0.5:
        return "small", widths
    return "footnotesize", column_widths(columns, line, CHAR_PT * FOOTNOTE_SCALE)


class Cell(str):
    """A cell's text, knowing how much of it is code (set in the wider typewriter font)."""

    code: str = ""
    scale: float = 1.0

    @classmethod
    def of(cls, entry: nodes.Element, header: bool = False) -> "Cell":
        """The cell of a table entry; ``header`` for the header's (wider, bold) type."""
        cell = cls(entry.astext())
        cell.code = " ".join(literal.astext() for literal in entry.findall(nodes.literal))
        cell.scale = HEADER_FACTOR if header else 1.0
        return cell


def _cell_width(text: str) -> float:
    code = getattr(text, "code", "")
    return (text_width(text) + (CODE_FACTOR - 1) * text_width(code)) * getattr(text, "scale", 1.0)


def _cell_need(text: str) -> float:
    code = getattr(text, "code", "")
    need = max(longest_word(text), CODE_FACTOR * longest_word(code) if code else 0)
    return need * getattr(text, "scale", 1.0)


def _columns(tgroup: nodes.tgroup) -> list[list[str]]:
    count = int(tgroup["cols"])
    columns: list[list[str]] = [[] for _ in range(count)]
    for part in tgroup.children:
        if not isinstance(part, (nodes.thead, nodes.tbody)):
            continue
        for row in part.children:
            index = 0
            for entry in row.children:
                if index < count and not entry.get("morecols"):
                    columns[index].append(Cell.of(entry, header=isinstance(part, nodes.thead)))
                index += 1 + int(entry.get("morecols", 0))
    return columns


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


class PrintableTables(SphinxPostTransform):
    """Make every table a longtable with content-fitted column widths (LaTeX builder only)."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        """Lay out every table of one ``tgroup`` outside a box: ``longtable``, fitted widths, type size."""
        for table in list(self.document.findall(nodes.table)):  # the loop inserts siblings
            tgroups = [child for child in table.children if isinstance(child, nodes.tgroup)]
            if len(tgroups) != 1:
                continue
            if any(isinstance(a, (nodes.table, nodes.Admonition, nodes.footnote, nodes.sidebar))
                   for a in _ancestors(table)):
                continue  # a longtable cannot sit in a box or another table
            tgroup = tgroups[0]
            size, widths = table_layout(_columns(tgroup))
            for colspec, width in zip((c for c in tgroup.children if isinstance(c, nodes.colspec)), widths):
                colspec["colwidth"] = width
            classes = table.setdefault("classes", [])
            classes += [name for name in ("longtable", "colwidths-given") if name not in classes]
            if size != "small":  # \sunshinetablesize: the preamble's type size of tables
                index = table.parent.index(table)
                table.parent.insert(index + 1, nodes.raw("", "\\renewcommand*{\\sunshinetablesize}{\\small}\n",
                                                         format="latex"))
                table.parent.insert(index, nodes.raw("", f"\\renewcommand*{{\\sunshinetablesize}}{{\\{size}}}\n",
                                                     format="latex"))


def _latex_escape(text: str) -> str:
    return re.sub(r"([&%#_{}$])", r"\\\1", " ".join(str(text).split()))


def pdf_metadata(citation: str | Path) -> str:
    r"""The PDF's ``\hypersetup`` of subject (title) and keywords from a ``CITATION.cff`` file, escaped.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "CITATION.cff"
    >>> _ = path.write_text("title: A & B\nkeywords: [China, migration]\n")
    >>> pdf_metadata(path)
    '\\hypersetup{pdfsubject={A \\& B}, pdfkeywords={China, migration}}'
    """
    cff = yaml.safe_load(Path(citation).read_text(encoding="utf-8"))
    keywords = ", ".join(_latex_escape(k) for k in cff.get("keywords", []))
    return f"\\hypersetup{{pdfsubject={{{_latex_escape(cff['title'])}}}, pdfkeywords={{{keywords}}}}}"


def _add_metadata(app, config) -> None:
    citation = Path(app.srcdir) / "CITATION.cff"
    if citation.is_file():
        elements = dict(config.latex_elements)
        elements["preamble"] = elements.get("preamble", "") + "\n" + pdf_metadata(citation) + "\n"
        config.latex_elements = elements


def setup(app):
    """Register the transform of the PDF's tables and the PDF's metadata."""
    app.add_post_transform(PrintableTables)
    app.connect("config-inited", _add_metadata)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
