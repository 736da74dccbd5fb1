"""SIGKILL while an output is being written: the output is the previous file or a complete new
one, never a partial file.

`write_atomic` writes to `.NAME.XXXXXXXX.tmp` in the output's folder and renames it over the
output. A process killed with SIGKILL runs no cleanup, so that temporary file may stay behind:
that is inherent (no user-space code runs after SIGKILL), and documented in SECURITY.md. The
tests check that such a leftover is hidden, never taken for an input or an output, and that
the next run works.

The real CLI runs in a subprocess that kills itself with SIGKILL at an exact moment (when
Graphviz starts, when the PNG is drawn, half of the bytes written, all written but not yet
renamed, just renamed), so what each kill must leave is known in advance and no test depends on
timing. A batch killed with SIGKILL takes its workers and their Graphviz with it.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from treemind_render.app.inputs import find_inputs

pytestmark = pytest.mark.graphviz

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"
GUARD = 60.0


def big_outline(branches: int = 8, leaves: int = 12) -> str:
    lines = ["# Kill test"]
    for i in range(branches):
        lines.append(f"- branch {i}")
        lines += [f"  - topic {i}.{j} with a few words" for j in range(leaves)]
    return "\n".join(lines) + "\n"


def args(src: Path, out: Path) -> list[str]:
    # an org chart keeps the picture wide rather than tall; --scale 3 makes a PNG of several hundred kB
    return ["render", str(src), "-o", str(out), "-l", "down", "--scale", "3", "--no-cache"]


def spawn(argv: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def complete_png(data: bytes) -> bool:
    if not (data.startswith(PNG_SIGNATURE) and data.endswith(IEND)):
        return False
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()  # decodes every row: a truncated file raises here
    return True


def strays(folder: Path, out: Path) -> list[Path]:
    return sorted(folder.glob(f".{out.name}.*.tmp"))


def check_leftovers(folder: Path, out: Path) -> None:
    """Stray temp files are hidden, end in .tmp, and are neither inputs nor outputs."""
    for stray in strays(folder, out):
        assert stray.name.startswith(".") and stray.name.endswith(".tmp")
    others = [p for p in folder.iterdir() if p.name.endswith(".tmp") and p not in strays(folder, out)]
    assert others == []
    found = [s.path.name for s in find_inputs([str(folder)])]
    assert found == ["big.md"], found


@pytest.fixture
def setup(tmp_path: Path, cli) -> tuple[Path, Path, bytes]:
    """A large outline and its previous PNG (a small map, so the two can never be confused)."""
    src = tmp_path / "big.md"
    src.write_text("# Old map\n- old\n", encoding="utf-8")
    out = tmp_path / "big.png"
    assert cli(["render", src, "-o", out]).code == 0
    previous = out.read_bytes()
    assert complete_png(previous)
    src.write_text(big_outline(), encoding="utf-8")
    return src, out, previous


WRAPPER = textwrap.dedent(
    """
    import os, signal, subprocess, sys

    mode, target = sys.argv[1], sys.argv[2]
    real_fdopen, real_replace, real_popen = os.fdopen, os.replace, subprocess.Popen

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def ours(fd):
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        return name.startswith("." + target + ".") and name.endswith(".tmp")

    class HalfThenDie:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.handle.close()
        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    def fdopen(fd, *a, **k):
        handle = real_fdopen(fd, *a, **k)
        return HalfThenDie(handle) if mode == "half" and ours(fd) else handle

    def replace(src, dst, **kw):
        ours = os.path.basename(str(dst)) == target
        if mode == "before-rename" and ours:
            die()
        done = real_replace(src, dst, **kw)
        if mode == "after-rename" and ours:
            die()
        return done

    class Popen(real_popen):
        def __init__(self, *a, **k):
            if mode == "graphviz":
                die()
            super().__init__(*a, **k)

    def rasterise_then_die(*a, **k):
        die()

    os.fdopen, os.replace, subprocess.Popen = fdopen, replace, Popen
    if mode == "raster":
        import cairosvg.surface
        from treemind_render.draw import paint
        cairosvg.surface.PNGSurface.__init__ = rasterise_then_die
        paint.paint_svg = rasterise_then_die
    from treemind_render.app.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


@pytest.mark.parametrize("mode", ["graphviz", "raster", "half", "before-rename", "after-rename"])
def test_sigkill_at_each_moment_of_a_render(setup, tmp_path: Path, cli, mode: str) -> None:
    src, out, previous = setup
    src.write_text(big_outline(4, 5), encoding="utf-8")  # smaller: only the write matters here
    wrapper = tmp_path / "wrapper" / "kill_in_write.py"
    wrapper.parent.mkdir()
    wrapper.write_text(WRAPPER, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(wrapper), mode, out.name, *args(src, out)],
        cwd=tmp_path,
        capture_output=True,
        timeout=GUARD,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    if mode == "after-rename":
        assert complete_png(out.read_bytes()) and out.read_bytes() != previous
        out.write_bytes(previous)
    else:
        assert out.read_bytes() == previous, f"SIGKILL ({mode}) changed the output"
    left = strays(tmp_path, out)  # inherent: no cleanup runs after SIGKILL
    if mode in ("half", "before-rename"):
        (stray,) = left
        assert complete_png(stray.read_bytes()) == (mode == "before-rename")
    else:
        assert left == []
    check_leftovers(tmp_path, out)
    # the next run is not confused by a leftover, and leaves no new one
    result = cli(["render", src, "-o", out])
    assert result.code == 0, result.err
    assert complete_png(out.read_bytes()) and out.read_bytes() != previous
    assert strays(tmp_path, out) == left
    # a folder render sees the outline only, never the leftover
    site = tmp_path / "build"
    result = cli(["render", tmp_path, "--out-dir", site, "-f", "svg"])
    assert result.code == 0, result.err
    assert sorted(p.name for p in site.rglob("*") if p.is_file()) == ["big.svg"]


# --- a killed batch takes its workers and their Graphviz with it ------------------------------------

HANGING_NEATO = 'echo "$PPID" > "{pids}/$$"\nexec sleep 600\n'


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has stopped: only its exit status is left


def test_sigkill_of_a_batch_leaves_no_worker_or_graphviz_running(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "neato"
    fake.write_text("#!/bin/sh\n" + HANGING_NEATO.format(pids=pids), encoding="utf-8")
    fake.chmod(0o755)
    maps = tmp_path / "maps"
    maps.mkdir()
    for i in range(4):
        (maps / f"m{i}.md").write_text(f"# Map {i}\n- a\n", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "XDG_CACHE_HOME": str(tmp_path / "c"),
    }
    cmd = ["-m", "treemind_render", "render", str(maps), "--out-dir", str(tmp_path / "out"), "-j", "2"]
    proc = subprocess.Popen(
        [sys.executable, *cmd, "--no-cache", "--timeout", "500"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + GUARD
    try:
        while len(list(pids.iterdir())) < 2:  # both workers have started their Graphviz
            assert proc.poll() is None and time.monotonic() < deadline, "the batch never reached Graphviz"
            time.sleep(0.01)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=GUARD)
    started = {int(p.name): int(p.read_text().strip()) for p in pids.iterdir()}
    workers = set(started.values()) - {proc.pid}
    assert workers, started  # Graphviz ran in worker processes
    left = set(started) | workers
    while left and time.monotonic() < deadline:  # a hang guard, not a timing: they die at once
        left = {pid for pid in left if alive(pid)}
        time.sleep(0.01)
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == set(), f"still running after their parent was killed: {sorted(left)}"
