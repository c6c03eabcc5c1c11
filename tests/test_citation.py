"""The edition is citable: CITATION.cff is valid CFF, .zenodo.json and the "How to cite"
page agree with it, and the repository URL is the one setting of _config.yml.

CITATION.cff is validated as cffconvert (PyPI) validates it: against the CFF 1.2.0 JSON
schema with ``jsonschema.validate(..., format_checker=FormatChecker())``. The schema in
``tests/data/cff-1.2.0.schema.json`` is the file ``cffconvert/schemas/1.2.0/schema.json``
of the cffconvert 2.0.0 wheel on PyPI, unchanged (SHA-256 below). cffconvert itself is
not installed: its only release pins ``jsonschema<4``, which would downgrade the
jsonschema 4 that nbformat and Jupyter Book run on in our single lock; the validation
is the same call on the same schema with the locked jsonschema.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from publication import toc_pages

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "data" / "cff-1.2.0.schema.json"
#: SHA-256 of cffconvert-2.0.0-py3-none-any.whl:cffconvert/schemas/1.2.0/schema.json.
SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zenodo() -> dict:
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def validate_cff(data: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(instance=data, schema=schema, format_checker=jsonschema.FormatChecker())


def test_schema_is_cffconverts():
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_citation_cff_is_valid(cff: dict):
    validate_cff(cff)


def test_validator_rejects_an_invalid_file(cff: dict):
    broken = {k: v for k, v in cff.items() if k != "authors"}
    with pytest.raises(jsonschema.ValidationError, match="authors"):
        validate_cff(broken)
    with pytest.raises(jsonschema.ValidationError):
        validate_cff(dict(cff, **{"date-released": "29 November 2026"}))


def test_citation_cff_cites_the_original_paper(cff: dict):
    (paper,) = [r for r in cff["references"] if r["type"] == "article"]
    assert paper["title"].startswith("The Neoliberal Sunshine in Northwestern China")
    assert [a["family-names"] for a in paper["authors"]] == ["Mao", "Pih", "Bao"]
    assert (paper["journal"], paper["volume"], str(paper["issue"]), paper["year"]) == ("China Currents", 9, "2", 2010)


def test_repository_url_is_one_setting(cff: dict, config: dict, zenodo: dict):
    url = config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url)
    config_text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert config_text.count(url) == 1, "the repository URL must be written once in _config.yml"
    assert cff["repository-code"] == url
    assert url in [r["identifier"] for r in zenodo["related_identifiers"]]
    # The book's pages take it from _config.yml (sunshine.publish.sphinx_extension), never hard-coded.
    for page in sorted((ROOT / "book").glob("*.md")):
        assert url not in page.read_text(encoding="utf-8"), f"{page.name} hard-codes the repository URL"


def test_zenodo_agrees_with_citation_cff(cff: dict, zenodo: dict):
    assert zenodo["title"] == cff["title"]
    assert zenodo["version"] == str(cff["version"])
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"] == cff["license"]
    assert zenodo["upload_type"] in {"publication", "software"}
    assert any("Mao, K., Pih, K. K.-H., & Bao, S. (2010)" in r for r in zenodo["references"])


def test_how_to_cite_gives_bibtex_and_apa_for_both():
    text = (ROOT / "book" / "how_to_cite.md").read_text(encoding="utf-8")
    assert text.count("```bibtex") == 2
    assert "@misc{neoliberalsunshine_edition" in text and "@article{mao2010neoliberal" in text
    assert text.count("APA (7th edition)") == 2
    assert "Mao, K., Pih, K. K.-H., & Bao, S. (2010)." in text
    assert "{{ repository_url }}" in text and "{{ edition_version }}" in text


def test_how_to_cite_is_in_the_back_matter():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    back = [part for part in toc["parts"] if part.get("caption") == "Back matter"]
    assert back and "book/how_to_cite" in [c["file"] for c in back[0]["chapters"]]


def test_original_paper_bibtex_matches_references_bib():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    text = (ROOT / "book" / "how_to_cite.md").read_text(encoding="utf-8")
    for field in ("journal   = {China Currents}", "volume    = {9}", "number    = {2}", "year      = {2010}"):
        assert field in bib and field in text
    assert "Mao, KuoRay and Pih, Kay Kei-Ho and Bao, Shuming" in bib
    assert "Mao, KuoRay and Pih, Kay Kei-Ho and Bao, Shuming" in text


@pytest.mark.build
def test_built_pages_carry_citation_metadata(built_book):
    """Reference managers read citation_* tags: every page of the built HTML has them."""
    html_dir = built_book.html
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    for page in toc_pages():  # the built (student) edition's pages
        text = (html_dir / f"{page}.html").read_text(encoding="utf-8")
        for name in ("citation_title", "citation_author", "citation_publication_date", "citation_pdf_url", "DC.title"):
            assert f'<meta name="{name}"' in text, f"{page}: no {name} meta tag"
        assert f'<meta name="citation_public_url" content="{url}"' in text
    cite = (html_dir / "book" / "how_to_cite.html").read_text(encoding="utf-8")
    assert not re.search(r"\{\{\s*(repository_url|edition_version|edition_year)", cite), "unreplaced token"
    assert url in cite and f"Version {cff['version']}" in cite
