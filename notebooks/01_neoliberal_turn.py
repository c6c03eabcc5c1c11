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
# # The neoliberal turn

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - explain how the paper ties rural poverty in the Northwest to China's uneven reform path after 1978;
# - define flexible accumulation, accumulation by dispossession and neoliberalism, and say how the paper uses them;
# - compare rural incomes and their wage share across provinces from published NBS statistics, and say what such averages hide.
# ```

# %% [markdown]
# Mao, Pih and Bao open their paper with a geography of unequal development. After
# the reforms that began in 1978, they argue, Beijing put most of its resources into
# the coastal provinces, while the Northwest, already poor, dry and shaped by decades
# of resource extraction, fell further behind. The question that drives the rest of
# the paper follows from this: if the state now sends rural people from the Northwest
# to work elsewhere, and trains them to do so, does that lift their households and
# villages out of poverty? Their answer, stated at the outset, is that it does little,
# because the "migrant labor regime" does not build up capital in the villages that
# send the migrants {cite:p}`mao2010neoliberal`.
#
# This chapter retells the paper's opening and its section "The Neoliberal Turn" in
# our own words, explains the theoretical vocabulary it borrows, and sets the scene
# with a few official figures on rural incomes ({numref}`fig-rural-income`).
#
# ```{note}
# This chapter uses **published statistics** from the National Bureau of Statistics of
# China (NBS), not the survey data of the later chapters. It does not touch the
# synthetic stand-in for the paper's survey: every number below comes from the
# yearbook figures in `data/context/rural_income_nbs.csv` (described in the
# `data/context/README.md` file of the book's repository).
# ```
#
# ```{admonition} For teaching
# :class: tip
#
# **What this chapter shows.** How the paper frames rural poverty in Gansu and Ningxia
# as a regional outcome of China's reform path, and which theories it uses to do so
# (Harvey on flexible accumulation and on neoliberalism, Dicken on the global shortage
# of jobs). The figure shows how far rural incomes in the two provinces sat below the
# national and coastal levels when the survey was fielded, and how much less of them
# came from wages.
#
# **Questions for discussion.**
# 1. Is "neoliberal" the right word for a state that plans regional development,
#    controls where people may register as residents and organises their training?
#    What would a better word be?
# 2. Harvey and Dicken wrote about the world economy. What has to be true of China's
#    rural labour market for their arguments to apply to a village in Gansu?
# 3. The figure compares provincial averages of rural income. What does that
#    comparison hide (inequality within provinces, prices, households with migrants
#    away), and what would you need to see it?
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "neoliberal-sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these when re-running the chapter).
YEAR = 2008  # year of the NBS figures to show: 2007 or 2008
RURAL_INCOME_PATH = None  # None: the book's copy in data/context/
CITED_FIGURES_PATH = None  # None: the book's copy of the figures the paper cites

# %% tags=["hide-input"]
from myst_nb import glue

from sunshine.data import context
from sunshine.report import figures

income = context.load_rural_income(RURAL_INCOME_PATH)
wide = context.rural_income_wide(income, YEAR)

# The figures the paper quotes from other works (data/context/cited_figures.csv),
# glued under their id prefixed "cf_", as chapter 2 does.
cited = context.load_cited_figures(CITED_FIGURES_PATH)
for row in cited.itertuples():
    glue(f"cf_{row.id}", float(row.value), display=False)

