"""text/sfnt.py answers every character as fontTools reads it, for every font the themes use."""

from __future__ import annotations

from pathlib import Path

import pytest

from treemind_render.text import fonts, sfnt

FAMILIES = [
    ("Noto Sans", False),
    ("Noto Sans", True),
    ("Noto Sans CJK SC", False),
    ("Noto Color Emoji", False),
]


@pytest.mark.fonts
@pytest.mark.parametrize(("family", "bold"), FAMILIES)
def test_sfnt_reads_what_fonttools_reads(family: str, bold: bool):
    font = fonts.match(family, bold=bold)
    assert font is not None
    face = sfnt.Face(font.path, font.index)
    codepoints, advances, upm, extent = fonts._read_font_fonttools(font)
    assert len(codepoints) > 1000
    assert (face.upm, face.extent) == (upm, extent)
    # every character fontTools maps, with the same advance; none of those it does not map
    assert [face.advance(c) for c in codepoints] == list(advances)
    mapped = set(codepoints)
    others = [c for c in range(0, 0x30000, 7) if c not in mapped]
    assert [face.advance(c) for c in others] == [None] * len(others)


@pytest.mark.fonts
def test_metrics_in_em():
    font = fonts.match("Noto Sans")
    assert font is not None
    m = fonts.Metrics(font)
    assert m.advance(ord("M")) == pytest.approx(sfnt.Face(font.path).advance(ord("M")) / 1000)
    assert m.advance(0x10FFFD) is None and not m.covers("\U0010fffd")
    assert m.width("MM") == pytest.approx(2 * m.advance(ord("M")))


@pytest.mark.fonts
def test_a_font_sfnt_cannot_read_is_read_by_fonttools_once(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def unsupported(*args: object) -> None:
        raise sfnt.Unsupported("cmap format 14")

    monkeypatch.setattr(sfnt, "Face", unsupported)
    font = fonts.match("Noto Sans")
    assert font is not None
    first = fonts.Metrics(font)
    assert list((tmp_path / "treemind-render" / "fonts").glob("*.bin"))  # kept for the next run
    monkeypatch.setattr(fonts, "_read_font_fonttools", None)  # a second read would fail
    again = fonts.Metrics(font)
    assert again.advance(ord("M")) == first.advance(ord("M")) is not None
    assert again.extent == pytest.approx(first.extent)  # kept as a 32-bit float


def test_unknown_files_fall_back(tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\0" * 64)
    with pytest.raises(sfnt.Unsupported):
        sfnt.Face(str(junk))


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_font_file_damaged_after_fontconfig_indexed_it_covers_nothing(tmp_path, damage: str) -> None:
    """Neither sfnt.py nor fontTools can read it: the font counts as having no glyphs (fallback
    looks further and the missing-glyph warning speaks), never an internal error."""
    real = fonts.match("Noto Sans")
    if real is None:
        pytest.skip("Noto Sans is not installed")
    broken = tmp_path / "broken.ttf"
    data = Path(real.path).read_bytes()
    broken.write_bytes(data[:3000] if damage == "truncated" else bytes(range(256)) * 4)
    metrics = fonts.Metrics(fonts.FontFile("Broken", str(broken), 0))
    assert not metrics.covers("a")
    assert metrics.width("abc") == 3.0  # unknown characters count one em each: never under-measured
