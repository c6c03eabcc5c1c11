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
# # Workbook: discussion and policy (chapter 08)
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
from sunshine.synth import assess

wb_data = survey.load()  # the book's synthetic data, shipped with the package
grader = workbook.notebook("08")

# %% [markdown]
# ## Question 1: reading the audit
#
# `assess(wb_data)` compares the data with every coefficient the paper prints. How
# many of its cells are unattainable? Store the count in `n_unattainable`.

# %% tags=["answer"]
n_unattainable = ...

# %%
grader.check("q08_unattainable")

# %% [markdown]
# ## Question 2: one province
#
# Compute tau-b of `training` and `migrated` for Gansu only and store it in
# `tau_gansu_training`.

# %% tags=["answer"]
tau_gansu_training = ...

# %%
grader.check("q08_gansu")

# %% [markdown]
# ## Question 3: how many people does a star need?
#
# Training and migration are so strongly associated that they keep two stars in a
# sample of any size from 50 up; a moderate association shows how stars depend on n.
# Draw 100 people with `exercises.subsample(wb_data, 100, 11)`, compute the p-value
# of tau-b of `gender` and `migrated` in them (`p_small`, checked to three significant
# digits) and say whether it keeps the paper's two stars, p below 0.01 (`keeps_stars`,
# True or False).

# %% tags=["answer"]
p_small = ...
keeps_stars = ...

# %%
grader.check("q08_stars")
