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
# it can the paper's own evidence carry?* The coefficients needed are recomputed here
# ({numref}`tbl-evidence-coefficients`, {numref}`fig-evidence`) and each conclusion
# gets a verdict generated from them ({numref}`tbl-evidence-verdicts`).

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
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb", "otter")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these when re-running the chapter).
data_path = "../data/cmlrs/cmlrs_synthetic.csv"
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

# %% tags=["hide-input"]
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue
from scipy import special

from sunshine.report import figures, tables
from sunshine.runs import parameters
from sunshine.data import published
from sunshine import kendall
from sunshine.report.prose import data_note, glue_md
from sunshine.data.sample import load_sample
from sunshine.synth.targets import binary_tau_b_bound

P = parameters.from_cell(globals(), base=".")  # checks every parameter, names any bad one
sample = load_sample(P, base=".")


# %% tags=["remove-input"]
tables.show(data_note(sample, consequence="The verdicts below therefore measure what the *published tables* can support, not what is true of Gansu and Ningxia."))

# %% tags=["hide-input"]
# The coefficients the conclusions rest on, recomputed with household-clustered intervals.
LEVEL = min(P.alpha_levels.values())  # the strictest significance level of the chapter's marks
CONFIDENCE = 1 - LEVEL


@dataclass(frozen=True)
class Evidence:
    key: str
    label: str
    population: str  # "all", "migrants" or "stayers"
    x: str
    y: str


EVIDENCE = [
    Evidence("train_mig", "Training × migration", "all", "training", "migrated"),
    Evidence("edu_mig", "Education × migration", "all", "education", "migrated"),
    Evidence("train_inc_m", "Training × income, migrants", "migrants", "training", "income"),
    Evidence("edu_inc_m", "Education × income, migrants", "migrants", "education", "income"),
    Evidence("train_rem_m", "Training × remittance, migrants", "migrants", "training", "remittance"),
    Evidence("train_inc_s", "Training × income, stayers", "stayers", "training", "income"),
]
POPULATIONS = {"all": sample.data, "migrants": sample.migrants, "stayers": sample.stayers}

# The published value of each pair: Tables I and II and the text (tau-b only).
printed = published.load_all()
printed = printed[(printed["statistic"] == "tau_b") & printed["value"].notna()]


def published_cell(e: Evidence) -> pd.Series:
    hit = printed[
        (printed["population"] == e.population)
        & (
            ((printed["row_var"] == e.x) & (printed["column_var"] == e.y))
            | ((printed["row_var"] == e.y) & (printed["column_var"] == e.x))
        )
    ]
    return hit.iloc[0]


def direction(lo: float, hi: float) -> str:
    if lo > 0:
        return "positive"
    if hi < 0:
        return "negative"
    return "indistinguishable from zero"


rows = {}
for e in EVIDENCE:
    frame = POPULATIONS[e.population]
    res = kendall.kendall_matrix(
        frame, [e.x, e.y], variant=P.tau_variant, cluster="household_id", confidence=CONFIDENCE
    ).pair(e.x, e.y)
    z_cluster = res.tau / res.se_cluster if res.se_cluster > 0 else float("nan")
    p_cluster = float(2 * special.ndtr(-abs(z_cluster))) if np.isfinite(z_cluster) else float("nan")
    pub = published_cell(e)
    rows[e.key] = dict(
        label=e.label,
        population=e.population,
        tau=res.tau,
        p=res.pvalue,
        p_cluster=p_cluster,
        n=res.n,
        n_clusters=res.n_clusters,
        lo=res.ci_cluster[0],
        hi=res.ci_cluster[1],
        direction=direction(*res.ci_cluster),
        printed=str(pub["printed"]),
        published=float(pub["value"]),
    )
ev = pd.DataFrame.from_dict(rows, orient="index")

for key, r in ev.iterrows():
    glue(f"disc_{key}_tau", float(r.tau), display=False)
    glue(f"disc_{key}_lo", float(r.lo), display=False)
    glue(f"disc_{key}_hi", float(r.hi), display=False)
    glue(f"disc_{key}_n", int(r.n), display=False)
    glue(f"disc_{key}_published", float(r.published), display=False)
