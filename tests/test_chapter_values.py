"""The values the survey chapters glue into their prose are what the statistics core computes.

The book is built as `make book` builds it, once per test run (``built_book`` in
conftest.py); the executed copies of the chapters that the build leaves in
``_build/.execution/`` are read, their
glued values extracted, and each compared with a recomputation from
``sunshine.data.survey.load()`` with :mod:`sunshine.kendall`, :mod:`sunshine.synth.targets`
and :mod:`sunshine.report.verdicts`. The chapters run with their published defaults
(all persons of both provinces, tau-b, the paper's .01 level, SPSS p-values).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy import stats as sps

from sunshine import kendall
from sunshine.report import verdicts
from sunshine.data.survey import load
from sunshine.runs.glued import glued_values
from sunshine.runs.parameters import DEFAULTS
from sunshine.data.published import load_table
from sunshine.synth.targets import binary_tau_b_bound

pytestmark = pytest.mark.build
ROOT = Path(__file__).resolve().parents[1]
ALPHA = min(DEFAULTS["alpha_levels"].values())
TOL = 1e-12


@pytest.fixture(scope="module")
def glued(built_book) -> dict[str, dict]:
    """Glued values of the survey chapters 4-7, from the build of the book made for the test run (conftest.py)."""
    project = built_book.project
    out = {}
    for stem in ("04_data_and_method", "05_who_migrates", "06_after_migration", "08_discussion"):
        nb = nbformat.read(project.execution_dir / f"{stem}.ipynb", as_version=4)
        out[stem] = glued_values(nb)
    return out


@pytest.fixture(scope="module")
def data():
    return load()


@pytest.fixture(scope="module")
def table1(data):
    return kendall.kendall_matrix(data, ["age", "gender", "education", "migrated", "training"],
                                cluster="household_id", confidence=1 - ALPHA)


@pytest.fixture(scope="module")
def table2(data):
    return kendall.kendall_matrix(data[data["migrated"] == 1], ["education", "training", "income", "remittance"],
                                cluster="household_id", confidence=1 - ALPHA)


# ---------------------------------------------------------------------------
# chapter 5
# ---------------------------------------------------------------------------

def test_ch5_sample_counts(glued, data):
    g = glued["05_who_migrates"]
    assert g["n_sample"] == len(data)
    assert g["n_households"] == data["household_id"].nunique()
    assert g["n_migrants"] == int((data["migrated"] == 1).sum())
    assert g["n_printed"] == int(load_table("table1")["n_printed"].iloc[0])
    assert g["share_migrants"] == pytest.approx(float((data["migrated"] == 1).mean()), abs=TOL)


@pytest.mark.parametrize("a,b", [("migrated", "training"), ("migrated", "education"), ("training", "education"),
                                 ("migrated", "age"), ("migrated", "gender"), ("training", "gender"),
                                 ("education", "age"), ("education", "gender")])
def test_ch5_table1_coefficients(glued, table1, a, b):
    g = glued["05_who_migrates"]
    assert g[f"tau_{a}_{b}"] == pytest.approx(float(table1.tau.loc[a, b]), abs=TOL)
    assert g[f"p_{a}_{b}"] == verdicts.format_p(float(table1.pvalue.loc[a, b]))


def test_ch5_cluster_ratios(glued, table1):
    g = glued["05_who_migrates"]
    long = table1.to_long()
    ratio = long["se_cluster"] / long["ase"]
    assert g["se_ratio_min"] == pytest.approx(float(ratio.min()), abs=TOL)
    assert g["se_ratio_max"] == pytest.approx(float(ratio.max()), abs=TOL)
    assert g["se_ratio_median"] == pytest.approx(float(ratio.median()), abs=TOL)
    p = table1.pair("training", "migrated")
    assert g["se_ratio_training_migrated"] == pytest.approx(p.se_cluster / p.ase, abs=TOL)
    assert g["ci_cl_training_migrated_low"] == pytest.approx(p.ci_cluster[0], abs=TOL)
    assert g["ci_training_migrated_high"] == pytest.approx(p.ci[1], abs=TOL)


def test_ch5_audit_arithmetic(glued, data):
    g = glued["05_who_migrates"]
    n = int(load_table("table1")["n_printed"].iloc[0])
    se0 = np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))
    assert g["se0_no_ties"] == pytest.approx(se0, abs=TOL)
    assert g["z_crit"] == pytest.approx(float(sps.norm.ppf(1 - ALPHA / 2)), abs=1e-9)
    assert g["odd_gt_z_no_ties"] == pytest.approx(0.17588 / se0, rel=1e-12)
    k = kendall.kendall_tau(data["training"], data["gender"])
    se_ties = abs(k.tau / k.statistic) * np.sqrt(k.n / n)
    assert g["odd_gt_se0_ties"] == pytest.approx(se_ties, abs=TOL)
    assert g["odd_gt_p_ties"] == verdicts.format_p(float(2 * sps.norm.sf(0.17588 / se_ties)))


def test_ch5_star_audit_under_both_null_variances(glued, data):
    """The odd cells' z without the tie correction, and the summary of what depends on the choice."""
    from sunshine.kendall.inference import tau_b_null_z

    g = glued["05_who_migrates"]
    t1 = load_table("table1").set_index(["row_var", "column_var"])
    n = int(t1["n_printed"].iloc[0])
    ties = [data[c].value_counts().to_numpy() * n / len(data) for c in ("training", "gender")]
    z = tau_b_null_z(float(t1.loc[("training", "gender"), "value"]), n, *ties, tie_corrected=False)
    assert g["odd_gt_z_uncorrected"] == pytest.approx(abs(z), rel=1e-9)
    assert abs(z) > g["z_crit"]  # so the conclusion "cannot honestly be missing" holds under either variance
    assert g["odd_gt_conclusion"].startswith("A coefficient of the printed size")


