OK_FORMAT = True

test = {"name": 'q06_garbled', "points": 2, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "", "cases": [
    {"name": 'a list of (row_var, column_var) pairs',
     "code": '>>> bool(all(isinstance(p, tuple) and len(p) == 2 for p in garbled))\nTrue'},
    {"name": 'exactly the printed values no Kendall coefficient can take',
     "code": ">>> from sunshine.data import published as _pub\n>>> _t = _pub.load_table('table2')\n>>> sorted(garbled) == sorted(zip(_t.loc[_t['printed_value'].abs() > 1, 'row_var'], _t.loc[_t['printed_value'].abs() > 1, 'column_var']))\nTrue"},
]}]}
