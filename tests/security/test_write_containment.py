"""Threat: writing outside the outputs. Input paths with `..`, map titles such as `../../x`
(titles name gallery pages and embedded images), a stale gallery manifest listing files to
delete, links already in a Markdown document, or symlinks committed where outputs go, used to
create, overwrite or delete files elsewhere on the machine.

Guarantee: `--out-dir` mirrors inputs below itself; gallery pages and embedded images are named
from slugs (letters, digits, `-`) inside the site or the assets folder; the gallery deletes only
what it wrote itself, inside the site; an output is replaced by rename, so a symlink at the
output path is replaced, never written through.

Every test snapshots the whole temporary folder before and after, and checks which files changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

OUTLINE = "# Map\n- a\n- b\n"


def snapshot(root: Path) -> dict[Path, bytes]:
    """Every file (and symlink, as its target) below root."""
    out: dict[Path, bytes] = {}
    for path in root.rglob("*"):
        if path.is_symlink():
            out[path] = b"-> " + str(path.readlink()).encode()
        elif path.is_file():
            out[path] = path.read_bytes()
    return out


def changed(before: dict[Path, bytes], after: dict[Path, bytes]) -> list[Path]:
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


def assert_only_inside(root: Path, before: dict[Path, bytes], allowed: Path) -> list[Path]:
    after = snapshot(root)
    paths = changed(before, after)
    outside = [p for p in paths if not p.resolve().is_relative_to(allowed.resolve())]
    assert outside == [], f"written outside {allowed}: {outside}"
    return paths


def write(path: Path, text: str = OUTLINE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- render --out-dir ---------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/work (the current folder), tmp/sibling/{x.md, deep/y.md}, tmp/victim.svg."""
    write(tmp_path / "sibling" / "x.md")
    write(tmp_path / "sibling" / "deep" / "y.md")
    (tmp_path / "victim.svg").write_bytes(b"victim")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


@pytest.mark.parametrize(
    "inputs",
    [
        ["../sibling/x.md"],
        ["../sibling/deep/../x.md"],
        ["../sibling"],
        ["../sibling/deep/.."],
        ["../sibling/*.md"],
        ["../*/x.md"],
        ["../sibling/**/*.md"],
        ["../../" + "../" * 5 + "tmp/../{tmp}/sibling/x.md"],
    ],
    ids=repr,
)
def test_out_dir_mirrors_inside_itself(cli, tree: Path, inputs: list[str]) -> None:
    before = snapshot(tree)
    args = [a.replace("{tmp}", str(tree).lstrip("/")) for a in inputs]
    result = cli(["render", *args, "--out-dir", "out", "-f", "svg,json"])
    assert result.code == 0, result.err
    written = assert_only_inside(tree, before, tree / "work" / "out")
    assert written and all(p.suffix in (".svg", ".json") for p in written)


def test_out_dir_glob_with_dotdot_after_the_wildcard(cli, tree: Path) -> None:
    before = snapshot(tree)
    result = cli(["render", "../sibling/*/../../sibling/x.md", "--out-dir", "out", "-f", "json"])
    assert result.code in (0, 2), result.err
    assert_only_inside(tree, before, tree / "work" / "out")


def test_output_symlink_is_replaced_not_written_through(cli, tmp_path: Path) -> None:
    """A symlink committed where an output goes (`m.svg -> ../victim.svg`) is replaced."""
    victim = tmp_path / "victim.svg"
    victim.write_bytes(b"victim")
    src = write(tmp_path / "repo" / "m.md")
    link = tmp_path / "repo" / "m.svg"
    link.symlink_to("../victim.svg")
    result = cli(["render", src])
    assert result.code == 0, result.err
    assert victim.read_bytes() == b"victim"
    assert not link.is_symlink() and link.read_bytes().startswith(b"<?xml")


