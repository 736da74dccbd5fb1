"""Batch rendering as CI runs it: folders, parallel workers, cache, --check, reports, shards.

Every test builds its outlines under tmp_path by writing small Markdown and indented-text files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import treemind_render.app.batch
import treemind_render.draw.graphviz
from treemind_render.app.batch import Task, render_many
from treemind_render.app.inputs import find_inputs, plan
from treemind_render.pipeline import RenderOptions

pytestmark = pytest.mark.graphviz

NODES = 13  # every generated outline: a root, 3 branches, 3 leaves under each
BROKEN = b"Broken outline\n  fine line\n  bad \xff\xfe bytes here\n"


# --- building outlines ---------------------------------------------------------------------------


def outline_text(i: int, ext: str) -> str:
    """A 13-node outline; every third one in Chinese."""
    chinese = i % 3 == 0
    root = f"学习计划 {i}" if chinese else f"Project plan {i}"
    branches = ["目标", "方法", "资源"] if chinese else ["Goals", "Methods", "Resources"]
    leaves = ["阅读论文", "写总结，分享", "复盘"] if chinese else ["Read papers", "Write a summary", "Review"]
    if ext == ".md":
        lines = [f"# {root}"]
        for b in branches:
            lines.append(f"## {b} {i}")
            lines += [f"- {leaf} {i}" for leaf in leaves]
    else:
        lines = [root]
        for b in branches:
            lines.append(f"  {b} {i}")
            lines += [f"    {leaf} {i}" for leaf in leaves]
    return "\n".join(lines) + "\n"


def make_tree(root: Path, count: int = 30, broken: str | None = None) -> list[Path]:
    """`count` outlines over three folder levels, mixed .md/.txt, some with Chinese names.

    Returns the paths below `root` (relative); `broken` adds an invalid UTF-8 file there.
    """
    folders = ["", "team", "team/q1", "计划", "计划/阶段一", "archive/2024"]
    made = []
    for i in range(count):
        ext = ".md" if i % 2 == 0 else ".txt"
        name = f"地图{i:02d}" if i % 5 == 0 else f"map{i:02d}"
        rel = Path(folders[i % len(folders)]) / f"{name}{ext}"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(outline_text(i, ext), encoding="utf-8")
        made.append(rel)
    if broken:
        (root / broken).parent.mkdir(parents=True, exist_ok=True)
        (root / broken).write_bytes(BROKEN)
    return made


def expected_outputs(rels: list[Path], formats: tuple[str, ...]) -> set[str]:
    return {rel.with_suffix("." + f).as_posix() for rel in rels for f in formats}


def files_under(folder: Path) -> set[str]:
    if not folder.exists():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below `folder`: (mtime_ns, bytes), to prove nothing was rewritten."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("treemind: error:")]


def discovered(cli, tmp_path: Path, *args: object) -> set[str]:
    """The inputs a command would take (run as --check, which writes nothing but its report)."""
    report = tmp_path / "discovered.json"
    result = cli(["render", *args, "--out-dir", tmp_path / "nowhere", "--check", "--report", report])
    assert result.code in (0, 1), result.err
    assert not (tmp_path / "nowhere").exists()
    return {entry["input"] for entry in json.loads(report.read_text(encoding="utf-8"))["inputs"]}


# --- a batch, then the same batch again ----------------------------------------------------------


def test_batch_then_cached_rerun(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 30, broken="team/q1/broken.txt")
    broken = src / "team/q1/broken.txt"
    args = ["render", src, "--out-dir", out, "-f", "svg,png", "-j", "2"]

    first = cli([*args, "--report", tmp_path / "r1.json"])

    assert first.code == 1, first.err
    assert files_under(out) == expected_outputs(rels, ("svg", "png"))  # 60 images, mirrored
    assert len(files_under(out)) == 60
    errors = error_lines(first.err)
    assert len(errors) == 1, first.err
    assert re.match(rf"treemind: error: {re.escape(str(broken))}:3: .*UTF-8", errors[0]), errors[0]

    report = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    assert report["totals"] == {
        "inputs": 31,
        "rendered": 30,
        "cached": 0,
        "current": 0,
        "stale": 0,
        "failed": 1,
        "seconds": report["totals"]["seconds"],
    }
    by_input = {entry["input"]: entry for entry in report["inputs"]}
    assert set(by_input) == {str(src / rel) for rel in rels} | {str(broken)}
    bad = by_input.pop(str(broken))
    assert bad["status"] == "failed"
    assert bad["error_kind"] == "OutlineError"
    assert bad["error"].startswith(f"{broken}:3: ") and "UTF-8" in bad["error"]
    for entry in by_input.values():
        assert entry["status"] == "rendered"
        assert entry["nodes"] == NODES
        assert entry["error"] is None and entry["error_kind"] is None
        assert len(entry["outputs"]) == 2 and all(Path(p).is_file() for p in entry["outputs"])

    before = snapshot(out)
    second = cli([*args, "--report", tmp_path / "r2.json"])

    assert second.code == 1, second.err
    assert len(error_lines(second.err)) == 1 and str(broken) in second.err
    report = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    statuses = {entry["input"]: entry["status"] for entry in report["inputs"]}
    assert statuses.pop(str(broken)) == "failed"
    assert set(statuses.values()) == {"cached"}
    assert report["totals"]["cached"] == 30 and report["totals"]["rendered"] == 0
    assert snapshot(out) == before  # no output rewritten: same bytes, same mtimes
    # how much cheaper a cached rerun is, is measured in benchmarks/batch.py, not asserted here


# --- --check -------------------------------------------------------------------------------------


def test_check_after_render_then_stale_after_edit(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 6, broken="drafts/broken.txt")
    args = ["render", src, "--out-dir", out, "-f", "svg,png", "--exclude", "drafts/*"]
    assert cli(args).code == 0
    assert files_under(out) == expected_outputs(rels, ("svg", "png"))

    fresh = cli([*args, "--check"])
    assert fresh.code == 0, fresh.err
    assert "treemind: stale" not in fresh.err

    edited = src / rels[2]
    edited.write_text(outline_text(99, edited.suffix), encoding="utf-8")
    before = snapshot(out)
    stale = cli([*args, "--check"])
    assert stale.code == 1, stale.err
    for fmt in ("svg", "png"):
        output = out / rels[2].with_suffix("." + fmt)
        assert re.search(rf"{re.escape(str(output))}.*{re.escape(str(edited))}", stale.err), stale.err
    others = [out / rel.with_suffix(".svg") for rel in rels if rel != rels[2]]
    assert not any(str(p) in stale.err for p in others)
    assert snapshot(out) == before  # --check writes nothing


def test_check_names_a_missing_output(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 4)
    args = ["render", src, "--out-dir", out, "-f", "svg,png"]
    assert cli(args).code == 0
    gone = out / rels[1].with_suffix(".png")
    gone.unlink()
    result = cli([*args, "--check"])
    assert result.code == 1
    assert re.search(rf"(stale|missing).*{re.escape(str(gone))}", result.err), result.err
    assert not gone.exists()


def test_check_junit_report(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 5)
    args = ["render", src, "--out-dir", out, "-f", "svg"]
    assert cli(args).code == 0
    edited = src / rels[3]
    edited.write_text(outline_text(42, edited.suffix), encoding="utf-8")
    xml = tmp_path / "check.xml"
    result = cli([*args, "--check", "--report", xml])
    assert result.code == 1

    suite = ET.parse(xml).getroot()
    assert suite.tag == "testsuite"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "1", "0")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {str(src / rel) for rel in rels}
    failure = cases[str(edited)].find("failure")
    assert failure is not None and failure.get("type") == "stale"
    assert str(out / rels[3].with_suffix(".svg")) in failure.get("message", "")
    assert all(case.find("failure") is None for name, case in cases.items() if name != str(edited))


def _nudge_drawing(svg: bytes) -> bytes:
    """Move the first path's start point: another Graphviz/cairo would draw other bytes."""
    found = re.search(rb' d="M(-?\d+)', svg)
    assert found, svg[:300]
    moved = str(int(found.group(1)) + 3).encode()
    return svg[: found.start(1)] + moved + svg[found.end(1) :]


