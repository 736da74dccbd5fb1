"""The command line's manners: help, usage errors that say what would work, and saying what it did."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz


def treemind(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in a process of its own, on an 80-column terminal."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-m", "treemind_render", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False,
    )  # fmt: skip


def outline(tmp_path: Path, text: str = "# Plan\n- Goals\n- Risks\n", name: str = "plan.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_h_is_help_everywhere() -> None:
    for args in (["-h"], ["render", "-h"], ["embed", "-h"], ["gallery", "-h"], ["themes", "-h"]):
        shown = treemind(*args)
        assert shown.returncode == 0 and "Usage: " in shown.stdout, (args, shown.stderr)


def test_render_help_groups_options_with_defaults_metavars_and_examples() -> None:
    text = treemind("render", "-h").stdout
    panels = ["Output", "Look", "Input", "PNG and PDF", "Batch and CI", "Limits", "Messages"]
    assert all(f"─ {panel}" in text for panel in panels)
    assert text.index("─ Output") < text.index("--format") < text.index("─ Look") < text.index("--layout")
    flat = " ".join(text.replace("│", " ").split())
    for shown in ("[default: (svg", "[default: (map", "[default: (default", "-o FILE", "--out-dir DIR"):
        assert shown in flat, shown
    assert "map, right, left, down, up, radial, timeline or fishbone" in flat  # not wrapped mid-word
    assert "<str>" not in text and "INPUT...      FILE|DIR|GLOB|-" in text
    assert "Examples:" in text and "treemind render notes.md -o notes.png -t dark -l right" in text


def test_an_output_extension_treemind_does_not_write_is_an_error(tmp_path: Path) -> None:
    src = outline(tmp_path)
    done = treemind("render", str(src), "-o", str(tmp_path / "plan.jpg"))
    assert done.returncode == 2
    assert "cannot write '.jpg' (known: .svg, .png, .pdf, .dot, .json, .md, .opml" in done.stderr
    assert not (tmp_path / "plan.jpg").exists()
    forced = treemind("render", str(src), "-f", "svg", "-o", str(tmp_path / "plan.jpg"))
    assert forced.returncode == 0 and (tmp_path / "plan.jpg").read_bytes().startswith(b"<?xml")


def test_did_you_mean_for_layouts_and_themes(cli, tmp_path: Path) -> None:
    src = outline(tmp_path)
    layout = cli(["render", src, "-l", "rigth"])
    assert layout.code == 2 and "unknown layout 'rigth' (did you mean 'right'?)" in layout.err
    theme = cli(["render", src, "-t", "darkk"])
    assert theme.code == 2 and "unknown theme 'darkk' (did you mean 'dark'?)" in theme.err
    parent = tmp_path / "mine.yaml"
    parent.write_text("extends: defualt\n", encoding="utf-8")
    extends = cli(["render", src, "-t", parent])
    assert extends.code == 2
    assert f"treemind: error: {parent}: key 'extends': unknown theme 'defualt' (did you mean 'default'?)" in (
        extends.err
    )


def test_a_theme_with_several_errors_reports_all_of_them(cli, tmp_path: Path) -> None:
    theme = tmp_path / "t.yaml"
    theme.write_text(
        'extends: default\npalette: ["#fff", nope]\nfnt: {size: 3}\nedges: {style: wiggly, width: -1}\n',
        encoding="utf-8",
    )
    result = cli(["render", outline(tmp_path), "-t", theme])
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 4 and all(line.startswith(f"treemind: error: {theme}: ") for line in lines)
    for problem in ("unknown key 'fnt'", "'palette[1]': 'nope'", "'edges.style': 'wiggly'", "edges.width[0]"):
        assert problem in result.err


def test_frontmatter_layout_and_theme_errors_name_their_line(cli, tmp_path: Path) -> None:
    src = outline(tmp_path, "---\ntitle: Plan\nlayout: rigth\n---\n# Plan\n- a\n")
    result = cli(["render", src, "-o", tmp_path / "plan.svg"])
    assert result.code == 1
    assert f"treemind: error: {src}:3: unknown layout 'rigth' (did you mean 'right'?)" in result.err
    src = outline(tmp_path, "---\ntheme: darkk\n---\n# Plan\n- a\n", "themed.md")
    result = cli(["render", src, "-o", tmp_path / "themed.svg"])
    assert (
        result.code == 1
        and f"{src}:2: the outline asks for theme 'darkk' (did you mean 'dark'?)" in result.err
    )


def test_no_outline_files_names_the_folders_and_the_extensions(cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.json").write_text("{}", encoding="utf-8")
    result = cli(["render", tmp_path / "empty"])
    assert result.code == 2
    assert f"no outline files found in {tmp_path / 'empty'} (searched for " in result.err
    assert (
        ".md" in result.err and ".opml" in result.err and ".json" in result.err and "--include" in result.err
    )


def test_embed_says_what_it_did(cli, tmp_path: Path) -> None:
    doc = outline(tmp_path, "# Doc\n\n```mindmap\n# Map\n- a\n```\n", "doc.md")
    first = cli(["embed", doc])
    assert first.code == 0
    assert first.err.strip() == "1 mindmap fence in 1 file: wrote 1 image, updated 1 document"
    again = cli(["embed", doc])
    assert again.err.strip() == "1 mindmap fence in 1 file: all current, nothing written"
    assert cli(["embed", "-q", doc]).err == ""
    verbose = cli(["embed", "-v", doc])  # names each file written, then the same summary
    assert verbose.err.strip().endswith("1 mindmap fence in 1 file: all current, nothing written")


def test_fail_on_write_and_our_own_outputs_given_by_name(cli, tmp_path: Path) -> None:
    """What the pre-commit hook relies on (tests/test_precommit.py runs it for real)."""
    src = outline(tmp_path)
    first = cli(["render", "--fail-on-write", src])
    assert first.code == 1 and f"wrote 1 file(s): {tmp_path / 'plan.svg'}" in first.err
    image = tmp_path / "plan.svg"
    assert cli(["render", "--fail-on-write", src, image]).code == 0  # current; the image is not an input
    assert cli(["render", image]).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md", "plan.svg"]
