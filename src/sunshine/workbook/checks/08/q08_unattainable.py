OK_FORMAT = True

test = {"name": 'q08_unattainable', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'the number of printed cells no data set can reproduce',
     "code": ">>> from sunshine.synth import assess as _assess\n>>> bool(n_unattainable == int((_assess(wb_data)['status'] == 'unattainable').sum()))\nTrue"},
]}]}
