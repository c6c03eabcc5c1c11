"""Command-line interface: ``sunshine <command> ...`` (also ``python -m sunshine``).

Each subcommand is a pair: ``_add_<name>(subparsers)`` declares its arguments (listed in
:data:`COMMANDS`), ``_run_<name>(args)`` executes it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
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
        with contextlib.suppress(ValueError):
            return cast(text)
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
                   help="exact: reproduce the printed values (default); population: a sample drawn by "
                   "households from the exact one (sampling error); copula: plain draw from the copula "
                   "model, no refinement")
    p.add_argument("--out", required=True, type=Path, help="CSV file to write")
    p.add_argument("--report", type=Path, help="JSON report (default: OUT with suffix .report.json)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a generator parameter (repeatable); see SynthParams")
    p.add_argument("--record-hash", action="store_true", help="record the new file's SHA-256 in "
                   "data/cmlrs/datapackage.json (only for the committed file, after a deliberate change)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=_run_synth)


def synth_outputs(out: Path, report: Path | None, *, force: bool, record_hash: bool) -> Path:
    """Check every output of ``sunshine synth`` before anything is generated; return the report path."""
    report = report or out.with_suffix(".report.json")
    if out.resolve() == report.resolve():
        raise ValueError(f"--report {report} is the data file --out {out}: give the report another name")
    if record_hash:
        from sunshine.paths import CMLRS_DIR

        committed = (CMLRS_DIR / "cmlrs_synthetic.csv").resolve()
        if out.resolve() != committed:
            raise ValueError(f"--record-hash records the hash of the repository's own {committed.name} "
                             f"(data/cmlrs/); {out} is another file")
    from sunshine.files import check_replaceable

    for path in (out, report):
        if path.is_dir():
            raise ValueError(f"{path} is a folder; give a file name")
        check_replaceable(path)
        if path.exists() and not force:
            raise FileExistsError(f"{path} exists; use --force to overwrite it")
        if not path.parent.is_dir():
            raise FileNotFoundError(f"folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise PermissionError(f"cannot write {path}: permission denied")
    return report


def _run_synth(args: argparse.Namespace) -> int:
    from sunshine.synth import SynthParams, generate, write

    overrides = {}
    for item in args.set:
        if "=" not in item:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE")
        name, value = item.split("=", 1)
        if name not in SynthParams.field_names() or name in ("seed", "mode"):
            raise ValueError(f"--set {name}: unknown parameter (see sunshine.synth.SynthParams)")
        overrides[name] = _parse_value(value)
    from sunshine.runs.parameters import MAX_SAMPLE_SIZE

    n_persons = overrides.get("n_persons")
    if isinstance(n_persons, int) and n_persons > MAX_SAMPLE_SIZE:
        raise ValueError(f"--set n_persons={n_persons}: at most {MAX_SAMPLE_SIZE:,} (the generator's tested range; "
                         "beyond it, it runs for hours or overflows)")
    params = SynthParams(seed=args.seed, mode=args.mode, **overrides).validate()
    report = synth_outputs(args.out, args.report, force=args.force, record_hash=args.record_hash)
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
other runs are never touched; an existing run is refused unless --force.
Everything (parameters, data file) is checked before anything is written; the
run is built aside and replaces runs/NAME only when complete: a failed or
interrupted --force keeps the old run and leaves its attempt in
runs/NAME~failed (run.json says what went wrong). Exit status: 0 done, 2 input
refused, 1 run failed, 130 interrupted.
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

Writes runs/NAME/sets/NNNN.ipynb and runs/NAME/results.csv (one row per set,
with its status and error). Every set is checked before any runs; a failing set
does not stop the others.
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
    p.add_argument("--build", action="store_true", help="with --all: render an alternate edition of the book")
    _add_run_options(p)
    p.set_defaults(func=_run_rerun)


def _add_run_options(p: argparse.ArgumentParser) -> None:
    """``--force`` and ``--quiet``, as ``rerun`` and ``sweep`` take them."""
    p.add_argument("--force", "--overwrite", dest="overwrite", action="store_true",
                   help="replace an existing run of that name (--overwrite: the earlier spelling)")
    p.add_argument("--quiet", action="store_true", help="no progress messages")


def _log(args: argparse.Namespace):
    """Where ``rerun`` and ``sweep`` report progress: stderr, or nowhere with ``--quiet``."""
    return (lambda *a: None) if args.quiet else (lambda message: print(message, file=sys.stderr))


def _run_rerun(args: argparse.Namespace) -> int:
    from sunshine.runs.rerun import collect_parameters, rerun

    given = collect_parameters([tuple(pair) for pair in args.parameter], args.parameters_file)
    manifest = rerun(args.chapters, given, args.run, all_chapters=args.all,
                     overwrite=args.overwrite, build=args.build, log=_log(args))
    print(f"runs/{args.run}/run.json: {manifest['status']}, {len(manifest['chapters'])} chapter(s)")
    return 0


def _add_sweep(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(sub, "sweep", SWEEP_EXAMPLES, help="run a chapter over a grid of parameter sets and collect the results",
                    description="Run one chapter over every parameter set of a YAML grid, in parallel, and "
                    "collect its glued key results into runs/NAME/results.csv.")
    p.add_argument("grid", type=Path, help="YAML grid file")
    p.add_argument("--jobs", type=int, default=1, help="parameter sets run at once in local processes (default 1)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster at this scheduler address instead of locally")
    _add_run_options(p)
    p.set_defaults(func=_run_sweep)


def _run_sweep(args: argparse.Namespace) -> int:
    from sunshine.runs.sweep import sweep

    table = sweep(args.grid, jobs=args.jobs, scheduler=args.scheduler, overwrite=args.overwrite, log=_log(args))
    print(f"{len(table)} parameter sets; results in {table.attrs['results']}")
    return 0


ENSEMBLE_EXAMPLES = """\
examples:
  sunshine ensemble --members 300 --jobs 2 --force                        # replace the published ensemble
  sunshine ensemble --members 400 --jobs 2 --resume                       # add members 300-399 (same generator)
  sunshine ensemble --members 10000 --scheduler tcp://scheduler.example:8786 --out /tmp/big

