"""Themes: the built-ins, custom YAML themes, clear errors for bad ones, readable text colours."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, geometry

from treemind_render.colors import contrast
from treemind_render.style.themes import builtin_names, load_theme

pytestmark = pytest.mark.graphviz

PREFIX = "treemind: error: "
SVG_NS = "{http://www.w3.org/2000/svg}"
EXAMPLE = ROOT / "examples" / "launch-plan.md"
THEMES = [name for name in builtin_names() if name != "base"]


def error_line(result) -> str:
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(PREFIX), lines[0]
    return lines[0]


def node_groups(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(f"{SVG_NS}g") if "node" in g.get("class", "").split()}


def shape_fill(group: ET.Element) -> str | None:
    for el in group:
        if el.tag in (f"{SVG_NS}path", f"{SVG_NS}polygon", f"{SVG_NS}ellipse", f"{SVG_NS}rect"):
            return el.get("fill")
    return None


# --- built-ins -----------------------------------------------------------------------------


def test_themes_command_lists_builtins_with_descriptions(cli) -> None:
    result = cli(["themes"])
    assert result.code == 0, result.err
    listed = {}
    for line in result.out.decode("utf-8").splitlines():
        name, _, description = line.partition(" ")
        listed[name] = description.strip()
    assert {"default", "dark"} <= set(listed)
    assert "base" not in listed
    assert listed["default"].startswith("Light")
    assert listed["dark"].startswith("Dark")
    assert set(listed) == set(THEMES)
    for name in THEMES:
        assert listed[name] == load_theme(name).description != ""


def test_builtin_list_is_what_the_readme_promises() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert len(THEMES) >= 8
    for name in THEMES:
        assert f"`{name}`" in readme, f"theme {name} is not described in the README"


@pytest.mark.parametrize("name", THEMES)
def test_builtin_theme_renders(cli, tmp_path: Path, name: str) -> None:
    theme = load_theme(name)
    doc = geometry(cli, EXAMPLE, "-t", name)
    assert doc["theme"] == name
    out = tmp_path / f"{name}.svg"
    result = cli(["render", EXAMPLE, "-t", name, "-o", out])
    assert result.code == 0, result.err
    svg = out.read_bytes()
    root = ET.fromstring(svg)
    background = root.find(f".//{SVG_NS}polygon[@id='background']")
    assert background is not None
    assert background.get("fill") == theme.background
    groups = node_groups(svg)
    assert set(groups) == {n["id"] for n in doc["nodes"]}
    # every main branch is drawn in its palette colour
    mains = [n["id"] for n in doc["nodes"] if n["depth"] == 1]
    level1 = theme.level(1)
    for i, node_id in enumerate(mains):
        expected = theme.branch_color(i)
        if level1.get("fill") == "branch":
            assert shape_fill(groups[node_id]) == expected


def test_dark_frontmatter_theme(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text("---\ntheme: dark\n---\n# r\n- a\n", encoding="utf-8")
    assert geometry(cli, src)["theme"] == "dark"
    assert geometry(cli, src, "-t", "default")["theme"] == "default"  # the option wins


# --- custom themes -------------------------------------------------------------------------

CUSTOM = """\
extends: default
name: mine
palette: ["#264653", "#2a9d8f", "#e9c46a"]
font: {size: 17}
levels:
  - {shape: rounded, fill: "#111111", text: "#ffffff", font_size: 22, bold: true, padding: [12, 20]}
  - {shape: rounded, fill: branch, text: auto, font_size: 15, padding: [6, 12]}
  - {shape: underline, stroke: branch, text: "#222222", max_width: 260, align: left}
