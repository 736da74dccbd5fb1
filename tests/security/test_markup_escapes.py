"""Threat: text from an untrusted outline (or its file name) turning into markup or commands
somewhere treemind writes it: the frontmatter of a `-f md` conversion, an OPML conversion, a JUnit
report, the CI log (GitHub Actions runs `::command ...` lines it finds there), and SVG markup a
hostile Graphviz adds (`<style>@import`, `style=` attributes, `url()` references that fetch).

Guarantee: every frontmatter field written by `-f md` is a one-line YAML string that reads back
as the same value, so nothing after it can end the frontmatter; the JUnit report is well-formed
XML whatever the names hold; every line treemind prints carries one line of the log (control
characters and line breaks in names and messages are escaped); the last SVG pass drops
`<style>` with anything but treemind's own `@font-face` rules, every `style=` attribute, and every
`url()` reference in presentation attributes.
"""

from __future__ import annotations

import os
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.graphviz

SCRIPT = "<script>alert(1)</script>"
BREAK = f"x\n---\n{SCRIPT}\n"


def split_frontmatter(text: str) -> tuple[str, str]:
    """What a frontmatter reader (MkDocs, Jekyll, markdown-it's plugin) sees: the block between
    the first `---` line and the next one, and the page after it."""
    lines = text.split("\n")
    assert lines[0] == "---", text[:80]
    end = lines.index("---", 1)
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])


@pytest.mark.parametrize("field", ["tags", "related", "layout", "theme", "title"])
def test_markdown_conversion_frontmatter_cannot_be_ended_early(cli, tmp_path: Path, field: str) -> None:
    value = [BREAK, "ok"] if field in ("tags", "related") else BREAK
    front = yaml.safe_dump({field: value}, default_flow_style=True, width=10_000).strip()[1:-1]
    src = tmp_path / "m.md"
    src.write_text(f"---\n{front}\n---\n# Map\n- a\n", encoding="utf-8")
    out = tmp_path / "out.md"
    result = cli(["render", src, "-f", "md", "-o", out])
    if result.code != 0:  # a value treemind refuses (an unknown layout) is fine, as one error line
        assert result.code == 1 and len(result.err.splitlines()) == 1, result.err
        return
    head, page = split_frontmatter(out.read_text(encoding="utf-8"))
    assert "<script" not in page.lower(), page
    data = yaml.safe_load(head)
    assert SCRIPT in str(data.get(field)), head


def test_opml_conversion_is_well_formed_whatever_the_title_holds(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text('---\ntitle: "a\\x01b\\x1bc </title><x>"\n---\n- a\n', encoding="utf-8")
    out = tmp_path / "out.opml"
    result = cli(["render", src, "-f", "opml", "-o", out])
    assert result.code == 0, result.err
    root = ET.fromstring(out.read_bytes())
    assert "</title>" in (root.findtext("head/title") or "")


# --- names in reports and logs -------------------------------------------------------------------

HOSTILE_NAMES = {
    "control": "bad\x01\x1b[31mname.md",
    "workflow-command": "x\n::error file=README.md::pwned\n.md",
    "carriage-return": "y\r::warning::pwned.md",
}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n- a\n", encoding="utf-8")
    for name in HOSTILE_NAMES.values():
        (folder / name).write_text("# Bad\n- a\n\tmixed indent ]]> \x00", encoding="utf-8")
    return folder


def test_junit_report_is_well_formed_with_control_characters_in_names(
    cli, tmp_path: Path, batch: Path
) -> None:
    report = tmp_path / "report.xml"
    result = cli(["render", batch, "--out-dir", tmp_path / "out", "--report", report, "-j", "1"])
    assert result.code in (0, 1), result.err
    suite = ET.fromstring(report.read_bytes())  # raises on ill-formed XML
    assert len(suite.findall("testcase")) == 1 + len(HOSTILE_NAMES)


def test_no_log_line_is_a_workflow_command(cli, tmp_path: Path, batch: Path) -> None:
    for args in (["--check"], [], ["-v"]):
        result = cli(["render", batch, "--out-dir", tmp_path / "out", "-j", "1", *args])
        assert "Traceback" not in result.err
        for line in result.err.replace("\r", "\n").splitlines():
            assert not line.lstrip().startswith("::"), result.err
            assert "\x1b" not in line and "\x01" not in line, repr(line)


# --- a hostile Graphviz: the last SVG pass -----------------------------------------------------------

INJECT = (
    "<title>mindmap</title><style>@import url(http://evil.example/a.css);</style>"
    '<rect style="background-image:url(http://evil.example/s)" fill="url(http://evil.example/f#x)"'
    ' filter="url(http://evil.example/g#y)" mask="url(http://evil.example/m#z)" width="1" height="1"/>'
)


PATH_INJECT = 'style="fill:url(http://evil.example/p)" clip-path="url(http://evil.example/c)"'


@pytest.fixture
def hostile_graphviz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which("neato")
    assert real, "Graphviz is needed"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "neato"
    fake.write_text(
        "#!/bin/sh\n"
        f'"{real}" "$@" | sed -e \'s|<title>mindmap</title>|{INJECT}|\''
        f" -e 's|<path fill=|<path {PATH_INJECT} fill=|'\n",
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize("fonts", ["plain", "--embed-fonts"])
def test_svg_pass_drops_style_imports_and_url_references(
    cli, tmp_path: Path, hostile_graphviz, fonts: str
) -> None:
    src = tmp_path / "m.md"
    src.write_text("# Map\n- a\n- b\n", encoding="utf-8")
    out = tmp_path / "m.svg"
    result = cli(["render", src, "-o", out, "--no-cache", *([fonts] if fonts != "plain" else [])])
    assert result.code == 0, result.err
    data = out.read_text(encoding="utf-8")
    assert "evil.example" not in data
    assert "@import" not in data
    root = ET.fromstring(data)
    for element in root.iter():
        assert "style" not in element.attrib, element.attrib
        for name, value in element.attrib.items():
            assert "url(" not in value, (name, value)