def _png_with_extra_chunk(png: bytes) -> bytes:
    """The same picture with one more chunk after IHDR: other bytes, same tEXt stamp."""
    body = b"tEXtSoftware\0another cairo"
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    ihdr_end = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def test_stamp_survives_a_different_drawing(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 3)
    args = ["render", src, "--out-dir", out, "-f", "svg,png"]
    assert cli(args).code == 0
    svg, png = out / rels[0].with_suffix(".svg"), out / rels[1].with_suffix(".png")
    original = svg.read_bytes()
    redrawn = _nudge_drawing(original)
    assert redrawn != original and b'<metadata id="treemind-source"' in redrawn
    svg.write_bytes(redrawn)
    png.write_bytes(_png_with_extra_chunk(png.read_bytes()))
    before = snapshot(out)

    assert cli([*args, "--check"]).code == 0  # the stamps, not the bytes, decide
    rerun = cli(args)
    assert rerun.code == 0 and snapshot(out) == before  # cached: not redrawn either

    for changed in (["-t", "dark"], ["-l", "right"]):
        result = cli([*args, *changed, "--check"])
        assert result.code == 1, changed
        assert all(str(out / rel.with_suffix(".svg")) in result.err for rel in rels), result.err

    svg.write_bytes(re.sub(rb"<metadata [^>]*/>", b"", redrawn))  # no stamp: stale
    result = cli([*args, "--check"])
    assert result.code == 1 and str(svg) in result.err