glue("disc_confidence", float(CONFIDENCE), display=False)
glue("disc_level", float(LEVEL), display=False)
glue("disc_n_households", int(sample.data["household_id"].nunique()), display=False)

# Can the printed stayers' coefficient be produced by any data coded like these? The largest
# |tau-b| of a yes/no variable with another, given both margins (sunshine.synth.targets).
pair_ok = sample.stayers[["training", "income"]].dropna()
try:
    stayer_bound = binary_tau_b_bound(pair_ok["training"].to_numpy(), pair_ok["income"].to_numpy())
except ZeroDivisionError:  # income constant among the stayers of this selection
    stayer_bound = 0.0
glue("disc_stayer_bound", float(stayer_bound), display=False)
stayer_attainable = abs(ev.loc["train_inc_s", "published"]) <= stayer_bound

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
#   with the means to attend high school fare better {cite:p}`wu2007inequality`.
# - **F4** *The migrant labour regime does little to reduce poverty.* Migration propelled
#   by training is a short-term outlet for surplus labour, but it does not build up
#   capital in the villages: migrants settle and spend in the cities, remittances
#   dwindle, and those left behind lose the income that migrants' spending would have
#   brought {cite:p}`du2005migration`.
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
# ## The evidence, recomputed
#
# Six coefficients carry the paper's empirical argument
# ({numref}`tbl-evidence-coefficients`). They are recomputed here from the chapter's
# sample with `sunshine.kendall`: Kendall's tau-b, its SPSS-style p-value, and a
# {glue:text}`disc_confidence:.0%` confidence interval that allows for the clustering
# of people in {glue:text}`disc_n_households:,` households ({term}`clustered inference`),
# at the same level as the paper's stars. {numref}`fig-evidence` shows the same
# numbers with the published values beside them.

# %% tags=["remove-input"]
def fmt(v: float) -> str:
    return tables.format_coef(v, 3)


def marks(r) -> str:
    p = r.p_cluster if P.clustered else r.p
    return tables.stars(p, P.alpha_levels).replace("*", "\\*")


POP_TEXT = {"all": "all persons", "migrants": "migrants", "stayers": "stayers"}
coef_rows = [
    [
        r.label,
        POP_TEXT[r.population],
        f"{r.n:,}",
        r.printed.replace("*", "\\*"),
        fmt(r.tau) + marks(r),
        f"{fmt(r.lo)} to {fmt(r.hi)}",
        r.direction,
    ]
    for r in ev.itertuples()
]
level_text = tables.format_coef(LEVEL, 2)
star_basis = "household-clustered standard errors" if P.clustered else "the SPSS test, which treats persons as independent"
tables.show(
    figures.myst_list_table(
        ["Pair", "Who", "n", "Published", "Recomputed tau-b", f"{CONFIDENCE:.0%} CI, clustered by household", "Direction (clustered CI)"],
        coef_rows,
        caption=f"The coefficients behind the paper's conclusions: published (as printed) and recomputed on this chapter's "
        f"sample. Stars: two-tailed p below {level_text}, from {star_basis}. The interval allows for clustering in households.",
        name="tbl-evidence-coefficients",
        widths=[22, 10, 8, 12, 13, 20, 15],
    )
)

# %% tags=["remove-input"] mystnb={"figure": {"caption": "The six coefficients behind the paper's conclusions. Blue dots: Kendall's tau-b recomputed on this chapter's sample, with the household-clustered confidence interval at the level of the paper's stars; orange diamonds, drawn just above: the value the paper printed (read as in data/published, so misprints are shown corrected). The dashed line marks no association.", "name": "fig-evidence"}, "image": {"alt": "Dot-and-interval chart with one row per coefficient: training by migration, education by migration, training by income, education by income and training by remittance among migrants, and training by income among stayers. Recomputed values with their intervals are blue dots with lines, published values are orange diamonds just above them, and a dashed vertical line marks zero. Where a diamond lies outside its interval, the data do not reproduce the printed value."}}
def evidence_figure(ev: pd.DataFrame):
    colours = figures.OKABE_ITO
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    y = np.arange(len(ev))[::-1]
    ax.axvline(0, color=colours["grey"], linestyle="--", linewidth=1)
    ax.hlines(y, ev["lo"], ev["hi"], color=colours["blue"], linewidth=2.5, label="Recomputed, clustered CI")
    ax.plot(ev["tau"], y, "o", color=colours["blue"], markersize=7, label="Recomputed tau-b")
    ax.plot(ev["published"], y + 0.22, "D", color=colours["orange"], markersize=6, markeredgecolor="black",
            markeredgewidth=0.6, label="Published (reading used)", linestyle="none")
    ax.set_yticks(y, ev["label"])
    ax.set_xlim(-1, 1)
    ax.set_xlabel("Kendall's tau-b")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


