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
import math

import scipy.stats

from sunshine import kendall
from sunshine.kendall.inference import tau_b_null_z
from sunshine.report import audit, chapter, codebook_table, prose, tables, verdicts, worked_example
from sunshine.synth.ledger import Quantity

ch = chapter.open_chapter(globals(), consequence="What the data show is what the published tables imply, and nothing more.")

# %% [markdown]
# The paper's design facts are read from the book's file of published numbers
# (`data/published/design.csv`), and the sample's from the data file itself:

# %%
design = chapter.design_facts()
data = ch.data
ch.glue("dm_survey_year", design["survey_year"])
ch.glue("dm_households", design["households"])
ch.glue("dm_individuals", design["individuals"])
ch.glue("dm_analysis_n", design["analysis_n"])
ch.glue("dm_persons_per_household", design["persons_per_household"])
ch.glue("dm_alpha", design["alpha"])
ch.glue_md("dm_fieldwork", design["fieldwork"])
ch.glue_md("dm_provinces_surveyed", chapter.in_words(design["provinces_surveyed"]))
ch.glue_md("dm_individuals_qualifier", design["individuals_qualifier"])
ch.glue_md("dm_hypotheses", chapter.in_words(design["hypotheses"]))
ch.glue_md("dm_footnote", design["footnote"])
ch.glue("dm_n", len(data))
ch.glue("dm_n_migrants", int(data["migrated"].sum()))
ch.glue("dm_n_trained", int(data["training"].sum()))
ch.glue_number("dm_n_households", data["household_id"].nunique(), ",", Quantity("count", ("households",)))
ch.glue_number("dm_share_migrants", data["migrated"].mean(), ".0%", Quantity("share", ("migrated",)))
ch.glue_number("dm_share_trained", data["training"].mean(), ".0%", Quantity("share", ("training",)))
ch.glue_md("dm_households_whose", "the book's number is the generator's (see the legend in the data note above)"
           if ch.ledger.synthetic else "this sample's number of households, from your file, has no printed number to compare it with")
ch.glue_md("dm_shares_whose", "both shares set by the generator's assumptions" if ch.ledger.synthetic
           else "both shares as your file records them")
ch.glue_md("dm_n_compared", "the paper's n for Gansu and Ningxia" + ch.mark(Quantity("count", ("persons",)))
           if len(data) == design["analysis_n"] else "not the paper's n: these data or this selection differ")
ch.glue_md("dm_design", prose.sample_design(data["age"].min(), data["age"].max(), design["age_low"])
           + ch.mark(Quantity("share", ("age",))))
ch.glue("dm_age_low", design["age_low"])
ch.glue("dm_age_high", design["age_high"])

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
# {glue:text}`dm_households:,` households span all three provinces, so
# {glue:md}`dm_households_whose:myst`. Of the persons, {glue:text}`dm_n_migrants:,`
# ({glue:md}`dm_share_migrants_md:myst`) are migrants and {glue:text}`dm_n_trained:,`
# ({glue:md}`dm_share_trained_md:myst`) took part in government-sponsored training,
# {glue:md}`dm_shares_whose:myst`.
#
# **Who is in the sample.** The paper does not say whether its persons are all the
# members of the sampled households, children included, or only those of working
# age, and its own figures point two ways. About
# {glue:text}`dm_persons_per_household:.1f` persons a household is the size of whole
# rural households, and the text speaks of persons "between the ages of
# {glue:text}`dm_age_low` and {glue:text}`dm_age_high`" as a band inside a wider range:
# children may well be in the sample. Table I points the other way. If children
# neither migrate nor train, the printed migration × age coefficient can be reached
# only while children are at most a share of
# {glue:text}`dm_child_limit_migration:.3f` of the persons (an exact bound, given the
# margins the book's generator assumes; computed below), and then only if nearly every migrant is among
# the youngest adults. Nor do children explain Table I's positive age × education:
# with adults' schooling flat across ages, children alone give a tau-b of about
# {glue:text}`dm_flat_adults_tau:.2f` only when two persons in five are children.
# That cell reads most easily if education was coded from the highest level down, so
# that it says what one expects of adults, that younger cohorts are better schooled.
#
# The book's default synthetic file therefore holds working-age adults: an assumption
# the book chose on this evidence, not a fact about the survey. Chapter 7's ensemble
# draws both designs and both codings, and the data README
# (`data/cmlrs/README.md`, "The sample's design") gives the evidence in full. The file
# this chapter read holds {glue:md}`dm_design:myst`; chapter 5's check of the age band
# shows, band by band, what its design leaves in the data.

