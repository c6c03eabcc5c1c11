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
# # After migration: income and remittances
#
# Chapter 5 asked who leaves. This chapter asks what leaving brings. The paper's
# second hypothesis is that education and government training pay off for those who
# migrate, in higher personal income and in more money sent home
# ({term}`remittances <remittance>`); its third, that
# people from ethnic-minority counties migrate more and rely more on personal
# networks to find work {cite:p}`mao2010neoliberal`. The evidence for the second is
# the paper's Table II, computed on migrants, and two pairs of coefficients in the
# text that compare those who stayed with those who left; the third has no table at
# all. The chapter recomputes Table II ({numref}`tbl-table2-side`), reads its two
# garbled cells ({numref}`tbl-table2-garbled`), shows that the coefficients printed
# for the stayers are impossible for a yes/no variable against a continuous income
# ({numref}`fig-binary-bound`), and gives the verdicts on both hypotheses.

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - recompute Table II among migrants and explain the two garbled cells;
# - judge a yes/no variable's coefficient against the largest value its margins allow;
# - explain why cross-sectional associations among migrants cannot show that migration lifts households out of poverty.
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb", "otter")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these when re-running the chapter; see sunshine.runs.parameters).
data_path = "../data/cmlrs/cmlrs_synthetic.csv"
data_map = None
provinces = ["Gansu", "Ningxia"]
age_min = 0
age_max = 120
gender = "all"
seed = 2009
synthetic_mode = "exact"
sample_size = None
alpha_levels = {"**": 0.01}
tau_variant = "b"
clustered = False

# %%
from sunshine.report import audit, chapter, heatmap, tables, verdicts
from sunshine.data import published

ch = chapter.open_chapter(globals())
migrants, stayers = ch.populations["migrants"], ch.populations["stayers"]

# %% tags=["remove-input"]
LABELS = {"education": "Education", "training": "Training", "income": "Income", "remittance": "Remittance"}
ch.glue_many({"n_stayers": len(stayers), "t2_corrected": int((published.load_table("table2")["reading"] == "corrected").sum())})
ch.glue_number("median_income_migrants", float(migrants["income"].median()), ",.0f", chapter.Quantity("share", ("income",), "migrants"))
ch.glue_number("median_income_stayers", float(stayers["income"].median()), ",.0f", chapter.Quantity("share", ("income",), "stayers"))
ch.glue_number("share_remitting", float((migrants["remittance"] > 0).mean()), ".0%", chapter.Quantity("share", ("remittance",), "migrants"))

# %% [markdown]
# ## Table II on the migrants
#
# The sample has {glue:text}`n_migrants:,` migrants and {glue:text}`n_stayers:,`
# stayers. {numref}`tbl-table2-recomputed` is the paper's Table II recomputed on the
# migrants, with stars where {glue:md}`pvalue_kind:myst` is below {glue:md}`alpha:myst`.
# Migrants in these data earn a median of {glue:md}`median_income_migrants_md:myst` yuan a
# year against {glue:md}`median_income_stayers_md:myst` for stayers, and
# {glue:md}`share_remitting_md:myst` of them send money home; on the book's synthetic
# data all three are generator settings (marked A), not findings.

# %%
t2 = ch.kendall(["education", "training", "income", "remittance"], "migrants")
tables.show(tables.paper_table(t2, caption=f"Table II recomputed on {ch.data_name}: Kendall's "
            f"tau-{ch.params.tau_variant}, migrants only. " + ch.table_note(LABELS, "migrants"),
            label="tbl-table2-recomputed",
            levels=ch.params.alpha_levels, labels=LABELS))

# %% tags=["remove-input"]
t2_read = audit.printed_as_read("table2")
cmp2 = tables.compare_published(t2_read, t2, levels=ch.params.alpha_levels)
ch.glue_many({"t2_cells": len(cmp2), "t2_value_same": int((~cmp2["value_differs"]).sum()),
              "t2_marks_same": int((~cmp2["marks_differ"]).sum())})