fig = evidence_figure(ev)

# %% tags=["hide-input"]
# One verdict per conclusion, generated from the coefficients above.
def c_label(i: int) -> str:
    """F1-F4 for the findings, R1-R6 for the recommendations."""
    return f"F{i}" if i <= 4 else f"R{i - 4}"


def describe(key: str) -> str:
    r = ev.loc[key]
    return (
        f"{r.label.lower()}: tau-b {r.tau:.3f}, {CONFIDENCE:.0%} CI {r.lo:.3f} to {r.hi:.3f}"
        f" ({r.direction})"
    )


def judged(keys: list[str], expected: dict[str, str]) -> tuple[str, list[str]]:
    """Whether the coefficients agree with what the conclusion expects of them.

    ``expected`` maps a key to "positive", "negative" or "not positive".
    """
    agree, disagree = [], []
    for k in keys:
        d, want = ev.loc[k, "direction"], expected[k]
        ok = d == want or (want == "not positive" and d != "positive")
        (agree if ok else disagree).append(k)
    if not disagree:
        return "consistent", agree
    if not agree:
        return "inconsistent", disagree
    return "mixed", disagree


@dataclass(frozen=True)
class Conclusion:
    key: str
    short: str
    relevance: str  # "directly", "indirectly", "not at all"
    keys: tuple = ()
    expected: dict = None
    missing: str = ""  # what the data would need to bear on it (more) directly


CONCLUSIONS = [
    Conclusion("training_moves", "Training moves people", "directly", ("train_mig", "edu_mig"),
               {"train_mig": "positive", "edu_mig": "negative"},
               "information on how training and migration were sequenced, to tell whether training led to migration"),
    Conclusion("low_return", "Once people have left, training and schooling pay little", "directly",
               ("train_inc_m", "edu_inc_m", "train_rem_m"),
               {"train_inc_m": "not positive", "edu_inc_m": "not positive", "train_rem_m": "not positive"},
               "incomes before and after training, and the jobs migrants hold"),
    Conclusion("stayers_worst", "Trained people who stay are the worst off", "directly", ("train_inc_s",),
               {"train_inc_s": "negative"},
               "the stayers' work (farm, local firms) and household incomes"),
    Conclusion("little_poverty", "The migrant labour regime does little to reduce poverty", "indirectly",
               ("train_rem_m", "train_inc_m"), {"train_rem_m": "not positive", "train_inc_m": "not positive"},
               "household and village incomes, remittances over time and poverty status"),
    Conclusion("hukou_township", "Hukou reform at the township level", "indirectly", ("edu_mig", "train_mig"),
               {"edu_mig": "negative", "train_mig": "positive"},
               "hukou status, migrants' destinations (township, county town or distant city) and intentions to settle"),
    Conclusion("land_lease", "Keep land-lease rights when urbanising", "not at all",
               missing="land contracts, land leased out or plans to transfer hukou"),
    Conclusion("tve_jobs", "Job creation and TVEs", "indirectly", ("train_inc_s",), {"train_inc_s": "negative"},
               "the sector and employer of stayers and migrants, and local job openings"),
    Conclusion("green", "Green industry and a circular economy", "not at all",
               missing="local industry, land use or environmental conditions"),
    Conclusion("rnd_tax", "R&D and tax incentives for renewables", "not at all",
               missing="firms, public investment or taxation"),
    Conclusion("agency", "Reduce differences in implementation across levels of government", "not at all",
               missing="county policies and how they were carried out, across several places and times"),
]


