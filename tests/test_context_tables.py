"""The context tables of chapters 2 and 3: transcription, sources, loader errors, figures."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sunshine.data import context
from sunshine.report import figures, tables  # noqa: E402

CITED = context.load_cited_figures()
SUNSHINE = context.load_sunshine_project()


# --- every row has a source -------------------------------------------------


def test_every_cited_figure_has_a_source():
    assert CITED["source"].str.strip().str.len().gt(0).all()
    assert CITED["cited_by"].str.strip().str.len().gt(0).all()


def test_every_sunshine_row_has_a_known_kind_of_source():
    assert SUNSHINE["source"].str.contains("People's Daily|Xinhua|Wang and Shaw 2013").all()


def test_figures_from_ash_2009_are_marked_as_the_papers_claims():
    # The paper's "Ash 2009" could not be identified (data/context/README.md says so).
    ash = CITED[CITED["source"].str.startswith("Ash 2009")]
    assert len(ash) >= 6
    assert ash["unidentified"].all()
    assert ash["cited_by"].eq("Mao, Pih and Bao 2010").all()
    assert not CITED.loc[~CITED["source"].str.startswith("Ash 2009"), "unidentified"].any()


# --- spot values against their published sources ------------------------------------


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        # NBS, rural migrant worker monitoring survey report for 2009: 229.78 million rural migrant workers, 145.33 million working
        # outside their home township.
        ("nbs_migrants_total_2009", 229.78),
        ("nbs_migrants_away_2009", 145.33),
        # NBS, rural migrant worker monitoring figures for 2008: 32.7% of the 140.41 million
        # working away came from the western provinces.
        ("nbs_migrants_away_2008", 140.41),
        ("nbs_away_from_west_share_2008", 32.7),
        # Ministry of Agriculture of China, 2004 figures: 87.8% of rural surplus labour had
        # junior-high schooling or less, 9.1% had professional training.
        ("moa_surplus_junior_high_or_less_2004", 87.8),
        ("moa_surplus_trained_2004", 9.1),
        # Mao, Pih & Bao (2010), section "Migrant Labor Regime": surplus labour in Gansu and Ningxia in
        # 2004, 61.6% and 58% (Ash 2009); eastern rural income 91% above western
        # (Du et al. 2005).
        ("surplus_share_gansu", 61.6),
        ("surplus_share_ningxia", 58.0),
        ("east_west_rural_income_gap", 91.0),
    ],
)
def test_cited_figures_match_their_sources(figure_id: str, expected: float):
    assert context.cited_value(CITED, figure_id) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("period", "measure", "region", "low", "high"),
    [
        # People's Daily, 29 Oct 2004 (250 million yuan
        # central, 100 yuan per trainee, 26 provinces, 1,393 counties, ~1.5 million
        # trained, ~1.2 million placed).
        ("2004", "central_subsidy", "national", 250, 250),
        ("2004", "subsidy_per_trainee", "national", 100, 100),
        ("2004", "counties", "national", 1393, 1393),
        ("2004", "trained", "national", 1.5, 1.5),
        ("2004", "placed", "national", 1.2, 1.2),
        # People's Daily, 11 May 2006: 5.3 million trained, 4.6 million placed, 2004-05.
        ("2004-2005", "trained", "national", 5.3, 5.3),
        ("2004-2005", "placed", "national", 4.6, 4.6),
        # Xinhua, 30 Apr 2006: 600 million yuan central, per-trainee subsidy east
        # 120-130, centre 160-170, west 180-200 yuan.
        ("2006", "central_subsidy", "national", 600, 600),
        ("2006", "subsidy_per_trainee", "east", 120, 130),
        ("2006", "subsidy_per_trainee", "centre", 160, 170),
        ("2006", "subsidy_per_trainee", "west", 180, 200),
        # Xinhua, 7 May 2007: 8.8 million trained, 7.6 million placed by May 2007.
        ("2004 to May 2007", "trained", "national", 8.8, 8.8),
        ("2004 to May 2007", "placed", "national", 7.6, 7.6),
        # Wang and Shaw (2013), Springer TVET vol. 19, for 2011: 1.1 billion yuan
        # central, 3 million trainees, east 282, centre 300, west 400 yuan.
        ("2011", "central_subsidy", "national", 1100, 1100),
        ("2011", "trainees_target", "national", 3, 3),
        ("2011", "subsidy_per_trainee", "east", 282, 282),
        ("2011", "subsidy_per_trainee", "centre", 300, 300),
        ("2011", "subsidy_per_trainee", "west", 400, 400),
    ],
)
def test_sunshine_figures_match_their_sources(period, measure, region, low, high):
    assert context.sunshine_value(SUNSHINE, period, measure, region, which="low") == pytest.approx(low)
    assert context.sunshine_value(SUNSHINE, period, measure, region, which="high") == pytest.approx(high)


def test_values_come_back_as_python_floats():
    # glue's text formatting needs Python numbers, not numpy scalars.
    assert type(context.cited_value(CITED, "nbs_migrants_total_2009")) is float
    assert type(context.sunshine_value(SUNSHINE, "2004", "trained")) is float


def test_unknown_ids_are_named():
    with pytest.raises(KeyError, match="no_such_figure"):
        context.cited_value(CITED, "no_such_figure")
    with pytest.raises(KeyError, match="1999"):
        context.sunshine_value(SUNSHINE, "1999", "trained")


# --- loader errors name file, line and column ----------------------------------


def _write(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False)
    return path


def test_missing_file_is_named(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        context.load_cited_figures(tmp_path / "nowhere.csv")
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        context.load_sunshine_project(tmp_path / "nowhere.csv")


def test_missing_column_is_named(tmp_path: Path):
    path = _write(CITED.drop(columns=["source", "unidentified"]), tmp_path / "cited.csv")
    with pytest.raises(ValueError, match=r"cited\.csv: missing column\(s\) 'source'"):
        context.load_cited_figures(path)


def test_row_without_source_is_refused_with_its_line(tmp_path: Path):
    bad = SUNSHINE.drop(columns="mid").copy()
    bad.loc[4, "source"] = ""
    path = _write(bad, tmp_path / "sunshine.csv")
    with pytest.raises(ValueError, match=r"sunshine\.csv, line 6: empty value in column 'source'"):
        context.load_sunshine_project(path)


def test_non_numeric_value_is_named(tmp_path: Path):
    bad = CITED.drop(columns="unidentified").astype({"value": object})
    bad.loc[2, "value"] = "about 62"
    path = _write(bad, tmp_path / "cited.csv")
    with pytest.raises(ValueError, match=r"cited\.csv, line 4: column 'value' must be numeric, found 'about 62'"):
        context.load_cited_figures(path)


def test_duplicate_id_is_named(tmp_path: Path):
    bad = CITED.drop(columns="unidentified")
    bad = pd.concat([bad, bad.iloc[[0]]], ignore_index=True)
    path = _write(bad, tmp_path / "cited.csv")
    with pytest.raises(ValueError, match=rf"line {len(bad) + 1}: duplicate row for id='{bad.loc[0, 'id']}'"):
        context.load_cited_figures(path)


def test_unknown_region_and_inverted_range_are_named(tmp_path: Path):
    bad = SUNSHINE.drop(columns="mid").copy()
    bad.loc[11, "region"] = "north"
    path = _write(bad, tmp_path / "sunshine.csv")
    with pytest.raises(ValueError, match=r"line 13: column 'region' has unknown value 'north'"):
        context.load_sunshine_project(path)
    bad = SUNSHINE.drop(columns="mid").copy()
    bad.loc[11, ["low", "high"]] = [130, 120]
    path = _write(bad, tmp_path / "sunshine.csv")
    with pytest.raises(ValueError, match=r"line 13: column 'low' \(130.0\) exceeds column 'high' \(120.0\)"):
        context.load_sunshine_project(path)


def test_fractional_year_is_named(tmp_path: Path):
    bad = SUNSHINE.drop(columns="mid").astype({"start_year": object})
    bad.loc[0, "start_year"] = "2004.5"
    path = _write(bad, tmp_path / "sunshine.csv")
    with pytest.raises(ValueError, match=r"line 2: column 'start_year' must be a whole number"):
        context.load_sunshine_project(path)


# --- tables and figures ------------------------------------------------------------


def test_list_table_is_a_numbered_myst_directive():
    text = tables.list_table(["a", "b"], [[1, "x\ny"]], caption="A  caption", label="tbl-demo", widths=[1, 2])
    lines = text.splitlines()
    assert lines[:4] == ["```{list-table} A caption", ":name: tbl-demo", ":header-rows: 1", ":widths: 1 2"]
    assert "  - x y" in lines and lines[-1] == "```"
    with pytest.raises(ValueError, match="row 1 has 1 cells"):
        tables.list_table(["a", "b"], [[1]], caption="c", label="tbl-x")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    matplotlib.pyplot.close(fig)
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(
    "draw",
    [
        lambda: figures.migration_scale_figure(CITED),
        lambda: figures.sunshine_subsidy_figure(SUNSHINE),
        lambda: figures.sunshine_cumulative_figure(SUNSHINE),
    ],
    ids=["migration_scale", "sunshine_subsidy", "sunshine_cumulative"],
)
def test_figures_are_deterministic(draw):
    assert _png(draw()) == _png(draw())


def test_subsidy_figure_refuses_a_year_without_regional_rates():
    with pytest.raises(ValueError, match="'2004'"):
        figures.sunshine_subsidy_figure(SUNSHINE, ("2004", "2011"))


def test_a_year_given_as_int_is_accepted():
    # papermill turns "-p FIRST_PERIOD 2011" into the int 2011.
    assert context.sunshine_value(SUNSHINE, 2011, "subsidy_per_trainee", "west") == 400.0
    matplotlib.pyplot.close(figures.sunshine_subsidy_figure(SUNSHINE, (2006, 2011)))
