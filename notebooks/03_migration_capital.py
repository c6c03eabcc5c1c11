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
# # Migration, capital and poverty alleviation

# %% [markdown]
# ```{admonition} Learning objectives
# :class: important
#
# After this chapter you can:
#
# - distinguish human, social and economic capital and explain why their convertibility matters for sending villages;
# - explain cumulative causation and the role the state plays in organised migration;
# - read the published Sunshine Project figures critically (costs, placement rates, sources).
# ```

# %% [markdown]
# The third section of the paper, "Migration, Capital, and Poverty Alleviation", gives
# the theory behind its hypotheses. Migration, it argues, depends on the capital people
# can draw on, in the broad sense of the word that Pierre Bourdieu gave it; the
# Chinese state, by training and organising migrants, tries to add to that capital
# from above; and whether this reduces poverty depends on what the added capital can
# be turned into {cite:p}`mao2010neoliberal`. The programme at the centre of the
# paper, the government's training of would-be migrants, known as the Sunshine
# Project, is introduced here, and this chapter adds what published sources report
# about its size and funding ({numref}`fig-sunshine-trainees` and
# {numref}`fig-sunshine-subsidy`).
#
# ```{note}
# This chapter uses **published statistics**, not survey data: figures on the
# Sunshine Project reported by People's Daily {cite:p}`peoplesdaily2004sunshine,peoplesdaily2006sunshine`, Xinhua {cite:p}`xinhua2006sunshine,xinhua2007sunshine` and {cite:t}`wang2013sunshine`,
# read from `data/context/sunshine_project.csv`, and the NBS count of migrant
# workers from `data/context/cited_figures.csv`, each row with its source (see
# `data/context/README.md` in the book's repository). It does not touch the
# synthetic stand-in for the paper's survey.
# ```

# %% tags=["setup", "remove-cell"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "neoliberal-sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %% tags=["parameters", "hide-cell"]
# Parameters (papermill can override these when re-running the chapter).
SUNSHINE_PATH = None  # None: the book's copy in data/context/sunshine_project.csv
CITED_FIGURES_PATH = None  # None: the book's copy in data/context/cited_figures.csv
FIRST_PERIOD = "2006"  # the two years whose per-trainee subsidies are compared
SECOND_PERIOD = "2011"

# %% tags=["hide-input"]
from IPython.display import Markdown
from myst_nb import glue

from sunshine.data import context
from sunshine.report import figures, tables

FIRST_PERIOD, SECOND_PERIOD = str(FIRST_PERIOD), str(SECOND_PERIOD)  # papermill may pass ints
sp = context.load_sunshine_project(SUNSHINE_PATH)
cited = context.load_cited_figures(CITED_FIGURES_PATH)


def sv(period: str, measure: str, region: str = "national", which: str = "mid") -> float:
    return context.sunshine_value(sp, period, measure, region, which=which)