def test_output_onto_an_input_through_a_symlink_is_refused(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "m.md")
    (tmp_path / "alias.svg").symlink_to("m.md")
    result = cli(["render", src, "-o", tmp_path / "alias.svg"])
    assert result.code == 2
    assert src.read_text(encoding="utf-8") == OUTLINE


def test_stdin_writes_no_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = cli(["render", "-"], stdin=b"# ../../x\n- a\n")
    assert result.code == 0, result.err
    assert result.out.startswith(b"<?xml")
    assert changed(before, snapshot(tmp_path)) == []


# --- gallery -----------------------------------------------------------------------------------

TITLES = [
    "../../escape",
    "/etc/passwd",
    "..",
    ".",
    ".hidden",
    "a/b\\c:d*e?f",
    "CON",
    "index",
    "x" * 300,
    "%2e%2e%2fpercent",
    "..\u2215unicode-slash",
    "<script>",
]


def test_gallery_names_pages_inside_the_site(cli, tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    for i, title in enumerate(TITLES):
        write(maps / f"m{i}.md", f"---\ntitle: {json.dumps(title)}\n---\n# root {i}\n- a\n")
    before = snapshot(tmp_path)
    site = tmp_path / "site"
    result = cli(["gallery", maps, "-o", site, "-j", "1"])
    assert result.code == 0, result.err
    written = assert_only_inside(tmp_path, before, site)
    pages = [p for p in written if p.parent == site / "maps" and p.suffix == ".html"]
    assert len(pages) == 2 * len(TITLES)  # a page per map, and the interactive map it frames
    for page in pages:
        name = page.name.removesuffix(".html").removesuffix(".map")
        assert name and not name.startswith((".", "-")), name
        assert all(c.isalnum() or c in "-_" for c in name), name
        assert len(name.encode()) < 200


def test_gallery_manifest_cannot_delete_outside_the_site(cli, tmp_path: Path) -> None:
    """The manifest of the last build lists what to delete when maps go away: a planted one
    naming other files deletes nothing outside the site, and nothing but site pages."""
    maps = tmp_path / "maps"
    write(maps / "a.md")
    site = tmp_path / "site"
    site.mkdir()
    victims = [
        tmp_path / "victim.html",
        tmp_path / "victim.svg",
        site / "maps" / "notes.txt",
        site / "keep.md",
        tmp_path / "maps" / "a.md",
    ]
    (site / "maps").mkdir()
    for victim in victims[:-1]:
        victim.write_bytes(b"keep me")
    names = [
        "../victim.html",
        str(tmp_path / "victim.svg"),
        "maps/../../victim.html",
        "maps/notes.txt",
        "keep.md",
        "../maps/a.md",
        "maps/../../maps/a.md",
    ]
    (site / ".treemind-gallery.json").write_text(json.dumps({"files": names}), encoding="utf-8")
    result = cli(["gallery", maps, "-o", site, "-j", "1"])
    assert result.code == 0, result.err
    for victim in victims:
        assert victim.exists(), victim
    assert (site / "index.html").exists()


# --- treemind embed ------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docs").mkdir()
    (tmp_path / "outside").mkdir()
    return root


@pytest.mark.parametrize(
    "info, title",
    [
        ("mindmap", "../../../outside/x"),
        ("mindmap", "/etc/passwd"),
        ("mindmap name=../../../outside/x", "t"),
        ("mindmap name=/tmp/x", "t"),
        ("mindmap name=..", "t"),
    ],
    ids=["title-dotdot", "title-absolute", "name-dotdot", "name-absolute", "name-dots"],
)
def test_embed_image_names_stay_in_the_assets_folder(
    cli, tmp_path: Path, repo: Path, info: str, title: str
) -> None:
    doc = write(repo / "docs" / "page.md", f"# Page\n\n```{info}\n# {title}\n- a\n```\n")
    before = snapshot(tmp_path)
    result = cli(["embed", doc, "--no-embed-fonts"])
    assert result.code == 0, result.err
    written = assert_only_inside(tmp_path, before, repo / "docs")
    images = [p for p in written if p.suffix == ".svg"]
    assert len(images) == 1 and images[0].parent == repo / "docs" / "assets", images


def test_embed_ignores_an_existing_link_out_of_the_repository(cli, tmp_path: Path, repo: Path) -> None:
    """A managed block already linking `../../outside/plan.svg` does not choose the image's path."""
    doc = write(
        repo / "docs" / "page.md",
        "# Page\n\n```mindmap\n# Plan\n- a\n```\n<!-- treemind:begin -->\n"
        "![Plan](../../outside/plan.svg)\n<!-- treemind:end -->\n",
    )
    before = snapshot(tmp_path)
    result = cli(["embed", doc, "--no-embed-fonts"])
    assert result.code == 0, result.err
    assert_only_inside(tmp_path, before, repo)
    assert not (tmp_path / "outside" / "plan.svg").exists()
    assert "](assets/plan.svg)" in doc.read_text(encoding="utf-8")


def test_embed_does_not_write_through_a_symlinked_assets_folder(cli, tmp_path: Path, repo: Path) -> None:
    (repo / "docs" / "assets").symlink_to(tmp_path / "outside", target_is_directory=True)
    text = "# Page\n\n```mindmap\n# Plan\n- a\n```\n"
    doc = write(repo / "docs" / "page.md", text)
    before = snapshot(tmp_path)
    result = cli(["embed", doc, "--no-embed-fonts"])
    assert_only_inside(tmp_path, before, repo)
    assert_refused(result, doc, text)


def assert_refused(result, doc: Path, text: str) -> None:
    """Exit 1, one error line at the fence naming the symlink, the document as it was."""
    assert result.code == 1, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"treemind: error: {doc}:3: "), result.err
    assert "through a symlink" in lines[0]
    assert doc.read_text(encoding="utf-8") == text


