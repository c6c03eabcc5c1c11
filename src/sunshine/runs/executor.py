"""Execute chapters with papermill in warm kernels: forked from a server, not started.

A *warm server* is a child Python that imported the scientific stack once and forks, for each
notebook, a fresh ipykernel on the connection file papermill's client wrote; a set's global state
dies with its fork. ``sunshine rerun`` uses the user's *resident* server (a Unix socket in a private
folder, ended after ``SUNSHINE_WARM_SERVER_IDLE`` idle seconds or by ``sunshine stop-server``); a
kernel whose specification or start-up environment (:data:`STARTUP_ENV`) differs starts as usual.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import select
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

#: Modules the warm server imports once, before it forks any kernel. Not ``matplotlib_inline``:
#: imported outside a kernel, it would not hook the kernel's display (figures would lose their PNG).
PRELOAD = (
    "numpy", "pandas", "scipy.special", "matplotlib", "matplotlib.pyplot", "matplotlib.figure",
    "pandera.pandas", "yaml", "nbformat", "IPython", "IPython.display", "myst_nb", "myst_nb.ext.glue",
    "docutils.nodes", "ipykernel.kernelapp", "ipykernel.ipkernel", "matplotlib.backends.backend_agg",
    "PIL.PngImagePlugin", "pyarrow.pandas_compat", "pandas.io.formats.html", "sqlite3",
)
#: Modules only some chapters use, imported after :data:`PRELOAD`; the resident server imports them
#: once ready, one at a time while it serves no command (a first rerun of chapter 5 needs none).
PRELOAD_LATER = ("scipy.stats", "seaborn", "statsmodels.stats.correlation_tools")
#: Kernel arguments that keep its start-up notices (ipykernel's "running over TCP without encryption",
#: true of every local kernel on 127.0.0.1) off the command line's stderr; its errors still show.
KERNEL_QUIET = ("--IPKernelApp.log_level=ERROR",)
#: The backend ipykernel selects for matplotlib (``IPKernelApp.init_gui_pylab``).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Environment variables of the client that must not reach the server's own imports.
PRIVATE_ENV_PREFIX = "SUNSHINE_"
#: Variables read when Python starts or when the preloaded modules are imported: a kernel whose
#: environment differs from the server's in any of them is started the ordinary way instead.
STARTUP_ENV = (
    "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "PYTHONHASHSEED", "PYTHONWARNINGS",
    "PYTHONNOUSERSITE", "PYTHONUSERBASE", "PYTHONUTF8", "PYTHONIOENCODING", "PYTHONDONTWRITEBYTECODE",
    "PYTHONPYCACHEPREFIX", "PYTHONOPTIMIZE", "PYTHONDEVMODE", "PYTHONTRACEMALLOC", "PYTHONFAULTHANDLER",
    "MPLBACKEND", "MPLCONFIGDIR", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS", "LD_PRELOAD", "LD_LIBRARY_PATH", "LANG", "LC_ALL", "TZ",
)
KERNEL_LAUNCHER = "ipykernel_launcher"


class WarmServerError(RuntimeError):
    """The warm server could not be started or stopped answering."""


# ------------------------------------------------- server side: imports no module of sunshine (each
# kernel imports it afresh, under the environment of its own run)


def _preload(names: tuple[str, ...] = PRELOAD) -> None:
    """Import ``names`` as a kernel would, with ipykernel's matplotlib backend; the first time, warm up."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in names:
        with contextlib.suppress(ImportError):
            __import__(name)
    if names is PRELOAD:
        _warm_up()


def _warm_up() -> None:
    """Do once what a kernel does on first use: register pandera's backends, draw a figure to PNG."""
    import io
    import warnings

    with warnings.catch_warnings():  # the filters a kernel inherits stay as they were
        warnings.simplefilter("ignore")
        with contextlib.suppress(Exception):  # a warm-up only: the kernel then pays for it itself
            import pandas as pd
            import pandera.pandas as pa

            pa.DataFrameSchema({"x": pa.Column(float, pa.Check.ge(0), nullable=True)}).validate(
                pd.DataFrame({"x": [1.0]}), lazy=True)
        with contextlib.suppress(Exception):
            from matplotlib.figure import Figure

            figure = Figure(figsize=(3, 3), layout="constrained")  # not pyplot: the server keeps no figure
            axes = figure.subplots()
            axes.pcolormesh([[0.0, 1.0]], cmap="RdBu")
            axes.text(0.5, 0.5, ".123**")
            axes.set_title("t")
            figure.colorbar(axes.collections[0], ax=axes, label="x")
            figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")


