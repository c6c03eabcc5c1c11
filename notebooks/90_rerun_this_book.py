# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Rerun this book
#
# Every chapter of this edition is a program as well as a text. The published
# edition is one run of those programs, with the defaults that reproduce the paper's
# set-up; this page shows how to ask "what if" and get the whole answer, tables and
# verdict sentences included, without editing any code. A rerun never changes the
# published chapters in `notebooks/`: it writes to a folder of its own, `runs/NAME/`.
#
# ```{admonition} What you need
# :class: note
# A clone of the repository and `make setup` (or `make book`), which installs the
# `sunshine` command into `.venv/bin/`. The examples below call it as `sunshine`;
# from a fresh shell use `.venv/bin/sunshine` or `source .venv/bin/activate` first.
# ```
#
# ## The parameters
#
# Each survey chapter begins with a cell tagged `parameters` (the convention of
# [papermill](https://papermill.readthedocs.io), which does the executing). They
# are the same in every survey chapter and are checked by one function,
# `sunshine.runs.parameters.validate`, before any chapter starts: a bad value stops the rerun
# with a message naming the parameter, the value and what is allowed, and nothing
# is written. {numref}`tbl-parameters` lists them with the published defaults.

# %% tags=["remove-input"]
import json
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from myst_nb import glue

from sunshine.data import survey
from sunshine.runs import parameters
from sunshine.data import published
from sunshine.report import tables
from sunshine.report.figures import OKABE_ITO
from sunshine.kendall import kendall_matrix
from sunshine.synth import SynthParams, generate

MEANING = {
    "data_path": "data file (`.csv`, `.csv.gz`, `.sav`, `.dta`, `.parquet`); `None` generates synthetic data in the run",
    "data_map": "YAML mapping of the file's columns, codes and labels to the codebook's; `None`: the file uses the codebook's",
    "provinces": "provinces kept: Gansu, Ningxia or both",
    "age_min": "youngest age kept (whole years)",
    "age_max": "oldest age kept (whole years)",
    "gender": "`all`, `male` or `female`",
    "seed": "seed of the generator (only when `data_path` is `None`)",
    "synthetic_mode": "`exact`, `population` or `copula` (only when `data_path` is `None`)",
    "sample_size": "persons generated (only when `data_path` is `None`; `None`: the paper's n)",
    "alpha_levels": "significance marks and their levels",
    "tau_variant": "`b` (Kendall's tau-b, as SPSS) or `c` (Stuart's tau-c)",
    "clustered": "significance from household-clustered standard errors",
}
rows = [["Parameter", "Published default", "What it sets"]]
rows += [[f"`{name}`", f"`{json.dumps(value)}`", MEANING[name]] for name, value in parameters.DEFAULTS.items()]
table = "\n".join(
    ["```{list-table} The parameters of the survey chapters, with the defaults of the published edition.",
     ":name: tbl-parameters", ":header-rows: 1", ":widths: 20 25 55", ""]
    + [f"* - {r[0]}\n  - {r[1]}\n  - {r[2]}" for r in rows]
    + ["```"]
)
tables.show(table)