# --- shards, workers, fail-fast, clashes --------------------------------------------------------


def test_shards_cover_every_input_once(cli, tmp_path):
    src = tmp_path / "docs"
    rels = make_tree(src, 30)
    outs = []
    for k in (1, 2):
        out = tmp_path / f"shard{k}"
        result = cli(["render", src, "--out-dir", out, "-f", "svg", "-j", "2", "--shard", f"{k}/2"])
        assert result.code == 0, result.err
        outs.append(files_under(out))
    assert outs[0] and outs[1]
    assert not outs[0] & outs[1]
    assert outs[0] | outs[1] == expected_outputs(rels, ("svg",))


@pytest.mark.parametrize("spec", ["3/2", "x", "0/2", "1/0", "1/2/3", "-1/2"])
def test_bad_shard_is_a_usage_error(cli, tmp_path, spec):
    src = tmp_path / "docs"
    make_tree(src, 2)
    result = cli(["render", src, "--out-dir", tmp_path / "out", f"--shard={spec}"])
    assert result.code == 2
    assert len(error_lines(result.err)) == 1 and "--shard" in result.err
    assert not (tmp_path / "out").exists()


def test_empty_shard_is_fine(cli, tmp_path):
    src = tmp_path / "docs"
    make_tree(src, 1)
    for k in (1, 2, 3, 4):
        result = cli(["render", src, "--out-dir", tmp_path / "out", "-j", "2", "--shard", f"{k}/4"])
        assert result.code == 0, result.err
    assert len(files_under(tmp_path / "out")) == 1


