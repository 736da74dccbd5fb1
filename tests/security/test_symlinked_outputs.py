"""Threat: a symlink committed inside an output folder (`site/evil -> /elsewhere`,
`site/maps -> /elsewhere`, `docs/assets/x.svg -> ../../.git/hooks/pre-commit`) turning a write
of treemind's into a write outside its outputs: overwriting a git hook, a dotfile, another
project's files.

Guarantee: every writer (render with `--out-dir` or beside its inputs, gallery, embed, reports)
writes only inside its output root: a folder between the root and the file that is a symlink
is refused with one error line for that input (the others still render), a symlink at the
output file itself is replaced, never written through. The output root given on the command
line is trusted (it may itself be a symlink).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

OUTLINE = "# Map\n- a\n"


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "keep.txt").write_text("untouched\n", encoding="utf-8")
    return folder


def test_render_out_dir_refuses_a_symlinked_folder_inside_it(cli, tmp_path: Path, elsewhere: Path) -> None:
    src = tmp_path / "src"
    (src / "evil").mkdir(parents=True)
    (src / "evil" / "x.md").write_text(OUTLINE, encoding="utf-8")
    (src / "ok.md").write_text(OUTLINE, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "evil").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    result = cli(["render", src, "--out-dir", site, "-j", "1"])
    assert result.code == 1, result.err
    assert sorted(os.listdir(elsewhere)) == ["keep.txt"] and snapshot(elsewhere) == before
    errors = [ln for ln in result.err.splitlines() if ln.startswith("treemind: error:")]
    assert len(errors) == 1 and "symlink" in errors[0], result.err
    assert (site / "ok.svg").is_file()  # the other input still renders


def test_render_out_dir_given_as_a_symlink_is_trusted(cli, tmp_path: Path, elsewhere: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "site").symlink_to(elsewhere, target_is_directory=True)
    result = cli(["render", src, "--out-dir", tmp_path / "site"])
    assert result.code == 0, result.err
    assert (elsewhere / "m.svg").is_file()


def test_gallery_refuses_a_symlinked_maps_folder(cli, tmp_path: Path, elsewhere: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.md").write_text("# One\n- a\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "maps").symlink_to(elsewhere, target_is_directory=True)
    result = cli(["gallery", src, "-o", site, "-j", "1"])
    assert result.code != 0, result.err
    assert sorted(os.listdir(elsewhere)) == ["keep.txt"]
    assert "Traceback" not in result.err
    assert "symlink" in result.err


def test_gallery_replaces_a_symlinked_page_instead_of_writing_through(
    cli, tmp_path: Path, elsewhere: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.md").write_text("# One\n- a\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "maps").mkdir(parents=True)
    (site / "maps" / "one.svg").symlink_to(elsewhere / "keep.txt")
    result = cli(["gallery", src, "-o", site, "-j", "1"])
    assert result.code == 0, result.err
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "untouched\n"
    assert not (site / "maps" / "one.svg").is_symlink()


def test_embed_never_writes_where_an_existing_link_points(cli, tmp_path: Path) -> None:
    """`![x](../.git/hooks/pre-commit.svg)` in a managed block does not choose where embed writes,
    and neither does a name that would land in a hidden folder."""
    repo = tmp_path / "repo"
    (repo / ".git" / "hooks").mkdir(parents=True)
    (repo / "docs").mkdir()
    doc = repo / "docs" / "page.md"
    doc.write_text(
        "# Page\n\n```mindmap name=pre-commit\n# Plan\n- a\n```\n<!-- treemind:begin -->\n"
        "![x](../.git/hooks/pre-commit.svg)\n<!-- treemind:end -->\n",
        encoding="utf-8",
    )
    result = cli(["embed", doc, "--no-embed-fonts"])
    assert result.code == 0, result.err
    assert os.listdir(repo / ".git" / "hooks") == []
    assert (repo / "docs" / "assets" / "pre-commit.svg").is_file()


def test_a_249_character_file_name_renders(cli, tmp_path: Path) -> None:
    """The longest name most filesystems allow is 255 bytes: the temporary name must fit too."""
    src = tmp_path / ("m" * 249 + ".md")  # 252 bytes; its output `m...m.svg` is 253
    src.write_text(OUTLINE, encoding="utf-8")
    result = cli(["render", src])
    assert result.code == 0, result.err
    assert src.with_suffix(".svg").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
