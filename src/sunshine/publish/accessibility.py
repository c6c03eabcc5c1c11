"""Sphinx extension: repair the theme's markup that fails WCAG 2 A/AA checks (axe-core, ``tests/test_browser.py``).

After an HTML build every page gets exact, idempotent substitutions: labels that do not contain the
visible text (WCAG 2.5.3) and the colour-mode icons' titles dropped, docutils' deprecated
``doc-biblioentry`` role and its ``role="list"`` removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from sunshine.files import atomic_write_text

#: (pattern, replacement) pairs applied to every HTML page.
REPAIRS: list[tuple[re.Pattern, str]] = [
    (re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="Search"'),
     r"\1"),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    (re.compile(r'<i (?:aria-hidden="true" )?class="theme-switch ([^"]*)"([^>]*?) title="[^"]*"'),
     r'<i aria-hidden="true" class="theme-switch \1"\2'),
    (re.compile(r' role="doc-biblioentry"'), ""),
    (re.compile(r'<div role="list" class="citation-list">'), '<div class="citation-list">'),
]


def repair(html: str) -> str:
    """Apply :data:`REPAIRS` to one page's HTML, in order (a repaired page comes back unchanged)."""
    for pattern, replacement in REPAIRS:
        html = pattern.sub(replacement, html)
    return html


def repair_site(folder: str | Path) -> int:
    """Repair every ``*.html`` page under ``folder`` that needs it, atomically, keeping its permissions."""
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