for a, b in [("income", "education"), ("income", "training"), ("remittance", "education"),
             ("remittance", "training"), ("remittance", "income"), ("training", "education")]:
    ch.glue(f"tau_{a}_{b}", float(t2.tau.loc[a, b]))
    ch.glue_md(f"p_{a}_{b}", verdicts.format_p(float(t2.pvalue.loc[a, b])))

# %% [markdown]
# {numref}`tbl-table2-side` sets the recomputed values beside the published ones, at
# the printed precision. The {glue:text}`t2_corrected` garbled cells, which no data
# could reproduce as printed, are compared in the book's reading of them; their prints
# are discussed below. Of the {glue:text}`t2_cells` coefficients,
# {glue:text}`t2_value_same` agree in value and {glue:text}`t2_marks_same` in their
# marks.

# %% tags=["remove-input"]
tables.show(tables.side_by_side(t2_read, t2, caption=f"Table II as published (the paper printed n = "
            f"{int(published.load_table('table2')['n_printed'].iloc[0]):,}) beside the coefficients "
            f"recomputed on the migrants of {ch.data_name}, at the printed precision. The two garbled "
            "cells are given in the book's reading (printed: 1.43** and -182**). " + ch.table_note(LABELS, "migrants"),
            label="tbl-table2-side", levels=ch.params.alpha_levels, labels=LABELS))

# %% tags=["remove-input"] mystnb={"figure": {"caption": "Table II as a heatmap. Left: the coefficients recomputed on the migrants of the book's synthetic data (not the survey; in a rerun, the file the data note names), with the chapter's significance marks (on the book's edition every recomputed cell is reproduced, R: the data were built to match the prints). Right: the paper's values as the book reads them (the garbled 1.43 as .143 and -182 as -.182); the prints themselves are in the table above. Blue is negative, red positive, white zero; every cell carries its number.", "name": "fig-table2-heatmap"}, "image": {"alt": "Two lower-triangle heatmaps of Kendall's tau-b among migrants between education, training, income and remittance, recomputed on the left and as read from the paper on the right. Income and remittance are strongly positive (about .58); training is negative with income (about -.30) and with remittance (about -.18); education is weakly positive with income (about .14) and close to zero with training and remittance."}}
fig = heatmap.kendall_heatmap(t2, published=published.square("table2", value="value"),
                              published_marks=published.square("table2", value="stars_read").map(
                                  lambda k: "*" * int(k) if k == k else ""),
                              levels=ch.params.alpha_levels, labels=LABELS,
                              titles=("Recomputed", "Printed, as the book reads it"))

# %% tags=["remove-input"]
garbled = published.load_table("table2").query("reading == 'corrected'")
for r in garbled.itertuples():
    key = "ei" if r.row_var == "income" else "tr"
    ch.glue_md(f"garbled_{key}_printed", f"`{r.printed}`")
    ch.glue_many({f"garbled_{key}_literal": float(r.printed_value), f"garbled_{key}_read": float(r.value),
                  f"garbled_{key}_recomputed": float(t2.tau.loc[r.row_var, r.column_var])})
ch.glue_md("printed_ei_read", f"`{t2_read.loc['income', 'education']}`")
ch.glue_md("printed_ti", f"`{t2_read.loc['income', 'training']}`")

# %% [markdown]
# ## The two garbled cells
#
# **Education × income, printed {glue:md}`garbled_ei_printed:myst`.** A Kendall coefficient
# lies between −1 and +1 for any data: it is a difference of proportions of
# concordant and discordant pairs {cite:p}`kendall1990rank`. A printed value of
# {glue:text}`garbled_ei_literal:.2f` is impossible, not merely unlikely. The book reads
# it as {glue:text}`garbled_ei_read:.3f` with a misplaced decimal point, which fits the
# paper's own words that education has "weak or no relation" to income once people
# have migrated. Recomputed: {glue:text}`garbled_ei_recomputed:.3f`.
#
# **Training × remittance, printed {glue:md}`garbled_tr_printed:myst`.** Again impossible as
# printed; the decimal point was dropped, and the only reading with three decimals
# like every other cell is {glue:text}`garbled_tr_read:.3f`. Recomputed:
# {glue:text}`garbled_tr_recomputed:.3f`.
#
# {numref}`tbl-table2-garbled` records both readings with the notes of
# `data/published/table2.csv`. The table's footnote also repeats
# n = {glue:text}`n_printed:,`, the n of the whole sample, for a table of migrants;
# chapter 5 discusses what that n would imply for the stars.

