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
# # What the printed tables settle
#
# The paper's evidence is two tables of pairwise rank correlations. Its words invite
# readings that go further: training "appears to be the most important variable in
# the preliminary analyses" (its section on results), which a reader may take to hold
# *net of* education, and training does not pay once people have migrated
# {cite:p}`mao2010neoliberal`. The paper fits no model beyond those correlations, and
# nobody can compute one on the survey, which is closed. This chapter asks what the
# printed numbers themselves fix, and it keeps to three kinds of answer:
#
# - **proved**: it follows from the printed cells by an argument given here, for every
#   data set that reproduces them (with the argument's conditions named);
# - **not settled**: a data set that reproduces the print gives the other answer, and
#   that data set is kept so that anyone can rebuild it and check it;
# - **robust to the assumptions varied here**: the same in every synthetic data set
#   built and every search tried. This is the weakest of the three. Random synthetic
#   data sets that reproduce the print are a sample from the inside of the set of all
#   such data sets: they can show that a conclusion is *not* settled, never that it is.
#
# Before any of that, each quantity is put in its class. A printed cell that the
# synthetic data were built to match (an **input**) can be no finding; nor can a
# statement the acceptance rule enforces (**imposed**), nor a function of printed
# numbers (**arithmetic**), whose range follows from the rounding of the print. Only
# the remaining, **open** quantities are findings of this chapter.

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - sort a quantity into input, imposed, arithmetic or open, and say why only the last
#   can be a finding;
# - tell a proof from a refutation by a witness, and both from agreement among random
#   synthetic draws;
# - compute the design effect a starred cell can bear before it loses its stars.
# ```

# %% [markdown]
# ```{admonition} What this chapter can and cannot say
# :class: warning
# Every data set in this chapter is synthetic. A proved statement holds for every data
# set that reproduces the print, under the conditions it names; a refuted one is shown
# open by one such data set; a robust one is only what the data sets built here agree
# on. None of it is a finding about Gansu and Ningxia: the book never saw the survey.
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "neoliberal-sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these): where the ensemble's results are.
ensemble_dir = None  # None: the book's copy, data/ensemble (packaged with sunshine outside a checkout)

# %%
import json
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import Markdown
from myst_nb import glue

from sunshine.data import published
from sunshine.report import ensemble_figures as ef
from sunshine.report.tables import show
from sunshine.synth import ensemble, ensemble_run, ensemble_summary as es
from sunshine.synth import identification as idf, witness
from sunshine.synth import targets as tg

ensemble_dir = Path(ensemble_dir) if ensemble_dir else ensemble.ENSEMBLE_DIR
results = ensemble_run.load_results(ensemble_dir, dimensions=ensemble_dir / "dimensions.yaml"
                                    if (ensemble_dir / "dimensions.yaml").exists()
                                    else ensemble.DIMENSIONS_FILE)  # refuses stale results
members, meta = results["members"], results["meta"]

# %% [markdown]
# ## The ensemble
#
# The synthetic data sets come from the exact generator of chapter 4, each with its own
# settings and seed (both stored, so that any member can be rebuilt). A draw is kept
# only if every numeric cell of both tables is within half a unit of the last printed
# decimal of the book's reading of it, and the text's "no significant association"
# statements hold.

# %%
spec = ensemble.load_dimensions(ensemble_dir / "dimensions.yaml"
                                if (ensemble_dir / "dimensions.yaml").exists()
                                else ensemble.DIMENSIONS_FILE)
rejected = results["rejected"]
given_up = sorted(set(rejected["member"]) - set(members["member"]))
glue("n_members", int(len(members)), display=False)
glue("n_requested", int(meta["members_requested"]), display=False)
glue("n_rejected", int(len(rejected)), display=False)
glue("n_given_up", len(given_up), display=False)
glue("n_dimensions", len(spec["dimensions"]), display=False)
glue("max_printed_error", ef.printed_error(members), display=False)
glue("cpu_per_member", float(meta["cpu_seconds_per_member"]), display=False)

