"""Threat: a Markdown fence (or an outline's frontmatter) publishing a file of the repository that
was never meant to be published: `.git/config` holds the `AUTHORIZATION: basic ...` extraheader
that CI checkouts store there; other hidden paths (`.env`, `.ssh/`, `.github/`) hold secrets too.
And a theme file inside the repository reaching out of it through its `extends:` chain.

Guarantee: `src=` and `theme=` of a fence name a file inside the repository and not inside
`.git/` or any hidden folder or file (a name starting with `.`); every theme file in the
`extends:` chain of a theme a fence names stays inside the repository, under the same rules;
the error names the fence's line and says neither whether the file exists nor what it holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

MARKER = "S3CRET-GIT-EXTRAHEADER"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text(
        f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {MARKER}\n', encoding="utf-8"
    )
    (root / ".git" / "notes.md").write_text(f"# {MARKER}\n- a\n", encoding="utf-8")
    (root / ".env").write_text(f"# {MARKER}\n", encoding="utf-8")
    (root / ".private").mkdir()
    (root / ".private" / "plan.md").write_text(f"# {MARKER}\n- b\n", encoding="utf-8")
    (root / ".private" / "theme.yaml").write_text(
        "extends: default\nbackground: '#123456'\n", encoding="utf-8"
    )
    (root / "docs").mkdir()
    (root / "docs" / "ok.md").write_text("# Inside\n- fine\n", encoding="utf-8")
    (root / "docs" / "link-to-git.md").symlink_to(root / ".git" / "notes.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(
        f"extends: default\nbackground: '#123456'\n# {MARKER}\n", encoding="utf-8"
    )
    return root


SOURCES = {
    "git-config": "src=../.git/config from=text",
    "git-notes": "src=../.git/notes.md",
    "dotenv": "src=../.env from=text",
    "hidden-folder": "src=../.private/plan.md",
    "symlink-into-git": "src=link-to-git.md",
    "theme-in-hidden-folder": "theme=../.private/theme.yaml",
}


def embed(cli, repo: Path, option: str, body: str = ""):
    doc = repo / "docs" / "page.md"
    text = f"# Page\n\n```mindmap {option}\n{body}```\n"
    doc.write_text(text, encoding="utf-8")
    result = cli(["embed", doc, "-f", "svg", "--no-embed-fonts"])
    written = b"".join(p.read_bytes() for p in (repo / "docs").rglob("*.svg"))
    return doc, text, result, written


@pytest.mark.parametrize("case", sorted(SOURCES))
def test_fence_cannot_publish_git_or_hidden_files(cli, repo: Path, case: str) -> None:
    option = SOURCES[case]
    body = "# r\n- a\n" if option.startswith("theme=") else ""
    doc, text, result, written = embed(cli, repo, option, body)
    assert result.code == 1, result.err
    (line,) = [ln for ln in result.err.splitlines() if ln.startswith("treemind: error: ")]
    assert line.startswith(f"treemind: error: {doc}:3: "), line
    assert "hidden" in line or ".git" in line, line
    assert MARKER.encode() not in written and MARKER not in result.err
    assert b"#123456" not in written.lower()
    assert doc.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("target", ["outside", "proc"])
def test_theme_extends_chain_stays_in_the_repository(cli, repo: Path, tmp_path: Path, target: str) -> None:
    parent = "../../outside/secret.yaml" if target == "outside" else "/proc/self/environ"
    (repo / "docs" / "t.yaml").write_text(f"extends: {parent}\npalette: ['#111111']\n", encoding="utf-8")
    doc, text, result, written = embed(cli, repo, "theme=t.yaml", "# r\n- a\n")
    assert result.code == 1, result.err
    (line,) = [ln for ln in result.err.splitlines() if ln.startswith("treemind: error: ")]
    assert line.startswith(f"treemind: error: {doc}:3: "), line
    assert "outside the repository" in line, line
    assert b"#123456" not in written.lower() and MARKER not in result.err
    assert doc.read_text(encoding="utf-8") == text


def test_theme_extends_chain_inside_the_repository_works(cli, repo: Path) -> None:
    (repo / "docs" / "themes").mkdir()
    (repo / "docs" / "themes" / "base.yaml").write_text("extends: dark\n", encoding="utf-8")
    (repo / "docs" / "t.yaml").write_text(
        "extends: themes/base.yaml\nbackground: '#fafafa'\n", encoding="utf-8"
    )
    doc, _, result, written = embed(cli, repo, "theme=t.yaml", "# r\n- a\n")
    assert result.code == 0, result.err
    assert b"#fafafa" in written.lower()


def test_fence_src_inside_the_repository_still_works(cli, repo: Path) -> None:
    _, _, result, written = embed(cli, repo, "src=ok.md")
    assert result.code == 0, result.err
    assert b"Inside" in written


def _pictures(repo: Path) -> None:
    from PIL import Image

    for folder in (repo / "img", repo / ".git", repo / ".private", repo.parent / "outside"):
        folder.mkdir(exist_ok=True)
        Image.new("RGB", (20, 20), (0x12, 0x34, 0x56)).save(folder / "p.png")
    (repo / "docs" / "link-to-git.png").symlink_to(repo / ".git" / "p.png")
    (repo / "docs" / "link-out.png").symlink_to(repo.parent / "outside" / "p.png")


@pytest.mark.parametrize(
    "src", ["../.git/p.png", "../.private/p.png", "link-to-git.png", "link-out.png", "../../outside/p.png"]
)
def test_fence_pictures_stay_in_the_repository_and_out_of_hidden_folders(cli, repo: Path, src: str) -> None:
    _pictures(repo)
    doc, _, result, written = embed(cli, repo, "", f"# r\n- ![p]({src})\n")
    assert result.code == 0, result.err
    assert b"<image" not in written and b"data:image" not in written
    assert f"treemind: warning: {doc}:3: mindmap fence: line 2: picture {src!r} not drawn" in result.err


def test_fence_pictures_inside_the_repository_are_drawn(cli, repo: Path) -> None:
    _pictures(repo)
    _, _, result, written = embed(cli, repo, "", "# r\n- ![p](../img/p.png)\n")
    assert result.code == 0, result.err
    assert written.count(b"<image ") == 1 and b'href="data:image/png;base64,' in written


def test_a_changed_fence_picture_makes_the_embedded_image_stale(cli, repo: Path) -> None:
    from PIL import Image

    _pictures(repo)
    doc, _, result, _ = embed(cli, repo, "", "# r\n- ![p](../img/p.png)\n")
    assert result.code == 0, result.err
    assert cli(["embed", doc, "-f", "svg", "--no-embed-fonts", "--check"]).code == 0
    Image.new("RGB", (20, 20), (0xAB, 0xCD, 0xEF)).save(repo / "img" / "p.png")
    assert cli(["embed", doc, "-f", "svg", "--no-embed-fonts", "--check"]).code == 1