# %% tags=["remove-input"]
tables.show(tables.list_table(
    ["Cell", "Printed", "Read as", f"Recomputed ({ch.data_name})", "Note"],
    [[f"{LABELS[r.row_var]} × {LABELS[r.column_var]}", tables.escape(r.printed),
      tables.escape(tables.format_coef(r.value, int(r.decimals)) + "*" * int(r.stars_read)),
      tables.format_coef(float(t2.tau.loc[r.row_var, r.column_var])), tables.escape(r.note)]
     for r in garbled.itertuples()],
    "The garbled cells of Table II: the print, the reading the book uses, the recomputed coefficient "
    "(migrants) and the reason for the reading (from data/published/table2.csv).", "tbl-table2-garbled"))

# %%
groups = {pop: audit.binary_bounds(ch.populations[pop]) for pop in ("stayers", "migrants")}
printed_b = audit.glue_stayers_migrants(ch, groups)

# %% [markdown]
# ## Stayers against migrants
#
# The paper's text adds two pairs of coefficients for training and income, one for
# those who stayed, {glue:md}`stayers_printed_b_text:myst` and {glue:md}`stayers_printed_r_text:myst`,
# and one for those who left, {glue:md}`migrants_printed_b_text:myst` and
# {glue:md}`migrants_printed_r_text:myst`, and concludes that the trained who failed to
# migrate "may have the lowest income" of all. The paper does not say what "b" and "r"
# are. The book reads "b" as {term}`Kendall's tau-b`, the statistic of both tables,
# and "r" as {term}`Spearman's rank correlation`, which SPSS's procedure for nonparametric
# correlations prints beside it. {numref}`tbl-stayers-migrants` sets them against
# the data; the last section of this chapter asks what changes if "b" is a
# regression slope instead.
#
# ### What a yes/no variable allows
#
# Training is a yes/no variable and income a continuous amount. That limits how large
# a Kendall coefficient between them can be, whatever the data. Let $n_1$ persons be
# trained and $n_0$ not. Of all pairs of persons, only the $n_1 n_0$ mixed pairs (one
# trained, one not) can be concordant or discordant, so $|S| \le n_1 n_0$, and with
# $T_y$ the number of pairs not tied on income
#
# $$|\tau_b| = \frac{|S|}{\sqrt{n_1 n_0 \, T_y}} \le \sqrt{\frac{n_1 n_0}{T_y}}.$$
#
# When incomes are all different, $T_y = n(n-1)/2$, and with $p = n_1/n$ the share
# trained the bound is close to $\sqrt{2p(1-p)}$, which is largest at $p = 1/2$:
# {glue:text}`tau_bound_max:.3f`. No yes/no variable can have a tau-b with a
# continuous variable beyond that, in any data. The printed stayers' coefficient,
# {glue:text}`stayers_printed_b:.3f`, is beyond it: it cannot be a tau-b of training
# with income in any sample, whatever its share of trained stayers.
#
# Among the stayers of this sample, {glue:text}`stayers_n1:,` of
# {glue:text}`stayers_n:,` were trained ($p$ = {glue:md}`stayers_p_md:myst`), and
# {glue:text}`stayers_t_y:,.0f` of the {glue:text}`stayers_pairs:,.0f` pairs differ in
# income. The bound is therefore {glue:text}`stayers_tau_bound:.3f` (the continuous
# approximation gives {glue:text}`stayers_tau_bound_continuous:.3f`), and the printed
# value {glue:md}`stayers_b_attainable:myst`. The recomputed value,
# {glue:md}`stayers_tau_md:myst`, is the generator's setting, not a finding.
#
# The stayers' "r" fails the same way. For a yes/no variable against an untied
# continuous one, Spearman's coefficient is a rescaled Mann–Whitney statistic and
# $|r_s| \le \sqrt{3 n_1 n_0/(n^2-1)}$, at most {glue:text}`rho_bound_max:.3f`; here
# {glue:text}`stayers_rho_bound:.3f`, against a printed {glue:text}`stayers_printed_r:.3f`.
# A coefficient of that size needs income coded in a few brackets, with the trained
# stayers nearly alone in the lowest, and the paper speaks of "personal income".
#
# The migrants' pair fails more subtly. Each coefficient alone is possible: the
# printed {glue:text}`migrants_printed_b:.3f` is within the bound
# {glue:text}`migrants_tau_bound:.3f` for the data's {glue:text}`migrants_n:,`
# migrants. But with one variable yes/no, both coefficients come from the same
# statistic $S$, and $r_s = \tau_b\sqrt{3n/(2(n+1))}$ when incomes are untied (ties
# only lower the ratio). With n = {glue:text}`migrants_n:,` the ratio is at most
# {glue:text}`migrants_rho_over_tau:.4f`, so a tau-b of
# {glue:text}`migrants_printed_b:.3f` allows |r| of at most
# {glue:text}`migrants_rho_max_given_b:.3f`: the printed
# {glue:text}`migrants_printed_r:.3f` and {glue:text}`migrants_printed_b:.3f`
# {glue:md}`migrants_r_attainable:myst`. (The printed r also lacks stars,
# {glue:md}`migrants_r_stars_text:myst`; see the note in
# `data/published/text_coefficients.csv`.) The recomputed pair is
# {glue:md}`migrants_tau_md:myst` and {glue:md}`migrants_rho_md:myst`.

