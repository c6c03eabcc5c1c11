"""The attempts of issue #11, run against a version of the package: the table (attempt, result) of the closing note.

Not a test (pytest does not collect it): a script that runs each bad input or
fault of the issue through the command line, on a scratch copy of the project,
and prints one line per attempt (also written as JSON to OUTFILE)::

    python tests/reliability_attempts.py OUTFILE.json                 # this version
    git archive 4c15f2f src | tar -x -C OLD                           # the code before issue #11
    python tests/reliability_attempts.py OUTFILE.json --src OLD/src   # that version

It takes about 4 minutes (8 before the fixes, which run what they should refuse).

Issue #24's safety attempts (nothing rewritten without --force, one build at a
time, make sync, interrupts) run last, or alone with ``--only safety`` (about 3
minutes); against an older version, take its tools/ too::

    git archive e60ebc2 src tools | tar -x -C OLD
    python tests/reliability_attempts.py OUT.json --only safety --src OLD/src
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path
import jupytext, nbformat


def main() -> None:
    """Run every attempt and write the table."""

    ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ARGS.add_argument("outfile")
    ARGS.add_argument("--src", help="the src/ folder of the package version to try (default: this one)")
    ARGS.add_argument("--only", choices=["input", "safety"], help="run only one class of issue 24's attempts (input: mappings and data files; safety: nothing rewritten, one at a time, make sync, interrupts)")
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

    if ARGS.only == "input":
        input_attempts(sun, row, BASE, P)
        Path(ARGS.outfile).write_text(json.dumps(rows, indent=1))
        shutil.rmtree(BASE, ignore_errors=True)
        return
    if ARGS.only == "safety":
        safety_attempts(WT, SRC, P, BASE, ENV, PY, sun, brief, status, row)
        Path(ARGS.outfile).write_text(json.dumps(rows, indent=1))
        shutil.rmtree(BASE, ignore_errors=True)
        return

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
    input_attempts(sun, row, BASE, P)
    safety_attempts(WT, SRC, P, BASE, ENV, PY, sun, brief, status, row)
    Path(ARGS.outfile).write_text(json.dumps(rows, indent=1))
    shutil.rmtree(BASE, ignore_errors=True)


# --- issue 24, input (helper D): mappings, bounded reading, named refusals -------------------------
def input_attempts(sun, row, BASE: Path, P: Path) -> None:
    """The input attempts of issue 24: hostile mappings and data files through check-data and rerun.

    Each row's result starts with a verdict: ``held`` (refused, naming the file and
    what is wrong, nothing written), ``refused late/unnamed`` (a traceback, library
    text without the file or key, or refused only inside the kernel) or ``WENT
    WRONG`` (accepted, or memory or time exhausted).
    """
    import gzip, resource, struct
    import pandas as pd
    from sunshine.data import survey
    from sunshine.data.examples import MAPPING, write_labelled_survey

    cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # noqa: E731
    sav, _ = write_labelled_survey(survey.load(), BASE / "lab.sav")

    def verdict(attempt, rc, out, err, must, took, extra=""):
        named = [l for l in out.splitlines() if l.startswith("file: ")]  # check-data names its file once, on top
        text = err + "\n".join(named) + (out[out.index("problems ("):] if "problems (" in out else out)
        last = [l for l in err.splitlines() if l.strip()] or [l for l in out.splitlines() if "problem" in l or ":" in l]
        line = (last[-1] if last else "")[:160]
        if rc is None:
            v = "WENT WRONG (" + err + ")"
        elif rc == 0:
            v = "WENT WRONG (accepted: " + (out.strip().splitlines() or [""])[-1][:90] + ")"
        elif rc < 0 or "MemoryError" in text:
            v = f"WENT WRONG (killed or out of memory, exit {rc})"
        elif "Traceback" in text or not all(m.lower() in text.lower() for m in must):
            v = "refused late/unnamed"
        else:
            v = "held"
        row("[input] " + attempt, f"{v}; {took:.0f} s; {line}{extra}")

    def check(attempt, data, text, must, *, mapping_bytes=None):
        m = BASE / "m.yaml"
        if mapping_bytes is not None:
            m.write_bytes(mapping_bytes)
        else:
            m.write_text(text, encoding="utf-8")
        t = time.time()
        rc, o, e = sun("check-data", str(data), "--map", str(m), timeout=120, preexec_fn=cap)
        verdict(attempt, rc, o, e, ["m.yaml", *must], time.time() - t)

    base = MAPPING
    check("code given as a number and as a string", sav, base.replace("Q12: {男: 0, 女: 1}", 'Q12: {1: 0, 2: 1, "1": 1}'), ["Q12", "1"])
    check("code given by its label and by its number", sav, base.replace("Q12: {男: 0, 女: 1}", "Q12: {男: 0, 女: 1, 1: 1}"), ["Q12", "男"])
    check("one file column feeding two variables", sav, base.replace("  training: TRAIN\n", "  training: Q12\n").replace("  TRAIN: {否: 0, 是: 1}\n", ""), ["Q12", "training"])
    check("missing range written as a YAML list", sav, base.replace("NETINFO: [9]", "NETINFO: [9]\n  Q3: [[60, 110]]"), ["Q3", "[60, 110]"])
    check("gender both renamed and derived as a constant", sav, base.replace("derived:", "derived:\n  gender: {value: 1}"), ["gender"])
    check("derived constant of the wrong shape (a list)", sav, base.replace("derived:", "derived:\n  training: {value: [0, 1]}").replace("  training: TRAIN\n", ""), ["training", "value"])
    check("overlapping prefixes (first one wins)", sav, base.replace('prefix: {"62": Gansu, "64": Ningxia}', 'prefix: {"6": Ningxia, "62": Gansu}'), ["province", "62"])
    check("code both declared missing and mapped", sav, base.replace("NETINFO: [9]", "NETINFO: [9]\n  Q12: [1]"), ["Q12", "1"])
    check("codes of a column no variable reads", sav, base.replace("  TRAIN: {否: 0, 是: 1}\n", "  TRAIN: {否: 0, 是: 1}\n  WORKSTAT: {1: 1, 2: 1, 3: 1}\n"), ["WORKSTAT"])
    check("unhashable YAML key in the mapping", sav, base.replace("Q12: {男: 0, 女: 1}", "Q12: {[1, 2]: 0}"), ["key"])
    check("mapping in Latin-1, not UTF-8", sav, "", ["UTF-8"], mapping_bytes=base.replace("男", "m\u00e4nnlich").encode("utf-8").replace("m\u00e4nnlich".encode(), "m\u00e4nnlich".encode("latin-1")))
    check("mapping with a recursive alias", sav, "columns: &a {age: *a}\n", ["recursive"])
    check("mapping nested 100,000 deep", sav, "codes: " + "[" * 100_000 + "]" * 100_000 + "\n", ["deep"])
    laughs = "  A: &A [x, x, x, x, x, x, x, x, x]\n" + "".join(f"  {b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n" for a, b in zip("ABCDEFGH", "BCDEFGHI"))
    check("mapping of YAML aliases (a billion laughs)", sav, base.replace("missing:                 # column: codes that mean missing (SPSS user-missing values count too)\n", "missing:\n" + laughs + "  Q3: *I\n"), ["aliases"])
    check("mapping of 5 MB", sav, "# " + "x" * 5_000_000 + "\n" + base, ["bytes"])

    def data(attempt, path, must, mapping=None, extra=lambda: ""):
        t = time.time()
        args = ["check-data", str(path)] + (["--map", str(mapping)] if mapping else [])
        rc, o, e = sun(*args, timeout=180, preexec_fn=cap)
        verdict(attempt, rc, o, e, [path.name, *must], time.time() - t, extra())

    # a .sav whose header claims 50 million cases (the ncases field, offset 80)
    big = BASE / "claims.sav"
    raw = bytearray(sav.read_bytes()); struct.pack_into("<i", raw, 80, 50_000_000); big.write_bytes(bytes(raw))
    data(f".sav of {len(raw) // 1000} KB claiming 50 million cases", big, ["50,000,000"], BASE / "lab.map.yaml")
    dta, _ = write_labelled_survey(survey.load(), BASE / "lab.dta")
    raw = bytearray(dta.read_bytes()); i = raw.index(b"<N>") + 3; struct.pack_into("<Q", raw, i, 50_000_000)
    big = BASE / "claims.dta"; big.write_bytes(bytes(raw))
    data(f".dta of {len(raw) // 1000} KB claiming 50 million cases", big, ["50,000,000"], BASE / "lab.map.yaml")
    gz = BASE / "bomb.csv.gz"
    lines = (P / "data/cmlrs/cmlrs_synthetic.csv").read_text().splitlines()
    with gzip.open(gz, "wb", compresslevel=9) as fh:
        fh.write((lines[0] + "\n").encode())
        block = ("\n".join(lines[1:3]) + "\n").encode() * 50_000
        for _ in range(200):  # 20 million rows, some 800 MB of text
            fh.write(block)
    data(f".csv.gz of {gz.stat().st_size // 1000} KB inflating to 20 million rows", gz, ["rows"])
    pq = BASE / "bomb.parquet"
    import pyarrow as pa, pyarrow.parquet as papq
    n = 20_000_000
    cols = {c: pa.array(__import__("numpy").ones(n, dtype="int8")) for c in lines[0].split(",") if c != "province"}
    cols["province"] = pa.DictionaryArray.from_arrays(pa.array(__import__("numpy").zeros(n, dtype="int8")), pa.array(["Gansu"]))
    papq.write_table(pa.table(cols), pq, compression="zstd"); del cols
    data(f".parquet of {pq.stat().st_size // 1000} KB holding 20 million rows", pq, ["rows"])
    dup = BASE / "dup.csv"; dup.write_text(lines[0] + ",age\n" + "\n".join(l + ",99" for l in lines[1:]) + "\n")
    data("CSV with a column name given twice", dup, ["age", "twice"])
    inf = BASE / "inf.csv"; body = [l.split(",") for l in lines]; body[5][10] = "inf"
    inf.write_text("\n".join(",".join(r) for r in body) + "\n")
    data("CSV with inf as an income", inf, ["income", "inf"])
    notsav = BASE / "text.sav"; notsav.write_bytes(b"$FL2" + b"\x00" * 400)
    data("a .sav that is a truncated header", notsav, ["SPSS"])
    t = time.time()
    rc, o, e = sun("rerun", "05", "-p", "data_path", str(BASE / "claims.sav"), "-p", "data_map", str(BASE / "lab.map.yaml"),
                   "--run", "forged", timeout=180, preexec_fn=cap)
    verdict("rerun 05 with data_path a .sav claiming 50 million cases", rc, o, e, ["claims.sav", "50,000,000"], time.time() - t,
            "; runs/forged " + ("exists" if (P / "runs/forged").exists() else "not created"))
    t = time.time()
    rc, o, e = sun("rerun", "98", "-p", "age_min", "105", "-p", "age_max", "110", "--run", "nobody", timeout=120)
    verdict("selection that keeps nobody (rerun 98, ages 105-110)", rc, o, e, ["age_min", "cmlrs_synthetic.csv"], time.time() - t,
            "; runs/nobody " + ("exists" if (P / "runs/nobody").exists() else "not created"))


# -- issue #24, "nothing rewritten behind the user's back", one at a time, make sync, interrupts (helper E) --
def safety_attempts(WT, SRC, P, BASE, ENV, PY, sun, brief, status, row):
    """The attempts of issue #24's safety classes; tools/sync_pairs.py is taken beside SRC (``git archive REV src tools``)."""
    import hashlib, stat as st
    tree = lambda d: hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in sorted(Path(d).rglob("*")) if f.is_file())).hexdigest()
    kind = lambda p: "FIFO" if st.S_ISFIFO(os.lstat(p).st_mode) else "symlink" if os.path.islink(p) else "regular file"
    # nothing rewritten without --force
    before = tree(P / "data/ensemble")
    rc, o, e = sun("ensemble", "--members", "1", timeout=300)
    row("ensemble without --out (the published data/ensemble exists)", (brief(rc, e) if rc is not None else e) + f"; data/ensemble {'unchanged' if tree(P / 'data/ensemble') == before else 'REWRITTEN'}")
    ens = BASE / "ens"; ens.mkdir(); (ens / "members.csv").write_text("mine\n")
    rc, o, e = sun("ensemble", "--members", "1", "--out", str(ens), timeout=300)
    row("ensemble --out a folder holding a members.csv, no --force", (brief(rc, e) if rc is not None else e) + f"; members.csv {'kept' if (ens / 'members.csv').read_text() == 'mine' + chr(10) else 'REPLACED'}")
    fifo = BASE / "pipe"; os.mkfifo(fifo)
    rc, o, e = sun("synth", "--out", str(fifo), "--report", str(BASE / "r1.json"), "--force", "--quiet")
    row("synth --force --out a named pipe (a device node)", brief(rc, e) + f"; it is now a {kind(fifo)}")
    (BASE / "target.csv").write_text("keep me"); (BASE / "link.csv").symlink_to(BASE / "target.csv")
    rc, o, e = sun("synth", "--out", str(BASE / "link.csv"), "--report", str(BASE / "r2.json"), "--force", "--quiet")
    row("synth --force --out a symbolic link", brief(rc, e) + f"; link.csv is now a {kind(BASE / 'link.csv')}")
    old_umask = os.umask(0o022)
    try:
        rc, o, e = sun("synth", "--out", str(BASE / "mode.csv"), "--quiet")
        rc2, o2, e2 = sun("rerun", "97", "--run", "modes")
    finally:
        os.umask(old_umask)
    modes = [oct(os.stat(f).st_mode & 0o777) if f.exists() else "missing" for f in (BASE / "mode.csv", BASE / "mode.report.json", P / "runs/modes", P / "runs/modes/run.json")]
    row("umask 022: modes of synth's CSV and report, a run's folder and run.json", ", ".join(modes) + " (expected 0o644, 0o644, 0o755, 0o644)")
    data = BASE / "moving.csv"; shutil.copy(P / "data/cmlrs/cmlrs_synthetic.csv", data)
    pr = subprocess.Popen([PY, "-m", "sunshine", "rerun", "97", "98", "-p", "wait_seconds", "12", "-p", "data_path", str(data), "--run", "moving"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while "97_probe_fault: running" not in pr.stderr.readline():
        pass
    time.sleep(3)
    lines = data.read_text().splitlines(); lines[1:] = lines[1:][::-1]; data.write_text("\n".join(lines) + "\n")
    so, se = pr.communicate()
    row("data file changed while the run executes (between chapters 97 and 98)", f"{brief(pr.returncode, se)}; {status('moving')}")
    evil = BASE / "<img src=x onerror=alert(1)>.csv"; shutil.copy(P / "data/cmlrs/cmlrs_synthetic.csv", evil)
    rc, o, e = sun("rerun", "04", "-p", "data_path", str(evil), "--run", "evil", timeout=600)
    shown = "no executed chapter"
    executed = P / "runs/evil/notebooks"
    if executed.exists():
        from markdown_it import MarkdownIt
        md = [str(v) for f in executed.glob("*.ipynb") for c in json.loads(f.read_text())["cells"] for out in c.get("outputs", []) for k, v in out.get("data", {}).items() if k.endswith("text/markdown")]
        html = [MarkdownIt("commonmark").render("".join(m) if isinstance(m, list) else m) for m in md]
        shown = f"{sum('<img' in h for h in html)} glued Markdown value(s) render an <img> tag"
    row("data_path named '<img src=x onerror=alert(1)>.csv' (chapter 04)", f"{brief(rc, e)}; {shown}")
    # one build at a time
    b1 = subprocess.Popen([PY, "-m", "sunshine.publish", "--jobs", "1"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3)
    b2 = subprocess.Popen([PY, "-m", "sunshine.publish", "--jobs", "1"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        o2, e2 = b2.communicate(timeout=20); second = brief(b2.returncode, e2)
    except subprocess.TimeoutExpired:
        second = "the second build was still executing after 20 s, beside the first"
    for b in (b1, b2):
        if b.poll() is None:
            os.killpg(b.pid, signal.SIGKILL)
        b.communicate()
    row("two `make book` (python -m sunshine.publish) at once", second)
    # make sync
    tools = SRC.parent / "tools" / "sync_pairs.py"
    tools = tools if tools.exists() else WT / "tools" / "sync_pairs.py"
    repo = BASE / "syncrepo"; (repo / "tools").mkdir(parents=True); (repo / "notebooks").mkdir()
    shutil.copy(tools, repo / "tools")
    script = repo / "notebooks" / "05_who_migrates.py"
    shutil.copy(WT / "notebooks/05_who_migrates.py", script); shutil.copy(WT / "notebooks/05_who_migrates.ipynb", script.with_suffix(".ipynb"))
    git = lambda *a: subprocess.run(["git", "-c", "user.name=a", "-c", "user.email=a@b", *a], cwd=repo, capture_output=True, text=True)
    git("init", "-q"); git("add", "."); git("commit", "-qm", "x")
    sync = lambda *a: subprocess.run([PY, str(repo / "tools/sync_pairs.py"), "--jupytext", str(Path(PY).with_name("jupytext")), *a], cwd=repo, env=ENV, capture_output=True, text=True)
    caption = lambda: "a caption edited in the .py" in script.with_suffix(".ipynb").read_text()
    script.write_text(script.read_text().replace("Table I as a heatmap.", "Table I as a heatmap (a caption edited in the .py).", 1))
    r = sync()
    row("make sync on a fresh clone (no sync state), a figure caption edited in the .py", brief(r.returncode, r.stderr) + f"; caption in the .ipynb: {caption()}")
    script.write_text(script.read_text().replace("(a caption edited in the .py)", "(a caption edited in the .py, twice)", 1))
    later = time.time() + 60; os.utime(script.with_suffix(".ipynb"), (later, later))
    nb = json.loads(script.with_suffix(".ipynb").read_text()); nb["metadata"]["touched"] = 1; script.with_suffix(".ipynb").write_text(json.dumps(nb, indent=1))
    r = sync()
    row("make sync: caption edited in the .py, the .ipynb saved by Jupyter meanwhile", brief(r.returncode, r.stderr) + f"; the .py's caption {'in' if 'twice' in script.with_suffix('.ipynb').read_text() else 'NOT in'} the .ipynb")
    script.with_suffix(".ipynb").write_text('{"cells": [')
    r = sync()
    row("make sync with a broken .ipynb", brief(r.returncode, r.stderr).replace(chr(10), " ") + f"; {r.stderr.count('Traceback')} traceback(s)")
    r = sync("--keep", "py", str(script))
    ok = json.loads(script.with_suffix(".ipynb").read_text()).get("cells") is not None if r.returncode == 0 else False
    row("its documented fix: sync --keep py", brief(r.returncode, r.stderr) + f"; .ipynb {'rebuilt' if ok else 'still broken'}")
    probe = P / "notebooks/98_probe_survey.py"
    probe.write_text(probe.read_text().replace('"a weak association"', '"an edited verdict"'))
    rc, o, e = sun("rerun", "98", "-p", "data_path", str(P / "data/cmlrs/cmlrs_synthetic.csv"), "-p", "provinces", "[Gansu]", "--run", "stale")
    ran = json.loads((P / "runs/stale/run.json").read_text())["chapters"][0]["results"].get("verdict") if (P / "runs/stale/run.json").exists() else None
    row("rerun 98 after editing its .py, without make sync", brief(rc, e) + (f"; ran the stale .ipynb (verdict {ran!r})" if ran else "; nothing run"))
    # interrupts
    tmp = BASE / "tmp"; tmp.mkdir()
    pr = subprocess.Popen([PY, "-m", "sunshine", "rerun", "97", "-p", "wait_seconds", "30", "--run", "term"], cwd=P, env=dict(ENV, TMPDIR=str(tmp)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(12); pr.send_signal(signal.SIGTERM); so, se = pr.communicate(); time.sleep(2)
    row("SIGTERM during a rerun: the temporary folder", f"exit {pr.returncode}; left: {sorted(p.name for p in tmp.iterdir())}")
    pr = subprocess.Popen([PY, "-m", "sunshine", "rerun", "97", "-p", "wait_seconds", "30", "--run", "ctrlc"], cwd=P, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(12); os.killpg(pr.pid, signal.SIGINT); so, se = pr.communicate(); time.sleep(1)
    row("Ctrl-C to the process group during a rerun", f"exit {pr.returncode}; {se.count('Traceback')} traceback(s); {len(se.splitlines())} line(s) on stderr")
    rc, o, e = sun("rerun", "97", "--run", "quiet", "--quiet")
    row("rerun --quiet", f"exit {rc}; stderr: {e.strip()[:150]!r}")


if __name__ == "__main__":
    main()