# %%
from sunshine.synth import sample_design

ch.glue("dm_child_limit_migration", sample_design.child_share_limit("migrated x age"))
ch.glue("dm_flat_adults_tau", sample_design.flat_adults_tau(0.4))

# %% [markdown]
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

# %% tags=["hide-input"]
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

# %% tags=["hide-input"]
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

# %% tags=["hide-input"]
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
ch.glue("dm_ex_C", C)
ch.glue("dm_ex_D", D)
ch.glue("dm_ex_S", C - D)
ch.glue("dm_ex_Tx", T_x)
ch.glue("dm_ex_Ty", T_y)
ch.glue("dm_ex_ties_x_only", counts["ties_x_only"])
ch.glue("dm_ex_ties_y_only", counts["ties_y_only"])
ch.glue("dm_ex_ties_both", counts["ties_both"])
ch.glue("dm_ex_untied_x", n0 - T_x)
ch.glue("dm_ex_untied_y", n0 - T_y)
ch.glue("dm_ex_tau", tau_by_hand)
ch.glue("dm_ex_tau_sunshine", tau_sunshine)
ch.glue("dm_ex_tau_scipy", tau_scipy)
ch.glue("dm_ex_max_diff", max(abs(tau_by_hand - tau_sunshine), abs(tau_by_hand - tau_scipy)))

# %% [markdown]
# Counting gives $C =$ {glue:text}`dm_ex_C` concordant and $D =$ {glue:text}`dm_ex_D`
# discordant pairs, so $S = C - D =$ {glue:text}`dm_ex_S`. Of the ties, {glue:text}`dm_ex_ties_x_only`
# pairs have the same schooling, {glue:text}`dm_ex_ties_y_only` made the same
# migration choice and {glue:text}`dm_ex_ties_both` are tied on both, so
# $T_x =$ {glue:text}`dm_ex_Tx` and $T_y =$ {glue:text}`dm_ex_Ty`. The denominator is
# the square root of {glue:text}`dm_ex_untied_x` × {glue:text}`dm_ex_untied_y`, and
# tau-b is {glue:text}`dm_ex_tau:.3f`: in these invented data, more schooling goes with
# *staying*, the direction the paper found for education.
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

# %% [markdown]
# The test of the stars, on the worked example and on training and migration in this
# edition's sample:

# %%
pair_tm = ch.tau("training", "migrated")
z_crit = audit.z_critical(ch.level)
ex = kendall.kendall_tau(example["education"], example["migrated"])
ch.glue("dm_z_crit", z_crit)
ch.glue("dm_tm_z", pair_tm.statistic)
ch.glue("dm_tm_n", pair_tm.n)
ch.glue("dm_ex_z", ex.statistic)
ch.glue("dm_ex_p", ex.pvalue)
ch.glue_number("dm_tm_tau", pair_tm.tau, tables.format_coef, Quantity("tau", ("training", "migrated")))
ch.glue_md("dm_tm_verdict", prose.threshold_words(pair_tm.statistic, z_crit))
print(f"critical |z| {z_crit:.3f}; worked example z = {ex.statistic:.2f}; training x migration z = {pair_tm.statistic:.1f}")

