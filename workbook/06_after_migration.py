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
# # Workbook: after migration (chapter 06)
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
from sunshine.data import published, survey
from sunshine.kendall import kendall_tau

wb_data = survey.load()  # the book's synthetic data, shipped with the package
grader = workbook.notebook("06")
published.load_table("table2")[["row_var", "column_var", "printed"]]

# %% [markdown]
# ## Question 1: the garbled cells
#
# In Table II as printed (above), which cells hold a value no Kendall coefficient
# can take? Store them as a list of `(row_var, column_var)` tuples in `garbled`.

# %% tags=["answer"]
garbled = ...

# %%
grader.check("q06_garbled")

# %% [markdown]
# ## Question 2: incomes
#
# Compute the median income of migrants minus the median income of stayers and store
# it in `median_gap`.

# %% tags=["answer"]
median_gap = ...

# %%
grader.check("q06_median_gap")

# %% [markdown]
# ## Question 3: remittances, household by household
#
# Among migrants, compute the household-clustered standard error of tau-b of
# `remittance` and `income` and store it in `se_households` (checked to four
# significant digits: store the computed value).

# %% tags=["answer"]
se_households = ...

# %%
grader.check("q06_cluster")
