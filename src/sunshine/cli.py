"""Command-line interface: ``sunshine <command> ...`` (also ``python -m sunshine``).

Each subcommand is one pair of functions, ``_add_<name>(subparsers)`` that
declares its arguments and ``_run_<name>(args)`` that executes it; to add a
command, write the pair and list the ``_add_`` function in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

SYNTH_EXAMPLES = """\
examples:
  # rebuild the committed synthetic file byte for byte (refuses to overwrite):
  sunshine synth --seed 2009 --out data/cmlrs/cmlrs_synthetic.csv --force

  # ... after a deliberate change of the generator, record the new SHA-256:
  sunshine synth --seed 2009 --out data/cmlrs/cmlrs_synthetic.csv --force --record-hash

  # a random sample (by households) from the exact synthetic population,
  # whose coefficients vary with sampling error, for teaching variability:
  sunshine synth --mode population --seed 7 --out /tmp/cmlrs_draw.csv

  # change an assumption (any SynthParams field) and keep the report elsewhere:
  sunshine synth --out /tmp/alt.csv --set migrant_share=0.35 --set household_icc=0.1 \\
      --report /tmp/alt.report.json

The data are SYNTHETIC: reconstructed from the published coefficients of
Mao, Pih & Bao (2010), not the CMLRS 2009 microdata.
"""


def _parse_value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    if "," in text:
        return tuple(float(x) for x in text.split(","))
    return text


def _subcommand(sub: argparse._SubParsersAction, name: str, examples: str, **texts: str) -> argparse.ArgumentParser:
    """A subcommand's parser whose help ends with its ``examples`` (kept as written)."""
    return sub.add_parser(name, epilog=examples, formatter_class=argparse.RawDescriptionHelpFormatter, **texts)