Results that exist are never replaced without --force: not the published
edition (data/ensemble, the default --out), not another folder's. --resume
adds to results made by the same generator code and settings without --force;
results made by other code would be discarded, so that needs --force too.
"""


def _add_ensemble(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(
        sub, "ensemble", ENSEMBLE_EXAMPLES, help="generate, check and analyse an ensemble of synthetic samples",
        description="Generate N SYNTHETIC samples that all reproduce the printed Table I and "
                    "Table II cells and differ in what the print leaves open "
                    "(data/ensemble/dimensions.yaml); check each, run the analyses the paper "
                    "did not run, and write the results with their cache key.")
    p.add_argument("--members", type=int, default=200, help="number of members (default 200)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=int, default=1, help="local worker processes (default 1)")
    where.add_argument("--scheduler", help="address of a Dask scheduler")
    p.add_argument("--out", type=Path, help="results folder (default: data/ensemble, the published edition)")
    p.add_argument("--sampling-draws", type=int, default=200,
                   help="household resamples of one member for Table I's sampling variability")
    p.add_argument("--resume", action="store_true",
                   help="keep the members already computed under the same key; run the rest")
    p.add_argument("--force", action="store_true",
                   help="replace the results already in the folder (the published ones by default)")
    p.add_argument("--witness-proposals", type=int, default=6000, help="proposals per witness search, run "
                   "after the members on --jobs processes (default 6000; 0 skips the search)")
    p.set_defaults(func=_run_ensemble)


def ensemble_outputs(out: Path, *, resume: bool, force: bool, published: bool) -> None:
    """Refuse, before anything runs, an ensemble that would replace results without ``--force``."""
    from sunshine.files import check_replaceable
    from sunshine.synth import ensemble_run as er

    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file, not a folder: give a folder for the results")
    outputs = [out / name for name in (er.MEMBERS_FILE, er.REJECTED_FILE, er.SAMPLING_FILE, er.KEY_FILE)]
    for path in outputs:
        check_replaceable(path)
    present = [path.name for path in outputs if path.exists()]
    if not present or force:
        return
    what = f"the published ensemble ({out})" if published else f"{out}"
    if resume:
        try:
            stored = json.loads((out / er.KEY_FILE).read_text(encoding="utf-8")).get("key")
        except (OSError, ValueError, AttributeError):
            stored = None
        if stored == er.ensemble_key(er.en.DIMENSIONS_FILE):
            return
        raise ValueError(f"{what} holds results made by other generator code or settings: --resume cannot keep "
                         "them and would replace them; pass --force to replace them, or --out another folder")
    raise ValueError(f"{what} holds results ({', '.join(present)}) that this run would replace: pass --force "
                     "to replace them, --resume to add members to them, or --out another folder")


def _run_ensemble(args: argparse.Namespace) -> int:
    from sunshine.synth.ensemble import ENSEMBLE_DIR
    from sunshine.synth.ensemble_run import run_ensemble

    if not 1 <= args.members <= 1_000_000:
        raise ValueError(f"--members {args.members}: expected a whole number from 1 to 1,000,000")
    if args.scheduler is None and not 1 <= args.jobs <= args.members:
        raise ValueError(f"--jobs {args.jobs}: expected a whole number from 1 to --members ({args.members})")
    if args.sampling_draws < 0:
        raise ValueError(f"--sampling-draws {args.sampling_draws}: expected a whole number, 0 or more")
    out = args.out or ENSEMBLE_DIR
    ensemble_outputs(out, resume=args.resume, force=args.force,
                     published=Path(out).resolve() == Path(ENSEMBLE_DIR).resolve())
    if args.witness_proposals < 0:
        raise ValueError(f"--witness-proposals {args.witness_proposals}: expected a whole number, 0 or more")
    run_ensemble(args.members, jobs=args.jobs, scheduler=args.scheduler, out_dir=out,
                 sampling=args.sampling_draws, resume=args.resume)
    if args.witness_proposals:
        from sunshine.synth.witness import run_witness_search

        run_witness_search(out, jobs=max(args.jobs, 1), proposals=args.witness_proposals)
    return 0


WORKBOOK_EXAMPLES = """examples:
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


