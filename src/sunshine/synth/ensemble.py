"""An ensemble of synthetic samples that all reproduce the printed tables.

Members differ in what the print leaves open (``data/ensemble/dimensions.yaml``): a member's
settings are drawn by :func:`draw_settings` from ``default_rng([base_seed, index])`` and rounded, so
the stored settings *are* the member; it is built by the exact generator (latent scores through
:func:`latent_transform`) and rejected, naming its seed, if a printed cell is missed.

References
----------
Demarta, S., McNeil, A. J. (2005). The t copula and related copulas. *International Statistical
    Review* 73(1), 111-129.
Marshall, A. W., Olkin, I. (1988). Families of multivariate distributions. *JASA* 83, 834-841
    (the gamma frailty construction of the Clayton copula).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml
from scipy import special

from sunshine.paths import DATA_DIR
from sunshine.synth import ensemble_analysis, realised, targets as tg
from sunshine.synth.pipeline import SynthResult, generate
from sunshine.synth.settings import SynthParams

ENSEMBLE_DIR = DATA_DIR / "ensemble"
"""Where the published edition's ensemble (dimensions, settings, results) lives."""

DIMENSIONS_FILE = ENSEMBLE_DIR / "dimensions.yaml"
COPULAS = ("gaussian", "t", "clayton")
EXTRA_SETTINGS = ("copula", "copula_param", "province_shift", "stayer_training_income_fraction")
"""Settings of a member that are not :class:`SynthParams` fields."""

_DEFAULT_EDUCATION = np.asarray(SynthParams().education_shares)
_EDUCATION_CONCENTRATION = 200.0


class MemberRejected(RuntimeError):
    """A member that does not reproduce the printed cells (its seed named)."""

    def __init__(self, seed: int, failures: list[str]):
        self.seed = seed
        self.failures = failures
        super().__init__(f"ensemble member with seed {seed} rejected: " + "; ".join(failures))


def load_dimensions(path: str | Path = DIMENSIONS_FILE) -> dict:
    """Read and check the free dimensions of the ensemble.

    Parameters
    ----------
    path : str or Path
        The YAML file (default ``data/ensemble/dimensions.yaml``).

    Returns
    -------
    dict
        ``base_seed`` and ``dimensions`` (dicts with ``name, field``, ``range`` or ``choices``, ``why``);
        ValueError naming the file and a malformed dimension.
    """
    path = Path(path)
    spec = yaml.safe_load(path.read_text())
    if not isinstance(spec, dict) or "dimensions" not in spec or "base_seed" not in spec:
        raise ValueError(f"{path.name}: expected a mapping with base_seed and dimensions")
    known = set(SynthParams.field_names()) | set(EXTRA_SETTINGS)
    for d in spec["dimensions"]:
        name = d.get("name", "?")
        if d.get("field") not in known:
            raise ValueError(f"{path.name}: dimension {name!r} has unknown field {d.get('field')!r}")
        if ("range" in d) == ("choices" in d):
            raise ValueError(f"{path.name}: dimension {name!r} needs exactly one of range, choices")
        w = d.get("weights")
        if w is not None and not ("choices" in d and len(w) == len(d["choices"])
                                  and all(isinstance(x, (int, float)) and x > 0 for x in w)):
            raise ValueError(f"{path.name}: dimension {name!r}: weights must be positive numbers, "
                             "one per choice")
        if "range" in d and not (len(d["range"]) == 2 and d["range"][0] <= d["range"][1]):
            raise ValueError(f"{path.name}: dimension {name!r}: range must be [low, high]")
        if not d.get("why"):
            raise ValueError(f"{path.name}: dimension {name!r} does not say why (key 'why')")
    return spec


def _education_shares(rng: np.random.Generator, low_share: float) -> list[float]:
    """Five education shares around the codebook's, levels 1-3 adding to ``low_share``."""
    low = _DEFAULT_EDUCATION[:3] / _DEFAULT_EDUCATION[:3].sum()
    high = _DEFAULT_EDUCATION[3:] / _DEFAULT_EDUCATION[3:].sum()
    low = rng.dirichlet(_EDUCATION_CONCENTRATION * low) * low_share
    high = rng.dirichlet(_EDUCATION_CONCENTRATION * high) * (1 - low_share)
    shares = np.round(np.concatenate([low, high]), 4)
    shares[2] = round(1.0 - shares[[0, 1, 3, 4]].sum(), 4)  # exact sum after rounding
    return [float(s) for s in shares]