def test_ch5_text_claims(glued, data):
    g = glued["05_who_migrates"]
    for key, col in (("tau_distance_migrated", "distance_city_km"), ("tau_minority_migrated", "minority_county")):
        assert g[key] == pytest.approx(kendall.kendall_tau(data[col], data["migrated"]).tau, abs=TOL)
    mig = data[data["migrated"] == 1]
    assert g["tau_minority_network"] == pytest.approx(
        kendall.kendall_tau(mig["minority_county"], mig["network_job_info"]).tau, abs=TOL)
    band = data["age"].between(14, 60)
    assert g["age_band_n_in"] == int(band.sum())
    assert g["age_band_rate_in"] == pytest.approx(float(data.loc[band, "migrated"].mean()), abs=TOL)


def recomputed(result, pairs, labels=None):
    """Verdict records of Table cells by the rule: household-clustered interval at the paper's level."""
    labels = labels or [f"{b} and {a}" for a, b in pairs]
    return [verdicts.Evidence.from_pair(lab, result.pair(a, b), 1, ALPHA) for lab, (a, b) in zip(labels, pairs)]


def test_ch5_verdict(glued, table1):
    g = glued["05_who_migrates"]
    ev = recomputed(table1, [("migrated", "education"), ("migrated", "training")],
                    ["education and migration", "training and migration"])
    v = verdicts.hypothesis_verdict("Hypothesis 1", ev)
    assert g["h1_label"] == v.label
    # the chapter's sentence is the same, with the claim ledger's marks after each value
    assert g["h1_verdict"].replace("{sup}`R`", "") == v.sentence


# ---------------------------------------------------------------------------
# chapter 6
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [("income", "education"), ("income", "training"), ("remittance", "education"),
                                 ("remittance", "training"), ("remittance", "income"), ("training", "education")])
def test_ch6_table2_coefficients(glued, table2, a, b):
    g = glued["06_after_migration"]
    assert g[f"tau_{a}_{b}"] == pytest.approx(float(table2.tau.loc[a, b]), abs=TOL)
    assert g[f"p_{a}_{b}"] == verdicts.format_p(float(table2.pvalue.loc[a, b]))


@pytest.mark.parametrize("population", ["stayers", "migrants"])
def test_ch6_training_income_and_bounds(glued, data, population):
    g = glued["06_after_migration"]
    grp = data[data["migrated"] == (1 if population == "migrants" else 0)]
    x, y = grp["training"].to_numpy(float), grp["income"].to_numpy(float)
    assert g[f"{population}_n"] == len(grp)
    assert g[f"{population}_n1"] == int((x == 1).sum())
    assert g[f"{population}_tau"] == pytest.approx(kendall.kendall_tau(x, y).tau, abs=TOL)
    assert g[f"{population}_rho"] == pytest.approx(float(sps.spearmanr(x, y).statistic), abs=TOL)
    assert g[f"{population}_tau_bound"] == pytest.approx(binary_tau_b_bound(x, y), abs=TOL)
    p = (x == 1).mean()
    assert g[f"{population}_tau_bound_continuous"] == pytest.approx(np.sqrt(2 * p * (1 - p)), abs=TOL)
    printed = load_table("text_coefficients")
    b = printed[(printed["population"] == population) & (printed["statistic"] == "tau_b")]["value"].iloc[0]
    assert g[f"{population}_printed_b"] == pytest.approx(b, abs=TOL)


