"""The attempts of issue #11, run against a version of the package: the table (attempt, result) of the closing note.

Not a test (pytest does not collect it): a script that runs each bad input or
fault of the issue through the command line, on a scratch copy of the project,
and prints one line per attempt (also written as JSON to OUTFILE)::

    python tests/reliability_attempts.py OUTFILE.json                 # this version
    git archive 4c15f2f src | tar -x -C OLD                           # the code before issue #11
    python tests/reliability_attempts.py OUTFILE.json --src OLD/src   # that version

It takes about 4 minutes (8 before the fixes, which run what they should refuse).
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path
import jupytext, nbformat


def main() -> None:
    """Run every attempt and write the table."""

    ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ARGS.add_argument("outfile")
    ARGS.add_argument("--src", help="the src/ folder of the package version to try (default: this one)")
    ARGS = ARGS.parse_args()
    WT = Path(__file__).resolve().parents[1]
    SRC = Path(ARGS.src).resolve() if ARGS.src else WT / "src"
    BASE = Path(tempfile.mkdtemp(prefix="reliability-attempts-"))
    P = BASE / "project"
    P.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "references.bib", "requirements.lock", "book", "notebooks", "data"):
        s = WT / name
        (shutil.copytree if s.is_dir() else shutil.copy2)(s, P / name)
    sys.path.insert(0, str(WT / "tests"))
    from test_reliability_runs import PROBE as FAULT
    from test_rerun import PROBE as SURVEY
    for stem, text in (("97_probe_fault", FAULT), ("98_probe_survey", SURVEY)):
        path = P / "notebooks" / f"{stem}.py"
        path.write_text(text)
        nbformat.write(jupytext.read(path), path.with_suffix(".ipynb"))
    ENV = dict(os.environ, PYTHONPATH=str(SRC), SUNSHINE_PROJECT_ROOT=str(P))
    PY = sys.executable
    rows = []

    def sun(*args, timeout=300, **kw):
        try:
            r = subprocess.run([PY, "-m", "sunshine", *args], cwd=P, env=ENV, capture_output=True, text=True, timeout=timeout, **kw)
        except subprocess.TimeoutExpired:
            return None, "", f"still running after {timeout} s (killed)"
        return r.returncode, r.stdout, r.stderr

    def brief(rc, err):
        tb = "traceback" if "Traceback" in err else ""
        last = [l for l in err.splitlines() if l.strip()]
        line = last[-1][:150] if last else ""
        return f"exit {rc}{', ' + tb if tb else ''}: {line}"

    def status(name):
        f = P / "runs" / name / "run.json"
        if not f.exists():
            return "no runs/%s/run.json" % name
        m = json.loads(f.read_text())
        return f"runs/{name} status={m.get('status')} error={m.get('error', '')!r}"[:160]

    def row(attempt, result):
        rows.append((attempt, result)); print(attempt, "=>", result, flush=True)

    # 1 failing overwrite
    sun("rerun", "97", "-p", "label", "good", "--run", "keep")
    rc, o, e = sun("rerun", "97", "-p", "fail", "true", "--run", "keep", "--overwrite")
    row("rerun --overwrite that fails, over a good run", f"{brief(rc, e)}; {status('keep')}")
    # 2 data file inside the run it replaces
    shutil.copy(P / "data/cmlrs/cmlrs_synthetic.csv", P / "runs/keep/mine.csv")
    rc, o, e = sun("rerun", "98", "-p", "data_path", str(P / "runs/keep/mine.csv"), "--run", "keep", "--overwrite")
    row("--overwrite with data_path inside runs/NAME", f"{brief(rc, e)}; mine.csv {'kept' if (P / 'runs/keep/mine.csv').exists() else 'DELETED'}")
    # 3 concurrent
    a = subprocess.Popen([PY, "-m", "sunshine", "rerun", "97", "-p", "wait_seconds", "8", "-p", "label", "A", "--run", "twice"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    b = subprocess.Popen([PY, "-m", "sunshine", "rerun", "97", "-p", "label", "B", "--run", "twice", "--overwrite"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    bo, be = b.communicate(); ao, ae = a.communicate()
    row("two reruns of one --run at once", f"first exit {a.returncode}, second {brief(b.returncode, be)}")
    # 8 bad data file
    bad = BASE / "bad.csv"
    lines = (P / "data/cmlrs/cmlrs_synthetic.csv").read_text().splitlines()
    parts = lines[7].split(","); parts[5] = "old"; lines[7] = ",".join(parts)
    bad.write_text("\n".join(lines) + "\n")
    rc, o, e = sun("rerun", "98", "-p", "data_path", str(bad), "--run", "baddata")
    row("data file with text in a number column", f"{brief(rc, e)}; runs/baddata {'exists' if (P / 'runs/baddata').exists() else 'not created'}")
    for attempt, args in [
        ("YEAR 2011 (chapter 01)", ["rerun", "01", "-p", "YEAR", "2011", "--run", "year"]),
        ("n_draws 0 (chapter 90)", ["rerun", "90", "-p", "n_draws", "0", "--run", "draws0"]),
        ("n_draws 2.5 (chapter 90)", ["rerun", "90", "-p", "n_draws", "2.5", "--run", "draws25"]),
    ]:
        rc, o, e = sun(*args)
        name = args[args.index("--run") + 1]
        row(attempt, f"{brief(rc, e)}; runs/{name} {'exists' if (P / 'runs' / name).exists() else 'not created'}")
    rc, o, e = sun("rerun", "98", "-p", "data_path", "", "--run", "emptypath")
    row("data_path '' (empty)", f"{brief(rc, e)}; {status('emptypath')}")
    rc, o, e = sun("rerun", "98", "-p", "data_path", "null", "-p", "sample_size", "120001", "--run", "huge", timeout=40)
    row("sample_size 120001", f"{brief(rc, e) if rc is not None else e}")
    # sweeps
    def grid(text):
        g = BASE / "grid.yaml"; g.write_text(text); return str(g)
    t = time.time(); rc, o, e = sun("sweep", grid("chapter: 97\nrun: sw1\ngrid:\n  label: [a]\ncollect: [nope]\n"))
    row("sweep collect name the chapter never glues", f"{brief(rc, e)} after {time.time() - t:.0f} s; runs/sw1 {'exists' if (P / 'runs/sw1').exists() else 'not created'}")
    rc, o, e = sun("sweep", grid("chapter: 97\nrun: sw2\ngrid: {}\n"))
    row("sweep with an empty grid", brief(rc, e) + f"; {o.strip()[:60]}")
    rc, o, e = sun("sweep", grid("chapter: 97\nrun: sw3\ngrid:\n  label: [a, a]\n"))
    row("sweep with duplicate sets", brief(rc, e) + f"; {o.strip()[:60]}")
    rc, o, e = sun("sweep", grid("chapter: 97\nrun: sw4\ngrid:\n  label: [a, b]\n"), "--jobs", "64")
    row("sweep --jobs 64 for 2 sets", brief(rc, e) + f"; {o.strip()[:60]}")
    rc, o, e = sun("sweep", grid("chapter: 97\nrun: sw5\ngrid:\n  fail: [false, true]\n"))
    res = P / "runs/sw5/results.csv"
    row("sweep where one set fails", brief(rc, e) + f"; results.csv: {res.read_text().splitlines()[0][:60] + ' ...' if res.exists() else 'none'}")
    rc, o, e = sun("sweep", grid("chapter: 97\nrun: sw6\ngrid:\n  label: [a, b]\n"), "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    row("sweep on a dead Dask scheduler", brief(rc, e) if rc is not None else e)
    # yaml
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    t = time.time()
    rc, o, e = sun("rerun", "98", "-p", "provinces", bomb, "--run", "bomb", timeout=60, preexec_fn=lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_AS, (3 << 30, 3 << 30)))
    row(f"-p value of {len(bomb)} bytes of YAML aliases", (brief(rc, e) if rc is not None else e) + f" ({time.time() - t:.0f} s, memory capped at 3 GB)")
    pf = BASE / "p.yaml"; pf.write_text("gender: male\ngender: female\n")
    rc, o, e = sun("rerun", "98", "-f", str(pf), "--run", "dupkey")
    row("-f file with a key given twice", f"{brief(rc, e)}; {status('dupkey')[:60]}")
    rc, o, e = sun("rerun", "98", "--run", "nl\n")
    NL = chr(10)
    row("run name with a trailing newline", brief(rc, e) + "; created: " + str([p.name for p in (P / 'runs').iterdir() if NL in p.name]))
    outside = BASE / "98_probe_survey.ipynb"; shutil.copy(P / "notebooks/98_probe_survey.ipynb", outside)
    rc, o, e = sun("rerun", str(outside), "--run", "outside")
    row("chapter given as a path outside notebooks/", brief(rc, e))
    rc, o, e = sun("rerun", "98", "-f", "notebooks", "--run", "dirf")
    row("-f naming a folder (OSError)", brief(rc, e))
    (BASE / "rf").mkdir(); (P / "runs").rename(BASE / "rf/runs"); (P / "runs").write_text("x")
    rc, o, e = sun("rerun", "97", "--run", "nowrite")
    row("runs/ not writable (a file)", brief(rc, e))
    (P / "runs").unlink(); (BASE / "rf/runs").rename(P / "runs")
    # sigterm
    pr = subprocess.Popen([PY, "-m", "sunshine", "rerun", "97", "-p", "wait_seconds", "30", "--run", "stopped"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(12); pr.send_signal(signal.SIGTERM); so, se = pr.communicate()
    half = [p.name for p in (P / "runs").rglob("*") if "stopped" in str(p)]
    row("SIGTERM during a rerun", f"exit {pr.returncode}; {status('stopped')}; files: {half[:4]}")
    rc, o, e = sun("rerun", "97", "--run", "stopped")
    row("the same rerun after the SIGTERM", brief(rc, e) + f"; {o.strip()[:60]}")
    # synth
    out = BASE / "a.csv"; out.write_text("keep me")
    rc, o, e = sun("synth", "--out", str(out), "--report", str(out), "--force", "--quiet")
    row("synth --report equal to --out", brief(rc, e) + f"; a.csv starts {out.read_text()[:12]!r}")
    out.write_text("keep me")
    rc, o, e = sun("synth", "--out", str(out), "--report", str(BASE / "no/r.json"), "--force", "--quiet")
    row("synth --force with a failing report path", brief(rc, e) + f"; a.csv starts {out.read_text()[:12]!r}")
    out.write_text("keep me"); (BASE / "adir").mkdir()
    rc, o, e = sun("synth", "--out", str(out), "--report", str(BASE / "adir"), "--force", "--quiet")
    row("synth --force with a report path that is a folder", brief(rc, e) + f"; a.csv starts {out.read_text()[:12]!r}")
    pkg = P / "data/cmlrs/datapackage.json"; before = pkg.read_bytes(); (BASE / "else").mkdir()
    rc, o, e = sun("synth", "--seed", "7", "--out", str(BASE / "else/cmlrs_synthetic.csv"), "--record-hash", "--quiet")
    row("synth --record-hash on another cmlrs_synthetic.csv", brief(rc, e) + f"; datapackage.json {'unchanged' if pkg.read_bytes() == before else 'REWRITTEN'}")
    # -- issue 24, sweeps (helper F): jobs, scheduler, resume --------------------------------
    grid = BASE / "grid24.yaml"
    grid.write_text("chapter: 97\nrun: sweep24\nfixed: {release_file: '%s'}\ngrid:\n  label: [a, b]\n  wait_seconds: [0]\n" % (BASE / "go"))
    rc, o, e = sun("sweep", str(grid), "--jobs", "64")
    row("sweep --jobs 64 on this machine", brief(rc, e) + f"; {status('sweep24')}")
    rc, o, e = sun("sweep", str(grid), "--scheduler", "")
    row("sweep --scheduler ''", brief(rc, e) + f"; {status('sweep24')}")
    import socket, threading
    silent = socket.create_server(("127.0.0.1", 0)); held = []
    threading.Thread(target=lambda: [held.append(silent.accept()) for _ in range(20)], daemon=True).start()
    t0 = time.time(); rc, o, e = sun("sweep", str(grid), "--scheduler", f"tcp://127.0.0.1:{silent.getsockname()[1]}", timeout=60)
    row("sweep --scheduler: a socket that accepts and never answers", brief(rc, e) + f" ({time.time() - t0:.0f} s)")
    silent.close()
    slow = BASE / "grid24b.yaml"
    slow.write_text("chapter: 97\nrun: resume24\nfixed: {release_file: '%s'}\ngrid:\n  label: [a, b]\n  wait_seconds: [0]\n" % (BASE / "go"))
    slow.write_text(slow.read_text().replace("wait_seconds: [0]", "wait_seconds: [60]"))
    (BASE / "go").write_text("")  # set a is released at once ...
    pr = subprocess.Popen([PY, "-m", "sunshine", "sweep", str(slow)], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not any((P / "runs").glob(".resume24~building-*/sets/0001.ipynb")):
        time.sleep(0.2)
    (BASE / "go").unlink()  # ... set b waits
    time.sleep(3); pr.send_signal(signal.SIGTERM); so, se = pr.communicate()
    kept = sorted(p.name for p in (P / "runs/resume24").rglob("*.ipynb")) if (P / "runs/resume24").exists() else []
    row("SIGTERM during a sweep's second set", f"exit {pr.returncode}; {status('resume24')}; notebooks: {kept}")
    (BASE / "go").write_text("")
    rc, o, e = sun("sweep", str(slow))
    row("the same sweep again", brief(rc, e) + f"; {o.strip().splitlines()[0][:110] if o.strip() else ''}; {status('resume24')}")
    Path(ARGS.outfile).write_text(json.dumps(rows, indent=1))
    shutil.rmtree(BASE, ignore_errors=True)


if __name__ == "__main__":
    main()
