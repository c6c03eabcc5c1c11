"""The synthetic-data generator: determinism, attainability report, building blocks.

Bounds used as reference values (Kendall & Gibbons 1990, Rank Correlation
Methods, 5th ed., ch. 3; derivations in ``sunshine.synth.targets``):

* binary x with n1 ones and n0 zeros: only the n1*n0 mixed pairs are untied in
  x, so |S| <= n1*n0 and |tau_b| <= sqrt(n1*n0 / T_y) (T_y = pairs untied in y);
  for an untied y this is sqrt(2*n1*n0/(n(n-1))) -> sqrt(2p(1-p)) <= .707;
* Spearman's rho with a binary x (Mann-Whitney identity for mid-ranks):
  rho = tau_b * sqrt(3n / (2(n+1))) when y is untied.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sunshine import cli
from sunshine.data.survey import DEFAULT_FILE, recorded_sha256
from sunshine.synth import SynthParams, generate
from sunshine.synth import copula, marginals as mg, refine, targets as tg
from sunshine.files import sha256_file
from sunshine.synth.io import report_json, to_csv_bytes


@pytest.fixture(scope="module")
def built():
    """The default build (seed 2009, exact mode), made once for this module."""
    return generate(SynthParams(seed=2009), progress=False)


# -- determinism -------------------------------------------------------------------

@pytest.mark.slow
def test_rebuild_is_byte_identical_to_committed_file(built):
    digest = hashlib.sha256(to_csv_bytes(built.data)).hexdigest()
    assert digest == recorded_sha256()
    assert sha256_file(DEFAULT_FILE) == recorded_sha256()


def test_codebook_readme_records_the_hash():
    readme = (DEFAULT_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert recorded_sha256() in readme and "synthetic" in readme.lower()


def test_report_is_deterministic_and_committed(built):
    committed = (DEFAULT_FILE.with_suffix(".report.json")).read_text(encoding="utf-8")
    assert report_json(built) == committed


@pytest.mark.slow
def test_other_seed_gives_other_data():
    a = generate(SynthParams(seed=1, mode="copula", n_persons=300), progress=False).data
    b = generate(SynthParams(seed=2, mode="copula", n_persons=300), progress=False).data
    assert not a.equals(b)


# -- the report ---------------------------------------------------------------------

def _row(report, ident):
    return report.set_index("id").loc[ident]


def test_every_attainable_table_cell_reproduced(built):
    rep = built.report
    tables = rep[rep["source"].isin(["table1", "table2"])]
    assert len(tables) == 16
    assert (tables["status"] == "reproduced").all()
    assert tables["error"].abs().max() <= 0.0005
    assert tables["attainable"].all()


def test_stayers_b_is_unattainable_with_the_arithmetic(built):
    df, rep = built.data, built.report
    row = _row(rep, "text:stayers:tau_b:trainingxincome")
    assert row["status"] == "unattainable" and not row["attainable"]
    stay = df[df["migrated"] == 0]
    n1 = int(stay["training"].sum())
    n0 = len(stay) - n1
    _, t = np.unique(stay["income"], return_counts=True)
    t_y = len(stay) * (len(stay) - 1) / 2 - np.sum(t * (t - 1) / 2)
    bound = np.sqrt(n1 * n0 / t_y)
    assert row["bound"] == pytest.approx(bound, abs=1e-6)
    assert bound < 0.3 < 0.916
    assert abs(row["achieved"]) <= bound
    assert "sqrt(2p(1-p))" in row["reason"]
    # Whatever the share trained, even an income with no ties caps |tau_b| below .916:
    # the bound of every split of these stayers, largest at an even split (p = .5).
    n = len(stay)
    splits = np.arange(1, n)
    bounds = np.array([tg.binary_tau_b_bound((np.arange(n) < n1).astype(int), np.arange(n)) for n1 in splits])
    assert bounds.max() < 0.916
    assert abs(splits[bounds.argmax()] - n / 2) <= 1
    assert bounds.max() == pytest.approx(np.sqrt(n / (2 * (n - 1))), abs=1e-9)


def test_spearman_targets_flagged(built):
    rep = built.report
    stay_r = _row(rep, "text:stayers:spearman_rho:trainingxincome")
    assert stay_r["status"] == "unattainable" and stay_r["bound"] < 0.925
    mig_r = _row(rep, "text:migrants:spearman_rho:trainingxincome")
    assert mig_r["status"] == "unattainable" and "jointly" in mig_r["reason"]
    n = int(mig_r["n"])
    assert abs(mig_r["achieved"]) <= np.sqrt(3 * n / (2 * (n + 1))) * 0.3045 < 0.406


def test_impossible_prints_flagged_and_readings_used(built):
    rep = built.report
    row = _row(rep, "table2:migrants:tau_b:incomexeducation")
    assert row["printed_value"] == pytest.approx(1.43) and "impossible" in row["reason"]
    assert abs(row["achieved"] - 0.143) <= 0.0005
    assert "impossible" in _row(rep, "table2:migrants:tau_b:remittancextraining")["reason"]


def test_qualitative_statements_hold(built):
    rep = built.report
    q = rep[rep["status"].str.startswith("qualitative")]
    assert len(q) == 3 and (q["status"] == "qualitative: holds").all()
    assert (q["pvalue"] > 0.01).all()


def test_household_dependence_in_migration(built):
    """One-way ANOVA intraclass correlation of migration within households (> 0)."""
    df = built.data
    g = df.groupby("household_id")["migrated"]
    k, n, a = g.size(), len(df), df["household_id"].nunique()
    msb = (k * (g.mean() - df["migrated"].mean()) ** 2).sum() / (a - 1)
    msw = ((df["migrated"] - g.transform("mean")) ** 2).sum() / (n - a)
    k0 = (n - (k ** 2).sum() / n) / (a - 1)
    assert (msb - msw) / (msb + (k0 - 1) * msw) > 0.1
    assert 450 <= a <= 600 and df.groupby("household_id").size().max() <= 10


def test_marginals_kept_exactly(built):
    df = built.data
    assert (df["education"].value_counts().sort_index().to_numpy()
            == mg.largest_remainder(np.array(SynthParams().education_shares), 2351)).all()
    assert int(df["migrated"].sum()) == built.info["binary_counts"]["migrated"]
    assert built.info["latent"]["table1"]["repaired"] is False


# -- building blocks -------------------------------------------------------------------

def test_binary_bound_is_attained_by_perfect_separation():
    """sqrt(n1 n0 / T_y) is reached when the ones hold the largest y values."""
    n, n1 = 200, 37
    y = np.arange(n, dtype=float)
    x = (y >= n - n1).astype(float)
    bound = tg.binary_tau_b_bound(x, y)
    assert bound == pytest.approx(np.sqrt(2 * n1 * (n - n1) / (n * (n - 1))))
    assert stats.kendalltau(x, y).statistic == pytest.approx(bound)


def test_spearman_tau_identity_for_binary_x():
    rng = np.random.default_rng(3)
    n = 500
    x = (rng.random(n) < 0.3).astype(float)
    y = rng.standard_normal(n) - x
    ratio = stats.spearmanr(x, y).statistic / stats.kendalltau(x, y).statistic
    assert ratio == pytest.approx(tg.spearman_over_tau_bound(n), rel=1e-10)


def test_phi_granularity_and_binary_counts():
    n = 2351
    assert tg.phi(570, 707, 635, n) - tg.phi(569, 707, 635, n) == pytest.approx(
        n / np.sqrt(707 * (n - 707) * 635 * (n - 635)))
    chosen = tg.binary_counts(n, {"gender": .49, "migrated": .30, "training": .27},
                              {("training", "migrated"): .792}, tol=.0003)
    c, ph = chosen["joint"][("training", "migrated")]
    assert abs(ph - .792) <= .0003


def test_population_tau_b_matches_known_cases():
    a, b = mg.lognormal("a", 100, .5), mg.lognormal("b", 100, .9)
    assert copula.population_tau_b(a, b, .5) == pytest.approx(2 / np.pi * np.arcsin(.5))
    m, t = mg.binary("m", .3), mg.binary("t", .27)
    p = copula.cell_probabilities(m, t, .9)
    phi = (p[1, 1] - .3 * .27) / np.sqrt(.3 * .7 * .27 * .73)
    assert copula.population_tau_b(m, t, .9) == pytest.approx(phi)
    # the largest phi for these margins (Frechet bound)
    assert copula.tau_b_range(m, t)[1] == pytest.approx(np.sqrt(.27 * .7 / (.3 * .73)))
    # a large draw agrees with the population value of an ordinal x binary pair
    e = mg.discrete("e", [1, 2, 3, 4, 5], [.15, .33, .38, .11, .03])
    rho = copula.latent_for_tau(e, m, -.203)
    z = np.random.default_rng(0).multivariate_normal([0, 0], [[1, rho], [rho, 1]], 100_000)
    x, y = e.from_uniform(stats.norm.cdf(z[:, 0])), m.from_uniform(stats.norm.cdf(z[:, 1]))
    assert stats.kendalltau(x, y).statistic == pytest.approx(-.203, abs=.006)
    # ties matter: for a rare binary x continuous pair sin(pi tau / 2) is far off
    rare = copula.latent_for_tau(mg.binary("r", .1), a, .2)
    assert rare == pytest.approx(.4333, abs=1e-3) and np.sin(np.pi * .2 / 2) < .31


def test_unattainable_tau_raises():
    with pytest.raises(ValueError, match="outside attainable range"):
        copula.latent_for_tau(mg.binary("a", .2), mg.binary("b", .3), .792)


def test_non_pd_matrix_is_repaired_and_reported():
    ms = {k: mg.lognormal(k, 1, .5) for k in "abc"}
    lat = copula.solve_latent_matrix(ms, {("a", "b"): .7, ("a", "c"): .7, ("b", "c"): -.7})
    assert lat.min_eigenvalue < 0
    assert np.linalg.eigvalsh(lat.repaired.to_numpy()).min() > 0
    assert len(lat.moved) == 3 and (lat.moved["change"].abs() > .01).all()


def test_refine_reaches_targets_and_keeps_marginals():
    rng = np.random.default_rng(5)
    n = 400
    d = {"x": rng.integers(1, 6, n).astype(float), "y": rng.standard_normal(n).round(2)}
    before = {k: np.sort(v.copy()) for k, v in d.items()}
    t = refine.PairTarget("x-y", "x", "y", np.ones(n, bool), .2996, .3004)
    info = refine.refine(d, [t], {"x": np.zeros(n, int), "y": np.zeros(n, int)}, rng,
                         progress=False)
    assert info["converged"]
    assert abs(stats.kendalltau(d["x"], d["y"]).statistic - .3) <= .0004
    for k in d:
        assert (np.sort(d[k]) == before[k]).all()


@pytest.mark.parametrize("field, value", [("migrant_share", 1.5), ("mode", "exactly"),
                                           ("education_shares", (.5, .5)), ("tolerance", .01),
                                           ("household_icc", -.1), ("n_persons", 10),
                                           ("age_structure", "children"), ("child_share", .7),
                                           ("gender_coding", "1=male"), ("education_coding", "up"),
                                           ("reading_training_gender", .17588),
                                           ("table2_population", "stayers"),
                                           ("income_lower_tail", 0.0)])
def test_parameters_validated_with_their_name(field, value):
    with pytest.raises(ValueError, match=field):
        SynthParams(**{field: value}).validate()


def test_icc_too_large_names_parameter():
    with pytest.raises(ValueError, match="household_icc"):
        generate(SynthParams(household_icc=.99), progress=False)


# -- command line ----------------------------------------------------------------------

def test_cli_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "mine.csv"
    out.write_text("precious\n")
    assert cli.main(["synth", "--out", str(out), "--quiet"]) == 2
    assert out.read_text() == "precious\n"
    assert "--force" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_population_mode_and_bad_parameter(tmp_path, capsys):
    out = tmp_path / "draw.csv"
    assert cli.main(["synth", "--mode", "population", "--seed", "3", "--out", str(out),
                     "--set", "n_persons=400", "--quiet"]) == 0
    df = pd.read_csv(out)
    assert len(df) == 400 and (tmp_path / "draw.report.json").exists()
    assert cli.main(["synth", "--out", str(tmp_path / "x.csv"), "--set", "migrant_share=2"]) == 2
    assert "migrant_share" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_cli_help_shows_examples(capsys):
    with pytest.raises(SystemExit):
        cli.main(["synth", "--help"])
    text = capsys.readouterr().out
    assert "examples:" in text and "--seed 2009" in text and "SYNTHETIC" in text


def test_assess_survives_a_constant_variable():
    # A women-only subsample makes gender constant: tau-b and its bound are undefined, not an error.
    from sunshine.data import survey
    from sunshine.synth import assess
    from sunshine.synth.targets import binary_tau_b_bound

    frame = survey.load()
    report = assess(frame[frame["gender"] == 1])
    assert len(report) > 0
    assert np.isnan(binary_tau_b_bound(np.ones(10), np.arange(10)))


# -- sample design, codings, readings (issue 20) ------------------------------------------

def test_unattainable_tau_is_an_infeasible_draw():
    with pytest.raises(tg.InfeasibleDraw, match="outside attainable range"):
        copula.latent_for_tau(mg.binary("a", .2), mg.binary("b", .3), .792)


def test_restricted_binary_range_matches_brute_force():
    # Every placement of m ones among the eligible persons (small n): the extremes of tau-b
    # (Kendall & Gibbons 1990, ch. 3) are the ones the exchange argument predicts.
    import itertools
    y = np.array([3., 1, 4, 1, 5, 9, 2, 6])
    eligible = np.array([True, False, True, True, True, False, True, True])
    m = 3
    taus = []
    for chosen in itertools.combinations(np.flatnonzero(eligible), m):
        x = np.zeros(len(y))
        x[list(chosen)] = 1
        taus.append(stats.kendalltau(x, y).statistic)
    lo, hi = tg.restricted_binary_range(y, eligible, m)
    assert lo == pytest.approx(min(taus)) and hi == pytest.approx(max(taus))


def test_codings_and_readings_change_the_targets():
    base = {t.id: t for t in tg.targets_for(SynthParams())}
    published = tg.published_targets()
    assert len(base) == len(published) and all(
        a.id == b.id and (a.value == b.value or np.isnan(a.value) and np.isnan(b.value))
        for a, b in zip(base.values(), published))
    flipped = {t.id: t for t in tg.targets_for(SynthParams(gender_coding="male=1",
                                                           education_coding="descending",
                                                           reading_training_gender=.176))}
    for i, t in base.items():
        if t.kind != "numeric":
            continue
        pair = {t.row_var, t.column_var}
        sign = (-1) ** (("gender" in pair) + ("education" in pair))
        expect = .176 * sign if t.source == "table1" and pair == {"training", "gender"} else t.value * sign
        assert flipped[i].value == pytest.approx(expect), i
    assert tg.conflicts(list(base.values())) == []


def test_table2_on_all_persons_is_infeasible_by_arithmetic():
    # Table II's training x education (.037) and Table I's (-.198) become one pair on one set
    # of persons (data/published/table1.csv, table2.csv).
    with pytest.raises(tg.InfeasibleDraw, match="trainingxeducation"):
        generate(SynthParams(table2_population="all"), progress=False)


def test_household_design_beyond_its_child_share_bound_is_infeasible():
    # With no child migrants, -.321 is out of reach once children are a fifth of the sample:
    # the bound is restricted_binary_range on the age margin (checked by brute force above).
    with pytest.raises(tg.InfeasibleDraw, match="migratedx age"):
        generate(SynthParams(age_structure="household", child_share=.2), progress=False)


@pytest.fixture(scope="module")
def household():
    """A household-design build: children under 14 included."""
    return generate(SynthParams(age_structure="household", child_share=.08), progress=False)


@pytest.mark.slow
def test_household_design_reproduces_the_tables_with_children_who_stay(household):
    d, rep = household.data, household.report
    kids = d[d["age"] < 14]
    assert len(kids) == mg.household_ages(.08, 14, 70, 38, 14).exact_sample(2351).__lt__(14).sum()
    assert kids["migrated"].eq(0).all() and kids["training"].eq(0).all()
    assert (kids["education"].to_numpy() == mg.school_ladder(kids["age"].to_numpy())).all()
    tables = rep[rep["source"].isin(["table1", "table2"])]
    assert (tables["status"] == "reproduced").all()


def test_two_piece_lognormal_is_lognormal_above_the_median():
    u = np.array([.05, .25, .5, .75, .95])
    plain = stats.lognorm(s=.6, scale=9000).ppf(u)
    heavy = mg.two_piece_lognormal("income", 9000, .6, 2.0).ppf(u)
    assert heavy[2:] == pytest.approx(plain[2:])
    # below the median the log distance doubles: log(Q(u)/median) = 2 * .6 * Phi^-1(u)
    assert np.log(heavy[:2] / 9000) == pytest.approx(2 * np.log(plain[:2] / 9000))


def test_child_share_limit_is_where_the_exact_range_stops_covering_the_print():
    from sunshine.synth import sample_design as sd

    limit = sd.child_share_limit("migrated x age", step=0.01)
    printed = -0.321  # data/published/table1.csv, Migration x Age
    lo_in, _ = sd.cell_ranges(limit)["migrated x age"]
    lo_out, _ = sd.cell_ranges(limit + 0.01)["migrated x age"]
    assert lo_in <= printed < lo_out
    # the generator refuses the same draws: the ladder of bounds is the one it checks
    table = sd.child_share_table(shares=(limit, limit + 0.01))
    assert table.loc[table["cell"] == "migrated x age", "attainable"].tolist() == [True, False]


def test_age_education_pattern_counts_every_person(built):
    from sunshine.synth import sample_design as sd

    pattern = sd.age_education_pattern(built.data)
    assert pattern["persons"].sum() == len(built.data)
    means = built.data.groupby(pd.cut(built.data["age"], sd.AGE_BANDS, right=False), observed=True)["education"].mean()
    assert pattern["mean_education"].tolist() == means.round(2).tolist()


def test_education_age_range_matches_brute_force_over_the_adults_orders():
    # Children's levels fixed by the ladder, the adults' levels (the codebook's shares for six
    # adults, by largest remainder) permuted in every way: the extremes of tau-b are the ones
    # the generator checks (pipeline._education_age_range, used by sample_design.cell_ranges).
    import itertools
    from sunshine.synth.pipeline import _education_age_range

    p = SynthParams()
    age = np.array([3., 9, 13, 14, 20, 20, 35, 51, 66])
    levels = mg.discrete("education", [1, 2, 3, 4, 5], p.education_shares).exact_sample(6)
    edu = np.empty(len(age))
    edu[:3] = mg.school_ladder(age[:3])
    taus = []
    for perm in set(itertools.permutations(levels)):
        edu[3:] = perm
        taus.append(stats.kendalltau(age, edu).statistic)
    lo, hi = _education_age_range(p, age)
    assert lo == pytest.approx(min(taus)) and hi == pytest.approx(max(taus))
