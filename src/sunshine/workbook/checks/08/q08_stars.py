OK_FORMAT = True

test = {"name": 'q08_stars', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'the p-value of gender and migrated in a subsample of 100 (seed 11)',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> from sunshine.report import exercises as _ex\n>>> _s = _ex.subsample(wb_data, 100, 11)\n>>> import math as _math\n>>> bool(_math.isclose(p_small, _kt(_s['gender'], _s['migrated']).pvalue, rel_tol=1e-6))\nTrue"},
    {"name": 'whether it keeps the two stars (p < 0.01)',
     "code": '>>> bool(keeps_stars == bool(p_small < 0.01))\nTrue'},
]}]}
