"""The claim ledger: every synthetic quantity has a class derived from the generator's settings."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from sunshine.report import verdicts
from sunshine.synth import ledger as lg
from sunshine.synth.ledger import Ledger, Quantity
from sunshine.synth.settings import SynthParams

L = Ledger()


def test_every_setting_declares_what_it_fixes():
    """A new generator setting without ``fixes`` metadata would leave its quantities unclassed."""
    for f in fields(SynthParams):
        assert "fixes" in f.metadata, f"SynthParams.{f.name} has no 'fixes' metadata"
        for fix in f.metadata["fixes"]:
            assert fix[0] in lg.KINDS + ("by",), (f.name, fix)


def test_printed_cells_are_reproduced():
    assert L.cls(Quantity("tau", ("training", "migrated"))) == "reproduced"
    assert L.classify(Quantity("tau", ("income", "education"), "migrants")).source.startswith("table2:")
    assert L.cls(Quantity("tau", ("minority_county", "migrated"))) == "reproduced"  # "no significant association"
    assert L.cls(Quantity("count", ("persons",))) == "reproduced"


def test_generator_settings_make_a_quantity_assumed():
    e = L.classify(Quantity("tau", ("training", "income"), "stayers"))
    assert e.cls == "assumed" and e.source == "stayer_training_income_tau"
    assert L.classify(Quantity("share", ("migrated",))).source == "migrant_share"
    assert L.cls(Quantity("count", ("households",))) == "assumed"
    assert L.cls(Quantity("share", ("income",), "migrants")) == "assumed"
    assert L.cls(Quantity("cluster", ("household_id",))) == "assumed"
    # a printed value and an assumption together: assumed
    assert L.cls(Quantity("tau", ("training", "migrated"), by="province")) == "assumed"
    assert L.cls(Quantity("rho", ("training", "income"), "migrants")) == "assumed"


def test_the_rest_is_unconstrained():
    assert L.cls(Quantity("tau", ("age", "income"), "migrants")) == "unconstrained"
    assert L.cls(Quantity("tau", ("training", "migrated"), by="gender")) == "unconstrained"
    assert Ledger(selection="other").cls(Quantity("tau", ("training", "migrated"))) == "unconstrained"
    assert Ledger(selection="province").cls(Quantity("tau", ("training", "migrated"))) == "assumed"


def test_a_setting_changed_from_the_print_is_no_longer_reproduced():
    assert Ledger(settings=replace(SynthParams(), n_persons=900)).cls(Quantity("count", ("persons",))) == "assumed"


def test_own_data_are_observed_and_unmarked():
    own = Ledger(synthetic=False)
    assert own.cls(Quantity("tau", ("training", "income"), "stayers")) == "observed"
    assert own.mark(Quantity("share", ("migrated",))) == "" and own.legend() == ""


def test_marks_and_legend():
    assert L.mark(Quantity("tau", ("training", "income"), "stayers")) == "{sup}`A`"
    assert L.plain_mark(Quantity("tau", ("age", "income"), "migrants")) == " [U]"
    assert all(f"{m}," in L.legend() for m in "RAU")


def test_the_verdict_evidence_of_the_hypotheses_rests_on_reproduced_numbers():
    """No hypothesis verdict of the book rests on an assumed or unconstrained synthetic number."""
    for h in verdicts.HYPOTHESES:
        for p in h.predictions:
            q = Quantity("tau", (p.x, p.y), p.population)
            assert L.cls(q) == "reproduced", (h.key, str(q), L.classify(q).source)


def test_bad_quantities_raise():
    with pytest.raises(ValueError):
        Quantity("mean", ("age",))
    with pytest.raises(ValueError):
        Quantity("tau", ("age",))
    with pytest.raises(ValueError):
        Quantity("share", ("age",), "everyone")