def _become_kernel(request: dict, private_fds: list[int]) -> None:
    """In a fresh fork: take the request's environment and folder, then run ipykernel until shutdown."""
    code = 1
    argv = list(request["argv"])
    connection = argv[argv.index("-f") + 1] if "-f" in argv[:-1] else None
    try:
        os.setsid()  # its own process group, as jupyter_client's launcher gives a kernel
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for fd in private_fds:
            os.close(fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        os.umask(request.get("umask", 0o022))  # the client's: a resident server may have been started by another
        # ipykernel read JPY_PARENT_PID when the server imported it: name the real parent, so that
        # the kernel ends with the server (which ends when its client does).
        argv.append(f"--IPKernelApp.parent_handle={os.getppid()}")
        sys.argv = [KERNEL_LAUNCHER, *argv]
        with contextlib.suppress(ImportError):
            import numpy

            numpy.random.seed()  # fresh entropy, as in a newly started process
        from ipykernel import kernelapp

        kernelapp.IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 - report, then leave without running the server's exit handlers
        # A command interrupted while its kernel starts removes the kernel's connection folder: the
        # kernel then fails to write its connection file, and there is nobody left to tell.
        if connection is None or os.path.isdir(os.path.dirname(connection)):
            import traceback

            traceback.print_exc()
    finally:
        os._exit(code)


_answers_fd = 1  # the server's answer pipe: its original stdout (see serve)


def _answer(message: dict) -> None:
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(_answers_fd, data):]


def _finished() -> Iterator[dict]:
    """Every kernel that has ended, as ``{"exit": pid, "status": code, "cpu": seconds}``."""
    with contextlib.suppress(ChildProcessError):  # no child left
        while (ended := os.wait4(-1, os.WNOHANG))[0]:  # pid 0: none has ended
            pid, status, usage = ended
            yield {"exit": pid, "status": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime}


def _wake_pipe() -> tuple[int, int]:
    """Freeze what was imported (forks share its pages); return the pipe a SIGCHLD wakes ``select`` on."""
    import gc

    gc.collect()
    gc.freeze()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *args: None)
    return wake_r, wake_w