# %% [markdown]
# ## A puzzle: the Northwest migrates least
#
# The paper starts from a puzzle. In the Northwest, a growing population presses on
# scarce arable land and an ever drier climate pushes the local ecology towards its
# limits; the western development policy ({term}`Western Development`, 西部大开发) has
# much improved roads and other infrastructure since 1999. One would expect people
# to leave. Yet, the paper reports, survey after survey since 2000 found the
# Northwest to have the lowest share of rural-to-urban migration of any region of
# China. Why people move, the authors suggest, depends on how local migration policy,
# migrants' {term}`remittances <remittance>`, growing social networks and the local
# economy interact in the sending communities {cite:p}`du2005migration`.
#
# ## Forms of capital and their convertibility
#
# To explain who can migrate, the paper turns to Bourdieu's essay "The Forms of
# Capital" {cite:p}`bourdieu1986forms`. For Bourdieu, capital is not only money. It
# is accumulated resources, in whatever form, that give their holders the means to
# act and to gain further resources: the paper paraphrases it as resources
# "accessible to individuals to facilitate social action" (p. 241). Bourdieu
# distinguishes three main forms:
#
# - **economic capital**, money and property;
# - **cultural capital**, knowledge, skills and educational credentials, embodied in
#   people, held in objects or certified by institutions;
# - **social capital**, the resources that come with membership in a network of
#   relationships: family, fellow villagers, patrons.
#
# The forms can be converted into each other, at a cost and at rates that depend on
# the society: money buys schooling, credentials get jobs, connections bring
# information and credit. Whoever holds one form finds it easier to acquire the
# others. The paper draws the conclusion that matters for policy: inequality
# between social groups "cannot be alleviated simply by increasing the human capital
# of the bottom" while the better placed hoard opportunities and hold more political
# power {cite:p}`mao2010neoliberal`. Training that adds skills to a villager who has
# no money, no connections in the city and no urban registration may not convert
# into much.
#
# ## Human capital and social capital
#
# Two of these terms carry the paper's argument. {term}`Human capital` is the
# economists' word for skills and knowledge that raise a worker's productivity and
# pay; schooling and training are its usual measures, and they are the paper's.
# {term}`Social capital` is what a person can obtain through others. In migration
# research its typical form is a tie to someone who has already migrated and can
# tell a newcomer where the jobs are, lend the fare or vouch for them to an employer.
#
# The paper joins the two in an unusual way. It treats government-sponsored job
# training as "a form of social capital that generates human capital in each migrant
# worker" {cite:p}`mao2010neoliberal`: the training itself is a skill, but what the
# trainee gets from the county government (information, contacts with employers,
# organised transport to a job) is the kind of help a network of earlier migrants
# would otherwise give. This double reading matters for the paper's results:
# training can help people *leave* (as social capital) without making them *earn
# more* once they have left (as human capital).
#
# ## Cumulative causation and the state
#
# The theory of {term}`cumulative causation` explains why migration, once started,
# tends to feed on itself. Each migrant makes the next one's move easier: networks
# grow, remittances and news flow home, and migrating becomes the expected thing to
# do {cite:p}`massey1990social`. Where the first migrants came from, many follow;
# where nobody has left, nobody knows the way. This is one reading of the
# Northwest's puzzle: a region that started late lacks the networks that make
# migration cheap.
#
# The paper draws on a study of emigration from China by Zai Liang and colleagues
# {cite:p}`liang2008cumulative`, which it cites as "Zai et al (2008)", by the first
# author's given name rather than the surname. From that study it takes the point
# that the effect of migrants' social capital is not the same everywhere: public
# policy in the sending and receiving places can strengthen or weaken it. If the
# state can stand in for the missing networks, organised migration could speed up
# the cumulative process in a region where it never got going on its own.
#
# ## State-organised migration and labour brands
#
# That is what some counties do. In poor counties designated as models for the
# transfer of surplus labour, the paper reports, county governments do more than post
# job notices or run courses. They direct would-be migrants to particular industries
# and promote their workers under a recognisable name across the country, the kind of
# "brand" (in Chinese policy language 劳务品牌, a "labour-service brand") that lets an
# employer in a distant city ask for workers from a particular county. The paper's
# interview notes add that many organised seasonal migrants from Gansu and Ningxia
# were sent to oil fields and cotton farms in Xinjiang and Qinghai
# {cite:p}`mao2010neoliberal`.
#
# The authors see in this "a good example of the top-down mobilization often
# employed by developmental states in the neoliberal system". The state does not
# leave migration to the market or to family networks; it selects, trains and
# dispatches. Whether that helps the migrants and their villages, or mainly supplies
# employers with the flexible labour of chapter 2, is the question of the paper's
# survey analysis.

# %% tags=["hide-input"]
periods = {"first": "2004", "cum05": "2004-2005", "cum07": "2004 to May 2007"}
for key, period in periods.items():
    trained = sv(period, "trained")
    placed = sv(period, "placed")
    glue(f"sp_trained_{key}", trained, display=False)
    glue(f"sp_placed_{key}", placed, display=False)
    glue(f"sp_placement_rate_{key}", placed / trained, display=False)

