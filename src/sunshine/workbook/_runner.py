"""Inside the sandbox: run a submission's code cells and print its answers as one JSON line.

Reads ``{"cells": [...], "answers": [...]}`` from standard input, runs the cells in one IPython
namespace (a cell that raises is recorded) and prints ``{"answers": ..., "errors": ...}`` last.
The grader trusts nothing here but parses that line.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys


def main() -> None:
    """Run the cells read from standard input; print the answers."""
    job = json.loads(sys.stdin.read())
    out = os.fdopen(os.dup(1), "w")
    seed = os.environ.get("SUNSHINE_NUMBA_SEED")
    if seed and os.path.isdir(seed):  # the host's compiled kernels, copied where this run may write
        shutil.copytree(seed, os.environ["NUMBA_CACHE_DIR"], dirs_exist_ok=True)
    from IPython.core.interactiveshell import InteractiveShell

    from sunshine.workbook import plain

    shell = InteractiveShell.instance()
    errors = []
    for number, source in enumerate(job["cells"], start=1):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result = shell.run_cell(source, store_history=False, silent=True)
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            errors.append({"cell": number, "error": type(error).__name__})
    answers = {}
    for name in job["answers"]:
        if name in shell.user_ns:
            try:
                answers[name] = plain(shell.user_ns[name])
            except Exception:  # noqa: BLE001  (an answer that cannot be read is reported, not fatal)
                answers[name] = {"unsupported": "unreadable"}
    out.write("\n" + json.dumps({"answers": answers, "errors": errors}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
