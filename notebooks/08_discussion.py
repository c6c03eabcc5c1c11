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
# # Discussion and policy
#
# The paper ends with a diagnosis and a list of remedies. The diagnosis: the
# "migrant labor regime" of the neoliberal era moves people out of the Northwest's
# villages but does not build up capital in them, so it does little to reduce
# poverty. The remedies range from reforming household registration to promoting a
# green economy and tightening the way central policy is carried out locally
# {cite:p}`mao2010neoliberal`. This chapter restates each conclusion and
# recommendation in our own words and asks, for each, a plain question: *how much of
# it can the paper's own evidence carry?* The paper's three hypotheses are judged by
# one stated rule, on its printed numbers and on recomputed ones
# ({numref}`tbl-hypotheses`); the coefficients behind its findings are recomputed
# ({numref}`tbl-evidence-coefficients`, {numref}`fig-evidence`).

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - set each of the paper's conclusions against the evidence recomputed in this book;
# - explain the ecological caveat and how stars depend on the size of a sample;
# - write a policy argument that keeps to what the evidence supports.
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "neoliberal-sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these when re-running the chapter).
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
from sunshine.report import chapter, prose, tables, verdicts
from sunshine.synth.ledger import Quantity

ch = chapter.open_chapter(globals())
ch.glue_md("data_name", ch.data_name)
ch.glue_md("alpha", verdicts.format_level(ch.level))
ch.glue("confidence", 1 - ch.level)
ch.glue_md("recomputed_meaning", chapter.recomputed_meaning(ch.ledger))

# %% [markdown]
# ## What the paper concludes
#
# The paper's closing pages make four claims about what its data show and six
# recommendations for policy. In our words:
#
# **Findings.**
#
# - **F1** *Training moves people.* Government-sponsored job training is closely associated
#   with the decision to migrate; for training, the first hypothesis holds.
#   Education, unexpectedly, goes with staying, which the authors put down to the
#   {term}`hukou` system and local patterns of job allocation.
# - **F2** *Once people have left, training and schooling pay little.* Among migrants,
#   training and education show "weak or no relation" to income or remittances, so
#   the second hypothesis is rejected. The paper reads this, with the literature, as
#   the low return to migrants' {term}`human capital` in the construction, factory
#   and low-end service jobs that organised migration leads to
#   {cite:p}`snyder2009unidentified,wilson1997when`, and adds the argument of
#   {cite:t}`fan2008rural` that raising the number of skilled workers without other
#   changes can lower wages in both country and city.
# - **F3** *Trained people who stay are the worst off.* The negative association between
#   training and income is stronger among those who stayed than among migrants; those
#   who were trained but did not leave "may have the lowest income", while people
#   with the means to attend high school fare better. (The paper gives no source for
#   this step; it cites Wu and Treiman earlier, on the rural school system.)
# - **F4** *The migrant labour regime does little to reduce poverty.* Migration propelled
#   by training is a short-term outlet for surplus labour, but it does not build up
#   capital in the villages: migrants settle and spend in the cities, remittances
#   dwindle, and those left behind lose the income that migrants' spending would have
#   brought. The paper makes this argument in its own name, without a citation.
#
# **Recommendations.**
#
# - **R1** *Hukou reform at the township level.* Ease household registration further, so
#   that people can move to and settle in nearby towns rather than distant cities,
#   keeping capital closer to the villages.
# - **R2** *Keep land-lease rights when urbanising.* Converting a rural hukou to an urban
#   one currently means giving up the right to lease farmland in the home village;
#   letting newly urban peasants keep it would encourage them to work in adjacent
#   townships and send capital back to the villages around them.
# - **R3** *Job creation and rural industry.* Investment in {term}`TVEs <TVE>` and other
#   local employment may reduce poverty better than exporting labour.
# - **R4** *Green industry and a circular economy.* Rather than resource extraction and
#   energy- and labour-intensive industry, regional governments should turn to green
#   industries at the township level, using local land and surplus labour.
# - **R5** *R&D and tax incentives.* The state should support the shift with public
#   research and development and with tax incentives for the renewable-energy sector.
# - **R6** *Reduce differences in implementation.* The central government should narrow
#   the gap between what is decided centrally and what regional and local officials
#   actually do, the "agency issue" that the authors blame for worsening inequality
#   and pollution.
#
# The recommendations rest on the paper's diagnosis of the region (state-owned firms
# dominate, private firms are weak, officials seek rents) and on the literature it
# cites more than on its tables. That is normal for a discussion section, but it
# means the tables can support some of these claims far more than others.

