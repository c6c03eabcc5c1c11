OK_FORMAT = True

test = {"name": 'q05_young', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'tau-b of age and migrated among people aged 16 to 30',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> _y = wb_data[wb_data['age'].between(16, 30)]\n>>> bool(abs(tau_young_age - _kt(_y['age'], _y['migrated']).tau) < 1e-6)\nTrue"},
]}]}
