"""Fault injection: a Graphviz that hangs, crashes, lies or floods, and a rename that fails.

Every case checks the same contract as the README states it: the exit code, exactly one
`treemind: error:` line naming the input, no traceback, no output file (or the previous one
byte for byte), no temporary file left behind, a bounded run time, and in a batch the other
inputs still render.

The faulty Graphviz is a small shell script called `neato`, put first on PATH. It reads the DOT
from stdin; when it finds the marker text in it (or always, without a marker), it misbehaves,
otherwise it runs the real neato on the DOT. So one input of a batch can fail while the others
go through the real Graphviz.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import treemind_render.draw.graphviz
import treemind_render.files
from treemind_render.errors import TreemindError

pytestmark = pytest.mark.graphviz

REAL_NEATO = shutil.which("neato") or "/usr/bin/neato"
PREFIX = "treemind: error: "
GUARD = 15.0  # seconds: a guard against hangs, not a benchmark
MARKER = "FAULT-MARKER-Q7"
PREVIOUS = b"<previous output/>\n"
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"

# What the fake does when it misbehaves (sh syntax). {pids} is a folder for PID files.
FAULTS = {
    # sleeps forever in a child process, so the whole process group must be killed
    "hang": 'echo $$ > "{pids}/shell.$$"\nsleep 600 &\necho $! > "{pids}/child.$!"\nwait\nexit 0',
    "segv": "kill -SEGV $$\nexit 0",
    "garbage": "echo 'this is not SVG at all'\nexit 0",
    "empty": "exit 0",
    "fail": "echo 'Error: <stdin>: syntax error in line 3 near ]' >&2\nexit 1",
    # 200 kB of output; the tests lower MAX_OUTPUT to 50 kB
    "flood": "head -c 200000 /dev/zero | tr '\\000' x\nexit 0",
}
# What the single error line says for each fault (beyond naming the input).
SAYS = {
    "hang": "took longer than 1 s (raise the limit with --timeout)",
    "segv": "Graphviz crashed (signal 11)",
    "garbage": "",  # see test_garbage_is_reported_as_a_graphviz_failure (a bug)
    "empty": "Graphviz failed",
    "fail": "Graphviz failed: Error: <stdin>: syntax error in line 3 near ]",
    "flood": "Graphviz wrote more than",
}


# --- helpers -----------------------------------------------------------------------------------


def fake_neato(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, marker: str | None = None
) -> Path:
    """Put a misbehaving `neato` first on PATH; with `marker`, it misbehaves only when the DOT
    holds the marker and runs the real neato otherwise. Returns the folder of PID files."""
    bin_dir, scratch, pids = tmp_path / "bin", tmp_path / "fake-tmp", tmp_path / "pids"
    for folder in (bin_dir, scratch, pids):
        folder.mkdir(exist_ok=True)
    body = FAULTS[fault].format(pids=pids)
    condition = f"grep -q '{marker}' \"$in\"" if marker else "true"
    script = f"""#!/bin/sh
in=$(mktemp "{scratch}/dot.XXXXXX")
cat > "$in"
if {condition}; then
  rm -f "$in"
  {body.replace(chr(10), chr(10) + "  ")}
