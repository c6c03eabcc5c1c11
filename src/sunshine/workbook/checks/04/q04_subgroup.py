OK_FORMAT = True

test = {"name": 'q04_subgroup', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'a coefficient between -1 and 1',
     "code": '>>> bool(-1 <= tau_women <= 1)\nTrue'},
    {"name": 'tau-b of education and migrated among women (gender == 1)',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> _w = wb_data[wb_data['gender'] == 1]\n>>> bool(abs(tau_women - _kt(_w['education'], _w['migrated']).tau) < 1e-6)\nTrue"},
]}]}