# %% [markdown]
# Values on the command line are read as YAML, so `2011` is a number, `true` a
# boolean, `null` is Python's `None`, `[Gansu]` a list and `{"**": 0.01, "*": 0.05}`
# a mapping. The context chapters (1 to 3) have parameters of their own, such as the
# year of the income figures in chapter 1; `sunshine rerun 01 --help` does not list
# them, but a wrong name is refused with the list of the chapter's parameters.
#
# ## One province only
#
# ```bash
# sunshine rerun 05 06 -p provinces '[Gansu]' --run gansu-only
# ```
#
# This executes chapters 5 and 6 on the Gansu respondents alone and writes
# `runs/gansu-only/notebooks/05_who_migrates.ipynb` and `06_after_migration.ipynb`,
# with the recomputed tables, figures and verdict sentences, and the manifest
# `runs/gansu-only/run.json`. The manifest records the parameters, the data file and
# its SHA-256, the versions of the packages, when the run started and ended, every
# project file each chapter read (with its SHA-256) and the values each chapter
# glued into its text, so that the key results can be compared across runs without
# opening a notebook.
#
# ## Women only
#
# ```bash
# sunshine rerun 05 06 -p gender female --run women
# ```
#
# The gender coding is the codebook's (0 = male, 1 = female; see
# {doc}`../book/about_data`). Subsamples change more than the coefficients: with fewer
# people the same coefficient is less often significant, and the verdict sentences,
# which are computed, say so.
#
# The first rerun takes a little longer than the next ones. Each chapter runs in a
# fresh kernel forked from a *warm server* that has already imported the scientific
# stack; the first `sunshine rerun` starts that server in the background and it stays
# for the reruns that follow. It ends by itself after ten minutes without work, or at
# once with `sunshine stop-server`; set `SUNSHINE_WARM_SERVER=process` to keep none.
# Nothing a chapter does survives into the next: each kernel is a new process.
#
# ## Your own data
#
# A file that follows the codebook (`data/cmlrs/datapackage.json`) can replace the
# synthetic data in every survey chapter:
#
# ```bash
# sunshine rerun --all -p data_path /path/to/my_survey.csv --run my-survey --build
# ```
#
# The file is validated against the codebook before anything else runs. A missing
# column, a value out of range, an unknown category, text in a numeric column or a
# duplicate identifier stops the run with one message naming the file, the column, the
# row and the value. For example, a file whose third person is
# {glue:text}`bad_age` years old, beyond the codebook's oldest age of
# {glue:text}`codebook_age_max`, is refused with:

# %% tags=["remove-input"]
frame = survey.load()
age_field = next(f for f in survey.codebook() if f["name"] == "age")
bad_age = age_field["constraints"]["maximum"] + 20
glue("bad_age", int(bad_age), display=False)
glue("codebook_age_max", int(age_field["constraints"]["maximum"]), display=False)
with tempfile.TemporaryDirectory() as folder:
    bad = frame.copy()
    bad.loc[2, "age"] = bad_age
    path = Path(folder) / "my_survey.csv"
    bad.to_csv(path, index=False)
    try:
        survey.load(path)
    except survey.DataValidationError as error:
        message = str(error).replace(folder + os.sep, "")
    else:  # the page shows a refusal: a file that is accepted is a bug of this example
        raise AssertionError("the example of a refused file was accepted")
tables.show(f"```text\n{message}\n```")

# %% [markdown]
# ## Your own data in SPSS or Stata
#
# Survey data rarely arrive as a CSV in this book's codebook. The CMLRS, and surveys
# like it, are kept as SPSS (`.sav`) or Stata (`.dta`) files with their own variable
# names, numeric codes and value labels. `data_path` also reads those, gzipped CSV
# (`.csv.gz`) and Parquet files, and a second parameter, `data_map`, names a **mapping
# file** (YAML) that says how the file becomes the codebook: which column holds which
# variable, which codes or value labels stand for which codebook code, which codes mean
# missing (SPSS user-missing values declared in the file count too), and how variables
# the file does not hold are derived: migration from a work-status code, income as the
# sum of two columns, the province from the leading digits of a county code.
#
# To see it at work, the cell below recodes this book's synthetic data into the shape
# of such a file: an SPSS file with the questionnaire's variable names, Chinese value
# labels and a user-missing code for "not applicable", and the mapping that undoes it.

# %%
from sunshine.data.check import check_data
from sunshine.data.examples import write_labelled_survey
from sunshine.data.readers import read_table

workspace = tempfile.TemporaryDirectory()
my_file, my_map = write_labelled_survey(survey.load(), Path(workspace.name) / "my_survey.sav")
stored = read_table(my_file)

# %% [markdown]
# Its first three respondents, as stored, with the value labels the file carries:

# %% tags=["remove-input"]
preview = pd.DataFrame({f"Respondent {i + 1}": stored.frame.iloc[i].map("{:g}".format) for i in range(3)})
preview["Value labels"] = [", ".join(f"{code:g} {label}" for code, label in stored.value_labels.get(column, {}).items())
                           for column in preview.index]
