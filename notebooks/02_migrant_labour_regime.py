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
# # The migrant labour regime

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - describe the migrant labour regime: surplus rural labour, the hukou and flexible urban work;
# - compute shares and differences from the official migration figures the paper cites, and judge their sources;
# - argue what would and would not change if the hukou were reformed.
# ```

# %% [markdown]
# The second section of the paper, "Migrant Labor Regime", describes the institution
# through which China's rural surplus became its industrial workforce. Its argument
# has three steps. China's growth rests on rural migrants who fill the bottom of a
# divided labour market; that division is made by the household registration system,
# {term}`hukou` (户口), which keeps migrants outside the welfare and the opportunities
# of the cities they work in; and the geography of rural industry explains why so
# many of these migrants come from the interior, and why the Northwest has more
# labour than work {cite:p}`mao2010neoliberal`.
#
# This chapter retells that section in our own words and sets the figures it cites
# beside a few official statistics on migration from the same years
# ({numref}`tbl-cited-figures` and {numref}`fig-migration-scale`).
#
# ```{note}
# This chapter uses **published statistics**, not survey data: the figures the paper
# cites from other works, official figures of the National Bureau of Statistics of
# China (NBS) {cite:p}`nbs2010migrant,nbs2009migrant` and the Ministry of Agriculture {cite:p}`moa2004surplus`, and the NBS rural income table of
# chapter 1. It does not touch the synthetic stand-in for the paper's survey. Every
# number below is read from `data/context/cited_figures.csv` or
# `data/context/rural_income_nbs.csv`, each row with its source (see
# `data/context/README.md` in the book's repository).
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "neoliberal-sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these when re-running the chapter).
CITED_FIGURES_PATH = None  # None: the book's copy in data/context/cited_figures.csv
RURAL_INCOME_PATH = None  # None: the book's copy in data/context/rural_income_nbs.csv
INCOME_YEAR = 2008  # year of the NBS rural income figures to compare: 2007 or 2008

# %% tags=["hide-input"]
from IPython.display import Markdown
from myst_nb import glue

from sunshine.data import context
from sunshine.report import figures, tables

cited = context.load_cited_figures(CITED_FIGURES_PATH)
income = context.load_rural_income(RURAL_INCOME_PATH)
wide = context.rural_income_wide(income, INCOME_YEAR)

# Every figure of the table is glued under its id, prefixed "cf_", as a float.
for row in cited.itertuples():
    glue(f"cf_{row.id}", float(row.value), display=False)


def value(figure_id: str) -> float:
    return context.cited_value(cited, figure_id)