def serve(prepare: dict | None = None) -> None:
    """Run the warm server: fork requests (JSON lines) on stdin, answers (``{"pid": N}``, then
    ``{"exit": N, "status": code, "cpu": seconds}``) on stdout, until stdin closes."""
    global _answers_fd
    # Answers go to a private copy of stdout; whatever a module prints goes to stderr.
    _answers_fd = os.dup(1)
    os.dup2(2, 1)
    for name in [n for n in os.environ if n.startswith(PRIVATE_ENV_PREFIX)]:
        del os.environ[name]
    _preload()
    _preload(PRELOAD_LATER)
    if prepare:  # its variables set, its "module:function" called with its arguments
        os.environ.update(prepare["env"])
        module, _, function = prepare["call"].partition(":")
        with contextlib.suppress(Exception):  # a preparation only: each kernel then does the work itself
            getattr(__import__(module, fromlist=[function]), function)(*prepare["args"])
    wake_r, wake_w = _wake_pipe()
    stdin = sys.stdin.buffer
    _answer({"ready": os.getpid()})
    while True:
        try:
            readable, _, _ = select.select([stdin, wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in readable:
            os.read(wake_r, 4096)
        for message in _finished():
            _answer(message)
        if stdin in readable:
            line = stdin.readline()
            if not line:
                return
            request = json.loads(line)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _become_kernel(request, [wake_r, wake_w, _answers_fd])
            _answer({"pid": pid})


def _serve_resident(path: str, idle: float) -> None:
    """The resident server on the Unix socket ``path``: ends after ``idle`` s without client or kernel,
    or once stopped and done; a client that goes away takes its kernels with it (SIGKILL)."""
    import fcntl
    import socket

    lock = open(path + ".lock", "a")  # noqa: SIM115 - held until the server stops serving this address
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another server serves this address
    if os.path.lexists(path) and not stat.S_ISSOCK(os.lstat(path).st_mode):
        return  # not a socket of ours: the client falls back to a server of its own
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # clients may connect now; they are answered once the stack is imported
    listener.listen(64)
    bound = os.stat(path).st_ino

    def release() -> None:
        """Leave the address to the next server: remove the socket if still ours, drop the lock."""
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == bound:
                os.unlink(path)
        lock.close()

    _preload()
    wake_r, wake_w = _wake_pipe()
    try:
        _resident_loop(listener, wake_r, [wake_r, wake_w, lock.fileno()], idle, release)
    finally:
        if not lock.closed:
            release()


def _send(conn, message: dict) -> None:
    with contextlib.suppress(OSError):
        conn.sendall((json.dumps(message) + "\n").encode())


def _accept(listener, clients: dict) -> None:
    """Take a new client (of this user only) and tell it the server is ready."""
    import socket
    import struct

    conn, _ = listener.accept()
    if struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[1] != os.getuid():
        conn.close()
        return
    clients[conn] = b""
    _send(conn, {"ready": os.getpid()})


def _resident_loop(listener, wake_r: int, private_fds: list[int], idle: float, release) -> None:
    """Fork the clients' kernels, tell each client its kernels' ends; import :data:`PRELOAD_LATER` while
    idle, one module at a time; return when idle or stopped."""
    import gc

    clients: dict = {}  # connection -> bytes of a request not yet complete
    owner: dict = {}  # kernel pid -> the connection that asked for it
    later = list(PRELOAD_LATER)
    quiet_since, stopping = time.monotonic(), False
    while not (stopping and not clients and not owner):
        if clients or owner:
            quiet_since, timeout = time.monotonic(), None
        else:
            timeout = quiet_since + idle - time.monotonic()
            if timeout <= 0:
                return
        try:
            readable, _, _ = select.select([*([] if stopping else [listener]), wake_r, *clients], [], [],
                                           0 if later and not (clients or owner) else timeout)
        except InterruptedError:
            continue
        if not readable and later:
            _preload((later.pop(0),))
            if not later:
                gc.collect()
                gc.freeze()
            continue
        if wake_r in readable:
            os.read(wake_r, 4096)
        for message in _finished():
            if owner.get(message["exit"]) in clients:
                _send(owner[message["exit"]], message)
            owner.pop(message["exit"], None)
        if listener in readable:
            _accept(listener, clients)
        for conn in [c for c in readable if c in clients]:
            data = conn.recv(1 << 20)
            if not data:  # the client is gone: so are the kernels it still runs, whatever they ignore
                del clients[conn]
                conn.close()
                for pid in [p for p, c in owner.items() if c is conn]:
                    with contextlib.suppress(OSError):
                        os.killpg(pid, signal.SIGKILL)
                continue
            *lines, clients[conn] = (clients[conn] + data).split(b"\n")
            for request in map(json.loads, lines):
                if request.get("stop"):  # sunshine stop-server: no new client; end once these are done
                    stopping = True
                    release()
                    _send(conn, {"stopping": os.getpid(), "kernels": len(owner)})
                    continue
                pid = os.fork()
                if pid == 0:
                    _become_kernel(request, [*private_fds, listener.fileno(), *(c.fileno() for c in clients)])
                owner[pid] = conn
                _send(conn, {"pid": pid})


# ----------------------------------------------------------------------------- client side


class WarmServer:
    """A running warm server, and what it said about the kernels it forked."""

    def __init__(self, prepare: dict | None = None, address: str | None = None) -> None:
        #: The start-up variables (:data:`STARTUP_ENV`, and those a prepared server set) it was started with.
        self.startup_env = {**{name: os.environ.get(name) for name in STARTUP_ENV},
                            **(prepare or {}).get("env", {})}
        #: The resident server's socket, or None for a server of this process alone.
        self.address = address
        self._process = self._socket = None
        if address:
            self._socket = _connect_resident(address)
            self._stream = self._socket.makefile("rb")
        else:
            self._process = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--serve", *([json.dumps(prepare)] if prepare else [])],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                close_fds=True,
            )
            self._stream = self._process.stdout
        self._ended = False
        #: The server's process id, once it is ready.
        self.pid: int | None = None
        self._lock = threading.Lock()  # one fork request at a time
        self._changed = threading.Condition()
        self._answers: list[int] = []
        self._exits: dict[int, int] = {}
        #: CPU time (user + system, seconds) of every kernel that ended, by process id.
        self.kernel_cpu: dict[int, float] = {}
        self._ready = False
        self._reader = threading.Thread(target=self._read, name="warm-server-reader", daemon=True)
        self._reader.start()

    def wait_ready(self, timeout: float = 300) -> None:
        """Wait until the server has imported the stack and can fork kernels."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._ready or not self.alive, timeout=timeout):
                raise WarmServerError(f"the warm server did not start within {timeout} s")
        if not self._ready:
            raise WarmServerError("the warm server exited at start")

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # ValueError: the stream was closed
            for line in self._stream:
                self._take(line)
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def _take(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        with self._changed:
            if "ready" in message:
                self._ready, self.pid = True, message["ready"]
            elif "pid" in message:
                self._answers.append(message["pid"])
            elif "exit" in message:
                self._exits[message["exit"]] = message["status"]
                self.kernel_cpu[message["exit"]] = message["cpu"]
            self._changed.notify_all()

    @property
    def alive(self) -> bool:
        """Whether the server still runs (and, resident, still serves this process)."""
        return self._process.poll() is None if self._process else not self._ended

    def _write(self, data: bytes) -> None:
        if self._socket:
            self._socket.sendall(data)
        else:
            self._process.stdin.write(data)
            self._process.stdin.flush()

    def can_host(self, env: dict[str, str]) -> bool:
        """Whether a kernel with environment ``env`` would start as the server did."""
        return all(env.get(name) == value for name, value in self.startup_env.items())

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        """Fork a kernel with these arguments, environment and folder."""
        from sunshine.files import current_umask  # the client's side: the package is importable

        request = json.dumps({"argv": list(argv), "env": dict(env), "cwd": str(cwd), "umask": current_umask()}) + "\n"
        self.wait_ready()
        with self._lock:
            try:
                self._write(request.encode())
            except (OSError, ValueError) as error:
                raise WarmServerError("the warm server is gone") from error
            with self._changed:
                if not self._changed.wait_for(lambda: self._answers or not self.alive, timeout=60):
                    raise WarmServerError("the warm server did not answer within 60 s")
                if not self._answers:
                    raise WarmServerError("the warm server is gone")
                return self._answers.pop(0)

    def exit_status(self, pid: int) -> int | None:
        """The exit code of a kernel."""
        with self._changed:
            return self._exits.get(pid, None if self.alive else -signal.SIGKILL)

    def wait(self, pid: int, timeout: float | None = None) -> int | None:
        """Wait for a kernel to end."""
        with self._changed:
            self._changed.wait_for(lambda: pid in self._exits or not self.alive, timeout=timeout)
        return self.exit_status(pid)

    def close(self) -> None:
        """Stop the server (one still importing is killed); leave a resident one, which ends our kernels."""
        if self._socket:
            with contextlib.suppress(OSError):
                self._socket.shutdown(2)
            self._socket.close()
            return
        if self._process.poll() is None and not self._ready:
            self._process.kill()  # started early for a run that was refused: nothing to wait for
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


#: ``SUNSHINE_WARM_SERVER=process`` keeps every server to the process that started it (no resident one).
RESIDENT_ENV = "SUNSHINE_WARM_SERVER"
#: Variables naming where libraries read their settings (matplotlibrc, IPython's profile) at import.
SETTINGS_ENV = ("HOME", "MATPLOTLIBRC", "XDG_CONFIG_HOME", "IPYTHONDIR", "JUPYTER_CONFIG_DIR")
#: Seconds a resident server stays without work before it ends (``SUNSHINE_WARM_SERVER_IDLE``).
IDLE_ENV, IDLE_DEFAULT = "SUNSHINE_WARM_SERVER_IDLE", 600.0


def resident_folder() -> Path | None:
    """The user's private folder for resident servers' sockets (mode 0700), or None if it is not safely ours."""
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"sunshine-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    return folder if folder.is_dir() and not folder.is_symlink() and info.st_uid == os.getuid() \
        and not info.st_mode & 0o077 else None


def resident_address() -> str | None:
    """The socket of the resident server whose kernels would start as this process's would (keyed by
    interpreter, this file, distributions, start-up variables, idle time and inherited limits)."""
    import hashlib
    import resource
    import site

    folder = resident_folder()
    if folder is None:
        return None
    installed = sorted(n for p in site.getsitepackages() if os.path.isdir(p) for n in os.listdir(p) if n.endswith(".dist-info"))
    limits = [resource.getrlimit(getattr(resource, n)) for n in sorted(dir(resource)) if n.startswith("RLIMIT_")]
    cgroup = Path("/proc/self/cgroup").read_text() if os.path.exists("/proc/self/cgroup") else ""
    variables = {name: os.environ.get(name) for name in (*STARTUP_ENV, *SETTINGS_ENV, IDLE_ENV)}
    key = json.dumps([sys.executable, sys.version, Path(__file__).read_text(encoding="utf-8"), installed, limits,
                      variables, os.nice(0), sorted(os.sched_getaffinity(0)), cgroup])
    return str(folder / f"warm-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sock")


def _connect_resident(address: str, wait: float = 10.0):
    """A connection to the resident server at ``address``, started (detached) if none answers."""
    import socket

    deadline, started = time.monotonic() + wait, False
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(address)
            return conn
        except (FileNotFoundError, ConnectionRefusedError):
            conn.close()
        if os.path.lexists(address) and not stat.S_ISSOCK(os.lstat(address).st_mode):
            raise WarmServerError(f"{address} is not a socket")
        if not started:
            idle = os.environ.get(IDLE_ENV) or str(IDLE_DEFAULT)
            with open(address.removesuffix(".sock") + ".log", "w") as log:  # the server's own errors, if any
                subprocess.run([sys.executable, str(Path(__file__).resolve()), "--resident", address, idle],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, close_fds=True,
                               cwd=os.path.dirname(address),  # no settings file of the caller's folder is read
                               env={k: v for k, v in os.environ.items() if not k.startswith(PRIVATE_ENV_PREFIX)},
                               check=True, timeout=wait)
            started = True
        if time.monotonic() > deadline:
            raise WarmServerError(f"no resident warm server answered at {address} within {wait:g} s")
        time.sleep(0.01)


def stop_resident() -> list[dict]:
    """Ask every resident server of this user to stop (each ends once its ``n`` kernels have);
    return each one's ``{"stopping": pid, "kernels": n}``."""
    import socket

    folder, stopped = resident_folder(), []
    for path in sorted(folder.glob("warm-*.sock")) if folder else []:
        with contextlib.suppress(OSError, ValueError, KeyError), socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(30)
            conn.connect(str(path))
            answers = conn.makefile("rb")
            json.loads(answers.readline())["ready"]
            conn.sendall(b'{"stop": true}\n')
            stopped.append(json.loads(answers.readline()))
    return stopped


