"""text/sfnt.py reads the same widths as fontTools from every font the themes use."""

from __future__ import annotations

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
    ours = sfnt.read(font.path, font.index)
    theirs = fonts._read_font_fonttools(font)
    assert len(ours[0]) > 1000
    assert list(ours[0]) == list(theirs[0])  # the same characters
    assert list(ours[1]) == list(theirs[1])  # with the same advances
    assert ours[2:] == theirs[2:]  # units per em, line extent


def test_unknown_files_fall_back(tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\0" * 64)
    with pytest.raises(sfnt.Unsupported):
        sfnt.read(str(junk))