def draw_settings(index: int, spec: dict) -> dict:
    """Settings of member ``index``: one value of every free dimension, and a seed."""
    rng = np.random.default_rng([int(spec["base_seed"]), int(index)])
    out: dict = {"member": int(index)}
    for d in spec["dimensions"]:
        if "choices" in d and "weights" in d:
            w = np.asarray(d["weights"], dtype=float)
            value = d["choices"][int(rng.choice(len(w), p=w / w.sum()))]
        elif "choices" in d:
            value = d["choices"][int(rng.integers(len(d["choices"])))]
        else:
            lo, hi = (float(v) for v in d["range"])
            value = float(rng.uniform(lo, hi))
            value = round(value) if hi >= 100 else round(value, 4)
        if d["name"] == "training_odds_ratio":
            m = out["migrant_share"]
            odds = value * m / (1 - m)
            value = round(odds / (1 + odds), 4)
        elif d["field"] == "education_shares":
            value = _education_shares(rng, value)
        out[d["field"]] = value
    for name, value in (spec.get("fixed") or {}).items():
        out[name] = value
    out["stayer_training_income_tau"] = _stayer_training_tau(out)
    out["seed"] = attempt_seed(spec, index, 0)
    return out


def attempt_seed(spec: dict, index: int, attempt: int) -> int:
    """Generator seed of attempt ``attempt`` (0, 1, ...; a rejected attempt's settings retried) at member ``index``."""
    rng = np.random.default_rng([int(spec["base_seed"]), int(index), int(attempt)])
    return int(rng.integers(2**31 - 1))


def _stayer_training_tau(settings: dict) -> float:
    """Stayers' training x income tau-b: ``-fraction`` of 95% of the bound ``sqrt(2p(1-p))`` the margins allow."""
    n = SynthParams().n_persons
    n_m = round(n * settings["migrant_share"])
    n_t = round(n * settings["training_share"])
    tau = dict(((t.row_var, t.column_var), t.value) for t in tg.published_targets()
               if t.source == "table1" and t.kind == "numeric")[("training", "migrated")]
    a, _ = tg.nearest_phi_count(tau, n_t, n_m, n)
    p = (n_t - a) / (n - n_m)
    bound = float(np.sqrt(2 * p * (1 - p)))
    return round(-0.95 * bound * float(settings["stayer_training_income_fraction"]), 4)


def member_params(settings: dict) -> SynthParams:
    """The generator's :class:`SynthParams` of a member (exact mode, quiet)."""
    fields = {k: v for k, v in settings.items() if k in SynthParams.field_names()}
    if "education_shares" in fields:
        fields["education_shares"] = tuple(float(s) for s in fields["education_shares"])
    return replace(SynthParams(), mode="exact", **fields).validate()


def latent_transform(settings: dict):
    """The member's transform of the generator's latent Table I scores (own stream ``default_rng([seed, 14])``).

    * province: Gansu's migration and training propensities shift by ``+province_shift/2`` latent SDs,
      Ningxia's by ``-province_shift/2``;
    * ``copula="t"``: scores divided by ``sqrt(W / nu)``, ``W ~ chi2(nu)``, ``nu = 30 (3/30)^copula_param``
      (same correlations, heavier joint tails; Demarta & McNeil 2005);
    * ``copula="clayton"``: each uniform ``Phi(z)`` becomes ``(1 + E / V)^(-1/theta)``, ``E = -log Phi(z)``,
      a person's frailty ``V ~ Gamma(1/theta)``, ``theta = 0.1 * 20^copula_param``: margins kept, joint
      lower tails added (Marshall & Olkin 1988).

    The refinement then restores every printed tau-b; the dependence beyond pairwise ranks stays.
    """
    copula = settings.get("copula", "gaussian")
    if copula not in COPULAS:
        raise ValueError(f"setting copula={copula!r}: must be one of {COPULAS}")
    strength = float(settings.get("copula_param", 0.0))
    shift = float(settings.get("province_shift", 0.0))
    rng = np.random.default_rng([int(settings["seed"]), 14])

    def transform(z: np.ndarray, names: list, province: np.ndarray) -> np.ndarray:
        z = z.copy()
        sign = np.where(province == "Gansu", 0.5, -0.5)
        for col in ("migrated", "training"):
            z[:, names.index(col)] += shift * sign
        if copula == "t":
            nu = 30.0 * (3.0 / 30.0) ** strength
            z = z / np.sqrt(rng.chisquare(nu, size=len(z)) / nu)[:, None]
        elif copula == "clayton":
            theta = 0.1 * 20.0 ** strength
            v = rng.gamma(1.0 / theta, size=len(z))[:, None]
            e = -special.log_ndtr(z)
            log_u = -np.log1p(e / v) / theta
            z = special.ndtri(np.clip(np.exp(log_u), 1e-15, 1 - 1e-15))
        return z

    return transform


