"""Sphinx extension (``sphinx.extra_extensions`` of ``_config.yml``): what readers and reference managers get from the HTML book.

* **Downloads**: a chapter's ``.py`` (jupytext percent, the file authors edit) besides its
  ``.ipynb``, and the whole book as one PDF (:func:`sunshine.publish.book.build_pdf`) in place of the
  theme's print-the-page ".pdf".
* **Page metadata** for reference managers (Highwire ``citation_*`` and Dublin Core ``DC.*`` tags)
  from ``CITATION.cff`` and ``_config.yml``.
* **LaTeX numbered like the HTML** ("Figure 3", not sphinx-jupyterbook-latex's per-part "Figure
  1.2"), with a stand-in ``bbm.sty`` when TeX Live has none (Debian ships it only in the 1 GB
  ``texlive-fonts-extra``; the book never uses it).
* **No script twice**: sphinx-thebe's ``const THEBE_JS_URL`` script, added once per pass, is kept
  once (a second declaration is a JavaScript error).
* **One repository setting**: ``{{ repository_url }}``, ``{{ edition_version }}`` and
  ``{{ edition_year }}`` are replaced everywhere, code blocks included.
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


def find_citation_file(start: Path) -> Path | None:
    """``CITATION.cff`` in ``start`` or the nearest folder above it (the stage lives in ``_build/stage``)."""
    for folder in [start, *start.parents][:4]:
        candidate = folder / "CITATION.cff"
        if candidate.is_file():
            return candidate
    return None


def load_citation(start: Path) -> dict:
    """The citation metadata of ``CITATION.cff`` near ``start`` (empty without one)."""
    path = find_citation_file(start)
    if path is None:
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def repository_url(app) -> str:
    """``repository.url`` of ``_config.yml`` (as Jupyter Book passes it to the theme)."""
    return str(app.config.html_theme_options.get("repository_url", "")).rstrip("/")


def substitutions(app) -> dict[str, str]:
    """The edition's tokens and their values: repository URL, version and release year."""
    cff = app.env.sunshine_citation if hasattr(app.env, "sunshine_citation") else {}
    released = str(cff.get("date-released", ""))
    return {
        "repository_url": repository_url(app),
        "edition_version": str(cff.get("version", "")),
        "edition_year": released[:4],
    }


_TOKEN = re.compile(r"\{\{\s*(repository_url|edition_version|edition_year)\s*\}\}")


def substitute(app, docname: str, source: list[str]) -> None:
    """Replace the edition's tokens in a page's source before it is parsed."""
    values = substitutions(app)
    source[0] = _TOKEN.sub(lambda m: values[m.group(1)], source[0])


def _ensure_citation(app, *args) -> None:
    app.env.sunshine_citation = load_citation(Path(app.confdir))


def _is_chapter(app, pagename: str) -> bool:
    try:
        return Path(app.env.doc2path(pagename)).suffix == ".ipynb"
    except Exception:
        return False


def write_script(app, pagename: str) -> str | None:
    """Write the chapter's ``.py`` (percent format) into ``_sources``; return its path there."""
    source = Path(app.env.doc2path(pagename))
    target = Path(app.outdir) / "_sources" / f"{pagename}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    paired = source.with_suffix(".py")
    if paired.is_file():
        shutil.copyfile(paired, target)
    else:
        import jupytext

        notebook = jupytext.read(source)
        target.write_text(jupytext.writes(notebook, fmt="py:percent"), encoding="utf-8")
    return f"{pagename}.py"


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
        group = {
            "type": "group",
            "tooltip": "Download this page",
            "icon": "fas fa-download",
            "buttons": [],
            "label": DOWNLOAD_GROUP,
        }
        context["header_buttons"].insert(0, group)
    buttons = [b for b in group["buttons"] if b.get("label") != PDF_BUTTON]
    if _is_chapter(app, pagename):
        script = f"{pagename}.py"  # written by copy_scripts at the end of the build
        buttons.append(
            {
                "type": "link",
                "url": f"{pathto('_sources', 1)}/{script}",
                "text": ".py",
                "tooltip": "Download the chapter as a Python script (jupytext percent format)",
                "icon": "fab fa-python",
                "label": PY_BUTTON,
            }
        )
    buttons.append(
        {
            "type": "link",
            "url": pathto(pdf_name(app.config), 1),
            "text": ".pdf",
            "tooltip": "Download the whole book as PDF",
            "icon": "fas fa-file-pdf",
            "label": PDF_BUTTON,
        }
    )
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
    repo = repository_url(app)
    meta: list[tuple[str, str]] = []
    if pagename == root:
        meta.append(("citation_title", book_title))
    else:
        meta.append(("citation_title", page_title))
        meta.append(("citation_inbook_title", book_title))
    meta += [("citation_author", a) for a in authors]
    if date:
        meta.append(("citation_publication_date", date.replace("-", "/")))
    if cff.get("version"):
        meta.append(("citation_edition", str(cff["version"])))
    meta.append(("citation_language", app.config.language or "en"))
    meta.append(("citation_pdf_url", pdf_url))
    if repo:
        meta.append(("citation_public_url", repo))
    meta.append(("DC.title", page_title if pagename != root else book_title))
    meta += [("DC.creator", a) for a in authors]
    if date:
        meta.append(("DC.date", date))
    meta.append(("DC.type", "Text"))
    meta.append(("DC.format", "text/html"))
    meta.append(("DC.language", app.config.language or "en"))
    if cff.get("license"):
        meta.append(("DC.rights", str(cff["license"])))
    if repo:
        meta.append(("DC.relation", repo))
    return meta


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
    seen, kept = set(), []
    for script in scripts:
        # An inline script comes once with filename None and once with "": compare bodies.
        filename = getattr(script, "filename", None) or ""
        key = (str(filename), repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


NOT_STAGED = ("this book's chapters are executed by `make book` (the project's execution cache, which also "
              "notices changed data files), not by jupyter-book: run `make book` (or `python -m sunshine.publish`)")


def refuse_unstaged(app, config) -> None:
    """Stop a ``jupyter-book build`` of the sources themselves: only the stage of ``make book`` is rendered."""
    from sphinx.errors import ConfigError

    if not config.sunshine_staged:
        raise ConfigError(NOT_STAGED)


def setup(app):
    # After sphinx-jupyterbook-latex's own builder-inited handler (priority 500).
    """Register the extension's event handlers with Sphinx."""
    app.add_config_value("sunshine_staged", False, "env")
    app.connect("config-inited", refuse_unstaged)
    app.connect("builder-inited", prepare_latex, priority=900)
    app.connect("builder-inited", _ensure_citation)
    app.connect("env-before-read-docs", _ensure_citation)
    app.connect("source-read", substitute)
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", add_download_buttons, priority=600)
    app.connect("html-page-context", add_citation_metadata, priority=600)
    app.connect("html-page-context", drop_duplicate_scripts, priority=600)
    app.connect("build-finished", copy_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