_server: WarmServer | None = None
_server_lock = threading.Lock()
_resident = False


def use_resident_server() -> None:
    """From now on, :func:`warm_server` is the user's resident server (unless :data:`RESIDENT_ENV` says not).

    Raises ValueError, naming the variable, if either variable holds what it cannot mean."""
    global _resident
    mode, idle = os.environ.get(RESIDENT_ENV) or "resident", os.environ.get(IDLE_ENV) or str(IDLE_DEFAULT)
    if mode not in ("resident", "process"):
        raise ValueError(f"{RESIDENT_ENV}={mode!r}: expected 'resident' (the default) or 'process'")
    try:
        valid = 1 <= float(idle) <= 86_400
    except ValueError:
        valid = False
    if not valid:
        raise ValueError(f"{IDLE_ENV}={idle!r}: expected a number of seconds from 1 to 86400")
    _resident = mode == "resident"


def warm_server() -> WarmServer:
    """This process's warm server, started (not awaited) on first use; after :func:`use_resident_server`,
    the user's resident server if one can be had."""
    global _server
    with _server_lock:
        if _server is None or not _server.alive:
            _note_gone(_server)
            try:  # a temporary folder that cannot hold the socket, a server that will not start: one of our own
                _server = WarmServer(address=resident_address() if _resident else None)
            except (OSError, subprocess.SubprocessError, WarmServerError):
                _server = WarmServer()
            atexit.register(_server.close)
        return _server


