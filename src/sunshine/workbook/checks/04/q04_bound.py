OK_FORMAT = True

test = {"name": 'q04_bound', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'a yes/no variable cannot reach tau-b = 1 with an untied one',
     "code": '>>> bool(0 < largest < 1)\nTrue'},
    {"name": "the bound sqrt(n1 n0 / N) for the book's migrants and stayers",
     "code": ">>> from sunshine.report import exercises as _ex\n>>> _n1 = int((wb_data['migrated'] == 1).sum())\n>>> bool(abs(largest - _ex.binary_tau_b_max(_n1, len(wb_data) - _n1)) < 1e-6)\nTrue"},
]}]}
