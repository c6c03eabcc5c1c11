OK_FORMAT = True

test = {"name": 'q08_gansu', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'tau-b of training and migrated in Gansu only',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> _g = wb_data[wb_data['province'] == 'Gansu']\n>>> bool(abs(tau_gansu_training - _kt(_g['training'], _g['migrated']).tau) < 1e-6)\nTrue"},
]}]}
