"""Generate the synthetic CMLRS sample (orchestration of the synth modules).

Households and village variables; margins making every printed phi attainable; Table I by a
discretised Gaussian copula (NORTA) with a household component; income and remittance by a second
copula (Table II); in ``exact`` mode, swaps until every attainable target is within printed
precision and the text's "no significant association" holds; a report of every published cell.
``population`` mode resamples households of the exact sample of seed 2009; ``copula`` skips the swaps.
"""

from __future__ import annotations

import functools

import sys
import time
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from sunshine.synth import copula, households, marginals as mg, refine, targets as tg
from sunshine.synth.settings import CHILD_AGE, SynthParams

COLUMNS = ["person_id", "household_id", "province", "minority_county", "distance_city_km",
           "age", "gender", "education", "migrated", "training", "income", "remittance",
           "network_job_info"]
"""Columns of the synthetic file, in order (see ``data/cmlrs/datapackage.json``)."""

LatentHook = Callable[[np.ndarray, list, np.ndarray], np.ndarray]
"""``latent(z, names, province) -> z``: a transform of the latent Table I scores."""

TABLE1 = ["age", "gender", "education", "migrated", "training"]
TABLE2 = ["education", "training", "income", "remittance"]


@dataclass
class SynthResult:
    """Output of :func:`generate`: ``data`` (persons, :data:`COLUMNS`), ``report`` (per published cell, :func:`assess`), ``info`` (JSON-able details)."""

    data: pd.DataFrame
    report: pd.DataFrame
    info: dict = field(default_factory=dict)


def _log(msg: str, progress: bool) -> None:
    if progress:
        print(msg, file=sys.stderr, flush=True)


