"""Nothing rewritten behind the user's back, one build at a time, `make sync` loses no edit (issue #24).

Each test feeds a hostile case and asserts the refusal, its wording (the file
and the reason) and that nothing was written or changed. The cases that need
a running chapter are at the end (a probe chapter of ``test_reliability_runs``).
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import jupytext
import nbformat
import pytest

from sunshine import cli, files
from sunshine.publish import book, provenance
from sunshine.data.sample import shown_name
from sunshine.pairing import PairUnreadable, pair_in_step
from sunshine.runs import rerun as rerun_module
from sunshine.runs.rerun import InputsChanged, RerunError, check_inputs_unchanged, resolve_chapters
from sunshine.synth import ensemble_run as er

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import sync_pairs  # noqa: E402

JUPYTEXT = str(Path(sys.executable).with_name("jupytext"))


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


# -- the umask decides the mode of what is written --------------------------------------

@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_writes_get_the_mode_the_umask_gives(tmp_path, umask, expected):
    previous = os.umask(umask)
    try:
        files.atomic_write_text(tmp_path / "new.txt", "x")
        folder_mode = files.new_folder_mode()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == expected  # mkstemp alone gives 0o600
    assert folder_mode == 0o777 & ~umask


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "shared.csv"
    target.write_text("old")
    os.chmod(target, 0o640)
    files.atomic_write_text(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(os.stat(target).st_mode) == 0o640


# -- --force never replaces what is not a regular file ----------------------------------

@pytest.mark.parametrize("kind, make", [
    ("a named pipe", lambda p: os.mkfifo(p)),
    ("a symbolic link", lambda p: p.symlink_to(p.with_name("target.csv"))),
])
def test_synth_force_refuses_what_is_not_a_regular_file(tmp_path, capsys, kind, make):
    (tmp_path / "target.csv").write_text("keep me")
    out = tmp_path / "out.csv"
    make(out)
    before = os.lstat(out)
    code, err = run_cli(capsys, "synth", "--out", str(out), "--force", "--quiet")
    assert code == 2
    assert str(out) in err and f"is {kind}, not a regular file" in err and "--force" in err
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert (tmp_path / "target.csv").read_text() == "keep me"
    assert not (tmp_path / "out.report.json").exists()


def test_check_replaceable_names_a_device(tmp_path):
    with pytest.raises(ValueError, match=r"/dev/null is a character device, not a regular file"):
        files.check_replaceable("/dev/null")
    files.check_replaceable(tmp_path / "absent.csv")  # a new file is fine


# -- sunshine ensemble replaces nothing without --force ---------------------------------

def test_ensemble_without_out_refuses_to_replace_the_published_one(capsys):
    with mock.patch.object(er, "run_ensemble", side_effect=AssertionError("must not run")):
        code, err = run_cli(capsys, "ensemble", "--members", "1")
    assert code == 2
    assert "the published ensemble" in err and "data/ensemble" in err and "--force" in err


def test_ensemble_refuses_a_folder_of_results(tmp_path, capsys):
    (tmp_path / er.MEMBERS_FILE).write_text("mine\n")
    with mock.patch.object(er, "run_ensemble", side_effect=AssertionError("must not run")):
        code, err = run_cli(capsys, "ensemble", "--members", "1", "--out", str(tmp_path))
        assert code == 2 and str(tmp_path) in err and "members.csv" in err and "--force" in err
        (tmp_path / er.KEY_FILE).write_text(json.dumps({"key": "made by other code"}))
        code, err = run_cli(capsys, "ensemble", "--members", "1", "--out", str(tmp_path), "--resume")
        assert code == 2 and "other generator code" in err
    assert (tmp_path / er.MEMBERS_FILE).read_text() == "mine\n"
    with mock.patch.object(er, "run_ensemble") as run:
        assert cli.main(["ensemble", "--members", "1", "--out", str(tmp_path), "--force", "--witness-proposals", "0"]) == 0
        run.assert_called_once()


def test_ensemble_resume_of_the_same_key_needs_no_force(tmp_path):
    (tmp_path / er.KEY_FILE).write_text(json.dumps({"key": er.ensemble_key()}))
    cli.ensemble_outputs(tmp_path, resume=True, force=False, published=False)
    with pytest.raises(ValueError, match="would replace"):
        cli.ensemble_outputs(tmp_path, resume=False, force=False, published=False)


# -- HTML: a file name is shown, never run ----------------------------------------------

def test_a_hostile_file_name_renders_as_text():
    from markdown_it import MarkdownIt

    name = shown_name(Path("/data/<img src=x onerror=alert(1)>`{glue}`x`*\n.csv"))
    html = MarkdownIt("commonmark").render(f"These results come from your data file, the file {name}.")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "\n" not in name


def test_the_banner_is_escaped():
    manifest = {"run": "r", "parameters": {"label": "<script>alert(1)</script>"},
                "data": {"path": "/d/<img src=x onerror=alert(1)>.csv", "sha256": "0" * 64}}
    with mock.patch.object(rerun_module, "book_sources", return_value={}) as sources, \
            mock.patch.object(rerun_module, "stage_files"), mock.patch.object(rerun_module, "render"), \
            mock.patch("sunshine.publish.course_kit.pages", return_value={}):
        plan = rerun_module.RerunPlan("r", Path("/nonexistent/r"), [], {})
        rerun_module.build_alternate(plan, manifest, root=ROOT, run_dir=Path("/nonexistent/r"))
    announcement = sources.call_args.kwargs["announcement"]
    assert "<script" not in announcement and "<img" not in announcement and "&lt;img" in announcement


# -- a rerun re-checks what its chapters read --------------------------------------------

def test_a_data_file_changed_between_chapters_is_refused(tmp_path):
    data = tmp_path / "mine.csv"
    data.write_text("a\n1\n")
    digest = files.sha256_file(data)
    manifest = {"data": {"path": str(data), "sha256": digest}, "chapters": [
        {"notebook": "notebooks/05_x.ipynb", "inputs": {}}]}
    check_inputs_unchanged(manifest, tmp_path)
    data.write_text("a\n2\n")
    with pytest.raises(InputsChanged, match=rf"{data} changed during the run: the run's start read SHA-256 {digest[:12]}"):
        check_inputs_unchanged(manifest, tmp_path)


def test_a_project_file_read_in_two_versions_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.csv").write_text("now")
    now = files.sha256_file(tmp_path / "data" / "x.csv")
    manifest = {"data": {}, "chapters": [
        {"notebook": "notebooks/05_a.ipynb", "inputs": {"data/x.csv": "1" * 64}},
        {"notebook": "notebooks/06_b.ipynb", "inputs": {"data/x.csv": now}}]}
    with pytest.raises(InputsChanged, match=r"data/x.csv changed during the run: 05_a read SHA-256 111111111111…, 06_b read"):
        check_inputs_unchanged(manifest, tmp_path)


# -- one build at a time -----------------------------------------------------------------

def test_a_second_build_is_refused_while_one_runs(tmp_path):
    project = book.Project(tmp_path)
    project.build_dir.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(project.build_dir / '.build-lock')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, b'process 4242'); print('held', flush=True)\n"
        "sys.stdin.read()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with mock.patch.object(book, "execute_stale", side_effect=AssertionError("must not execute")):
            with pytest.raises(book.BuildBusy, match=r"another build of this book is running \(process 4242\) and holds _build/.build-lock"):
                book.build(project)
    finally:
        holder.communicate("")
    with mock.patch.object(book, "_build", return_value={}) as inner:  # released: the next build runs
        book.build(project)
        inner.assert_called_once()


def test_the_build_lock_is_reentrant_and_released(tmp_path):
    project = book.Project(tmp_path)
    with book.build_lock(project), book.build_lock(project):
        fd = os.open(project.build_dir / ".build-lock", os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
    fd = os.open(project.build_dir / ".build-lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(fd)


# -- make sync loses no edit --------------------------------------------------------------

CAPTION = "Table I as a heatmap."


def chapter_pair(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "05_who_migrates.py"
    script.write_bytes((ROOT / "notebooks" / script.name).read_bytes())
    script.with_suffix(".ipynb").write_bytes((ROOT / "notebooks" / script.name).with_suffix(".ipynb").read_bytes())
    return script


def edit_caption(script: Path, text: str) -> None:
    script.write_text(script.read_text().replace(CAPTION, f"Table I as a heatmap ({text}).", 1))


def test_a_caption_edited_in_the_py_is_not_in_step(tmp_path):
    script = chapter_pair(tmp_path)
    assert pair_in_step(script)
    edit_caption(script, "edited")
    assert not pair_in_step(script)


def test_sync_does_not_record_a_caption_edit_as_in_sync(tmp_path):
    script = chapter_pair(tmp_path)
    state = tmp_path / "state.json"
    assert sync_pairs.sync([script], state_path=state, jupytext=JUPYTEXT) == []
    edit_caption(script, "edited in the .py")
    nb = json.loads(script.with_suffix(".ipynb").read_text())
    nb["metadata"]["saved_by_jupyter"] = True  # the .ipynb saved meanwhile: both sides changed
    script.with_suffix(".ipynb").write_text(json.dumps(nb, indent=1))
    both = (script.read_bytes(), script.with_suffix(".ipynb").read_bytes())
    assert sync_pairs.sync([script], state_path=state, jupytext=JUPYTEXT) == [script]
    assert (script.read_bytes(), script.with_suffix(".ipynb").read_bytes()) == both
    assert sync_pairs.sync([script], keep="py", state_path=state, jupytext=JUPYTEXT) == []
    assert "edited in the .py" in script.with_suffix(".ipynb").read_text()


@pytest.mark.slow
def test_sync_on_a_fresh_clone_pairs_the_edited_py(tmp_path):
    repo = tmp_path / "clone"
    script = chapter_pair(repo)
    git = lambda *a: subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *a], cwd=repo, check=True, capture_output=True)
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "pair")
    edit_caption(script, "edited on a fresh clone")
    later = time.time() + 60
    os.utime(script.with_suffix(".ipynb"), (later, later))  # a checkout made the .ipynb newer
    assert sync_pairs.sync([script], state_path=tmp_path / "none.json", jupytext=JUPYTEXT) == []
    assert "edited on a fresh clone" in script.with_suffix(".ipynb").read_text()
    assert "edited on a fresh clone" in script.read_text()


@pytest.mark.slow
def test_sync_of_a_broken_notebook_says_so_in_one_line_and_keep_py_repairs_it(tmp_path, capsys):
    script = chapter_pair(tmp_path)
    script.with_suffix(".ipynb").write_text('{"cells": [')
    failed: list[Path] = []
    assert sync_pairs.sync([script], state_path=tmp_path / "s.json", jupytext=JUPYTEXT, failed=failed) == []
    err = capsys.readouterr().err
    assert failed == [script] and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "05_who_migrates.ipynb cannot be read as a notebook" in err and "--keep py" in err
    assert script.with_suffix(".ipynb").read_text() == '{"cells": ['  # nothing written
    assert sync_pairs.sync([script], keep="py", state_path=tmp_path / "s.json", jupytext=JUPYTEXT, failed=failed) == []
    assert pair_in_step(script)


def test_pair_in_step_names_an_unreadable_half(tmp_path):
    script = chapter_pair(tmp_path)
    script.with_suffix(".ipynb").write_bytes(b"\xff\xfe not json")
    with pytest.raises(PairUnreadable, match=r"05_who_migrates.ipynb cannot be read as a notebook"):
        pair_in_step(script)


def test_rerun_refuses_a_chapter_whose_py_was_edited_after_its_ipynb(tmp_path):
    notebooks = tmp_path / "notebooks"
    script = chapter_pair(notebooks)
    assert resolve_chapters(["05"], root=tmp_path) == [script.with_suffix(".ipynb")]
    edit_caption(script, "edited, not synced")
    with pytest.raises(RerunError, match=r"chapter 05_who_migrates: .*05_who_migrates.py and 05_who_migrates.ipynb differ .*make sync"):
        resolve_chapters(["05"], root=tmp_path)


# -- interrupts leave nothing ------------------------------------------------------------

def test_the_read_recorder_never_creates_its_record(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "data.csv").write_text("x")
    record = tmp_path / "record.txt"
    code = ("import os, sys; from sunshine.publish.provenance import install\n"
            f"install({str(record)!r}, {str(project)!r})\n"
            f"open({str(project / 'data.csv')!r}).read()\n")
    record.write_text("")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert record.read_text() == "data.csv\n"
    record.unlink()  # the run removed it (an interrupt): a kernel still running must not make it again
    subprocess.run([sys.executable, "-c", code], check=True)
    assert not record.exists()


def test_the_read_record_has_no_name_in_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "x.csv").write_text("x")
    with provenance.recording_reads(tmp_path / "project") as recorder:
        assert list(tmp_path.glob("sunshine-reads-*")) == []  # a SIGKILL now would leave nothing
        code = f"{recorder.kernel_arguments[0].split('=', 1)[1]}\nopen({str(tmp_path / 'project' / 'x.csv')!r}).read()"
        subprocess.run([sys.executable, "-c", code], check=True)
    assert recorder.reads == ["x.csv"]


@pytest.mark.slow
def test_the_warm_server_ignores_a_ctrl_c_to_the_group():
    from sunshine.runs import executor

    server = subprocess.Popen([sys.executable, executor.__file__, "--serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert b"ready" in server.stdout.readline()
        os.killpg(server.pid, signal.SIGINT)
        time.sleep(0.5)
        assert server.poll() is None
    finally:
        _, err = server.communicate(b"", timeout=30)
    assert server.returncode == 0 and b"Traceback" not in err and b"KeyboardInterrupt" not in err


def test_kernels_are_started_quiet():
    from sunshine.runs import executor

    with mock.patch("papermill.execute_notebook") as execute:
        executor.execute("in.ipynb", "out.ipynb", {}, cwd=".", extra_arguments=["--x=1"])
    assert execute.call_args.kwargs["extra_arguments"] == ["--IPKernelApp.log_level=ERROR", "--x=1"]


def test_an_interrupted_kernel_start_leaves_no_connection_file(tmp_path, monkeypatch):
    from sunshine.runs import executor

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    seen = []

    def interrupted(*args, config, **kwargs):
        connection = Path(config.WarmKernelManager.connection_file)
        connection.write_text("{}")  # what jupyter_client writes before the kernel starts
        seen.append(connection)
        raise KeyboardInterrupt

    with mock.patch("papermill.execute_notebook", side_effect=interrupted), pytest.raises(KeyboardInterrupt):
        executor.execute("in.ipynb", "out.ipynb", {}, cwd=".")
    assert seen and seen[0].parent.parent == tmp_path and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["rerun", "05", "--run", "mine"], ["sweep", "grid.yaml"]])
def test_replacing_a_run_is_spelled_force_as_everywhere(command):
    """`--force` replaces a run, as it replaces any output; `--overwrite`, the earlier spelling, still works."""
    parser = cli.build_parser()
    assert parser.parse_args(command).overwrite is False
    assert parser.parse_args([*command, "--force"]).overwrite is True
    assert parser.parse_args([*command, "--overwrite"]).overwrite is True


@pytest.mark.parametrize("how", ["between two chapters", "during a sweep"])
def test_after_a_resident_server_died_the_process_never_starts_another(monkeypatch, how):
    """The command goes on with a server of its own: not a second detached one, whichever way it notices."""
    from sunshine.runs import executor

    class Fake:
        def __init__(self, prepare=None, address=None):
            self.address, self.alive = address, True

        def close(self):
            pass

    monkeypatch.setattr(executor, "WarmServer", Fake)
    monkeypatch.setattr(executor, "resident_address", lambda: "/tmp/warm-test.sock")
    monkeypatch.setattr(executor, "_resident", True)
    monkeypatch.setattr(executor, "_server", None)
    resident = executor.warm_server()
    assert resident.address == "/tmp/warm-test.sock"
    if how == "during a sweep":
        with executor.prepared_server({}, "call", []):
            resident.alive = False
    else:
        resident.alive = False
    assert executor.warm_server().address is None