glue("sp_central_2004", sv("2004", "central_subsidy"), display=False)
glue("sp_provincial_2004", sv("2004", "provincial_subsidy"), display=False)
glue("sp_per_trainee_2004", sv("2004", "subsidy_per_trainee"), display=False)
glue("sp_provinces_2004", int(sv("2004", "provinces")), display=False)
glue("sp_counties_2004", int(sv("2004", "counties")), display=False)
glue("sp_target_2006", sv("2006", "trainees_target"), display=False)
glue("sp_central_2006", sv("2006", "central_subsidy"), display=False)
glue("sp_central_2011_bn", sv("2011", "central_subsidy") / 1000, display=False)
glue("sp_target_2011", sv("2011", "trainees_target"), display=False)
glue("sp_central_growth_2004_2011", sv("2011", "central_subsidy") / sv("2004", "central_subsidy"), display=False)
glue("sp_central_growth_2006_2011", sv("2011", "central_subsidy") / sv("2006", "central_subsidy"), display=False)
# Central subsidy divided by the year's planned number of trainees.
glue("sp_central_per_planned_2006", sv("2006", "central_subsidy") / sv("2006", "trainees_target"), display=False)
glue("sp_central_per_planned_2011", sv("2011", "central_subsidy") / sv("2011", "trainees_target"), display=False)

glue("sp_first_period", str(FIRST_PERIOD), display=False)
glue("sp_second_period", str(SECOND_PERIOD), display=False)
for region in ("east", "centre", "west"):
    for label, period in (("p1", FIRST_PERIOD), ("p2", SECOND_PERIOD)):
        for which in ("low", "high", "mid"):
            glue(f"sp_{region}_{label}_{which}", sv(period, "subsidy_per_trainee", region, which), display=False)
    glue(
        f"sp_{region}_growth",
        sv(SECOND_PERIOD, "subsidy_per_trainee", region) / sv(FIRST_PERIOD, "subsidy_per_trainee", region),
        display=False,
    )
for label, period in (("p1", FIRST_PERIOD), ("p2", SECOND_PERIOD)):
    glue(
        f"sp_west_over_east_{label}",
        sv(period, "subsidy_per_trainee", "west") / sv(period, "subsidy_per_trainee", "east"),
        display=False,
    )

away09 = context.cited_value(cited, "nbs_migrants_away_2009")
glue("sp_nbs_away_2009", away09, display=False)
glue("sp_trained_share_of_away", sv("2004 to May 2007", "trained") / away09, display=False)

# %% [markdown]
# ## The Sunshine Project
#
# The programme the paper studies is the {term}`Sunshine Project`, in full
# 农村劳动力转移培训阳光工程, the "Sunshine Project for training rural labour for
# transfer" (阳光工程 for short). The paper says that the Ministry of Agriculture
# initiated it in 2004; a later study, which the book adds (the paper cites none on
# the project), describes six ministries under the Ministry's lead
# {cite:p}`wang2013sunshine`. It paid for short
# courses, from a fortnight to three months, for rural people in the sending areas who
# were about to look for non-farm work, and it counted how many of them were then
# placed in jobs. The paper presents it as aimed at the Northwestern region; the press
# reports below describe a programme that covered {glue:text}`sp_provinces_2004`
# provinces in its first year, with higher subsidies for the poorer regions.
#
# In its first year, by People's Daily's report, the central government put
# {glue:text}`sp_central_2004:.0f` million yuan into the project, with about
# {glue:text}`sp_provincial_2004:.0f` million more from provincial budgets, at
# {glue:text}`sp_per_trainee_2004:.0f` yuan per trainee, in
# {glue:text}`sp_provinces_2004` provinces and {glue:text}`sp_counties_2004:,` counties.
# About {glue:text}`sp_trained_first:.1f` million people were trained and
# {glue:text}`sp_placed_first:.1f` million placed in non-farm jobs, a placement rate of
# {glue:text}`sp_placement_rate_first:.0%`. The cumulative figures grew quickly:
# {glue:text}`sp_trained_cum05:.1f` million trained and
# {glue:text}`sp_placed_cum05:.1f` million placed by the end of 2005, and
# {glue:text}`sp_trained_cum07:.1f` million trained and
# {glue:text}`sp_placed_cum07:.1f` million placed by May 2007
# ({numref}`fig-sunshine-trainees`). The reported placement rate stayed high, at
# {glue:text}`sp_placement_rate_cum05:.0%` and {glue:text}`sp_placement_rate_cum07:.0%`
# of those trained.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "People trained by the Sunshine Project and people placed in non-farm jobs afterwards, in millions, as reported for the first year (2004) and cumulatively to the end of 2005 and to May 2007; the share placed is written above each pair. Sources: People's Daily, 29 October 2004 and 11 May 2006; Xinhua, 7 May 2007 (rows of `data/context/sunshine_project.csv`).", "name": "fig-sunshine-trainees"}, "image": {"alt": "Grouped bar chart of Sunshine Project trainees and placements in millions at three reporting dates. In 2004 about 1.5 million were trained and 1.2 million placed; by the end of 2005, 5.3 million trained and 4.6 million placed; by May 2007, 8.8 million trained and 7.6 million placed. The share placed is between 80 and 87 percent each time."}}
fig = figures.sunshine_cumulative_figure(sp)