# %% [markdown]
# The ensemble has {glue:text}`n_members` members out of {glue:text}`n_requested`
# requested; {glue:text}`n_rejected` draws were rejected on the way and
# {glue:text}`n_given_up` members given up after every attempt (their seeds and
# reasons are in `rejected.csv`). The largest distance between a member's coefficient
# and the printed cell, as that member reads the print (its coding of gender and
# education, its reading of the garbled cells), is {glue:text}`max_printed_error:.4f`.
# {numref}`tbl-ensemble-dimensions` lists the {glue:text}`n_dimensions` free
# dimensions and why each range is what it is. The copula decides the dependence
# *beyond* pairwise ranks: with the same pairwise coefficients, a Gaussian copula, a t
# copula {cite:p}`demarta2005t` and a Clayton-type gamma frailty
# {cite:p}`marshall1988families` give different three-way structure, which is exactly
# what a regression with several predictors reads.

# %% tags=["hide-input"]
show(ef.dimensions_table(spec))

# %% [markdown]
# ## Every quantity in its class
#
# The class of each quantity is derived from the published cells, not typed: a tau-b
# whose cell is printed with a number is an input, one the text says is "not
# significant" is imposed, Kendall's partial tau of three printed cells is arithmetic,
# and a regression coefficient, which no printed cell determines, is open
# (`sunshine.synth.identification.classify`). The summary below is
# `data/ensemble/summary.csv`, written by the ensemble command together with the
# witnesses of the next sections.

# %%
summary_file = ensemble_dir / es.SUMMARY_FILE
try:
    witnesses, witness_meta = witness.load_witnesses(ensemble_dir, meta["key"])
except FileNotFoundError:  # an ensemble made without the witness search
    witnesses, witness_meta = None, {}
summary = (pd.read_csv(summary_file, keep_default_na=False) if witnesses is not None
           else es.summary_table(members, None))
counts = summary["class"].value_counts()
for cls in idf.CLASSES:
    glue(f"n_{cls}", int(counts.get(cls, 0)), display=False)
glue("n_quantities", len(summary), display=False)

# %% [markdown]
# Of the {glue:text}`n_quantities` quantities the chapter reports,
# {glue:text}`n_input` are printed cells (inputs), {glue:text}`n_imposed` are imposed
# by the acceptance rule and {glue:text}`n_arithmetic` is arithmetic on printed cells.
# That they come out the same in every member is true by construction and says nothing
# the print did not say. The findings of this chapter are the {glue:text}`n_open` open
# quantities ({numref}`tbl-ensemble-summary`).
#
# Two data sets refute each other only when they read the print alike. The print does
# not say how the paper coded gender and education, so members assume either coding,
# while the book's file always codes women as 1 and education from none to college. A
# member that assumes the other coding reads the same printed sign as the opposite
# association in the file's coding: that is why a printed cell with gender or education
# runs from minus to plus its value in the table, and why for such a cell only its
# significance is judged. An open quantity whose sign differs only between members of
# opposite codings is marked as turning on the coding; it is refuted by data only when
# two data sets with the same reading (two members, or a witness and the member it
# started from) give different answers.

# %% tags=["hide-input"]
show(ef.summary_markdown(summary))

# %% [markdown]
# ## What is proved
#
# **The partial tau of training and migration given age.** Kendall's partial tau
# {cite:p}`kendall1942partial`, `(t_xy - t_xz t_yz) / sqrt((1 - t_xz^2)(1 - t_yz^2))`,
# uses only three printed cells. Each printed cell stands for every value that rounds
# to it, so the partial tau lies in the interval its formula takes over that box:

# %%
partial_box = idf.rounding_box("partial_tau")
partial_lo, partial_hi = idf.partial_tau_interval(partial_box)
glue("partial_lo", partial_lo, display=False)
glue("partial_hi", partial_hi, display=False)

# %% [markdown]
# from {glue:text}`partial_lo:.4f` to {glue:text}`partial_hi:.4f`, for every data set
# that reproduces the print. Its size and sign are proved; whether it is *significant*
# is not, because a test of it needs more than the three cells.
#
# **The share of migrants without training.** Among migrants Table II prints tau-b
# {glue:text}`income_tau:.3f` for training and income. Training is yes or no; income has (almost) no ties.
# Pairs that differ in training number `n1 n0`, at most all of them concordant, so
# `|tau_b| <= sqrt(n1 n0 / (n(n-1)/2))`, close to `sqrt(2p(1-p))` with `p` the share
# of either group. A tau-b of {glue:text}`income_tau:.3f` therefore needs at least a share
# `p >= (1 - sqrt(1 - 2 tau^2)) / 2` of migrants in the rarer group:

# %%
t_income = next(t for t in tg.published_targets()
                if t.source == "table2" and {t.row_var, t.column_var} == {"income", "training"})
t_phi = next(t for t in tg.published_targets()
             if t.source == "table1" and {t.row_var, t.column_var} == {"training", "migrated"})
n_analysis = int(published.load_design().set_index("id").loc["analysis_n", "value"])
n_migrants = int(round(n_analysis * members["migrant_share"].min()))  # the fewest migrants in the ranges
share_floor = idf.binary_tau_share_bound(abs(t_income.value) - t_income.half_width, n_migrants)
untrained = np.array([idf.untrained_migrant_share(t_phi.value, m, t) for m, t in
                      zip(members["migrant_share"], members["training_share"])])
glue("income_tau", t_income.value, display=False)
glue("phi_tm", t_phi.value, display=False)
glue("share_floor", share_floor, display=False)
glue("untrained_lo", float(untrained.min()), display=False)
glue("untrained_hi", float(untrained.max()), display=False)

# %% [markdown]
# at least {glue:text}`share_floor:.1%` of migrants are untrained (or, if the trained
# were the rarer group, trained), whatever else is true, as long as income has no ties.
# Table I's φ = {glue:text}`phi_tm:.3f` for training and migration does not fix that
# share by itself: it fixes it once the two margins are known, and over the members'
# margins it runs from {glue:text}`untrained_lo:.1%` to {glue:text}`untrained_hi:.1%`.
# Any margins that would put fewer than {glue:text}`share_floor:.1%` of migrants outside
# training are ruled out by the print.
#
# **The exact range of a binary variable's tau-b.** When one variable of a cell is
# binary, its tau-b is linear in the cell counts once both margins are fixed (the
# quadratic terms of `P - Q` cancel), so its exact range is a linear programme over
# the joint table. For training and education, with the margins of the first member:

# %%
first = members.iloc[0]
edu_counts = np.round(np.array(json.loads(first["education_shares"])) * n_analysis)
lp_lo, lp_hi = idf.binary_tau_range(edu_counts, int(round(n_analysis * first["training_share"])))
glue("te_printed", next(t.value for t in tg.published_targets() if t.source == "table1"
                        and {t.row_var, t.column_var} == {"training", "education"}), display=False)
glue("lp_lo", float(lp_lo), display=False)
glue("lp_hi", float(lp_hi), display=False)

# %% [markdown]
# the printed {glue:text}`te_printed:.3f` could have been anything from {glue:text}`lp_lo:.3f` to
# {glue:text}`lp_hi:.3f`: the margins leave the cell free, and it is an input.
#
# **The design effect a star can bear.** A cell carries two stars when
# `|tau| / se > 2.576`. Sampling by households multiplies the variance by the design
# effect `D` {cite:p}`kish1965survey`, so the stars survive exactly while
# `D < (z / 2.576)^2`, with `z` the cell's own statistic. The stars can be lost only if
# the design effect passes that bound; the members' realised design effects (from
# their person-level and household-clustered tests) are set beside it:

# %%
bear = es.design_effect_table(members)
starred = bear[bear["significant_persons"] == len(members)]
glue("bear_min", float(starred["bearable"].min()), display=False)
glue("bear_cell", starred.loc[starred["bearable"].idxmin(), "label"].split(": ")[1].split(",")[0],
     display=False)
glue("deff_max", float(bear["deff_high"].max()), display=False)
glue("n_flips", int(bear["flips"].sum()), display=False)
bear[["label", "bearable", "deff_low", "deff_high", "flips"]].round(2)