def short_verdict(c: Conclusion) -> str:
    """The verdict's first sentence only, for the prose (the table has the evidence)."""
    return verdict(c).split(". Evidence:")[0].split(": the survey")[0].rstrip(".") + "."


def verdict(c: Conclusion) -> str:
    if c.relevance == "not at all":
        return f"The data bear on it **not at all**: the survey variables include nothing on {c.missing}."
    state, which = judged(list(c.keys), c.expected)
    evidence = "; ".join(describe(k) for k in c.keys)
    how = "**directly**" if c.relevance == "directly" else "**indirectly**"
    if state == "consistent":
        tail = "and the coefficients point the way the paper says"
    elif state == "inconsistent":
        tail = "and the coefficients do not point the way the paper says"
    else:
        tail = ("and the coefficients only partly point the way the paper says (the exception: "
                + "; ".join(ev.loc[k, "label"].lower() for k in which) + ")")
    text = f"The data bear on it {how}, {tail}. Evidence: {evidence}."
    if c.key == "stayers_worst" and not stayer_attainable:
        text += (f" The paper's printed value ({ev.loc['train_inc_s', 'published']:.3f}) is larger in size "
                 f"than any tau-b such data can give (at most {stayer_bound:.3f} in absolute value), so its *size* cannot be reproduced; "
                 "only its sign can be checked.")
    if c.relevance == "indirectly":
        text += f" To bear on it directly, the data would need {c.missing}."
    return text


for i, c in enumerate(CONCLUSIONS, start=1):
    glue_md(f"disc_verdict_{c.key}", verdict(c))
    glue_md(f"disc_short_{c.key}", short_verdict(c))
counts = pd.Series([c.relevance for c in CONCLUSIONS]).value_counts()
for rel, key in (("directly", "direct"), ("indirectly", "indirect"), ("not at all", "none")):
    glue(f"disc_n_{key}", int(counts.get(rel, 0)), display=False)
glue("disc_n_conclusions", len(CONCLUSIONS), display=False)
n_recommendations = sum(1 for c in CONCLUSIONS[4:])
glue("disc_n_recommendations", n_recommendations, display=False)
glue("disc_n_recommendations_none", sum(1 for c in CONCLUSIONS[4:] if c.relevance == "not at all"), display=False)

# Sentences the text needs, generated from the coefficients.
r_tm, r_em = ev.loc["train_mig"], ev.loc["edu_mig"]
glue_md(
    "disc_tm_sentence",
    "strong and positive" if r_tm.direction == "positive" and r_tm.tau > 0.5
    else ("positive" if r_tm.direction == "positive" else f"{r_tm.direction}"),
)
glue_md("disc_em_sentence", {"negative": "negative: the more schooling, the less migration",
                              "positive": "positive: the more schooling, the more migration",
                              }.get(r_em.direction, "indistinguishable from zero"))
ASSOCIATION = {"positive": "positively associated", "negative": "negatively associated",
               "indistinguishable from zero": "not distinguishable from unrelated"}


def association(key: str, subject: str) -> str:
    r = ev.loc[key]
    return f"{subject} are {ASSOCIATION[r.direction]} (tau-b {r.tau:.3f})"


