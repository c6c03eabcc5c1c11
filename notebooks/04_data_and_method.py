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
# # Data, hypotheses and method
#
# Before it shows its tables, the paper says in one paragraph where its data come
# from, states three hypotheses and names its method only in a table footnote. This
# chapter unpacks that paragraph and that footnote. It describes the survey, quotes
# the hypotheses, and explains the one statistic the paper uses, Kendall's tau-b,
# from scratch, with a worked example a reader can check by hand. It then says what
# the data behind the rest of this book are, and what they are not, and prints the
# codebook that every survey chapter relies on ({numref}`tbl-codebook`).

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - state the paper's three hypotheses and the data the paper used to test them;
# - compute Kendall's tau-b by hand from a small table, and explain how ties and a yes/no variable bound it;
# - explain what the stars of a table mean and why they depend on n and on the household design;
# - say what the synthetic data of this book can and cannot show.
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb", "otter")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
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
import math

import scipy.stats

from sunshine import kendall
from sunshine.report import audit, chapter, codebook_table, tables, worked_example

ch = chapter.open_chapter(globals(), consequence="What the data show is what the published tables imply, and nothing more.")
chapter.glue_design(ch)

# %% [markdown]
# ## The survey
#
# The paper's evidence comes from the {glue:text}`dm_survey_year` Western China
# Migration and Labor Resources Survey (CMLRS). By the paper's account it was carried
# out in {glue:md}`dm_fieldwork:myst` in {glue:md}`dm_provinces_surveyed:myst` western
# provinces, Sichuan, Gansu and the Ningxia Hui Autonomous Region, and reached
# {glue:text}`dm_households:,` households and {glue:md}`dm_individuals_qualifier:myst`
# {glue:text}`dm_individuals:,` individuals, about
# {glue:text}`dm_persons_per_household:.1f` persons a household. The analysis leaves
# Sichuan out: it uses the respondents in Gansu and Ningxia, and the footnote of both
# tables gives their number as n = {glue:text}`dm_analysis_n:,`
# {cite:p}`mao2010neoliberal`.
#
# That is nearly all the paper says about its data. It does not say how villages and
# households were chosen, who in a household was interviewed, how the questions on
# income, schooling or training were worded, or how the variables were coded. Those
# gaps matter for the rest of this book: every coding used here is an assumption,
# stated in the codebook at the end of this chapter and justified in
# {doc}`../book/about_data`. The design facts above are read from the book's file of
# published numbers (`data/published/design.csv`), each with the words the paper
# printed, so that they too are data rather than typed text.
#
# The sample this edition analyses has {glue:text}`dm_n:,` persons
# ({glue:md}`dm_n_compared:myst`) in {glue:md}`dm_n_households_md:myst` households. The paper
# gives no number of households for Gansu and Ningxia: its
# {glue:text}`dm_households:,` households span all three provinces, so the book's
# number is the generator's (marked A; see the legend in the data note above). Of the
# persons, {glue:text}`dm_n_migrants:,` ({glue:md}`dm_share_migrants_md:myst`) are migrants
# and {glue:text}`dm_n_trained:,` ({glue:md}`dm_share_trained_md:myst`) took part in
# government-sponsored training, both shares the generator's assumptions.
#
# ## Three hypotheses
#
# The paper states {glue:md}`dm_hypotheses:myst` hypotheses {cite:p}`mao2010neoliberal`.
# In its words:
#
# 1. "Those who received more education and government-sponsored job training were
#    more likely to migrate."
# 2. "Migrants with higher education or those receiving government training were more
#    likely to have higher personal income and send more remittances to their
#    households."
# 3. "Individuals from ethnic minority counties were more likely to migrate and to
#    rely on personal networks to obtain information on employment."
#
# Each is a statement about association between two variables (schooling and
# migration, training and income, county and networks), and each says which
# direction to expect. The first two carry the paper's argument about
# {term}`human capital`: if state-sponsored training builds it, trained people should
# both leave more and earn more once they have left. The third asks whether the
# ethnic setting of the Northwest changes how migration works. The paper tests all
# three with one tool, a rank correlation, computed for each pair of variables
# separately ("bi-variate correlation analyses"), with no controls.
#
# ## Kendall's tau-b, from scratch
#
# {term}`Kendall's tau-b` measures whether two variables tend to rise together. It
# does not need the variables to be measured on a scale: it only uses their order.
# That suits survey variables like schooling (none, primary, junior high, and so on),
# whose levels are ordered but not equally spaced, and yes/no variables like
# migration, which have only two values.
#
# The idea is to look at *pairs of people*. Take any two people and compare them on
# both variables:
#
# - the pair is {term}`concordant <concordant pair>` if the person higher on one variable is also higher on
#   the other (more schooling *and* migrated, while the other did neither);
# - it is {term}`discordant <discordant pair>` if the person higher on one is lower on the other;
# - it is **tied** if the two have the same value on at least one of the variables
#   (the same schooling, or both migrated): such a pair says nothing about the
#   direction of the association. A {term}`tie` can be on the first variable, on the
#   second or on both.
#
# With $n$ people there are $n_0 = n(n-1)/2$ pairs. Let $C$ and $D$ be the numbers of
# concordant and discordant pairs, $T_x$ the number of pairs tied on the first
# variable and $T_y$ the number tied on the second (a pair tied on both counts in
# both). Kendall's tau-b {cite:p}`kendall1945treatment` is
#
# ```{math}
# :label: eq-tau-b
# \tau_b = \frac{C - D}{\sqrt{(n_0 - T_x)\,(n_0 - T_y)}}
# ```
#
# The numerator $S = C - D$ is the excess of concordant over discordant pairs. The
# denominator is the geometric mean of the numbers of pairs that are *not* tied on
# each variable, so tau-b is $+1$ when every untied comparison agrees, $-1$ when every
# one disagrees and $0$ when they balance. The original tau of
# {cite:t}`kendall1938new` divided by all pairs, $n_0$; with many ties it could never
# come near $\pm 1$, and the "b" version corrects for them {cite:p}`agresti2010analysis`.
# Even tau-b reaches $\pm 1$ only if the two variables have the same number of
# categories: between a yes/no variable and a five-level one, its largest possible
# value is smaller, a fact that matters in chapters 5 and 6.