# %% [markdown]
# ## A labour force made to be flexible
#
# Chapter 1 followed the paper through Harvey's account of {term}`flexible accumulation`:
# production that moves and reorganises quickly and wants workers it can hire and
# shed at will. The paper's claim in this section is that China's rural migrants are
# that workforce in its purest form. Their employment, which it calls the "migrant
# worker regime", is "the most flexible employment arrangement possible", and it
# quotes Harvey's description of what neoliberal growth needs: a labour force that
# is large, "easily exploited and relatively powerless" {cite:p}`mao2010neoliberal`
# (citing {cite:t}`harvey2005brief`, pp. 127 and 144 of the printing it used).
#
# Who are these workers? In Chinese usage they are 农民工 (*nongmingong*,
# "peasant workers"), the {term}`migrant workers <migrant worker>` who keep a rural
# registration while working in towns and cities. The paper places them on the
# assembly lines of export factories and on construction sites, the lower tier of
# what sociologists call a *split* or *segmented* labour market: one labour market
# in name, two in practice, with different jobs, pay and protections for two kinds
# of worker. Whether China's urban labour market is segmented in this way or
# competitive, with migrants and urban residents bidding for the same jobs, is a
# question economists have tested directly {cite:p}`knight2009segmentation`; the
# paper takes the segmentation as given.
#
# ## Hukou: a border inside the country
#
# The dividing line is the *hukou*. Every Chinese citizen is registered as a member of
# a household in a particular place, and, for most of the period the paper covers,
# registration also classed people as agricultural (rural) or non-agricultural
# (urban). Welfare, schooling for one's children, subsidised housing and many urban
# jobs were tied to a local urban registration. A villager could go to work in a
# city, and after the reforms hundreds of millions did, but could not easily become
# a resident of it.
#
# The paper draws three consequences from the literature it cites:
#
# - **Exclusion in the city.** Urban residents and migrants lead different lives
#   with different expectations; migrants remain outside full participation in urban
#   society, both in their living conditions and in social welfare
#   {cite:p}`he2008poverty`. They meet discrimination and blocked mobility in cities
#   across China {cite:p}`du2005migration,fan2008china,ash2009unidentified`.
# - **Unequal life chances.** Compared with rural people, urban registration holders
#   get more of the state's resources and better chances in life. In the paper's
#   reading this inequality of opportunity, built into the hukou system, produced a
#   sharp stratification between town and country, and that stratification in turn
#   drove the mass migration that took off after Deng Xiaoping's 1992 tour of the
#   southern Special Economic Zones.
# - **Mobility through education only.** Elsewhere in the paper, and following
#   {cite:t}`wu2007inequality`, the few routes out of a rural hukou run through the
#   university entrance examination; for most rural young people the way into the
#   urban economy is as a migrant worker.
#
# For Harvey, the state of the countryside and the instability of fast urbanisation
# are among the gravest problems facing China's government, and the paper agrees
# {cite:p}`harvey2005brief`.
#
# ## How many migrants?
#
# The paper gives the scale of migration in two cited estimates. From Harvey it takes
# the figure that between {glue:text}`cf_migrants_joining_per_year_low:.0f` and
# {glue:text}`cf_migrants_joining_per_year_high:.0f` million peasants joined an
# "army" of {glue:text}`cf_migrant_army:.0f` million urban migrant workers every
# year from 1995 to 2004 {cite:p}`harvey2005brief`. From Dicken it takes a Chinese
# Academy of Sciences proposal, a plan rather than a count, to move
# {glue:text}`cf_cas_rural_to_cities:.0f` million rural people to the cities and
# {glue:text}`cf_cas_city_to_suburbs:.0f` million city dwellers to the suburbs
# {cite:p}`dicken2007global` (p. 227, as cited by the paper).

# %% tags=["hide-input"]
total09 = value("nbs_migrants_total_2009")
away09 = value("nbs_migrants_away_2009")
away08 = value("nbs_migrants_away_2008")
west_share08 = value("nbs_away_from_west_share_2008") / 100
glue("away_share_2009", float(away09 / total09), display=False)
glue("local_migrants_2009", float(total09 - away09), display=False)
glue("west_migrants_2008", float(away08 * west_share08), display=False)
glue("nbs_over_harvey", float(total09 / value("migrant_army")), display=False)
joined_low = value("migrants_joining_per_year_low") * 10
joined_high = value("migrants_joining_per_year_high") * 10
glue("harvey_decade_low", float(joined_low), display=False)
glue("harvey_decade_high", float(joined_high), display=False)

