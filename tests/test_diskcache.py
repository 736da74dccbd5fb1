"""The start-up caches (fontconfig answers, parsed themes, font metrics) speed a command up and
never change its output: a cold, warm or damaged cache gives the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from treemind_render import diskcache
from treemind_render.errors import ThemeError
from treemind_render.style import themes
from treemind_render.text import fonts

OUTLINE = "# Cache 缓存\n## Fonts\n- fc-match 字体\n## Themes\n- YAML\n"
KINDS = ("fontconfig", "themes")  # "fonts": only for fonts text/sfnt.py cannot read (test_sfnt.py)


def _render(tmp_path: Path, cache: Path, name: str) -> bytes:
    src, out = tmp_path / "m.md", tmp_path / name
    src.write_text(OUTLINE, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    cmd = [sys.executable, "-m", "treemind_render", "render", str(src), "-o", str(out), "--no-cache"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def _entries(cache: Path, kind: str) -> list[Path]:
    return sorted((cache / "treemind-render" / kind).glob("*"))


@pytest.mark.graphviz
def test_a_warm_cache_gives_the_same_picture_and_holds_each_kind(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _render(tmp_path, cache, "cold.svg")
    for kind in KINDS:
        assert _entries(cache, kind), f"nothing cached under {kind}"
    assert _render(tmp_path, cache, "warm.svg") == cold


@pytest.mark.graphviz
def test_a_damaged_cache_is_a_miss_not_a_wrong_picture(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _render(tmp_path, cache, "cold.svg")
    garbage = {
        "fontconfig": b'{"font": ["Evil Sans", "/nonexistent/evil.ttf", 0]}',
        "fonts": b"TMF1 truncated",
        "themes": b'{"data": "not a mapping"',
    }
    for kind, data in garbage.items():
        for entry in _entries(cache, kind):
            entry.write_bytes(data)
    assert _render(tmp_path, cache, "damaged.svg") == cold


def test_fontconfig_answers_are_asked_again_when_fonts_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    monkeypatch.setattr(fonts, "_FONT_DIRS", (str(folder),))
    fonts.fingerprint.cache_clear()
    before = fonts.fingerprint()
    os.utime(folder, ns=(1, 1))  # what installing a font into the folder does to it
    fonts.fingerprint.cache_clear()
    try:
        assert fonts.fingerprint() != before
    finally:
        fonts.fingerprint.cache_clear()


def test_a_theme_yaml_that_json_cannot_keep_is_judged_the_same_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    theme = tmp_path / "dated.yaml"
    theme.write_text("extends: default\ndescription: 2024-05-01\n", encoding="utf-8")
    messages = set()
    for _ in range(2):  # JSON would hand the date back as a string, which would pass
        with pytest.raises(ThemeError) as caught:
            themes.load_theme(str(theme))
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert diskcache.read_json("themes", theme.read_text(encoding="utf-8")) is None
