"""Run one submission's code where it can harm nothing: bubblewrap, a time limit and a memory limit.

In bubblewrap the submission runs unprivileged in new namespaces: no network, an empty bounded home,
and read-only only the system, the Python environment and the package with its data. ``--no-sandbox``
keeps the limits, an empty folder and a cleared environment, but can reach the instructor's files.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: What a submission's own folder (and /tmp) may hold, in bytes.
FOLDER_BYTES = 256 * 2**20
#: The longest output line the grader reads back, in bytes.
MAX_OUTPUT = 2**20


@dataclass(frozen=True)
class Outcome:
    """What running a submission gave: its plain answers and cell errors, or why it gave none."""

    answers: dict
    errors: list
    failure: str = ""


def bwrap() -> str | None:
    """The path of bubblewrap."""
    return shutil.which("bwrap")


def _read_only_roots() -> list[str]:
    """The folders the submission needs to read: Python, the environment, the package and its data."""
    import sunshine
    from sunshine.kendall.kernels import cache_dir
    from sunshine.paths import LAYOUT, PACKAGED_DATA_DIR

    roots = {sys.prefix, sys.base_prefix, str(Path(sunshine.__file__).resolve().parents[1]),
             str(LAYOUT.data_dir.resolve()), str(PACKAGED_DATA_DIR.resolve()), cache_dir()}
    roots |= {p for p in sys.path if p and Path(p).is_dir()}
    return sorted(os.path.realpath(r) for r in roots if os.path.isdir(r))


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for etc in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts"):
        if os.path.exists(etc):
            args += ["--ro-bind", etc, etc]
    return args


def _environment(home: str) -> dict[str, str]:
    """The submission's whole environment: nothing of the instructor's but OpenBLAS's processor settings."""
    from sunshine.kendall.kernels import cache_dir

    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
           "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{home}/.matplotlib", "PYTHONDONTWRITEBYTECODE": "1",
           "NUMBA_CACHE_DIR": f"{home}/.numba", "SUNSHINE_NUMBA_SEED": cache_dir(),
           "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "NUMBA_NUM_THREADS": "1"}
    env |= {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    return env


def _command(home: str) -> list[str]:
    """The bubblewrap command line that runs the cell runner in a sandbox whose home is ``home``."""
    args = [bwrap(), "--die-with-parent", "--new-session", "--unshare-all", "--unshare-user",
            "--uid", "65534", "--gid", "65534", "--proc", "/proc", "--dev", "/dev",
            "--size", str(FOLDER_BYTES), "--tmpfs", "/tmp", "--size", str(FOLDER_BYTES), "--tmpfs", home,
            *_system_binds()]
    args += [arg for root in _read_only_roots() for arg in ("--ro-bind", root, root)]
    args += ["--chdir", home, "--clearenv"]
    args += [arg for key, value in _environment(home).items() for arg in ("--setenv", key, value)]
    return args + ["--", sys.executable, "-I", "-m", "sunshine.workbook._runner"]


def _limits(memory: int, seconds: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FOLDER_BYTES, FOLDER_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run(cells: list[str], answers: list[str], *, seconds: int, memory: int, sandbox: bool = True) -> Outcome:
    """Run ``cells`` in a fresh process with ``seconds`` of time and ``memory`` bytes; read ``answers`` back
    from the last line of its output (capped), killing it and all it started at the time limit."""
    job = json.dumps({"cells": cells, "answers": answers}).encode()
    with tempfile.TemporaryDirectory(prefix="sunshine-submission-") as tmp:
        home = "/submission" if sandbox else tmp
        argv = _command(home) if sandbox else [sys.executable, "-I", "-m", "sunshine.workbook._runner"]
        with open(Path(tmp) / ".stdout", "w+b") as out:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.DEVNULL,
                                    cwd=tmp, env=_environment(home), start_new_session=True,
                                    preexec_fn=_limits(memory, seconds))
            try:
                proc.communicate(job, timeout=seconds)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return Outcome({}, [], f"stopped at the time limit of {seconds} s")
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            out.seek(max(0, out.seek(0, os.SEEK_END) - MAX_OUTPUT))
            lines = out.read().decode("utf-8", "replace").strip().splitlines()
    return _parse(lines[-1] if lines else "", proc.returncode, seconds)


def _parse(line: str, returncode: int, seconds: int) -> Outcome:
    try:
        result = json.loads(line)
        answers, errors = result["answers"], result["errors"]
        if not isinstance(answers, dict) or not isinstance(errors, list):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        if returncode == -signal.SIGXCPU or returncode == -signal.SIGKILL:
            return Outcome({}, [], f"stopped at the limit of {seconds} s of processor time")
        return Outcome({}, [], f"the notebook's code ended the run before its answers could be read "
                               f"(exit status {returncode})")
    return Outcome(answers, [e for e in errors if isinstance(e, dict)][:100])