def test_ch6_impossibility_conclusions(glued):
    g = glued["06_after_migration"]
    assert g["tau_bound_max"] == pytest.approx(np.sqrt(0.5), abs=TOL)
    # the printed stayers' b is beyond any yes/no variable's reach; the migrants' b and r cannot go together
    assert abs(g["stayers_printed_b"]) > g["tau_bound_max"]
    assert g["stayers_b_attainable"].startswith("cannot be attained")
    assert abs(g["migrants_printed_r"]) > g["migrants_rho_max_given_b"]
    assert g["migrants_r_attainable"] == "cannot go together"


def test_ch6_verdicts(glued, data, table2):
    g = glued["06_after_migration"]
    pairs = [("income", "education"), ("remittance", "education"), ("income", "training"), ("remittance", "training")]
    ev = recomputed(table2, pairs)
    assert g["h2_label"] == verdicts.hypothesis_verdict("Hypothesis 2", ev).label
    mig = data[data["migrated"] == 1]
    k1 = kendall.kendall_tau(data["minority_county"], data["migrated"], cluster=data["household_id"].to_numpy())
    k2 = kendall.kendall_tau(mig["minority_county"], mig["network_job_info"], cluster=mig["household_id"].to_numpy())
    assert g["tau_minority_migrated"] == pytest.approx(k1.tau, abs=TOL)
    assert g["tau_minority_network"] == pytest.approx(k2.tau, abs=TOL)
    h3 = verdicts.hypothesis_verdict("Hypothesis 3", [verdicts.Evidence.from_pair("a", k1, 1, ALPHA),
                                                      verdicts.Evidence.from_pair("b", k2, 1, ALPHA)])
    assert g["h3_label"] == h3.label


def test_ch6_h2_with_and_without_the_reconstructed_cell(glued):
    g = glued["06_after_migration"]
    printed = verdicts.printed_evidence(next(h for h in verdicts.HYPOTHESES if h.key == "H2"),
                                        load_table("table2"))
    without = [e for e in printed if e.label != "education and income"]
    assert g["h2_printed_all_label"] == verdicts.hypothesis_verdict("H2", printed).label
    assert g["h2_without_ei_label"] == verdicts.hypothesis_verdict("H2", without).label
    # the page says the reconstruction changes the label, and both readings lean against it
    assert g["h2_printed_all_label"] != g["h2_without_ei_label"]
    assert g["h2_printed_lean"].startswith("leans against") and g["h2_without_ei_lean"].startswith("leans against")


def test_ch6_star_audit_of_table2_n(glued, data):
    g = glued["06_after_migration"]
    n_mig = int((data["migrated"] == 1).sum())
    z = float(sps.norm.isf(ALPHA / 2))
    se = lambda n: np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))  # Kendall & Gibbons (1990), eq. 4.7
    assert g["t2_tau_crit_printed"] == pytest.approx(z * se(2351), rel=1e-12)
    assert g["t2_tau_crit_migrants"] == pytest.approx(z * se(n_mig), rel=1e-12)
    t2 = load_table("table2")
    unstarred = t2[~t2["is_diagonal"] & (t2["stars_printed"] == 0)]["value"].abs()
    assert g["t2_flips_printed"] == int((unstarred > z * se(2351)).sum())
    assert g["t2_flips_migrants"] == int((unstarred > z * se(n_mig)).sum())
    # with the data's ties (the null SE of the data's tau-b, rescaled to the printed n)
    mig = data[data["migrated"] == 1]
    cells = t2[~t2["is_diagonal"] & (t2["stars_printed"] == 0)]
    flips_ties = 0
    for r in cells.itertuples():
        k = kendall.kendall_tau(mig[r.row_var], mig[r.column_var])
        se0 = abs(k.tau / k.statistic) * np.sqrt(k.n / 2351)
        flips_ties += abs(r.value) > z * se0
    assert g["t2_flips_printed_ties"] == flips_ties
    # the sentence says "agree" exactly when both variances give the same counts' reading
    agree = (g["t2_flips_printed"] > 0) == (flips_ties > 0)
    assert g["t2_stars_n"].startswith("Both variances agree") == agree