# %% [markdown]
# Two cautions. These are the programme's own figures, reported through official
# news agencies; "placement" means that a trainee took up a non-farm job, with no
# word on the pay, the duration or whether the job used the training. And the scale,
# while large, was modest beside the migrant workforce: the
# {glue:text}`sp_trained_cum07:.1f` million trained by May 2007 equal about
# {glue:text}`sp_trained_share_of_away:.0%` of the
# {glue:text}`sp_nbs_away_2009:.1f` million rural workers the NBS counted as working
# outside their home township in 2009 (the dates differ; the ratio shows the order
# of magnitude only).
#
# The money grew while the planned number of trainees did not. The central subsidy was
# {glue:text}`sp_central_2006:.0f` million yuan in 2006, for a target of
# {glue:text}`sp_target_2006:.1f` million trainees, and
# {glue:text}`sp_central_2011_bn:.1f` billion yuan in 2011, for
# {glue:text}`sp_target_2011:.0f` million: {glue:text}`sp_central_growth_2006_2011:.1f`
# times the 2006 amount and {glue:text}`sp_central_growth_2004_2011:.1f` times that of
# 2004. Divided by the planned number of trainees, the central subsidy came to about
# {glue:text}`sp_central_per_planned_2006:.0f` yuan a head in 2006 and
# {glue:text}`sp_central_per_planned_2011:.0f` yuan in 2011, within the ranges of
# the regional rates below.
#
# The subsidy per trainee was set by region, more for the poorer interior
# ({numref}`fig-sunshine-subsidy`). In {glue:text}`sp_first_period` it was
# {glue:text}`sp_east_p1_low:.0f`–{glue:text}`sp_east_p1_high:.0f` yuan in the east,
# {glue:text}`sp_centre_p1_low:.0f`–{glue:text}`sp_centre_p1_high:.0f` yuan in the
# centre and {glue:text}`sp_west_p1_low:.0f`–{glue:text}`sp_west_p1_high:.0f` yuan in
# the west; in {glue:text}`sp_second_period` it was
# {glue:text}`sp_east_p2_mid:.0f`, {glue:text}`sp_centre_p2_mid:.0f` and
# {glue:text}`sp_west_p2_mid:.0f` yuan. Taking the midpoints of the ranges, the rate
# grew {glue:text}`sp_east_growth:.1f`-fold in the east,
# {glue:text}`sp_centre_growth:.1f`-fold in the centre and
# {glue:text}`sp_west_growth:.1f`-fold in the west. The subsidy for a western trainee
# was {glue:text}`sp_west_over_east_p1:.2f` times that for an eastern one in
# {glue:text}`sp_first_period` and {glue:text}`sp_west_over_east_p2:.2f` times in
# {glue:text}`sp_second_period`. These are current yuan; prices rose over the period,
# so the real increase was smaller.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Central subsidy per Sunshine Project trainee by region of the trainee's home, in yuan (current prices), in two years. Light dotted bars: the first of the two years compared (2006 unless the chapter is re-run with other parameters), with the range given by the source shown as a black interval around its midpoint; full bars: the second (2011). Sources: Xinhua, 30 April 2006; Wang and Shaw (2013), as recorded in the project's notes (rows of `data/context/sunshine_project.csv`).", "name": "fig-sunshine-subsidy"}, "image": {"alt": "Grouped bar chart of the central subsidy per trainee in the eastern, central and western regions. In 2006 the subsidy was 120 to 130 yuan in the east, 160 to 170 in the centre and 180 to 200 in the west; in 2011 it was 282, 300 and 400 yuan. The subsidy roughly doubled everywhere and stayed highest in the west."}}
fig = figures.sunshine_subsidy_figure(sp, (FIRST_PERIOD, SECOND_PERIOD))

