"""Small files under ~/.cache/treemind-render that spare every command the slow look-ups.

A one-shot render is mostly start-up, so what does not change between runs is kept here:
font metrics (fonts.py), fontconfig's answers (fonts.py) and parsed built-in themes
(themes.py). Entries are named by a hash of everything they depend on, written atomically,
and any unreadable or foreign entry is simply a miss: deleting the folder is always safe,
and a read-only home only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

VERSION = "1"  # bump when an entry's format changes


def root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "treemind-render"


def entry(kind: str, key: str, suffix: str) -> Path:
    """The file for `key` in the `kind` folder (fonts, fontconfig, themes)."""
    name = hashlib.sha256(f"{VERSION}|{key}".encode()).hexdigest()[:24]
    return root() / kind / (name + suffix)


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def read_json(kind: str, key: str) -> Any:
    """The value stored for `key`, or None on a miss (JSON null is not a useful value here)."""
    data = read(entry(kind, key, ".json"))
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def write_json(kind: str, key: str, value: Any) -> None:
    write(entry(kind, key, ".json"), json.dumps(value, ensure_ascii=False).encode("utf-8"))