# %% tags=["remove-input"]
tables.show(audit.stayers_migrants_table(groups, ch, label="tbl-stayers-migrants"))

# %% tags=["remove-input"] mystnb={"figure": {"caption": "The largest |tau-b| a yes/no variable can have with a continuous one, as a function of the share p of ones (the curve, the square root of 2p(1-p)), with the stayers and migrants of the book's synthetic data (points at their share trained and bound; the shares are generator settings) and the paper's printed training\u2013income coefficients (horizontal lines). A printed value above the curve at its group's share is impossible; a value above the whole curve is impossible at any share.", "name": "fig-binary-bound"}, "image": {"alt": "A hump-shaped curve rising from zero at p = 0 to about .71 at p = 0.5 and back to zero at p = 1. The stayers' point sits at a small share trained with a low bound, far below the dashed line of the printed stayers' coefficient of .916, which lies above the whole curve. The migrants' point sits at a large share trained, above the dotted line of the printed migrants' .304."}}
fig = audit.bound_figure({pop: (b, printed_b[pop]) for pop, b in groups.items()})

# %% [markdown]
# ### If "b" were a regression slope
#
# The impossibility arguments above rest on reading "b" as tau-b. The obvious
# alternative is that "b" is the slope of a regression of income on training and "r"
# Pearson's correlation. A slope has no bound, so on that reading neither number is
# impossible by itself. But the two must fit together. With training yes/no, the
# slope is the difference between the mean incomes of the trained and the untrained,
# and $b = r \, s_y / s_x$ with $s_x = \sqrt{p(1-p)} \le 1/2$. So income's standard
# deviation $s_y = (b/r)\, s_x$ can be at most {glue:text}`slope_stayers_sd_max:.3f`
# among the stayers and {glue:text}`slope_migrants_sd_max:.3f` among the migrants, in
# the units in which "b" is measured. In yuan, that is less than one yuan of spread in
# annual incomes; only if income were measured in thousands of yuan, or as a log,
# would the slope reading make sense. It would then need training alone to account
# for {glue:text}`slope_stayers_r2:.0%` of the variance of stayers' incomes
# ($r^2$), and the paper's text ("b" printed with two stars, "r" for the migrants
# without) would compare a slope and a correlation computed in different units for
# the two groups. The slope reading cannot be ruled out from the text; it requires a
# coding of income the paper never mentions, and it would leave Table II and the text
# reporting different statistics for the same pair (the migrants' "b" equals the
# tau-b of Table II to the last digit, `-.304**`).

