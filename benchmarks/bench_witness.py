"""Benchmark of the witness search (issue: what the print settles, proved or refuted).

Rebuilds one member, then runs one search in each direction for every open
quantity (``sunshine.synth.witness.SEARCHES``) with the proposals of the
published search, and prints the CPU seconds per quantity. The peer, run in
the same process on the same data, is one analysis of the member
(``ensemble_analysis.analyse``): the ratio search / analysis does not depend
on how busy a shared machine is. It then projects the whole plan (every
search of ``witness.plan`` over the committed ensemble) onto 2 workers; the
published target is at most 15 minutes.

Run: ``.venv/bin/python benchmarks/bench_witness.py [--proposals N]``.
"""

from __future__ import annotations

import argparse
import time

from sunshine.synth import ensemble as en
from sunshine.synth import ensemble_analysis as ea
from sunshine.synth import ensemble_run, witness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proposals", type=int, default=6000, help="proposals per search (default 6000)")
    args, _ = parser.parse_known_args()
    members = ensemble_run.load_results(check=False)["members"]
    row = members.iloc[0].to_dict()
    start = time.process_time()
    df = en.regenerate(row).data
    rebuild = time.process_time() - start
    start = time.process_time()
    ea.analyse(df)
    peer = time.process_time() - start
    per = {}
    for quantity in witness.SEARCHES:
        start = time.process_time()
        for direction in (1, -1):
            wdf, _ = witness.search(df, quantity, direction, seed=1, proposals=args.proposals)
            witness.evaluate(wdf, quantity)
            witness.reproduces_print(wdf)
        per[quantity] = (time.process_time() - start) / 2
    print(f"witness search ({args.proposals} proposals a search; CPU seconds)")
    print(f"  rebuild a member {rebuild:6.2f} s   one analysis (peer) {peer:6.2f} s")
    for quantity, sec in per.items():
        print(f"  {quantity:16s} {sec:6.2f} s a search   {sec / peer:6.1f}x the peer")
    plan = witness.plan(members)
    searches = sum(map(len, plan.values()))
    mean = sum(per.values()) / len(per)
    total = len(plan) * rebuild + searches * mean
    print(f"  plan: {searches} searches from {len(plan)} members: {total:6.0f} CPU s, "
          f"{total / 2 / 60:5.1f} min on 2 workers (target <= 15 min)")


if __name__ == "__main__":
    main()
