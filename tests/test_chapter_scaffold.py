"""The chapter scaffold: one call opens a survey chapter; a rerun where an association reverses
prints no sentence with the old direction."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

from sunshine.data.survey import load
from sunshine.report import chapter, prose, verdicts
from sunshine.runs.glued import glued_values
from sunshine.runs.parameters import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]


def reversed_file(tmp_path) -> Path:
    """The book's data with training flipped for everyone: training x migration turns negative."""
    df = load()
    df["training"] = 1 - df["training"]
    path = tmp_path / "reversed.csv"
    df.to_csv(path, index=False)
    return path


def open_on(path) -> chapter.Chapter:
    namespace = dict(DEFAULTS, data_path=str(path))
    return chapter.open_chapter(namespace, show_note=False)


def test_open_chapter_returns_what_a_chapter_needs():
    ch = chapter.open_chapter(dict(DEFAULTS), base=str(ROOT / "notebooks"), show_note=False)
    assert ch.sample.synthetic and len(ch.data) == 2351
    assert ch.level == 0.01 and ch.symbol == "τ-b"
    assert set(ch.populations) == {"all", "migrants", "stayers"}
    assert "synthetic data, not the survey" in ch.data_name
    k = ch.tau("training", "migrated")
    assert k.tau == pytest.approx(0.792, abs=5e-4) and k.n_clusters > 0


def test_a_bad_parameter_is_named_before_anything_is_loaded():
    from sunshine.runs.parameters import ParameterError

    with pytest.raises(ParameterError, match="age_min"):
        chapter.open_chapter(dict(DEFAULTS, age_min=-3), base=str(ROOT / "notebooks"), show_note=False)


def test_on_a_users_file_every_number_is_observed_and_unmarked(tmp_path):
    ch = open_on(reversed_file(tmp_path))
    assert not ch.sample.synthetic and ch.ledger.legend() == ""
    assert "{sup}" not in ch.association("training and migration", "training", "migrated")
    assert ch.claim("it holds", chapter.Quantity("tau", ("training", "income"), "stayers")) == "it holds"


def test_a_reversed_association_gets_no_sentence_with_the_old_direction(tmp_path):
    ch = open_on(reversed_file(tmp_path))
    text = ch.association("training and migration", "training", "migrated")
    assert "negatively associated" in text and "positively" not in text
    check = ch.check("H1")
    assert check.recomputed_evidence[1].status == verdicts.CONTRADICTS
    assert check.printed.label == verdicts.MIXED  # the prints do not move
    assert check.recomputed.label == verdicts.CONTRADICTED
    assert "contradicts" in chapter.hypotheses_table([check], ch).split("* - H1")[1].split("\n")[3]


def test_the_synthetic_stayers_claim_is_refused():
    ch = chapter.open_chapter(dict(DEFAULTS), base=str(ROOT / "notebooks"), show_note=False)
    text = ch.claim("stayers are worse off", chapter.Quantity("tau", ("training", "income"), "stayers"))
    assert "stayer_training_income_tau" in text and "cannot judge" in text


def test_compare_strength_reads_order_only_from_separate_intervals():
    a = verdicts.Evidence.recomputed("s", -0.30, 0.05, -1, 0.01)
    b = verdicts.Evidence.recomputed("m", -0.25, 0.05, -1, 0.01)
    assert prose.compare_strength("x", a, b, "stayers", "migrants").startswith("the data cannot tell")
    c = verdicts.Evidence.recomputed("m", -0.05, 0.01, -1, 0.01)
    assert "more strongly" in prose.compare_strength("x", a, c, "stayers", "migrants")
    assert "less strongly" in prose.compare_strength("x", c, a, "migrants", "stayers")


@pytest.mark.build
def test_chapter_7_rerun_on_a_reversed_file_keeps_no_old_direction(tmp_path):
    """papermill runs chapter 7 on a file where training x migration is negative."""
    import papermill as pm

    out = tmp_path / "07.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "08_discussion.ipynb"), str(out),
                        parameters={"data_path": str(reversed_file(tmp_path))},
                        cwd=str(ROOT / "notebooks"), progress_bar=False)
    g = glued_values(nbformat.read(out, as_version=4))
    assert g["tm_sentence"].startswith("training and migration are negatively associated")
    assert g["h1_recomputed_label"] == verdicts.CONTRADICTED
    texts = [str(v) for v in g.values()]
    assert not any("training and migration are positively" in t for t in texts)
    assert "reproduced" not in g["recomputed_meaning"]


def test_on_a_synthetic_subsample_the_recomputed_verdict_says_it_is_no_evidence():
    ch = chapter.open_chapter(dict(DEFAULTS, gender="female"), base=str(ROOT / "notebooks"), show_note=False)
    check = ch.check("H1")
    assert all("not evidence about the survey" in e.reconstruction for e in check.recomputed_evidence)
    assert "{sup}`U`" in check.recomputed.sentence
    assert "not evidence about the survey" in chapter.hypotheses_table([check], ch)


def test_table_note_gives_the_class_of_every_cell():
    ch = chapter.open_chapter(dict(DEFAULTS), base=str(ROOT / "notebooks"), show_note=False)
    assert ch.table_note(["age", "migrated", "training"]).startswith("Every recomputed coefficient here is reproduced (R)")
    mixed = ch.table_note(["education", "training", "income"], "stayers")
    assert "assumed (A): training × education" not in mixed and "income × training" in mixed.split("assumed (A):")[1]
    own = chapter.open_chapter(dict(DEFAULTS, gender="female"), base=str(ROOT / "notebooks"), show_note=False)
    assert own.table_note(["age", "migrated"]).startswith("Every recomputed coefficient here is unconstrained (U)")


def test_a_hypothesis_with_no_printed_number_says_so_in_the_printed_column():
    ch = chapter.open_chapter(dict(DEFAULTS), base=str(ROOT / "notebooks"), show_note=False)
    h3 = ch.check("H3")
    row = chapter.hypotheses_table([h3], ch).split("* - H3")[1].split("\n")
    assert "no number printed" in row[2] and "not supported" not in row[2]
    assert "no number printed" not in row[3]  # the recomputed numbers exist
    h1 = ch.check("H1")
    assert "no number printed" not in chapter.hypotheses_table([h1], ch)
