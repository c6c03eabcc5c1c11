"""Households of the synthetic sample and their household-level variables.

Sizes are ``1 + Poisson(mean - 1)``, truncated, until they add up to ``n`` (the last trimmed; the
CMLRS: 741 households, 3,400 people, mean 4.6). Province, minority county and distance to a city
belong to the household's village, shared by its members.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sunshine.synth.settings import SynthParams


def household_sizes(rng: np.random.Generator, n: int, mean: float, largest: int) -> np.ndarray:
    """Household sizes adding up to exactly ``n`` persons."""
    sizes: list[int] = []
    total = 0
    while total < n:
        s = int(min(1 + rng.poisson(mean - 1), largest))
        s = min(s, n - total)
        sizes.append(s)
        total += s
    return np.asarray(sizes)


def households(rng: np.random.Generator, p: SynthParams) -> pd.DataFrame:
    """Person-level frame of ``household_id`` and the household-level variables."""
    sizes = household_sizes(rng, p.n_persons, p.household_size_mean, p.household_size_max)
    hh = pd.DataFrame({"household_id": np.arange(1, len(sizes) + 1)})
    hh["province"] = np.where(rng.random(len(sizes)) < p.gansu_household_share, "Gansu", "Ningxia")
    hh_level = household_level(rng, hh["province"].to_numpy(), p)
    hh = pd.concat([hh, hh_level], axis=1)
    persons = hh.loc[hh.index.repeat(sizes)].reset_index(drop=True)
    persons.insert(0, "person_id", np.arange(1, len(persons) + 1))
    return persons


def household_level(rng: np.random.Generator, province: np.ndarray, p: SynthParams) -> pd.DataFrame:
    """Draw minority-county status and distance for households in ``province``."""
    share = np.where(province == "Gansu", p.minority_county_share_gansu,
                     p.minority_county_share_ningxia)
    minority = (rng.random(len(province)) < share).astype(int)
    dist = np.round(p.distance_median_km * np.exp(p.distance_sigma * rng.standard_normal(len(province))))
    return pd.DataFrame({"minority_county": minority, "distance_city_km": np.maximum(dist, 1.0)})