# %% [markdown]
# (sec-stars)=
# ## Why tau-b, and what the two stars mean
#
# The paper never names its software. Its tables, though, look like the output of the
# nonparametric correlations procedure of {term}`SPSS` (NONPAR CORR): "Kendall's Tau b
# Coefficients", a lower triangle of coefficients with three decimals and no leading
# zero, and the footnote "{glue:md}`dm_footnote:myst`". The book reads them as such
# output, an inference from their layout, not a fact the paper states. That procedure
# offers exactly two statistics, Kendall's tau-b and Spearman's rho, each with its
# significance level {cite:p}`ibm2025nonparcorr`. For
# variables like the paper's, mostly ordered categories and yes/no answers with a
# great many ties, tau-b is the natural choice of the two, and the one the tables
# report. (The text also gives two coefficients labelled "r", probably Spearman's rho
# from the same procedure; the audit of the printed numbers in the next chapters takes them up.)
#
# The two stars are a significance test. Under the hypothesis that the two variables
# are unrelated in the population, $S$ has mean zero and a known variance that
# depends only on $n$ and on the sizes of the groups of tied values
# {cite:p}`kendall1945treatment`. The test divides $S$ by the square root of that variance
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
# **Which variance?** The null variance of $S$ can be computed with Kendall's
# correction for ties or as if there were none, and with variables as heavily tied as
# two yes/no answers the two differ a great deal. IBM's command reference says that
# NONPAR CORR reports tau-b with its significance level {cite:p}`ibm2025nonparcorr`
# but not how that level is computed, and the book could not consult the formula in
# IBM's published algorithms, so it cannot say which variance produced the paper's
# stars. The book's own
# p-values use the tie-corrected variance (as R's `cor.test` and SciPy do), and where a
# conclusion about a printed star could turn on the choice, chapter 5 computes it both
# ways (`sunshine.kendall.inference.tau_b_null_z`) and says which conclusions depend on
# it. For the worked example the two give $z =$ {glue:text}`dm_ex_z_ties:.2f` with the
# correction and {glue:text}`dm_ex_z_no_ties:.2f` without.
#
# Two cautions travel with the stars. First, the test asks only whether an
# association is zero, not whether it is large or important; with thousands of
# people, small coefficients pass it. Second, it assumes that the people are
# independent draws. The paper counts {glue:text}`dm_individuals:,` persons in
# {glue:text}`dm_households:,` households, so several members of a household were
# recorded; members of one household share a village, an income and often a decision
# about who migrates, and treating them as independent would make the stars too easy
# to earn. The book's statistics module also computes standard errors that allow for
# this ({term}`clustered inference`), which later chapters report beside the
# SPSS-style stars. How much they differ from SPSS's on this edition's data is itself
# an assumption of the generator, which sets how alike the members of a household are.

# %%
ex_ties = [audit.tie_groups(example[c]) for c in ("education", "migrated")]
ch.glue("dm_ex_z_ties", tau_b_null_z(tau_by_hand, n_people, *ex_ties, tie_corrected=True))
ch.glue("dm_ex_z_no_ties", tau_b_null_z(tau_by_hand, n_people, *ex_ties, tie_corrected=False))

# %% [markdown]
# (sec-verdict-rule)=
# ## The verdict rule
#
# The paper says of each hypothesis whether its data support it. This book judges every
# hypothesis, on the printed numbers and on the recomputed ones, by one rule, stated
# here once and used in every later chapter; it is implemented and unit-tested in
# `sunshine.report.verdicts`.
#
# 1. A hypothesis predicts the *direction* of one or more associations between two
#    variables (Hypothesis 1: education and migration positive, training and migration
#    positive).
# 2. Each association is **significant** at the paper's level of {glue:text}`dm_alpha:.2f`
#    (two-tailed): a *printed* number when the paper printed it with its stars; a
#    *recomputed* number when its household-clustered
#    {glue:text}`dm_confidence:.0%` confidence interval excludes zero. A print the book
#    reads as garbled counts with the stars of its reading and is flagged as a
#    reconstruction.
# 3. An association **supports** the hypothesis when it is significant in the predicted
#    direction, **contradicts** it when it is significant in the other direction, and
#    is **no evidence** otherwise.
# 4. The hypothesis is *supported* when every association supports it, *partly
#    supported* when some support and none contradicts, *mixed* when some support and
#    some contradict, *contradicted* when some contradict and none supports, and *not
#    supported* when none is significant.
#
# The cell below applies the last step to the four combinations a two-part hypothesis
# can meet:

# %%
for statuses in ([verdicts.SUPPORTS, verdicts.SUPPORTS], [verdicts.SUPPORTS, verdicts.NO_EVIDENCE],
                 [verdicts.SUPPORTS, verdicts.CONTRADICTS], [verdicts.NO_EVIDENCE, verdicts.NO_EVIDENCE]):
    print(f"{' + '.join(statuses):28s} -> {verdicts.rule_label(statuses)}")