# %% [markdown]
# ## Two Chinas after 1978
#
# China's reform did not spread evenly. The paper's opening paragraph gives the
# familiar picture: the state channelled most of its resources to the coastal
# provinces, and the Northwest lagged behind in infrastructure and economic
# development. The poverty of the region is, in
# the authors' words, tied to "geographical limitations and decades of resource
# extraction policies" {cite:p}`mao2010neoliberal`. They recall that two thirds of the
# households officially counted as poor around 2000 lived in western China, citing
# the World Bank {cite:p}`worldbank2001china`.
#
# Part of the explanation the paper offers is rural industry. Much of China's rural
# income growth in the 1980s and 1990s came from township and village enterprises
# ({term}`TVEs <TVE>`), which clustered in the coastal provinces; in the Northwest, rural industry
# remained marginal. The paper reports, from the sources it cites, that rural net
# income in eastern China was {glue:text}`cf_east_west_rural_income_gap:.0f`% higher than in the west in 2004
# {cite:p}`du2005migration`.
#
# ## Western development from 1999
#
# The state's answer was the {term}`western development <Western Development>` policy launched in 1999 (often
# called "Open Up the West"). It put public money into infrastructure in the western
# provinces and, the paper argues, pushed the rural economy to change: labour left
# crop farming faster in the west than elsewhere {cite:p}`du2005migration`. The paper
# is written ten years into that policy, and asks what it has done for the people it
# was meant to reach. Its particular object is the government's job training for
# would-be migrants, the {term}`Sunshine Project`, which the paper says the Ministry
# of Agriculture started in 2004. (That five other ministries joined it, and that it
# paid for short skills courses in the sending areas, the book adds from a later
# study, {cite:t}`wang2013sunshine`; the paper cites no source on the project.) Later
# chapters test what the paper's survey, as the book reconstructs it, says about
# that training.
#
# ## Flexible accumulation and accumulation by dispossession
#
# To place China's reforms in a larger story, the paper turns to David Harvey. In
# *The Condition of Postmodernity* {cite:t}`harvey1989condition` describes how the
# post-war "Fordist-Keynesian" order of mass production, strong unions and national
# welfare states broke down in the 1970s and gave way to what he calls
# **{term}`flexible accumulation`**: production moved and reorganised quickly, work became part-time,
# subcontracted and insecure, skills were made obsolete and re-made, and labour and
# nation states lost bargaining power against mobile capital. Harvey ties this to a
# "time-space compression": capital seeks ever shorter turnover times, and new
# technologies make that possible. The paper cites this account {cite:p}`harvey1989condition`
# (pp. 150, 170 of the printing it used) and notes that China's reforms began just
# as this new regime and the ideology that went with it were rising.
#
# The second idea is **{term}`accumulation by dispossession`**, a phrase of Harvey's that he
# introduced in *The New Imperialism* {cite:p}`harvey2003new` and uses again in *A Brief History of Neoliberalism* {cite:p}`harvey2005brief`. Where
# ordinary accumulation grows by investing in production, accumulation by
# dispossession grows by taking over what was held in common or by others (land,
# public assets, pension rights, the commons of nature) and moving it to private
# hands. The paper uses the phrase to say that neoliberal growth strengthens elites
# at the expense of working people (it attributes the passage to {cite:t}`dicken2007global`,
# p. 343), and, with Harvey, that most countries that took the neoliberal road saw
# inequality rise and economic and political power concentrate at the top
# {cite:p}`harvey2005brief`.
#
# ## A world short of jobs
#
# From Peter Dicken's *Global Shift* {cite:p}`dicken2007global` the paper takes the
# labour-market side of the story. Growth financed by debt, it argues, has to cut jobs
# in the name of efficiency while needing ever more consumption from those at the
# bottom; the result is a global shortage of work. The paper relays Dicken's
# estimate that the world economy would need at least {glue:text}`cf_global_jobs_needed_decade:.0f` million new jobs within a
# decade, on top of the flexible, often part-time positions that exist already
# (Dicken, p. 450, as cited by {cite:t}`mao2010neoliberal`), and his point that in
# developing countries the growth of the rural labour force has outrun what the
# "Green Revolution" in farming could absorb (p. 511).
#
# ## China's rural surplus labour
#
# China is the extreme case. The paper reports estimates that the country had to
# create some {glue:text}`cf_jobs_needed_per_year:.0f` million jobs a year, with {term}`"surplus" rural labour <rural surplus labour>`, people whom
# farming does not need, close to {glue:text}`cf_surplus_share_national:.0f`% of the labour force, and that in 2004 the
# surplus share stood at {glue:text}`cf_surplus_share_gansu:.1f`% in Gansu and {glue:text}`cf_surplus_share_ningxia:.0f`% in Ningxia. These figures come from a
# source the paper cites as "Ash 2009" {cite:p}`ash2009unidentified`, which we could
# not identify; treat them as the paper's claims, not as checked facts. The following
# section of the paper describes how this surplus became the "migrant labor regime":
# rural migrants without urban household registration ({term}`hukou`) doing the assembly
# line and construction work on which China's growth was built.
#
# ## What "neoliberal" means here
#
# For a student, the word needs unpacking. In Harvey's sense {cite:p}`harvey2005brief`,
# neoliberalism is both a doctrine and a practice: the belief that human welfare is
# best served by freeing markets, private property and entrepreneurship, and the
# policies that follow (privatisation, deregulation, flexible labour, a state that
# guards markets rather than providing for citizens). The paper applies the word to
# China because its reforms marketised labour: rural people became a mobile,
# cheap, lightly protected workforce, and inequality between regions and between
# town and country widened.
#
# But the fit is not simple, and the paper itself says so in passing. China's state
# never withdrew. It kept ownership of land and of large enterprises, decided where
# people could register as residents, and, in the programmes this book studies,
# selected, trained and sent migrants to particular industries. The paper calls
# this "top-down mobilization often employed by developmental states in the
# neoliberal system" {cite:p}`mao2010neoliberal`. The *developmental state*, a term
# first used for post-war Japan and the East Asian "tigers", describes a state that
# steers industrialisation through planning, credit and training rather than leaving
# it to markets. Harvey himself writes of neoliberalism "with Chinese
# characteristics" {cite:p}`harvey2005brief`, a market economy built and steered by
# an authoritarian state.
# Whether state-organised labour export is a neoliberal policy, a developmental one,
# or a hybrid is a good question to keep in mind through the chapters that follow:
# the paper's hypotheses are, at bottom, about whether such state intervention
# helps rural people or mainly supplies the labour market.

