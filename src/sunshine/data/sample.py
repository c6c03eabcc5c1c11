"""The sample a survey chapter analyses, as its parameters define it.

:func:`load_sample` reads the data file named by ``data_path`` (validated
against the codebook by :func:`sunshine.data.survey.load`) or, when ``data_path`` is
``None``, generates synthetic data with :func:`sunshine.synth.generate`; then it
keeps the provinces, age band and gender asked for. The result says where the
data came from and whether they are synthetic, so that every chapter can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine.data import survey
from sunshine.files import sha256_file
from sunshine.runs.parameters import ChapterParameters, ParameterError

GENDER_CODES = {"male": 0, "female": 1}


def shown_name(path: Path) -> str:
    r"""A file's name as Markdown text that shows it literally: a name is the user's, and untrusted.

    Control characters become U+FFFD and Markdown's active characters (``<``
    included, so no name can become HTML) are escaped
    (:func:`sunshine.report.tables.escape`).

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    str

    Examples
    --------
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
        kind = "synthetic data" if self.synthetic else "data"
        return f"{kind} from {self.source}"


def _generate(params: ChapterParameters) -> tuple[pd.DataFrame, str]:
    from sunshine.synth import SynthParams, generate

    settings = {"seed": params.seed, "mode": params.synthetic_mode}
    if params.sample_size is not None:
        settings["n_persons"] = params.sample_size
    result = generate(SynthParams(**settings), progress=False)
    n = len(result.data)
    return result.data, f"the generator ({params.synthetic_mode} mode, seed {params.seed}, {n:,} persons)"


def load_sample(params: ChapterParameters, *, base: str | Path | None = None) -> Sample:
    """Load or generate the data and keep the sub-sample the parameters ask for.

    Parameters
    ----------
    params : ChapterParameters
        Validated parameters (:func:`sunshine.runs.parameters.validate`).
    base : path, optional
        Folder that a relative ``data_path`` is resolved against.

    Returns
    -------
    Sample
        The selected persons, whether they are synthetic, their source and the file's SHA-256.

    Raises
    ------
    sunshine.data.survey.DataValidationError
        If the file does not follow the codebook (naming file, column, row, value).
    ParameterError
        If the provinces, age band and gender leave no one in the sample.
    """
    if params.data_path is None:
        frame, source = _generate(params)
        synthetic, digest = True, None
    else:
        path = Path(params.data_path)
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        mapping = None
        if params.data_map is not None:
            mapping = Path(params.data_map)
            mapping = mapping if mapping.is_absolute() or base is None else Path(base) / mapping
        frame = survey.load(path, mapping=mapping)
        synthetic = bool(frame.attrs.get("synthetic", False))
        digest = sha256_file(path)
        source = f"the file {shown_name(path)}" + (f" read through the mapping {shown_name(mapping)}" if mapping else "")
    keep = (
        frame["province"].isin(params.provinces)
        & frame["age"].between(params.age_min, params.age_max)
    )
    if params.gender != "all":
        keep &= frame["gender"] == GENDER_CODES[params.gender]
    selected = frame[keep].reset_index(drop=True)
    if selected.empty:
        raise ParameterError(
            "provinces/age_min/age_max/gender",
            (list(params.provinces), params.age_min, params.age_max, params.gender),
            "a selection that keeps at least one person of the data",
        )
    selected.attrs = dict(frame.attrs)
    return Sample(selected, synthetic, source, digest, params)
