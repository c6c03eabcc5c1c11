"""Identification: classes derived from the print, analytic bounds against brute force, witnesses."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

from sunshine.kendall.inference import z_critical
from sunshine.synth import ensemble_run, ensemble_summary as es, identification as idf
from sunshine.synth import targets as tg
from sunshine.synth import witness as W


def _tau(x, y):
    return kendalltau(x, y, variant="b").statistic


# ---------------------------------------------------------------- analytic bounds, brute force

@pytest.mark.parametrize("totals,n1", [([2, 1, 3], 3), ([1, 2, 2, 1], 2), ([3, 3], 2), ([1, 1, 1, 1, 2], 4)])
def test_binary_tau_range_is_the_brute_force_range(totals, n1):
    """The LP bounds are attained and never beaten by any table with these margins."""
    y = np.repeat(np.arange(len(totals)), totals)
    taus = [_tau(np.isin(np.arange(len(y)), ones).astype(int), y)
            for ones in itertools.combinations(range(len(y)), n1)]
    lo, hi = idf.binary_tau_range(np.array(totals), n1)
    assert lo == pytest.approx(min(taus)) and hi == pytest.approx(max(taus))


@pytest.mark.parametrize("n1,n0", [(1, 5), (2, 4), (3, 3), (2, 5)])
def test_binary_tau_bound_is_the_largest_over_every_arrangement(n1, n0):
    y = np.arange(n1 + n0)
    best = max(abs(_tau(np.isin(y, ones).astype(int), y))
               for ones in itertools.combinations(range(n1 + n0), n1))
    assert tg.binary_tau_b_bound(np.isin(y, range(n1)).astype(int), y) == pytest.approx(best)


def test_share_bound_is_the_smallest_share_that_reaches_tau():
    n = 9
    y = np.arange(n)

    def bound(k):
        return tg.binary_tau_b_bound((y < k).astype(int), y)

    for n1 in range(1, 5):
        tau = bound(n1)
        # brute force: the smallest rarer group whose best arrangement reaches tau
        smallest = min(k for k in range(1, 5) if bound(k) >= tau - 1e-12)
        assert idf.binary_tau_share_bound(tau - 1e-12, n) == pytest.approx(smallest / n)
    with pytest.raises(ValueError, match="no share"):
        idf.binary_tau_share_bound(0.99, n)


def test_bearable_design_effect_is_where_the_stars_go():
    tau, se = 0.2, 0.02
    d = idf.bearable_design_effect(tau, se)
    assert tau / (se * np.sqrt(d)) == pytest.approx(z_critical(0.01))
    assert tau / (se * np.sqrt(d * 1.01)) < z_critical(0.01) < tau / (se * np.sqrt(d * 0.99))
    z = np.array([tau / se, -tau / se])  # the z statistics, as the design-effect table passes them
    assert idf.bearable_design_effect(z, 1.0) == pytest.approx([d, d])


def test_partial_tau_interval_against_a_grid():
    box = [(0.7915, 0.7925), (-0.3085, -0.3075), (-0.3215, -0.3205)]
    lo, hi = idf.partial_tau_interval(box)
    grid = np.array(list(itertools.product(*[np.linspace(a, b, 11) for a, b in box])))
    vals = (grid[:, 0] - grid[:, 1] * grid[:, 2]) / np.sqrt((1 - grid[:, 1] ** 2) * (1 - grid[:, 2] ** 2))
    assert lo <= vals.min() + 1e-12 and hi >= vals.max() - 1e-12
    assert lo == pytest.approx(vals.min(), abs=1e-9) and hi == pytest.approx(vals.max(), abs=1e-9)


def test_untrained_share_from_phi_matches_a_table():
    # 100 persons, 30 migrants, 30 trained, 25 both: phi from the table
    a, m, t, n = 25, 30, 30, 100
    phi = tg.phi(a, t, m, n)
    assert idf.untrained_migrant_share(phi, m / n, t / n) == pytest.approx(1 - a / m)


# ---------------------------------------------------------------- classes derived, not typed

def test_classes_follow_the_published_cells(monkeypatch):
    classes = {name: idf.classify(name) for name, *_ in es.QUANTITIES}
    assert classes["partial_tau"] == idf.ARITHMETIC
    assert classes["table1_training_migrated"] == idf.INPUT
    assert classes["text_minority_network"] == idf.IMPOSED
    assert classes["logit_education"] == idf.OPEN
    # drop the printed training x age cell: the partial tau is no longer arithmetic
    real = tg.published_targets()
    monkeypatch.setattr(tg, "published_targets", lambda: [
        t for t in real if {t.row_var, t.column_var} != {"training", "age"}])
    assert idf.classify("partial_tau") == idf.OPEN
    # and a table cell that is not printed is open, not input
    monkeypatch.setattr(tg, "published_targets", lambda: [
        t for t in real if {t.row_var, t.column_var} != {"gender", "age"}])
    assert idf.classify("table1_gender_age") == idf.OPEN


def test_summary_statuses_follow_members_and_witnesses():
    members = ensemble_run.load_results(check=False)["members"].head(20)
    base = es.summary_table(members).set_index("quantity")
    assert set(base["status"]) <= {es.PROVED, es.ROBUST, es.NOT_SETTLED}
    assert base.loc["partial_tau", "status"] == es.PROVED
    q = "logit_education"
    first = members.iloc[0]
    flip = -np.sign(first[q]) * 0.5
    fake = pd.DataFrame([{"quantity": q, "direction": 1, "member": int(first["member"]), "seed": 7,
                          "column": "education", "swaps": 300, "start": first[q], "value": flip,
                          "pvalue": 1e-4, "reproduces": True, "seconds": 1.0,
                          f"res_{q}": flip, f"res_{q}_p": 1e-4}])
    table = es.summary_table(members, fake).set_index("quantity")
    assert table.loc[q, "status"] == es.NOT_SETTLED
    assert "seed 7" in table.loc[q, "witness"]
    fake["reproduces"] = False  # a data set that misses the print refutes nothing
    assert es.summary_table(members, fake).set_index("quantity").loc[q, "witness"] == \
        base.loc[q, "witness"]



def test_a_flip_refutes_only_between_data_sets_that_read_the_codings_alike():
    """Members that assume opposite codings of education read one printed sign as opposite associations."""
    members = ensemble_run.load_results(check=False)["members"].head(4).copy()
    members["education_coding"] = ["ascending", "ascending", "descending", "descending"]
    members["logit_education"], members["logit_education_p"] = [0.2, 0.3, -0.2, -0.25], 1e-5
    members["table1_migrated_education"] = [0.203, 0.203, -0.203, -0.203]
    members["table1_migrated_education_pc"] = 1e-20
    row = es.summary_table(members).set_index("quantity").loc["logit_education"]
    assert row["status"] == es.NOT_SETTLED and row["witness"] == ""
    assert "turns on how the paper coded education" in row["condition"]
    assert "education coded ascending: positive, significant" in row["condition"]
    printed = es.summary_table(members).set_index("quantity").loc["table1_migrated_education"]
    assert printed["status"] == es.ROBUST  # the sign is the print's; only its significance is judged
    assert "turns on how the paper coded education (ascending or descending)" in printed["condition"]
    members.loc[members.index[1], "logit_education"] = -0.3  # now a flip within one reading
    row = es.summary_table(members).set_index("quantity").loc["logit_education"]
    assert row["status"] == es.NOT_SETTLED
    assert row["witness"].endswith("(education coded ascending)")
    assert "read it alike (education coded ascending)" in row["condition"]
    members["education_coding"] = "ascending"
    members["logit_education"] = 0.25  # one reading, one answer: robust
    assert es.summary_table(members).set_index("quantity").loc["logit_education", "status"] == es.ROBUST


# ---------------------------------------------------------------- a small witness

@pytest.fixture(scope="module")
def member_data():
    from sunshine.synth import ensemble as en

    row = ensemble_run.load_results(check=False)["members"].iloc[0].to_dict()
    return row, en.regenerate(row).data


@pytest.mark.slow
def test_small_witness_keeps_the_print_and_the_margin(member_data):
    row, df = member_data
    targets = W.member_targets(row)
    wdf, log = W.search(df, "logit_education", 1, seed=3, proposals=600, targets=targets)
    assert 0 < len(log) <= 600
    assert W.reproduces_print(wdf, targets)
    assert np.array_equal(np.sort(wdf["education"].to_numpy()), np.sort(df["education"].to_numpy()))
    assert wdf.drop(columns="education").equals(df.drop(columns="education"))
    assert W.replay(df, "education", log).equals(wdf)  # rebuilt from the swap log
    again, _ = W.search(df, "logit_education", 1, seed=3, proposals=600, targets=targets)
    assert again.equals(wdf)  # and from the seed


def test_search_refuses_a_bad_direction():
    with pytest.raises(ValueError, match="direction"):
        W.search(pd.DataFrame(), "logit_age", 0, seed=1, proposals=10)


# ---------------------------------------------------------------- the chapters' keys

def test_exercise_on_stars_and_n_can_show_its_lesson():
    """Chapter 8's exercise: with its pair, seed and sizes, some sizes lack the stars, the largest has them."""
    from sunshine.kendall import kendall_tau
    from sunshine.paths import LAYOUT
    from sunshine.report import exercises

    data = pd.read_csv(LAYOUT.synthetic_file)
    stars = [kendall_tau(s["gender"], s["migrated"]).pvalue < 0.01
             for s in (exercises.subsample(data, n, 11) for n in (50, 100, 200, 400, 800, 1600))]
    assert not all(stars) and stars[-1]
    training = [kendall_tau(s["training"], s["migrated"]).pvalue < 0.01
                for s in (exercises.subsample(data, n, 11) for n in (50, 100))]
    assert all(training)  # why the exercise no longer uses training and migration


