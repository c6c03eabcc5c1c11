"""The parameters of the survey chapters (defaults in :data:`DEFAULTS`), checked in one place.

A chapter's cell tagged ``parameters`` holds the published edition's defaults and the next cell
passes them to :func:`from_cell`; a rerun calls :func:`validate` before any notebook starts. A bad
value raises :class:`ParameterError` naming the parameter, the value and what is allowed (the
parameters are described in ``book/about_data.md`` and chapter 90).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

PROVINCES = ("Gansu", "Ningxia")
GENDERS = ("all", "male", "female")
SYNTHETIC_MODES = ("exact", "population", "copula")
TAU_VARIANTS = ("b", "c")
DEFAULT_DATA_PATH = "../data/cmlrs/cmlrs_synthetic.csv"
MIN_SAMPLE_SIZE = 50
#: Largest ``sample_size``: the exact generator takes 3 s for 10,000 persons, over a minute for 20,000.
MAX_SAMPLE_SIZE = 10_000

DEFAULTS: dict[str, Any] = {
    "data_path": DEFAULT_DATA_PATH,
    "data_map": None,
    "provinces": list(PROVINCES),
    "age_min": 0,
    "age_max": 120,
    "gender": "all",
    "seed": 2009,
    "synthetic_mode": "exact",
    "sample_size": None,
    "alpha_levels": {"**": 0.01},
    "tau_variant": "b",
    "clustered": False,
}
#: Parameters a chapter's ``parameters`` cell may leave out (it then takes these values).
OPTIONAL: dict[str, Any] = {"data_map": None}


class ParameterError(ValueError):
    """A chapter parameter has a value that is not allowed."""

    def __init__(self, name: str, value: Any, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        from sunshine.runs.safeyaml import short_repr  # a huge value must not make a huge message

        super().__init__(f"parameter {short_repr(name)} = {short_repr(value)} is not allowed: expected {allowed}")


@dataclass(frozen=True)
class ChapterParameters:
    """Validated, normalised chapter parameters."""

    data_path: str | None
    data_map: str | None
    provinces: tuple[str, ...]
    age_min: int
    age_max: int
    gender: str
    seed: int
    synthetic_mode: str
    sample_size: int | None
    alpha_levels: dict[str, float] = field(hash=False)
    tau_variant: str
    clustered: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain values, as papermill and JSON take them."""
        values = asdict(self)
        values["provinces"] = list(self.provinces)
        return values


def _integer(name: str, value: Any, low: int, high: int) -> int:
    whole = not isinstance(value, bool) and (
        isinstance(value, int) or isinstance(value, float) and value.is_integer())
    if not whole or not low <= int(value) <= high:
        raise ParameterError(name, int(value) if whole else value, f"a whole number from {low} to {high}")
    return int(value)


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise ParameterError(name, value, "one of " + ", ".join(repr(a) for a in allowed))
    return value.strip().lower()


def _provinces(value: Any) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    allowed = "a non-empty list drawn from " + ", ".join(repr(p) for p in PROVINCES)
    canonical = {p.lower(): p for p in PROVINCES}
    if (not isinstance(names, (list, tuple)) or not names
            or not all(isinstance(name, str) and name.strip().lower() in canonical for name in names)):
        raise ParameterError("provinces", value, allowed)
    chosen = {canonical[name.strip().lower()] for name in names}
    return tuple(p for p in PROVINCES if p in chosen)


def _alpha_levels(value: Any) -> dict[str, float]:
    allowed = 'a mapping of marks to levels in (0, 1), e.g. {"**": 0.01, "*": 0.05}'
    if not isinstance(value, Mapping) or not value or not all(
            isinstance(mark, str) and mark.strip() and not isinstance(level, bool)
            and isinstance(level, (int, float)) and 0 < float(level) < 1  # NaN fails too
            for mark, level in value.items()):
        raise ParameterError("alpha_levels", value, allowed)
    levels = {mark: float(level) for mark, level in value.items()}
    if len(set(levels.values())) != len(levels):
        raise ParameterError("alpha_levels", value, "distinct levels, one per mark")
    return dict(sorted(levels.items(), key=lambda item: item[1]))


