"""Threat: a poisoned start-up cache (`~/.cache/treemind-render`), the realistic case being a CI
cache restored from an untrusted branch. Planted entries must not hang a run (a FIFO), exhaust
memory (a `/dev/zero` symlink), overwrite a file through a planted temporary name, crash a run
(a fontconfig answer naming `/etc/passwd`), or change what is drawn (a well-formed theme or
metrics entry with other values).

Guarantee: the cache reads only regular files, never through a symlink, at most a fixed size;
it creates its temporary files exclusively and without following links; and each entry is
signed with a key kept outside the cache folder and bound to the inputs it was computed from,
so a planted or copied entry is a miss: a poisoned cache gives the same bytes as a cold one.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from treemind_render import diskcache

pytestmark = pytest.mark.graphviz

OUTLINE = "# Cache 缓存\n## Fonts\n- fc-match 字体 and a long label for wrapping text\n## Themes\n- YAML\n"
GUARD = 30


def render(tmp_path: Path, cache: Path, name: str) -> bytes:
    src, out = tmp_path / "m.md", tmp_path / name
    src.write_text(OUTLINE, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    cmd = [sys.executable, "-m", "treemind_render", "render", str(src), "-o", str(out), "--no-cache"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=GUARD)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return out.read_bytes()


def entries(cache: Path, kind: str) -> list[Path]:
    found = sorted((cache / "treemind-render" / kind).glob("*"))
    # font metrics are read from the font files themselves (text/sfnt.py); "fonts" entries exist
    # only for fonts it cannot read (fontTools' answers, kept on disk)
    assert found or kind == "fonts", f"nothing cached under {kind}"
    return found


def forged_theme(data: bytes) -> bytes:
    """The same entry with other colours, well-formed in every other way."""
    text = data.decode("utf-8", "replace")
    start = text.find("{")
    value = json.loads(text[start:]) if start >= 0 else {}
    theme = value.get("data", value) if isinstance(value, dict) else {}
    if isinstance(theme, dict):
        theme["palette"] = ["#ff00ff"] * 6
        theme["background"] = "#00ff00"
    return json.dumps({"data": theme}).encode()


def forged_metrics(data: bytes) -> bytes:
    """Every advance width divided by four: text would overflow its boxes."""
    header = struct.Struct("<4sIIf")
    start = data.find(b"TMF1")
    if start < 0:
        return data
    magic, upm, count, extent = header.unpack_from(data, start)
    body = data[start + header.size :]
    size = 4 * count
    advances = [a // 4 for a in struct.unpack(f"<{count}I", body[size : 2 * size])]
    return header.pack(magic, upm, count, extent) + body[:size] + struct.pack(f"<{count}I", *advances)


def test_well_formed_planted_entries_do_not_change_the_picture(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = render(tmp_path, cache, "cold.svg")
    for entry in entries(cache, "themes"):
        entry.write_bytes(forged_theme(entry.read_bytes()))
    for entry in entries(cache, "fonts"):
        entry.write_bytes(forged_metrics(entry.read_bytes()))
    for entry in entries(cache, "fontconfig"):
        entry.write_bytes(json.dumps({"font": ["Noto Sans", "/etc/passwd", 0]}).encode())
    assert render(tmp_path, cache, "planted.svg") == cold


def test_special_files_in_the_cache_are_misses(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = render(tmp_path, cache, "cold.svg")
    kinds = ("themes", "fonts", "fontconfig")
    for i, kind in enumerate(kinds):
        for entry in entries(cache, kind):
            entry.unlink()
            if i == 0:
                os.mkfifo(entry)  # a read would block forever
            elif i == 1:
                entry.symlink_to("/dev/zero")  # a read would never end
            else:
                entry.symlink_to("/etc/passwd")
    assert render(tmp_path, cache, "special.svg") == cold


def test_a_planted_temporary_symlink_is_not_written_through(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    path = diskcache.entry("themes", "some key", ".json")
    path.parent.mkdir(parents=True)
    for name in (f"{path.name}.{os.getpid()}.tmp", f"{path.name}.tmp"):
        (path.parent / name).symlink_to(victim)
    diskcache.write_json("themes", "some key", {"data": {"a": 1}})
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert diskcache.read_json("themes", "some key") == {"data": {"a": 1}}


def test_an_oversized_entry_is_a_miss(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    diskcache.write_json("themes", "big", {"data": "x" * 100})
    path = diskcache.entry("themes", "big", ".json")
    with path.open("ab") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB that cost no disk
    assert diskcache.read_json("themes", "big") is None
