"""The resident warm server: `sunshine rerun` leaves one that serves the next command, and nothing leaks.

Each test runs the command line in a private temporary folder (``TMPDIR``), where
the user's socket folder is made, and stops every server it started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
import pytest

from conftest import copy_small_project

pytestmark = pytest.mark.slow

PROBE = '''\
# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
label = "a"

# %%
import os
import sys
import time

from myst_nb import glue

glue("later", [m for m in ("scipy.stats", "seaborn") if m in sys.modules], display=False)
glue("ppid", os.getppid(), display=False)
glue("umask", oct(os.umask(0o022)), display=False)
if label in ("sleep", "nap"):
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a kernel deaf to SIGTERM
    with open(os.environ["PROBE_PID_FILE"], "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(120 if label == "sleep" else 4)
'''


@pytest.fixture
def setting(tmp_path):
    """A small project with the probe chapter 96, and the environment of a user whose temporary folder is private."""
    project = copy_small_project(tmp_path / "project")
    path = project / "notebooks" / "96_probe_server.py"
    path.write_text(PROBE)
    nbformat.write(jupytext.read(path), path.with_suffix(".ipynb"))
    # A short private TMPDIR: under pytest-xdist, tmp_path is too long for the socket's path (108 bytes).
    tmp = tempfile.mkdtemp(prefix="sunshine-test-")
    env = {k: v for k, v in os.environ.items() if k != "SUNSHINE_WARM_SERVER"}
    env.update(TMPDIR=tmp, SUNSHINE_PROJECT_ROOT=str(project))
    yield project, env
    subprocess.run([sys.executable, "-m", "sunshine", "stop-server"], env=env, capture_output=True, timeout=60)
    shutil.rmtree(tmp, ignore_errors=True)


def sunshine(env, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sunshine", *args], env=env, capture_output=True, text=True,
                          timeout=120, **kwargs)


def glued(project: Path, run: str, name: str):
    from sunshine.runs.glued import glued_values

    return glued_values(nbformat.read(project / "runs" / run / "notebooks" / "96_probe_server.ipynb", as_version=4))[name]


def folder(env) -> Path:
    return Path(env["TMPDIR"]) / f"sunshine-{os.getuid()}"


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def wait_until(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_the_server_outlives_the_command_serves_the_next_and_stops_on_request(setting):
    project, env = setting
    first = sunshine(env, "rerun", "96", "--run", "one")
    assert first.returncode == 0, first.stderr
    server = glued(project, "one", "ppid")
    assert alive(server), "the resident server ended with the command that started it"
    second = sunshine(env, "rerun", "96", "--run", "two", "-p", "label", "b")
    assert second.returncode == 0, second.stderr
    assert glued(project, "two", "ppid") == server  # the second command's kernel was forked by the same server
    # the socket folder is the user's alone, and holds one server's socket
    mode = folder(env).stat().st_mode
    assert stat.S_IMODE(mode) == 0o700 and len(list(folder(env).glob("warm-*.sock"))) == 1
    stopped = sunshine(env, "stop-server")
    assert stopped.stdout.strip() == f"stopped 1 warm server(s): {server}"
    assert wait_until(lambda: not alive(server)) and not list(folder(env).glob("warm-*.sock"))


def test_the_server_is_ready_before_it_imports_what_only_some_chapters_use(setting):
    """The first command's kernel is forked without seaborn or scipy.stats (the server imports them only
    while it serves no command); a command once they are imported gets a kernel that has them."""
    project, env = setting
    assert sunshine(env, "rerun", "96", "--run", "first").returncode == 0
    assert glued(project, "first", "later") == []
    for attempt in range(30):
        time.sleep(1)
        assert sunshine(env, "rerun", "96", "--run", f"later{attempt}").returncode == 0
        if glued(project, f"later{attempt}", "later"):
            break
    assert glued(project, f"later{attempt}", "later") == ["scipy.stats", "seaborn"]
    assert glued(project, f"later{attempt}", "ppid") == glued(project, "first", "ppid")


def test_a_kernel_takes_the_umask_of_the_command_not_of_the_server(setting):
    project, env = setting
    assert sunshine(env, "rerun", "96", "--run", "wide", preexec_fn=lambda: os.umask(0o022)).returncode == 0
    assert sunshine(env, "rerun", "96", "--run", "narrow", preexec_fn=lambda: os.umask(0o077)).returncode == 0
    assert glued(project, "wide", "ppid") == glued(project, "narrow", "ppid")
    assert (glued(project, "wide", "umask"), glued(project, "narrow", "umask")) == ("0o22", "0o77")


def test_an_idle_server_ends_by_itself(setting):
    project, env = setting
    env["SUNSHINE_WARM_SERVER_IDLE"] = "1"
    assert sunshine(env, "rerun", "96", "--run", "one").returncode == 0
    server = glued(project, "one", "ppid")
    assert wait_until(lambda: not alive(server)), "an idle server outstayed its SUNSHINE_WARM_SERVER_IDLE"
    assert not list(folder(env).glob("warm-*.sock"))


def probe_running(env, tmp_path, run: str, label: str) -> tuple[subprocess.Popen, int]:
    """``sunshine rerun 96`` started with a kernel deaf to SIGTERM (``label`` sleep: 120 s, nap: 4 s), and
    that kernel's process id once it runs."""
    env["PROBE_PID_FILE"] = str(tmp_path / "kernel.pid")
    command = subprocess.Popen([sys.executable, "-m", "sunshine", "rerun", "96", "--run", run, "-p", "label", label],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pid_file = Path(env["PROBE_PID_FILE"])
    if not wait_until(lambda: pid_file.exists() and pid_file.read_text(), 60):
        command.kill()
        command.communicate()
        pytest.fail("the probe's kernel did not start within 60 s")
    return command, int(pid_file.read_text())


def test_a_command_killed_mid_run_takes_its_kernel_with_it_even_one_deaf_to_sigterm(setting, tmp_path):
    project, env = setting
    command, kernel = probe_running(env, tmp_path, "killed", "sleep")
    try:
        command.kill()  # SIGKILL: the command cannot say goodbye; the server sees its connection close
        command.communicate()
        assert wait_until(lambda: not alive(kernel)), "the kernel of a killed command kept running in the server"
    finally:
        command.kill()


@pytest.mark.parametrize("name, value, expected", [
    ("SUNSHINE_WARM_SERVER", "yes", "SUNSHINE_WARM_SERVER='yes': expected 'resident' (the default) or 'process'"),
    ("SUNSHINE_WARM_SERVER_IDLE", "-5", "SUNSHINE_WARM_SERVER_IDLE='-5': expected a number of seconds from 1 to 86400"),
    ("SUNSHINE_WARM_SERVER_IDLE", "soon", "SUNSHINE_WARM_SERVER_IDLE='soon': expected a number of seconds from 1 to 86400"),
    ("SUNSHINE_WARM_SERVER_IDLE", "inf", "SUNSHINE_WARM_SERVER_IDLE='inf': expected a number of seconds from 1 to 86400"),
    ("SUNSHINE_WARM_SERVER_IDLE", "0.000001",
     "SUNSHINE_WARM_SERVER_IDLE='0.000001': expected a number of seconds from 1 to 86400"),
])
def test_a_variable_that_cannot_mean_anything_is_refused_before_anything_starts(setting, name, value, expected):
    project, env = setting
    env[name] = value
    out = sunshine(env, "rerun", "96", "--run", "bad")
    assert (out.returncode, out.stderr.strip()) == (2, f"sunshine rerun: error: {expected}")
    assert not (project / "runs").exists() and not folder(env).exists()


def test_a_socket_folder_others_can_enter_is_not_used(setting):
    project, env = setting
    folder(env).mkdir(mode=0o700)
    os.chmod(folder(env), 0o777)  # as if another user had made it, or widened it
    out = sunshine(env, "rerun", "96", "--run", "own")
    assert out.returncode == 0, out.stderr
    assert not list(folder(env).iterdir())  # the command used a server of its own, which ended with it
    assert not alive(glued(project, "own", "ppid"))


def test_process_mode_keeps_no_server(setting):
    project, env = setting
    env["SUNSHINE_WARM_SERVER"] = "process"
    assert sunshine(env, "rerun", "96", "--run", "own").returncode == 0
    assert not alive(glued(project, "own", "ppid")) and not folder(env).exists()


def test_a_sweep_keeps_its_prepared_server_to_itself(setting, tmp_path):
    """A sweep's server holds the sweep's own state (its project, a population built once): it ends with the sweep."""
    project, env = setting
    grid = tmp_path / "grid.yaml"
    grid.write_text("chapter: 96\nrun: swept\ngrid:\n  label: [a, b]\ncollect: [ppid]\n")
    out = sunshine(env, "sweep", str(grid), "--jobs", "2")
    assert out.returncode == 0, out.stderr
    import pandas as pd

    parents = set(pd.read_csv(project / "runs" / "swept" / "results.csv")["ppid"])
    assert len(parents) == 1 and not alive(parents.pop()) and not folder(env).exists()
    assert json.loads((project / "runs" / "swept" / "run.json").read_text())["status"] == "complete"


def test_stop_server_lets_a_running_rerun_finish_and_takes_no_new_one(setting, tmp_path):
    project, env = setting
    running, _ = probe_running(env, tmp_path, "running", "nap")
    stopped = sunshine(env, "stop-server")
    assert stopped.stdout.strip().endswith("(1 running rerun(s) finish first)"), stopped.stdout
    assert not list(folder(env).glob("warm-*.sock"))  # no new command reaches it
    assert running.wait(timeout=120) == 0, running.communicate()[1]
    assert wait_until(lambda: not alive(glued(project, "running", "ppid")))  # and it ended after the rerun


def test_a_matplotlibrc_in_the_first_callers_folder_is_not_read_by_the_server(setting, tmp_path):
    project, env = setting
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "matplotlibrc").write_text("figure.dpi: 42\n")
    assert sunshine(env, "rerun", "96", "--run", "one", cwd=tmp_path / "here").returncode == 0
    log = next(folder(env).glob("warm-*.log"))
    assert alive(glued(project, "one", "ppid")) and log.parent == folder(env)
    # the server was started in its socket folder, not in the caller's
    assert Path(f"/proc/{glued(project, 'one', 'ppid')}/cwd").resolve() == folder(env).resolve()


