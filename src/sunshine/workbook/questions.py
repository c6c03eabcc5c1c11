"""The workbook's questions: what each asks for, its reference answer and the checks of an answer.

References are computed from the book's data outside the student's session; a failed check says what
is wrong in words, never the answer. Tolerances fit the question: three decimals for a coefficient,
exact for a count, four decimals where two close numbers must be told apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

#: Half a unit in the third decimal: a coefficient typed to three decimals passes.
THREE_DECIMALS = 5e-4
#: Half a unit in the fourth decimal.
FOUR_DECIMALS = 5e-5


@dataclass(frozen=True)
class Check:
    """One check of an answer: ``passes(answers, reference)``; ``hint`` says what is wrong when it fails."""

    hint: str
    passes: Callable[[dict, Any], bool]


@dataclass(frozen=True)
class Question:
    """A workbook question: the variables it reads, its points, its reference and its checks."""

    name: str
    points: float
    answers: tuple[str, ...]
    reference: Callable[[pd.DataFrame], Any]
    checks: tuple[Check, ...]


def _close(value: Any, target: float, tol: float) -> bool:
    """Whether ``value`` is a finite number within ``tol`` of ``target``."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value - target) <= tol)


def _pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_close(v, 0, math.inf) for v in value)


def _tau(x, y, **kw):
    from sunshine.kendall import kendall_tau

    return kendall_tau(x, y, **kw)


def _tau_among(keep: Callable[[pd.DataFrame], pd.Series], x: str, y: str) -> Callable:
    """The reference tau-b of ``x`` and ``y`` in the rows that ``keep(data)`` selects."""
    def tau_among(data):
        rows = data[keep(data)]
        return _tau(rows[x], rows[y]).tau
    return tau_among


def _by_hand(_data):
    from sunshine.report import exercises

    c = exercises.pair_counts_table(exercises.BY_HAND_TABLE)
    tau_b = (c["concordant"] - c["discordant"]) / math.sqrt((c["n0"] - c["tied_x"]) * (c["n0"] - c["tied_y"]))
    return {"concordant": c["concordant"], "discordant": c["discordant"], "n0": c["n0"], "tau_b": tau_b}


def _bound(data):
    from sunshine.report import exercises

    n1 = int((data["migrated"] == 1).sum())
    return exercises.binary_tau_b_max(n1, len(data) - n1)


def _cluster_ci(data):
    result = _tau(data["education"], data["migrated"], cluster=data["household_id"])
    return {"tau": result.tau, "households": list(result.ci_cluster), "persons": list(result.ci)}


def _critical(_data):
    from sunshine.report import exercises

    return exercises.critical_tau(2351, 0.01)


def _garbled(_data):
    from sunshine.data import published

    table = published.load_table("table2")
    impossible = table[table["printed_value"].abs() > 1]
    return sorted([r, c] for r, c in zip(impossible["row_var"], impossible["column_var"]))


def _median_gap(data):
    medians = data.groupby("migrated")["income"].median()
    return float(medians[1] - medians[0])


def _cluster_se(data):
    migrants = data[data["migrated"] == 1]
    result = _tau(migrants["remittance"], migrants["income"], cluster=migrants["household_id"])
    return {"households": result.se_cluster, "persons": result.ase}


def _unattainable(data):
    from sunshine.synth import assess

    return int((assess(data)["status"] == "unattainable").sum())


def _stars(data):
    from sunshine.report import exercises

    small = exercises.subsample(data, 100, 11)
    return _tau(small["gender"], small["migrated"]).pvalue


def _households_ci_passes(a: dict, ref: dict) -> bool:
    ci = a["ci_households"]
    return _pair(ci) and all(_close(v, r, FOUR_DECIMALS) for v, r in zip(ci, ref["households"]))


