"""The NBS context data: the transcription, the loader's errors, the figure."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sunshine.data import context
from sunshine.report import figures  # noqa: E402

GOOD = context.load_rural_income()


def test_every_row_has_a_source():
    assert GOOD["source"].str.contains("China Statistical Yearbook").all()


def test_transcription_matches_the_yearbook():
    # NBS, China Statistical Yearbook 2009, table 9-22 (rural per-capita net
    # income and its wage part, yuan, 2008), the source each row names.
    wide = context.rural_income_wide(GOOD, 2008)
    assert wide.loc["Gansu", "net_income"] == pytest.approx(2723.79)
    assert wide.loc["National", "net_income"] == pytest.approx(4760.62)
    assert wide.loc["Shanghai", "wage_income"] == pytest.approx(8108.32)
    assert wide.loc["Gansu", "wage_share"] == pytest.approx(867.98 / 2723.79)




def test_missing_file_is_named(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        context.load_rural_income(tmp_path / "nowhere.csv")


def test_missing_column_is_named(tmp_path: Path):
    path = tmp_path / "income.csv"
    GOOD.drop(columns="source").to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"income\.csv.*source"):
        context.load_rural_income(path)


def test_non_numeric_value_is_named(tmp_path: Path):
    path = tmp_path / "income.csv"
    bad = GOOD.astype({"yuan": object})
    bad.loc[3, "yuan"] = "n/a"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"income\.csv, line 5: column .yuan. must be numeric, found .n/a."):
        context.load_rural_income(path)


def test_unknown_year_is_refused():
    with pytest.raises(ValueError, match="1999"):
        context.rural_income_wide(GOOD, 1999)


def test_figure_is_deterministic_and_labelled():
    def render() -> bytes:
        fig = figures.rural_income_figure(GOOD, 2008)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        matplotlib.pyplot.close(fig)
        return buffer.getvalue()

    assert render() == render()
    fig = figures.rural_income_figure(GOOD, 2008)
    ax = fig.axes[0]
    assert "yuan" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert {"Gansu", "Ningxia", "Shanghai", "National"} <= set(labels)
    matplotlib.pyplot.close(fig)