def _add_workbook(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(sub, "workbook", WORKBOOK_EXAMPLES, description="Grade the workbooks students handed in.",
                    help="grade a folder of handed-in workbook notebooks, each in a sandbox, into a CSV")
    actions = p.add_subparsers(dest="action", metavar="action", required=True)
    g = _subcommand(actions, "grade", WORKBOOK_EXAMPLES, help="grade every .ipynb of a folder")
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
    g.set_defaults(func=_run_workbook)


def _run_workbook(args: argparse.Namespace) -> int:
    from sunshine.workbook.grade import grade

    scores = grade(args.folder, args.chapter, args.out, args.feedback, seconds=int(args.time_limit),
                   memory=int(args.memory_limit * 2**30), sandbox=not args.no_sandbox, force=args.force)
    failed = int((scores["status"] != "graded").sum())
    print(f"{len(scores)} submission(s): {len(scores) - failed} graded, {failed} not graded; scores in {args.out}")
    return 0


CHECK_DATA_EXAMPLES = """\
examples:
  sunshine check-data my_survey.csv                       # a file in the codebook's names and codes
  sunshine check-data my_survey.sav --map my_survey.map.yaml
  sunshine check-data my_survey.dta --map my_survey.map.yaml -p provinces '[Gansu]' -p gender female

Formats: .csv, .csv.gz, .sav (SPSS), .dta (Stata), .parquet. The mapping (YAML) says which
column is which codebook variable, how codes or value labels become the codebook's codes, which
codes mean missing, and how variables are derived; see sunshine.data.mapping. Exit status 0 when
the chapters would accept the file, 1 when not. Nothing is written.
"""


def _add_check_data(sub: argparse._SubParsersAction) -> None:
    p = _subcommand(
        sub, "check-data", CHECK_DATA_EXAMPLES, help="validate a data file (and its mapping) without running anything",
        description="Read a data file as the survey chapters would (through a mapping if given), "
                    "validate it against the codebook and print what the chapters would use: rows "
                    "kept and dropped by each rule, missingness and distribution per variable, codes "
                    "left unmapped, and every problem with variable, value and row. Writes nothing.")
    p.add_argument("file", type=Path, help="data file (.csv, .csv.gz, .sav, .dta, .parquet)")
    p.add_argument("--map", type=Path, metavar="M", help="YAML mapping file")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="a selection parameter of the chapters (provinces, age_min, age_max, gender)")
    p.set_defaults(func=_run_check_data)