# %%
h2 = ch.check("H2")
h3 = ch.check("H3")
tables.show(chapter.hypotheses_table([h2, h3], ch, label="tbl-h2-h3"))

# %% tags=["remove-input"]
audit.glue_hypotheses_ch6(ch, h2, h3)

# %% [markdown]
# ## Hypothesis 2
#
# The second hypothesis expects that migrants "with higher education or those
# receiving government training were more likely to have higher personal income and
# send more remittances" {cite:p}`mao2010neoliberal`: four positive coefficients in
# Table II. The rule is the one of chapter 8 (in `sunshine.report.verdicts`): a number
# supports the hypothesis when it is significant in the predicted direction and
# contradicts it when significant in the other; the hypothesis is supported when all
# support it, partly supported when some do and none contradicts, mixed when some
# support and some contradict, contradicted when none supports and some contradict,
# and not supported when no number is significant. {numref}`tbl-h2-h3` applies it.
#
# {glue:md}`h2_verdict:myst`
#
# {glue:md}`h2_paper:myst`
#
# The paper rejects the hypothesis. Its own Table II, read by the rule, says more than
# "weak or no relation": two of the four predicted associations are significantly
# *reversed* (training × income {glue:md}`printed_ti:myst`, training × remittance), one has
# no stars, and the one in its favour is education × income, which the book can only
# read as {glue:md}`printed_ei_read:myst` by moving a decimal point. Among migrants in
# these data {glue:md}`h2_directions:myst`. Whether training *causes* lower pay cannot be
# read from a bivariate table. The paper's own reading is about jobs: the training
# track and organised migration channel people into construction, factory and
# low-end service work, which "provide little upward mobility in the emerging
# 'hourglass' economy" {cite:p}`snyder2009unidentified,wilson1997when`. It adds,
# after {cite:t}`fan2008china`, that vocational schools offer "questionable learning
# environments", and, after {cite:t}`wu2007inequality`, that most rural children do
# not finish high school and that mobility in the countryside runs strongly
# *downward*: only those who do well in the college entrance examination and can pay
# for university escape into an urban registration. {glue:md}`h2_income_remittance:myst`
#
# ## Hypothesis 3
#
# The third hypothesis expects that people from ethnic-minority counties "were more
# likely to migrate and to rely on personal networks to obtain information on
# employment". The paper has no table for it; it reports, with surprise, that it
# found no significant association, and speculates that lineage and local networks
# are stronger social capital than ethnicity. In the data,
# {glue:md}`share_minority_md:myst` of the persons live in minority counties;
# {glue:md}`rate_minority_md:myst` of them have migrated against {glue:md}`rate_other_md:myst`
# elsewhere, and among migrants {glue:md}`network_minority_md:myst` and
# {glue:md}`network_other_md:myst` found work through relatives, fellow villagers or
# friends (on synthetic data these shares follow generator settings).
#
# {glue:md}`h3_verdict:myst`
#
# {glue:md}`h3_paper:myst`
#
# On the book's synthetic data the result is built in: the generator drew the
# minority-county and network variables independently of migration and kept them only
# if the paper's "no significant association" held (`data/cmlrs/README.md`). The
# check matters on real data. The paper's speculation is also a reminder that a
# county-level marker is a coarse measure of ethnicity: a Hui family in a Han county
# and a Han family in a Hui autonomous county are coded the other way round.
#
# ```{admonition} For teaching
# :class: tip
#
# **What this chapter shows.** How to tell a typo from an impossibility. Two printed
# cells of Table II are outside the range of any Kendall coefficient; the stayers'
# training–income coefficients are inside that range but outside what a yes/no
# variable can reach against a continuous one ({numref}`fig-binary-bound`); the
# migrants' pair is possible cell by cell but not together.
#
# **Questions for discussion.**
# 1. Using the bound $\sqrt{n_1 n_0/T_y}$, work out the largest tau-b between a yes/no
#    variable with a quarter ones and an income with no ties. How would the bound
#    change if income were recorded in five brackets?
# 2. The paper reports that the negative association between training and income is
#    "stronger among those who stayed". Given the bound, can a comparison of tau-b
#    between two groups with very different shares trained say which association is
#    stronger? What statistic would you use instead?
# 3. Table II is computed on migrants only. What does that selection do to the
#    association between education and income, if the better educated who stay earn
#    well locally?
# 4. Trained migrants earn less. List three mechanisms that would produce this, and
#    a piece of data that would tell them apart.
# 5. Re-run the chapter on Ningxia only (`provinces = ["Ningxia"]`). In the book's
#    synthetic data minority counties are more common there by assumption, and the
#    province is drawn for each household by a coin flip, so whatever changes is
#    noise or assumption (marked A). What would the rerun test on the survey itself?
# ```