fi
"{REAL_NEATO}" "$@" < "$in"
status=$?
rm -f "$in"
exit $status
"""
    neato = bin_dir / "neato"
    neato.write_text(script, encoding="utf-8")
    neato.chmod(neato.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    if fault == "flood":
        monkeypatch.setattr(treemind_render.draw.graphviz, "MAX_OUTPUT", 50_000)
    return pids


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def outline(name: str, marked: bool = False) -> str:
    # topics' label text never reaches Graphviz (svg.py writes it): the marker is a cross-link's
    # label, which Graphviz does draw
    extra = f"- third {{#third}}\n- fourth {{-> third: {MARKER}}}\n" if marked else ""
    return f"# Map {name}\n- first topic\n- second topic\n{extra}"


def timed(cli, args: list) -> tuple:
    start = time.monotonic()
    result = cli(args)
    elapsed = time.monotonic() - start
    assert elapsed < GUARD, f"took {elapsed:.1f} s"
    return result, elapsed


def error_lines(result) -> list[str]:
    assert "Traceback" not in result.err, result.err
    return [line for line in result.err.splitlines() if line.startswith(PREFIX)]


def the_error(result, src: Path) -> str:
    """The one error line of a run, which names the input."""
    lines = error_lines(result)
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"{PREFIX}{src}: "), lines[0]
    return lines[0]


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped by init, counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def recorded_pids(pids: Path) -> list[int]:
    return [int(p.read_text().strip()) for p in pids.iterdir()]


def assert_valid_svg(path: Path, label: str) -> None:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == SVG_ROOT
    assert label in "".join(root.itertext())


# --- one input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("previous", [False, True], ids=["no-output-yet", "previous-output"])
def test_graphviz_fault_fails_the_input_cleanly(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, previous: bool
) -> None:
    pids = fake_neato(tmp_path, monkeypatch, fault)
    work = tmp_path / "work"
    src = write(work / "m.md", outline("m"))
    out = work / "m.svg"
    if previous:
        out.write_bytes(PREVIOUS)
    result, elapsed = timed(cli, ["render", src, "-o", out, "--timeout", "1"])
    assert result.code == 1, result.err
    line = the_error(result, src)
    assert SAYS[fault] in line
    if previous:
        assert out.read_bytes() == PREVIOUS
    else:
        assert not out.exists()
    assert temp_files(work) == []
    assert result.out == b""
    if fault == "hang":
        assert elapsed < 6, f"a 1 s timeout took {elapsed:.1f} s"
        recorded = recorded_pids(pids)
        assert len(recorded) == 2, recorded  # the fake's shell and its sleeping child
        assert not [pid for pid in recorded if alive(pid)], "Graphviz's process group outlived the timeout"


def test_stderr_warnings_with_a_valid_svg(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Graphviz warnings are shown, prefixed, and the map is written (exit 0)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    neato = bin_dir / "neato"
    neato.write_text(f'#!/bin/sh\necho \'Warning: something odd\' >&2\nexec "{REAL_NEATO}" "$@"\n')
    neato.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    src = write(tmp_path / "work" / "w.md", outline("w"))
    out = tmp_path / "work" / "w.svg"
    result, _ = timed(cli, ["render", src, "-o", out])
    assert result.code == 0, result.err
    assert error_lines(result) == []
    assert result.err.splitlines() == [f"treemind: warning: {src}: Graphviz: Warning: something odd"]
    assert_valid_svg(out, "first topic")


def test_stderr_warnings_with_strict_fail_the_input(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    neato = bin_dir / "neato"
    neato.write_text(f'#!/bin/sh\necho \'Warning: something odd\' >&2\nexec "{REAL_NEATO}" "$@"\n')
    neato.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    work = tmp_path / "work"
    src = write(work / "w.md", outline("w"))
    out = work / "w.svg"
    result, _ = timed(cli, ["render", src, "-o", out, "--strict"])
    assert result.code == 1
    line = the_error(result, src)
    assert "Warning: something odd" in line and "--strict" in line
    assert not out.exists()
    assert temp_files(work) == []


def test_graphviz_missing_from_path(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    src = write(tmp_path / "work" / "m.md", outline("m"))
    result, _ = timed(cli, ["render", src, "-o", tmp_path / "work" / "m.svg"])
    assert result.code == 1
    assert "not found on PATH" in the_error(result, src)
    assert not (tmp_path / "work" / "m.svg").exists()


def test_conversions_do_not_run_graphviz(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken Graphviz fails the drawn formats (JSON included); md/OPML conversion never runs it."""
    fake_neato(tmp_path, monkeypatch, "segv")
    src = write(tmp_path / "work" / "m.md", outline("m"))
    converted = cli(["render", src, "-f", "opml", "-o", tmp_path / "work" / "m.opml"])
    assert converted.code == 0, converted.err
    drawn = cli(["render", src, "-f", "svg,json", "--out-dir", tmp_path / "work" / "out"])
    assert drawn.code == 1
    the_error(drawn, src)
    assert not (tmp_path / "work" / "out").exists() or list((tmp_path / "work" / "out").iterdir()) == []


# --- Graphviz output that is not an SVG -----------------------------------------------------------