# %% [markdown]
# {numref}`tbl-sunshine` lists every figure used in this section with its source, so
# that a reader can check or extend it.

# %% tags=["hide-input"]
MEASURE_LABELS = {
    "central_subsidy": "Central subsidy",
    "provincial_subsidy": "Provincial subsidy",
    "subsidy_per_trainee": "Subsidy per trainee",
    "provinces": "Provinces taking part",
    "counties": "Counties taking part",
    "trained": "People trained",
    "placed": "People placed in non-farm jobs",
    "trainees_target": "Planned trainees",
}


def shown(row) -> str:
    number = f"{row.low:,g}" if row.low == row.high else f"{row.low:,g}–{row.high:,g}"
    return f"{number} {row.unit}"


table = tables.list_table(
    ["Period", "Figure", "Region", "Value", "Source"],
    [
        [r.period.replace("-", "–"), MEASURE_LABELS[r.measure], r.region, shown(r), r.source.split(", as recorded")[0]]
        for r in sp.itertuples()
    ],
    caption="Published figures on the Sunshine Project, 2004–2011, as recorded in data/context/sunshine_project.csv. "
    "Periods spanning several years are cumulative.",
    label="tbl-sunshine",
    widths=[14, 24, 10, 20, 32],
)
Markdown(table)

# %% [markdown]
# ## What the paper expects
#
# With these pieces, the paper's hypotheses follow. If training is social capital,
# it should go with migration: trained people should be more likely to leave. If it
# is also human capital, trained migrants should earn more and send more home. And
# if cumulative causation works through networks, people from ethnic-minority
# counties, with their own networks, might migrate more and rely on them to find
# work. The next chapters test these expectations against the paper's tables. The
# question to carry into them is the one Bourdieu's convertibility raises: can
# capital added from above, in fifteen days to three months of training, be turned
# into income, or does it stop at the bus that takes the trainee away?
#
# ```{admonition} For teaching
# :class: tip
#
# **What this chapter shows.** The theory behind the paper's hypotheses (Bourdieu's
# forms of capital and their convertibility, human versus social capital, cumulative
# causation) and the programme the paper studies. The two figures show the Sunshine
# Project's reported output and how its per-trainee subsidy favoured the West;
# {numref}`tbl-sunshine` lists the sources.
#
# **Questions for discussion.**
# 1. The paper calls government training "a form of social capital that generates
#    human capital". Is that a coherent use of Bourdieu's terms? What would change in
#    the argument if training were treated as human capital only?
# 2. The Sunshine Project reported placement rates of {glue:text}`sp_placement_rate_first:.0%` and more. What would you need to
#    know to judge whether the programme reduced poverty: in the trainee's household,
#    in the village, in the region?
# 3. Cumulative causation says that migration builds on earlier migration. Can a
#    county government "start" the process by organising migrants, as the labour-brand
#    counties try to do? What might be lost when the state, not a network of kin and
#    neighbours, does the organising?
# 4. Re-run the chapter with `FIRST_PERIOD = "2004"` and the regional comparison
#    fails: the 2004 subsidy is recorded for the nation only. What would you look for
#    to extend the table, and where?
# ```

# %% [markdown]
# ## Exercises
#
# These exercises use the published figures on the Sunshine Project in
# `data/context/sunshine_project.csv`, printed by the cell below. Solutions are in the
# instructor edition.

# %%
from myst_nb import glue

from sunshine.data import context

ex_sp = context.load_sunshine_project(SUNSHINE_PATH)
ex_sp[["period", "measure", "region", "low", "high", "unit", "source"]]