# %% [markdown]
# ## Exercises
#
# The exercises use the data this chapter analysed (loaded again by the cell below,
# with the chapter's parameters) and Table II as printed. Solutions are in the
# instructor edition.

# %%
from myst_nb import glue

from sunshine.data import published
from sunshine.kendall import kendall_tau
from sunshine.report import exercises

ex_data = exercises.chapter_data(globals())
ex_migrants = ex_data[ex_data["migrated"] == 1]
ex_table2 = published.load_table("table2")
glue("ex06_n_migrants", len(ex_migrants), display=False)
glue("ex06_n_stayers", int((ex_data["migrated"] == 0).sum()), display=False)
glue("ex06_n_mig_households", int(ex_migrants["household_id"].nunique()), display=False)
ex_table2[["row_label", "column_label", "printed"]]

# %% [markdown]
# ````{exercise} The largest tau-b of migration with income
# :label: ex-06-binary-max
#
# With {glue:text}`ex06_n_migrants` migrants and {glue:text}`ex06_n_stayers` stayers,
# what is the largest tau-b that `migrated` can have with a variable that has no ties?
# Work it out by hand from $\sqrt{n_1 n_0 / N}$, where $N$ is the number of pairs, then
# compute the bound with the ties that `income` really has
# (`sunshine.synth.targets.binary_tau_b_bound`). Compare both with the coefficient of
# `migrated` and `income` in the data.
# ````
#
# ````{exercise} Reading the garbled cells
# :label: ex-06-garbled
#
# The table printed above is Table II as the paper prints it. Write a cell that finds
# every printed value that no Kendall coefficient can take, and for each propose the
# reading you think the authors meant. Say what you would need to be sure.
# ````
#
# ````{exercise} Remittances and income, household by household
# :label: ex-06-cluster
#
# The migrants come from {glue:text}`ex06_n_mig_households` households. Compute tau-b
# of `remittance` and `income` among migrants with the usual interval and with the
# household-clustered one. Does allowing for households change what you would say
# about the association?
# ````
#
# ````{exercise} Income by province
# :label: ex-06-subgroup
#
# Write a cell that gives the median income of migrants and of stayers in each
# province. Which of these four numbers did the generator have to match, and which
# did it invent?
# ````
#
# ````{exercise} Can these data show that migration lifts households out of poverty?
# :label: ex-06-critique
#
# Hypothesis 3 is about remittances and the household. Explain, in a paragraph, why
# neither the paper's Table II nor this book's synthetic data can show that migration
# lifts households out of poverty, and describe a data set that could.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-06-binary-max
# :class: dropdown
# ```

# %% tags=["solution"]
from sunshine.synth.targets import binary_tau_b_bound

sol_n1, sol_n0 = len(ex_migrants), int((ex_data["migrated"] == 0).sum())
sol_has_income = ex_data.dropna(subset=["income"])
glue("sol06_max_untied", exercises.binary_tau_b_max(sol_n1, sol_n0), display=False)
glue("sol06_max_income", binary_tau_b_bound(sol_has_income["migrated"].to_numpy(), sol_has_income["income"].to_numpy()), display=False)
glue("sol06_tau_income", kendall_tau(ex_data["migrated"], ex_data["income"]).tau, display=False)
print(f"bound without ties {exercises.binary_tau_b_max(sol_n1, sol_n0):.3f}")

