"""Find numbers typed by hand in the prose of the chapters.

The book's rule is that every number in its prose that comes from data is
computed and pasted with MyST-NB's ``glue``, so that a rerun on other data can
never leave the text contradicting the tables. This module enforces the rule
on the markdown cells of the chapters: after removing what may legitimately
hold digits (glue, citation and cross-reference roles, inline code, math,
directive options, links, and years), any remaining decimal number,
percentage, number with a thousands separator or number of two digits or more
is reported with its chapter, cell and context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

# Spans that may contain digits without being typed numbers.
_ALLOWED_SPANS = [
    # code blocks (a fence whose info string is not a {directive}): commands, files, output
    re.compile(r"^(?P<fence>`{3,}|~{3,})(?!\{)[^\n]*\n.*?^(?P=fence)\s*$", re.MULTILINE | re.DOTALL),
    re.compile(r"\{glue(?::\w+)?\}`[^`]*`"),  # pasted, computed values
    re.compile(r"\{(?:cite(?::\w+)?|numref|ref|doc|eq|term|download)\}`[^`]*`"),  # roles
    re.compile(r"^\s*(?:`{3,}|~{3,}).*$", re.MULTILINE),  # directive fences and their arguments
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\$[^$]*\$"),  # inline math
    re.compile(r"^\s*:[\w-]+:.*$", re.MULTILINE),  # directive options
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"\((?:\w[\w\s.&,'-]*?\s)?(?:1[89]|20)\d\d[a-z]?(?:[:;,]\s*[\d\u2013,-]+)*\)"),  # (Author 2007: 127)
    re.compile(r"\b(?:1[89]|20)\d\d(?:[\u2013-](?:1[89]|20)?\d\d)?s?\b"),  # years and year ranges
    re.compile(r"\b\d+(?:st|nd|rd|th)\b"),  # ordinals (12th Five Year Plan)
    re.compile(r"\b[A-Za-z]+-\d+\b"),  # names with numbers: SHA-256, UTF-8
    re.compile(
        r"\b(?:p|pp|vol|no|chapter|section|table|figure|hypothesis)\.?\s*\d+(?:[\u2013-]\d+)?(?:(?:,|,? and)\s*\d+(?:[\u2013-]\d+)?)*",
        re.IGNORECASE,
    ),
]
_NUMBER = re.compile(r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+\.\d+|\.\d+|\d+%|\d{2,})(?![\w])")


@dataclass(frozen=True)
class TypedNumber:
    """A number found in prose, where it was found and its surroundings."""

    chapter: str
    cell: int
    number: str
    context: str

    def __str__(self) -> str:
        return f"{self.chapter}, markdown cell {self.cell}: {self.number!r} in ...{self.context}..."


def strip_allowed(text: str) -> str:
    """Blank out every span that may hold digits legitimately."""
    for pattern in _ALLOWED_SPANS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def typed_numbers(text: str, *, chapter: str = "", cell: int = 0) -> list[TypedNumber]:
    """The hand-typed numbers in one piece of markdown."""
    cleaned = strip_allowed(text)
    found = []
    for match in _NUMBER.finditer(cleaned):
        start, end = match.span()
        context = text[max(0, start - 40) : end + 40].replace("\n", " ")
        found.append(TypedNumber(chapter, cell, match.group(0), context))
    return found


def check_notebook(path: Path) -> list[TypedNumber]:
    """The hand-typed numbers in the markdown cells of one chapter."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += typed_numbers(cell.source, chapter=path.name, cell=index)
    return found