glue_md(
    "disc_migrant_sentence",
    association("train_inc_m", "training and income") + ", "
    + association("edu_inc_m", "education and income") + ", and "
    + association("train_rem_m", "training and remittances"),
)
r_s, r_m = ev.loc["train_inc_s"], ev.loc["train_inc_m"]
glue_md(
    "disc_data_caveat",
    "And since the data of this edition are synthetic and reproduce only the published tables, the "
    "verdicts below measure what *the published tables* can support, not what happened in Gansu and Ningxia."
    if sample.synthetic
    else "The verdicts below measure what the data used here can support, within those limits.",
)
glue_md(
    "disc_tim_sentence",
    "The negative association between training and income among migrants fits low returns, but it "
    "also fits selection: if the programmes recruit the poorest villagers, trained migrants would earn "
    "less even if training raised everyone's pay."
    if r_m.direction == "negative"
    else "In these data training and income among migrants are " + ASSOCIATION[r_m.direction]
    + ", so even the first step of the paper's reading, a negative association, is missing here.",
)
glue_md(
    "disc_stayer_sentence",
    f"the printed stayers' coefficient ({r_s.published:.3f}) is larger in size than a tau-b between "
    f"training and income among these stayers can be (at most {stayer_bound:.3f}), so the data reproduce "
    "its direction at most."
    if not stayer_attainable
    else f"the printed stayers' coefficient ({r_s.published:.3f}) is within what these data allow "
    f"(at most {stayer_bound:.3f} in size), so its difference from the recomputed value is a matter of the data, "
    "not of arithmetic.",
)
glue_md(
    "disc_stayer_compare",
    "weaker among stayers than among migrants, the reverse of what the paper reports"
    if abs(r_s.tau) < abs(r_m.tau) else "stronger among stayers than among migrants, as the paper reports",
)

# %% [markdown]
# Three things stand out. First, the association of training with migration is
# {glue:md}`disc_tm_sentence` (tau-b {glue:text}`disc_train_mig_tau:.3f`, interval
# {glue:text}`disc_train_mig_lo:.3f` to {glue:text}`disc_train_mig_hi:.3f`), and
# that of education with migration is {glue:md}`disc_em_sentence`. Second, among
# migrants {glue:md}`disc_migrant_sentence`. Third, the association of training with
# income is {glue:md}`disc_stayer_compare`: {glue:md}`disc_stayer_sentence` The
# audit in the preceding chapters explains why.
#
# None of these coefficients is a causal estimate. Each compares two variables at one
# moment, for everyone at once, without holding anything else constant. Trained
# people may migrate more because training sends them, because the counties that
# train also organise transport and jobs, or because the young and willing are both
# trained and mobile; tau-b cannot tell these apart. {glue:md}`disc_data_caveat`

# %% [markdown]
# ## Each conclusion against the evidence
#
# {numref}`tbl-evidence-verdicts` gives a verdict for each of the
# {glue:text}`disc_n_conclusions` conclusions and recommendations: whether the data
# bear on it **directly** (the coefficients measure the claim itself), **indirectly**
# (they measure something the claim depends on) or **not at all** (nothing in the
# data measures it), and whether the coefficients point the paper's way. Of the
# {glue:text}`disc_n_conclusions`, the data bear directly on
# {glue:text}`disc_n_direct`, indirectly on {glue:text}`disc_n_indirect` and not at all
# on {glue:text}`disc_n_none`; of the {glue:text}`disc_n_recommendations`
# recommendations, {glue:text}`disc_n_recommendations_none` find no support of any
# kind in the data.

# %% tags=["remove-input"]
tables.show(
    figures.myst_list_table(
        ["#", "Conclusion or recommendation", "Verdict (generated from the coefficients)"],
        [[c_label(i), c.short, verdict(c)] for i, c in enumerate(CONCLUSIONS, start=1)],
        caption="The paper's findings (F) and recommendations (R) against the evidence of its own tables, "
        "as recomputed in this chapter. Bivariate tau-b cannot establish causation.",
        name="tbl-evidence-verdicts",
        widths=[4, 26, 70],
    )
)

