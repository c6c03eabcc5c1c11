"""Witness search: a data set that reproduces the print and pushes an open quantity to an extreme.

From a member, values are swapped within one column (its margin kept) while every printed tau-b
involving it stays within its rounding, guided by a linear score ``sum_i g_i w_i`` updated in O(1)
per swap: ``w`` the residual of the model without the regressor (score statistic, Rao 1948) or of
the regressor on the others (Frisch-Waugh-Lovell). The final data are recomputed in full; a witness
is rebuilt from its member and seeded swap log (:func:`replay`).

References
----------
Rao, C. R. (1948). Large sample tests of statistical hypotheses concerning several parameters.
    *Math. Proc. Cambridge Philosophical Society* 44(1), 50-57.
Lovell, M. C. (1963). Seasonal adjustment of economic time series and multiple regression analysis.
    *JASA* 58(304), 993-1010.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from sunshine.synth import ensemble as en
from sunshine.synth import ensemble_analysis as ea
from sunshine.synth import refine
from sunshine.synth import targets as tg

SEARCHES = {
    "logit_training": ("training", "all", "training"),
    "logit_education": ("education", "all", "education"),
    "logit_age": ("age", "all", "age"),
    "logit_gender": ("gender", "all", "gender"),
    "ols_training": ("income", "migrants", "training"),
    "ols_education": ("income", "migrants", "education"),
}
"""Open quantity: (column swapped, persons whose values are swapped, the model's term)."""

STRATA_BY_MIGRATION = ("training", "gender")
"""Binary columns swapped only between persons of the same migration status
(a single swap across it would move the printed phi by more than its rounding)."""


@dataclass
class Witness:
    """One search's outcome: the swaps and what they did."""

    quantity: str
    direction: int
    member: int
    seed: int
    column: str
    swaps: list
    start: float
    value: float
    pvalue: float
    results: dict
    reproduces: bool
    seconds: float


def member_targets(row: dict | None) -> list | None:
    """The printed cells as a member reads them (its codings and readings), or None for the published."""
    if row is None or not hasattr(tg, "targets_for"):
        return None
    return tg.targets_for(en.member_params(en.settings_from_row(row)))


def constraints(df: pd.DataFrame, column: str, targets: list | None = None) -> list[refine.PairTarget]:
    """The printed Table I and II cells that involve ``column``, as intervals of the acceptance rule."""
    mig = df["migrated"].to_numpy() == 1
    out = []
    for t in targets or tg.published_targets():
        if t.source not in ("table1", "table2") or t.kind != "numeric" or \
                column not in (t.row_var, t.column_var):
            continue
        mask = np.ones(len(df), bool) if t.population == "all" else mig.copy()
        mask &= df[t.row_var].notna().to_numpy() & df[t.column_var].notna().to_numpy()
        out.append(refine.PairTarget(t.id, t.row_var, t.column_var, mask,
                                     t.value - t.half_width, t.value + t.half_width))
    return out


def _fit(df: pd.DataFrame, terms: list[str], population: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if population == "all":
            x = sm.add_constant(df[terms].to_numpy(float))
            return sm.Logit(df["migrated"].to_numpy(float), x).fit(disp=0)
        m = df[df["migrated"] == 1]
        return sm.OLS(np.log(m["income"].to_numpy(float)),
                      sm.add_constant(m[terms].to_numpy(float))).fit()


def score_weights(df: pd.DataFrame, quantity: str) -> tuple[np.ndarray, np.ndarray]:
    """The weights ``w`` and the transformed values ``g`` of the score of :data:`SEARCHES`."""
    column, population, term = SEARCHES[quantity]
    terms = list(ea.LOGIT_TERMS if population == "all" else ea.OLS_TERMS)
    mask = np.ones(len(df), bool) if population == "all" else (df["migrated"] == 1).to_numpy()
    w = np.zeros(len(df))
    if column == term:  # a regressor: residual of the model without it
        res = _fit(df, [t for t in terms if t != term], population)
        w[mask] = res.resid_response if population == "all" else res.resid
        return w, df[column].to_numpy(float)
    others = sm.add_constant(df.loc[mask, [t for t in terms if t != term]].to_numpy(float))
    xj = df.loc[mask, term].to_numpy(float)
    w[mask] = xj - others @ np.linalg.lstsq(others, xj, rcond=None)[0]
    return w, np.log(df[column].to_numpy(float))


def _strata(df: pd.DataFrame, column: str, population: str) -> np.ndarray:
    lab = df["migrated"].to_numpy().astype(int) if column in STRATA_BY_MIGRATION \
        else np.zeros(len(df), int)
    if population == "migrants":
        lab = np.where(df["migrated"].to_numpy() == 1, lab, -1)
    return np.where(df[column].notna().to_numpy(), lab, -1)


def _excess(states: list) -> np.ndarray:
    return np.array([refine._excess(st.tau(), st.t.lo, st.t.hi) / (st.t.hi - st.t.lo)
                     for st in states])


def _pools(lab: np.ndarray, w: np.ndarray, direction: int):
    """Persons of each stratum, the strata's weights, and each stratum's top and bottom fifth by score weight."""
    pools = [np.flatnonzero(lab == s) for s in np.unique(lab[lab >= 0])]
    prob = np.array([len(p) for p in pools], float)
    order = [p[np.argsort(direction * w[p], kind="stable")] for p in pools]
    return (pools, prob / prob.sum(), [o[-max(1, len(o) // 5):] for o in order],
            [o[:max(1, len(o) // 5)] for o in order])


def _typical_gain(rng, pools: list, prob: np.ndarray, g: np.ndarray, w: np.ndarray) -> float:
    """Median positive score change of 200 random proposals (the unit of a gain)."""
    gains = []
    for _ in range(200):
        pool = pools[int(rng.choice(len(pools), p=prob))]
        a, b = pool[rng.integers(len(pool), size=2)]
        gains.append(abs((g[a] - g[b]) * (w[b] - w[a])))
    gains = np.array(gains)
    return float(np.median(gains[gains > 0])) if (gains > 0).any() else 1.0


def _propose(states: list, column: str, i: int, k: int, vi: float, vk: float, exc: np.ndarray):
    """Each constraint's pair counts after a proposed swap, and its scaled excess."""
    new = [st.propose(column, i, k, vi, vk) for st in states]
    exc_new = np.array([e if r is None else
                        refine._excess(st.tau(*r), st.t.lo, st.t.hi) / (st.t.hi - st.t.lo)
                        for st, r, e in zip(states, new, exc)])
    return new, exc_new


def search(df: pd.DataFrame, quantity: str, direction: int, *, seed: int, proposals: int = 20_000,
           repair: int = 20_000, rounds: int = 4, targets: list | None = None
           ) -> tuple[pd.DataFrame, list]:
    """Push ``quantity`` in ``direction`` by swaps within its column, then repair the print.

    A swap is kept when its relative score gain exceeds ``mu`` (1 to 1,000 each round) times its
    increase of ``sum (excess / width)^2``; the repair phase keeps swaps bringing cells back inside.
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1, got {direction!r}")
    column, population, _ = SEARCHES[quantity]
    rng = np.random.default_rng(seed)
    w, g = score_weights(df, quantity)
    data = {c: df[c].to_numpy(float).copy() for c in ("age", "gender", "education", "migrated",
                                                          "training", "income", "remittance")}
    states = [refine._State(t, data) for t in constraints(df, column, targets)]
    pools, prob, tops, bottoms = _pools(_strata(df, column, population), w, direction)
    typical = _typical_gain(rng, pools, prob, g, w)
    exc = _excess(states)
    log = []
    per = proposals // rounds
    cycle = per + repair // rounds
    for step in range(rounds * cycle):
        at = step % cycle
        pushing = at < per
        if not pushing and not exc.any():
            continue
        mu = 1000.0 ** (at / per) if pushing else np.inf
        j = int(rng.choice(len(pools), p=prob))
        if pushing and rng.random() < 0.5:  # a giver with a high score weight, a taker with a low one
            i = int(tops[j][rng.integers(len(tops[j]))])
            k = int(bottoms[j][rng.integers(len(bottoms[j]))])
        else:
            i, k = (int(v) for v in pools[j][rng.integers(len(pools[j]), size=2)])
        gain = direction * (g[k] - g[i]) * (w[i] - w[k]) / typical
        if g[i] == g[k] or (gain <= 0 and not exc.any()):
            continue
        vi, vk = float(data[column][i]), float(data[column][k])
        new, exc_new = _propose(states, column, i, k, vi, vk, exc)
        dpen = float(np.sum(exc_new ** 2) - np.sum(exc ** 2))
        if not (gain - mu * dpen > 0 if pushing else dpen < 0):
            continue
        for st, r in zip(states, new):
            if r is not None:
                st.commit(column, i, k, vi, vk, *r)
        data[column][i], data[column][k] = vk, vi
        g[i], g[k] = g[k], g[i]
        exc = exc_new
        log.append((i, k))
    return replay(df, column, log), log


def replay(df: pd.DataFrame, column: str, swaps: list) -> pd.DataFrame:
    """Apply a swap log to a copy of a member's data."""
    values = df[column].to_numpy().copy()
    for i, k in swaps:
        values[i], values[k] = values[k], values[i]
    out = df.copy()
    out[column] = values
    return out


def reproduces_print(df: pd.DataFrame, targets: list | None = None) -> bool:
    """Whether every numeric Table I and II cell is within half a unit of its last printed decimal."""
    from sunshine.synth.pipeline import assess

    report = assess(df) if targets is None else assess(df, targets=targets)
    cells = report[report["source"].isin(["table1", "table2"])]
    return bool((cells["status"] == "reproduced").all())


def evaluate(df: pd.DataFrame, quantity: str) -> dict:
    """The model of a quantity on a data set, by the ensemble's own analysis."""
    return ea.migration_logit(df) if quantity.startswith("logit_") else ea.income_ols(df)


def run_member_searches(row: dict, jobs: list[tuple[str, int]], *, seed: int = 0,
                        proposals: int = 20_000) -> list[Witness]:
    """Every search of one starting member (the member is rebuilt once)."""
    df = en.regenerate(row).data
    targets = member_targets(row)
    out = []
    for quantity, direction in jobs:
        start = time.process_time()
        s = int(row["member"]) * 1000 + seed + (0 if direction > 0 else 1)
        wdf, log = search(df, quantity, direction, seed=s, proposals=proposals, targets=targets)
        res = evaluate(wdf, quantity)
        out.append(Witness(quantity, direction, int(row["member"]), s, SEARCHES[quantity][0], log,
                           float(row[quantity]), res[quantity], res[f"{quantity}_p"], res,
                           reproduces_print(wdf, targets),
                           round(time.process_time() - start, 2)))
    return out


WITNESS_FILE = "witnesses.csv"
SWAPS_FILE = "witnesses.json"


def start_members(members: pd.DataFrame, quantity: str, direction: int) -> list[int]:
    """Start members: per copula the furthest ``direction``, and the nearest the shares' corner."""
    picked = []
    for _, fam in members.groupby("copula", sort=True):
        best = fam[quantity].idxmax() if direction > 0 else fam[quantity].idxmin()
        picked.append(int(fam.loc[best, "member"]))
    z = members[["migrant_share", "training_share"]]
    z = (z - z.min()) / (z.max() - z.min())
    corner = 1 if direction > 0 else 0
    picked.append(int(members.loc[((z - corner) ** 2).sum(axis=1).idxmin(), "member"]))
    return list(dict.fromkeys(picked))


def plan(members: pd.DataFrame, quantities=None) -> dict[int, list[tuple[str, int]]]:
    """Which searches run from which member (both directions of every open quantity)."""
    out: dict[int, list] = {}
    for q in quantities or SEARCHES:
        for d in (1, -1):
            for m in start_members(members, q, d):
                out.setdefault(m, []).append((q, d))
    return dict(sorted(out.items()))


def _task(args):
    row, jobs, proposals = args
    return run_member_searches(row, jobs, proposals=proposals)


def run_searches(members: pd.DataFrame, *, jobs: int = 1, proposals: int = 20_000,
                 quantities=None) -> list[Witness]:
    """Every search of :func:`plan`, on ``jobs`` processes (one task per starting member)."""
    rows = members.set_index("member", drop=False)
    tasks = [(rows.loc[m].to_dict(), js, proposals) for m, js in plan(members, quantities).items()]
    if jobs == 1:
        done = map(_task, tasks)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = list(pool.map(_task, tasks, chunksize=1))
    return [w for ws in done for w in ws]


def witness_frame(witnesses: list[Witness]) -> pd.DataFrame:
    """The searches as a table (one row each; the swap logs are kept apart)."""
    rows = []
    for w in witnesses:
        rows.append({"quantity": w.quantity, "direction": w.direction, "member": w.member,
                     "seed": w.seed, "column": w.column, "swaps": len(w.swaps), "start": w.start,
                     "value": w.value, "pvalue": w.pvalue, "reproduces": w.reproduces,
                     "seconds": w.seconds, **{f"res_{k}": v for k, v in w.results.items()}})
    return pd.DataFrame(rows)


def witness_key(ensemble_key: str, proposals: int) -> str:
    """The key of a witness search: the ensemble's key, this module's code and the effort."""
    from pathlib import Path

    from sunshine.files import sha256_bytes
    from sunshine.synth.ensemble_run import code_fingerprint

    code = code_fingerprint(Path(__file__).read_text(encoding="utf-8"))
    return sha256_bytes(ensemble_key.encode() + b"\0" + code + b"\0" + str(proposals).encode())


def extremes(frame: pd.DataFrame) -> pd.DataFrame:
    """Per quantity and direction, the reproducing witness that went furthest."""
    ok = frame[frame["reproduces"]]
    pick = [g["value"].idxmax() if d > 0 else g["value"].idxmin()
            for (_, d), g in ok.groupby(["quantity", "direction"], sort=True)]
    return frame.loc[pick]


def write_witnesses(out_dir, witnesses: list[Witness], meta: dict) -> None:
    """Write ``witnesses.csv`` and ``witnesses.json`` (meta and the extreme witnesses' swap logs)."""
    import json
    from pathlib import Path

    from sunshine.files import atomic_write_text

    frame = witness_frame(witnesses)
    keep = extremes(frame)
    logs = [{"quantity": r.quantity, "direction": int(r.direction), "member": int(r.member),
             "seed": int(r.seed), "column": r.column, "swaps": [list(p) for p in witnesses[i].swaps]}
            for i, r in zip(keep.index, keep.itertuples())]
    atomic_write_text(Path(out_dir) / WITNESS_FILE,
                      frame.to_csv(index=False, float_format="%.10g", lineterminator="\n"))
    atomic_write_text(Path(out_dir) / SWAPS_FILE,
                      json.dumps({**meta, "witnesses": logs}, sort_keys=True) + "\n")


def load_witnesses(out_dir, ensemble_key: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Read the witness searches; refuse them if made from other members or other code.

    Parameters
    ----------
    out_dir : Path
        The ensemble's directory.
    ensemble_key : str, optional
        The current ensemble key; ``None`` skips the check.

    Returns
    -------
    (pandas.DataFrame, dict)
        :func:`witness_frame` as written, and the JSON (meta and swap logs); StaleEnsembleError
        if the stored key is not the current one.
    """
    import json
    from pathlib import Path

    from sunshine.synth.ensemble_run import StaleEnsembleError

    meta = json.loads((Path(out_dir) / SWAPS_FILE).read_text(encoding="utf-8"))
    if ensemble_key is not None and \
            meta.get("key") != witness_key(ensemble_key, int(meta.get("proposals", 0))):
        raise StaleEnsembleError(f"{SWAPS_FILE}: the witnesses were searched from other members "
                                 "or by other code; rerun them with the ensemble command, which "
                                 "searches after the members: sunshine ensemble --members N "
                                 "--jobs 2 --resume")
    return pd.read_csv(Path(out_dir) / WITNESS_FILE), meta


def run_witness_search(out_dir, *, jobs: int = 2, proposals: int = 12_000, quantities=None,
                       log=print) -> dict:
    """Search witnesses from the cached ensemble, write them and ``summary.csv``."""
    from pathlib import Path

    from sunshine.synth import ensemble_run, ensemble_summary

    out_dir = Path(out_dir)
    dims = out_dir / "dimensions.yaml"
    results = ensemble_run.load_results(out_dir, dimensions=dims if dims.exists() else en.DIMENSIONS_FILE)
    members = results["members"]
    work = plan(members, quantities)
    log(f"witnesses: {sum(map(len, work.values()))} searches from {len(work)} members "
        f"on {jobs} process(es)")
    wall = time.perf_counter()
    found = run_searches(members, jobs=jobs, proposals=proposals, quantities=quantities)
    frame = witness_frame(found)
    meta = {"key": witness_key(results["meta"]["key"], proposals),
            "ensemble_key": results["meta"]["key"], "proposals": proposals, "workers": jobs,
            "searches": len(found), "wall_seconds": round(time.perf_counter() - wall, 1),
            "cpu_seconds_per_quantity": {q: round(float(g.sum()), 1) for q, g in
                                         frame.groupby("quantity")["seconds"]}}
    write_witnesses(out_dir, found, meta)
    ensemble_summary.write_summary(out_dir, members, frame)
    log(f"witnesses: {len(found)} searches in {meta['wall_seconds']} s")
    return meta