# %% [markdown]
# How do these numbers compare with official counts from the time of the survey? The
# NBS publishes a yearly monitoring report on rural migrant workers. Its count
# for 2009, the year the paper's survey was fielded, is
# {glue:text}`cf_nbs_migrants_total_2009:.2f` million rural migrant workers, of whom
# {glue:text}`cf_nbs_migrants_away_2009:.2f` million
# ({glue:text}`away_share_2009:.0%`) worked outside their home township; the remaining
# {glue:text}`local_migrants_2009:.1f` million worked off the farm within it
# ({numref}`fig-migration-scale`). The official total is thus about
# {glue:text}`nbs_over_harvey:.1f` times the {glue:text}`cf_migrant_army:.0f` million
# of Harvey's estimate, which refers to an earlier date and to migrants in the
# cities only. Harvey's yearly inflow, over the decade he names, would add up to
# {glue:text}`harvey_decade_low:.0f`–{glue:text}`harvey_decade_high:.0f` million
# people. The figures measure different things at different dates; what they share
# is the order of magnitude: a migrant workforce of well over a hundred million.
#
# Where do the migrants come from? Of the
# {glue:text}`cf_nbs_migrants_away_2008:.2f` million rural workers who worked away
# from home in 2008, {glue:text}`cf_nbs_away_from_west_share_2008:.1f`% came from
# the western provinces, some {glue:text}`west_migrants_2008:.0f` million people.
# This figure, which the book adds, cannot test the paper's own puzzle (chapter 3):
# the paper says that surveys found the *Northwest* to have the lowest share of
# rural-to-urban migration of any region. The NBS "western provinces" include
# Sichuan, Chongqing and the Southwest, so they do not single out the Northwest; and
# a share of all migrants by origin is not a rate of migration: a populous region
# can send many migrants while a small share of its people leave.
#
# The people this labour regime draws on had little schooling. In 2004, by the
# Ministry of Agriculture's figures (which the book adds: the paper cites no figure
# of the Ministry), {glue:text}`cf_moa_surplus_junior_high_or_less_2004:.1f`%
# of China's {term}`rural surplus labour` had at most a junior-high education, and
# only {glue:text}`cf_moa_surplus_trained_2004:.1f`% had any professional training.
# That gap, between the skills the labour market asked for and those rural workers
# brought, is what the government's training for would-be migrants was meant to
# close: the {term}`Sunshine Project` of the next chapter. (That reading of the
# programme's purpose is the book's; the paper presents the project as a measure
# against poverty and regional disparity.)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "The scale of rural labour migration and the schooling of rural surplus labour. Left: rural migrant workers counted by the NBS migrant-worker monitoring survey, in millions: all rural migrant workers and those working outside their home township in 2009, and those working away from home in 2008, of whom the hatched part came from the western provinces. Right: share of rural surplus labour with junior-high schooling or less, and with professional training, in 2004 (Ministry of Agriculture). Figures as recorded in the project's notes; sources on every row of `data/context/cited_figures.csv`.", "name": "fig-migration-scale"}, "image": {"alt": "Two-panel chart. Left, horizontal bars in millions: all rural migrant workers in 2009 (about 230), those working outside their home township in 2009 (about 145), and those working away from home in 2008 (about 140), a third of the last bar hatched for migrants from the western provinces. Right, two vertical bars on a 0 to 100 percent scale: almost nine in ten rural surplus workers had junior-high schooling or less, fewer than one in ten had professional training."}}
fig = figures.migration_scale_figure(cited)

# %% [markdown]
# ## Coast and interior
#
# Why must people in the Northwest look for work elsewhere rather than at home?
# The paper's answer is rural industry. Since the reforms, much of the growth of
# rural incomes has come from {term}`township and village enterprises <TVE>` (TVEs),
# the collectively and later privately owned factories of the countryside, and these
# are concentrated on the coast. The paper cites claims that more than
# {glue:text}`cf_nonfarm_share_rural_income:.0f`% of China's gross rural income came
# from non-agricultural activities and close to
# {glue:text}`cf_rural_industry_share_rural_income:.0f`% from rural industry alone
# {cite:p}`ash2009unidentified`, while in the Northwest industrial manufacturing
# contributed only slightly over {glue:text}`cf_northwest_industry_share_rural_income:.0f`%
# of gross rural income {cite:p}`du2005migration`.
#
# Without local industry, labour piles up on the land. The paper reports that in
# 2004 the level of rural surplus labour stood at {glue:text}`cf_surplus_share_gansu:.1f`%
# in Gansu and {glue:text}`cf_surplus_share_ningxia:.0f`% in Ningxia (it does not say
# of what; presumably of the rural labour force), and
# that average personal income in the Northwest was below
# {glue:text}`cf_northwest_income_vs_coast:.0f`% of that in the coastal provinces
# {cite:p}`ash2009unidentified`. Including rural areas makes the contrast sharper:
# rural net income in eastern China was {glue:text}`cf_east_west_rural_income_gap:.0f`%
# higher than in western China in 2004 {cite:p}`du2005migration`.
#
# Borrowing from William Julius Wilson, the paper calls the result "contextual
# inequality": where jobs are absent, the life chances of each villager are held
# down by the place, whatever his or her own qualities {cite:p}`wilson2006social`.
# This is the link between the regional gap and the paper's later hypotheses: if
# the place, not the person, is what limits a villager's prospects, raising the
# person's skills may do little unless it also gets the person out of the place,
# or brings work to it.

# %% tags=["hide-input"]
net = wide["net_income"]
coastal_mean = net[wide["region_group"] == "coastal"].mean()
western_mean = net[wide["region_group"] == "western"].mean()
glue("ch2_income_year", int(INCOME_YEAR), display=False)
glue("coastal_over_western", float(coastal_mean / western_mean - 1), display=False)
glue("coastal_mean_income", float(coastal_mean), display=False)
glue("western_mean_income", float(western_mean), display=False)
paper_rows = cited[cited["cited_by"] != "this edition"]
glue("n_paper_figures", int(len(paper_rows)), display=False)
glue("n_unidentified", int(paper_rows["unidentified"].sum()), display=False)