# %% [markdown]
# ### The findings
#
# **Training moves people.** {glue:md}`disc_short_training_moves` This is the
# paper's strongest result and the one its tables measure best. What they cannot show
# is the causal story the paper tells with it, that training works as
# {term}`social capital` which "facilitates migration" in the sense of
# {term}`cumulative causation` {cite:p}`liang2008cumulative`: in the paper's model
# counties, training and organised dispatch may simply be the same event recorded
# twice.
#
# **Low returns for migrants.** {glue:md}`disc_short_low_return` The reading of
# these numbers as "low return on investment in human capital" goes further than
# they do. {glue:md}`disc_tim_sentence`
# The paper's sources on segmented urban labour markets make the first reading
# plausible {cite:p}`knight2009segmentation,fan2008china`; the tables cannot decide
# between the two.
#
# **Trained stayers.** {glue:md}`disc_verdict_stayers_worst`
#
# **Little poverty reduction.** {glue:md}`disc_short_little_poverty` The paper's
# diagnosis is about villages and capital over time; its data are a cross-section of
# individuals. Nothing in them measures household poverty, village income or the
# flow of remittances over the years, so the conclusion rests mainly on the argument
# and on the literature {cite:p}`du2005migration`.
#
# ### The recommendations
#
# **Hukou reform at the township level.** {glue:md}`disc_short_hukou_township` The
# paper links the negative association of schooling with migration to the
# {term}`hukou` system: those who do well at school leave through university and an
# urban registration, the rest through labour export {cite:p}`wu2007inequality`. That
# is a plausible story, but the survey, as far as the codebook goes, records neither
# hukou status nor where migrants went.
#
# **Land-lease rights.** {glue:md}`disc_verdict_land_lease` The argument, that the
# loss of land rights keeps migrants from settling in nearby towns, is institutional
# and may well be right; it is simply not tested by the tables.
#
# **TVEs and job creation.** {glue:md}`disc_short_tve_jobs` The paper's support here
# is a claim from the literature that stayers with non-farm work in local enterprises
# earn more than migrants {cite:p}`snyder2009unidentified`, a work that could not be
# identified; the tables have no variable for the sector of work.
#
# **Green industry.** {glue:md}`disc_verdict_green` **R&D and tax incentives.**
# {glue:md}`disc_verdict_rnd_tax` Both recommendations follow from the paper's view of
# the region's political economy and of the limits of neoliberal growth
# {cite:p}`harvey2005brief`, not from its survey.
#
# **Implementation across levels of government.** {glue:md}`disc_verdict_agency` The
# paper reports a "clear division" in migration between counties with and without
# official migration policies, which would be the nearest thing in its data to
# evidence on implementation. But it prints no coefficient for it, and the codebook of
# this edition, like the paper's tables, has no county policy variable.
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
# and {numref}`fig-evidence`), and how far ({numref}`tbl-evidence-verdicts`).
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
# 4. Re-run it on one province at a time (`provinces = ["Gansu"]`). Do the verdicts
#    change? What does that say about pooling the two provinces, as the paper does?
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

from sunshine.kendall import kendall_tau
from sunshine.report import exercises
from sunshine.synth import assess

ex_data = exercises.chapter_data(globals())
EX_SIZES = (50, 100, 200, 400, 800)  # subsample sizes of the exercise on stars and n
EX_SEED = 11
glue("ex07_smallest", EX_SIZES[0], display=False)
glue("ex07_largest", EX_SIZES[-1], display=False)
glue("ex07_seed", EX_SEED, display=False)
glue("ex07_n", len(ex_data), display=False)

# %% [markdown]
# ````{exercise} How many people does a star need?
# :label: ex-07-stars-n
#
# For subsamples of {glue:text}`ex07_smallest` to {glue:text}`ex07_largest` people
# (`EX_SIZES`, drawn with `exercises.subsample` and the seed {glue:text}`ex07_seed`),
# compute tau-b of `training` and `migrated` and its p-value. From which size on does
# the coefficient keep the paper's two stars? Compare with `exercises.critical_tau`.
# ````
#
# ````{exercise} Rerun for one province
# :label: ex-07-rerun
#
# Rerun the two coefficients behind the paper's conclusions on training and schooling
# (`training` and `education` with `migrated`) for Gansu only, with
# `exercises.chapter_data(globals(), provinces=["Gansu"])`. Would the chapter's verdicts
# change? What kind of statement about Gansu could such a rerun support?
# ````
#
# ````{exercise} Reading the audit
# :label: ex-07-audit
#
# `assess(ex_data)` compares the data with every coefficient the paper prints. Count
# its cells by status, and explain in your own words what "unattainable" means and why
# such cells cannot be reproduced by any data set.
# ````
#
# ````{exercise} The ecological caveat
# :label: ex-07-ecological
#
# The paper moves from associations among individuals to conclusions about villages and
# regions. Name one conclusion of the paper that makes this move, and explain what
# further evidence it would need.
# ````
#
# ````{exercise} A policy memo
# :label: ex-07-policy
#
# Write a one-page memo to a provincial poverty-alleviation office on the Sunshine
# Project, using only what the paper's evidence supports. Say what you recommend, what
# the evidence cannot tell, and what the office should measure next.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-stars-n
# :class: dropdown
# ```

