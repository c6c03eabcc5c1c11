OK_FORMAT = True

test = {"name": 'q04_by_hand', "points": 3, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'concordant and discordant pairs',
     "code": ">>> from sunshine.report import exercises as _ex\n>>> _c = _ex.pair_counts_table(_ex.BY_HAND_TABLE)\n>>> bool((concordant, discordant) == (_c['concordant'], _c['discordant']))\nTrue"},
    {"name": 'tau-b corrects for ties (it is not tau-a)',
     "code": ">>> from sunshine.report import exercises as _ex\n>>> _c = _ex.pair_counts_table(_ex.BY_HAND_TABLE)\n>>> _tau_a = (_c['concordant'] - _c['discordant']) / _c['n0']\n>>> abs(tau_b - _tau_a) > 1e-6\nTrue"},
    {"name": 'tau-b of the table',
     "code": ">>> from sunshine.report import exercises as _ex\n>>> _c = _ex.pair_counts_table(_ex.BY_HAND_TABLE)\n>>> _tau = (_c['concordant'] - _c['discordant']) / ((_c['n0'] - _c['tied_x']) * (_c['n0'] - _c['tied_y'])) ** 0.5\n>>> bool(abs(tau_b - _tau) < 1e-6)\nTrue"},
]}]}