# %% [markdown]
# Of the cells significant in every member, the most fragile, {glue:text}`bear_cell`,
# keeps its significance up to a design
# effect of {glue:text}`bear_min:.1f`; the largest design effect any member realised is
# {glue:text}`deff_max:.2f`, and the household-clustered test changes the answer of a
# printed cell in {glue:text}`n_flips` member-cells. A bound on the other side is also
# proved: the clustered variance of a sum of per-person contributions `psi_i` is
# `sum over households of (sum psi_i)^2`, which by the Cauchy-Schwarz inequality is at
# most the largest household's size times `sum psi_i^2`. So, measured against the
# person-level variance, no data set whose largest household has fewer persons than a
# cell's bearable design effect can take that cell's stars away. (Unstarred cells read
# the other way: their bearable design effect is below one, and they would gain stars
# only if households made persons *less* alike than strangers.)
#
# ## What the witnesses found
#
# For each open quantity a search starts from several members (for each copula family
# the member where the quantity is already furthest in the direction searched, and the
# member nearest the corner where the migrant and training shares are both highest, when
# raising the quantity, or both lowest, when lowering it) and pushes
# the quantity up and down by swapping values within one column. A swap keeps that
# column's margin exactly; it is kept only while every printed cell of Tables I and II
# that involves the column stays within half a unit of its last printed decimal, or is
# brought back there before the search ends (`sunshine.synth.witness`). The
# quantity itself is then recomputed on the witness, with every printed cell checked
# again. A witness is rebuilt from its member's row, the column and its swap log
# (`witnesses.json`), or from the member and the search seed.

# %%
open_rows = summary[summary["class"] == idf.OPEN].set_index("quantity")
refuted = open_rows[open_rows["status"] == es.NOT_SETTLED]
glue("n_refuted", len(refuted), display=False)
glue("n_searches", int(witness_meta.get("searches", 0)), display=False)
glue("witness_wall", float(witness_meta.get("wall_seconds", 0.0)), display=False)
glue("refuted_list", Markdown("; ".join(refuted["label"]) or "none"), display=False)
glue("robust_list", Markdown("; ".join(open_rows.loc[open_rows["status"] == es.ROBUST, "label"])
                             or "none"), display=False)
for q in ("logit_training", "logit_education", "ols_training", "ols_education"):
    glue(f"{q}_low", float(open_rows.loc[q, "low"]), display=False)
    glue(f"{q}_high", float(open_rows.loc[q, "high"]), display=False)
    glue(f"{q}_status", Markdown(ef.STATUS_WORDS[open_rows.loc[q, "status"]]), display=False)

# %% [markdown]
# The search ran {glue:text}`n_searches` times ({glue:text}`witness_wall:.0f` s of wall
# time on the machine that made the book). Not settled, {glue:text}`n_refuted` of the
# {glue:text}`n_open` open quantities: {glue:md}`refuted_list`. The same in all members
# and every witness tried: {glue:md}`robust_list`.
#
# Education's coefficient in the household-clustered logit of migration, net of
# training, age and gender, runs from {glue:text}`logit_education_low:.3f` to
# {glue:text}`logit_education_high:.3f` over members and witnesses:
# {glue:md}`logit_education_status`. Training's runs from
# {glue:text}`logit_training_low:.2f` to {glue:text}`logit_training_high:.2f`:
# {glue:md}`logit_training_status`. Among migrants, training's coefficient on log
# income runs from {glue:text}`ols_training_low:.2f` to
# {glue:text}`ols_training_high:.2f` ({glue:md}`ols_training_status`) and education's
# from {glue:text}`ols_education_low:.3f` to {glue:text}`ols_education_high:.3f`
# ({glue:md}`ols_education_status`). A search that finds no flip is not a proof: a
# cleverer search, or a data set outside the settings varied here, may still find one.
# So the chapter calls no open quantity settled; the best it says of one is that it is
# robust to the assumptions varied here.

# %% mystnb={"figure": {"caption": "Each open quantity in every member of the ensemble (one point per member, jittered vertically; colour: the member's copula; filled: significant at the tables' level with household-clustered standard errors, open: not significant). The thin vertical line is zero. Members only: the witnesses are in the summary table.", "name": "fig-ensemble-spread"}, "image": {"alt": "Rows of points, one row per open quantity: the four coefficients of the logit of migration and the two of migrants' log income. Each row is a cluster of points; the education coefficient of the logit sits close to zero with open points."}} tags=["hide-input"]
fig = ef.spread_figure(members, list(open_rows.index))

