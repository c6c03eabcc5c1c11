OK_FORMAT = True

test = {"name": 'q06_cluster', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'the household-clustered standard error of remittance and income among migrants',
     "code": ">>> from sunshine.kendall import kendall_tau as _kt\n>>> _m = wb_data[wb_data['migrated'] == 1]\n>>> _p = _kt(_m['remittance'], _m['income'], cluster=_m['household_id'])\n>>> bool(abs(se_households - _p.se_cluster) < 1e-9)\nTrue"},
]}]}
