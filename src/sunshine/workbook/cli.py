"""``sunshine workbook grade FOLDER --chapter NN --out scores.csv``: grade handed-in workbooks safely."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLES = """examples:
  sunshine workbook grade submissions/ --chapter 05 --out grades/scores.csv
  sunshine workbook grade submissions/ --chapter 05 --out grades/scores.csv --time-limit 120 --memory-limit 2

Every .ipynb of the folder runs in its own sandbox (bubblewrap: no network, no access to
your files or environment, a time and a memory limit); only its answer variables are
read back, and the reference answers are computed outside it. After each submission,
scores.csv (one row a submission, with the reason of any that could not be graded) and
grades/scores-feedback/NAME.txt (what is wrong, never the answer) are written.
"""


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def add_workbook(sub: argparse._SubParsersAction) -> None:
    """Declare the ``workbook`` subcommand (its ``grade`` action)."""
    p = sub.add_parser(
        "workbook", help="grade a folder of handed-in workbook notebooks, each in a sandbox, into a CSV",
        description="Grade the workbooks students handed in.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="action", required=True)
    g = actions.add_parser("grade", help="grade every .ipynb of a folder",
                           epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    g.add_argument("folder", type=Path, help="folder of handed-in .ipynb files")
    g.add_argument("--chapter", required=True, help="the workbook's chapter: 04, 05, 06 or 08")
    g.add_argument("--out", type=Path, default=Path("scores.csv"),
                   help="CSV of scores, outside the submissions' folder (default scores.csv)")
    g.add_argument("--feedback", type=Path, help="folder of one feedback file a submission (default OUT-feedback)")
    g.add_argument("--time-limit", type=_positive, default=300, metavar="SECONDS",
                   help="time a submission may run (default 300)")
    g.add_argument("--memory-limit", type=_positive, default=4, metavar="GIB",
                   help="memory a submission may use, in GiB (default 4)")
    g.add_argument("--no-sandbox", action="store_true",
                   help="run submissions without bubblewrap (limits only: they can read your files)")
    g.add_argument("--force", action="store_true", help="replace an existing scores file and feedback files")
    g.set_defaults(func=run_grade)


def run_grade(args: argparse.Namespace) -> int:
    """Grade the folder and print a one-line summary."""
    from sunshine.workbook.grade import grade

    scores = grade(args.folder, args.chapter, args.out, args.feedback, seconds=int(args.time_limit),
                   memory=int(args.memory_limit * 2**30), sandbox=not args.no_sandbox, force=args.force)
    failed = int((scores["status"] != "graded").sum())
    print(f"{len(scores)} submission(s): {len(scores) - failed} graded, {failed} not graded; scores in {args.out}")
    return 0