def resident_pids(env) -> list[int]:
    """Process ids of resident servers listening in this test's socket folder."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--resident" in argv and any(str(folder(env)).encode() in a for a in argv) and alive(int(proc.name)):
            found.append(int(proc.name))
    return found


def test_a_resident_server_that_dies_while_starting_leaves_the_rerun_to_a_server_of_its_own(setting):
    project, env = setting
    command = subprocess.Popen([sys.executable, "-m", "sunshine", "rerun", "96", "--run", "orphan"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The detached server binds its socket, then imports the stack. Waiting for the socket (not for a process
    # with --resident in its argv, which may still be the launcher about to fork it) finds the server itself.
    assert wait_until(lambda: any(folder(env).glob("warm-*.sock")), 30)
    for pid in resident_pids(env):
        os.kill(pid, signal.SIGKILL)  # while it imports the stack, before it is ready
    out, err = command.communicate(timeout=120)
    assert command.returncode == 0, err
    assert not alive(glued(project, "orphan", "ppid"))  # its kernel came from the command's own server
    assert not resident_pids(env)  # and no second resident server was started in its place


#: Runs a forked kernel's start in a process of its own; "gone" removes the connection folder just before the
#: kernel writes its connection file, as an interrupted command does (run_notebook's temporary folder).
BECOME_KERNEL = """
import json, os, shutil, sys
from ipykernel import kernelapp
from sunshine.runs import executor
request, gone = json.loads(sys.argv[1]), sys.argv[2] == "gone"
write = kernelapp.write_connection_file
def write_after_the_command_gave_up(fname, **info):
    if gone:
        shutil.rmtree(os.path.dirname(fname))
    return write(fname, **info)
