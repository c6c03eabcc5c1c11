"""Sphinx extension: repair the theme's markup that fails WCAG 2 A/AA checks (axe-core).

The HTML of the theme and of docutils has a few patterns that axe-core reports
(tests/test_browser.py audits every page of every edition with it):

* the search field button and the "Show code cell" toggles carry an
  ``aria-label`` that does not contain their visible text (WCAG 2.5.3, axe rule
  ``label-content-name-mismatch``): the label is dropped, so the visible text
  names them;
* the colour-mode button's icons carry titles ("Light", "Dark") that the icon
  font turns into SVG titles, which count as the button's visible text: the
  titles are dropped and the icons hidden from assistive technology, the
  button keeping its label "Color mode";
* docutils marks bibliography entries with the deprecated role
  ``doc-biblioentry`` in a ``role="list"`` whose children are not list items
  (axe rules ``aria-deprecated-role`` and ``aria-required-children``): both
  roles are dropped.

After an HTML build, every page is rewritten with these exact substitutions
(idempotent: a page already repaired is left as it is).
"""

from __future__ import annotations

import re
from pathlib import Path

from sunshine.files import atomic_write_text

REPAIRS: list[tuple[re.Pattern, str]] = [
    (re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="Search"'),
     r"\1"),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    (re.compile(r'<i (?:aria-hidden="true" )?class="theme-switch ([^"]*)"([^>]*?) title="[^"]*"'),
     r'<i aria-hidden="true" class="theme-switch \1"\2'),
    (re.compile(r' role="doc-biblioentry"'), ""),
    (re.compile(r'<div role="list" class="citation-list">'), '<div class="citation-list">'),
]
"""(pattern, replacement) pairs applied to every HTML page."""


def repair(html: str) -> str:
    """Apply :data:`REPAIRS` to one page's HTML.

    Parameters
    ----------
    html : str
        The text of one HTML page, as Sphinx wrote it.

    Returns
    -------
    str
        The page with every substitution of :data:`REPAIRS` applied in order;
        a page already repaired comes back unchanged.

    Examples
    --------
    >>> repair('<summary aria-label="Toggle hidden content">')
    '<summary>'
    """
    for pattern, replacement in REPAIRS:
        html = pattern.sub(replacement, html)
    return html


def repair_site(folder: str | Path) -> int:
    """Repair every ``*.html`` page under ``folder``, in place.

    A page that :func:`repair` changes is rewritten atomically, keeping its
    file permissions; the others are not touched.
    """
    changed = 0
    for page in sorted(Path(folder).rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        fixed = repair(text)
        if fixed != text:
            mode = page.stat().st_mode & 0o777
            atomic_write_text(page, fixed)
            page.chmod(mode)  # as Sphinx wrote it: readable by the web server
            changed += 1
    return changed


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        repair_site(app.outdir)


def setup(app):
    """Register the repair of the built HTML pages."""
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
