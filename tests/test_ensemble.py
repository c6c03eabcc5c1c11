"""The ensemble of synthetic samples (sunshine.synth.ensemble*) and its chapter."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from sunshine.paths import LAYOUT
from sunshine.synth import ensemble as en
from sunshine.synth import ensemble_analysis as ea
from sunshine.synth import ensemble_run as er
from sunshine.synth import ensemble_summary as es
from sunshine.synth import targets as tg

TABLE_TARGETS = [t for t in tg.published_targets()
                 if t.source in ("table1", "table2") and t.kind == "numeric"]


@pytest.fixture(scope="module")
def published_ensemble():
    """The committed ensemble; fails (naming the command) if code or settings changed."""
    return er.load_results()


def test_published_ensemble_is_current_and_complete(published_ensemble):
    meta, members, draws = (published_ensemble[k] for k in ("meta", "members", "draws"))
    assert meta["key"] == er.ensemble_key()
    assert sorted(draws["member"]) == list(range(meta["members_requested"]))  # none left out
    outcome = draws["outcome"].value_counts()
    assert len(members) == meta["members_accepted"] == outcome.get("accepted", 0) >= 30
    assert meta["members_infeasible"] == outcome.get("infeasible", 0)
    assert meta["members_failed"] == outcome.get("failed", 0)
    assert set(members["member"]) == set(draws.loc[draws["outcome"] == "accepted", "member"])


def test_infeasible_draws_are_refused_again_when_rebuilt(published_ensemble):
    draws = published_ensemble["draws"]
    infeasible = draws[draws["outcome"] == "infeasible"]
    assert len(infeasible)  # the ranges reach past the print (dimensions.yaml says where)
    # one draw of each kind of reason, rebuilt from its stored settings: refused before any
    # refinement, with the same cells named
    for _, d in infeasible.groupby(infeasible["reason"].str[:40]).head(1).head(4).iterrows():
        with pytest.raises(tg.InfeasibleDraw) as info:
            en.generate_member(en.settings_from_row(d.to_dict()))
        assert str(info.value)[:600] == d["reason"], d["member"]


@pytest.mark.slow
def test_every_member_reproduces_every_printed_cell(published_ensemble):
    members = published_ensemble["members"]
    # 16 printed cells: 10 of Table I, 6 of Table II (data/published/table1.csv, table2.csv)
    assert len(TABLE_TARGETS) == 16
    for _, row in members.iterrows():  # each under its own readings and codings
        own = {t.id: t for t in tg.targets_for(en.member_params(en.settings_from_row(row.to_dict())))}
        for t in TABLE_TARGETS:
            got = row[f"{t.source}_{t.row_var}_{t.column_var}"]
            assert abs(got - own[t.id].value) <= t.half_width, (t.id, row["seed"])


def test_members_are_distinct_and_span_their_dimensions(published_ensemble):
    members = published_ensemble["members"]
    assert members["seed"].is_unique
    assert set(members["copula"]) == set(en.COPULAS)
    for name in ("age_structure", "gender_coding", "education_coding", "reading_training_gender"):
        assert members[name].nunique() == 2, name
    assert members["household_icc"].min() < 0.1 and members["household_icc"].max() > 0.5


@pytest.mark.slow
def test_the_members_at_the_extremes_recompute_from_their_seeds(published_ensemble):
    members = published_ensemble["members"]
    for at in (members["ols_training"].idxmin(), members["ols_training"].idxmax()):
        stored = members.loc[at]
        rebuilt = ea.analyse(en.regenerate(stored.to_dict()).data)
        assert rebuilt["ols_training"] == pytest.approx(stored["ols_training"], abs=1e-9)
        assert rebuilt["logit_education"] == pytest.approx(stored["logit_education"], abs=1e-9)


def test_settings_are_deterministic_in_range_and_independent_of_ensemble_size():
    spec = en.load_dimensions()
    a, b = en.draw_settings(7, spec), en.draw_settings(7, spec)
    assert a == b and a != en.draw_settings(8, spec)
    for d in spec["dimensions"]:
        if "range" in d and d["name"] not in ("training_odds_ratio", "low_education_share"):
            assert d["range"][0] <= a[d["field"]] <= d["range"][1], d["name"]
    assert sum(a["education_shares"]) == pytest.approx(1.0, abs=1e-9)
    low = sum(a["education_shares"][:3])
    assert 0.80 - 1e-3 <= low <= 0.92 + 1e-3
    assert en.attempt_seed(spec, 7, 0) != en.attempt_seed(spec, 7, 1)


@pytest.mark.slow
def test_a_failing_member_is_rejected_with_its_seed_named():
    spec = en.load_dimensions()
    settings = en.draw_settings(0, spec) | {"seed": 12345}
    result = en.generate_member(settings | {"max_proposals": 80_000})
    data = result.data.copy()
    movers = data.index[data["migrated"] == 1][:40]
    data.loc[movers, "training"] = 1 - data.loc[movers, "training"]  # break Table I and II
    result.report = __import__("sunshine.synth", fromlist=["assess"]).assess(data)
    with pytest.raises(en.MemberRejected, match="seed 12345") as info:
        en.check_member(result, 12345)
    assert any("table1" in f for f in info.value.failures)


def _first_member(spec: dict, **want) -> int:
    return next(i for i in range(200) if all(en.draw_settings(i, spec)[k] == v for k, v in want.items()))


@pytest.mark.slow
def test_run_member_lists_every_rejected_attempt_and_keeps_no_failed_member():
    spec = en.load_dimensions()
    spec = dict(spec, fixed={"max_proposals": 0}, attempts=2)  # no refinement: every draw fails
    i = _first_member(spec, age_structure="adults", table2_population="migrants")
    out = en.run_member(i, spec)
    assert out["row"] is None and out["draw"]["outcome"] == "failed" and out["draw"]["attempts"] == 2
    assert [r["seed"] for r in out["rejected"]] == [en.attempt_seed(spec, i, k) for k in range(2)]
    assert all(str(r["seed"]) in r["reason"] and r["kind"] == "failure" for r in out["rejected"])


def test_an_infeasible_draw_is_final_and_recorded_as_such():
    spec = dict(en.load_dimensions(), attempts=3)
    i = _first_member(spec, table2_population="all")
    out = en.run_member(i, spec)
    assert out["row"] is None and out["draw"]["outcome"] == "infeasible"
    assert [r["kind"] for r in out["rejected"]] == ["infeasible"]  # another seed cannot help
    assert "trainingxeducation" in out["draw"]["reason"]


def test_failures_are_retried_with_more_effort():
    spec = en.load_dimensions()
    factor = int(spec["effort_factor"])
    assert [en.attempt_effort(spec, 50_000, k) for k in range(3)] == [50_000, 50_000 * factor,
                                                                      50_000 * factor ** 2]


def test_choice_weights_are_checked(tmp_path):
    spec = yaml.safe_load(en.DIMENSIONS_FILE.read_text())
    d = next(d for d in spec["dimensions"] if d.get("weights"))
    d["weights"] = [1.0]
    bad = tmp_path / "dimensions.yaml"
    bad.write_text(yaml.safe_dump(spec))
    with pytest.raises(ValueError, match=f"{d['name']}.*weights"):
        en.load_dimensions(bad)


def test_stale_results_are_refused_with_the_command_to_regenerate(tmp_path):
    dims = tmp_path / "dimensions.yaml"
    shutil.copy(en.DIMENSIONS_FILE, dims)
    out = tmp_path / "ens"
    meta = {"key": er.ensemble_key(dims), "members_requested": 5,
            "regenerate": er.REGENERATE.format(n=5)}
    empty = pd.DataFrame({"member": []})
    er.write_results(out, empty, empty, empty, meta)
    er.load_results(out, dimensions=dims)  # current: accepted
    spec = yaml.safe_load(dims.read_text())
    spec["dimensions"][0]["range"] = [0.25, 0.35]
    dims.write_text(yaml.safe_dump(spec))
    with pytest.raises(er.StaleEnsembleError, match="sunshine ensemble --members 5 --jobs 2 --force$"):
        er.load_results(out, dimensions=dims)


@pytest.mark.slow
def test_dask_runs_the_same_tasks_as_the_process_pool(dask_scheduler):
    spec = dict(en.load_dimensions(), fixed={"max_proposals": 0}, attempts=1)
    local = list(er.iter_members([0, 1], spec, jobs=1))
    remote = list(er.iter_members([0, 1], spec, scheduler=dask_scheduler))
    strip = [[{k: v for k, v in r.items() if k != "cpu_seconds"} for r in o["rejected"]]
             for o in local]
    assert strip == [[{k: v for k, v in r.items() if k != "cpu_seconds"} for r in o["rejected"]]
                     for o in remote]


@pytest.mark.parametrize("predictions, expected", [
    (["supports", "supports"], "supported"),
    (["supports", "no evidence"], "partly supported"),
    (["supports", "contradicts"], "mixed"),
    (["contradicts", "no evidence"], "contradicted"),
    (["no evidence", "no evidence"], "not supported"),
])
def test_verdict_rule(predictions, expected):
    assert es.rule_label(predictions) == expected  # the book's one rule (report.verdicts)


def test_association_verdict_reads_sign_and_significance():
    assert es.association_verdict(0.2, 0.001, 1) == "supports"
    assert es.association_verdict(-0.2, 0.001, 1) == "contradicts"
    assert es.association_verdict(0.2, 0.02, 1) == "no evidence"  # p >= .01
    assert es.association_verdict(0.2, float("nan"), 1) == "no evidence"


def test_partial_tau_matches_kendalls_formula():
    # Kendall (1942): tau_xy.z = (t_xy - t_xz t_yz) / sqrt((1 - t_xz^2)(1 - t_yz^2))
    assert ea.partial_tau(0.5, 0.0, 0.0) == pytest.approx(0.5)
    assert ea.partial_tau(0.5, 0.5, 0.5) == pytest.approx((0.5 - 0.25) / 0.75)


def test_sampling_table_compares_redraws_with_the_stars_standard_error():
    rows = [{"draw": -1, "pair": "a_b", "tau": 0.1, "se_null": 0.02, "ase1": 0.02, "se_cluster": 0.03}]
    rows += [{"draw": d, "pair": "a_b", "tau": t} for d, t in enumerate([0.04, 0.1, 0.16])]
    table = es.sampling_table(pd.DataFrame(rows)).set_index("pair")
    assert table.loc["a_b", "sd_redrawn"] == pytest.approx(0.06)
    assert table.loc["a_b", "ratio"] == pytest.approx(3.0)
    assert table.loc["a_b", "share_significant"] == pytest.approx(2 / 3)  # z = 2 < 2.58 < 5, 8


@pytest.mark.build
def test_an_ensemble_resumes_and_the_chapter_builds_from_it(tmp_path):
    # members 0-2 of the published draws are accepted and member 3 infeasible (data/ensemble/draws.csv);
    # a failed member is the subject of test_a_failing_member_is_rejected_with_its_seed_named
    import nbformat
    import papermill

    out = tmp_path / "ens"
    er.run_ensemble(3, jobs=2, out_dir=out, sampling=10, log=lambda s: None)
    first = pd.read_csv(out / er.MEMBERS_FILE)
    said = []
    meta = er.run_ensemble(4, jobs=2, out_dir=out, sampling=10, resume=True, log=said.append)
    assert said[0].startswith("ensemble: 1 of 4 members to run")  # the three are kept
    loaded = er.load_results(out)
    pd.testing.assert_frame_equal(loaded["members"].iloc[:len(first)].drop(columns=["cpu_seconds", "wall_seconds"]),
                                  first.drop(columns=["cpu_seconds", "wall_seconds"]))
    # every member requested is accepted, infeasible (its settings cannot give the print) or failed
    assert meta["members_requested"] == 4 and len(loaded["members"]) == meta["members_accepted"] >= 1
    assert meta["members_accepted"] + meta["members_infeasible"] + meta["members_failed"] == 4
    published = er.load_results()["draws"].set_index("member")["outcome"]
    assert loaded["draws"].set_index("member")["outcome"].to_dict() == published.loc[:3].to_dict()  # same seeds, same fates
    recorded = json.loads((out / er.KEY_FILE).read_text())
    assert recorded["key"] == er.ensemble_key()
    # the command it records rebuilds this folder with these draws, not the published ensemble
    assert recorded["regenerate"] == f"sunshine ensemble --members 4 --jobs 2 --resume --out {out} --sampling-draws 10"
    assert json.loads((er.en.ENSEMBLE_DIR / er.KEY_FILE).read_text())["regenerate"] == er.REGENERATE.format(n=300)
    nb = tmp_path / "chapter.ipynb"
    papermill.execute_notebook(str(LAYOUT.notebooks_dir / "07_what_the_tables_settle.ipynb"), str(nb),
                               parameters={"ensemble_dir": str(out)}, cwd=str(LAYOUT.notebooks_dir),
                               kernel_name="python3", progress_bar=False)
    glued = {o["metadata"]["scrapbook"]["name"]: next(v for k, v in o["data"].items()
                                                      if k.endswith("text/plain"))
             for c in nbformat.read(nb, as_version=4).cells
             for o in c.get("outputs", []) if "scrapbook" in o.get("metadata", {})}
    assert int(glued["n_members"]) == len(loaded["members"])
    assert 0 <= float(glued["max_printed_error"]) <= 0.0005


def test_household_icc_matches_the_anova_f_identity():
    # Balanced groups of size k: ICC(1) = (F - 1) / (F + k - 1) with F the one-way ANOVA ratio
    # (Shrout & Fleiss 1979), F from scipy.stats.f_oneway.
    from scipy import stats
    from sunshine.synth import realised

    rng = np.random.default_rng(3)
    k, groups = 4, 60
    y = (rng.standard_normal(groups).repeat(k) + rng.standard_normal(groups * k) > 0.3).astype(float)
    g = np.arange(groups).repeat(k)
    f = stats.f_oneway(*[y[g == j] for j in range(groups)]).statistic
    assert realised.household_icc(y, g) == pytest.approx((f - 1) / (f + k - 1))


def test_design_effects_are_one_without_households():
    # Every person their own household: the cluster-robust variance is the person-level
    # sandwich, so (se_cluster / ASE1)^2 is about 1 (both are influence-function variances).
    from sunshine.synth import realised

    rng = np.random.default_rng(4)
    n = 600
    df = pd.DataFrame({"household_id": np.arange(n), "age": rng.integers(16, 70, n),
                       "gender": rng.integers(0, 2, n), "education": rng.integers(1, 6, n),
                       "migrated": rng.integers(0, 2, n), "training": rng.integers(0, 2, n),
                       "income": rng.lognormal(8, 1, n).round(-2), "remittance": rng.lognormal(7, 1, n)})
    deff = realised.design_effects(df)
    ones = [v for k, v in deff.items() if k.startswith("deff_")]
    assert len(ones) == 10 + 6 and np.allclose(ones, 1.0, atol=0.02)


@pytest.mark.slow
def test_every_published_member_reproduces_the_print_as_it_reads_it():
    """Each member meets the acceptance rule (within .0005 of every printed cell) under its own codings."""
    from sunshine.report import ensemble_figures as ef
    from sunshine.synth.ensemble import ENSEMBLE_DIR

    members = er.load_results(ENSEMBLE_DIR)["members"]
    assert (members["gender_coding"] == "male=1").any(), "no member reads gender the other way: nothing to test"
    assert ef.printed_error(members) <= 0.0005


def test_the_ensemble_key_follows_every_module_a_member_imports(tmp_path, monkeypatch):
    """The key's sources are derived from the imports of what runs a member (CONTRIBUTING: one code
    fingerprint): a module reached only through another (kernels, through tau) is keyed, a new import
    is keyed at once, and a comment or docstring changes nothing."""
    package = tmp_path / "sunshine"
    shutil.copytree(er._SRC, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(er, "_SRC", package)
    sources = er.key_sources(package / "synth" / "ensemble.py")
    assert {"kendall/kernels.py", "kendall/inference.py", "synth/ensemble_analysis.py"} <= set(sources)
    assert "report/tables.py" not in sources and "cli.py" not in sources
    key = er.ensemble_key()

    kernels = package / "kendall" / "kernels.py"
    kernels.write_text(kernels.read_text() + "\n# a comment\n")
    assert er.ensemble_key() == key
    kernels.write_text(kernels.read_text() + '\n\ndef _new():\n    """A docstring."""\n    return 1\n')
    with_new_code = er.ensemble_key()
    assert with_new_code != key
    kernels.write_text(kernels.read_text().replace("A docstring.", "Another docstring."))
    assert er.ensemble_key() == with_new_code

    member = package / "synth" / "ensemble.py"
    member.write_text(member.read_text() + "\nfrom sunshine.report import tables  # noqa: E402\n")
    assert "report/tables.py" in er.key_sources(member)