# %% [markdown]
# The size of an open coefficient can follow settings the paper never printed.
# {numref}`fig-ensemble-driver` plots, for migrants, training's coefficient on log
# income against the spread of migrants' incomes, a free setting of the ensemble: in
# {glue:md}`driver_sentence:myst`.

# %% mystnb={"figure": {"caption": "Migrants' log income on training: the coefficient in each member against the member's spread of migrants' log income (a free setting).", "name": "fig-ensemble-driver"}, "image": {"alt": "A scatter of points, one per member: the training coefficient in the regression of migrants' log income against the spread of migrants' log income the member was built with."}} tags=["hide-input"]
from sunshine.kendall import kendall_tau

trend = kendall_tau(members["ols_training"].abs(), members["income_migrant_sigma"]).tau  # |tau-b| < .3: no clear trend
glue("driver_sentence", Markdown(("this member" if len(members) == 1 else f"these {len(members):,} members")
                                 + " its size (its distance from zero) " + (
    "grows with that spread" if trend >= 0.3 else "shrinks as that spread grows" if trend <= -0.3
    else "shows no clear trend with that spread")), display=False)
fig = ef.driver_figure(members, "ols_training", "income_migrant_sigma",
                       "spread of migrants' log income (setting)", "training coefficient, log income")

# %% [markdown]
# Its significance has one likely enemy among the settings: a heavy lower tail of
# migrants' incomes (seasonal migrants paid for a few weeks), which the ensemble varies
# as the ratio of the log-scale spread below the median to the spread above it. Where
# that setting tips the coefficient out of significance is read from the members:

# %%
tail = members[["income_lower_tail", "ols_training_p"]]
glue("tail_low", float(tail["income_lower_tail"].min()), display=False)
glue("tail_high", float(tail["income_lower_tail"].max()), display=False)
glue("tail_p_max", float(tail["ols_training_p"].max()), display=False)
glue("tail_at_p_max", float(tail.loc[tail["ols_training_p"].idxmax(), "income_lower_tail"]), display=False)
glue("tail_sentence", Markdown(es.tipping_sentence(float(tail["ols_training_p"].max()))), display=False)

# %% [markdown]
# Over the ratios drawn, from {glue:text}`tail_low:.2f` to {glue:text}`tail_high:.2f`
# (a setting, not a printed number), the largest p-value of training's coefficient is
# {glue:text}`tail_p_max:.2g`, at a ratio of {glue:text}`tail_at_p_max:.2f`, against the
# level of the tables' stars. {glue:md}`tail_sentence`

# %% [markdown]
# ## The hypotheses
#
# {numref}`tbl-ensemble-verdicts` gives the verdict on each reading of the paper's
# hypotheses in every member and every witness that reproduces the print, with the
# book's one verdict rule (chapter 4), and the classes of the quantities the reading
# rests on. A reading that rests only on printed cells repeats the print; one that
# rests on an open quantity is reported only with its status.

# %%
verdicts = es.verdict_status(members, witnesses)
glue("verdicts_not_settled", Markdown("; ".join(
    verdicts.loc[verdicts["status"] == es.NOT_SETTLED, "label"]) or "none"), display=False)
glue("verdicts_open_robust", Markdown("; ".join(
    verdicts.loc[verdicts["open"] & (verdicts["status"] == es.ROBUST), "label"]) or "none"),
     display=False)

# %% tags=["hide-input"]
show(ef.verdict_status_markdown(verdicts))

# %% [markdown]
# Not settled: {glue:md}`verdicts_not_settled`. Resting on an open quantity and the same
# in every data set tried (robust to the assumptions varied here, nothing more):
# {glue:md}`verdicts_open_robust`.

# %% [markdown]
# ## Sampling variability
#
# The stars of Table I assume {glue:text}`n_persons:,` independent persons. The survey
# sampled households, and persons in a household resemble each other. To see how much
# Table I moves from one sample to the next, one member is taken as the population and
# {glue:text}`n_draws` new samples of the same size are drawn from it, household by
# household {cite:p}`efron1993introduction` ({numref}`fig-ensemble-sampling`).

