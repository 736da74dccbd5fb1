"""`treemind gallery`: six maps in two tag groups built into a static site, checked as files.

The same six maps (Markdown with frontmatter, some Chinese, one hostile title) are loaded in a
real browser by test_gallery_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from treemind_render.app.cli import main
from treemind_render.app.inputs import Source
from treemind_render.gallery.entries import Entry, assign_slugs, front_order, slugify
from treemind_render.gallery.related import link_related, tokens
from treemind_render.model import Node, Tree

HOSTILE = 'Budget travel <script>alert("x")</script> & tips'
MAPS = {
    "vegetables.md": """---
title: Vegetable garden
tags: [garden]
order: 1
---
- Beds
  - Raised beds warm up early in spring
  - Compost mixed into the soil
- Crops
  - Tomatoes need sun and steady watering
  - Beans fix nitrogen in the soil
- Watering
  - Water the soil in the morning
""",
    "compost.md": """---
title: Composting at home
tags: [garden]
related: [bonsai]
---
# Composting at home
## Greens
- Vegetable scraps
- Grass clippings
## Browns
- Dry leaves
- Cardboard
## Turning
- Turn the heap every week so the soil life gets air
""",
    "bonsai.md": """---
title: 盆栽入门 Bonsai basics
tags: [garden]
---
# 盆栽入门 Bonsai basics
## 选树
- 小叶植物更适合造型
- 先从黑松或榆树开始
## 修剪
- 春季修剪新芽
- 铝线蟠扎，三个月后拆线
## 浇水
- 土表干了再浇透
""",
    "kyoto.md": """---
title: 京都旅行 Kyoto trip
tags: [travel]
---
# 京都旅行 Kyoto trip
## 第一天
- 清水寺与二年坂
- 晚上去先斗町吃饭
## 第二天
- 伏见稻荷大社，早上七点前出发
- 岚山竹林
## 交通
- 买一张巴士一日券
""",
    "packing.md": """---
title: Packing list
tags: [travel]
---
# Packing list
## Documents
- Passport and visa
- Train pass
## Clothes
- Rain jacket
- Walking shoes
## Gadgets
- Power adapter
""",
    "budget.md": f"""---
title: '{HOSTILE}'
tags: [travel]
---
- Transport
  - Night buses save a hotel night
  - Rail passes pay off after three long trips
- Food
  - Markets & street food
- Sleep
  - Hostels with kitchens
""",
}
GROUPS = {
    "garden": ["Vegetable garden", "Composting at home", "盆栽入门 Bonsai basics"],
    "travel": ["京都旅行 Kyoto trip", "Packing list", HOSTILE],
}
ORDER = ["Vegetable garden", HOSTILE, "Composting at home", "Packing list", "京都旅行 Kyoto trip",
         "盆栽入门 Bonsai basics"]  # fmt: skip
LABELS = {  # a few node labels per map, as a browser shows them
    "Vegetable garden": ["Raised beds warm up early in spring", "Beans fix nitrogen in the soil"],
    "Composting at home": ["Grass clippings", "Turn the heap every week so the soil life gets air"],
    "盆栽入门 Bonsai basics": ["铝线蟠扎，三个月后拆线", "土表干了再浇透"],
    "京都旅行 Kyoto trip": ["伏见稻荷大社，早上七点前出发", "买一张巴士一日券"],
    "Packing list": ["Passport and visa", "Power adapter"],
    HOSTILE: ["Markets & street food", "Rail passes pay off after three long trips"],
}


def write_maps(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in MAPS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_site(tmp: Path, *args: str) -> Path:
    site = tmp / "site"
    assert main(["gallery", str(write_maps(tmp / "maps")), "-o", str(site), "-q", "-j", "2", *args]) == 0
    return site


def map_pages(site: Path) -> list[Path]:
    """The gallery's page per map (not the interactive `-f html` maps they frame: tests/test_html.py)."""
    return sorted(p for p in (site / "maps").glob("*.html") if not p.name.endswith(".map.html"))


def pages(site: Path) -> dict[str, str]:
    """Map title -> the HTML of its page."""
    out = {}
    for path in map_pages(site):
        html = path.read_text("utf-8")
        title = unescape(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
        out[title] = html
    return out


def related_titles(html: str) -> list[str]:
    section = html.split('<h2 id="related-h">', 1)[1].split("</section>", 1)[0]
    return [unescape(t) for t in re.findall(r'<span class="name"[^>]*>(.*?)</span>', section)]


def references(html: str) -> list[str]:
    return re.findall(r'\b(?:href|src)="([^"]*)"', html)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("gallery"))


pytestmark = pytest.mark.graphviz


# --- the site, as files --------------------------------------------------------------------------


