"""Sphinx extension of the book (``_config.yml``): what readers and reference managers get.

A chapter's ``.py`` and the whole book's PDF in the download menu; Highwire and Dublin Core
``<meta>`` tags from ``CITATION.cff``; LaTeX figures numbered like the HTML (and a stand-in
``bbm.sty``); each script once (sphinx-thebe adds one twice); the ``{{ repository_url }}``,
``{{ edition_version }}`` and ``{{ edition_year }}`` tokens replaced; a build of the unstaged
sources refused.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import yaml

#: Label of the theme's download menu, and of the buttons this extension puts in it.
DOWNLOAD_GROUP = "download-buttons"
PY_BUTTON = "download-py-button"
PDF_BUTTON = "download-pdf-button"


def pdf_name(config) -> str:
    """File name of the book's PDF: the LaTeX target name with ``.pdf``."""
    documents = getattr(config, "latex_documents", None) or []
    target = documents[0][1] if documents else "book.tex"
    return Path(target).with_suffix(".pdf").name


def load_citation(start: Path) -> dict:
    """``CITATION.cff`` of ``start`` or the nearest folder above it (the stage is ``_build/stage``)."""
    for folder in [start, *start.parents][:4]:
        if (folder / "CITATION.cff").is_file():
            return yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8")) or {}
    return {}


def repository_url(app) -> str:
    """``repository.url`` of ``_config.yml`` (as Jupyter Book passes it to the theme)."""
    return str(app.config.html_theme_options.get("repository_url", "")).rstrip("/")


def substitutions(cff: dict, repository: str) -> dict[str, str]:
    """The edition's tokens and their values, from ``CITATION.cff`` and the repository's address."""
    return {"repository_url": repository, "edition_version": str(cff.get("version", "")),
            "edition_year": str(cff.get("date-released", ""))[:4]}


_TOKEN = re.compile(r"\{\{\s*(repository_url|edition_version|edition_year)\s*\}\}")


def substitute(app, docname: str, source: list[str]) -> None:
    """Replace the edition's tokens in a page's source before it is parsed."""
    values = substitutions(getattr(app.env, "sunshine_citation", {}), repository_url(app))
    source[0] = _TOKEN.sub(lambda m: values[m.group(1)], source[0])


def _ensure_citation(app, *args) -> None:
    app.env.sunshine_citation = load_citation(Path(app.confdir))


def _is_chapter(app, pagename: str) -> bool:
    try:
        return Path(app.env.doc2path(pagename)).suffix == ".ipynb"
    except Exception:
        return False


def write_script(app, pagename: str) -> None:
    """Write the chapter's ``.py`` (its jupytext pair, or the percent format) into ``_sources``."""
    source = Path(app.env.doc2path(pagename))
    target = Path(app.outdir) / "_sources" / f"{pagename}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    paired = source.with_suffix(".py")
    if paired.is_file():
        shutil.copyfile(paired, target)
    else:
        import jupytext

        target.write_text(jupytext.writes(jupytext.read(source), fmt="py:percent"), encoding="utf-8")