# %% tags=["hide-input"]
net = wide["net_income"]
share = wide["wage_share"]
glue("income_year", int(YEAR), display=False)
glue("gansu_net", float(net["Gansu"]), display=False)
glue("ningxia_net", float(net["Ningxia"]), display=False)
glue("national_net", float(net["National"]), display=False)
glue("gansu_share_of_national", float(net["Gansu"] / net["National"]), display=False)
glue("ningxia_share_of_national", float(net["Ningxia"] / net["National"]), display=False)
glue("gansu_share_of_shanghai", float(net["Gansu"] / net["Shanghai"]), display=False)
glue("shanghai_to_gansu", float(net["Shanghai"] / net["Gansu"]), display=False)
glue("gansu_wage_share", float(share["Gansu"]), display=False)
glue("ningxia_wage_share", float(share["Ningxia"]), display=False)
glue("national_wage_share", float(share["National"]), display=False)
glue("shanghai_wage_share", float(share["Shanghai"]), display=False)
coastal_share = share[wide["region_group"] == "coastal"]
glue("coastal_wage_share_min", float(coastal_share.min()), display=False)
glue("coastal_wage_share_max", float(coastal_share.max()), display=False)

# %% [markdown]
# ## The gap in numbers
#
# How large was the gap on the eve of the paper's survey, fielded in 2009? The NBS
# publishes the average rural net income per person in each province every year
# {cite:p}`nbs2008yearbook,nbs2009yearbook`. {numref}`fig-rural-income` shows the
# figures for {glue:text}`income_year` for China as a whole, a group of prosperous
# eastern coastal provinces and municipalities, and the western provinces of the
# survey (Sichuan, Gansu and Ningxia).
#
# In {glue:text}`income_year`, a rural resident of Gansu had a net income of
# {glue:text}`gansu_net:,.0f` yuan, {glue:text}`gansu_share_of_national:.0%` of the
# national rural average ({glue:text}`national_net:,.0f` yuan). Ningxia, at
# {glue:text}`ningxia_net:,.0f` yuan, reached {glue:text}`ningxia_share_of_national:.0%`.
# Set against the richest coastal countryside the distance is larger still: rural
# Shanghai's income was {glue:text}`shanghai_to_gansu:.1f` times Gansu's, so that a
# Gansu villager had about {glue:text}`gansu_share_of_shanghai:.0%` of a Shanghai
# villager's income.
#
# The hatched bars show how much of that income came from wages, including the pay
# that household members earn away from home. Wages made up
# {glue:text}`gansu_wage_share:.0%` of rural net income in Gansu and
# {glue:text}`ningxia_wage_share:.0%` in Ningxia, against
# {glue:text}`national_wage_share:.0%` nationally and
# {glue:text}`shanghai_wage_share:.0%` in Shanghai; across the coastal regions shown
# the wage share ran from {glue:text}`coastal_wage_share_min:.0%` to
# {glue:text}`coastal_wage_share_max:.0%`. Rural households in the Northwest lived
# far more from farming and other non-wage sources than those on the coast. This is the setting
# in which the state promoted migration and trained migrants: wage work elsewhere was
# the obvious way to raise incomes, and the question is whether it did.
#
# Two cautions for reading the figure. These are averages over whole provinces in
# current prices: they hide inequality within provinces and the lower cost of living
# in the interior. And the "coastal" group is a selection of prosperous eastern
# units, not the whole eastern region; it shows the range, not an average.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Rural net income per capita by region, in yuan per year at current prices. Bars are sorted by income; eastern coastal regions in blue, western regions in orange, China as a whole in grey and as a dashed line. The hatched inner bars show the part of income received as wages. Source: NBS, *China Statistical Yearbook*, table 9-22 {cite:p}`nbs2008yearbook,nbs2009yearbook`.", "name": "fig-rural-income"}, "image": {"alt": "Horizontal bar chart of rural net income per capita for China and selected provinces, sorted from highest to lowest. The eastern coastal provinces, in blue, lie above the dashed national line; the western provinces Sichuan, Ningxia and Gansu, in orange, lie below it. Hatched inner bars show that wages make up a smaller part of income in the western provinces."}}
fig = figures.rural_income_figure(income, YEAR)

