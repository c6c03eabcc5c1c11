"""``sunshine workbook grade FOLDER --chapter NN --out scores.csv``: grade handed-in workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLES = """examples:
  sunshine workbook grade submissions/ --chapter 05 --out scores.csv

Every .ipynb in the folder is executed and checked by otter-grader (offline, without
Docker) against the chapter's checks; scores.csv gets one row per submission: the
points of each question, the total and the possible total.
"""


def add_workbook(sub: argparse._SubParsersAction) -> None:
    """Declare the ``workbook`` subcommand (its ``grade`` action).

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subcommands of ``sunshine``.
    """
    p = sub.add_parser(
        "workbook", help="grade a folder of handed-in workbook notebooks (otter-grader) into a CSV",
        description="Grade the workbooks students handed in.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="action", required=True)
    g = actions.add_parser("grade", help="grade every .ipynb of a folder",
                           epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    g.add_argument("folder", type=Path, help="folder of handed-in .ipynb files")
    g.add_argument("--chapter", required=True, help="the workbook's chapter: 04, 05, 06 or 08")
    g.add_argument("--out", type=Path, default=Path("scores.csv"), help="CSV of scores (default scores.csv)")
    g.set_defaults(func=run_grade)


def run_grade(args: argparse.Namespace) -> int:
    """Grade the folder and print a one-line summary.

    Parameters
    ----------
    args : argparse.Namespace
        ``folder``, ``chapter`` and ``out``.

    Returns
    -------
    int
        The exit status, 0.
    """
    from sunshine.workbook import grade

    scores = grade(args.folder, args.chapter, args.out)
    print(f"{len(scores)} submission(s) graded; scores in {args.out}")
    return 0