# %%
example = worked_example.EXAMPLE
pairs = worked_example.pair_table(example, "education", "migrated", "person")
counts = worked_example.pair_counts(pairs)
n_people = len(example)

# %% tags=["remove-input"]
ch.glue_md("dm_ex_n", chapter.in_words(n_people))
ch.glue("dm_ex_pairs", counts["n0"])
ch.glue_md("dm_ex_migrants", chapter.in_words(int(example["migrated"].sum())))

# %% [markdown]
# ### A worked example
#
# Take {glue:md}`dm_ex_n:myst` invented people, A to F, with their level of schooling
# (coded as in the codebook, from 1 for none to 5 for college) and whether they
# migrated (1) or stayed (0); {glue:md}`dm_ex_migrants:myst` of them migrated
# ({numref}`tbl-example-people`). They are not survey data; they are chosen so that
# concordant, discordant and tied pairs all occur.

# %% tags=["remove-input"]
EDUCATION_LABELS = {1: "none", 2: "primary", 3: "junior high", 4: "senior high", 5: "college"}
tables.show(
    tables.list_table(
        ["Person", "Education (level)", "Migrated (1 = yes)"],
        [[r.person, f"{r.education} ({EDUCATION_LABELS[r.education]})", str(r.migrated)] for r in example.itertuples()],
        "The invented people of the worked example: schooling level and migration.",
        "tbl-example-people",
    )
)

# %% [markdown]
# {numref}`tbl-example-pairs` lists all {glue:text}`dm_ex_pairs` pairs. For each, it
# gives how much the second person's schooling and migration exceed the first's, and
# the kind of pair that follows: the signs of the two differences agree (concordant),
# disagree (discordant), or one of them is zero (tied).

