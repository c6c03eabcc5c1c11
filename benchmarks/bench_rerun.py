"""Benchmark of reruns and sweeps in warm kernels (issue: reruns without the start-up tax).

Prints, from one run on a private copy of the project, for one survey chapter
(chapter 5):

* the peer: the chapter rerun (women only) the way it ran before warm kernels,
  ``papermill.execute_notebook`` starting a kernel of its own;
* the same rerun through ``sunshine.runs.rerun`` in a warm kernel, first with
  the warm server still to start (what a one-off ``sunshine rerun`` pays) and
  then with it running;
* the rerun as typed at a shell, each a new process: papermill's own command (the
  peer), ``sunshine rerun`` starting the resident warm server, and ``sunshine
  rerun`` with it running;
* a sweep of 8 parameter sets (two provinces x 4 seeds of synthetic
  population draws) with ``--jobs 1`` and ``--jobs 2``;

and the figures of issue 24, each also as a ratio against the peer (the
plain papermill run of the chapter, measured in the same process, so that a
busy machine stretches both alike): the one-chapter rerun (target at most
5 s) and the 8-set sweep on two workers (target at most 25 s), wall and CPU
(user + system, this process and its kernels); besides, the per-set overhead
beyond the chapter's own work (the sum of its cells' execution times, from
papermill's metadata) and the speed-up of two workers over one.

Run: ``.venv/bin/python benchmarks/bench_rerun.py [--sets N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from sunshine.runs import executor  # noqa: E402
from sunshine.runs.rerun import rerun  # noqa: E402
from sunshine.runs.sweep import sweep  # noqa: E402

CHAPTER = "05"
CHAPTER_FILE = "05_who_migrates.ipynb"


def cell_work(notebook: Path) -> float:
    """The chapter's own work: the sum of its cells' execution times (papermill's metadata)."""
    nb = nbformat.read(notebook, as_version=4)
    return sum(cell.metadata.get("papermill", {}).get("duration") or 0.0 for cell in nb.cells)


def cold_rerun(root: Path, output: Path) -> float:
    """The rerun as it ran before warm kernels: papermill starts a kernel of its own."""
    import papermill

    chapter = root / "notebooks" / CHAPTER_FILE
    start = time.perf_counter()
    papermill.execute_notebook(  # the peer: a kernel started and reaped by jupyter_client (its CPU is a child's)
        str(chapter), str(output), parameters={"gender": "female"}, cwd=str(chapter.parent),
        kernel_name="python3", progress_bar=False, log_output=False,
    )
    return time.perf_counter() - start


def timed_rerun(root: Path, name: str) -> tuple[float, float, float]:
    """Wall seconds, the chapter's own work, and CPU seconds (this process and the kernel) of a rerun."""
    before = _cpu() + (sum(executor.warm_server().kernel_cpu.values()) if executor._server else 0.0)
    start = time.perf_counter()
    rerun([CHAPTER], {"gender": "female"}, name, root=root, log=lambda *a: None)
    seconds = time.perf_counter() - start
    cpu = _cpu() + sum(executor.warm_server().kernel_cpu.values()) - before
    return seconds, cell_work(root / "runs" / name / "notebooks" / CHAPTER_FILE), cpu


def timed_sweep(root: Path, folder: Path, jobs: int, seeds: int) -> tuple[float, list[float], float]:
    """Wall seconds, each set's own work, and CPU seconds (this process and the kernels) of a sweep."""
    grid = folder / f"grid{jobs}.yaml"
    grid.write_text(
        f"chapter: {CHAPTER}\nrun: bench-sweep-{jobs}\n"
        "fixed: {data_path: null, synthetic_mode: population}\n"
        f"grid:\n  provinces: [[Gansu], [Ningxia]]\n  seed: {list(range(1, seeds + 1))}\n"
    )
    server = executor.warm_server()
    server.wait_ready()
    before_cpu, before_kernels = _cpu(), sum(server.kernel_cpu.values())
    start = time.perf_counter()
    sweep(grid, jobs=jobs, root=root, log=lambda *a: None)
    seconds = time.perf_counter() - start
    cpu = _cpu() - before_cpu + sum(server.kernel_cpu.values()) - before_kernels
    works = [cell_work(p) for p in sorted((root / "runs" / f"bench-sweep-{jobs}" / "sets").glob("*.ipynb"))]
    return seconds, works, cpu


def command_reruns(root: Path, folder: Path, warm_runs: int = 3) -> tuple[float, float, list[float]]:
    """Wall seconds of the chapter's rerun typed at a shell: the peer (papermill's own command), then
    ``sunshine rerun`` with no resident server yet (it starts one), then with it running (``warm_runs`` times)."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != executor.RESIDENT_ENV}
    env.update(TMPDIR=str(folder), SUNSHINE_PROJECT_ROOT=str(root))  # a socket folder of the benchmark's own

    def timed(*args: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", *args], env=env, check=True, capture_output=True)
        return time.perf_counter() - start

    chapter = root / "notebooks" / CHAPTER_FILE
    peer = timed("papermill", str(chapter), str(folder / "peer.ipynb"), "-p", "gender", "female", "-k", "python3",
                 "--cwd", str(chapter.parent), "--no-progress-bar")
    try:
        first = timed("sunshine", "rerun", CHAPTER, "-p", "gender", "female", "--run", "bench-command-0", "--quiet")
        warm = [timed("sunshine", "rerun", CHAPTER, "-p", "gender", "female", "--run", f"bench-command-{i}", "--quiet")
                for i in range(1, warm_runs + 1)]
    finally:
        subprocess.run([sys.executable, "-m", "sunshine", "stop-server"], env=env, capture_output=True)
    return peer, first, warm


def trivial_notebook(folder: Path) -> Path:
    """A notebook with a parameters cell and one trivial cell: what it costs is start-up alone."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell("x + 1")]
    path = folder / "trivial.ipynb"
    nbformat.write(nb, path)
    return path


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def startup_tax(folder: Path, repeats: int = 5) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds a set costs beyond its work: a trivial notebook, cold (papermill) and warm."""
    import papermill

    notebook = trivial_notebook(folder)
    server = executor.warm_server()
    server.wait_ready()
    found = {}
    for kind in ("cold", "warm"):
        wall = cpu = 0.0
        for i in range(repeats):
            before_cpu, before_kernels = _cpu(), sum(server.kernel_cpu.values())
            start = time.perf_counter()
            output = folder / f"trivial-{kind}-{i}.ipynb"
            if kind == "cold":
                papermill.execute_notebook(str(notebook), str(output), parameters={"x": i}, cwd=str(folder),
                                           kernel_name="python3", progress_bar=False, log_output=False)
            else:
                executor.execute(notebook, output, {"x": i}, cwd=folder)
            wall += time.perf_counter() - start
            cpu += _cpu() - before_cpu + sum(server.kernel_cpu.values()) - before_kernels
        found[kind] = (wall / repeats, cpu / repeats)
    return found


def verdict(ok: bool) -> str:
    return "meets the goal" if ok else "MISSES the goal"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=8, help="parameter sets in the sweep (even; default 8)")
    args = parser.parse_args()
    seeds = max(1, args.sets // 2)
    sets = 2 * seeds
    cpu_start = os.times()
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        tax = startup_tax(Path(tmp))
        executor.shutdown()  # the reruns below start the server again, as a one-off `sunshine rerun` does
        peer_cpu_before = _cpu()
        cold = cold_rerun(root, Path(tmp) / "cold.ipynb")
        peer_cpu = _cpu() - peer_cpu_before
        cold_work = cell_work(Path(tmp) / "cold.ipynb")
        first, _, first_cpu = timed_rerun(root, "bench-women-first")
        warm, warm_work, rerun_cpu = timed_rerun(root, "bench-women-warm")
        one, works1, cpu1 = timed_sweep(root, Path(tmp), 1, seeds)
        two, works2, cpu2 = timed_sweep(root, Path(tmp), 2, seeds)
        executor.shutdown()
        (Path(tmp) / "sockets").mkdir()
        command_peer, command_first, command_warm = command_reruns(root, Path(tmp) / "sockets")
    cpu = os.times()
    cpu_seconds = sum(getattr(cpu, f) - getattr(cpu_start, f) for f in ("user", "system", "children_user", "children_system"))
    per_set = one / sets
    work = statistics.mean(works1)
    overhead = per_set - work
    print(f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall times stretch with it, CPU times do not")
    (cold_wall, cold_cpu), (warm_wall, warm_cpu) = tax["cold"], tax["warm"]
    print("start-up tax: a trivial notebook (parameters cell and one cell), mean of 5")
    print(f"  peer: kernel started by papermill               {cold_wall:7.2f} s  (CPU {cold_cpu:.2f} s, client and kernel)")
    print(f"  warm kernel                                     {warm_wall:7.2f} s  (CPU {warm_cpu:.2f} s, client and kernel)")
    print(f"  ratio peer / warm                               {cold_wall / warm_wall:7.2f}x wall, {cold_cpu / warm_cpu:.2f}x CPU")
    print(f"reruns (chapter {CHAPTER})")
    print(f"  peer: rerun with a kernel started by papermill   {cold:7.1f} s  (chapter's own work {cold_work:.1f} s)")
    print(f"  rerun, warm server still to start               {first:7.1f} s")
    print(f"  rerun, warm server running                      {warm:7.1f} s  (chapter's own work {warm_work:.1f} s)")
    print(f"  ratio peer / warm rerun                         {cold / warm:7.2f}x")
    print(f"  sweep of {sets} sets, --jobs 1                      {one:7.1f} s  ({per_set:.2f} s a set, own work {work:.2f} s)")
    print(f"  sweep of {sets} sets, --jobs 2                      {two:7.1f} s  (own work {statistics.mean(works2):.2f} s a set)")
    print(f"  per-set overhead beyond the chapter's work      {overhead:7.2f} s  (goal <= 1 s: {verdict(overhead <= 1)})")
    print(f"  overhead / chapter's work                       {overhead / work:7.2f}")
    print(f"  speed-up jobs 1 / jobs 2                        {one / two:7.2f}x  (2 cores)")
    print(f"  CPU a set (this process and its kernel)         {cpu1 / sets:7.2f} s  (jobs 1), {cpu2 / sets:.2f} s (jobs 2)")
    scaled = two * 8 / sets
    print(f"  8 sets on 2 workers (scaled from {sets})           {scaled:7.1f} s  (goal <= 25 s: {verdict(scaled <= 25)})")
    print(f"  8 sets on 2 idle cores, from CPU time           {cpu2 / sets * 8 / 2:7.1f} s  (a floor: CPU / 2)")
    print(f"  one-chapter rerun, warm                         {warm:7.1f} s  (goal <= 5 s: {verdict(warm <= 5)})")
    print(f"  one-chapter rerun, server to start              {first:7.1f} s  (goal <= 5 s: {verdict(first <= 5)})")
    warm_command = statistics.median(command_warm)
    print(f"the rerun typed at a shell (chapter {CHAPTER}, women only; each a new process)")
    print(f"  peer: papermill's own command                   {command_peer:7.1f} s")
    print(f"  sunshine rerun, first (starts the resident server) {command_first:5.1f} s  (goal <= 5 s: {verdict(command_first <= 5)})")
    print(f"  sunshine rerun, resident server running         {warm_command:7.1f} s  (median of {len(command_warm)}: "
          f"{', '.join(f'{t:.1f}' for t in command_warm)}; goal <= 5 s: {verdict(warm_command <= 5)})")
    print(f"  ratios to the peer: first {command_first / command_peer:.2f}, resident server running {warm_command / command_peer:.2f}")
    print("ratios against the peer (papermill's plain kernel run of the chapter, same process; lower is faster)")
    print(f"  rerun, server to start / peer                   {first / cold:7.2f}")
    print(f"  rerun, warm / peer                              {warm / cold:7.2f}")
    print(f"  CPU: peer {peer_cpu:.1f} s, rerun with the server to start {first_cpu:.1f} s (its start-up not counted), "
          f"warm rerun {rerun_cpu:.1f} s (this process and the kernel); warm / peer {rerun_cpu / peer_cpu:.2f}")
    print(f"  8-set sweep on 2 workers / peer                 {scaled / cold:7.2f}")
    print("  (the peer runs this package too, so its speed-ups lower the peer as well: a ratio measures the warm path"
          " against a plain kernel; the goals of 5 s and 25 s are the absolute figures above, on a quiet machine)")
    print(f"  CPU time of the whole benchmark (user+sys, children included) {cpu_seconds:.1f} s")


if __name__ == "__main__":
    main()