def _note_gone(server: WarmServer | None) -> None:
    """A resident server that died under this process: a server of its own from now on."""
    global _resident
    if server is not None and server.address and not server.alive:
        _resident = False


def _forget_server() -> None:
    """In a child forked from this process: the parent's server is not this process's."""
    global _server
    _server = None


os.register_at_fork(after_in_child=_forget_server)


@contextlib.contextmanager
def prepared_server(env: dict[str, str], call: str, args: list) -> Iterator[WarmServer]:
    """Within the block, kernels are forked from a server that also ran ``call(*args)`` under ``env``
    (a sweep's costly first step, done once); a kernel whose ``env`` differs is not."""
    global _server
    server = WarmServer({"env": dict(env), "call": call, "args": list(args)})
    with _server_lock:
        saved, _server = _server, server
    try:
        yield server
    finally:
        with _server_lock:
            _note_gone(saved)
            _server = saved if saved is not None and saved.alive else None
        server.close()


def shutdown() -> None:
    """Stop this process's warm server, if one runs."""
    global _server
    with _server_lock:
        if _server is not None:
            _note_gone(_server)
            _server.close()
            _server = None


class ForkedKernel:
    """A kernel forked by the warm server, seen through the part of :class:`subprocess.Popen` that jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, server: WarmServer, pid: int):
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The kernel's exit code, if it has ended."""
        if self.returncode is None:
            self.returncode = self.server.exit_status(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the kernel to end."""
        if self.returncode is None:
            self.returncode = self.server.wait(self.pid, timeout)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send a signal to the kernel, unless it has ended."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    terminate = functools.partialmethod(send_signal, signal.SIGTERM)  # ask the kernel to end
    kill = functools.partialmethod(send_signal, signal.SIGKILL)  # end it now


@functools.cache
def _provisioner_class():
    from jupyter_client.provisioning import LocalProvisioner

    class WarmProvisioner(LocalProvisioner):
        """Launch the kernel by forking the warm server, unless it could not host it (then as usual)."""

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            """Fork the kernel from the warm server (or start it), and return its connection information."""
            env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}
            own = False  # forked only when cmd starts this Python's ipykernel
            with contextlib.suppress(OSError):
                own = cmd[1:3] == ["-m", KERNEL_LAUNCHER] and os.path.samefile(cmd[0], sys.executable)
            server = warm_server() if own else None
            if server is None or not server.can_host(env):
                return await super().launch_kernel(cmd, **kwargs)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            try:
                pid = server.fork(cmd[3:], env, cwd)
            except WarmServerError:
                if not server.address:
                    raise
                global _resident
                _resident = False  # the resident server went before forking: one of our own from now on
                shutdown()
                server = warm_server()
                pid = server.fork(cmd[3:], env, cwd)
            self.process = ForkedKernel(server, pid)
            self.pid = self.pgid = pid
            self.cwd = cwd
            return self.connection_info

    return WarmProvisioner


@functools.cache
def kernel_manager_class() -> type:
    """The kernel manager class whose kernels are forks of the warm server."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Dict

    class WarmKernelManager(AsyncKernelManager):
        """An AsyncKernelManager whose kernels are forks of the warm server."""

        extra_env = Dict(help="Variables added to the kernel's environment").tag(config=True)

        async def _async_pre_start_kernel(self, **kw: Any):
            if self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = _provisioner_class()(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            cmd, kw = await super()._async_pre_start_kernel(**kw)
            kw["env"] = {**(kw.get("env") or os.environ), **self.extra_env}
            return cmd, kw

    return WarmKernelManager


#: Seconds between two saves of a running notebook (papermill saves it around every cell, which costs
#: a chapter seconds of CPU); it is still saved when it starts, when it ends and when it fails.
SAVE_EVERY = 5.0
#: The name under which :func:`engine_name` registers the papermill engine that saves that often.
ENGINE = "sunshine-warm"


@functools.cache
def engine_name() -> str:
    """The papermill engine of warm runs (nbclient's, saving every :data:`SAVE_EVERY` s), registered once."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class ThrottledManager(NotebookExecutionManager):
        """papermill's execution manager, saving at most every :data:`SAVE_EVERY` seconds between start and end."""

        _forced = True  # the save of notebook_start, and (forced again) that of notebook_complete

        def save(self, **kwargs: Any) -> None:
            """Save the notebook if forced or if :data:`SAVE_EVERY` seconds passed since the last save."""
            if self._forced or (self.now() - self.last_save_time).total_seconds() >= SAVE_EVERY:
                self._forced = False
                super().save(**kwargs)

    class ThrottledEngine(NBClientEngine):
        """papermill's nbclient engine with :class:`ThrottledManager`."""

        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs: Any):
            """Execute ``nb`` as :meth:`papermill.engines.Engine.execute_notebook` does, saving less often."""
            manager = ThrottledManager(nb, output_path=output_path, progress_bar=progress_bar,
                                       log_output=log_output, autosave_cell_every=autosave_cell_every)
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            finally:
                manager.cleanup_pbar()
                manager._forced = True
                manager.notebook_complete()
            return manager.nb

    papermill_engines.register(ENGINE, ThrottledEngine)
    return ENGINE


def execute(
    notebook: str | Path,
    output: str | Path,
    parameters: dict[str, Any],
    *,
    cwd: str | Path,
    env: dict[str, str] | None = None,
    extra_arguments: list[str] | tuple[str, ...] = (),
    kernel_name: str = "python3",
) -> None:
    """Execute ``notebook`` into ``output`` with papermill, its parameters overridden, in a warm kernel."""
    import tempfile

    import papermill
    from nbclient.exceptions import DeadKernelError
    from traitlets.config import Config

    from sunshine.report import FIGURE_FORMATS_ENV

    # The kernel's connection file in a folder of its own, removed however the run ends (an interrupt
    # while the kernel starts would otherwise leave jupyter_client's tmpXXXX.json in the temporary folder).
    with tempfile.TemporaryDirectory(prefix="sunshine-kernel-") as folder:
        # A rerun's figures are looked at, never printed: PNG only (the book's build executes elsewhere).
        config = Config({"WarmKernelManager": {"extra_env": {FIGURE_FORMATS_ENV: "png", **(env or {})},
                                               "connection_file": os.path.join(folder, "kernel.json")}})
        try:
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                kernel_name=kernel_name,
                engine_name=engine_name(),
                progress_bar=False,
                log_output=False,
                kernel_manager_class=kernel_manager_class(),
                extra_arguments=[*KERNEL_QUIET, *extra_arguments],
                config=config,
                resources={"metadata": {"path": str(cwd)}},
                shutdown_kernel="immediate",
            )
        except DeadKernelError as error:  # say so when it was the warm server that went
            if _server is None or _server.alive:
                raise
            raise DeadKernelError(f"the warm server that started the kernel (process {_server.pid}) ended while "
                                  "the chapter ran, and the kernel with it; run the command again") from error


def run_set(chapter: str, output: str, parameters: dict, cwd: str, root: str) -> dict:
    """Execute one parameter set of a sweep on the project copy ``root``."""
    import nbformat

    from sunshine.paths import ROOT_ENV_VAR
    from sunshine.runs.glued import glued_values

    start = time.perf_counter()
    execute(chapter, output, parameters, cwd=cwd, env={ROOT_ENV_VAR: str(root)})
    return {"values": glued_values(nbformat.read(output, as_version=4)), "seconds": time.perf_counter() - start}


if __name__ == "__main__" and sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    del sys.path[0]  # run as a script (a server): this folder is no place to import from
if __name__ == "__main__" and sys.argv[1:2] == ["--resident"]:
    os.setsid()  # detached from the command that starts it: its terminal's Ctrl-C is not for the server
    if os.fork():
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))  # killed: remove the socket, then end
    _serve_resident(sys.argv[2], float(sys.argv[3]))
elif __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    # A Ctrl-C reaches the whole process group: the client decides what it means, and the server
    # ends when its client closes stdin (its kernels run in sessions of their own).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(json.loads(sys.argv[2]) if len(sys.argv) > 2 else None)
