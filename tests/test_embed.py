"""`treemind embed`: mindmap fences in Markdown become images linked right after each fence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from treemind_render.draw.stamp import read_stamp
from treemind_render.integrations.embed import BEGIN, END

pytestmark = pytest.mark.graphviz

DOC = """\
# Project notes

Some text before the maps.

```mindmap theme=dark
# Launch plan
- Goals
  - 5,000 workspaces
- Timeline
  - Beta
  - GA
```

Text between the maps.

~~~mindmap layout=right alt="学习计划 (map)"
学习计划
  语言学习
    每天背诵单词
  编程练习
~~~
The end.
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_blocks(text: str) -> str:
    """The document with every managed block taken out again."""
    return re.sub(rf"[ >]*{re.escape(BEGIN)}.*?{re.escape(END)}(\r\n|\r|\n)?", "", text, flags=re.S)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository that src= paths must stay inside
    return tmp_path


def write_doc(repo: Path, text: str = DOC, name: str = "doc.md") -> Path:
    doc = repo / name
    doc.write_text(text, encoding="utf-8", newline="")
    return doc


def test_two_fences_acceptance(cli, repo: Path) -> None:
    doc = write_doc(repo)
    result = cli(["embed", doc])
    assert result.code == 0, result.err
    text = doc.read_text(encoding="utf-8")
    links = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)
    assert links == [("Launch plan", "assets/launch-plan.svg"), ("学习计划 (map)", "assets/学习计划.svg")]
    for _, url in links:
        assert read_stamp("svg", doc.parent / url), url
        assert b"@font-face" in (doc.parent / url).read_bytes()  # fonts are embedded by default
    assert without_blocks(text) == DOC
    assert text.index(BEGIN) == text.index("```\n", text.index("# Launch plan")) + 4  # right after

    before = snapshot(repo)
    assert cli(["embed", doc]).code == 0
    assert snapshot(repo) == before  # a second run changes no byte of any file
    assert cli(["embed", "--check", doc]).code == 0

    doc.write_text(text.replace("  - GA", "  - General availability"), encoding="utf-8")
    edited = snapshot(repo)
    result = cli(["embed", "--check", doc])
    assert result.code == 1
    assert f"{doc}:5: image " in result.err and "out of date" in result.err
    assert snapshot(repo) == edited  # --check writes nothing


def test_bytes_outside_the_markers_are_kept(cli, repo: Path) -> None:
    original = "\ufeff" + DOC.replace("\n", "\r\n") + "\r\n  trailing spaces  \r\n\r\n```mindmap\nA\n  B\n```"
    doc = write_doc(repo, original)
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    data = doc.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.count(BEGIN) == 3
    assert f"{BEGIN}\r\n" in text
    # the last fence ended the file without a newline: it gets one (in the file's own style)
    assert without_blocks(text) == original + "\n"
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    assert doc.read_bytes() == data


def test_a_rerun_updates_the_link_in_place(cli, repo: Path) -> None:
    doc = write_doc(repo, "```mindmap\n# Plan\n- a\n```\n\nafter\n")
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    doc.write_text(doc.read_text().replace("# Plan", "# New plan"))
    assert cli(["embed", "--check", doc, "--no-embed-fonts"]).code == 1
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    text = doc.read_text()
    assert text.count(BEGIN) == 1 and "![New plan](assets/new-plan.svg)" in text
    assert text.endswith(f"{END}\n\nafter\n")


def test_names_are_unique_and_stable(cli, repo: Path) -> None:
    fence = "```mindmap\n# Plan\n- {}\n```\n\n"
    doc = write_doc(
        repo, fence.format("a") + fence.format("b") + '```mindmap name="Q3 Goals!"\n# Plan\n```\n'
    )
    other = write_doc(repo, fence.format("c"), "other.md")
    assert cli(["embed", repo, "--no-embed-fonts"]).code == 0
    urls = re.findall(r"\]\(([^)]+)\)", doc.read_text())
    assert urls == ["assets/plan.svg", "assets/plan-2.svg", "assets/q3-goals.svg"]
    assert re.findall(r"\]\(([^)]+)\)", other.read_text()) == ["assets/plan-3.svg"]
    before = snapshot(repo)
    assert cli(["embed", other, "--no-embed-fonts"]).code == 0  # alone: keeps its name too
    assert cli(["embed", repo, "--no-embed-fonts"]).code == 0
    assert snapshot(repo) == before


def test_assets_dir_and_png_are_kept_by_later_runs(cli, repo: Path) -> None:
    doc = write_doc(repo, "Intro\n\n```mindmap\n# Team map\n- a\n```\n")
    assert cli(["embed", doc, "--assets-dir", repo / "img", "-f", "png"]).code == 0
    assert "![Team map](img/team-map.png)" in doc.read_text()
    assert read_stamp("png", repo / "img" / "team-map.png")
    assert cli(["embed", "--check", doc]).code == 0  # no flags: the link's folder and format
    assert cli(["embed", doc, "-f", "gif"]).code == 2


def test_a_symlinked_assets_folder_inside_the_repository_is_fine(cli, repo: Path) -> None:
    """Only symlinks out of the repository are refused (tests/security/test_write_containment.py)."""
    (repo / "shared-images").mkdir()
    (repo / "assets").symlink_to(repo / "shared-images", target_is_directory=True)
    doc = write_doc(repo, "```mindmap\n# Plan\n- a\n```\n")
    result = cli(["embed", doc, "--no-embed-fonts"])
    assert result.code == 0, result.err
    assert (repo / "shared-images" / "plan.svg").is_file()
    assert "![Plan](assets/plan.svg)" in doc.read_text()
    assert cli(["embed", "--check", doc, "--no-embed-fonts"]).code == 0


