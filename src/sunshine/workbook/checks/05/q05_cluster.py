OK_FORMAT = True

test = {"name": 'q05_cluster', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'an interval (low, high) around tau-b',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> _p = _kt(wb_data['education'], wb_data['migrated'], cluster=wb_data['household_id'])\n>>> bool(ci_households[0] < _p.tau < ci_households[1])\nTrue"},
    {"name": 'the interval allows for households (not the persons-only interval)',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> _p = _kt(wb_data['education'], wb_data['migrated'], cluster=wb_data['household_id'])\n>>> bool(abs(ci_households[0] - _p.ci_cluster[0]) < 1e-6 and abs(ci_households[1] - _p.ci_cluster[1]) < 1e-6)\nTrue"},
]}]}