"""


def test_custom_theme_extends_default(cli, tmp_path: Path) -> None:
    theme_file = tmp_path / "my.yaml"
    theme_file.write_text(CUSTOM, encoding="utf-8")
    src = tmp_path / "m.md"
    src.write_text("# Root\n\n## A\n- a1\n## B\n- b1\n## C\n## D\n", encoding="utf-8")
    out = tmp_path / "m.svg"
    result = cli(["render", src, "-t", theme_file, "-o", out])
    assert result.code == 0, result.err
    groups = node_groups(out.read_bytes())
    assert shape_fill(groups["n0"]) == "#111111"  # the level fill
    # palette: main branches take the new colours, cycled past the end
    assert [shape_fill(groups[f"n0_{i}"]) for i in range(4)] == ["#264653", "#2a9d8f", "#e9c46a", "#264653"]
    # the depth-2 level has no font_size: it falls back to the new font.size
    doc = geometry(cli, src, "-t", theme_file)
    assert doc["theme"] == "mine"
    sizes = {n["id"]: n["font_size"] for n in doc["nodes"]}
    assert sizes == {"n0": 22, "n0_0": 15, "n0_0_0": 17, "n0_1": 15, "n0_1_0": 17, "n0_2": 15, "n0_3": 15}
    text = groups["n0_0_0"].find(f"{SVG_NS}text")
    assert float(text.get("font-size")) == 17
    assert text.get("fill") == "#222222"
    # the underline stroke is the branch colour; the edge too
    assert 'stroke="#264653"' in ET.tostring(groups["n0_0_0"], encoding="unicode")
    # unchanged keys still come from default (background, edges)
    assert b'fill="#ffffff"' in out.read_bytes()


def test_custom_theme_extends_relative_file(cli, tmp_path: Path) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "parent.yaml").write_text(CUSTOM, encoding="utf-8")
    child = tmp_path / "themes" / "child.yaml"
    child.write_text("extends: parent.yaml\nname: child\npalette: ['#ff00ff']\n", encoding="utf-8")
    src = tmp_path / "m.md"
    src.write_text("# R\n- a\n- b\n", encoding="utf-8")
    out = tmp_path / "m.svg"
    assert cli(["render", src, "-t", child, "-o", out]).code == 0
    groups = node_groups(out.read_bytes())
    assert shape_fill(groups["n0"]) == "#111111"  # from the parent file
    assert shape_fill(groups["n0_0"]) == shape_fill(groups["n0_1"]) == "#ff00ff"


# --- bad themes ------------------------------------------------------------------------------

BILLION_LAUGHS = """\
extends: default
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

BAD_THEMES = {
    # name: (yaml, [strings the one error line must hold])
    "unknown-key": ("extends: default\npallete: ['#000000']\n", ["'pallete'", "did you mean 'palette'"]),
    "bad-colour": ("extends: default\npalette: ['#12345z']\n", ["'palette[0]'", "'#12345z'", "not a colour"]),
    "level-colour": ("extends: default\nlevels: [{fill: '#12345z'}]\n", ["'levels[0].fill'", "not a colour"]),
    "string-number": ("extends: default\nfont: {size: big}\n", ["'font.size'", "expected a number", "'big'"]),
    "unsafe-tag": (
        'extends: default\nname: !!python/object/apply:os.system ["echo hi"]\n',
        [":2: ", "not valid YAML"],
    ),
    "alias-bomb": (BILLION_LAUGHS, [":3: ", "aliases"]),
    "family-quote": ("extends: default\nfont: {family: ['Noto\" Sans']}\n", ["'font.family'", "plain font"]),
    "family-angle": ("extends: default\nfont: {family: ['<b>Noto']}\n", ["'font.family'", "plain font"]),
    "mono-angle": ("extends: default\nfont: {mono: ['x<y']}\n", ["'font.mono'", "plain font"]),
    "not-mapping": ("- just\n- a list\n", ["mapping"]),
}