# %% [markdown]
# The NBS table of chapter 1 gives a rough check on the order of magnitude. In
# {glue:text}`ch2_income_year`, the five eastern coastal provinces and municipalities
# of that table had an average rural net income of
# {glue:text}`coastal_mean_income:,.0f` yuan per person, the three western provinces
# (Sichuan, Gansu, Ningxia) {glue:text}`western_mean_income:,.0f` yuan: the coastal
# figure was {glue:text}`coastal_over_western:.0%` higher. The comparison is not the
# paper's: it uses unweighted averages of a selection of rich coastal units, so it
# overstates the gap between the eastern and western regions as a whole, and it
# refers to a later year. What it does show is that the gap had not closed by the
# time of the survey.
#
# ## The figures, and how far to trust them
#
# {numref}`tbl-cited-figures` lists the {glue:text}`n_paper_figures` figures the paper
# cites from other works, in the two sections retold so far, with the work it cites
# for each. {glue:text}`n_unidentified` of them come from a work the paper cites as
# "Ash 2009", which we could not identify (see the {doc}`/book/bibliography`);
# the table marks them as the paper's claims. They include the two surplus-labour
# shares for Gansu and Ningxia that matter most to the argument. The figures from
# identified works are given as the paper reports them; we have not checked them
# against those works.

# %% tags=["hide-input"]
def status(row) -> str:
    if row.unidentified:
        return "**The paper's claim**: source unidentified"
    return "As cited by the paper (source identified)"


def shown_value(row) -> str:
    unit = "%" if row.unit == "percent" else f" {row.unit}"
    return f"{row.value:g}{unit}"


table = tables.list_table(
    ["Figure", "Value", "Year", "Cited work", "Status"],
    [[r.figure, shown_value(r), r.year.replace("-", "–"), r.source.split(" as cited")[0].rstrip(","), status(r)]
     for r in paper_rows.itertuples()],
    caption="Figures the paper cites from other works, with the work it cites. "
    "Percentages the paper gives as 'more than', 'close to' or 'less than' are shown as the bound; "
    "see the note column of data/context/cited_figures.csv.",
    label="tbl-cited-figures",
    widths=[34, 14, 10, 26, 16],
)
Markdown(table)

# %% [markdown]
# ```{admonition} For teaching
# :class: tip
#
# **What this chapter shows.** How the hukou system turns one national labour market
# into two, why rural migrants form the flexible lower tier, and why the interior
# has more labour than work: little rural industry, a large surplus of farm labour and
# a deep income gap with the coast. (The paper adds a puzzle, taken up in chapter 3:
# surveys since 2000, it says, found the Northwest to have the lowest share of rural-to-urban
# migration of any region.)
# {numref}`tbl-cited-figures` shows how much of the paper's evidence for this
# section comes at second hand, and from which works; {numref}`fig-migration-scale`
# sets official counts beside it.
#
# **Questions for discussion.**
# 1. The hukou system was relaxed step by step after 2000. Which of its effects
#    described here depend on the registration itself, and which would remain if it
#    were abolished tomorrow (think of land rights, schooling, networks)?
# 2. The paper calls migrant employment "the most flexible employment arrangement
#    possible". Flexible for whom? List what a migrant worker gains and loses by
#    the arrangement, and what the employer and the local government gain.
# 3. Several key figures in this section come from a source we could not identify.
#    How should a reader treat them? Find an official or scholarly source that
#    could confirm or correct the surplus-labour shares for Gansu and Ningxia, and
#    say how "surplus labour" is measured there.
# 4. "Contextual inequality" says the place limits the person. What evidence would
#    distinguish it from the view that northwestern villagers earn less because of
#    their own schooling and skills?
# ```
#
# The next chapter turns to the paper's theory of why some people migrate and others
# do not, the forms of capital they carry, and the state's attempt to add to that
# capital through training.

# %% [markdown]
# ## Exercises
#
# These exercises use the published figures of `data/context/` (the figures the paper
# cites, and the NBS rural income table), loaded by the cell below. Solutions are in
# the instructor edition.

# %%
from myst_nb import glue

from sunshine.data import context