def copy_scripts(app, exception) -> None:
    """Put every chapter's ``.py`` in ``_sources``, rendered pages or not (a build may skip them)."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        if _is_chapter(app, docname):
            write_script(app, docname)


def add_download_buttons(app, pagename, templatename, context, doctree) -> None:
    """Put ``.py`` (chapters) and the book's PDF into the theme's download menu."""
    if app.builder.format != "html" or "header_buttons" not in context:
        return
    pathto = context["pathto"]
    group = next((b for b in context["header_buttons"] if b.get("label") == DOWNLOAD_GROUP), None)
    if group is None:
        group = {"type": "group", "tooltip": "Download this page", "icon": "fas fa-download",
                 "buttons": [], "label": DOWNLOAD_GROUP}
        context["header_buttons"].insert(0, group)
    buttons = [b for b in group["buttons"] if b.get("label") != PDF_BUTTON]
    if _is_chapter(app, pagename):  # the .py is written by copy_scripts at the end of the build
        buttons.append({"type": "link", "url": f"{pathto('_sources', 1)}/{pagename}.py", "text": ".py",
                        "tooltip": "Download the chapter as a Python script (jupytext percent format)",
                        "icon": "fab fa-python", "label": PY_BUTTON})
    buttons.append({"type": "link", "url": pathto(pdf_name(app.config), 1), "text": ".pdf",
                    "tooltip": "Download the whole book as PDF", "icon": "fas fa-file-pdf",
                    "label": PDF_BUTTON})
    group["buttons"] = buttons


def citation_meta(app, pagename: str, context: dict) -> list[tuple[str, str]]:
    """(name, content) pairs of the page's Highwire Press and Dublin Core tags."""
    cff = getattr(app.env, "sunshine_citation", {}) or {}
    book_title = str(cff.get("title") or app.config.project)
    root = app.config.root_doc
    page_title = context.get("pagetitle") or context.get("title") or book_title
    page_title = html.unescape(re.sub(r"<[^>]+>", "", str(page_title)))
    authors = [a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")])) for a in cff.get("authors", [])]
    authors = [a for a in authors if a] or [app.config.author]
    date = str(cff.get("date-released", ""))
    baseurl = (app.config.html_baseurl or "").rstrip("/")
    pdf = pdf_name(app.config)
    pdf_url = f"{baseurl}/{pdf}" if baseurl else context["pathto"](pdf, 1)
    repo = repository_url(app) or None
    title = book_title if pagename == root else page_title
    language = app.config.language or "en"
    meta = [("citation_title", title), ("citation_inbook_title", None if pagename == root else book_title),
            *[("citation_author", a) for a in authors],
            ("citation_publication_date", date.replace("-", "/") or None),
            ("citation_edition", str(cff["version"]) if cff.get("version") else None),
            ("citation_language", language), ("citation_pdf_url", pdf_url), ("citation_public_url", repo),
            ("DC.title", title), *[("DC.creator", a) for a in authors], ("DC.date", date or None),
            ("DC.type", "Text"), ("DC.format", "text/html"), ("DC.language", language),
            ("DC.rights", str(cff["license"]) if cff.get("license") else None), ("DC.relation", repo)]
    return [(name, content) for name, content in meta if content is not None]  # None: no such tag


def add_citation_metadata(app, pagename, templatename, context, doctree) -> None:
    """Add the citation ``<meta>`` tags (:func:`citation_meta`) to the page's head."""
    if app.builder.format != "html":
        return
    tags = "".join(
        f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />\n'
        for name, content in citation_meta(app, pagename, context)
    )
    context["metatags"] = context.get("metatags", "") + tags


#: Stand-in for bbm.sty: \\mathbbm as amssymb's \\mathbb (the book has no \\mathbbm).
BBM_SHIM = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{bbm}[2026/11/29 stand-in written by sunshine.publish.sphinx_extension]
\RequirePackage{amssymb}
\providecommand{\mathbbm}[1]{\mathbb{#1}}
\endinput
"""


def prepare_latex(app) -> None:
    """Number figures and tables through the book as the HTML does; provide bbm.sty if missing."""
    from sphinx.builders.latex import LaTeXBuilder

    if not isinstance(app.builder, LaTeXBuilder):
        return
    app.config.numfig_secnum_depth = 0
    found = subprocess.run(["kpsewhich", "bbm.sty"], capture_output=True, text=True) if shutil.which("kpsewhich") else None
    if found is None or not found.stdout.strip():
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        (Path(app.outdir) / "bbm.sty").write_text(BBM_SHIM)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep each script of the page once (same file and same inline body)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    kept: dict[tuple[str, str], object] = {}
    for script in scripts:
        # An inline script comes once with filename None and once with "": compare bodies.
        filename = getattr(script, "filename", None) or ""
        key = (str(filename), repr(sorted(getattr(script, "attributes", {}).items())))
        kept.setdefault(key, script)
    scripts[:] = kept.values()


NOT_STAGED = ("this book's chapters are executed by `make book` (the project's execution cache, which also "
              "notices changed data files), not by jupyter-book: run `make book` (or `python -m sunshine.publish`)")


def refuse_unstaged(app, config) -> None:
    """Stop a ``jupyter-book build`` of the sources themselves: only the stage of ``make book`` is rendered."""
    from sphinx.errors import ConfigError

    if not config.sunshine_staged:
        raise ConfigError(NOT_STAGED)


def setup(app):
    """Register the extension's event handlers with Sphinx."""
    app.add_config_value("sunshine_staged", False, "env")
    app.connect("config-inited", refuse_unstaged)
    app.connect("builder-inited", prepare_latex, priority=900)  # after sphinx-jupyterbook-latex's (500)
    app.connect("builder-inited", _ensure_citation)
    app.connect("env-before-read-docs", _ensure_citation)
    app.connect("source-read", substitute)
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", add_download_buttons, priority=600)
    app.connect("html-page-context", add_citation_metadata, priority=600)
    app.connect("html-page-context", drop_duplicate_scripts, priority=600)
    app.connect("build-finished", copy_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