def test_garbage_is_reported_as_a_graphviz_failure(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_neato(tmp_path, monkeypatch, "garbage")
    src = write(tmp_path / "work" / "m.md", outline("m"))
    result, _ = timed(cli, ["render", src, "-o", tmp_path / "work" / "m.svg"])
    line = the_error(result, src)
    assert "internal error" not in line
    assert "Graphviz" in line


def test_xml_that_is_not_svg_is_refused(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    neato = bin_dir / "neato"
    neato.write_text("#!/bin/sh\ncat > /dev/null\necho '<html><body onload=\"x()\">hi</body></html>'\n")
    neato.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    src = write(tmp_path / "work" / "m.md", outline("m"))
    out = tmp_path / "work" / "m.svg"
    result, _ = timed(cli, ["render", src, "-o", out])
    assert result.code == 1, "a non-SVG document was written as the map"
    the_error(result, src)
    assert not out.exists()


def script_neato(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """A `neato` first on PATH that reads its DOT, then runs `body` (sh)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    neato = bin_dir / "neato"
    neato.write_text(f"#!/bin/sh\ncat > /dev/null\n{body}\n")
    neato.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def test_flood_is_stopped_at_the_cap_not_at_the_timeout(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3 MB, then the pipe stays open: only the cap can end this run before the timeout
    script_neato(tmp_path, monkeypatch, "head -c 3000000 /dev/zero | tr '\\000' x\nexec sleep 600")
    monkeypatch.setattr(treemind_render.draw.graphviz, "MAX_OUTPUT", 100_000)
    src = write(tmp_path / "work" / "m.md", outline("m"))
    result, elapsed = timed(cli, ["render", src, "-o", tmp_path / "work" / "m.svg", "--timeout", "2.5"])
    line = the_error(result, src)
    assert "Graphviz wrote more than 0.1 MB of SVG" in line, line
    assert elapsed < 2.5
    assert not (tmp_path / "work" / "m.svg").exists()


@pytest.mark.parametrize("pipe", ["stdout", "stderr"])
def test_flood_is_never_held_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipe: str) -> None:
    """8 MB on either pipe, caps of 100 kB: at most the caps are ever held (tracemalloc's peak);
    messages past theirs are dropped, and the one shown is cut short."""
    flood = "head -c 8000000 /dev/zero | tr '\\000' x"
    body = f"{flood}\nexec sleep 600" if pipe == "stdout" else f"{flood} >&2\nexit 1"
    script_neato(tmp_path, monkeypatch, body)
    monkeypatch.setattr(treemind_render.draw.graphviz, "MAX_OUTPUT", 100_000)
    monkeypatch.setattr(treemind_render.draw.graphviz, "MAX_MESSAGES", 100_000)
    start = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(TreemindError) as failed:
            treemind_render.draw.graphviz.run_graphviz("digraph { a }", timeout=10, source="m.md")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 5
    assert peak < 1_000_000, f"held {peak:,} bytes of a flood capped at 100 kB"
    said = "wrote more than 0.1 MB of SVG" if pipe == "stdout" else "Graphviz failed: xxx"
    assert said in str(failed.value) and len(str(failed.value)) < 1000


# --- a failing rename --------------------------------------------------------------------------


def failing_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object, **dir_fds: object) -> None:
        raise OSError(28, "No space left on device")

    # files.os is the os module: the patch is undone when the test ends
    monkeypatch.setattr(treemind_render.files.os, "replace", replace)


@pytest.mark.parametrize("fmt", ["svg", "png", "json"])
def test_failed_rename_keeps_the_previous_output(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    work = tmp_path / "work"
    src = write(work / "m.md", outline("m"))
    out = work / f"m.{fmt}"
    out.write_bytes(PREVIOUS)
    failing_replace(monkeypatch)
    result, _ = timed(cli, ["render", src, "-o", out])
    assert result.code == 1  # an input failed; not a usage error (2) nor a crash (3)
    line = the_error(result, src)
    assert "No space left on device" in line
    assert out.read_bytes() == PREVIOUS
    assert temp_files(work) == [], "write_atomic left its temporary file"


def test_failed_rename_names_the_output_not_an_internal_error(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    src = write(work / "m.md", outline("m"))
    out = work / "m.svg"
    failing_replace(monkeypatch)
    result, _ = timed(cli, ["render", src, "-o", out])
    line = the_error(result, src)
    assert "internal error" not in line
    assert str(out) in line


def test_failed_rename_in_a_batch_fails_each_input_once(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    sources = [write(work / f"{n}.md", outline(n)) for n in "ab"]
    for src in sources:
        src.with_suffix(".svg").write_bytes(PREVIOUS)
    failing_replace(monkeypatch)  # inherited by the forked workers
    result, _ = timed(cli, ["render", *sources, "-j", "2"])
    assert result.code == 1
    lines = error_lines(result)
    assert sorted(line.split(": ")[2] for line in lines) == sorted(str(s) for s in sources)
    for src in sources:
        assert src.with_suffix(".svg").read_bytes() == PREVIOUS
    assert temp_files(work) == []


# --- batches: the other inputs still render ------------------------------------------------------


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_batch_with_one_faulty_render(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    pids = fake_neato(tmp_path, monkeypatch, fault, marker=MARKER)
    work = tmp_path / "work"
    good = [write(work / f"{n}.md", outline(n)) for n in ("a", "c")]
    bad = write(work / "b.md", outline("b", marked=True))
    result, _ = timed(cli, ["render", work, "--timeout", "1", "-j", "2"])
    assert result.code == 1
    line = the_error(result, bad)
    assert SAYS[fault] in line
    for src in good:
        assert_valid_svg(src.with_suffix(".svg"), "first topic")
    assert not bad.with_suffix(".svg").exists()
    assert temp_files(work) == []
    assert "2 rendered, 1 failed (3 inputs" in result.err
    assert not [pid for pid in recorded_pids(pids) if alive(pid)]


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_batch_of_five_with_one_graphviz_failure(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    fake_neato(tmp_path, monkeypatch, "fail", marker=MARKER)
    work = tmp_path / "work"
    names = ["one", "two", "three", "four", "five"]
    sources = [write(work / f"{n}.md", outline(n, marked=n == "three")) for n in names]
    bad = sources[2]
    previous = bad.with_suffix(".svg")
    previous.write_bytes(PREVIOUS)
    result, _ = timed(cli, ["render", *sources, "-j", jobs])
    assert result.code == 1
    assert "syntax error in line 3" in the_error(result, bad)
    written = sorted(p.name for p in work.glob("*.svg"))
    assert written == sorted(f"{n}.svg" for n in names)
    for src in sources:
        if src is not bad:
            assert_valid_svg(src.with_suffix(".svg"), f"Map {src.stem}")
    assert previous.read_bytes() == PREVIOUS
    assert "4 rendered, 1 failed (5 inputs" in result.err
    assert temp_files(work) == []
