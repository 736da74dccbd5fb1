"""PNG and PDF text is shaped (0006-text-runs.md): one glyph per emoji sequence, Arabic joined
and right to left, Hebrew right to left, Devanagari conjuncts; no tofu for any script.

Each check measures drawn pixels: cairo's toy text (before Pango) fails every one of them.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PIL import Image, ImageChops

from treemind_render.draw import cairo_text
from treemind_render.draw.raster import rasterise

pytestmark = pytest.mark.fonts
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "scripts").glob("*.md"))
EMOJI = "Noto Color Emoji"


def svg_of(text: str, family: str, anchor: str = "start", x: float = 20) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="450pt" height="75pt" viewBox="0 0 600 100">'
        '<rect width="600" height="100" fill="#ffffff"/>'
        f'<text x="{x}" y="70" text-anchor="{anchor}" font-family="{family}" font-size="40"'
        f' fill="#000000">{escape(text)}</text></svg>'
    ).encode()


def drawn(text: str, family: str, **where: object) -> Image.Image:
    with Image.open(io.BytesIO(rasterise(svg_of(text, family, **where), "png"))) as image:  # type: ignore[arg-type]
        return image.convert("RGB")


def ink(image: Image.Image) -> Image.Image:
    white = Image.new("RGB", image.size, "white")
    return ImageChops.difference(image, white).convert("L").point(lambda v: 255 if v > 40 else 0)


def ink_width(text: str, family: str) -> int:
    box = ink(drawn(text, family)).getbbox()
    assert box is not None, f"nothing drawn for {text!r}"
    return box[2] - box[0]


def blank_columns(text: str, family: str) -> int:
    """Gaps (runs of empty pixel columns) inside the ink of one word."""
    mask = ink(drawn(text, family))
    box = mask.getbbox()
    assert box is not None
    columns = [mask.crop((x, 0, x + 1, mask.height)).getbbox() is not None for x in range(box[0], box[2])]
    return sum(1 for before, now in zip(columns, columns[1:], strict=False) if before and not now)


@pytest.mark.parametrize(
    "sequence",
    ["👨\u200d👩\u200d👧\u200d👦", "👍🏽", "🇯🇵", "🏳️\u200d🌈", "1️⃣", "#️⃣", "👩🏽\u200d💻"],
    ids=["zwj-family", "skin-tone", "flag", "zwj-flag", "keycap-1", "keycap-hash", "zwj-skin"],
)
def test_an_emoji_sequence_is_one_glyph(sequence: str) -> None:
    """A ZWJ family, a skin tone, a flag or a keycap is about one emoji wide (its parts drawn
    one by one would be two to four), and in colour (Noto's family glyph is drawn in greys)."""
    one = ink_width("👨", EMOJI)
    assert ink_width(sequence, EMOJI) < 1.35 * one
    image = drawn(sequence, EMOJI)
    coloured = sum(n for n, p in image.getcolors(image.width * image.height) or [] if max(p) - min(p) > 20)
    assert coloured > 150 or sequence.startswith("👨\u200d👩")


def test_arabic_letters_join() -> None:
    """Every letter of these words joins both ways: shaped, each word is one unbroken stroke;
    in isolated forms, blank columns separate the letters."""
    for family in ("Noto Sans Arabic", "DejaVu Sans"):
        assert blank_columns("مسلسل", family) == 0
        assert blank_columns("بيت", family) == 0


def test_hebrew_runs_right_to_left() -> None:
    """The first letter of a right-to-left word is drawn rightmost: the word draws exactly as
    its letters reversed and forced left to right (U+202D) would."""
    word = "שלום"
    assert ink(drawn(word, "Noto Sans Hebrew")).getbbox() is not None
    forced = drawn("\u202d" + word[::-1], "Noto Sans Hebrew")
    assert drawn(word, "Noto Sans Hebrew").tobytes() == forced.tobytes()
    mixed = drawn("abc אבג", "Noto Sans Hebrew")  # a left-to-right line keeps abc on the left
    assert mixed.tobytes() == drawn("abc \u202dגבא", "Noto Sans Hebrew").tobytes()


def test_devanagari_conjuncts_form() -> None:
    """क्ष (ka + virama + ssa) is one conjunct, narrower than क and ष side by side."""
    assert ink_width("क्ष", "Noto Sans Devanagari") < 0.7 * ink_width("कष", "Noto Sans Devanagari")


@pytest.mark.parametrize("anchor", ["start", "middle", "end"])
def test_runs_are_anchored_by_their_advance(anchor: str) -> None:
    """text-anchor puts the start, middle or end of the run's advance at x (as browsers do);
    the baseline sits at y."""
    image = drawn("HHHH", "Noto Sans", anchor=anchor, x=300)
    box = ink(image).getbbox()
    assert box is not None
    edge = {"start": box[0], "middle": (box[0] + box[2]) / 2, "end": box[2]}[anchor]
    assert abs(edge - 300) <= 5  # H's side bearings: a few pixels at 40 px
    assert abs(box[3] - 70) <= 1  # H sits on the baseline


@pytest.mark.graphviz
@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.stem)
def test_every_script_renders_without_tofu_in_png(
    cli, tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fixture through the user's path: Pango found a glyph for every character (it counts
    the hex boxes it would draw), and ink was drawn for each label."""
    unknown: list[int] = []
    chunks: list[int] = []
    original = cairo_text.TextPainter.chunk

    def counting(self, runs, size, x, y, anchor):  # type: ignore[no-untyped-def]
        before = self.unknown_glyphs
        width = original(self, runs, size, x, y, anchor)
        unknown.append(self.unknown_glyphs - before)
        chunks.append(int(width > 0))
        return width

    monkeypatch.setattr(cairo_text.TextPainter, "chunk", counting)
    out = tmp_path / "map.png"
    assert cli(["render", source, "-o", out]).code == 0
    assert sum(chunks) >= 5 and sum(unknown) == 0


def pdf_glyph_texts(pdf: bytes) -> list[str]:
    """What each embedded glyph stands for (the fonts' ToUnicode maps), one entry a glyph."""
    import re

    pypdf = pytest.importorskip("pypdf")
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    found = []
    for font in page["/Resources"]["/Font"].values():
        cmap = font.get_object().get("/ToUnicode")
        if cmap is not None:
            text = cmap.get_object().get_data().decode("latin-1")
            for hexa in re.findall(r"^<[0-9a-f]+> <([0-9a-f]+)>$", text, re.M):
                found.append(bytes.fromhex(hexa).decode("utf-16-be", "replace"))
    return found


def test_pdf_text_is_shaped() -> None:
    """In the PDF, Arabic lam is drawn in several joining forms (several glyphs stand for
    U+0644) and Devanagari क्ष is one conjunct glyph standing for all three characters."""
    arabic = pdf_glyph_texts(rasterise(svg_of("الله للكل لل", "Noto Sans Arabic"), "pdf"))
    assert arabic.count("ل") >= 2
    devanagari = pdf_glyph_texts(rasterise(svg_of("क्षत्रिय", "Noto Sans Devanagari"), "pdf"))
    assert "क्ष" in devanagari