def test_ch6_cluster_ratios_are_the_household_clustered_over_spss(glued, table2):
    g = glued["06_after_migration"]
    long = table2.to_long()
    ratio = long["se_cluster"] / long["ase"]
    assert g["t2_se_ratio_min"] == pytest.approx(float(ratio.min()), rel=1e-12)
    assert g["t2_se_ratio_max"] == pytest.approx(float(ratio.max()), rel=1e-12)
    assert "{sup}`A`" in g["t2_se_ratio_max_md"]  # a generator setting, marked as assumed


def test_ch6_solutions_say_what_their_output_shows(glued, data):
    """Each ch. 6 solution that states a number or a comparison, checked against its own output."""
    g = glued["06_after_migration"]
    # ex-06-binary-max: the largest |rho| that the printed b allows is below the printed |r|
    assert g["sol06_rho_max"] < g["sol06_r_abs"]
    assert g["sol06_ratio"] <= g["sol06_ratio_limit"]
    assert g["sol06_ratio_limit"] * 0.304 < g["sol06_r_abs"]  # "does not depend on the number of migrants"
    # ... and rho is tied to tau-b by the ratio: |rho| <= ratio |tau-b| in the data too
    assert abs(g["sol06_rho"]) <= g["sol06_ratio"] * abs(g["sol06_tau"]) + 1e-12
    # ex-06-garbled: the count of impossible prints is the chapter's count of garbled cells
    assert g["sol06_n_garbled"] == g["t2_corrected"]
    # ex-06-cluster: "both intervals exclude zero"; the width ratio is what the interval ends give
    assert g["sol06_ci_low"] > 0 and g["sol06_cci_low"] > 0
    assert g["sol06_width_ratio"] == pytest.approx(
        (g["sol06_cci_high"] - g["sol06_cci_low"]) / (g["sol06_ci_high"] - g["sol06_ci_low"]), rel=1e-12)


# ---------------------------------------------------------------------------
# a rerun with other parameters rewrites the verdicts from the new sample
# ---------------------------------------------------------------------------

def test_ch6_rerun_on_a_subsample_rewrites_the_verdict(tmp_path, data):
    from sunshine.runs import executor  # papermill, in a warm kernel

    out = tmp_path / "06.ipynb"
    executor.execute(ROOT / "notebooks" / "06_after_migration.ipynb", out,
                     {"provinces": ["Ningxia"], "age_max": 40}, cwd=ROOT / "notebooks")
    g = glued_values(nbformat.read(out, as_version=4))
    sub = data[(data["province"] == "Ningxia") & (data["age"] <= 40)]
    mig = sub[sub["migrated"] == 1]
    res = kendall.kendall_matrix(mig, ["education", "training", "income", "remittance"],
                                 cluster="household_id", confidence=1 - ALPHA)
    pairs = [("income", "education"), ("remittance", "education"), ("income", "training"), ("remittance", "training")]
    v = verdicts.hypothesis_verdict("Hypothesis 2", recomputed(res, pairs))
    assert g["n_migrants_t2"] == len(mig) and g["n_stayers"] == len(sub) - len(mig)
    assert g["h2_label"] == v.label
    paper_agrees = v.label == verdicts.NOT_SUPPORTED
    assert g["h2_paper"].startswith("This agrees") == paper_agrees


# ---------------------------------------------------------------------------
# the claim ledger: every synthetic number a chapter glues with a mark carries one
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("stem", ["04_data_and_method", "05_who_migrates", "06_after_migration"])
def test_every_marked_synthetic_number_has_its_class(glued, stem):
    marked = {k: v for k, v in glued[stem].items() if k.endswith("_md")}
    assert marked, f"{stem} glues no synthetic number with its ledger mark"
    unmarked = [k for k, v in marked.items() if not any(f"{{sup}}`{m}`" in str(v) for m in "RAU")]
    assert not unmarked, f"{stem}: synthetic numbers glued without a ledger class: {unmarked}"


def test_chapter_7_claims_rest_on_reproduced_numbers_only(glued):
    g = glued["08_discussion"]
    # the verdicts' evidence is reproduced; the stayers' assumed coefficient carries no claim
    assert "{sup}`A`" not in g["h1_recomputed_sentence"] + g["h2_recomputed_sentence"]
    assert "cannot judge" in g["f3_sentence"] and "stayer_training_income_tau" in g["f3_sentence"]