def test_stars_exercise_keeps_to_starred_pairs():
    from sunshine.data import published

    pairs = es.starred_pairs(published.load_all())
    assert "training_migrated" in pairs
    assert "gender_age" not in pairs and "training_gender" not in pairs  # printed without stars
    assert "training_education" not in pairs


def test_sign_words_say_what_the_numbers_show():
    assert es.sign_words(-1.7, -0.3).startswith("both are negative")
    assert es.sign_words(0.2, 0.4).startswith("both are positive")
    assert es.sign_words(-0.1, 0.1) == "the sign differs between them"


@pytest.mark.slow
def test_a_stored_witness_is_rebuilt_from_its_swap_log():
    """summary.csv agrees with members and witnesses; a stored witness is rebuilt from witnesses.json and says what it says."""
    from sunshine.synth import ensemble as en
    from sunshine.synth.ensemble import ENSEMBLE_DIR

    results = ensemble_run.load_results()
    frame, meta = W.load_witnesses(ENSEMBLE_DIR, results["meta"]["key"])
    summary = pd.read_csv(ENSEMBLE_DIR / es.SUMMARY_FILE, keep_default_na=False)
    pd.testing.assert_frame_equal(summary, es.summary_table(results["members"], frame),
                                  check_dtype=False, atol=1e-5)
    flipped = summary[(summary["class"] == idf.OPEN) & (summary["witness"].str.contains("seed"))]
    if len(flipped):  # the witness summary.csv names
        q = flipped["quantity"].iloc[0]
        seed = int(flipped["witness"].iloc[0].split("search seed ")[1].split(",")[0])
    else:  # no search flipped its member: of the stored (extreme) witnesses, the one that pushed furthest
        stored_logs = {(w["quantity"], w["seed"]) for w in meta["witnesses"]}
        pushed = frame[frame["reproduces"] & np.array([(q, s) in stored_logs for q, s in zip(frame["quantity"], frame["seed"])])]
        strongest = pushed.loc[(pushed["value"] - pushed["start"]).abs().idxmax()]
        q, seed = strongest["quantity"], int(strongest["seed"])
    log = next(w for w in meta["witnesses"] if w["quantity"] == q and w["seed"] == seed)
    row = results["members"].set_index("member", drop=False).loc[log["member"]].to_dict()
    wdf = W.replay(en.regenerate(row).data, log["column"], log["swaps"])
    assert W.reproduces_print(wdf, W.member_targets(row))
    stored = frame[(frame["quantity"] == q) & (frame["seed"] == seed)].iloc[0]
    assert W.evaluate(wdf, q)[q] == pytest.approx(stored["value"], rel=1e-9)


def test_a_hypothesis_split_by_the_codings_members_assume_says_so():
    members = ensemble_run.load_results(check=False)["members"]
    assert members["education_coding"].nunique() == 2
    table = es.verdict_status(members).set_index("hypothesis")
    assert table.loc["h1_printed", "status"] == es.NOT_SETTLED
    assert table.loc["h1_printed", "coding"] == "education"
    assert table.loc["h1_printed", "rests_on"] == "input; input"
    assert "turns on how the paper coded education" in es.status_verdict(table.loc["h1_printed"])
    one_reading = es.verdict_status(members[members["education_coding"] == "ascending"]).set_index("hypothesis")
    assert one_reading.loc["h1_printed", "status"] == es.ROBUST
    assert one_reading.loc["h1_printed", "coding"] == ""