ch.glue("dm_confidence", 1 - ch.level)

# %% [markdown]
# Significance is a property of a number *and its n*: stars printed for one n say
# nothing at another, and on synthetic data a recomputed interval's width rests partly on
# the generator's assumptions. A verdict says what the numbers, read by this rule,
# support; it is not a judgement of the theory behind them.

# %%
summary = audit.attainability_summary(ch.data, ch.level)
ch.glue("dm_n_numeric", summary["n_numeric"])
ch.glue("dm_n_impossible_print", summary["n_impossible_print"])
ch.glue_md("dm_attainability", audit.attainability_sentence(summary))

# %% [markdown]
# ## What the data of this book are, and are not
#
# The book has no copy of the CMLRS microdata: they have not been published, and the
# book could not obtain them. To re-run the
# paper's analysis at all, this edition uses {term}`synthetic data`: an artificial
# sample of the paper's size, made by the book's generator (`sunshine synth`) in
# three steps.
#
# 1. **Marginal distributions from sources.** Each variable gets a distribution:
#    shares of schooling levels close to the Ministry of Agriculture's figures for
#    rural surplus labour, incomes on the scale of the NBS figures for migrants and
#    for rural households in Gansu and Ningxia (sources the book chose; the paper
#    cites none for these shares), and shares of migrants and of trained
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
# match the paper, so its agreement with the print holds by construction; any
# association *not* printed in the paper (between, say, age and income) reflects the
# generator's assumptions, not Gansu or Ningxia. They are good
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

# %% tags=["hide-input"]
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
from IPython.display import Markdown
from myst_nb import glue

from sunshine.kendall import kendall_tau
from sunshine.report import exercises, prose

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
# {glue:text}`ex04_n_stayers` stayers, $N =$ {glue:text}`ex04_n` persons in all. Suppose every migrant were older than every
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
N = n1 + n0
P = N * (N - 1) // 2  # all pairs of persons
max_untied = exercises.binary_tau_b_max(n1, n0)
max_education = binary_tau_b_bound(ex_data["migrated"].to_numpy(), ex_data["education"].to_numpy())
glue("sol04_pairs", P, display=False)
glue("sol04_mixed_pairs", n1 * n0, display=False)
glue("sol04_max_untied", max_untied, display=False)
glue("sol04_max_continuous", math.sqrt(2 * (n1 / N) * (n0 / N)), display=False)
glue("sol04_max_education", max_education, display=False)
glue("sol04_education_vs_untied", Markdown(prose.compare_words(max_education, max_untied)), display=False)
print(f"N = {N}, pairs P = {P}, mixed pairs n1*n0 = {n1 * n0}")
print(f"largest tau-b with an untied variable: {max_untied:.3f}; with schooling's ties: {max_education:.3f}")

# %% [markdown] tags=["solution"]
# Of the $P = N(N-1)/2 =$ {glue:text}`sol04_pairs:,` pairs of persons, only the
# $n_1 n_0 =$ {glue:text}`sol04_mixed_pairs:,` pairs of one migrant and one stayer are
# untied on migration; all the others are tied on it. With every migrant older than
# every stayer, all those mixed pairs are concordant, and age has no ties, so
# tau-b $= n_1 n_0 / \sqrt{n_1 n_0 \cdot P} = \sqrt{n_1 n_0 / P}$ =
# {glue:text}`sol04_max_untied:.3f`, close to $\sqrt{2p(1-p)}$ =
# {glue:text}`sol04_max_continuous:.3f` with $p = n_1/N$ the share of migrants. It is
# less than one because tau-b divides by the geometric mean of the untied pairs on both
# variables, and age has far more untied pairs than migration. With schooling in place
# of age, its many ties remove pairs from the denominator, and its maximum with
# migration is {glue:md}`sol04_education_vs_untied:myst`:
# {glue:text}`sol04_max_education:.3f` with the book's margins (a bound that itself rests
# on the generator's assumed shares). A coefficient near either bound is as strong as
# these margins allow.
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
# of Ningxia. On the book's synthetic file, taken whole, the whole-sample coefficient
# was built to match the paper; the subgroup coefficients were not (the paper prints
# none), so their differences come from the generator's assumptions, not from
# Ningxia's women. On real data they would be findings, to be tested.
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