def _add_synth(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(sub, "synth", SYNTH_EXAMPLES, help="generate the synthetic CMLRS sample and its report",
                    description="Generate a SYNTHETIC Gansu-Ningxia CMLRS sample (n = 2,351) that "
                    "reproduces the paper's attainable Kendall tau-b coefficients, and a JSON "
                    "report of every published cell (attainable or not, why, achieved value).")
    p.add_argument("--seed", type=int, default=2009, help="random seed (default 2009)")
    p.add_argument("--mode", choices=["exact", "population", "copula"], default="exact",
                   help="exact: reproduce the printed values (default); population: a sample "
                        "drawn by households from the exact one (sampling error); copula: plain "
                        "draw from the copula model, no refinement")
    p.add_argument("--out", required=True, type=Path, help="CSV file to write")
    p.add_argument("--report", type=Path, default=None,
                   help="JSON report (default: OUT with suffix .report.json)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a generator parameter (repeatable); see SynthParams")
    p.add_argument("--record-hash", action="store_true",
                   help="record the new file's SHA-256 in data/cmlrs/datapackage.json "
                        "(only for the committed file, after a deliberate change)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=_run_synth)


def _run_synth(args: argparse.Namespace) -> int:
    from sunshine.synth import SynthParams, generate, write
    from sunshine.synth.settings import SynthParams as _P

    overrides = {}
    for item in args.set:
        if "=" not in item:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE")
        name, value = item.split("=", 1)
        if name not in _P.field_names() or name in ("seed", "mode"):
            raise ValueError(f"--set {name}: unknown parameter (see sunshine.synth.SynthParams)")
        overrides[name] = _parse_value(value)
    params = SynthParams(seed=args.seed, mode=args.mode, **overrides).validate()
    report = args.report or args.out.with_suffix(".report.json")
    for path in (args.out, report):
        if path.exists() and not args.force:
            raise FileExistsError(f"{path} exists; use --force to overwrite it")
        if not path.parent.is_dir():
            raise FileNotFoundError(f"folder {path.parent} does not exist")
    t0 = time.time()
    result = generate(params, progress=not args.quiet)
    written = write(result, args.out, force=args.force, report=report)
    if args.record_hash:
        from sunshine.paths import LAYOUT
        from sunshine.synth.io import record_hash

        record_hash(args.out, LAYOUT.codebook_file)
        print(f"recorded sha256 in {LAYOUT.codebook_file}")
    rep = result.report
    numeric = rep[rep["attainable"] & rep["error"].notna() & (rep["status"] != "not targeted")]
    print(f"wrote {written['out']} (SYNTHETIC data, {len(result.data)} persons)\n"
          f"sha256 {written['sha256']}\n"
          f"report {written['report']}: {int((rep['status'] == 'reproduced').sum())} reproduced, "
          f"{int((rep['status'] == 'unattainable').sum())} unattainable; max |error| of attainable "
          f"targets {numeric['error'].abs().max():.6f}; {time.time() - t0:.1f} s")
    return 0


RERUN_EXAMPLES = """\
examples:
  # Table I for Gansu only (survey chapters take the same parameters):
  sunshine rerun 05 -p provinces '[Gansu]' --run gansu-only

  # women only, chapters 5 and 6, with household-clustered significance:
  sunshine rerun 05 06 -p gender female -p clustered true --run women

  # your own data file (it must follow data/cmlrs/datapackage.json):
  sunshine rerun --all -p data_path /path/to/my_survey.csv --run my-data --build

  # new synthetic data drawn in the run, parameters from a file:
  sunshine rerun 05 -f params.yaml --run draw-7      # params.yaml: {data_path: null, synthetic_mode: population, seed: 7}

Values are read as YAML: 2011, true, null, [Gansu, Ningxia], {"**": 0.01, "*": 0.05}.
Results go to runs/NAME/ (executed chapters, run.json manifest; with --build an
alternate edition in runs/NAME/_build/html, every page bannered). notebooks/ and
other runs are never touched; an existing run is refused unless --overwrite.
"""

SWEEP_EXAMPLES = """\
examples:
  sunshine sweep grid.yaml --jobs 2
  sunshine sweep grid.yaml --scheduler tcp://scheduler.example:8786   # a Dask cluster

grid.yaml:
  chapter: 05
  run: table1-by-seed
  fixed: {data_path: null, synthetic_mode: population}
  grid: {provinces: [[Gansu], [Ningxia]], seed: [1, 2, 3]}
  collect: [t1_tau_training_migration]        # optional; default every glued value

Writes runs/NAME/sets/NNNN.ipynb and runs/NAME/results.csv (one row per set).
"""


def _add_rerun(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(sub, "rerun", RERUN_EXAMPLES, help="rerun chapters with new parameters or data into runs/NAME/",
                    description="Execute chapters with papermill under new parameters or data into runs/NAME/, "
                    "validating everything before any chapter starts.")
    p.add_argument("chapters", nargs="*", metavar="NOTEBOOK", help="chapter number, name or path (e.g. 05)")
    p.add_argument("--all", action="store_true", help="every chapter of the book")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="set a parameter (repeatable); VALUE is read as YAML")
    p.add_argument("-f", "--parameters-file", action="append", default=[], metavar="FILE",
                   help="YAML file of parameters (repeatable; -p wins)")
    p.add_argument("--run", required=True, metavar="NAME", help="name of the run: results go to runs/NAME/")
    p.add_argument("--overwrite", action="store_true", help="replace an existing run of that name")
    p.add_argument("--build", action="store_true", help="with --all: render an alternate edition of the book")
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    p.set_defaults(func=_run_rerun)


def _run_rerun(args: argparse.Namespace) -> int:
    from papermill.exceptions import PapermillExecutionError

    from sunshine.runs.rerun import collect_parameters, rerun

    given = collect_parameters([tuple(pair) for pair in args.parameter], args.parameters_file)
    log = (lambda *a: None) if args.quiet else (lambda message: print(message, file=sys.stderr))
    try:
        manifest = rerun(args.chapters, given, args.run, all_chapters=args.all,
                         overwrite=args.overwrite, build=args.build, log=log)
    except PapermillExecutionError as exc:
        print(f"sunshine rerun: error: a chapter raised {exc.ename}: {exc.evalue} "
              f"(the executed notebook and run.json in runs/{args.run}/ show where)", file=sys.stderr)
        return 1
    print(f"runs/{args.run}/run.json: {manifest['status']}, {len(manifest['chapters'])} chapter(s)")
    return 0


def _add_sweep(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(sub, "sweep", SWEEP_EXAMPLES, help="run a chapter over a grid of parameter sets and collect the results",
                    description="Run one chapter over every parameter set of a YAML grid, in parallel, and "
                    "collect its glued key results into runs/NAME/results.csv.")
    p.add_argument("grid", type=Path, help="YAML grid file")
    p.add_argument("--jobs", type=int, default=1, help="parameter sets run at once in local processes (default 1)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on a Dask cluster at this scheduler address instead of locally")
    p.add_argument("--overwrite", action="store_true", help="replace an existing run of that name")
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    p.set_defaults(func=_run_sweep)


def _run_sweep(args: argparse.Namespace) -> int:
    from sunshine.runs.sweep import sweep

    log = (lambda *a: None) if args.quiet else (lambda message: print(message, file=sys.stderr))
    table = sweep(args.grid, jobs=args.jobs, scheduler=args.scheduler, overwrite=args.overwrite, log=log)
    print(f"{len(table)} parameter sets; results in runs/{yaml_run_name(args.grid)}/results.csv")
    return 0


def yaml_run_name(grid: Path) -> str:
    """The run name a grid file gives.

    Parameters
    ----------
    grid : pathlib.Path
        The YAML grid file.

    Returns
    -------
    str
    """
    from sunshine.runs.sweep import load_grid

    return load_grid(grid)["run"]


def _add_workbook(sub: argparse._SubParsersAction) -> None:
    from sunshine.workbook.cli import add_workbook

    add_workbook(sub)


COMMANDS = [_add_synth, _add_rerun, _add_sweep, _add_workbook]
"""Subcommand declarers; each sets ``func`` to its runner."""


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand of :data:`COMMANDS`.

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = argparse.ArgumentParser(
        prog="sunshine",
        description="Tools of the executable edition of Mao, Pih & Bao (2010).",
        epilog="examples:\n"
               "  sunshine synth --seed 2009 --out data/cmlrs/cmlrs_synthetic.csv --force\n"
               "  sunshine rerun 05 -p provinces '[Gansu]' --run gansu-only\n"
               "  sunshine sweep grid.yaml --jobs 2\n"
               "  python -m sunshine synth --help\n\n"
               "run 'sunshine <command> --help' for a command's options and examples",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sunshine`` console script; returns the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the command line).

    Returns
    -------
    int
        0 on success, 1 when a chapter raised, 2 for bad input.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ValueError, FileExistsError, FileNotFoundError) as exc:
        print(f"sunshine {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