# %%
sampling = es.sampling_table(results["sampling"])
base = ensemble_run.sampling_member(members)
glue("n_draws", int(meta["sampling_draws"]), display=False)
n_persons = int(published.load_design().set_index("id").loc["analysis_n", "value"])
glue("n_persons", n_persons, display=False)
glue("sampling_member", int(base["member"]), display=False)
glue("sampling_icc", float(base["household_icc"]), display=False)
glue("ratio_min", float(sampling["ratio"].min()), display=False)
glue("ratio_max", float(sampling["ratio"].max()), display=False)

# %% mystnb={"figure": {"caption": "Table I of one member drawn again by households: for each pair of variables, the redrawn coefficients minus the member's own (grey points), against plus or minus 2.58 times the standard error the stars assume (persons independent, no association; vermillion) and the household-clustered standard error (blue). Points beyond a band would be flagged as different at the 1% level.", "name": "fig-ensemble-sampling"}, "image": {"alt": "Ten columns of grey points, one per pair of Table I variables, centred on zero, each with two pairs of short horizontal bars marking the 1% bands of the stars' standard error and of the household-clustered one. The points mostly stay inside the bands; for strong associations the stars' band is wider than the spread of the points."}} tags=["hide-input"]
fig = ef.sampling_figure(results["sampling"], sampling)

# %% [markdown]
# The member used is member {glue:text}`sampling_member` (household correlation of the
# latent propensities set to {glue:text}`sampling_icc:.2f`, a generator setting).
# Across redraws each coefficient's standard deviation is between
# {glue:text}`ratio_min:.2f` and {glue:text}`ratio_max:.2f` times the standard error the
# stars assume. A ratio above one means the stars overstate the certainty; below one,
# they understate it (the stars' standard error is computed as if there were no
# association, which for strong associations is too large). This is one synthetic
# member: how alike persons in a household are is a setting, not something the print
# fixes.

# %% [markdown]
# ## For the discussion
#
# What chapter 8 can use: the printed cells (inputs) and what is proved from them, with
# their conditions; the open quantities only with their status. The ensemble and its
# witnesses are stored under a key of the generator's code and settings; if either
# changes, the book refuses the old results and names the command that regenerates
# them, which took {glue:text}`cpu_per_member:.1f` CPU seconds a member here.

# %% [markdown]
# ## Exercises
#
# The exercises use the results loaded at the top of the chapter (`members`,
# `summary`, `sampling`). Solutions are in the instructor edition.

# %% [markdown]
# ````{exercise} Proved, refuted, robust
# :label: ex-07-settled
#
# Say in your own words why agreement among all members of the ensemble cannot show that
# a conclusion is settled by the print, while a single witness can show that it is not.
# Which two kinds of assumption does a "robust" statement in this chapter rest on?
# ````
#
# ````{exercise} The extremes
# :label: ex-07-extremes
#
# Find the members with the smallest and the largest coefficient of training in the
# regression of migrants' log income (`members["ols_training"]`), with their seeds.
# How far apart are the two, and does the sign differ between them?
# ````
#
# ````{exercise} What drives the size
# :label: ex-07-driver
#
# Compute Kendall's tau-b between the income coefficient of training and the spread of
# migrants' log income the member was built with (`members["income_migrant_sigma"]`),
# using `kendall_tau`. What does it tell you about what the paper would have had to
# print for the size of the coefficient to be settled?
# ````
#
# ````{exercise} Stars and households
# :label: ex-07-stars
#
# In the table `sampling`, keep only the pairs the paper printed *with* two stars (the
# column `stars_printed` of `sunshine.data.published.load_all()`). Which of them is least
# stable over the household redraws (`share_significant`)? Would its stars survive a
# second survey of the same size drawn from this member?
# ````
#
# ````{exercise} A reply to an official
# :label: ex-07-policy
#
# An official reads "training's association with migration is robust in the ensemble"
# as proof that the Sunshine Project's training *causes* migration, and proposes to
# double its budget for that reason. Write a short reply that says what this chapter
# does and does not show.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-settled
# :class: dropdown
# ```
#
# The members are random draws from one generator: a sample from the inside of the set
# of data sets that reproduce the print. However many agree, a data set none of them
# resembles may give the other answer; only a proof covers every such data set. One
# witness that reproduces the print and gives the other answer is enough to show that
# the print does not decide. A robust statement rests on the ranges of the free
# dimensions ({numref}`tbl-ensemble-dimensions`) and on the generator's form (how latent
# scores become values), and on how hard the witness search looked.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-extremes
# :class: dropdown
# ```