# %% tags=["remove-input"]
tables.show(
    tables.list_table(
        ["Pair", "Difference in education (x)", "Difference in migration (y)", "Kind of pair"],
        [[r.pair, f"{r.dx:+d}" if r.dx else "0", f"{r.dy:+d}" if r.dy else "0", r.kind] for r in pairs.itertuples()],
        "Every pair of the worked example. Differences are the second person's value minus the first's; "
        "x is education, y is migration.",
        "tbl-example-pairs",
    )
)

# %% [markdown]
# Counting the rows of the table, and then putting the counts into
# {eq}`eq-tau-b`, takes a few lines of code:

# %%
C, D = counts["C"], counts["D"]
n0 = n_people * (n_people - 1) // 2
T_x = counts["T_x"]  # pairs tied on education (same level)
T_y = counts["T_y"]  # pairs tied on migration (both migrants or both stayers)
tau_by_hand = (C - D) / math.sqrt((n0 - T_x) * (n0 - T_y))

tau_sunshine = kendall.kendall_tau(example["education"], example["migrated"]).tau
tau_scipy = scipy.stats.kendalltau(example["education"], example["migrated"]).statistic
assert math.isclose(tau_by_hand, tau_sunshine) and math.isclose(tau_by_hand, tau_scipy)
print(f"C = {C}, D = {D}, n0 = {n0}, T_x = {T_x}, T_y = {T_y}")
print(f"tau-b by hand {tau_by_hand:.6f}; sunshine.kendall {tau_sunshine:.6f}; scipy {tau_scipy:.6f}")

# %% tags=["hide-input"]
worked_example.glue_counts(ch.glue, counts, n_people, {"by hand": tau_by_hand, "sunshine": tau_sunshine,
                                                      "scipy": tau_scipy})
ch.glue_md(
    "dm_ex_direction",
    "more schooling goes with *staying*, the direction the paper found for education" if tau_by_hand < 0
    else "more schooling goes with migrating",
)

# %% [markdown]
# Counting gives $C =$ {glue:text}`dm_ex_C` concordant and $D =$ {glue:text}`dm_ex_D`
# discordant pairs, so $S = C - D =$ {glue:text}`dm_ex_S`. Of the ties, {glue:text}`dm_ex_ties_x_only`
# pairs have the same schooling, {glue:text}`dm_ex_ties_y_only` made the same
# migration choice and {glue:text}`dm_ex_ties_both` are tied on both, so
# $T_x =$ {glue:text}`dm_ex_Tx` and $T_y =$ {glue:text}`dm_ex_Ty`. The denominator is
# the square root of {glue:text}`dm_ex_untied_x` × {glue:text}`dm_ex_untied_y`, and
# tau-b is {glue:text}`dm_ex_tau:.3f`: in these invented data, {glue:md}`dm_ex_direction:myst`.
# The book's own function, `sunshine.kendall.kendall_tau`, gives
# {glue:text}`dm_ex_tau_sunshine:.6f` and SciPy's `kendalltau` gives
# {glue:text}`dm_ex_tau_scipy:.6f`; the largest difference between the three is
# {glue:text}`dm_ex_max_diff:.1e`, rounding error. (The book's tests also check the
# function against an independent count of pairs.)
#
# Note how many pairs are ties. With a yes/no variable, every pair of two migrants and
# every pair of two stayers is tied: only the pairs of one migrant and one stayer
# carry information. This is why, in the survey data, tau-b between two yes/no
# variables such as training and migration equals the familiar phi coefficient of a
# two-by-two table, and why its largest possible value depends on how many people are
# in each group.