BLOCK = "<!-- treemind:begin -->\n![Plan](assets/plan.svg)\n<!-- treemind:end -->\n"


@pytest.mark.parametrize("link", ["assets-folder", "dangling-image", "assets-dir-option"])
@pytest.mark.parametrize("check", [False, True], ids=["embed", "check"])
def test_embed_refuses_every_symlink_out_of_the_repository(
    cli, tmp_path: Path, repo: Path, link: str, check: bool
) -> None:
    """Whether the symlink is the assets folder, the image itself (to a file not there yet) or the
    folder --assets-dir names inside the repository, embed and embed --check stay inside."""
    outside = tmp_path / "outside"
    args = ["--check"] if check else []
    if link == "dangling-image":
        (repo / "docs" / "assets").mkdir()
        (repo / "docs" / "assets" / "plan.svg").symlink_to(outside / "plan.svg")
    elif link == "assets-folder":
        (repo / "docs" / "assets").symlink_to(outside, target_is_directory=True)
    else:
        (repo / "img").symlink_to(outside, target_is_directory=True)
        args += ["--assets-dir", repo / "img"]
    text = "# Page\n\n```mindmap\n# Plan\n- a\n```\n" + BLOCK
    doc = write(repo / "docs" / "page.md", text)
    before = snapshot(tmp_path)
    result = cli(["embed", doc, "--no-embed-fonts", *args])
    assert_only_inside(tmp_path, before, repo)
    assert_refused(result, doc, text)


def test_embed_writes_to_an_assets_dir_named_outside_the_repository(cli, tmp_path: Path, repo: Path) -> None:
    """The command line is trusted: --assets-dir may name a folder outside the repository."""
    site = tmp_path / "site-images"
    doc = write(repo / "docs" / "page.md", "# Page\n\n```mindmap\n# Plan\n- a\n```\n")
    result = cli(["embed", doc, "--no-embed-fonts", "--assets-dir", site])
    assert result.code == 0, result.err
    assert (site / "plan.svg").is_file()
    assert "](../../site-images/plan.svg)" in doc.read_text(encoding="utf-8")
