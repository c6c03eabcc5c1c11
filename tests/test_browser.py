"""The HTML book as readers see it, in a real browser.

Playwright (PyPI) drives Debian's Chromium (`.ci/install-tools browser`; Playwright cannot
download its own browser here), headless, against the built book (HTML and PDF, as
`make pdf` leaves them) served by a thread on 127.0.0.1. No request may leave
localhost: the book must work offline (MathJax is served with it, see _config.yml), so
a page "loads with no console errors" strictly, with no error filtered out.

Screenshots of a few pages are saved in _build/screenshots/ (git-ignored with _build/).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import jupytext
import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sunshine.publish.editions import DEFAULT_EDITION, STUDENT_BRANCH, strip_solutions
from publication import (
    ROOT,
    TABLE_I,
    TABLE_II,
    chapter_pages,
    editions,
    missing_tools,
    site_pages,
    toc_pages,
)

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The axe-core rule tags of WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOT_PAGES = ("book/preface", TABLE_I[0], TABLE_II[0], "book/how_to_cite")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 at a random port; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(built_book, book_pdf):
    """Base URL of the book built for the test run (HTML and PDF, conftest.py), served on a random port."""
    if not Path(CHROMIUM).exists():
        missing_tools(f"{CHROMIUM} is missing: run `.ci/install-tools browser` (Debian package chromium)")
    with serve(built_book.html) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    print(f"\nbrowser tests: {time.perf_counter() - start:.1f} s with Chromium")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    yield context
    context.close()


def url_of(site: str, page: str) -> str:
    return f"{site}{page}.html"


def page_of(site: str, url: str) -> str:
    """The page name (toc form) of a URL of the site."""
    path = urlparse(url).path.lstrip("/")
    return re.sub(r"\.html$", "", path)


def open_page(context, url: str):
    """Open ``url``; return the page and the problems seen: console errors, page errors,
    failed requests, HTTP errors, and any request to another host than 127.0.0.1."""
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"))

    def request(request):
        if urlparse(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith("data:"):
            problems.append(f"external request: {request.url}")

    page.on("request", request)
    page.goto(url, wait_until="load")
    try:  # let late requests (MathJax's fonts) happen; any that fails is recorded above
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeout:
        pass
    return page, problems


@dataclass
class Visit:
    """What one page of the built book showed when it was opened (see :func:`visits`)."""

    problems: list[str]
    title_visible: bool
    bad_images: list[str]
    links: list[str]
    violations: list[dict] | None  # None: axe-core is not installed


@pytest.fixture(scope="module")
def visits(site, browser) -> dict[str, Visit]:
    """Every page of the built book, each opened once, and what the page-by-page tests below assert on."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    names = sorted(set(site_pages(editions()["published"])) | set(toc_pages()) | {"search", "genindex"})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    out = {}
    for name in names:
        page, problems = open_page(context, url_of(site, name))
        if name in SCREENSHOT_PAGES:
            page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '__')}.png"), full_page=False)
        bad_images = []
        for img in page.locator("img").all():  # the theme's too (logos of the launch menu)
            alt = (img.get_attribute("alt") or "").strip()
            loaded = img.evaluate("i => i.complete && i.naturalWidth > 0")
            if not alt or not loaded:
                bad_images.append(f"{name}: {img.get_attribute('src')} alt={alt!r} loaded={loaded}")
        out[name] = Visit(
            problems=list(problems),
            title_visible=page.locator("article h1").first.is_visible(),
            bad_images=bad_images,
            links=page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"),
            violations=axe_violations(page) if AXE.is_file() else None,
        )
        page.close()
    context.close()
    return out


def test_every_page_loads_without_console_errors(visits):
    for name in toc_pages():
        assert visits[name].title_visible, f"{name}: no visible title"
    report = {name: visit.problems for name, visit in visits.items() if visit.problems}
    assert not report, "pages with console errors or external/failed requests:\n" + json.dumps(report, indent=1)