# %% [markdown] tags=["solution"]
# Without ties the bound is {glue:text}`sol06_max_untied:.3f`; with the ties of
# recorded incomes (many people report round numbers) it is
# {glue:text}`sol06_max_income:.3f`. The coefficient in the data is
# {glue:text}`sol06_tau_income:.3f`. Judged against its bound rather than against one,
# a coefficient of a yes/no variable is often stronger than it looks.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-06-garbled
# :class: dropdown
# ```

# %% tags=["solution"]
sol_impossible = ex_table2[ex_table2["printed_value"].abs() > 1]
glue("sol06_n_garbled", len(sol_impossible), display=False)
sol_impossible[["row_label", "column_label", "printed", "value", "note"]]

# %% [markdown] tags=["solution"]
# {glue:text}`sol06_n_garbled` printed values lie outside −1 to +1, which no Kendall
# coefficient can. The readings above (a misplaced or a dropped decimal point) are the
# book's: they keep three decimals like every other cell and agree with the paper's
# words. To be sure, one would need the authors' output or the microdata. A common
# mistake is to "correct" a value by looking at the recomputed synthetic coefficient,
# which was itself fitted to the reading.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-06-cluster
# :class: dropdown
# ```

# %% tags=["solution"]
sol_plain = kendall_tau(ex_migrants["remittance"], ex_migrants["income"])
sol_house = kendall_tau(ex_migrants["remittance"], ex_migrants["income"], cluster=ex_migrants["household_id"])
glue("sol06_tau_rem_inc", sol_plain.tau, display=False)
glue("sol06_ci_low", sol_plain.ci[0], display=False)
glue("sol06_ci_high", sol_plain.ci[1], display=False)
glue("sol06_cci_low", sol_house.ci_cluster[0], display=False)
glue("sol06_cci_high", sol_house.ci_cluster[1], display=False)
print(f"tau-b {sol_plain.tau:+.3f}; {sol_plain.ci}; clustered {sol_house.ci_cluster}")

# %% [markdown] tags=["solution"]
# Tau-b is {glue:text}`sol06_tau_rem_inc:.3f`, with an interval from
# {glue:text}`sol06_ci_low:.3f` to {glue:text}`sol06_ci_high:.3f`, and from
# {glue:text}`sol06_cci_low:.3f` to {glue:text}`sol06_cci_high:.3f` when households are
# allowed for. The association is far from zero either way: the clustered interval
# changes how precise the estimate is, not its direction. A mistake to avoid: the
# association of remittances with the migrant's income says nothing yet about the
# household left behind.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-06-subgroup
# :class: dropdown
# ```

# %% tags=["solution"]
sol_medians = ex_data.groupby(["province", "migrated"])["income"].median().unstack("migrated")
sol_medians.columns = ["stayers", "migrants"]
for province, row in sol_medians.iterrows():
    glue(f"sol06_median_{province}_stayers", float(row["stayers"]), display=False)
    glue(f"sol06_median_{province}_migrants", float(row["migrants"]), display=False)
sol_medians

# %% [markdown] tags=["solution"]
# Median incomes are {glue:text}`sol06_median_Gansu_migrants:,.0f` (migrants) and
# {glue:text}`sol06_median_Gansu_stayers:,.0f` (stayers) in Gansu,
# {glue:text}`sol06_median_Ningxia_migrants:,.0f` and
# {glue:text}`sol06_median_Ningxia_stayers:,.0f` in Ningxia. The paper prints no median
# income by province, so the generator matched none of them: they follow from its
# assumed income distribution and from the published coefficients alone.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-06-critique
# :class: dropdown
#
# Answer notes. Table II correlates variables among migrants only, at one moment: it
# has no household income before and after migration, no comparison household without
# a migrant, no poverty line. Associations among migrants cannot show a change in the
# household's poverty, and the synthetic data add nothing the table does not hold. A
# data set that could: a panel of households surveyed before and after a member
# leaves, with household income and consumption, remittances received (not only sent)
# and comparable households without migrants, ideally with a source of variation in
# who migrates that is unrelated to the household's prospects.
# ````