ex_cited = context.load_cited_figures(CITED_FIGURES_PATH)
ex_wide = context.rural_income_wide(context.load_rural_income(RURAL_INCOME_PATH), INCOME_YEAR)
glue("ex02_year", int(INCOME_YEAR), display=False)
ex_cited[ex_cited["id"].str.startswith(("surplus_share", "nbs_"))][["id", "figure", "value", "unit", "source"]]

# %% [markdown]
# ````{exercise} Surplus labour and migrants, from the official figures
# :label: ex-02-surplus
#
# From the figures printed above, compute (a) the share of all rural migrants who
# worked outside their home township, and (b) how many percentage points the
# "surplus" share of the labour force in Gansu and in Ningxia differs from the
# national share. Which source does each figure come from, and which of them would you
# check before using it in an essay?
# ````
#
# ````{exercise} Transfers in rural income
# :label: ex-02-transfers
#
# Remittances from migrants are counted in the NBS tables as transfer income. Compute
# transfer income as a share of rural net income in {glue:text}`ex02_year` for Gansu,
# Ningxia, the nation and each coastal province (`context.rural_income_wide`). What
# does the comparison suggest, and why can it not tell how much migrants send home?
# ````
#
# ````{exercise} Reform the hukou?
# :label: ex-02-hukou
#
# Suppose the hukou were abolished tomorrow. Using this chapter's account of the
# migrant labour regime, argue in a paragraph who would gain and who might lose, and
# whether the regime the paper describes would end.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-02-surplus
# :class: dropdown
# ```

# %% tags=["solution"]
def sol_value(figure_id: str) -> float:
    return context.cited_value(ex_cited, figure_id)


glue("sol02_away_share", sol_value("nbs_migrants_away_2009") / sol_value("nbs_migrants_total_2009"), display=False)
for province in ("gansu", "ningxia"):
    glue(f"sol02_surplus_diff_{province}", sol_value(f"surplus_share_{province}") - sol_value("surplus_share_national"), display=False)
print(f"away share {sol_value('nbs_migrants_away_2009') / sol_value('nbs_migrants_total_2009'):.1%}")

# %% [markdown] tags=["solution"]
# (a) {glue:text}`sol02_away_share:.0%` of rural migrants worked outside their home
# township (NBS). (b) The surplus share differs from the national one by
# {glue:text}`sol02_surplus_diff_gansu:+.1f` points in Gansu and
# {glue:text}`sol02_surplus_diff_ningxia:+.1f` in Ningxia. The national share comes
# from a source the book could not identify (the `source` column says so); it is the
# one to check first, and "surplus" labour depends on an assumed productivity that
# differs between estimates.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-02-transfers
# :class: dropdown
# ```

# %% tags=["solution"]
sol_transfer_share = (ex_wide["transfer_income"] / ex_wide["net_income"]).rename("transfer share")
for region in ("Gansu", "Ningxia", "National"):
    glue(f"sol02_transfer_{region}", float(sol_transfer_share[region]), display=False)
glue("sol02_transfer_coastal_min", float(sol_transfer_share[ex_wide["region_group"] == "coastal"].min()), display=False)
glue("sol02_transfer_coastal_max", float(sol_transfer_share[ex_wide["region_group"] == "coastal"].max()), display=False)
sol_transfer_share.to_frame()

# %% [markdown] tags=["solution"]
# Transfers were {glue:text}`sol02_transfer_Gansu:.1%` of net income in Gansu,
# {glue:text}`sol02_transfer_Ningxia:.1%` in Ningxia and
# {glue:text}`sol02_transfer_National:.1%` nationally; the coastal provinces range from
# {glue:text}`sol02_transfer_coastal_min:.1%` to {glue:text}`sol02_transfer_coastal_max:.1%`.
# Transfer income also holds pensions, public transfers and gifts, and it is an average
# over all rural households, with and without migrants, so it cannot measure
# remittances or their effect on the households that receive them.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-02-hukou
# :class: dropdown
#
# Answer notes. Gains: migrants' access to urban schools, health care and pensions;
# families could move together; employers lose a lever that keeps wages low. Possible
# losses: rural land rights tied to the hukou, cities' budgets, and the village economy
# if whole families leave. The regime the paper describes rests on more than the hukou
# (the surplus of rural labour, export industry's demand for cheap and flexible workers,
# state-organised training and placement), so a strong answer argues that abolition
# would weaken but not end it. Mistake to avoid: treating the hukou as a ban on moving
# rather than a rule about where rights are held.
# ````