# %% [markdown]
# ## One rule for a verdict
#
# A hypothesis predicts the direction of a few associations. The book judges every
# such association, whether printed in the paper or recomputed here, by the same
# rule (`sunshine.report.verdicts`, where it is tested):
#
# - a number **supports** the hypothesis when its sign is the predicted one and it
#   is significant, **contradicts** it when its sign is the opposite and it is
#   significant, and is **no evidence** otherwise;
# - a *printed* number is significant when the paper printed it with the stars of
#   its {glue:md}`alpha:myst` level, for the n it states; a print the book reads as
#   garbled (chapter 5 and 6) counts with the stars of its reading, and is flagged;
# - a *recomputed* number is significant when its {glue:text}`confidence:.0%`
#   confidence interval, clustered by household ({term}`clustered inference`),
#   excludes zero.
#
# A hypothesis is then **supported** when every prediction is supported;
# **partly supported** when at least one is and none is contradicted; **mixed** when
# some are supported and some contradicted; **contradicted** when at least one is
# contradicted and none supported; and **not supported** when no number is
# significant either way.
#
# ## The three hypotheses
#
# {numref}`tbl-hypotheses` applies the rule to the paper's three hypotheses twice: to
# the numbers the paper printed and to the same associations recomputed on
# {glue:md}`data_name:myst`.

# %%
checks = [ch.check(h) for h in verdicts.HYPOTHESES]
for key, c in zip(("h1", "h2", "h3"), checks):
    ch.glue_md(f"{key}_printed_label", c.printed.label)
    ch.glue_md(f"{key}_recomputed_label", c.recomputed.label)
    ch.glue_md(f"{key}_recomputed_sentence", c.recomputed.sentence)
tables.show(chapter.hypotheses_table(checks, ch))

# %% [markdown]
# Read by the rule, the paper's own numbers fully support none of its hypotheses, and
# for two of them they say more than the paper does. Its printed Table I makes the first hypothesis
# {glue:md}`h1_printed_label:myst`, where the paper says the data support it: training
# goes with migration, but education goes *against* it with two stars, which the
# paper itself calls unexpected. The second hypothesis is
# {glue:md}`h2_printed_label:myst` on the prints rather than simply rejected: of its four
# predicted associations among migrants two are significantly *reversed* (training
# with income and with remittances), one is unstarred, and the one in its favour,
# education with income, is the cell printed `1.43**`, which the book reads as
# `.143**`. That single support is a reconstruction of an impossible print. The
# third hypothesis is {glue:md}`h3_printed_label:myst`: the paper printed no number for
# it, only the statement that it found no significant association, which it reports
# with surprise rather than as a conclusion.
#
# On the recomputed numbers the verdicts are {glue:md}`h1_recomputed_label:myst`,
# {glue:md}`h2_recomputed_label:myst` and {glue:md}`h3_recomputed_label:myst`.
# {glue:md}`recomputed_meaning:myst`

# %% [markdown]
# ## The evidence behind the findings
#
# The findings rest on six coefficients ({numref}`tbl-evidence-coefficients`,
# {numref}`fig-evidence`): the two of the first hypothesis, three among migrants,
# and the one among stayers on which the third finding depends.