# %% [markdown]
# The next chapter follows the paper into the "migrant labor regime" itself: who
# migrates from the Northwest, on what terms, and with what help from the state.

# %% [markdown]
# ## Exercises
#
# These exercises use the published NBS figures of `data/context/rural_income_nbs.csv`,
# loaded by the cell below. Solutions are in the instructor edition.

# %%
from myst_nb import glue

from sunshine.data import context

ex_income = context.load_rural_income(RURAL_INCOME_PATH)
EX_YEARS = (2007, 2008)
glue("ex01_first_year", EX_YEARS[0], display=False)
glue("ex01_second_year", EX_YEARS[1], display=False)
context.rural_income_wide(ex_income, YEAR)[["region_group", "net_income", "wage_income"]]

# %% [markdown]
# ````{exercise} How far below?
# :label: ex-01-gap
#
# From the table above, compute rural net income per head in Gansu and in Ningxia as a
# share of the national figure and of the mean of the coastal provinces listed. Then
# compute each region's wage income as a share of its net income. Which of the two
# comparisons supports the paper's story of a Northwest left behind by the coast, and
# which one the story of a Northwest that sends fewer people to wage work?
# ````
#
# ````{exercise} One year later
# :label: ex-01-growth
#
# Rerun the comparison for both years the data hold
# ({glue:text}`ex01_first_year` and {glue:text}`ex01_second_year`): by how much did
# rural net income grow in Gansu, in Ningxia, nationally and in the coastal provinces?
# Did the gap narrow in relative terms, in absolute yuan, or neither?
# ````
#
# ````{exercise} Is "neoliberal" the right word?
# :label: ex-01-critique
#
# The paper calls China's reform path neoliberal, yet the state it describes plans
# regional development, controls residence through the hukou and trains migrants.
# Write a paragraph that argues for or against the label, using the glossary's
# definitions of neoliberalism and of the developmental state, and one piece of
# evidence from this chapter.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-01-gap
# :class: dropdown
# ```

