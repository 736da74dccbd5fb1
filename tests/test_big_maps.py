"""Big maps always export: with the default size a PNG over the pixel limit is drawn smaller."""

from __future__ import annotations

import struct

import pytest

pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]

OUTLINE = "# A map\n" + "".join(f"## Branch {i}\n- topic {i} with a few words\n" for i in range(8))


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_a_png_over_the_limit_is_scaled_to_fit_with_a_warning(cli, tmp_path):
    src = tmp_path / "m.md"
    src.write_text(OUTLINE)
    result = cli(["render", src, "-f", "svg,png", "--limit-pixels", "40000"])
    assert result.code == 0, result.err
    assert "treemind: warning:" in result.err and "drawn at scale 0." in result.err
    wide, high = _png_size((tmp_path / "m.png").read_bytes())
    assert wide * high <= 40_000 and wide > 20
    assert (tmp_path / "m.svg").exists()


@pytest.mark.parametrize("option", [["--scale", "1"], ["--width", "800"]])
def test_an_explicit_size_keeps_the_strict_error(cli, tmp_path, option):
    src = tmp_path / "m.md"
    src.write_text(OUTLINE)
    result = cli(["render", src, "-f", "png", "--limit-pixels", "40000", *option])
    assert result.code == 1
    assert "over the limit of 40,000 pixels" in result.err
    assert not (tmp_path / "m.png").exists()


def test_a_png_under_the_limit_is_drawn_at_scale_one_without_a_warning(cli, tmp_path):
    src = tmp_path / "m.md"
    src.write_text(OUTLINE)
    result = cli(["render", src, "-f", "png"])
    assert result.code == 0 and "warning" not in result.err