# %%
ev = ch.coefficients([
    ("Training × migration", "all", "training", "migrated"),
    ("Education × migration", "all", "education", "migrated"),
    ("Training × income, migrants", "migrants", "training", "income"),
    ("Education × income, migrants", "migrants", "education", "income"),
    ("Training × remittance, migrants", "migrants", "training", "remittance"),
    ("Training × income, stayers", "stayers", "training", "income"),
])
tables.show(chapter.coefficients_table(ev, ch, label="tbl-evidence-coefficients"))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "The six coefficients of the table above, recomputed on the book's synthetic data, not on the survey (in a rerun, on the file the data note at the top of the chapter names). Blue dots: Kendall's tau-b with the household-clustered confidence interval at the level of the paper's stars; orange diamonds, drawn just above: the value the paper printed, as the book reads it (the garbled prints corrected). A bracketed letter after a row's name is its ledger class on synthetic data: R reproduced, A assumed, U unconstrained. The dashed line marks no association.", "name": "fig-evidence"}, "image": {"alt": "Dot-and-interval chart with one row per coefficient: training by migration, education by migration, training by income, education by income and training by remittance among migrants, and training by income among stayers. Recomputed values with their intervals are blue dots with lines, printed values are orange diamonds just above them, and a dashed vertical line marks zero."}}
fig = chapter.evidence_figure(ev)

# %%
ch.glue_md("tm_sentence", ch.association("training and migration", "training", "migrated"))
ch.glue_md("em_sentence", ch.association("education and migration", "education", "migrated"))
stayers, migrants = (ch.evidence("training", "income", who, -1) for who in ("stayers", "migrants"))
ch.glue_md("f3_sentence", ch.claim(prose.compare_strength("training and income", stayers, migrants,
                                                          "stayers", "migrants"),
                                   Quantity("tau", ("training", "income"), "stayers")))

# %% [markdown]
# ## The findings against the evidence
#
# **Training moves people (F1).** On these data {glue:md}`tm_sentence:myst`, and
# {glue:md}`em_sentence:myst`. This is the paper's strongest result and the one its tables
# measure best. What they cannot show is the causal story the paper tells with it,
# that training works as {term}`social capital` which "facilitates migration" in the
# sense of {term}`cumulative causation` {cite:p}`liang2008cumulative`: in the paper's
# model counties, training and organised dispatch may be the same event recorded
# twice.
#
# **Low returns for migrants (F2).** This is the second hypothesis read in reverse,
# and the verdict above applies. The paper's reading of a negative association of
# training with migrants' income as a "low return on investment in human capital"
# goes further than the numbers do: it also fits selection, if the programmes recruit
# the poorest villagers, trained migrants would earn less even if training raised
# everyone's pay. The paper's sources on segmented urban labour markets make the first
# reading plausible {cite:p}`knight2009segmentation,fan2008china`; a bivariate
# coefficient cannot decide between the two.
#
# **Trained stayers are the worst off (F3).** The paper's evidence is its printed
# stayers' coefficient, `b=-.916**`, which no tau-b of a yes/no variable can reach
# when income is coded as the codebook assumes (chapter 6 gives the conditions, and the
# reading of "b" as a slope on which it is possible). On the data of this chapter, {glue:md}`f3_sentence:myst`. The paper also
# leans on the literature here: after {cite:t}`du2005migration`, that those who stay
# tend to come from households well above or well below the poverty line, and after
# {cite:t}`snyder2009unidentified`, that stayers with non-farm work in local firms and
# shops earn more than migrants. Both points would make stayers a mixed group, with
# trained stayers among the poorer part of it, but neither is measured in the survey's
# variables.
#
# **Little poverty reduction (F4).** The paper's diagnosis is about villages and
# capital over time; its data are a cross-section of individuals. Nothing in them
# measures household poverty, village income or remittances over the years, so the
# conclusion rests on the argument, which the paper makes in its own name.

# %% [markdown]
# ## What the printed tables settle
#
# The verdicts above are about one data set: the paper's prints, or the book's data.
# The chapter {doc}`07_what_the_tables_settle` asks a wider question of the same
# prints and sorts every quantity into a class: a printed cell (input), a statement
# the synthetic data were made to satisfy (imposed), arithmetic on printed cells, or
# open, that is, not fixed by the print. It then proves what it can and searches for
# a data set that reproduces the print and gives the other answer. Here each finding
# is weighed by those classes: a conclusion can lean on an input or on what is proved;
# an open quantity enters only with its status, and no verdict the discussion draws
# rests on one.

# %%
from sunshine.synth import ensemble, ensemble_run, ensemble_summary, witness
from sunshine.report.ensemble_figures import STATUS_WORDS

