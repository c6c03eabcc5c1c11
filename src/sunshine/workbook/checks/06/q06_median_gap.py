OK_FORMAT = True

test = {"name": 'q06_median_gap', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": "migrants' median income minus stayers'",
     "code": ">>> _g = wb_data.groupby('migrated')['income'].median()\n>>> bool(abs(median_gap - (_g[1] - _g[0])) < 1e-6)\nTrue"},
]}]}