def generate_member(settings: dict) -> SynthResult:
    """Build the member's synthetic sample from its stored settings."""
    return generate(member_params(settings), progress=False, latent=latent_transform(settings))


def check_member(result: SynthResult, seed: int) -> None:
    """Raise :class:`MemberRejected` unless every printed cell is reproduced (the text's where attainable)."""
    failures = []
    for r in result.report.itertuples():
        ok = {"table1": ("reproduced",), "table2": ("reproduced",)}.get(
            r.source, ("reproduced", "unattainable", "not targeted", "qualitative: holds"))
        if r.status not in ok:
            failures.append(f"{r.id} is {r.status} (printed {r.printed}, got {r.achieved:.4f})")
    if not result.info["refinement"]["converged"]:
        failures.append("the exact refinement did not converge")
    if failures:
        raise MemberRejected(seed, failures)


def _flat_settings(settings: dict) -> dict:
    out = dict(settings)
    out["education_shares"] = json.dumps(list(settings["education_shares"]))
    return out


def attempt_effort(spec: dict, base: int, attempt: int) -> int:
    """Swap proposals allowed at attempt ``attempt``: ``base * effort_factor ** attempt``."""
    return int(base) * int(spec.get("effort_factor", 3)) ** int(attempt)


def run_member(index: int, spec: dict) -> dict:
    """Generate, check and analyse member ``index``; a failure is retried (next seed, more effort), an :class:`InfeasibleDraw` is final."""
    settings = draw_settings(index, spec)
    base = int(settings.get("max_proposals", SynthParams().max_proposals))
    rejected, row, outcome = [], None, "failed"
    for attempt in range(int(spec.get("attempts", 3))):
        settings["seed"] = attempt_seed(spec, index, attempt)
        settings["max_proposals"] = attempt_effort(spec, base, attempt)
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            result = generate_member(settings)
            check_member(result, settings["seed"])
        except (MemberRejected, ValueError, RuntimeError) as exc:
            kind = "infeasible" if isinstance(exc, tg.InfeasibleDraw) else "failure"
            rejected.append({"member": index, "attempt": attempt, "seed": settings["seed"],
                             "kind": kind, "max_proposals": settings["max_proposals"],
                             "reason": str(exc)[:600],
                             "cpu_seconds": round(time.process_time() - cpu, 3)})
            if kind == "infeasible":
                outcome = "infeasible"
                break
            continue
        row = {**_flat_settings(settings), "attempt": attempt, **ensemble_analysis.analyse(result.data),
               **realised.realised(result.data)}
        row["cpu_seconds"] = round(time.process_time() - cpu, 3)
        row["wall_seconds"] = round(time.perf_counter() - wall, 3)
        outcome = "accepted"
        break
    draw = {**_flat_settings(settings), "outcome": outcome, "attempts": len(rejected) + (row is not None),
            "reason": rejected[-1]["reason"] if rejected and row is None else ""}
    return {"row": row, "rejected": rejected, "draw": draw}


def settings_from_row(row: dict) -> dict:
    """A member's settings as stored in a results row (JSON text for the shares)."""
    names = set(SynthParams.field_names()) | set(EXTRA_SETTINGS) | {"member", "seed"}
    out = {k: v for k, v in row.items() if k in names}
    shares = out.get("education_shares")
    if isinstance(shares, str):
        out["education_shares"] = json.loads(shares)
    for k in ("member", "seed", "max_proposals"):
        if k in out:
            out[k] = int(out[k])
    return out


def regenerate(row: dict) -> SynthResult:
    """Rebuild a stored member from its settings and seed, and check it again.

    Parameters
    ----------
    row : dict
        One row of ``members.csv``.

    Returns
    -------
    SynthResult
        Identical to the member analysed; :class:`MemberRejected` if it no longer reproduces the print.
    """
    settings = settings_from_row(row)
    result = generate_member(settings)
    check_member(result, settings["seed"])
    return result