@pytest.mark.parametrize("case", sorted(BAD_THEMES))
def test_bad_theme_is_a_usage_error(cli, tmp_path: Path, case: str) -> None:
    text, wanted = BAD_THEMES[case]
    theme_file = tmp_path / f"{case}.yaml"
    theme_file.write_text(text, encoding="utf-8")
    src = tmp_path / "m.md"
    src.write_text("# r\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-t", theme_file])
    assert result.code == 2
    line = error_line(result)
    assert line.startswith(f"{PREFIX}{theme_file}:"), line
    for piece in wanted:
        assert piece in line, line
    assert not (tmp_path / "m.svg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["m.md", theme_file.name])


def test_unsafe_tag_never_runs(cli, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    theme_file = tmp_path / "evil.yaml"
    theme_file.write_text(f'extends: default\nname: !!python/object/apply:os.system ["touch {marker}"]\n')
    src = tmp_path / "m.md"
    src.write_text("# r\n- a\n", encoding="utf-8")
    assert cli(["render", src, "-t", theme_file]).code == 2
    assert not marker.exists()


def test_missing_builtin_theme_lists_choices(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text("# r\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-t", "ocen"])
    assert result.code == 2
    line = error_line(result)
    assert "'ocen'" in line
    assert "dark, default" in line
    assert "base" not in line
    assert not (tmp_path / "m.svg").exists()


def test_missing_theme_file(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text("# r\n- a\n", encoding="utf-8")
    missing = tmp_path / "nope.yaml"
    result = cli(["render", src, "-t", missing])
    assert result.code == 2
    assert str(missing) in error_line(result)


def test_extends_loop(cli, tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("extends: two.yaml\n", encoding="utf-8")
    two.write_text("extends: one.yaml\n", encoding="utf-8")
    src = tmp_path / "m.md"
    src.write_text("# r\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-t", one])
    assert result.code == 2
    line = error_line(result)
    assert "loops" in line
    assert "one.yaml" in line and "two.yaml" in line
    assert not (tmp_path / "m.svg").exists()


def test_bad_theme_fails_before_any_input_is_read(cli, tmp_path: Path) -> None:
    theme_file = tmp_path / "bad.yaml"
    theme_file.write_text("extends: default\npalette: []\n", encoding="utf-8")
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# a\n- 1\n", encoding="utf-8")
    b.write_text("# b\n- 2\n", encoding="utf-8")
    result = cli(["render", a, b, "-t", theme_file])
    assert result.code == 2
    assert "'palette'" in error_line(result)
    assert not (tmp_path / "a.svg").exists() and not (tmp_path / "b.svg").exists()


# --- contrast ------------------------------------------------------------------------------

# (theme, depth, branch colour) -> why it fails; strict xfails, so a fixed theme shows up as XPASS.
LOW_CONTRAST: dict[tuple[str, int, str], str] = {}


def _contrast_cases() -> list:
    cases = []
    for name in THEMES:
        theme = load_theme(name)
        for depth in range(len(theme.data["levels"])):
            for i in range(len(theme.data["palette"])):
                branch = theme.branch_color(i)
                marks = []
                if (name, depth, branch) in LOW_CONTRAST:
                    reason = f"BUG: theme {name!r} level {depth}: {LOW_CONTRAST[name, depth, branch]} < 4.5"
                    marks.append(pytest.mark.xfail(reason=reason, strict=True))
                cases.append(pytest.param(name, depth, branch, marks=marks, id=f"{name}-{depth}-{branch}"))
    return cases


@pytest.mark.parametrize("name, depth, branch", _contrast_cases())
def test_text_contrast_meets_wcag_aa(name: str, depth: int, branch: str) -> None:
    theme = load_theme(name)
    style = theme.style(depth, branch, {})
    behind = style.fill or theme.background
    assert behind is not None
    ratio = contrast(style.text, behind)
    needed = 7.0 if name == "high-contrast" else 4.5  # high-contrast promises WCAG AAA
    assert ratio >= needed, f"{style.text} on {behind}: {ratio:.2f}:1"


def test_svg_uses_the_theme_text_colours(cli, tmp_path: Path) -> None:
    """The contrast check above is about what is drawn: the SVG text fills are the Style's."""
    theme = load_theme("dark")
    src = tmp_path / "m.md"
    src.write_text("# R\n## A\n- a1\n  - a2\n## B\n", encoding="utf-8")
    out = tmp_path / "m.svg"
    assert cli(["render", src, "-t", "dark", "-o", out]).code == 0
    groups = node_groups(out.read_bytes())
    doc = json.loads(cli(["render", src, "-t", "dark", "-f", "json", "-o", "-"]).out)
    for node in doc["nodes"]:
        branch = theme.branch_color(max(int(node["id"].split("_")[1]) if node["depth"] else 0, 0))
        expected = theme.style(node["depth"], branch, {}).text
        assert groups[node["id"]].find(f"{SVG_NS}text").get("fill") == expected


def test_custom_theme_with_poor_contrast_gets_a_warning(cli, tmp_path: Path) -> None:
    theme = tmp_path / "pale.yaml"
    theme.write_text('extends: default\nlevels:\n  - {fill: "#ffffff", text: "#dddddd"}\n', encoding="utf-8")
    src = tmp_path / "m.md"
    src.write_text("# R\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-t", theme, "-o", tmp_path / "m.svg"])
    assert result.code == 0, result.err
    warnings = [ln for ln in result.err.splitlines() if ln.startswith("treemind: warning:")]
    assert warnings and str(theme) in warnings[0]
    assert "level 0: text #dddddd on #ffffff" in warnings[0] and "under 4.5:1" in warnings[0]


def test_builtin_theme_gets_no_contrast_warning(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text("# R\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-t", "pastel", "-o", tmp_path / "m.svg"])
    assert result.code == 0 and "warning" not in result.err, result.err


def test_preview_writes_a_sample_per_theme_and_an_overview(cli, tmp_path: Path) -> None:
    from PIL import Image

    result = cli(["themes", "--preview", tmp_path / "prev"])
    assert result.code == 0, result.err
    written = sorted(p.name for p in (tmp_path / "prev").iterdir())
    assert written == sorted([f"{n}.png" for n in THEMES] + ["themes.png"])
    sheet = Image.open(tmp_path / "prev" / "themes.png")
    single = Image.open(tmp_path / "prev" / "default.png")
    assert sheet.width > single.width // 2 and sheet.height > single.height


def test_frontmatter_theme_mapping_overrides_a_builtin(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text(
        '---\ntheme:\n  extends: dark\n  palette: ["#ff0000", "#00aa00"]\n---\n# R\n- a\n- b\n',
        encoding="utf-8",
    )
    out = tmp_path / "m.svg"
    assert cli(["render", src, "-o", out]).code == 0
    svg = out.read_text(encoding="utf-8")
    assert 'fill="#ff0000"' in svg and 'fill="#00aa00"' in svg  # the map's own palette
    assert 'fill="#1b1f27"' in svg  # over dark's background
    md = cli(["render", src, "-f", "md", "-o", "-"]).out.decode()
    assert '"palette": ["#ff0000", "#00aa00"]' in md  # conversion keeps the mapping


@pytest.mark.parametrize(
    "theme, message",
    [
        ("  extends: /etc/passwd\n", "may only extend a built-in theme"),
        ('  palete: ["#ff0000"]\n', "did you mean 'palette'"),
        ("  background: javascript\n", "is not a colour"),
    ],
)
def test_bad_frontmatter_theme_mapping_fails_that_map(cli, tmp_path: Path, theme: str, message: str) -> None:
    src = tmp_path / "m.md"
    src.write_text(f"---\ntheme:\n{theme}---\n# R\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-o", tmp_path / "m.svg"])
    assert result.code == 1
    assert result.err.startswith(f"treemind: error: {src}: ") and message in result.err
    assert not (tmp_path / "m.svg").exists()