def test_index_has_six_cards_by_order_then_title(site: Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    titles = [unescape(t) for t in re.findall(r'<h2 lang="[a-z]+"><a href="[^"]+">(.*?)</a></h2>', index)]
    assert titles == ORDER
    assert index.count('<li class="card"') == 6
    assert re.findall(r'data-tag="([^"]*)"', index) == ["", "garden", "travel"]
    first = index.split('<li class="card"')[1]
    assert "Vegetable garden" in first and "9 topics" in first  # a root, 3 branches, 5 leaves
    assert len(pages(site)) == 6


def test_every_page_shows_its_outline_and_its_group_first_under_related(site: Path) -> None:
    found = pages(site)
    assert set(found) == set(LABELS)
    for title, html in found.items():
        text = unescape(re.sub(r"<[^>]+>", " ", html))
        for label in LABELS[title]:
            assert label in text, (title, label)
        group = next(g for g in GROUPS.values() if title in g)
        mates = [t for t in group if t != title]
        related = related_titles(html)
        assert title not in related
        assert len(related) <= 6
        assert sorted(related[:2]) == sorted(mates), (title, related)


def test_explicit_related_comes_first_and_counts_both_ways(site: Path) -> None:
    found = pages(site)
    assert related_titles(found["Composting at home"])[0] == "盆栽入门 Bonsai basics"
    assert related_titles(found["盆栽入门 Bonsai basics"])[0] == "Composting at home"
    assert '<span class="why">linked</span>' in found["Composting at home"]


def test_no_broken_local_reference_and_nothing_external(site: Path) -> None:
    checked = 0
    for page in [site / "index.html", *map_pages(site)]:
        html = page.read_text("utf-8")
        assert not re.search(r"https?:|//|@import|url\(", html.replace("</", "<")), page
        for ref in references(html):
            parts = urlsplit(unescape(ref))
            assert not parts.scheme and not parts.netloc, ref
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.name}: {ref}"
            assert site.resolve() in target.parents
            checked += 1
    assert checked > 6 * 10