# %% tags=["solution"]
sol_rows = []
for size in EX_SIZES:
    part = exercises.subsample(ex_data, size, EX_SEED)
    pair = kendall_tau(part["training"], part["migrated"])
    sol_rows.append({"n": size, "tau_b": pair.tau, "p": pair.pvalue, "two stars": pair.pvalue < 0.01,
                     "critical |tau|": exercises.critical_tau(size, 0.01)})
sol_sizes = pd.DataFrame(sol_rows)
sol_starred = sol_sizes[sol_sizes["two stars"]]
glue("sol07_first_starred", int(sol_starred["n"].min()) if len(sol_starred) else 0, display=False)
glue("sol07_crit_small", exercises.critical_tau(EX_SIZES[0], 0.01), display=False)
glue("sol07_crit_large", exercises.critical_tau(EX_SIZES[-1], 0.01), display=False)
sol_sizes

# %% [markdown] tags=["solution"]
# In these draws the coefficient first has two stars at n =
# {glue:text}`sol07_first_starred` (a value of zero would mean never). The critical
# value falls from {glue:text}`sol07_crit_small:.3f` at the smallest size to
# {glue:text}`sol07_crit_large:.3f` at the largest: the same association is "not
# significant" in a small survey and "highly significant" in a large one. Another seed
# gives other draws; a good answer tries two.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-rerun
# :class: dropdown
# ```

# %% tags=["solution"]
sol_gansu = exercises.chapter_data(globals(), provinces=["Gansu"])
for var in ("training", "education"):
    both = kendall_tau(ex_data[var], ex_data["migrated"])
    one = kendall_tau(sol_gansu[var], sol_gansu["migrated"])
    glue(f"sol07_both_{var}", both.tau, display=False)
    glue(f"sol07_gansu_{var}", one.tau, display=False)
    print(f"{var:10s} both provinces {both.tau:+.3f} (p={both.pvalue:.2g})   Gansu {one.tau:+.3f} (p={one.pvalue:.2g})")

# %% [markdown] tags=["solution"]
# For Gansu alone tau-b is {glue:text}`sol07_gansu_training:.3f` for training and
# {glue:text}`sol07_gansu_education:.3f` for schooling, against
# {glue:text}`sol07_both_training:.3f` and {glue:text}`sol07_both_education:.3f` for
# both provinces. On synthetic data none of this is a statement about Gansu: the
# generator matched the two-province coefficients only. On the real survey the same
# rerun would be a finding, with its own, smaller n.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-07-audit
# :class: dropdown
# ```

# %% tags=["solution"]
sol_audit = assess(ex_data)
sol_counts = sol_audit["status"].value_counts()
glue("sol07_n_cells", len(sol_audit), display=False)
glue("sol07_n_unattainable", int(sol_counts.get("unattainable", 0)), display=False)
sol_counts

# %% [markdown] tags=["solution"]
# Of the {glue:text}`sol07_n_cells` cells compared, {glue:text}`sol07_n_unattainable`
# are unattainable: their printed value lies beyond the largest coefficient the
# variables' margins allow (or beyond −1 to +1), so no data set with those margins can
# produce them. They are misprints or a different statistic, not findings, and a
# generator that "reproduced" them would be broken.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-07-ecological
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
# ````{solution} ex-07-policy
# :class: dropdown
#
# Answer notes and rubric points. A strong memo (1) states the one thing the evidence
# supports (trained people are somewhat more likely to have migrated, in one
# cross-section of two provinces), (2) refuses the causal reading and says why
# (selection into training, no controls, household clustering), (3) does not use any
# synthetic number as a fact about the provinces, (4) recommends measurement: record
# who is trained and who is placed, follow trainees and comparable non-trainees, and
# measure household income before and after, and (5) weighs the paper's policy
# proposals (local industry, a circular economy) against what its data can show.
# ````