tables.show(preview.rename_axis("Column").reset_index().to_markdown(index=False))

# %% [markdown]
# The mapping file, `my_survey.map.yaml`:

# %% tags=["remove-input"]
tables.show(f"```yaml\n{my_map.read_text(encoding='utf-8')}```")

# %% [markdown]
# Before a rerun, `sunshine check-data` reads the file through the mapping exactly as the
# chapters would, validates the result against the codebook and prints what the
# chapters would use: the rows kept and dropped by each rule, the missing values and the
# distribution of each variable, the codes the mapping leaves unmapped, and every
# problem with its variable, value and rows. It runs nothing and writes nothing:
#
# ```bash
# sunshine check-data my_survey.sav --map my_survey.map.yaml
# ```

# %% tags=["remove-input"]
report = check_data(my_file, my_map)
glue("own_data_same", "the same" if survey.load(my_file, mapping=my_map).equals(frame) else "not the same",
     display=False)
tables.show(f"```text\n{report.text()}\n```")

# %% [markdown]
# Read through its mapping, the SPSS file gives {glue:text}`own_data_same` data as the
# CSV it was made from, and so the same tables (the tests check this for SPSS and Stata
# files alike). A rerun takes both files; its manifest records the mapping and its
# SHA-256 beside the data file's:
#
# ```bash
# sunshine rerun --all -p data_path /path/to/my_survey.sav -p data_map /path/to/my_survey.map.yaml \
#     --run my-survey --build
# ```
#
# A code the mapping does not cover stops the run, as any other problem does. Had the
# mapping spelled the label of women `Woman` instead of `女`, the message would be:

# %% tags=["remove-input"]
wrong_map = my_map.with_name("wrong.map.yaml")
wrong_map.write_text(my_map.read_text(encoding="utf-8").replace("女: 1", "Woman: 1"), encoding="utf-8")
try:
    survey.load(my_file, mapping=wrong_map)
except survey.DataValidationError as error:
    message = str(error).replace(workspace.name + os.sep, "")
else:
    raise AssertionError("the example of an unmapped label was accepted")
workspace.cleanup()
tables.show(f"```text\n{message}\n```")

# %% [markdown]
# With `--build` the rerun chapters are also rendered as an **alternate edition** in
# `runs/my-survey/_build/html`, a complete book whose every page carries a banner
# naming the run, the changed parameters and the data, so that no one mistakes it for
# the published edition. `--build` goes with `--all`, because a book with some
# chapters missing would have broken cross-references.
#
# ## Sampling variability: Table I over many synthetic samples
#
# The published Table I is one sample. How much would its coefficients move in
# another sample of the same size from the same population? The synthetic data can
# answer that for their own population: in `population` mode, the generator treats
# the exact reconstruction as the population and draws a new sample of households
# with replacement. A **sweep** runs a chapter once for each parameter set of a grid,
# in parallel, and collects its key results into one CSV file:
#
# ```yaml
# # grid.yaml
# chapter: 05
# run: table1-100-seeds
# fixed: {data_path: null, synthetic_mode: population}
# grid:
#   seed: [1, 2, 3, ..., 100]      # write out the hundred seeds
# ```
#
# ```bash
# sunshine sweep grid.yaml --jobs 2                              # on this machine
# sunshine sweep grid.yaml --scheduler tcp://HOST:8786           # on a Dask cluster
# ```
#
# The result is `runs/table1-100-seeds/results.csv`, one row per seed. Executing a
# chapter a hundred times takes a while, so this page computes the same thing
# directly with the package, which is what chapter 5 does in each of those runs:
# draw the sample, compute Table I.

# %% tags=["parameters", "remove-cell"]
n_draws = 100
first_seed = 1

# %% tags=["remove-input"]
columns = ["age", "gender", "education", "migrated", "training"]
labels = {"age": "Age", "gender": "Gender", "education": "Education", "migrated": "Migration", "training": "Training"}
printed = published.square("table1")
draws = []
for seed in range(first_seed, first_seed + n_draws):
    sample = generate(SynthParams(mode="population", seed=seed), progress=False).data
    tau = kendall_matrix(sample, columns).tau
    for i, row in enumerate(columns):
        for col in columns[:i]:
            draws.append({"seed": seed, "pair": f"{labels[row]} × {labels[col]}", "tau": float(tau.loc[row, col]),
                          "printed": float(printed.loc[row, col])})