# %% tags=["solution"]
sol_lo = members.loc[members["ols_training"].idxmin()]
sol_hi = members.loc[members["ols_training"].idxmax()]
glue("sol07_lo", float(sol_lo["ols_training"]), display=False)
glue("sol07_hi", float(sol_hi["ols_training"]), display=False)
glue("sol07_lo_member", int(sol_lo["member"]), display=False)
glue("sol07_hi_member", int(sol_hi["member"]), display=False)
glue("sol07_lo_seed", int(sol_lo["seed"]), display=False)
glue("sol07_hi_seed", int(sol_hi["seed"]), display=False)
glue("sol07_gap", float(sol_hi["ols_training"] - sol_lo["ols_training"]), display=False)
glue("sol07_sign", Markdown(es.sign_words(sol_lo["ols_training"], sol_hi["ols_training"])),
     display=False)
members.loc[[sol_lo.name, sol_hi.name], ["member", "seed", "ols_training"]]

# %% [markdown] tags=["solution"]
# The smallest coefficient, {glue:text}`sol07_lo:.2f`, is member
# {glue:text}`sol07_lo_member` (seed {glue:text}`sol07_lo_seed`); the largest,
# {glue:text}`sol07_hi:.2f`, is member {glue:text}`sol07_hi_member` (seed
# {glue:text}`sol07_hi_seed`). They are {glue:text}`sol07_gap:.2f` apart in log
# income, and {glue:md}`sol07_sign`. The gap is what the print leaves open about the
# size; `ensemble.regenerate` rebuilds either member from its row.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-driver
# :class: dropdown
# ```

# %% tags=["solution"]
from sunshine.kendall import kendall_tau

sol_driver = kendall_tau(members["ols_training"], members["income_migrant_sigma"])
glue("sol07_driver_tau", sol_driver.tau, display=False)
glue("sol07_driver_n", sol_driver.n, display=False)
sol_driver.tau, sol_driver.pvalue

# %% [markdown] tags=["solution"]
# Over {glue:text}`sol07_driver_n` members tau-b is {glue:text}`sol07_driver_tau:.2f`:
# the further it is from zero, the more the coefficient's size follows a setting the
# paper never printed. To fix the size, the paper would have had to print the spread
# (or the distribution) of migrants' incomes by training, not only rank correlations.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-stars
# :class: dropdown
# ```

# %% tags=["solution"]
sol_starred = es.starred_pairs(published.load_all())
sol_pairs = sampling[sampling["pair"].isin(sol_starred)]
sol_weakest = sol_pairs.loc[sol_pairs["share_significant"].idxmin()]
glue("sol07_weakest_pair", str(sol_weakest["pair"]).replace("_", " and "), display=False)
glue("sol07_weakest_share", float(sol_weakest["share_significant"]), display=False)
sol_pairs[["pair", "tau", "share_significant", "ratio"]]

# %% [markdown] tags=["solution"]
# Among the starred pairs the least stable is {glue:text}`sol07_weakest_pair`,
# significant in a share {glue:text}`sol07_weakest_share:.2f` of the redraws. That share
# estimates the chance that a second survey of the same size, drawn by households from
# this member, would print the stars again. It is a statement about one synthetic
# member, not about the survey.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-policy
# :class: dropdown
# ```
#
# A good reply says that the association of training and migration is a printed cell
# (an input): the ensemble adds nothing to it. What the chapter adds is about open
# quantities, and even a robust one is only what the data sets tried agree on. None of
# it is about a cause: trained people may migrate more because programmes recruit those
# about to leave, or because training and organised dispatch are the same event. A
# budget decision needs evidence the paper does not have: who is recruited, and what
# happens to comparable villagers without training, ideally over time.
#
# ```{solution-end}
# ```