def test_text_is_escaped_and_a_strict_policy_allows_only_our_style_and_script(site: Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    for html in [index, *pages(site).values()]:
        assert "alert(&quot;x&quot;)" in html or "Budget" not in html
        assert "<script>alert" not in html
        assert "<svg" not in html  # maps are images, never inline markup
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        policy = unescape(policy)
        assert "default-src 'none'" in policy and "img-src 'self'" in policy
        assert ("frame-src 'none'" if html is index else "frame-src 'self'") in policy
        style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
        assert f"style-src 'sha256-{_sha(style)}'" in policy
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        assert len(scripts) == (1 if html is index else 0)
        for script in scripts:
            assert f"script-src 'sha256-{_sha(script)}'" in policy
        assert "style=" not in html  # a hash policy refuses style attributes
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; tips" in index
    names = [p.name for p in (site / "maps").iterdir()]
    assert all(re.fullmatch(r"[\w.-]+", n) for n in names), names
    assert "budget-travel-script-alert-x-script-tips.html" in names


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def test_thumbnails_are_2x_and_the_contact_sheet_is_a_grid(site: Path) -> None:
    from PIL import Image

    thumbs = sorted((site / "thumbs").glob("*.png"))
    assert len(thumbs) == 6
    for thumb in thumbs:
        with Image.open(thumb) as image:
            assert image.size == (640, 400)
            low, high = image.convert("L").getextrema()
            assert high - low > 100  # a map, not a blank box
    with Image.open(site / "gallery.png") as sheet:  # 3 columns, 2 rows of 320 x 244, at 2x
        assert sheet.size == (2 * (40 + 3 * 320 + 2 * 16), 2 * (40 + 2 * 244 + 16))
    for name in ("svg", "png", "pdf"):
        assert len(list((site / "maps").glob(f"*.{name}"))) == 6


def test_a_second_run_reuses_everything(site: Path, cli) -> None:
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    result = cli(["gallery", site.parent / "maps", "-o", site, "-j", "2"])
    assert result.code == 0, result.err
    assert "6 cached" in result.err
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert after == before  # nothing rewritten: not a page, not a thumbnail, not the sheet


# --- behaviour -----------------------------------------------------------------------------------


def test_removed_maps_are_forgotten_and_other_files_kept(tmp_path: Path, cli) -> None:
    maps = tmp_path / "in"
    maps.mkdir()
    (maps / "a.md").write_text("# Alpha\n- one\n", encoding="utf-8")
    (maps / "b.md").write_text("# Beta\n- two\n", encoding="utf-8")
    site = tmp_path / "site"
    assert cli(["gallery", maps, "-o", site, "-j", "1"]).code == 0
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    (maps / "b.md").unlink()
    assert cli(["gallery", maps, "-o", site, "-j", "1"]).code == 0
    assert sorted(p.name for p in (site / "maps").iterdir()) == [
        f"alpha.{x}" for x in ("html", "map.html", "pdf", "png", "svg")
    ]
    assert [p.name for p in (site / "thumbs").iterdir()] == ["alpha.png"]
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine"
    manifest = json.loads((site / ".treemind-gallery.json").read_text("utf-8"))
    assert "maps/alpha.html" in manifest["files"] and "maps/beta.html" not in manifest["files"]


def test_a_broken_input_is_reported_and_the_others_still_make_the_site(tmp_path: Path, cli) -> None:
    maps = tmp_path / "in"
    maps.mkdir()
    (maps / "good.md").write_text("# Good\n- fine\n", encoding="utf-8")
    (maps / "bad.txt").write_bytes(b"Broken\n  bad \xff\xfe bytes\n")
    result = cli(["gallery", maps, "-o", tmp_path / "site", "-j", "1"])
    assert result.code == 1
    assert re.search(r"treemind: error: .*bad\.txt:2: invalid UTF-8", result.err)
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert index.count('<li class="card"') == 1 and "Good" in index


def test_theme_option_and_usage_errors(tmp_path: Path, cli) -> None:
    (tmp_path / "m.md").write_text("# Night\n- owl\n", encoding="utf-8")
    result = cli(["gallery", tmp_path / "m.md", "-o", tmp_path / "site", "--theme", "dark", "--title", "Q&A"])
    assert result.code == 0, result.err
    svg = (tmp_path / "site" / "maps" / "night.svg").read_text("utf-8")
    assert re.search(r'<polygon fill="#(?!ffffff)[0-9a-f]{6}"[^>]*id="background"', svg)
    assert "<title>Q&amp;A</title>" in (tmp_path / "site" / "index.html").read_text("utf-8")
    assert cli(["gallery", "-", "-o", tmp_path / "x"], stdin=b"# a\n").code == 2
    assert cli(["gallery", tmp_path / "nowhere", "-o", tmp_path / "x"]).code == 2
    assert cli(["gallery", tmp_path / "m.md"]).code == 2  # -o is required


def test_unknown_related_names_are_warned_about(tmp_path: Path, cli) -> None:
    (tmp_path / "m.md").write_text("---\nrelated: [ghost]\n---\n# Solo\n- x\n", encoding="utf-8")
    result = cli(["gallery", tmp_path / "m.md", "-o", tmp_path / "site"])
    assert result.code == 0
    assert "related map 'ghost' is not in the gallery" in result.err
    assert "No related maps yet." in (tmp_path / "site" / "maps" / "solo.html").read_text("utf-8")


# --- units ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ('Tools & <tricks> "quoted"!', "tools-tricks-quoted"),
        ("学习计划 2027", "学习计划-2027"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "map-con"),
        ("<>?*|", "map"),
        ("Ｆｕｌｌ　ｗｉｄｔｈ", "full-width"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def _entry(
    name: str, title: str, labels: list[str], tags: tuple[str, ...] = (), related: tuple[str, ...] = ()
) -> Entry:
    root = Node(title, children=tuple(Node(label) for label in labels))
    tree = Tree(root=root, title=title, tags=tags, related=related, source=name)
    return Entry(Source(name, Path(name), None), tree)


def test_clashing_titles_get_numbered_slugs_in_path_order() -> None:
    entries = [_entry("b.md", "Plan", []), _entry("a.md", "plan", []), _entry("c.md", "PLAN!", [])]
    assign_slugs(entries)
    assert [e.slug for e in entries] == ["plan-2", "plan", "plan-3"]


def test_tokens_use_words_and_cjk_bigrams() -> None:
    assert tokens("The Maps of 学习计划") == ["map", "学习", "习计", "计划"]
    assert tokens("京") == ["京"]
    assert tokens("2027 and of") == []


def test_related_order_is_explicit_then_tags_then_similarity_and_deterministic() -> None:
    def make() -> list[Entry]:
        return [
            _entry("a.md", "Alpha", ["tomato soil water"], tags=("garden",), related=("Delta",)),
            _entry("b.md", "Beta", ["tomato soil"], tags=("garden",)),
            _entry("c.md", "Gamma", ["tomato soil water compost"]),
            _entry("d.md", "Delta", ["passport"]),
            _entry("e.md", "Epsilon", ["passport visa"]),
            _entry("f.md", "Zeta", ["nothing shared here"]),
        ]

    entries = make()
    assign_slugs(entries)
    assert link_related(entries, 6) == []
    by = {e.title: [(r.title, why) for r, why in e.related] for e in entries}
    assert by["Alpha"] == [("Delta", "linked"), ("Beta", "tag: garden"), ("Gamma", "similar outline")]
    assert by["Delta"][0] == ("Alpha", "linked")
    assert all(t != name for name, rel in by.items() for t, _ in rel)
    assert by["Zeta"] == []
    again = make()[::-1]
    assign_slugs(again)
    link_related(again, 6)
    assert {e.title: [(r.title, w) for r, w in e.related] for e in again} == by
    link_related(entries, 1)
    assert all(len(e.related) <= 1 for e in entries)


def test_front_order() -> None:
    assert front_order("a.md", b"---\norder: 3\n---\n# A\n") == 3.0
    assert front_order("a.md", b"---\norder: '2.5'\n---\n# A\n") == 2.5
    assert front_order("a.md", b"---\norder: soon\n---\n# A\n") is None
    assert front_order("a.txt", b"---\norder: 3\n---\n") is None
    assert front_order("a.md", b"# A\n") is None
