"""No chapter prose contains a number typed by hand: numbers from data are glued."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.prose_check import check_notebook, typed_numbers

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_prose_has_no_typed_numbers(path: Path):
    found = check_notebook(path)
    assert not found, "numbers typed by hand (glue them from data):\n" + "\n".join(map(str, found))


@pytest.mark.parametrize(
    "text",
    [
        "Gansu's income was 57% of the national level.",
        "The coefficient was -.304 among migrants.",
        "a sample of 2,351 people",
        "tau-b of 0.792 between training and migration",
        "some 15 million jobs a year",
    ],
)
def test_checker_finds_typed_numbers(text: str):
    assert typed_numbers(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Gansu's income was {glue:text}`gansu_share:.0%` of the national level.",
        "as Harvey argues {cite:p}`harvey2005brief` (pp. 127, 144)",
        "Harvey (pp. 127 and 144 of the printing used)",
        "reforms since 1978 and the western development policies of 1999-2000",
        "see {numref}`tbl-table-one` and the 12th Five Year Plan",
        "```{list-table} Caption\n:name: tbl-1\n:widths: 20 80\n```",
        "the three hypotheses, two tables and one survey",
        "inline code `df.iloc[12]` and math $n = 2351$",
    ],
)
def test_checker_lets_legitimate_digits_pass(text: str):
    assert not typed_numbers(text), typed_numbers(text)


def test_code_blocks_are_skipped_but_directive_bodies_are_checked():
    assert not typed_numbers("Run\n\n```bash\nsunshine sweep grid.yaml --jobs 2 # 100 seeds\n```\n")
    assert typed_numbers("```{admonition} Note\nThe coefficient is .792 here.\n```\n")