ens = ensemble_run.load_results()
ens_witnesses, _ = witness.load_witnesses(ensemble.ENSEMBLE_DIR, ens["meta"]["key"])
summary = ensemble_summary.summary_table(ens["members"], ens_witnesses).set_index("quantity")
by_rule = ensemble_summary.verdict_status(ens["members"], ens_witnesses).set_index("hypothesis")

# %%
ch.glue("ens_members", len(ens["members"]))
for q in ("logit_training", "logit_education", "ols_training"):
    ch.glue(f"ens_{q}_low", float(summary.loc[q, "low"]))
    ch.glue(f"ens_{q}_high", float(summary.loc[q, "high"]))
ch.glue_md("ens_logit_training_status", STATUS_WORDS[summary.loc["logit_training", "status"]])
ch.glue_md("ens_logit_education_status", STATUS_WORDS[summary.loc["logit_education", "status"]])
ch.glue_md("ens_ols_training_status", STATUS_WORDS[summary.loc["ols_training", "status"]])
ch.glue("ens_partial_lo", float(summary.loc["partial_tau", "low"]))
ch.glue("ens_partial_hi", float(summary.loc["partial_tau", "high"]))
for h in ("h1_printed", "h1_net", "h2_printed", "h2_net", "h3_clustered"):
    ch.glue_md(f"ens_{h}", ensemble_summary.status_verdict(by_rule.loc[h]))
    ch.glue_md(f"ens_{h}_rests", " and ".join(sorted(set(by_rule.loc[h, "rests_on"].split("; "))))
               + " quantities")

# %% [markdown]
# Weighed that way, over {glue:text}`ens_members` members and the witnesses of chapter 7,
# the findings stand as follows.
#
# - **F1.** That training goes with migration is a printed cell, an input: the ensemble
#   adds nothing to it. What the print adds by arithmetic is proved: the partial tau of
#   training and migration given age lies between {glue:text}`ens_partial_lo:.3f` and
#   {glue:text}`ens_partial_hi:.3f` for any data that reproduce the three cells it uses.
#   Net of education, age and gender, training's logit coefficient is open; it ran from
#   {glue:text}`ens_logit_training_low:.2f` to {glue:text}`ens_logit_training_high:.2f`:
#   {glue:md}`ens_logit_training_status`. Education's net coefficient ran from
#   {glue:text}`ens_logit_education_low:.3f` to {glue:text}`ens_logit_education_high:.3f`:
#   {glue:md}`ens_logit_education_status`. Neither is proved, so the book draws no
#   conclusion from either. The first hypothesis as printed
#   (resting on {glue:md}`ens_h1_printed_rests`) is {glue:md}`ens_h1_printed`; net of the
#   other predictors (resting on {glue:md}`ens_h1_net_rests`) it is
#   {glue:md}`ens_h1_net`, and the discussion uses only the first.
# - **F2.** The second hypothesis as printed rests on {glue:md}`ens_h2_printed_rests`
#   and is {glue:md}`ens_h2_printed`. Among migrants, training's coefficient on log
#   income, net of education, is open: it ran from {glue:text}`ens_ols_training_low:.2f`
#   to {glue:text}`ens_ols_training_high:.2f`: {glue:md}`ens_ols_training_status`.
#   Its size can follow the spread of migrants' incomes, which the paper never printed
#   (chapter 7 plots the two). The
#   reading net of education (resting on {glue:md}`ens_h2_net_rests`) is
#   {glue:md}`ens_h2_net`; the discussion does not lean on it.
# - **F3 and the third hypothesis.** Read as a tau-b, the stayers' coefficient the paper
#   printed cannot be reproduced by any data coded as the codebook assumes (chapter 6),
#   so nothing can rest on it. The third
#   hypothesis rests on {glue:md}`ens_h3_clustered_rests`: the paper's "no significant
#   association" statements, which every synthetic data set was made to satisfy, so the
#   ensemble repeats the print; with household-clustered tests it is
#   {glue:md}`ens_h3_clustered`.
# - **F4.** Nothing in the printed tables bears on village poverty over time, in any
#   data set.