def _assign_by_rank(z: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Give the sorted ``values`` to the persons in the order of ``z``."""
    out = np.empty(len(z), dtype=float)
    out[np.argsort(z, kind="stable")] = np.sort(values)
    return out


def _top(z: np.ndarray, members: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` members with the largest ``z``."""
    order = members[np.argsort(-z[members], kind="stable")]
    return order[:k]


def _sqrt_psd(c: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh(c)
    return v * np.sqrt(np.clip(w, 0, None))


def _normal_scores(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Latent normal values consistent with discrete ``x``: uniform within its cell."""
    vals, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    cum = np.concatenate([[0], np.cumsum(counts)]) / len(x)
    u = cum[inv] + rng.random(len(x)) * (counts[inv] / len(x))
    return stats.norm.ppf(np.clip(u, 1e-9, 1 - 1e-9))


def _empirical(name: str, x: np.ndarray) -> mg.Marginal:
    vals, counts = np.unique(x, return_counts=True)
    return mg.discrete(name, vals, counts)


def _conditional_block(rng, known: dict[str, np.ndarray], new: dict[str, mg.Marginal],
                       taus: dict, exact: bool) -> tuple[dict, copula.LatentMatrix]:
    """Draw the ``new`` variables given observed discrete ``known`` ones (Gaussian copula)."""
    margs = {k: _empirical(k, v) for k, v in known.items()}
    margs.update(new)
    lat = copula.solve_latent_matrix(margs, taus)
    r = lat.repaired.to_numpy()
    kn = len(known)
    z_known = np.column_stack([_normal_scores(rng, v) for v in known.values()])
    r11, r12, r22 = r[:kn, :kn], r[:kn, kn:], r[kn:, kn:]
    b = np.linalg.solve(r11, r12)
    cond = r22 - r12.T @ b
    z_new = z_known @ b + rng.standard_normal((len(z_known), len(new))) @ _sqrt_psd(cond).T
    out = {}
    for j, (name, m) in enumerate(new.items()):
        if exact:
            out[name] = _assign_by_rank(z_new[:, j], m.exact_sample(len(z_new)))
        else:
            out[name] = m.from_uniform(stats.norm.cdf(z_new[:, j]))
    return out, lat


def _qualitative_ok(df: pd.DataFrame, alpha: float) -> bool:
    mig = df["migrated"].to_numpy() == 1
    checks = [(df["distance_city_km"], df["migrated"]),
              (df["minority_county"], df["migrated"]),
              (df.loc[mig, "minority_county"], df.loc[mig, "network_job_info"])]
    return all(stats.kendalltau(a.astype(float), b.astype(float)).pvalue > alpha for a, b in checks)


def generate(params: SynthParams | None = None, *, progress: bool = True,
             latent: LatentHook | None = None) -> SynthResult:
    """Generate the synthetic Gansu-Ningxia CMLRS sample.

    ``mode="exact"`` (default) reproduces every attainable printed coefficient; ``"population"``
    resamples that sample's households with replacement (sampling error including the clustering;
    Efron & Tibshirani 1993, ch. 6); ``"copula"`` is a plain draw from the Gaussian copula model.
    """
    p = (params or SynthParams()).validate()
    if p.mode != "population":
        return _build(p, progress, latent)
    population = _exact_population(replace(p, mode="exact", seed=POPULATION_SEED,
                                           n_persons=SynthParams.n_persons), progress)
    _log(f"[synth] drawing {p.n_persons} persons by households from the exact population "
         f"(seed {p.seed})", progress)
    data = _resample_households(population.data, p.n_persons, np.random.default_rng([p.seed, 1]))
    info = dict(population.info)
    info["params"] = p.to_dict()
    info["population"] = {"mode": "exact", "seed": POPULATION_SEED,
                          "n_persons": SynthParams.n_persons,
                          "draw": "households with replacement", "draw_seed": p.seed}
    info["households"] = int(data["household_id"].nunique())
    return SynthResult(data, assess(data), info)


POPULATION_SEED = 2009
"""Seed of the exact sample that ``population`` mode treats as the population."""


@functools.lru_cache(maxsize=4)
def _exact_population(p: SynthParams, progress: bool) -> SynthResult:
    """The exact sample that population draws resample, built once per process (callers must not modify it)."""
    return _build(p, progress)


def _resample_households(pop: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Draw households with replacement until ``n`` persons (the last one trimmed)."""
    order = pop.sort_values("household_id", kind="stable")
    ids, starts, sizes = np.unique(order["household_id"].to_numpy(), return_index=True, return_counts=True)
    chosen, total = [], 0
    while total < n:  # one draw at a time: the same stream of draws for the same seed
        k = int(rng.integers(len(ids)))
        chosen.append(k)
        total += int(sizes[k])
    taken = [min(int(sizes[k]), n - int(before)) for k, before in zip(chosen, np.cumsum([0] + [int(sizes[k]) for k in chosen[:-1]]))]
    positions = np.concatenate([np.arange(starts[k], starts[k] + m) for k, m in zip(chosen, taken)])
    out = order.iloc[positions].reset_index(drop=True)
    out["household_id"] = np.repeat(np.arange(1, len(chosen) + 1), taken)
    out["person_id"] = np.arange(1, len(out) + 1)
    return out[COLUMNS]


def _build(p: SynthParams, progress: bool, latent: LatentHook | None = None) -> SynthResult:
    """Build an ``exact`` or ``copula`` sample (see :func:`generate`)."""
    t_start = time.time()
    rng = np.random.default_rng(p.seed)
    exact = p.mode == "exact"
    n = p.n_persons
    published = tg.targets_for(p)
    clash = tg.conflicts(published)
    if clash:
        raise tg.InfeasibleDraw(clash)

    def numeric(source: str) -> dict[tuple[str, str], float]:
        return {(t.row_var, t.column_var): t.value for t in published
                if t.source == source and t.kind == "numeric" and t.statistic == "tau_b"}

    t1, t2 = numeric("table1"), numeric("table2")

    _log(f"[synth] households and village variables (n = {n})", progress)
    df = households.households(rng, p)
    hh_index = df["household_id"].to_numpy() - 1
    n_hh = int(hh_index.max()) + 1
    chosen = _binary_margins(p, n, t1, exact)
    counts = chosen["counts"]
    _log("[synth] solving latent correlations for Table I (NORTA with ties)", progress)
    lat1, mig = _table1_block(rng, p, df, chosen, t1, hh_index, exact, latent)
    movers, stayers = np.flatnonzero(mig == 1), np.flatnonzero(mig == 0)
    _log(f"[synth] income and remittance copulas ({len(movers)} migrants, "
         f"{len(stayers)} stayers)", progress)
    lat2, lat3 = _income_block(rng, p, df, movers, stayers, t2, exact)
    redraws = _network_block(rng, p, df, movers, hh_index, exact)
    refine_info = {"proposals": 0, "accepted": 0, "converged": None}
    if exact:
        _log("[synth] exact refinement by within-column swaps", progress)
        refine_info = _refine_block(rng, p, df, mig, t1, t2, progress)
        if not refine_info["converged"]:
            _log("[synth] WARNING: refinement did not converge; see the report", progress)

    df = _finalise(df)
    _log("[synth] assessing every published cell", progress)
    report = assess(df, targets=published)
    info = {
        "synthetic": True,
        "params": p.to_dict(),
        "binary_counts": {k: int(v) for k, v in counts.items()},
        "binary_joint_counts": {f"{a}x{b}": {"count": int(c), "phi": round(float(ph), 6)}
                                for (a, b), (c, ph) in chosen["joint"].items()},
        "households": n_hh,
        "latent": {name: _latent_info(l) for name, l in
                   (("table1", lat1), ("migrants", lat2), ("stayers", lat3))},
        "qualitative_redraws": redraws,
        "refinement": {k: v for k, v in refine_info.items() if k != "seconds"},
    }
    _log(f"[synth] done in {time.time() - t_start:.1f} s", progress)
    return SynthResult(df, report, info)


def _binary_margins(p: SynthParams, n: int, t1: dict, exact: bool) -> dict:
    """Counts of the binary variables (and, in exact mode, their joint counts matching Table I)."""
    bin_taus = {k: v for k, v in t1.items() if set(k) <= {"gender", "migrated", "training"}}
    shares = {"gender": p.female_share, "migrated": p.migrant_share, "training": p.training_share}
    if exact:
        return tg.binary_counts(n, shares, bin_taus, tol=0.75 * p.tolerance)
    return {"counts": {v: int(round(n * s)) for v, s in shares.items()}, "joint": {}}


def _table1_latent(rng: np.random.Generator, p: SynthParams, r: np.ndarray, names: list[str],
                   hh_index: np.ndarray, province: np.ndarray, latent: LatentHook | None = None) -> np.ndarray:
    """Latent normals with correlation ``r``, migration and training shared within households (ICC).

    ``latent`` (see :func:`generate`), if given, transforms them last.
    """
    n, n_hh = len(hh_index), int(hh_index.max()) + 1
    s_idx = [names.index("migrated"), names.index("training")]
    pad = np.zeros_like(r)
    pad[np.ix_(s_idx, s_idx)] = r[np.ix_(s_idx, s_idx)]
    within = r - p.household_icc * pad
    if np.linalg.eigvalsh(within).min() < -1e-10:
        raise ValueError(f"parameter household_icc={p.household_icc!r}: too large for the "
                         "Table I correlations (person-level covariance not positive semi-definite)")
    z = rng.standard_normal((n, len(names))) @ _sqrt_psd(within).T
    h = rng.standard_normal((n_hh, 2)) @ _sqrt_psd(r[np.ix_(s_idx, s_idx)]).T
    z[:, s_idx] += np.sqrt(p.household_icc) * h[hh_index]
    if latent is not None:
        z = latent(z, names, province)
    return z


def _table1_margins(p: SynthParams, n: int, counts: dict) -> dict[str, mg.Marginal]:
    """The Table I marginals (age by the sample's age structure; education of those aged 14+)."""
    if p.age_structure == "household":
        age = mg.household_ages(p.child_share, CHILD_AGE, p.age_max, p.age_mean, p.age_sd)
    else:
        age = mg.truncated_normal_ages("age", p.age_min, p.age_max, p.age_mean, p.age_sd)
    return {"age": age,
            "gender": mg.binary("gender", counts["gender"] / n),
            "education": mg.discrete("education", [1, 2, 3, 4, 5], p.education_shares),
            "migrated": mg.binary("migrated", counts["migrated"] / n),
            "training": mg.binary("training", counts["training"] / n)}


def _education_age_range(p: SynthParams, age: np.ndarray) -> tuple[float, float]:
    """Lowest and highest tau-b of age and education, children's schooling fixed: adults' levels in reverse and in age order."""
    adults = np.flatnonzero(age >= CHILD_AGE)
    edu = np.empty(len(age))
    edu[age < CHILD_AGE] = mg.school_ladder(age[age < CHILD_AGE])
    levels = mg.discrete("education", [1, 2, 3, 4, 5], p.education_shares).exact_sample(len(adults))
    order = adults[np.argsort(age[adults], kind="stable")]
    out = []
    for values in (levels[::-1], levels):
        edu[order] = values
        out.append(float(stats.kendalltau(age, edu).statistic))
    return out[0], out[1]


def _check_children(p: SynthParams, age: np.ndarray, counts: dict, t1: dict) -> None:
    """Raise :class:`~.targets.InfeasibleDraw` if no child-free migrants/trainees can meet the age cells."""
    adults = age >= CHILD_AGE
    out = []
    lo, hi = _education_age_range(p, age)
    want = t1.get(("education", "age"))
    if want is not None and not lo + 0.01 <= want <= hi - 0.01:
        out.append(f"table1 education x age = {want:g} outside [{lo + 0.01:.4f}, {hi - 0.01:.4f}], "
                   f"the range with the children's schooling fixed by age (less .01 each side, "
                   f"where no swap of the adults' levels is left to reach the other cells)")
    for var in ("migrated", "training"):
        lo, hi = tg.restricted_binary_range(age, adults, counts[var])
        want = t1.get((var, "age"), t1.get(("age", var)))
        if want is not None and not lo - 0.0005 <= want <= hi + 0.0005:
            out.append(f"table1 {var}x age = {want:g} outside [{lo:.4f}, {hi:.4f}], the range "
                       f"with {counts[var]} ones among the {int(adults.sum())} persons aged "
                       f"{CHILD_AGE}+ (child share {p.child_share:g})")
    if out:
        raise tg.InfeasibleDraw(out)


def _table1_block(rng: np.random.Generator, p: SynthParams, df: pd.DataFrame, chosen: dict, t1: dict,
                  hh_index: np.ndarray, exact: bool, latent: LatentHook | None = None):
    """Age, gender, education, migration and training (Table I); returns the latent matrix and migration."""
    n, counts = len(df), chosen["counts"]
    m1 = _table1_margins(p, n, counts)
    household = p.age_structure == "household"
    if household and exact:
        _check_children(p, m1["age"].exact_sample(n), counts, t1)
    lat1 = copula.solve_latent_matrix(m1, t1)
    names = list(m1)
    z = _table1_latent(rng, p, lat1.repaired.to_numpy(), names, hh_index, df["province"].to_numpy(), latent)
    zc = {v: z[:, j] for j, v in enumerate(names)}
    if exact:
        age = _assign_by_rank(zc["age"], m1["age"].exact_sample(n))
        adult = age >= CHILD_AGE if household else np.ones(n, dtype=bool)
        mig = np.zeros(n)
        mig[_top(zc["migrated"], np.flatnonzero(adult), counts["migrated"])] = 1
        movers, stayers = np.flatnonzero(mig == 1), np.flatnonzero((mig == 0) & adult)
        a_mt = chosen["joint"][("training", "migrated")][0]
        a_fm = chosen["joint"][("migrated", "gender")][0]
        train, gender = np.zeros(n), np.zeros(n)
        train[_top(zc["training"], movers, a_mt)] = 1
        train[_top(zc["training"], stayers, counts["training"] - a_mt)] = 1
        gender[_top(zc["gender"], movers, a_fm)] = 1
        gender[_top(zc["gender"], np.flatnonzero(mig == 0), counts["gender"] - a_fm)] = 1
        education = np.empty(n)
        grown = np.flatnonzero(adult)
        education[grown] = _assign_by_rank(zc["education"][grown], m1["education"].exact_sample(len(grown)))
        df["age"] = age
    else:
        u = {v: stats.norm.cdf(zc[v]) for v in names}
        mig = m1["migrated"].from_uniform(u["migrated"]).astype(float)
        train = m1["training"].from_uniform(u["training"]).astype(float)
        gender = m1["gender"].from_uniform(u["gender"]).astype(float)
        df["age"] = m1["age"].from_uniform(u["age"]).astype(float)
        education = m1["education"].from_uniform(u["education"]).astype(float)
        adult = df["age"].to_numpy() >= CHILD_AGE if household else np.ones(n, dtype=bool)
        mig[~adult], train[~adult] = 0.0, 0.0
    if household:
        education[~adult] = mg.school_ladder(df["age"].to_numpy()[~adult])
    df["education"] = education
    df["gender"], df["migrated"], df["training"] = gender, mig, train
    return lat1, mig


def _income_block(rng: np.random.Generator, p: SynthParams, df: pd.DataFrame, movers: np.ndarray,
                  stayers: np.ndarray, t2: dict, exact: bool):
    """Income (everyone) and remittance (migrants) given education and training; returns both latent matrices."""
    rnd = p.income_rounding
    if p.income_lower_tail == 1.0:
        income_m = mg.lognormal("income", p.income_migrant_median, p.income_migrant_sigma, rnd)
    else:
        income_m = mg.two_piece_lognormal("income", p.income_migrant_median, p.income_migrant_sigma,
                                          p.income_lower_tail, rnd)
    new_m = {"income": income_m,
             "remittance": mg.lognormal("remittance", p.remittance_median, p.remittance_sigma,
                                        rnd, zero_share=p.remittance_zero_share)}
    known_m = {"education": df["education"].to_numpy()[movers],
               "training": df["training"].to_numpy()[movers]}
    drawn_m, lat2 = _conditional_block(rng, known_m, new_m, t2, exact)
    ed_tr_stay = float(stats.kendalltau(df["education"].to_numpy()[stayers],
                                        df["training"].to_numpy()[stayers]).statistic)
    known_s = {"education": df["education"].to_numpy()[stayers],
               "training": df["training"].to_numpy()[stayers]}
    new_s = {"income": mg.lognormal("income", p.income_stayer_median, p.income_stayer_sigma, rnd)}
    taus_s = {("education", "training"): ed_tr_stay,
              ("education", "income"): _stayer_education_tau(p),
              ("training", "income"): p.stayer_training_income_tau}
    drawn_s, lat3 = _conditional_block(rng, known_s, new_s, taus_s, exact)
    income = np.empty(len(df))
    income[movers], income[stayers] = drawn_m["income"], drawn_s["income"]
    remit = np.full(len(df), np.nan)
    remit[movers] = drawn_m["remittance"]
    df["income"], df["remittance"] = income, remit
    return lat2, lat3


def _network_block(rng: np.random.Generator, p: SynthParams, df: pd.DataFrame, movers: np.ndarray,
                   hh_index: np.ndarray, exact: bool) -> int:
    """Network use of migrants; in exact mode, redraw village variables until the qualitative claims hold.

    Returns the number of redraws.
    """
    n = len(df)

    def draw_network() -> np.ndarray:
        net = np.full(n, np.nan)
        if exact:
            k = int(round(p.network_share * len(movers)))
            vals = np.zeros(len(movers))
            vals[:k] = 1
            net[movers] = rng.permutation(vals)
        else:
            net[movers] = (rng.random(len(movers)) < p.network_share).astype(float)
        return net

    df["network_job_info"] = draw_network()
    redraws = 0
    if exact:
        while not _qualitative_ok(df, p.qualitative_alpha):
            redraws += 1
            if redraws > 100:
                raise RuntimeError("qualitative targets not met after 100 redraws")
            hh = df.groupby("household_id")["province"].first().to_numpy()
            lvl = households.household_level(rng, hh, p)
            df["minority_county"] = lvl["minority_county"].to_numpy()[hh_index]
            df["distance_city_km"] = lvl["distance_city_km"].to_numpy()[hh_index]
            df["network_job_info"] = draw_network()
    return redraws


def _refine_block(rng: np.random.Generator, p: SynthParams, df: pd.DataFrame, mig: np.ndarray,
                  t1: dict, t2: dict, progress: bool) -> dict:
    """Exact refinement by within-column swaps until every targeted tau-b is within tolerance."""
    n = len(df)
    data = {c: df[c].to_numpy(dtype=float).copy() for c in TABLE1 + ["income", "remittance"]}
    all_mask = np.ones(n, dtype=bool)
    pts = []
    for (a, b), v in t1.items():
        pts.append(refine.PairTarget(f"table1 {a}x{b}", a, b, all_mask, v - p.tolerance,
                                     v + p.tolerance))
    for (a, b), v in t2.items():
        mask = (mig == 1) & ~np.isnan(data[a]) & ~np.isnan(data[b])
        pts.append(refine.PairTarget(f"table2 {a}x{b}", a, b, mask, v - p.tolerance,
                                     v + p.tolerance))
    for (a, b), v in ((("training", "income"), p.stayer_training_income_tau),
                      (("education", "income"), _stayer_education_tau(p))):
        pts.append(refine.PairTarget(f"stayers {a}x{b} (assumed)", a, b, mig == 0,
                                     v - p.tolerance, v + p.tolerance))
    lab = mig.astype(int)
    grown = np.zeros(n, dtype=int) if p.age_structure == "adults" else np.where(data["age"] >= CHILD_AGE, 0, -1)
    strata = {"age": grown, "education": grown,
              "gender": lab, "training": np.where(grown < 0, -1, lab), "income": lab,
              "remittance": np.where(mig == 1, 1, -1)}
    info = refine.refine(data, pts, strata, rng, p.max_proposals, progress)
    for c in data:
        df[c] = data[c]
    return info


def _stayer_education_tau(p: SynthParams) -> float:
    """The stayers' assumed education x income tau-b, with the sign of the education coding."""
    return -p.stayer_education_income_tau if p.education_coding == "descending" else p.stayer_education_income_tau


def _latent_info(lat: copula.LatentMatrix) -> dict:
    return {"solved": lat.target.round(6).to_dict(),
            "repaired": bool(len(lat.moved)),
            "min_eigenvalue_before_repair": round(lat.min_eigenvalue, 6),
            "moved_cells": lat.moved.round(6).to_dict(orient="records")}


def _finalise(df: pd.DataFrame) -> pd.DataFrame:
    out = df[COLUMNS].copy()
    for c in ["age", "gender", "education", "migrated", "training", "minority_county",
              "distance_city_km", "income"]:
        out[c] = np.round(out[c].to_numpy(dtype=float)).astype("int64")
    for c in ["remittance", "network_job_info"]:
        out[c] = pd.array(np.round(out[c].to_numpy(dtype=float)), dtype="Int64")
    out["province"] = out["province"].astype(str)
    return out


def _tau(x, y) -> tuple[float, float, int]:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~np.isnan(x) & ~np.isnan(y)
    r = stats.kendalltau(x[ok], y[ok], variant="b")
    return float(r.statistic), float(r.pvalue), int(ok.sum())


def _rho(x, y) -> tuple[float, float]:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~np.isnan(x) & ~np.isnan(y)
    r = stats.spearmanr(x[ok], y[ok])
    return float(r.statistic), float(r.pvalue)


def _binary_of(xb: np.ndarray, yb: np.ndarray):
    """The binary one of two columns (or None) and the other one."""
    binary = next((v for v in (xb, yb) if set(np.unique(v)) <= {0.0, 1.0}), None)
    return binary, (None if binary is None else (yb if binary is xb else xb))


def _tau_b_reasons(t, bound: float, binary) -> tuple[bool, list[str]]:
    """Whether a tau-b target is attainable under the margins, and why."""
    reasons, attainable = [], True
    if abs(t.value) > bound + 1e-12:
        attainable = False
        p1 = float(np.mean(binary))
        reasons.append(
            f"binary variable with share p = {p1:.4f} (n1 = {int(np.sum(binary))}, "
            f"n0 = {int(np.sum(binary == 0))}) and the other variable's ties allow at most "
            f"|tau_b| <= sqrt(n1*n0/T_y) = {bound:.4f} "
            f"(untied limit sqrt(2p(1-p)) = {np.sqrt(2 * p1 * (1 - p1)):.4f}); "
            f"for any share p the untied limit is at most 1/sqrt(2) = .7071, so "
            f"{t.value:g} is out of reach unless income is coded in a few brackets")
    else:
        reasons.append(f"attainable: |{t.value:g}| <= {bound:.4f}, the largest |tau_b| "
                       f"the margins allow{' (binary pair)' if binary is not None else ''}")
    return attainable, reasons


def _rho_reasons(t, bound: float, nn: int, taus_targeted: dict) -> tuple[bool, list[str]]:
    """Whether a Spearman target (with a binary variable) is attainable, and why."""
    tb = taus_targeted.get((t.row_var, t.column_var, t.population))
    ratio = tg.spearman_over_tau_bound(nn)
    if abs(t.value) > bound + 1e-12:
        return False, [f"with a binary variable and untied y, |rho_s| <= "
                       f"sqrt(3*n1*n0/(n^2-1)) = {bound:.4f} < {abs(t.value):g} "
                       f"(at most sqrt(3)/2 = .8660 for any share; income's "
                       f"100-yuan ties move this bound by far less than the gap)"]
    if tb is not None and abs(t.value) > ratio * abs(tb):
        return False, [f"jointly unattainable with tau_b = {tb:g}: for a binary "
                       f"variable |rho_s| <= sqrt(3n/(2(n+1)))*|tau_b| = "
                       f"{ratio:.4f}*{abs(tb):g} = {ratio * abs(tb):.4f} "
                       f"(n = {nn}); tau_b is the tables' statistic and is kept"]
    return True, ["not targeted (the generator matches tau-b, the tables' statistic)"]


def _numeric_status(t, achieved: float, attainable: bool) -> tuple[str, float]:
    """The status of a numeric cell and the error of the achieved value."""
    err = achieved - t.value
    if not attainable:
        return "unattainable", err
    if abs(err) <= t.half_width + 1e-12:
        return "reproduced", err
    return ("not targeted" if t.statistic == "spearman_rho" else "attainable, not reproduced"), err


def _assess_cell(t, df: pd.DataFrame, taus_targeted: dict, alpha: float) -> dict:
    """The row of :func:`assess` for one published cell ``t``."""
    sub = df if t.population == "all" else df[df["migrated"] == (1 if t.population == "migrants" else 0)]
    x = sub[t.row_var].to_numpy(dtype=float)
    y = sub[t.column_var].to_numpy(dtype=float)
    achieved, pval, nn = _tau(x, y)
    ok = ~np.isnan(x) & ~np.isnan(y)
    binary, other = _binary_of(x[ok], y[ok])
    bound = tg.binary_tau_b_bound(binary, other) if binary is not None else 1.0
    if t.statistic == "spearman_rho":
        achieved, pval = _rho(x[ok], y[ok])
        n1, n0 = float(np.sum(binary == 1)), float(np.sum(binary == 0))
        bound = float(np.sqrt(3 * n1 * n0 / (nn ** 2 - 1))) if binary is not None else 1.0
    attainable, reasons, err = True, [], np.nan
    if t.kind == "qualitative":
        status = "qualitative: holds" if pval > alpha else "qualitative: fails"
        reasons.append(f"claim: no significant association (Kendall tau-b, p > {alpha}); p = {pval:.3f}")
    else:
        if abs(t.printed_value) > 1:
            reasons.append(f"printed {t.printed} is impossible: |tau_b| <= 1; reading {t.value:g} used")
        if t.statistic == "tau_b":
            attainable, why = _tau_b_reasons(t, bound, binary)
            reasons += why
        elif binary is not None:
            attainable, why = _rho_reasons(t, bound, nn, taus_targeted)
            reasons += why
        status, err = _numeric_status(t, achieved, attainable)
    return {"id": t.id, "source": t.source, "row_var": t.row_var,
            "column_var": t.column_var, "population": t.population,
            "statistic": t.statistic, "printed": t.printed,
            "printed_value": t.printed_value, "value": t.value,
            "half_width": t.half_width, "n": nn, "achieved": round(achieved, 6),
            "pvalue": pval, "error": None if np.isnan(err) else round(err, 6),
            "printed_error": None if t.kind != "numeric" else round(achieved - t.printed_value, 6),
            "bound": round(bound, 6), "attainable": attainable, "status": status,
            "reason": "; ".join(reasons)}


def assess(df: pd.DataFrame, alpha: float = 0.01, targets: list | None = None) -> pd.DataFrame:
    """Compare a data set with every published off-diagonal cell."""
    targets = tg.published_targets() if targets is None else targets
    taus_targeted = {(t.row_var, t.column_var, t.population): t.value
                     for t in targets if t.statistic == "tau_b" and t.kind == "numeric"}
    rows = [_assess_cell(t, df, taus_targeted, alpha) for t in targets]
    return pd.DataFrame(rows)