def test_one_or_two_workers_give_identical_bytes(cli, tmp_path):
    src = tmp_path / "docs"
    make_tree(src, 8)
    for jobs in ("1", "2"):
        result = cli(["render", src, "--out-dir", tmp_path / f"j{jobs}", "-f", "svg,png", "-j", jobs])
        assert result.code == 0, result.err
    one, two = snapshot(tmp_path / "j1"), snapshot(tmp_path / "j2")
    assert len(one) == 16
    assert {k: v[1] for k, v in one.items()} == {k: v[1] for k, v in two.items()}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fail_fast_stops_early(cli, tmp_path, jobs):
    src, out = tmp_path / "docs", tmp_path / "maps"
    make_tree(src, 12, broken="000-broken.txt")  # sorts first
    result = cli(["render", src, "--out-dir", out, "-f", "svg", "-j", jobs, "--fail-fast"])
    assert result.code == 1
    assert "000-broken.txt:3:" in result.err
    assert len(files_under(out)) < 12
    if jobs == "1":
        assert files_under(out) == set()


def test_two_inputs_one_output_is_a_usage_error(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    make_tree(src, 4)
    (src / "a.md").write_text("# A\n- one\n", encoding="utf-8")
    (src / "a.txt").write_text("A\n  one\n", encoding="utf-8")
    result = cli(["render", src, "--out-dir", out, "-f", "svg", "-j", "2"])
    assert result.code == 2
    [line] = error_lines(result.err)
    assert "a.md" in line and "a.txt" in line and str(out / "a.svg") in line
    assert not out.exists()


# --- which files a folder gives ------------------------------------------------------------------


def test_hidden_files_and_folders_are_skipped(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    make_tree(src, 2)
    for hidden in (".hidden/x.md", "team/.drafts/y.txt", ".secret.md"):
        (src / hidden).parent.mkdir(parents=True, exist_ok=True)
        (src / hidden).write_text("# Hidden\n- no\n", encoding="utf-8")
    result = cli(["render", src, "--out-dir", out, "-f", "svg"])
    assert result.code == 0, result.err
    assert files_under(out) == {"地图00.svg", "team/map01.svg"}


def test_gitignored_paths_are_skipped_in_a_repo(cli, tmp_path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    src = tmp_path / "docs"
    rels = make_tree(src, 6)
    (tmp_path / ".gitignore").write_text("docs/team/\n草稿*.md\n", encoding="utf-8")
    (src / "草稿一.md").write_text("# 草稿\n- 不要\n", encoding="utf-8")
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    found = discovered(cli, tmp_path, src)
    assert found == {str(src / rel) for rel in rels if not rel.as_posix().startswith("team/")}


def test_include_and_exclude(cli, tmp_path):
    src = tmp_path / "docs"
    for rel in ("keep.md", "other.txt", "drafts/d.md", "drafts/deeper/e.md", "notes/n.txt"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(outline_text(1, Path(rel).suffix), encoding="utf-8")

    def names(*args):
        return {Path(p).relative_to(src).as_posix() for p in discovered(cli, tmp_path, src, *args)}

    assert names("--include", "*.md") == {"keep.md", "drafts/d.md", "drafts/deeper/e.md"}
    assert names("--exclude", "drafts/*") == {"keep.md", "other.txt", "notes/n.txt"}
    assert names("--include", "*.md", "--exclude", "drafts/*") == {"keep.md"}
    assert names("--include", "notes/*", "--include", "other.txt") == {"other.txt", "notes/n.txt"}


def test_glob_input_mirrors_subfolders(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 8)
    result = cli(["render", f"{src}/**/*.md", "--out-dir", out, "-f", "svg", "-j", "2"])
    assert result.code == 0, result.err
    assert files_under(out) == expected_outputs([r for r in rels if r.suffix == ".md"], ("svg",))


def test_json_outputs_inside_the_folder_are_not_inputs_next_time(cli, tmp_path):
    src = tmp_path / "docs"
    make_tree(src, 2)
    args = ["render", src, "--out-dir", src / "maps", "-f", "svg,json", "--report", tmp_path / "r.json"]
    assert cli(args).code == 0
    before = files_under(src)
    again = cli(args)
    assert again.code == 0, again.err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["totals"]["inputs"] == 2 and report["totals"]["cached"] == 2
    assert files_under(src) == before


# --- progress lines ------------------------------------------------------------------------------


def test_progress_lines_in_ci(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "1")
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 5)
    result = cli(["render", src, "--out-dir", out, "-f", "svg", "-j", "2"])
    assert result.code == 0, result.err
    # (a machine without CJK fonts adds one warning line: not what this test is about)
    lines = [line for line in result.err.splitlines() if not line.startswith("treemind: warning:")]
    progress = [re.fullmatch(r"\[(\d+)/(\d+)\] rendered: (.+)", line) for line in lines]
    progress = [m for m in progress if m]
    assert sorted(int(m.group(1)) for m in progress) == [1, 2, 3, 4, 5]
    assert {m.group(2) for m in progress} == {"5"}
    assert {m.group(3) for m in progress} == {str(src / rel) for rel in rels}
    assert re.fullmatch(r"5 rendered \(5 inputs, \d+\.\d s\)", lines[-1]), lines[-1]
    assert len(lines) == 6


def test_quiet_prints_errors_only(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "1")
    src, out = tmp_path / "docs", tmp_path / "maps"
    make_tree(src, 4, broken="broken.txt")
    result = cli(["render", src, "--out-dir", out, "-f", "svg", "-j", "2", "-q"])
    assert result.code == 1
    assert result.err.splitlines() == error_lines(result.err)
    assert len(error_lines(result.err)) == 1 and "broken.txt:3:" in result.err
    assert len(files_under(out)) == 4


def _with_warning(src: Path) -> None:
    """An OPML outline that includes another by URL: never fetched, always a warning."""
    (src / "with-include.opml").write_text(
        '<?xml version="1.0"?>\n<opml version="2.0"><head><title>T</title></head><body>'
        '<outline text="Root"><outline text="x" type="include" url="https://example.com/a.opml"/>'
        "</outline></body></opml>\n",
        encoding="utf-8",
    )


def test_warnings_are_shown_in_a_batch(cli, tmp_path):
    src = tmp_path / "docs"
    make_tree(src, 2)
    _with_warning(src)
    result = cli(["render", src, "--out-dir", tmp_path / "maps", "-f", "svg"])
    assert result.code == 0, result.err
    assert re.search(r"treemind: warning: .*with-include\.opml: line \d+: .*not fetched", result.err)


def test_quiet_hides_warnings(cli, tmp_path):
    src = tmp_path / "docs"
    make_tree(src, 2)
    _with_warning(src)
    result = cli(["render", src, "--out-dir", tmp_path / "maps", "-f", "svg", "-q"])
    assert result.code == 0, result.err
    assert result.err == ""


# --- stamps: what they cover ---------------------------------------------------------------------


def test_big_outline_is_cached_and_current(cli, tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    src.mkdir()
    lines = ["# Big outline"] + [f"- topic number {i} with a few words" for i in range(150)]
    (src / "big.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["render", src / "big.md", "--out-dir", out, "-f", "svg"]
    assert cli(args).code == 0
    assert cli([*args, "--check"]).code == 0
    before = snapshot(out)
    assert cli(args).code == 0
    assert snapshot(out) == before


def test_parent_theme_edit_makes_outputs_stale(cli, tmp_path):
    src, out, themes = tmp_path / "docs", tmp_path / "maps", tmp_path / "themes"
    make_tree(src, 2)
    themes.mkdir()
    (themes / "parent.yaml").write_text('extends: default\npalette: ["#264653"]\n', encoding="utf-8")
    (themes / "child.yaml").write_text("extends: parent.yaml\nname: child\n", encoding="utf-8")
    args = ["render", src, "--out-dir", out, "-f", "svg", "-t", themes / "child.yaml"]
    assert cli(args).code == 0
    assert cli([*args, "--check"]).code == 0
    (themes / "parent.yaml").write_text('extends: default\npalette: ["#e76f51"]\n', encoding="utf-8")
    assert cli([*args, "--check"]).code == 1


def test_same_bytes_other_name_is_not_cached(cli, tmp_path):
    (tmp_path / "alpha.txt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "beta.txt").write_text("one\ntwo\n", encoding="utf-8")
    target = tmp_path / "map.svg"
    assert cli(["render", tmp_path / "alpha.txt", "-o", target]).code == 0
    assert b'<title id="map-title">alpha<' in target.read_bytes()
    assert cli(["render", tmp_path / "beta.txt", "-o", target]).code == 0
    assert b'<title id="map-title">beta<' in target.read_bytes()


# --- a crash in one input (a bug) ---------------------------------------------------------------


def crash_on(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make parsing the input file `name` raise what no parser should (a bug); forked workers
    inherit the patch."""
    real = treemind_render.app.batch.parse

    def parse(data: bytes, source: str, **kwargs: object):
        if Path(source).name == name:
            raise ZeroDivisionError("a bug on purpose")
        return real(data, source=source, **kwargs)

    monkeypatch.setattr(treemind_render.app.batch, "parse", parse)


def crash_tree(src: Path) -> Path:
    make_tree(src, 3)
    crashing = src / "crash.md"
    crashing.write_text("# Crash\n- a\n", encoding="utf-8")
    return crashing


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "workers"])
def test_a_crash_fails_its_input_in_one_line_and_keeps_its_traceback(cli, tmp_path, monkeypatch, jobs):
    """Without --debug: one error line, no traceback; the JSON report holds the worker's traceback."""
    crash_on(monkeypatch, "crash.md")
    src, out, report = tmp_path / "docs", tmp_path / "maps", tmp_path / "report.json"
    crashing = crash_tree(src)
    result = cli(["render", src, "--out-dir", out, "-f", "svg", "-j", jobs, "--report", report])
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert error_lines(result.err) == [
        f"treemind: error: {crashing}: internal error: ZeroDivisionError: a bug on purpose"
    ]
    assert len(files_under(out)) == 3  # the others still render
    entry = {e["input"]: e for e in json.loads(report.read_text(encoding="utf-8"))["inputs"]}[str(crashing)]
    assert entry["error_kind"] == "InternalError"
    assert entry["traceback"].startswith("Traceback (most recent call last):")
    assert "in parse" in entry["traceback"] and "ZeroDivisionError: a bug on purpose" in entry["traceback"]


def test_junit_report_carries_the_traceback_of_a_crash(cli, tmp_path, monkeypatch):
    crash_on(monkeypatch, "crash.md")
    src, report = tmp_path / "docs", tmp_path / "report.xml"
    crashing = crash_tree(src)
    cli(["render", src, "--out-dir", tmp_path / "maps", "-j", "2", "--report", report])
    errors = {case.get("name"): case.find("error") for case in ET.parse(report).getroot().iter("testcase")}
    assert "ZeroDivisionError: a bug on purpose" in errors.pop(str(crashing)).text
    assert set(errors.values()) == {None}


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "workers"])
def test_debug_shows_the_traceback_of_a_crash(cli, tmp_path, monkeypatch, jobs):
    crash_on(monkeypatch, "crash.md")
    src = tmp_path / "docs"
    crashing = crash_tree(src)
    result = cli(["render", src, "--out-dir", tmp_path / "maps", "-j", jobs, "--debug"])
    assert result.code == 1, result.err
    lines = result.err.splitlines()
    start = lines.index(f"treemind: error: {crashing}: internal error: ZeroDivisionError: a bug on purpose")
    assert lines[start + 1] == "Traceback (most recent call last):"
    assert "ZeroDivisionError: a bug on purpose" in lines[start + 2 :]
    assert result.err.count("Traceback") == 1


# --- the Python API ------------------------------------------------------------------------------


def _tasks(src: Path, out: Path, formats: list[str]) -> list[Task]:
    return [Task(job, RenderOptions()) for job in plan(find_inputs([str(src)]), formats, None, str(out))]


def test_render_many_on_a_thread_pool(tmp_path):
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 8, broken="team/broken.txt")
    # the first input is the biggest, so it finishes last: the order must come from the tasks
    big = ["# Big first"] + [f"- branch {i}\n  - leaf {i}" for i in range(40)]
    (src / "000-big.md").write_text("\n".join(big) + "\n", encoding="utf-8")
    rels.append(Path("000-big.md"))
    tasks = _tasks(src, out, ["svg", "png"])
    assert tasks[0].job.source.name == str(src / "000-big.md")
    finished: list[str] = []
    with ThreadPoolExecutor(2) as pool:
        outcomes = render_many(tasks, executor=pool, on_done=lambda o, k, n: finished.append(o.input))
    assert sorted(finished) == sorted(t.job.source.name for t in tasks)
    assert [o.input for o in outcomes] == [t.job.source.name for t in tasks]
    statuses = {o.input: o.status for o in outcomes}
    assert statuses.pop(str(src / "team/broken.txt")) == "failed"
    assert set(statuses.values()) == {"rendered"}
    assert files_under(out) == expected_outputs(rels, ("svg", "png"))
    assert [o.nodes for o in outcomes if o.status == "rendered"][1:] == [NODES] * 8


def test_render_many_on_dask(tmp_path):
    distributed = pytest.importorskip("distributed")
    src, out = tmp_path / "docs", tmp_path / "maps"
    rels = make_tree(src, 4)
    tasks = _tasks(src, out, ["svg"])
    # worker processes, as a real cluster runs them: tasks and outcomes cross a process boundary
    with (
        distributed.LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        outcomes = render_many(tasks, executor=client.get_executor())
        workers = client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()
    assert [o.input for o in outcomes] == [t.job.source.name for t in tasks]
    assert {o.status for o in outcomes} == {"rendered"}
    assert files_under(out) == expected_outputs(rels, ("svg",))


def counted_neato(tmp_path, monkeypatch) -> Path:
    """A `neato` first on PATH that notes each start in the returned log, then is the real one."""
    real, log = shutil.which("neato"), tmp_path / "starts.log"
    wrapper = tmp_path / "bin" / "neato"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_keeps_one_graphviz_per_worker(cli, tmp_path, monkeypatch, jobs):
    """Graphviz start-up is most of a small map's cost, so a worker feeds all its maps to one
    running `neato` (graphviz_backend.WarmGraphviz); the pictures are the bytes a fresh
    process per map draws."""
    log = counted_neato(tmp_path, monkeypatch)
    src, out = tmp_path / "in", tmp_path / "out"
    made = make_tree(src, 8)
    result = cli(["render", src, "--out-dir", out, "-j", jobs, "--no-cache"])
    assert result.code == 0, result.err
    assert len(log.read_text().splitlines()) <= int(jobs)  # one per worker, not one per map
    for rel in made:
        one = tmp_path / "one.svg"
        assert cli(["render", src / rel, "-o", one, "--no-cache"]).code == 0
        assert one.read_bytes() == (out / rel).with_suffix(".svg").read_bytes(), rel


def test_a_warm_graphviz_is_replaced_after_its_share_of_maps(cli, tmp_path, monkeypatch):
    log = counted_neato(tmp_path, monkeypatch)
    monkeypatch.setattr(treemind_render.draw.graphviz.WarmGraphviz, "MAPS", 3)
    make_tree(tmp_path / "in", 8)
    result = cli(["render", tmp_path / "in", "--out-dir", tmp_path / "out", "-j", "1", "--no-cache"])
    assert result.code == 0, result.err
    assert len(log.read_text().splitlines()) == 3  # maps 1-3, 4-6, 7-8