# %% tags=["hide-input"]
pair_tm = ch.tau("training", "migrated")
z_crit = audit.z_critical(ch.level)
ex = kendall.kendall_tau(example["education"], example["migrated"])
ch.glue_many({"dm_z_crit": z_crit, "dm_tm_z": pair_tm.statistic, "dm_tm_n": pair_tm.n,
              "dm_ex_z": float(ex.statistic), "dm_ex_p": float(ex.pvalue)})
ch.glue_number("dm_tm_tau", pair_tm.tau, tables.format_coef, chapter.Quantity("tau", ("training", "migrated")))
ch.glue_md(
    "dm_tm_verdict",
    "far beyond" if abs(pair_tm.statistic) > 3 * z_crit else ("beyond" if abs(pair_tm.statistic) > z_crit else "short of"),
)

# %% [markdown]
# ## Why tau-b, and what the two stars mean
#
# The paper never names its software, but its tables do. "Kendall's Tau b
# Coefficients", a lower triangle of coefficients with three decimals and no leading
# zero, and the footnote "{glue:md}`dm_footnote:myst`" are the
# layout and wording of the nonparametric correlations procedure of {term}`SPSS`,
# which offers exactly two statistics: Kendall's tau-b and Spearman's rho. For
# variables like the paper's, mostly ordered categories and yes/no answers with a
# great many ties, tau-b is the natural choice of the two, and the one the tables
# report. (The text also gives two coefficients labelled "r", probably Spearman's rho
# from the same procedure; the audit of the printed numbers in the next chapters takes them up.)
#
# The two stars are a significance test. Under the hypothesis that the two variables
# are unrelated in the population, $S$ has mean zero and a known variance that
# depends only on $n$ and on the sizes of the groups of tied values
# {cite:p}`kendall1945treatment`. SPSS divides $S$ by the square root of that variance
# to get a $z$ statistic and reads its p-value from the normal distribution,
# counting departures in both directions ({term}`two-tailed significance`): a
# coefficient gets its stars when that p-value is below
# {glue:text}`dm_alpha:.2f`, that is, when $|z|$ exceeds {glue:text}`dm_z_crit:.3f`.
# The normal approximation is poor for a handful of people (for the worked example it
# gives $z =$ {glue:text}`dm_ex_z:.2f` and p = {glue:text}`dm_ex_p:.2f`, which should
# not be taken seriously) but very good for samples of thousands. In this edition's
# sample, training and migration have tau-b = {glue:md}`dm_tm_tau_md:myst` with
# $z =$ {glue:text}`dm_tm_z:.1f` among {glue:text}`dm_tm_n:,` persons,
# {glue:md}`dm_tm_verdict:myst` the threshold.
#
# Two cautions travel with the stars. First, the test asks only whether an
# association is zero, not whether it is large or important; with thousands of
# people, small coefficients pass it. Second, it assumes that the people are
# independent draws. The CMLRS sampled households, and members of one household
# share a village, an income and often a decision about who migrates; treating them
# as independent makes the stars too easy to earn. The book's statistics module also
# computes standard errors that allow for this ({term}`clustered inference`), which
# later chapters report beside the SPSS-style stars.

# %%
audit.glue_attainability(ch)