# %% tags=["solution"]
sol_wide = context.rural_income_wide(ex_income, YEAR)
sol_coastal = sol_wide[sol_wide["region_group"] == "coastal"]["net_income"].mean()
for region in ("Gansu", "Ningxia", "National"):
    glue(f"sol01_{region}_of_national", float(sol_wide.loc[region, "net_income"] / sol_wide.loc["National", "net_income"]), display=False)
    glue(f"sol01_{region}_of_coastal", float(sol_wide.loc[region, "net_income"] / sol_coastal), display=False)
    glue(f"sol01_{region}_wage_share", float(sol_wide.loc[region, "wage_share"]), display=False)
glue("sol01_coastal_wage_share", float(sol_wide[sol_wide["region_group"] == "coastal"]["wage_share"].mean()), display=False)
sol_wide.assign(of_national=sol_wide["net_income"] / sol_wide.loc["National", "net_income"],
                of_coastal=sol_wide["net_income"] / sol_coastal)[["net_income", "of_national", "of_coastal", "wage_share"]]

# %% [markdown] tags=["solution"]
# Gansu's rural net income was {glue:text}`sol01_Gansu_of_national:.0%` of the national
# figure and {glue:text}`sol01_Gansu_of_coastal:.0%` of the coastal mean; Ningxia's
# {glue:text}`sol01_Ningxia_of_national:.0%` and {glue:text}`sol01_Ningxia_of_coastal:.0%`.
# Wages made up {glue:text}`sol01_Gansu_wage_share:.0%` of net income in Gansu and
# {glue:text}`sol01_Ningxia_wage_share:.0%` in Ningxia, against
# {glue:text}`sol01_National_wage_share:.0%` nationally and
# {glue:text}`sol01_coastal_wage_share:.0%` on average in the coastal provinces. The
# income levels support "left behind"; the wage shares support "less wage work". A
# common mistake is to read a lower wage share as fewer migrants: a share of income is
# not a count of people, and money sent home by someone no longer counted as a member
# of the household is recorded as a transfer, not as wages.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-01-growth
# :class: dropdown
# ```

# %% tags=["solution"]
sol_years = {year: context.rural_income_wide(ex_income, year) for year in EX_YEARS}
sol_growth = (sol_years[EX_YEARS[1]]["net_income"] / sol_years[EX_YEARS[0]]["net_income"] - 1).rename("growth")
sol_gap = {year: sol_years[year].loc["National", "net_income"] - sol_years[year].loc["Gansu", "net_income"] for year in EX_YEARS}
for region in ("Gansu", "Ningxia", "National"):
    glue(f"sol01_growth_{region}", float(sol_growth[region]), display=False)
glue("sol01_growth_coastal", float(sol_growth[sol_years[EX_YEARS[1]]["region_group"] == "coastal"].mean()), display=False)
glue("sol01_gap_first", float(sol_gap[EX_YEARS[0]]), display=False)
glue("sol01_gap_second", float(sol_gap[EX_YEARS[1]]), display=False)
sol_growth.to_frame()

# %% [markdown] tags=["solution"]
# Rural net income grew by {glue:text}`sol01_growth_Gansu:.1%` in Gansu,
# {glue:text}`sol01_growth_Ningxia:.1%` in Ningxia, {glue:text}`sol01_growth_National:.1%`
# nationally and {glue:text}`sol01_growth_coastal:.1%` on average in the coastal
# provinces (nominal yuan). Relative growth can be similar or even faster in the poor
# provinces while the absolute gap still widens: the gap between the national and the
# Gansu figure went from {glue:text}`sol01_gap_first:,.0f` to
# {glue:text}`sol01_gap_second:,.0f` yuan. Students should say which of the two gaps
# they mean.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-01-critique
# :class: dropdown
#
# Answer notes. *For* the label: market reforms, the retreat of collective welfare,
# labour made mobile and cheap for export industry, rising inequality, Harvey's own
# inclusion of China in his history of neoliberalism. *Against*: the state still owns
# land and key industries, plans regional development (Western Development), controls
# residence (hukou) and organises migration (the Sunshine Project): features of a
# developmental state. A good answer defines both terms, picks a side or a hybrid
# ("neoliberalism with Chinese characteristics"), and uses evidence (the income gap or
# the wage shares of the figure) rather than the label's connotations.
# ````
