"""SIGKILL while an output is being written: the output is the previous file or a complete new
one, never a partial file.

`write_atomic` writes to `.NAME.XXXXXXXX.tmp` in the output's folder and renames it over the
output. A process killed with SIGKILL runs no cleanup, so that temporary file may stay behind:
that is inherent (no user-space code runs after SIGKILL), and documented in SECURITY.md. The
tests check that such a leftover is hidden, never taken for an input or an output, and that
the next run works.

Two ways to kill: the real CLI in a subprocess killed at several moments of a render (and the
moment its temporary file appears), and deterministically inside write_atomic (half of the
bytes written; all written but not yet renamed).
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


def kill_at(src: Path, out: Path, folder: Path, moment: float | None) -> float:
    """Start a render over `out` and SIGKILL it `moment` seconds later, or (None) the moment its
    temporary file appears; returns when it was killed (seconds after the start)."""
    start = time.monotonic()
    proc = spawn(["-m", "treemind_render", *args(src, out)], folder)
    deadline = start + GUARD
    if moment is None:
        while proc.poll() is None and time.monotonic() < deadline and not strays(folder, out):
            time.sleep(0.0005)
    else:
        time.sleep(moment)
    killed = time.monotonic() - start
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=GUARD)
    assert proc.returncode in (0, -signal.SIGKILL), err  # finished, or killed: never an error
    assert b"Traceback" not in err and b"treemind: error" not in err, err
    return killed


def test_sigkill_at_any_moment_leaves_old_or_complete_output(setup, tmp_path: Path) -> None:
    src, out, previous = setup
    outcomes = []

    def check(moment: str) -> None:
        data = out.read_bytes()
        if data == previous:
            outcomes.append("previous")
        else:
            assert complete_png(data), f"killed {moment}: a partial output"
            outcomes.append("new")
            out.write_bytes(previous)  # the next kill starts from the old file again
        check_leftovers(tmp_path, out)

    writing = kill_at(src, out, tmp_path, None)  # the moment the write begins
    check("as the temporary file appeared")
    kill_at(src, out, tmp_path, 0.5 * writing)
    check("halfway through the render")
    kill_at(src, out, tmp_path, writing + 0.01)  # mid-write, or just after the rename
    check("just after the write began")
    assert "previous" in outcomes, outcomes  # at least one kill landed before the rename


WRAPPER = textwrap.dedent(
    """
    import os, signal, sys
    import treemind_render.files as files

    mode, target = sys.argv[1], sys.argv[2]
    real_fdopen, real_replace = os.fdopen, os.replace

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

    def replace(src, dst):
        if mode == "before-rename" and os.path.basename(str(dst)) == target:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)

    files.os.fdopen, files.os.replace = fdopen, replace
    from treemind_render.app.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


@pytest.mark.parametrize("mode", ["half", "before-rename"])
def test_sigkill_inside_write_atomic(setup, tmp_path: Path, cli, mode: str) -> None:
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
    assert out.read_bytes() == previous, "SIGKILL during the write changed the output"
    (stray,) = strays(tmp_path, out)  # inherent: no cleanup runs after SIGKILL
    if mode == "half":
        assert not complete_png(stray.read_bytes())
    else:
        assert complete_png(stray.read_bytes())
    check_leftovers(tmp_path, out)
    # the next run is not confused by the leftover, and leaves no new one
    result = cli(["render", src, "-o", out])
    assert result.code == 0, result.err
    assert complete_png(out.read_bytes()) and out.read_bytes() != previous
    assert strays(tmp_path, out) == [stray]
    # a folder render sees the outline only, never the leftover
    site = tmp_path / "build"
    result = cli(["render", tmp_path, "--out-dir", site, "-f", "svg"])
    assert result.code == 0, result.err
    assert sorted(p.name for p in site.rglob("*") if p.is_file()) == ["big.svg"]