kernelapp.write_connection_file = write_after_the_command_gave_up
executor._become_kernel(request, [])
"""


@pytest.mark.slow
@pytest.mark.parametrize("gone", [True, False], ids=["folder removed", "folder there"])
def test_a_kernel_whose_command_gave_up_while_it_started_leaves_quietly(tmp_path, gone):
    """An interrupt while the kernel starts removes its connection folder (run_notebook): the forked kernel
    then cannot write its connection file and exits without a traceback on the terminal it shares; any other
    failure to start is still reported."""
    connection = tmp_path / "sunshine-kernel-x" / "kernel.json"
    connection.parent.mkdir()
    if not gone:
        connection.mkdir()  # a folder where the file goes: a failure with the command still there
    request = {"argv": ["-f", str(connection)], "env": {"PATH": os.environ["PATH"]}, "cwd": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", BECOME_KERNEL, json.dumps(request), "gone" if gone else "there"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert ("Traceback" in result.stderr) is not gone, result.stderr[-1500:]


def test_a_resident_server_killed_mid_run_fails_the_run_saying_so(setting, tmp_path):
    project, env = setting
    command, kernel = probe_running(env, tmp_path, "cut", "sleep")
    (server,) = [pid for pid in resident_pids(env) if pid != kernel]  # the kernel, a fork, has the server's argv
    os.kill(server, signal.SIGKILL)
    out, err = command.communicate(timeout=120)
    assert command.returncode == 1 and "Traceback" not in err, err
    assert (f"the warm server that started the kernel (process {server}) ended while the chapter ran, and the "
            "kernel with it; run the command again") in err, err  # not nbclient's bare "Kernel died"
    assert json.loads((project / "runs" / "cut" / "run.json").read_text())["status"] == "failed"
    assert wait_until(lambda: not alive(kernel), 30), "the orphaned kernel kept running"