# %% [markdown]
# ````{exercise} What did a trainee cost?
# :label: ex-03-cost
#
# By hand, from the figures printed above for the project's first year: how many
# trainees could the central subsidy have paid for at the stated subsidy per trainee?
# Compare with the number reported trained that year. What might explain the
# difference, and what does the provincial subsidy add to the picture?
# ````
#
# ````{exercise} Placement rates
# :label: ex-03-placement
#
# Compute the share of trainees reported placed in non-farm jobs for every period
# that reports both numbers. Why is a placement rate a weak measure of what the
# training did for the trainees, let alone for their villages?
# ````
#
# ````{exercise} Capital that stays, capital that leaves
# :label: ex-03-critique
#
# The chapter distinguishes human, social and economic capital. For each, say whether
# the Sunshine Project builds it in the village or in the migrant, and what the paper's
# argument about cumulative causation predicts for the sending villages.
# ````

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-03-cost
# :class: dropdown
# ```

# %% tags=["solution"]
def sol_sv(period: str, measure: str) -> float:
    return context.sunshine_value(ex_sp, period, measure, "national")


sol_paid_for = sol_sv("2004", "central_subsidy") * 1e6 / sol_sv("2004", "subsidy_per_trainee")
glue("sol03_paid_for_m", sol_paid_for / 1e6, display=False)
glue("sol03_trained_m", sol_sv("2004", "trained"), display=False)
glue("sol03_total_subsidy_per_trained", (sol_sv("2004", "central_subsidy") + sol_sv("2004", "provincial_subsidy")) / sol_sv("2004", "trained"), display=False)
print(f"central subsidy pays for {sol_paid_for / 1e6:.1f} million trainees; {sol_sv('2004', 'trained'):.1f} million reported trained")

# %% [markdown] tags=["solution"]
# The central subsidy at the stated rate pays for {glue:text}`sol03_paid_for_m:.1f`
# million trainees; {glue:text}`sol03_trained_m:.1f` million were reported trained.
# Possible reasons: some trainees were paid for by provinces or counties only, the
# subsidy per trainee was an average or a ceiling, or the count of trained people is
# generous. With the provincial money added, the two budgets come to
# {glue:text}`sol03_total_subsidy_per_trained:.0f` yuan per reported trainee, a very
# short course. The lesson for students: every number here comes from press reports,
# so differences may be accounting, not behaviour.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ```{solution-start} ex-03-placement
# :class: dropdown
# ```

# %% tags=["solution"]
sol_national = ex_sp[ex_sp["region"] == "national"]
sol_wide_sp = sol_national.pivot_table(index="period", columns="measure", values="low", aggfunc="first")
sol_rates = (sol_wide_sp["placed"] / sol_wide_sp["trained"]).dropna().rename("placement rate")
glue("sol03_n_periods", len(sol_rates), display=False)
glue("sol03_rate_min", float(sol_rates.min()), display=False)
glue("sol03_rate_max", float(sol_rates.max()), display=False)
sol_rates.to_frame()

# %% [markdown] tags=["solution"]
# {glue:text}`sol03_n_periods` periods report both figures; the placement rate ranges
# from {glue:text}`sol03_rate_min:.0%` to {glue:text}`sol03_rate_max:.0%`. A rate
# reported by the programme itself says nothing about the jobs (wage, duration,
# conditions), nothing about whether trainees would have found them anyway (selection),
# and nothing about the village: a placed trainee may never send money home or return.
#
# ```{solution-end}
# ```

# %% [markdown] tags=["solution"]
# ````{solution} ex-03-critique
# :class: dropdown
#
# Answer notes. Human capital (skills) is built in the migrant and leaves with him or
# her; social capital (networks, a "labour brand") is partly in the village, since it
# helps the next migrants, but it ties the village to migration rather than to local
# production; economic capital (savings, remittances) can return, but the paper argues
# that it is consumed or spent on houses, not invested. Cumulative causation predicts
# that the sending villages lose their most able workers and fall further behind
# unless capital is invested locally. Strong answers notice that the project pays for
# mobility, not for local investment.
# ````