def user_path(value: str | Path, base: str | Path | None) -> Path:
    """A path parameter as a chapter reads it: absolute, or relative to ``base`` (its ``notebooks/``)."""
    path = Path(value)
    return path if path.is_absolute() or base is None else Path(base) / path


def _data_path(value: Any, base: str | Path | None, name: str = "data_path") -> str | None:
    what = "data file (.csv, .csv.gz, .sav, .dta, .parquet)" if name == "data_path" else "YAML mapping file"
    if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "synthetic")):
        return None
    if isinstance(value, str) and not value.strip():
        raise ParameterError(name, value, f"a path to a {what}, or null (None) for synthetic data generated in the run"
                             if name == "data_path" else f"a path to a {what}, or null (None) for no mapping")
    if not isinstance(value, (str, Path)):
        raise ParameterError(name, value, f"a path to a {what}, or None")
    resolved = user_path(value, base)
    if not resolved.is_file() and str(value) == DEFAULT_DATA_PATH:
        # Outside a checkout (a downloaded chapter, Colab): the copy shipped with the package.
        from sunshine.data.survey import DEFAULT_FILE

        return str(DEFAULT_FILE)
    if not resolved.is_file():
        raise ParameterError(name, str(value), f"an existing {what} (looked for {resolved})")
    return str(value)


def validate(*, base: str | Path | None = None, **values: Any) -> ChapterParameters:
    """Check chapter parameters and return them normalised."""
    unknown = sorted(set(values) - set(DEFAULTS))
    if unknown:
        raise ParameterError(unknown[0], values[unknown[0]], "one of the parameters " + ", ".join(DEFAULTS))
    merged = {**DEFAULTS, **values}
    age_min = _integer("age_min", merged["age_min"], 0, 120)
    age_max = _integer("age_max", merged["age_max"], 0, 120)
    if age_min > age_max:
        raise ParameterError("age_max", age_max, f"at least age_min ({age_min})")
    sample_size = merged["sample_size"]
    if sample_size is not None:
        sample_size = _integer("sample_size", sample_size, MIN_SAMPLE_SIZE, MAX_SAMPLE_SIZE)
    clustered = merged["clustered"]
    if not isinstance(clustered, bool):
        raise ParameterError("clustered", clustered, "True or False")
    data_path = _data_path(merged["data_path"], base)
    data_map = _data_path(merged["data_map"], base, "data_map")
    if data_map is not None and data_path is None:
        raise ParameterError("data_map", data_map, "None when data_path is None (a mapping reads a data file)")
    if data_path is not None:
        # Generator settings on a file would be silently ignored: say so instead.
        for name in ("seed", "synthetic_mode", "sample_size"):
            if merged[name] != DEFAULTS[name]:
                raise ParameterError(
                    name, merged[name], f"its default ({DEFAULTS[name]!r}) unless data_path is None: "
                    "seed, synthetic_mode and sample_size apply only to data generated in the run"
                )
    return ChapterParameters(
        data_path=data_path,
        data_map=data_map,
        provinces=_provinces(merged["provinces"]),
        age_min=age_min,
        age_max=age_max,
        gender=_choice("gender", merged["gender"], GENDERS),
        seed=_integer("seed", merged["seed"], 0, 2**32 - 1),
        synthetic_mode=_choice("synthetic_mode", merged["synthetic_mode"], SYNTHETIC_MODES),
        sample_size=sample_size,
        alpha_levels=_alpha_levels(merged["alpha_levels"]),
        tau_variant=_choice("tau_variant", merged["tau_variant"], TAU_VARIANTS),
        clustered=clustered,
    )


def from_cell(namespace: Mapping[str, Any], *, base: str | Path | None = None) -> ChapterParameters:
    """Validate the parameters a chapter's ``parameters`` cell defined (``from_cell(globals(), base=".")``)."""
    namespace = {**OPTIONAL, **namespace}
    missing = [name for name in DEFAULTS if name not in namespace]
    if missing:
        raise ParameterError(missing[0], None, "a value in the chapter's parameters cell (it defines none)")
    return validate(base=base, **{name: namespace[name] for name in DEFAULTS})
