"""The sample a survey chapter analyses, as its parameters define it.

:func:`load_sample` reads ``data_path`` (:func:`sunshine.data.survey.load`) or generates synthetic
data, keeps the provinces, age band and gender asked for, and says where the data came from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine.data import survey
from sunshine.files import sha256_file
from sunshine.runs.parameters import ChapterParameters, ParameterError, user_path

GENDER_CODES = {"male": 0, "female": 1}


def shown_name(path: Path) -> str:
    r"""A file's name as Markdown showing it literally (untrusted): control characters to U+FFFD, active characters (``<`` too) escaped.

    >>> print(shown_name(Path("/d/<img src=x onerror=alert(1)>.csv")))
    \<img src=x onerror=alert(1)\>.csv
    """
    from sunshine.report.tables import escape

    return escape("".join("\ufffd" if ord(c) < 32 or ord(c) == 127 else c for c in path.name))


@dataclass
class Sample:
    """A chapter's analysis sample and where it came from (``source``: Markdown, names escaped)."""

    data: pd.DataFrame
    synthetic: bool
    source: str
    sha256: str | None
    parameters: ChapterParameters

    @property
    def migrants(self) -> pd.DataFrame:
        """The persons who migrated (``migrated == 1``)."""
        return self.data[self.data["migrated"] == 1]

    @property
    def stayers(self) -> pd.DataFrame:
        """The persons who stayed (``migrated == 0``)."""
        return self.data[self.data["migrated"] == 0]

    @property
    def description(self) -> str:
        """One sentence on the data, for the chapter's data note."""
        return f"{'synthetic data' if self.synthetic else 'data'} from {self.source}"


def _generate(params: ChapterParameters) -> tuple[pd.DataFrame, str]:
    from sunshine.synth import SynthParams, generate

    settings = {"seed": params.seed, "mode": params.synthetic_mode}
    if params.sample_size is not None:
        settings["n_persons"] = params.sample_size
    data = generate(SynthParams(**settings), progress=False).data
    return data, f"the generator ({params.synthetic_mode} mode, seed {params.seed}, {len(data):,} persons)"


def load_sample(params: ChapterParameters, *, base: str | Path | None = None) -> Sample:
    """Load or generate the data and keep the sub-sample the parameters ask for."""
    if params.data_path is None:
        frame, source = _generate(params)
        synthetic, digest = True, None
    else:
        path = user_path(params.data_path, base)
        mapping = user_path(params.data_map, base) if params.data_map is not None else None
        frame = survey.load(path, mapping=mapping)
        synthetic = bool(frame.attrs.get("synthetic", False))
        digest = sha256_file(path)
        source = f"the file {shown_name(path)}" + (f" read through the mapping {shown_name(mapping)}" if mapping else "")
    selected = select(frame, params, source)
    selected.attrs = dict(frame.attrs)
    return Sample(selected, synthetic, source, digest, params)


def selection_rules(frame: pd.DataFrame, params: ChapterParameters) -> list[tuple[str, pd.Series]]:
    """Each rule of the selection, in words, with the rows it keeps (applied in turn, they give the sample)."""
    return [
        (f"provinces {list(params.provinces)}", frame["province"].isin(params.provinces)),
        (f"age {params.age_min}-{params.age_max}", frame["age"].between(params.age_min, params.age_max)),
        (f"gender {params.gender}", frame["gender"] == GENDER_CODES[params.gender] if params.gender != "all"
         else pd.Series(True, index=frame.index)),
    ]


def select(frame: pd.DataFrame, params: ChapterParameters, source: str = "the data") -> pd.DataFrame:
    """The persons of the provinces, age band and gender the parameters ask for."""
    rules = selection_rules(frame, params)
    keep = pd.Series(True, index=frame.index)
    for _, rule in rules:
        keep &= rule
    if not keep.any():
        counts = ", ".join(f"{label} keeps {int(rule.sum()):,}" for label, rule in rules)
        raise ParameterError(
            "provinces/age_min/age_max/gender",
            (list(params.provinces), params.age_min, params.age_max, params.gender),
            f"a selection that keeps at least one of the {len(frame):,} persons of {source} ({counts})",
        )
    return frame[keep].reset_index(drop=True)


@functools.lru_cache(maxsize=4)
def _loaded(versions: tuple[tuple[str, int, int], ...]) -> pd.DataFrame:
    """A data file (and its mapping) loaded once per content version (a sweep names it in every set)."""
    return survey.load(versions[0][0], mapping=versions[1][0] if len(versions) > 1 else None)


def check_selection(params: ChapterParameters, *, base: str | Path | None = None) -> None:
    """Before a chapter runs: read and check the data file (once per version), and refuse a selection
    that would keep nobody of the file or the generator."""
    if params.data_path is None:
        from sunshine.synth.settings import SynthParams

        drawn = SynthParams()
        if params.age_max < drawn.age_min or params.age_min > drawn.age_max:
            raise ParameterError(
                "age_min/age_max", (params.age_min, params.age_max),
                f"an age band meeting the ages the generator draws ({drawn.age_min}-{drawn.age_max})")
        return
    paths = [user_path(params.data_path, base)] + ([user_path(params.data_map, base)] if params.data_map else [])
    versions = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    select(_loaded(versions), params, f"the file {paths[0].name}")