# %% [markdown]
# ## The recommendations
#
# None of the six recommendations is tested by the survey's variables
# ({numref}`tbl-recommendations`). Each follows from the paper's reading of the
# region's political economy and of the literature {cite:p}`harvey2005brief`; readers
# can weigh them on those grounds.
#
# ```{list-table} What the data would need to bear on each recommendation. The survey's variables, as far as the codebook goes, include none of them.
# :name: tbl-recommendations
# :header-rows: 1
#
# * - Recommendation
#   - What the data would need
# * - R1 Hukou reform at the township level
#   - hukou status, migrants' destinations (township, county town or distant city) and intentions to settle
# * - R2 Land-lease rights when urbanising
#   - land contracts, land leased out, plans to transfer hukou
# * - R3 Job creation and TVEs
#   - the sector and employer of stayers and migrants, local job openings
# * - R4 Green industry
#   - local industry, land use, environmental conditions
# * - R5 R&D and tax incentives
#   - firms, public investment, taxation
# * - R6 Implementation across levels of government
#   - county policies and how they were carried out, across places and times
# ```
#
# The nearest thing to evidence on implementation is the paper's remark on a "clear
# division" in migration between counties with and without official migration
# policies; it prints no coefficient for it, and the codebook has no county policy
# variable. For the township-level hukou reform, the paper links the negative
# association of schooling with migration to the {term}`hukou` system: those who do
# well at school leave through university and an urban registration, the rest through
# labour export {cite:p}`wu2007inequality`. That is a plausible story, but the survey
# records neither hukou status nor where migrants went.
#
# ## The ecological caveat
#
# The paper qualifies its own preferred remedy. Industrial development, including the
# rural industry it recommends, could in the Northwest's fragile environment bring
# further desertification and pollution, and so erode the very human and social
# capital that development is meant to build. The region's ecology and ethnic
# diversity, the authors argue, cannot bear the external and social costs that
# neoliberal growth has imposed elsewhere; hence the turn to green industry, a
# {term}`circular economy` and firmer central oversight of local officials. The
# caveat is important, and it is entirely outside the evidence: the survey has no
# environmental variable.
#
# There is a second, statistical sense in which the word applies. The paper's
# recommendations are about townships, counties and regions; its evidence is about
# individuals. An association between two characteristics of people says little
# about what happens when the places they live in change, just as, conversely,
# correlations between places do not describe individuals, the
# {term}`ecological fallacy` of {cite:t}`robinson1950ecological`. Moving from "trained
# migrants earn less" to "rural industry would reduce poverty in the region" crosses
# that gap in the less familiar direction, and the tables cannot carry the reader
# across it.
#
# ## What remains
#
# The paper's empirical core, that state training goes with migration but not with
# better pay, is what its tables can bear, with the caveats of a bivariate
# cross-section and of the coefficients that cannot be reproduced. Its diagnosis of
# the migrant labour regime and its recommendations draw on its reading of the
# region and of the literature. Readers can weigh them on those grounds; they should
# not take them as results of the survey.
#
# ```{admonition} For teaching
# :class: tip
#
# **What this chapter shows.** How to set a paper's conclusions against its own
# evidence: which coefficients bear on which claim ({numref}`tbl-evidence-coefficients`
# and {numref}`fig-evidence`), and how far, by a rule stated in advance and applied
# alike to printed and recomputed numbers ({numref}`tbl-hypotheses`).
#
# **Questions for discussion.**
# 1. Pick the recommendation you find most convincing. What data would you collect
#    to test it, at what level (person, household, village, county) and over what
#    period?
# 2. The negative association between training and migrants' income can be read as
#    low returns to training or as selection of the poorest into training. Design a
#    comparison that could tell the two apart.
# 3. Re-run this chapter with `clustered = True`. Which stars change, and why does
#    allowing for households matter more for some pairs than for others?
# 4. Re-run it on one province at a time (`provinces = ["Gansu"]`). On the book's
#    synthetic data the province of each household is drawn by a coin flip, so any
#    change is sampling noise and says nothing about the provinces (the ledger marks
#    such numbers A). What would the same rerun test on the real survey file?
# 5. The paper worries that rural industry would damage a fragile environment, yet
#    recommends job creation in the countryside. Is there a tension? How does the
#    proposal of green industry try to resolve it?
# ```

