"""What each age structure of the synthetic sample implies for the printed age cells.

The paper does not say whether its 2,351 persons are working-age adults or all household members;
this measures what each design implies (``python -m sunshine.synth.sample_design``; the choice is
argued in ``data/cmlrs/README.md``): age cells' ranges by child share, the largest share that keeps
a printed cell attainable, and the schooling by age that Age x Education = +.424 forces.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import stats

from sunshine.synth import marginals as mg, targets as tg
from sunshine.synth.pipeline import _education_age_range
from sunshine.synth.settings import CHILD_AGE, SynthParams

AGE_BANDS = (0, 14, 20, 30, 40, 50, 60, 111)
"""Left-closed age bands of :func:`age_education_pattern`."""


def _ages(p: SynthParams, child_share: float) -> np.ndarray:
    return mg.household_ages(child_share, CHILD_AGE, p.age_max, p.age_mean, p.age_sd).exact_sample(p.n_persons)


def cell_ranges(child_share: float, params: SynthParams | None = None) -> dict[str, tuple[float, float]]:
    """Range of tau-b of the age cells at ``child_share`` under the household design (the binary
    cells by :func:`~sunshine.synth.targets.restricted_binary_range`, education by rearrangement)."""
    p = params or SynthParams()
    age = _ages(p, child_share)
    out = {f"{var} x age": tg.restricted_binary_range(age, age >= CHILD_AGE, int(round(share * p.n_persons)))
           for var, share in (("migrated", p.migrant_share), ("training", p.training_share))}
    out["education x age"] = _education_age_range(p, age)  # the bound the generator checks
    return out


def child_share_table(shares=(0.0, 0.05, 0.10, 0.15, 0.20, 0.25), params: SynthParams | None = None) -> pd.DataFrame:
    """:func:`cell_ranges` over child shares, with the printed values beside them."""
    printed = {f"{t.row_var} x {t.column_var}": t.value for t in tg.published_targets()
               if t.source == "table1" and t.column_var == "age" and t.kind == "numeric"}
    return pd.DataFrame([{"child_share": c, "cell": cell, "printed": printed[cell], "lowest": round(lo, 4),
                          "highest": round(hi, 4), "attainable": bool(lo <= printed[cell] <= hi)}
                         for c in shares for cell, (lo, hi) in cell_ranges(max(c, 1e-9), params).items()])


def child_share_limit(cell: str, sign: int = 1, params: SynthParams | None = None,
                      step: float = 0.005) -> float:
    """Largest child share (on a grid of ``step``) at which the printed ``cell`` is attainable.

    Parameters
    ----------
    cell : str
        ``"migrated x age"``, ``"training x age"`` or ``"education x age"``.
    sign : int
        +1 for the codebook's coding, -1 if the other variable is coded the other way.
    params : SynthParams, optional
        Margins (default: the codebook's).
    step : float
        Grid of child shares searched upward from ``step``.

    Returns
    -------
    float
        The last share at which the cell is in range (0 if none).
    """
    want = sign * next(t.value for t in tg.published_targets()
                       if t.source == "table1" and f"{t.row_var} x {t.column_var}" == cell)
    last = 0.0
    for c in np.arange(step, 0.6, step):
        lo, hi = cell_ranges(float(c), params)[cell]
        if not lo <= want <= hi:
            break
        last = float(round(c, 6))
    return last


def flat_adults_tau(child_share: float, params: SynthParams | None = None, seed: int = 0) -> float:
    """tau-b(age, education) when adults' schooling does not depend on age: only the children carry the association.

    Parameters
    ----------
    child_share : float
        Share of children under :data:`~sunshine.synth.settings.CHILD_AGE`.
    params : SynthParams, optional
        Margins (default: the codebook's).
    seed : int
        Seed of the adults' random order.

    Returns
    -------
    float
    """
    p = params or SynthParams()
    age = _ages(p, child_share)
    adults = np.flatnonzero(age >= CHILD_AGE)
    edu = np.empty(len(age))
    edu[age < CHILD_AGE] = mg.school_ladder(age[age < CHILD_AGE])
    levels = mg.discrete("education", [1, 2, 3, 4, 5], p.education_shares).exact_sample(len(adults))
    edu[adults] = np.random.default_rng(seed).permutation(levels)
    return float(stats.kendalltau(age, edu).statistic)


def age_education_pattern(df: pd.DataFrame) -> pd.DataFrame:
    """Persons, mean schooling level and migrant share by age band of a sample."""
    bands = pd.cut(df["age"], AGE_BANDS, right=False,
                   labels=[f"{a}-{b - 1}" for a, b in zip(AGE_BANDS, AGE_BANDS[1:])])
    g = df.groupby(bands, observed=True)
    return pd.DataFrame({"persons": g.size(), "mean_education": g["education"].mean().round(2),
                         "migrant_share": g["migrated"].mean().round(2)}).rename_axis("ages").reset_index()


def main() -> None:
    """Print the evidence of ``data/cmlrs/README.md`` (section on the sample's design)."""
    from sunshine.data.published import load_design
    from sunshine.synth.pipeline import generate

    design = load_design().set_index("id")["value"].astype(str)
    persons, households = float(design["individuals_sampled"]), float(design["households_sampled"])
    print(f"persons per household in the survey: {persons:g} / {households:g} = {persons / households:.2f}")
    print(f"share of the survey's persons in the analysis: {design['analysis_n']} / {persons:g} = "
          f"{float(design['analysis_n']) / persons:.3f}")
    with pd.option_context("display.width", 120):
        print(child_share_table().to_string(index=False))
        for cell, sign in (("migrated x age", 1), ("training x age", 1), ("education x age", 1),
                           ("education x age", -1)):
            print(f"largest child share with {cell} attainable (sign {sign:+d}): "
                  f"{child_share_limit(cell, sign):.3f}")
        flat = {c: flat_adults_tau(c) for c in (0.1, 0.2, 0.3, 0.4, 0.5)}
        print("tau-b(age, education) with flat adult schooling, by child share: "
              + ", ".join(f"{c:.1f}: {t:.3f}" for c, t in flat.items()))
        for name, p in (("adults (default file)", SynthParams()),
                        ("household, child share .08", replace(SynthParams(), age_structure="household",
                                                               child_share=0.08))):
            d = generate(p, progress=False).data
            grown = d[d["age"] >= CHILD_AGE]
            tau = stats.kendalltau(grown["age"], grown["education"]).statistic
            print(f"\n{name}: tau-b(age, education) among persons aged {CHILD_AGE}+ = {tau:.3f}")
            print(age_education_pattern(d).to_string(index=False))


if __name__ == "__main__":
    main()