QUESTIONS: dict[str, tuple[Question, ...]] = {
    "04": (
        Question("q04_by_hand", 3, ("concordant", "discordant", "tau_b"), _by_hand, (
            Check("Count the pairs again: a pair is concordant when both variables order the two people "
                  "the same way, discordant when they order them oppositely; a pair tied on either "
                  "variable is neither.",
                  lambda a, r: (a["concordant"], a["discordant"]) == (r["concordant"], r["discordant"])),
            Check("Your tau_b ignores the ties: tau-b's denominator leaves out the pairs tied on each "
                  "variable (it is not tau-a).",
                  lambda a, r: not _close(a["tau_b"], (r["concordant"] - r["discordant"]) / r["n0"], 1e-9)),
            Check("tau_b is not tau-b of the table: check its denominator, the geometric mean of the "
                  "pairs not tied on each variable.",
                  lambda a, r: _close(a["tau_b"], r["tau_b"], THREE_DECIMALS)),
        )),
        Question("q04_bound", 2, ("largest",), _bound, (
            Check("A yes/no variable cannot reach tau-b = 1 with a variable without ties: the answer lies "
                  "strictly between 0 and 1.", lambda a, r: _close(a["largest"], 0.5, 0.5 - 1e-12)),
            Check("Not the bound for the book's migrants and stayers: count the people who migrated and "
                  "those who did not, and use the bound of the chapter.",
                  lambda a, r: _close(a["largest"], r, THREE_DECIMALS)),
        )),
        Question("q04_subgroup", 2, ("tau_women",),
                 _tau_among(lambda data: data["gender"] == 1, "education", "migrated"), (
            Check("A Kendall coefficient lies between -1 and 1.", lambda a, r: _close(a["tau_women"], 0, 1)),
            Check("Not tau-b of education and migrated among women: keep only the rows with gender == 1 "
                  "(the codebook's code for women) before computing it.",
                  lambda a, r: _close(a["tau_women"], r, THREE_DECIMALS)),
        )),
    ),
    "05": (
        Question("q05_cluster", 2, ("ci_households",), _cluster_ci, (
            Check("Store a pair (low, high) that lies around tau-b of education and migrated.",
                  lambda a, r: _pair(a["ci_households"]) and a["ci_households"][0] < r["tau"] < a["ci_households"][1]),
            Check("Not the interval that allows for households (to four decimals): pass the household "
                  "identifier as the cluster, and take the clustered interval.", _households_ci_passes),
        )),
        Question("q05_critical", 2, ("tau_crit",), _critical, (
            Check("A critical value of tau lies between 0 and 1.", lambda a, r: _close(a["tau_crit"], 0.5, 0.5 - 1e-12)),
            Check("Not the smallest |tau| with two stars at the printed n: use the two-tailed 0.01 level "
                  "and n = 2,351.", lambda a, r: _close(a["tau_crit"], r, THREE_DECIMALS)),
        )),
        Question("q05_young", 2, ("tau_young_age",),
                 _tau_among(lambda data: data["age"].between(16, 30), "age", "migrated"), (
            Check("Not tau-b of age and migrated among people aged 16 to 30: keep both ends of the range.",
                  lambda a, r: _close(a["tau_young_age"], r, THREE_DECIMALS)),
        )),
    ),
    "06": (
        Question("q06_garbled", 2, ("garbled",), _garbled, (
            Check("Store a list of (row variable, column variable) pairs.",
                  lambda a, r: isinstance(a["garbled"], list)
                  and all(isinstance(p, list) and len(p) == 2 for p in a["garbled"])),
            Check("Not exactly the printed cells that no Kendall coefficient can take: a coefficient lies "
                  "between -1 and 1.",
                  lambda a, r: isinstance(a["garbled"], list) and sorted(map(list, a["garbled"])) == r),
        )),
        Question("q06_median_gap", 2, ("median_gap",), _median_gap, (
            Check("Not the migrants' median income minus the stayers' (to the nearest yuan): medians, "
                  "not means, and migrants first.", lambda a, r: _close(a["median_gap"], r, 0.5)),
        )),
        Question("q06_cluster", 2, ("se_households",), _cluster_se, (
            Check("Not the household-clustered standard error of remittance and income among migrants "
                  "(to four significant digits): keep the migrants, and pass the household identifier "
                  "as the cluster.", lambda a, r: _close(a["se_households"], r["households"],
                                                        5e-4 * abs(r["households"]))),
        )),
    ),
    "08": (
        Question("q08_unattainable", 2, ("n_unattainable",), _unattainable, (
            Check("Not the number of printed cells that no data set can reproduce: count the cells the "
                  "assessment marks unattainable.", lambda a, r: a["n_unattainable"] == r),
        )),
        Question("q08_gansu", 2, ("tau_gansu_training",),
                 _tau_among(lambda data: data["province"] == "Gansu", "training", "migrated"), (
            Check("Not tau-b of training and migrated in Gansu alone: keep the rows of that province.",
                  lambda a, r: _close(a["tau_gansu_training"], r, THREE_DECIMALS)),
        )),
        Question("q08_stars", 2, ("p_small", "keeps_stars"), _stars, (
            Check("Not the p-value of gender and migrated in the subsample of 100 people drawn with "
                  "seed 11 (to three significant digits).", lambda a, r: _close(a["p_small"], r, 5e-3 * r)),
            Check("keeps_stars must say (True or False) whether your p-value is below 0.01.",
                  lambda a, r: isinstance(a["keeps_stars"], bool) and isinstance(a["p_small"], (int, float))
                  and a["keeps_stars"] == (a["p_small"] < 0.01)),
        )),
    ),
}