# %% [markdown]
# ## Exercises
#
# The exercises use the data this chapter analysed (loaded again by the cell below,
# with the chapter's parameters). Solutions are in the instructor edition.

# %%
import pandas as pd
from myst_nb import glue

from sunshine.data import published
from sunshine.kendall import kendall_tau
from sunshine.report import exercises
from sunshine.synth import assess

ex_data = exercises.chapter_data(globals())
# subsample sizes of the exercise on stars and n (those the chapter's data can hold, on a rerun too)
EX_SIZES = tuple(n for n in (50, 100, 200, 400, 800, 1600) if n <= len(ex_data))
EX_PAIR = ("gender", "migrated")  # a moderate association: significant in large samples only
EX_SEED = 11
glue("ex08_smallest", EX_SIZES[0], display=False)
glue("ex08_largest", EX_SIZES[-1], display=False)
glue("ex08_seed", EX_SEED, display=False)
ex_cells = published.load_all().set_index(["table", "row_var", "column_var"])
glue("ex08_tm_printed", float(ex_cells.loc[("table1", "training", "migrated"), "value"]), display=False)
glue("ex08_n", len(ex_data), display=False)

# %% [markdown]
# ````{exercise} How many people does a star need?
# :label: ex-08-stars-n
#
# Training and migration (tau-b {glue:text}`ex08_tm_printed:.3f`) carry two stars in a
# sample of any size from
# {glue:text}`ex08_smallest` up, so they cannot show how stars depend on n. Take what
# is, on the book's data, a moderate association instead, gender and migration
# (`EX_PAIR`). For subsamples of
# {glue:text}`ex08_smallest` to {glue:text}`ex08_largest` people (`EX_SIZES`, drawn with
# `exercises.subsample` and the seed {glue:text}`ex08_seed`), compute its tau-b and
# p-value. From which size on does the coefficient keep the paper's two stars? Compare
# with `exercises.critical_tau`, and say what changes and what does not as n grows.
# ````
#
# ````{exercise} Rerun for one province
# :label: ex-08-rerun
#
# Rerun the two coefficients behind the paper's conclusions on training and schooling
# (`training` and `education` with `migrated`) for Gansu only, with
# `exercises.chapter_data(globals(), provinces=["Gansu"])`. Would the chapter's verdicts
# change? What kind of statement about Gansu could such a rerun support?
# ````
#
# ````{exercise} Reading the audit
# :label: ex-08-audit
#
# `assess(ex_data)` compares the data with every coefficient the paper prints. Count
# its cells by status, and explain in your own words what "unattainable" means and why
# such cells cannot be reproduced by any data set.
# ````
#
# ````{exercise} The ecological caveat
# :label: ex-08-ecological
#
# The paper moves from associations among individuals to conclusions about villages and
# regions. Name one conclusion of the paper that makes this move, and explain what
# further evidence it would need.
# ````
#
# ````{exercise} A policy memo
# :label: ex-08-policy
#
# Write a one-page memo to a provincial poverty-alleviation office on the Sunshine
# Project, using only what the paper's evidence supports. Say what you recommend, what
# the evidence cannot tell, and what the office should measure next.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-08-stars-n
# :class: dropdown
# ```

# %% tags=["solution"]
sol_rows = []
for size in EX_SIZES:
    part = exercises.subsample(ex_data, size, EX_SEED)
    pair = kendall_tau(part[EX_PAIR[0]], part[EX_PAIR[1]])
    sol_rows.append({"n": size, "tau_b": pair.tau, "p": pair.pvalue, "two stars": pair.pvalue < 0.01,
                     "critical |tau|": exercises.critical_tau(size, 0.01)})
sol_sizes = pd.DataFrame(sol_rows)
sol_kept = [n for n in EX_SIZES if sol_sizes.loc[sol_sizes["n"] >= n, "two stars"].all()]
glue("sol08_first_kept", sol_kept[0] if sol_kept else 0, display=False)
glue("sol08_n_unstarred", int((~sol_sizes["two stars"]).sum()), display=False)
glue("sol08_tau_small", float(sol_sizes["tau_b"].iloc[0]), display=False)
glue("sol08_tau_large", float(sol_sizes["tau_b"].iloc[-1]), display=False)
glue("sol08_crit_small", exercises.critical_tau(EX_SIZES[0], 0.01), display=False)
glue("sol08_crit_large", exercises.critical_tau(EX_SIZES[-1], 0.01), display=False)
sol_sizes

