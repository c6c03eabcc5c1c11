OK_FORMAT = True

test = {"name": 'q05_critical', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'a critical value between 0 and 1',
     "code": '>>> bool(0 < tau_crit < 1)\nTrue'},
    {"name": 'two stars: the two-tailed 0.01 level at the printed n',
     "code": '>>> from sunshine.report import exercises as _ex\n>>> bool(abs(tau_crit - _ex.critical_tau(2351, 0.01)) < 1e-9)\nTrue'},
]}]}