def _run_check_data(args: argparse.Namespace) -> int:
    from sunshine.data.check import check_data
    from sunshine.runs.parameters import validate
    from sunshine.runs.rerun import parse_value

    allowed = ("provinces", "age_min", "age_max", "gender")
    given = {name: parse_value(text) for name, text in args.parameter}
    for name in given:
        if name not in allowed:
            raise ValueError(f"-p {name}: check-data takes only {', '.join(allowed)}")
    report = check_data(args.file, args.map, validate(data_path=None, **given))
    print(report.text())
    return 0 if report.ok else 1


def _add_stop_server(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stop-server", help="end the resident warm servers that keep reruns fast",
                       description="A rerun leaves a warm server with the scientific stack imported, so that "
                       "the next starts in a fraction of the time; it ends by itself after 600 s without work "
                       "(SUNSHINE_WARM_SERVER_IDLE, in seconds; SUNSHINE_WARM_SERVER=process keeps none). This "
                       "command stops every such server in your temporary folder ($TMPDIR): it takes no new "
                       "rerun and ends when those it runs have finished.")
    p.set_defaults(func=_run_stop_server)


def _run_stop_server(args: argparse.Namespace) -> int:
    from sunshine.runs import executor

    stopped = executor.stop_resident()
    busy = sum(answer["kernels"] for answer in stopped)
    print(f"stopped {len(stopped)} warm server(s)" + (f": {', '.join(str(a['stopping']) for a in stopped)}" if stopped else "")
          + (f" ({busy} running rerun(s) finish first)" if busy else ""))
    return 0


COMMANDS = [_add_synth, _add_rerun, _add_sweep, _add_check_data, _add_ensemble, _add_workbook, _add_stop_server]
"""Subcommand declarers; each sets ``func`` to its runner."""


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="sunshine",
        description="Tools of the executable edition of Mao, Pih & Bao (2010).",
        epilog="examples:\n"
               "  sunshine synth --seed 2009 --out data/cmlrs/cmlrs_synthetic.csv --force\n"
               "  sunshine rerun 05 -p provinces '[Gansu]' --run gansu-only\n"
               "  sunshine sweep grid.yaml --jobs 2\n"
               "  sunshine check-data my_survey.sav --map my_survey.map.yaml\n"
               "  python -m sunshine synth --help\n\n"
               "run 'sunshine <command> --help' for a command's options and examples",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def _one_line(error: BaseException) -> str:
    from sunshine.runs.transaction import error_text

    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    if isinstance(error, (ValueError, RuntimeError)) and str(error).strip():
        return " ".join(str(error).split())
    return error_text(error)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sunshine`` console script; returns the exit status. Every error ends in one
    line on stderr, never a traceback (unless ``SUNSHINE_DEBUG=1``)."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["rerun"] and not {"-h", "--help"} & set(given):
        from sunshine.runs import executor  # standard library only

        try:
            executor.use_resident_server()
        except ValueError as exc:
            print(f"sunshine rerun: error: {exc}", file=sys.stderr)
            return 2
        executor.warm_server()  # it imports the stack while this process parses, imports and plans
    args = build_parser().parse_args(argv)
    from sunshine.runs.transaction import Interrupted, RunFailed, RunInterrupted, interrupt_on_signals

    try:
        with interrupt_on_signals():
            return int(args.func(args) or 0)
    except (RunInterrupted, KeyboardInterrupt, Interrupted) as exc:
        detail = f": {exc}" if isinstance(exc, RunInterrupted) else ""
        print(f"sunshine {args.command}: interrupted{detail}", file=sys.stderr)
        return 130
    except RunFailed as exc:
        print(f"sunshine {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line: 2 for what was refused (ValueError, OSError), 1 for anything else
        if os.environ.get("SUNSHINE_DEBUG"):
            raise
        print(f"sunshine {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2 if isinstance(exc, (ValueError, OSError)) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