# %% [markdown] tags=["solution"]
# In these draws the coefficient keeps two stars from n = {glue:text}`sol08_first_kept`
# on (zero would mean it never does); {glue:text}`sol08_n_unstarred` of the sizes give
# no stars. Tau-b itself moves only with the draw ({glue:text}`sol08_tau_small:.3f` at
# the smallest size, {glue:text}`sol08_tau_large:.3f` at the largest), while the
# critical value falls from {glue:text}`sol08_crit_small:.3f` to
# {glue:text}`sol08_crit_large:.3f`: where it keeps its stars at some sizes and not at
# others, the same association is "not significant" in a small survey and "highly
# significant" in a large one (if it never or always keeps them, as it may on other
# data, pick another pair). Another seed gives other draws;
# a good answer tries two.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-08-rerun
# :class: dropdown
# ```

# %% tags=["solution"]
sol_gansu = exercises.chapter_data(globals(), provinces=["Gansu"])
for var in ("training", "education"):
    both = kendall_tau(ex_data[var], ex_data["migrated"])
    one = kendall_tau(sol_gansu[var], sol_gansu["migrated"])
    glue(f"sol08_both_{var}", both.tau, display=False)
    glue(f"sol08_gansu_{var}", one.tau, display=False)
    print(f"{var:10s} both provinces {both.tau:+.3f} (p={both.pvalue:.2g})   Gansu {one.tau:+.3f} (p={one.pvalue:.2g})")

# %% [markdown] tags=["solution"]
# For Gansu alone tau-b is {glue:text}`sol08_gansu_training:.3f` for training and
# {glue:text}`sol08_gansu_education:.3f` for schooling, against
# {glue:text}`sol08_both_training:.3f` and {glue:text}`sol08_both_education:.3f` for
# both provinces. On synthetic data none of this is a statement about Gansu: the
# generator matched the two-province coefficients only. On the real survey the same
# rerun would be a finding, with its own, smaller n.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-08-audit
# :class: dropdown
# ```

# %% tags=["solution"]
sol_audit = assess(ex_data)
sol_counts = sol_audit["status"].value_counts()
glue("sol08_n_cells", len(sol_audit), display=False)
glue("sol08_n_unattainable", int(sol_counts.get("unattainable", 0)), display=False)
sol_counts

# %% [markdown] tags=["solution"]
# Of the {glue:text}`sol08_n_cells` cells compared, {glue:text}`sol08_n_unattainable`
# are unattainable: their printed value lies beyond the largest coefficient the
# variables' margins allow (or beyond −1 to +1), so no data set with those margins can
# produce them. They are misprints, a different statistic or a coding the paper does
# not describe, not findings, and a
# generator that "reproduced" them would be broken.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-08-ecological
# :class: dropdown
#
# Answer notes. Example: the conclusion that migration does not build capital in the
# sending villages, drawn from correlations among individual migrants. Individual
# associations say nothing directly about village-level investment, inequality between
# villages or what happens to those left behind. It would need village-level data over
# time (investment, enterprises, land use, returnees' businesses) and a comparison of
# villages with more and fewer migrants. Common mistake: treating the lack of an
# individual association as evidence about the village.
# ````

# %% [markdown] tags=["solution"]
# ````{solution} ex-08-policy
# :class: dropdown
#
# Answer notes and rubric points. A strong memo (1) states the one thing the evidence
# supports (trained people are far more likely to have migrated: training and migration
# are the strongest association of Table I, tau-b {glue:text}`ex08_tm_printed:.3f`, in
# one cross-section of two provinces), (2) refuses the causal reading and says why
# (selection into training, no controls, household clustering), (3) does not use any
# synthetic number as a fact about the provinces, (4) recommends measurement: record
# who is trained and who is placed, follow trainees and comparable non-trainees, and
# measure household income before and after, and (5) weighs the paper's policy
# proposals (local industry, a circular economy) against what its data can show.
# ````