# %% [markdown]
# ## What the data of this book are, and are not
#
# The CMLRS microdata are not public, and no copy could be found. To re-run the
# paper's analysis at all, this edition uses {term}`synthetic data`: an artificial
# sample of the paper's size, made by the book's generator (`sunshine synth`) in
# three steps.
#
# 1. **Marginal distributions from sources.** Each variable gets a distribution:
#    shares of schooling levels close to the Ministry of Agriculture's figures for
#    rural surplus labour, incomes on the scale of the NBS figures for migrants and
#    for rural households in Gansu and Ningxia, and shares of migrants and of trained
#    people chosen so that the printed coefficients between yes/no variables are
#    possible at all. Where no source exists, the value is an assumption, and the
#    codebook says so.
# 2. **A {term}`Gaussian copula` matched to tau-b with ties.** Correlated normal
#    variables are drawn and cut into the categories of each variable. The
#    correlation between each pair of normal variables is solved so that, *after*
#    cutting, the pair's tau-b, ties included, equals the published value; the usual
#    shortcut formula, which assumes no ties, would miss it
#    {cite:p}`cario1997modeling`.
# 3. **Exact refinement.** Values are then swapped between people within each column,
#    which keeps every distribution exactly as it was, until each published
#    coefficient that can be reached is reproduced to the precision the paper printed.
#
# The data are checked against every coefficient the paper prints. Of its
# {glue:text}`dm_n_numeric` numerical coefficients (both tables and the text),
# {glue:text}`dm_n_impossible_print` are impossible as printed for any tau-b and are
# read as misprints. {glue:md}`dm_attainability:myst` Chapters 5 and 6 show every
# cell and explain each failure.
#
# What follows from this is simple and important. The synthetic data contain what the
# published tables contain and the assumptions the generator added, nothing more.
# Any association they show between two variables of one table was put there to
# match the paper; any association *not* printed in the paper (between, say, age and
# income) reflects the generator's assumptions, not Gansu or Ningxia. They are good
# for checking the paper's arithmetic, for seeing what its numbers imply and for
# learning the method; they cannot confirm or refute its findings. How they were made,
# and how to run the book on real data instead, is described in
# {doc}`../book/about_data`.
#
# ## The codebook
#
# {numref}`tbl-codebook` lists the variables that every survey chapter expects: their
# type, unit, allowed values, the part of the paper that uses them and the coding
# assumption made where the paper is silent. The table is generated from the
# machine-readable codebook, `data/cmlrs/datapackage.json`, the same file the data
# loader uses to check a data file, so the two cannot drift apart.

# %% tags=["remove-input"]
tables.show(
    codebook_table.codebook_table(
        caption="Codebook of the CMLRS-shaped data (generated from data/cmlrs/datapackage.json). "
        "Coding assumptions are the book's; the paper states none.",
        name="tbl-codebook",
    )
)

# %% [markdown]
# ```{admonition} For teaching
# :class: tip
#
# **What this chapter shows.** How the survey was designed (as far as the paper tells
# us), the three hypotheses, and how Kendall's tau-b is computed, with a worked
# example in {numref}`tbl-example-pairs` that can be done with pencil and paper.
#
# **Questions for discussion.**
# 1. Redo the worked example by hand after changing person C to a migrant. Which pairs
#    change their kind? Does tau-b rise or fall, and why?
# 2. The paper's hypotheses are each tested by one bivariate coefficient, without
#    controls. Pick one hypothesis and name a third variable that could create the
#    association without any causal link (age is a good place to start).
# 3. Why does a yes/no variable produce so many ties? What does that do to the
#    largest tau-b it can have with another yes/no variable when the two groups have
#    different sizes?
# 4. The stars assume that all persons are independent. In a household survey, who
#    decides whether someone migrates? What does that imply for the significance tests?
# 5. The codebook records a coding assumption for almost every variable. Choose one
#    and say how a different, equally plausible coding would change what the tables
#    mean.
# ```

# %% [markdown]
# ## Exercises
#
# The exercises use the book's data as the chapter loaded them, and a small invented
# table printed by the cell below. Solutions are in the instructor edition.

# %%
from myst_nb import glue

from sunshine.kendall import kendall_tau
from sunshine.report import exercises

ex_data = exercises.chapter_data(globals())
EX_SMALL_N = 60  # the size of the subsample of the exercise on stars and n
EX_SEED = 7
glue("ex04_n", len(ex_data), display=False)
glue("ex04_n_migrants", int((ex_data["migrated"] == 1).sum()), display=False)
glue("ex04_n_stayers", int((ex_data["migrated"] == 0).sum()), display=False)
glue("ex04_small_n", EX_SMALL_N, display=False)
glue("ex04_seed", EX_SEED, display=False)
exercises.BY_HAND_TABLE

