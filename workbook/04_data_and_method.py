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
# # Workbook: data, hypotheses and method (chapter 04)
#
# Complete every cell that holds `...`, then run the cell below it: it checks your
# answer and says which checks pass. Hand in this notebook (`.ipynb`) when every
# check passes. The data are the book's **synthetic** data, not the survey's.

# %% tags=["setup"]
# Setup: installs the book's package only where it is missing (Colab, a downloaded notebook).
import importlib.util, subprocess, sys  # noqa: E401
if not all(importlib.util.find_spec(m) for m in ("sunshine", "myst_nb")):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "neoliberal-sunshine[notebooks] @ git+https://github.com/neoliberal-sunshine/neoliberal-sunshine"], check=True)
    importlib.invalidate_caches()

# %%
from sunshine import workbook
from sunshine.data import survey
from sunshine.kendall import kendall_tau
from sunshine.report import exercises

wb_data = survey.load()  # the book's synthetic data, shipped with the package
grader = workbook.notebook("04")
exercises.BY_HAND_TABLE

# %% [markdown]
# ## Question 1: tau-b by hand
#
# For the invented table printed above (schooling by migration), count the
# concordant and the discordant pairs, then compute Kendall's tau-b with its
# correction for ties. Store the results in `concordant`, `discordant` and `tau_b`.

# %% tags=["answer"]
concordant = ...
discordant = ...
tau_b = ...

# %%
grader.check("q04_by_hand")

# %% [markdown]
# ## Question 2: the largest tau-b of a yes/no variable
#
# `wb_data["migrated"]` is 1 for migrants and 0 for stayers. What is the largest
# tau-b that `migrated` can have with a variable without ties? Store it in `largest`.

# %% tags=["answer"]
largest = ...

# %%
grader.check("q04_bound")

# %% [markdown]
# ## Question 3: a subgroup
#
# Compute tau-b of `education` and `migrated` among women (`gender == 1`) and store
# it in `tau_women`.

# %% tags=["answer"]
tau_women = ...

# %%
grader.check("q04_subgroup")