def test_fences_in_lists_and_quotes(cli, repo: Path) -> None:
    text = "- item\n\n  ```mindmap\n  A\n    B\n  ```\n- next\n\n> ```mindmap\n> C\n>   D\n> ```\n"
    doc = write_doc(repo, text)
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    out = doc.read_text()
    assert f"  ```\n  {BEGIN}\n  ![A](assets/a.svg)\n  {END}\n- next" in out
    assert f"> ```\n> {BEGIN}\n> ![C](assets/c.svg)\n> {END}\n" in out
    assert cli(["embed", "--check", doc, "--no-embed-fonts"]).code == 0


def test_only_real_fences_count(cli, repo: Path) -> None:
    text = (
        "````markdown\n```mindmap\nA\n```\n````\n\n"
        "    ```mindmap\n    indented code\n    ```\n\n"
        "```python\nmindmap\n```\n\n```mindmapx\nA\n```\n"
    )
    doc = write_doc(repo, text)
    assert cli(["embed", doc]).code == 0
    assert doc.read_text() == text
    assert not (repo / "assets").exists()


@pytest.mark.parametrize(
    ("info", "message"),
    [
        ("mindmap colour=red", "unknown option 'colour'"),
        ("mindmap layuot=right", "did you mean 'layout'?"),
        ("mindmap layout=sideways", "unknown layout 'sideways'"),
        ("mindmap theme=neon", "unknown theme 'neon'"),
        ("mindmap fold=two", "fold='two'"),
        ("mindmap theme", "needs a value"),
        ('mindmap alt="unclosed', "No closing quotation"),
        ("mindmap src=../outside.md", "outside the repository"),
        ("mindmap src=missing.opml", "no such file"),
    ],
)
def test_bad_fence_options_name_the_line(cli, repo: Path, info: str, message: str) -> None:
    (repo.parent / "outside.md").write_text("# Secret\n")
    body = "" if "src=" in info else "- a\n"
    text = f"# Title\n\n```{info}\n{body}```\n"
    doc = write_doc(repo, text)
    result = cli(["embed", doc])
    assert result.code == 1
    assert f"{doc}:3: " in result.err and message in result.err, result.err
    assert doc.read_text() == text


def test_errors_in_the_body_name_the_document_line(cli, repo: Path) -> None:
    doc = write_doc(repo, "text\n\n```mindmap from=text\nRoot\n\tTabbed\n  Spaced\n```\n")
    result = cli(["embed", doc])
    assert result.code == 1
    assert f"{doc}:6: " in result.err, result.err


def test_unclosed_fence_is_an_error(cli, repo: Path) -> None:
    doc = write_doc(repo, "text\n\n```mindmap\nA\n  B\n")
    result = cli(["embed", doc])
    assert result.code == 1 and f"{doc}:3: " in result.err and "never closed" in result.err
    assert doc.read_text() == "text\n\n```mindmap\nA\n  B\n"


def test_src_reference(cli, repo: Path) -> None:
    maps = repo / "maps"
    maps.mkdir()
    (maps / "plan.opml").write_text(
        '<opml version="2.0"><head><title>Roadmap</title></head><body>'
        '<outline text="Roadmap"><outline text="Q1"/><outline text="Q2"/></outline></body></opml>'
    )
    docs = repo / "docs"
    docs.mkdir()
    doc = write_doc(docs, "```mindmap src=../maps/plan.opml\n```\n")
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    assert "![Roadmap](assets/roadmap.svg)" in doc.read_text()
    assert cli(["embed", "--check", doc, "--no-embed-fonts"]).code == 0
    (maps / "plan.opml").write_text((maps / "plan.opml").read_text().replace("Q2", "Q3"))
    result = cli(["embed", "--check", doc, "--no-embed-fonts"])
    assert result.code == 1 and f"{doc}:1: image" in result.err


def test_check_names_missing_links_and_images(cli, repo: Path) -> None:
    doc = write_doc(repo, "```mindmap\n# Plan\n- a\n```\n")
    result = cli(["embed", "--check", doc])
    assert result.code == 1
    assert f"{doc}:1: image {repo / 'assets' / 'plan.svg'} is missing" in result.err
    assert f"{doc}:1: no image link after the fence" in result.err
    assert not (repo / "assets").exists()
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    (repo / "assets" / "plan.svg").unlink()
    assert "is missing" in cli(["embed", "--check", doc, "--no-embed-fonts"]).err
    doc.write_text(doc.read_text().replace("](assets/plan.svg)", "](assets/other.svg)"))
    assert "link is out of date" in cli(["embed", "--check", doc, "--no-embed-fonts"]).err


def test_the_readme_example_is_current(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI runs `treemind embed --check README.md`: the README's example map is generated."""
    readme = ROOT / "README.md"
    if not re.search(r"^(```|~~~)\s*mindmap", readme.read_text(encoding="utf-8"), re.M):
        pytest.skip("README.md has no mindmap fence yet")
    monkeypatch.chdir(ROOT)
    result = cli(["embed", "--check", "README.md"])
    assert result.code == 0, result.err
