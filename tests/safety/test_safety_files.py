"""Output files (issue 15, points 1 and 7): atomic writes through an unpredictable temporary
file, FIFOs and devices written in place, symlinks written through, private new files, and
a full disk (file or stdout) as exit 7 with one line. Real files, a real FIFO, /dev/full,
and the CLI against the scripted server."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLE
from drafts import example_draft
from hostile import FAST, Run, cli_env, endpoint, run_all

from summarizer.errors import RenderError
from summarizer.files import write_file
from summarizer.testing.scripted_server import ScriptedServer, completion

HAS_DEV_FULL = os.path.exists("/dev/full")


def test_a_new_file_is_written_whole_and_private(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    write_file(out, "hello\n")
    assert out.read_text() == "hello\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left behind


def test_an_existing_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    out.write_text("old")
    out.chmod(0o640)
    inode = out.stat().st_ino
    write_file(out, "new")
    assert out.read_text() == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.stat().st_ino != inode  # renamed over, not rewritten in place


def test_a_symlink_planted_at_the_old_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "s.json"
    for pid in range(os.getpid() - 50, os.getpid() + 50):  # every name the old writer could have used
        (tmp_path / f".{out.name}.tmp-{pid}").symlink_to(victim)
    write_file(out, "summary")
    assert victim.read_text() == "precious"
    assert out.read_text() == "summary" and not out.is_symlink()


def test_a_symlink_target_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "latest.html"
    link.symlink_to(real)
    write_file(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"


def test_a_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    write_file(fifo, "through the pipe")
    reader.join(5)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_device_is_written_in_place_not_replaced() -> None:
    write_file("/dev/null", "discarded")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full")
def test_a_full_device_is_a_render_error_and_stays_a_device() -> None:
    with pytest.raises(RenderError, match="no space left on device"):
        write_file("/dev/full", "x" * 10000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_directory_or_a_missing_folder_is_one_render_error_and_the_old_file_survives(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="is a directory"):
        write_file(tmp_path, "x")
    with pytest.raises(RenderError, match="No such file or directory"):
        write_file(tmp_path / "nope" / "s.json", "x")
    out = tmp_path / "keep.json"
    out.write_text("old")
    tmp_path.chmod(0o500)  # the folder is read-only: no temporary file can be made
    try:
        if os.geteuid() != 0:  # root writes anyway
            with pytest.raises(RenderError, match="Permission denied"):
                write_file(out, "new")
            assert out.read_text() == "old"
    finally:
        tmp_path.chmod(0o700)


# ------------------------------------------------------------------ the CLI

@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("files")
    srv = ScriptedServer(responder=lambda req: completion(example_draft())).start()
    env = cli_env(out, **FAST)
    real = out / "real.json"
    real.write_text("old")
    (out / "link.json").symlink_to(real)
    victim = out / "victim.txt"
    victim.write_text("precious")
    for pid in range(1, 4096):  # the old writer's predictable names, for any forked child's pid
        (out / f".planted.json.tmp-{pid}").symlink_to(victim)
    cases = {
        "planted": ["-f", "json", "-o", str(out / "planted.json")],
        "link": ["-f", "json", "-o", str(out / "link.json")],
        "dev-null": ["-f", "json", "-o", "/dev/null"],
        "dash": ["-f", "json", "-o", "-"],
        **({"dev-full": ["-f", "json", "-o", "/dev/full"]} if HAS_DEV_FULL else {}),
        "no-folder": ["-f", "json", "-o", str(out / "missing" / "s.json")],
    }
    runs = {k: Run(["summarize", str(EXAMPLE), *endpoint(srv), *args], env) for k, args in cases.items()}
    run_all(list(runs.values()))
    yield out, runs
    srv.stop()


def test_cli_output_never_follows_a_planted_symlink(cli_runs) -> None:
    out, runs = cli_runs
    assert runs["planted"].returncode == 0, runs["planted"].stderr
    assert (out / "victim.txt").read_text() == "precious"
    assert '"events"' in (out / "planted.json").read_text()
    assert stat.S_IMODE((out / "planted.json").stat().st_mode) == 0o600


def test_cli_output_writes_through_a_symlink(cli_runs) -> None:
    out, runs = cli_runs
    assert runs["link"].returncode == 0, runs["link"].stderr
    assert (out / "link.json").is_symlink()
    assert '"events"' in (out / "real.json").read_text()


def test_cli_output_to_a_device_or_dash(cli_runs) -> None:
    _, runs = cli_runs
    assert runs["dev-null"].returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert runs["dash"].returncode == 0 and '"events"' in runs["dash"].stdout


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full")
def test_cli_output_to_a_full_device_is_exit_7_in_one_line(cli_runs) -> None:
    _, runs = cli_runs
    r = runs["dev-full"]
    assert r.returncode == 7, r.stderr
    assert r.lines == ["RenderError: cannot write /dev/full: no space left on device"]
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_cli_output_into_a_missing_folder_is_exit_7_in_one_line(cli_runs) -> None:
    _, runs = cli_runs
    r = runs["no-folder"]
    assert r.returncode == 7 and len(r.lines) == 1 and r.lines[0].startswith("RenderError: cannot write"), r.stderr


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full")
@pytest.mark.parametrize("args", [["schema"], ["summarize", str(EXAMPLE), "-f", "json"]], ids=["echo", "write"])
def test_stdout_on_a_full_disk_is_exit_7_in_one_line(args: list[str], tmp_path: Path) -> None:
    srv = ScriptedServer(responder=lambda req: completion(example_draft())).start()
    try:
        extra = endpoint(srv) if args[0] == "summarize" else []
        with open("/dev/full", "wb") as full:
            p = subprocess.run([sys.executable, "-m", "summarizer", *args, *extra], stdout=full,
                               stderr=subprocess.PIPE, env=cli_env(tmp_path, **FAST), timeout=120)
    finally:
        srv.stop()
    lines = [ln for ln in p.stderr.decode().splitlines() if ln.strip()]
    assert p.returncode == 7, p.stderr
    assert len(lines) == 1 and lines[0].startswith("RenderError: cannot write") and "space" in lines[0], lines


def test_dev_stdout_is_written_in_place_whether_a_pipe_or_a_file(tmp_path: Path) -> None:
    code = "from summarizer.files import write_file; write_file('/dev/stdout', 'hello\\n')"
    env = cli_env(tmp_path)
    piped = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert piped.returncode == 0 and piped.stdout == b"hello\n", piped.stderr
    out = tmp_path / "redirected.txt"
    with open(out, "wb") as f:
        f.write(b"first\n")
        f.flush()
        done = subprocess.run([sys.executable, "-c", code], stdout=f, stderr=subprocess.PIPE, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == b"first\nhello\n"  # written at the shell's offset, the file not replaced
