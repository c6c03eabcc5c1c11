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
# # Workbook: who migrates (chapter 05)
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
grader = workbook.notebook("05")

# %% [markdown]
# ## Question 1: a household-clustered interval
#
# Compute the confidence interval of tau-b of `education` and `migrated` that allows
# for households (`household_id`), and store it as a pair `(low, high)` in
# `ci_households`. Both ends are checked to four decimals: store the computed values,
# not numbers typed from a printout.

# %% tags=["answer"]
ci_households = ...

# %%
grader.check("q05_cluster")

# %% [markdown]
# ## Question 2: stars against n
#
# Table I prints n = 2,351. What is the smallest |tau| that earns the paper's two
# stars (two-tailed, level 0.01) at that n, if neither variable had ties (the
# textbook null variance of chapter 5)? Store it in `tau_crit`. (With ties the
# threshold is higher, and it depends on which null variance the software used.)

# %% tags=["answer"]
tau_crit = ...

# %%
grader.check("q05_critical")

# %% [markdown]
# ## Question 3: a rerun for the young
#
# Compute tau-b of `age` and `migrated` among people aged 16 to 30 (both included)
# and store it in `tau_young_age`.

# %% tags=["answer"]
tau_young_age = ...

# %%
grader.check("q05_young")