# %% [markdown]
# ````{exercise} Tau-b of a small table, by hand
# :label: ex-04-by-hand
#
# The table printed above counts invented people by schooling (rows) and by whether they
# migrated (columns). With pencil and paper, count the concordant pairs, the discordant
# pairs and the pairs tied on each variable, then compute Kendall's tau-b with the
# formula of this chapter. Check your answer with `kendall_tau` (its `weights` argument
# takes the counts of a table).
# ````
#
# ````{exercise} The largest tau-b a yes/no variable allows
# :label: ex-04-binary-max
#
# The book's data hold {glue:text}`ex04_n_migrants` migrants and
# {glue:text}`ex04_n_stayers` stayers. Suppose every migrant were older than every
# stayer and no two people had the same age. What would tau-b of migration with age
# be? Explain why it is less than one, and whether a variable with many ties, such as
# schooling, allows a larger or a smaller maximum.
# ````
#
# ````{exercise} A coefficient for a subgroup
# :label: ex-04-subgroup
#
# Write a cell that computes tau-b of `education` and `migrated` for women only
# (`gender == 1`) and for Ningxia only, with its p-value. Compare both with the whole
# sample. Which comparison is a finding about the data, and which one only about the
# generator's assumptions?
# ````
#
# ````{exercise} Stars against the number of people
# :label: ex-04-stars-n
#
# Draw {glue:text}`ex04_small_n` people at random from the data (use
# `exercises.subsample` with the seed {glue:text}`ex04_seed`) and compute tau-b of
# `education` and `migrated` in that subsample. Does the coefficient keep its stars?
# What does your answer say about reading a table's stars without its number of
# observations?
# ````
#
# ````{exercise} What synthetic data can and cannot show
# :label: ex-04-critique
#
# In a paragraph, say what a reader can learn about Hypothesis 1 from the tables of
# this book, which run on synthetic data, and what no analysis of these data can tell
# about Gansu and Ningxia. Name one use of the synthetic data that is fully legitimate.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-04-by-hand
# :class: dropdown
# ```
#
# Pairs are counted cell by cell: a person in a higher row and a higher column than
# another makes a concordant pair, higher row and lower column a discordant one.

# %% tags=["solution"]
counts = exercises.pair_counts_table(exercises.BY_HAND_TABLE)
tau_hand = (counts["concordant"] - counts["discordant"]) / (
    ((counts["n0"] - counts["tied_x"]) * (counts["n0"] - counts["tied_y"])) ** 0.5
)
cases = exercises.table_cases(exercises.BY_HAND_TABLE)
tau_check = kendall_tau(cases["education"], cases["migrated"]).tau
for key, value in counts.items():
    glue(f"sol04_{key}", value, display=False)
glue("sol04_tau_hand", tau_hand, display=False)
print(counts, f"tau-b by hand {tau_hand:.4f}, by kendall_tau {tau_check:.4f}")

# %% [markdown] tags=["solution"]
# Of the {glue:text}`sol04_n0` pairs, {glue:text}`sol04_concordant` are concordant and
# {glue:text}`sol04_discordant` discordant; {glue:text}`sol04_tied_x` are tied on
# schooling and {glue:text}`sol04_tied_y` on migration. So
# tau-b $= (C - D)/\sqrt{(n_0 - T_x)(n_0 - T_y)}$ = {glue:text}`sol04_tau_hand:.3f`,
# the value `kendall_tau` prints. A common mistake is to forget that pairs tied on
# both variables count in both $T_x$ and $T_y$.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-04-binary-max
# :class: dropdown
# ```

# %% tags=["solution"]
from sunshine.synth.targets import binary_tau_b_bound

n1, n0 = int((ex_data["migrated"] == 1).sum()), int((ex_data["migrated"] == 0).sum())
glue("sol04_max_untied", exercises.binary_tau_b_max(n1, n0), display=False)
glue("sol04_max_education", binary_tau_b_bound(ex_data["migrated"].to_numpy(), ex_data["education"].to_numpy()), display=False)
print(f"largest tau-b with an untied variable: {exercises.binary_tau_b_max(n1, n0):.3f}")