def test_no_page_loads_scripts_or_styles_from_other_hosts(built_book):
    offenders = []
    html = built_book.html
    for path in sorted(html.rglob("*.html")):
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", path.read_text(encoding="utf-8")):
            if re.search(r'\b(?:src|href)="(?:https?:)?//', tag) and not re.search(r'rel="(?:canonical|alternate)"', tag):
                offenders.append(f"{path.relative_to(html)}: {tag[:120]}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(("name", "label"), [TABLE_I, TABLE_II], ids=["Table I", "Table II"])
def test_tables_one_and_two_show_their_values(site, context, name, label):
    page, problems = open_page(context, url_of(site, name))
    table = page.locator(f"table#{label}")
    table.scroll_into_view_if_needed()
    assert table.is_visible(), f"{label} is not visible"
    caption = table.locator("caption").inner_text()
    assert re.match(r"Table \d+", caption), f"{label}: caption not numbered: {caption!r}"
    cells = [c.strip() for c in table.locator("tbody td").all_inner_texts()]
    values = [c for c in cells if re.fullmatch(r"-?(?:\.\d{2,3}|1\.00?)\**", c)]
    assert len(values) >= 6, f"{label}: too few coefficients shown: {cells}"
    assert "1.00" in values, f"{label}: no diagonal 1.00 shown: {cells}"
    assert any(v.endswith("**") for v in values), f"{label}: no significance marks shown"
    box = table.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    table.screenshot(path=str(SCREENSHOTS / f"{label}.png"))
    assert not problems, problems


def test_search_finds_hukou(site, context):
    page, problems = open_page(context, f"{site}search.html?q=hukou")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(state="visible")
    hits = results.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hits, "no search results for hukou"
    assert any("glossary" in h or "notebooks/" in h for h in hits), hits
    page.screenshot(path=str(SCREENSHOTS / "search-hukou.png"))
    assert not problems, problems


def test_next_and_previous_walk_the_whole_book(site, context):
    pages = toc_pages()
    page, _ = open_page(context, url_of(site, pages[0]))
    forward = [pages[0]]
    while page.locator("a.right-next").count():
        page.locator("a.right-next").first.click()
        page.wait_for_load_state("load")
        forward.append(page_of(site, page.url))
        assert len(forward) <= len(pages) + 1, "the next links loop"
    assert forward == pages, f"next walks {forward}, the table of contents is {pages}"
    backward = [forward[-1]]
    while page.locator("a.left-prev").count():
        page.locator("a.left-prev").first.click()
        page.wait_for_load_state("load")
        backward.append(page_of(site, page.url))
        assert len(backward) <= len(pages) + 1, "the previous links loop"
    assert backward == list(reversed(pages)), f"previous walks {backward}"


def test_every_image_has_alt_text_and_loads(visits):
    bad = [line for visit in visits.values() for line in visit.bad_images]
    assert not bad, "\n".join(bad)


def test_no_internal_link_is_broken(visits, context):
    links: dict[str, set[str]] = {}
    for name, visit in visits.items():
        for href in visit.links:
            if urlparse(href).hostname == "127.0.0.1":
                links.setdefault(href, set()).add(name)
    assert links
    broken, ids_cache = [], {}
    for href, sources in sorted(links.items()):
        target, fragment = urldefrag(href)
        response = context.request.get(target)
        if not response.ok:
            broken.append(f"{href} (HTTP {response.status}) from {sorted(sources)}")
            continue
        if fragment and target.endswith(".html"):
            if target not in ids_cache:
                ids_cache[target] = set(re.findall(r'\bid="([^"]+)"', response.text()))
            if fragment not in ids_cache[target]:
                broken.append(f"{href} (no element #{fragment}) from {sorted(sources)}")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


@pytest.mark.parametrize("name", chapter_pages())
def test_chapter_download_and_launch_buttons(site, context, name):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    # The built edition is the student one: its launch buttons open the student-notebook branch.
    repo, branch = config["repository"]["url"], STUDENT_BRANCH
    org_repo = urlparse(repo).path.strip("/")
    notebook = f"{name}.ipynb"
    assert (ROOT / notebook).exists(), f"{notebook} is not in the repository"
    page, problems = open_page(context, url_of(site, name))
    page.locator(".dropdown-download-buttons > button").click()
    downloads = page.locator(".dropdown-download-buttons a")
    by_text = {a.inner_text().strip(): a.get_attribute("href") for a in downloads.all()}
    assert {".ipynb", ".py", ".pdf"} <= set(by_text), f"{name}: download menu has {sorted(by_text)}"
    assert page.locator(".dropdown-download-buttons a", has_text=".py").is_visible()
    for suffix, check in (
        (".ipynb", lambda body: json.loads(body)["nbformat"] == 4 and any(c.get("outputs") for c in json.loads(body)["cells"] if c["cell_type"] == "code")),
        (".py", lambda body: body.decode().startswith("# ---") and "# %%" in body.decode()),
        (".pdf", lambda body: body.startswith(b"%PDF")),
    ):
        response = context.request.get(urljoin(page.url, by_text[suffix]))
        assert response.ok, f"{name}: {suffix} download {by_text[suffix]} gives HTTP {response.status}"
        assert check(response.body()), f"{name}: the {suffix} download is not what it says"
    script = context.request.get(urljoin(page.url, by_text[".py"])).body()
    # The built edition is the student one: its .py is the student notebook (sunshine.publish.student),
    # the chapter's code cells without the solutions, its setup cell installing from the site.
    assert DEFAULT_EDITION == "student"
    expected = strip_solutions(jupytext.read(ROOT / f"{name}.py"), name)
    code = lambda nb: [c.source for c in nb.cells if c.cell_type == "code" and "setup" not in c.metadata.get("tags", [])]  # noqa: E731
    assert code(jupytext.reads(script.decode(), fmt="py:percent")) == code(expected), \
        f"{name}: the .py download is not the student notebook of the chapter"

    launch = {a.inner_text().strip(): a.get_attribute("href") for a in page.locator(".dropdown-launch-buttons a").all()}
    assert launch.get("Binder") == f"https://mybinder.org/v2/gh/{org_repo}/{branch}?urlpath=tree/{notebook}", launch
    assert launch.get("Colab") == f"https://colab.research.google.com/github/{org_repo}/blob/{branch}/{notebook}", launch
    assert page.locator(f'a[href="{repo}"]').count() >= 1, f"{name}: no repository link"
    assert not problems, problems


def test_site_root_serves_a_favicon(site):
    # Pages without an icon link (the index.html redirect) make browsers ask for /favicon.ico;
    # a 404 there is a console error, seen in CI on a clean clone.
    import urllib.request

    with urllib.request.urlopen(f"{site}favicon.ico") as response:
        assert response.status == 200 and response.read(4) == b"\x00\x00\x01\x00"  # ICO header


def axe_violations(page) -> list[dict]:
    """Run axe-core (the local copy from npm) on an open page; its WCAG 2 A and AA violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_AA
    )
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_every_page_of_every_edition_passes_axe_wcag_aa(visits, browser):
    """axe-core, loaded from node_modules (`npm ci`, package-lock.json), on every page of every edition
    (the published one as :func:`visits` opened it)."""
    if not AXE.is_file():
        missing_tools(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (make test does)")
    found = {f"published: {name}": visit.violations for name, visit in visits.items() if visit.violations}
    audited = len(visits)
    for name, folder in editions().items():
        pages = site_pages(folder)
        assert "index" in pages and len(pages) > 5, f"edition {name}: too few pages in {folder}"
        if name == "published":
            assert set(pages) <= set(visits), f"pages not visited: {sorted(set(pages) - set(visits))}"
            continue
        with serve(folder) as base:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for page_name in pages:
                page, _ = open_page(context, url_of(base, page_name))
                violations = axe_violations(page)
                audited += 1
                if violations:
                    found[f"{name}: {page_name}"] = violations
                page.close()
            context.close()
    version = json.loads((AXE.parent / "package.json").read_text())["version"]
    print(f"\naxe-core {version}: {audited} pages of {len(editions())} edition(s) audited (WCAG 2 A, AA)")
    assert not found, "WCAG 2 A/AA violations (axe-core):\n" + json.dumps(found, indent=1, ensure_ascii=False)


def test_axe_finds_a_violation_when_there_is_one(site, context):
    """The audit can fail: a page with an image without alternative text and an unlabelled field."""
    page, _ = open_page(context, url_of(site, "index"))
    page.evaluate("""() => {
        const img = document.createElement('img'); img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        const input = document.createElement('input'); input.type = 'text';
        document.querySelector('main').append(img, input);
    }""")
    rules = {v["rule"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= rules, rules