draws = pd.DataFrame(draws)
coverage = 0.95
tail = (1 - coverage) / 2
spread = draws.groupby("pair", sort=False)["tau"].agg(["mean", "std", lambda s: s.quantile(tail), lambda s: s.quantile(1 - tail)])
spread.columns = ["mean", "sd", "low", "high"]
spread["printed"] = draws.groupby("pair", sort=False)["printed"].first()
spread["inside"] = (spread["printed"] >= spread["low"]) & (spread["printed"] <= spread["high"])
glue("var_draws", int(n_draws), display=False)
glue("var_coverage", float(coverage), display=False)
glue("var_sd_min", float(spread["sd"].min()), display=False)
glue("var_sd_max", float(spread["sd"].max()), display=False)
glue("var_pair_most", str(spread["sd"].idxmax()), display=False)
glue("var_inside", int(spread["inside"].sum()), display=False)
glue("var_cells", int(len(spread)), display=False)
tm = spread.loc["Training × Migration"]
glue("var_tm_low", float(tm["low"]), display=False)
glue("var_tm_high", float(tm["high"]), display=False)

# %% tags=["remove-input"] mystnb={"figure": {"caption": "Kendall's tau-b of each pair of Table I in synthetic samples drawn by households from the reconstructed population (one dot per sample), with the value printed in the paper (black bar). Synthetic data.", "name": "fig-table1-variability"}, "image": {"alt": "Strip plot with one row for each of the ten pairs of Table I. For each pair, dots show the tau-b of the synthetic samples; they cluster tightly around a black bar marking the published coefficient, from strongly positive for training and migration to negative for age and migration."}}
order = list(spread.index)
fig, ax = plt.subplots(figsize=(7.5, 4.8))
sns.stripplot(data=draws, x="tau", y="pair", order=order, color=OKABE_ITO["blue"], alpha=0.35, size=3, jitter=0.25, ax=ax)
ax.scatter(spread["printed"], range(len(order)), marker="|", s=400, color="black", linewidths=2, label="printed in the paper", zorder=3)
ax.axvline(0, color="grey", linewidth=0.8)
ax.set_xlabel("Kendall's tau-b")
ax.set_ylabel("")
ax.legend(loc="lower right", frameon=True)
sns.despine(ax=ax)
fig.tight_layout()
plt.show()

# %% [markdown]
# Over {glue:text}`var_draws` samples ({numref}`fig-table1-variability`), the
# standard deviation of a coefficient ranges from {glue:text}`var_sd_min:.3f` to
# {glue:text}`var_sd_max:.3f` (largest for {glue:text}`var_pair_most`), and the
# printed value lies inside the middle {glue:text}`var_coverage:.0%` of the draws for
# {glue:text}`var_inside` of the {glue:text}`var_cells` cells. In these synthetic
# draws the training–migration coefficient, the paper's main finding, stays between
# {glue:text}`var_tm_low:.3f` and {glue:text}`var_tm_high:.3f`. That measures how much
# a sample of this size drawn from the reconstruction varies, not how far the survey's
# own coefficient could move: that depends on the survey's households and sampling,
# which these draws only assume.
#
# ```{admonition} Synthetic data
# :class: warning
# The samples on this page are synthetic. They show how much coefficients of this size
# vary between samples of households of this size; they say nothing new about Gansu and
# Ningxia.
# ```
#
# ## Without the `sunshine` command
#
# The chapters are ordinary notebooks, so papermill alone can rerun one; run it from
# `notebooks/` so that the chapters find the data:
#
# ```bash
# cd notebooks
# papermill 05_who_migrates.ipynb /tmp/05_women.ipynb -p gender female
# ```
#
# The `sunshine` command adds what papermill leaves to you: checking every parameter
# before anything runs, refusing to overwrite an earlier run, the manifest, sweeps and
# the alternate edition.