# %% [markdown] tags=["solution"]
# Only pairs of one migrant and one stayer can be concordant; all the others are tied
# on migration. With every migrant older than every stayer, all those pairs are
# concordant and tau-b reaches $\sqrt{n_1 n_0 / N}$ = {glue:text}`sol04_max_untied:.3f`,
# not one, because tau-b divides by the geometric mean of the untied pairs on both
# sides and age has far more untied pairs than migration. Schooling has many ties, so
# fewer of its pairs count in the denominator and its maximum with migration is
# larger: {glue:text}`sol04_max_education:.3f` with the book's margins. A coefficient
# near either bound is as strong as these margins allow.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-04-subgroup
# :class: dropdown
# ```

# %% tags=["solution"]
groups = {
    "everyone": ex_data,
    "women": ex_data[ex_data["gender"] == 1],
    "Ningxia": ex_data[ex_data["province"] == "Ningxia"],
}
for name, frame in groups.items():
    pair = kendall_tau(frame["education"], frame["migrated"])
    glue(f"sol04_sub_{name}_tau", pair.tau, display=False)
    glue(f"sol04_sub_{name}_n", pair.n, display=False)
    print(f"{name:9s} n={pair.n:5d} tau-b={pair.tau:+.3f} p={pair.pvalue:.3g}")

# %% [markdown] tags=["solution"]
# Tau-b is {glue:text}`sol04_sub_everyone_tau:.3f` for everyone,
# {glue:text}`sol04_sub_women_tau:.3f` for the {glue:text}`sol04_sub_women_n` women and
# {glue:text}`sol04_sub_Ningxia_tau:.3f` for the {glue:text}`sol04_sub_Ningxia_n` people
# of Ningxia. The whole-sample coefficient was built to match the paper; the subgroup
# coefficients were not (the paper prints none), so their differences come from the
# generator's assumptions, not from Ningxia's women.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-04-stars-n
# :class: dropdown
# ```

# %% tags=["solution"]
small = exercises.subsample(ex_data, EX_SMALL_N, EX_SEED)
full_pair = kendall_tau(ex_data["education"], ex_data["migrated"])
small_pair = kendall_tau(small["education"], small["migrated"])
glue("sol04_full_tau", full_pair.tau, display=False)
glue("sol04_full_p", full_pair.pvalue, display=False)
glue("sol04_small_tau", small_pair.tau, display=False)
glue("sol04_small_p", small_pair.pvalue, display=False)
print(f"all: tau-b={full_pair.tau:+.3f} p={full_pair.pvalue:.2g}; subsample: tau-b={small_pair.tau:+.3f} p={small_pair.pvalue:.2g}")

# %% [markdown] tags=["solution"]
# In the whole sample tau-b is {glue:text}`sol04_full_tau:.3f` with a p-value of
# {glue:text}`sol04_full_p:.2g`; in the subsample it is {glue:text}`sol04_small_tau:.3f`
# with a p-value of {glue:text}`sol04_small_p:.2g`. A coefficient of similar size can
# lose its stars when the sample is small, and a tiny coefficient earns them in a large
# one: stars measure how sure we are that the association is not zero, not how strong
# it is, so a table's stars cannot be read without its n.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-04-critique
# :class: dropdown
#
# Answer notes. The synthetic data reproduce the published coefficients by
# construction, so recomputing Hypothesis 1 on them confirms the paper's arithmetic and
# shows what its numbers imply (how strong an association the margins allow, how the
# stars depend on n and on the household design). They cannot confirm or refute the
# hypothesis: any association the paper did not print (by province, by gender, with
# controls) comes from the generator's assumptions. Legitimate uses: learning and
# checking the method, testing the code that would run on the real survey, and
# showing which published cells cannot be right. A good answer keeps "the data show"
# for the paper's own tables and says "the generator assumes" for everything else.
# ````
