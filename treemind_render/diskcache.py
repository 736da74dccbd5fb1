"""Small files under ~/.cache/treemind-render that spare every command the slow look-ups.

A one-shot render is mostly start-up, so what does not change between runs is kept here:
font metrics (text/fonts.py), fontconfig's answers (text/fonts.py) and parsed built-in themes
(style/themes.py). Entries are named by a hash of everything they depend on, written atomically,
and any unreadable or foreign entry is simply a miss: deleting the folder is always safe,
and a read-only home only costs speed.

The folder is not trusted (a CI cache restored from another branch can hold anything), so an
entry counts only when it is a regular file (never a symlink, FIFO or device), at most
MAX_ENTRY bytes, and carries an HMAC made with a key kept outside the cache folder over its
name (the hash of its inputs) and its content: a planted, copied or edited entry is a miss and
cannot change what is drawn. Temporary files are created exclusively, never through a link.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

VERSION = "2"  # bump when an entry's format changes
MAX_ENTRY = 16 * 2**20  # bytes: a CJK font's metrics table is ~0.5 MB
_TAG = 32  # bytes of HMAC-SHA256 before an entry's content
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO opens at once
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_key: bytes | None = None


def root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "treemind-render"


def key_file() -> Path:
    """Where the signing key lives: the state folder, which CI caches do not restore."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "treemind-render" / "cache-key"


def entry(kind: str, key: str, suffix: str) -> Path:
    """The file for `key` in the `kind` folder (fonts, fontconfig, themes)."""
    name = hashlib.sha256(f"{VERSION}|{kind}|{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return root() / kind / (name + suffix)


def read(path: Path) -> bytes | None:
    """The content of a genuine entry, or None."""
    data = _read_regular(path, _TAG + MAX_ENTRY)
    if data is None or len(data) < _TAG:
        return None
    tag, content = data[:_TAG], data[_TAG:]
    return content if hmac.compare_digest(tag, _sign(path, content)) else None


def write(path: Path, data: bytes) -> None:
    if len(data) > MAX_ENTRY:
        return
    try:
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a symlinked kind folder: write nothing
            return
        _replace(path, _sign(path, data) + data)
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


def _sign(path: Path, content: bytes) -> bytes:
    """HMAC over the entry's kind and name (a hash of its inputs) and its content."""
    message = f"{VERSION}|{path.parent.name}/{path.name}|".encode() + content
    return hmac.new(_signing_key(), message, hashlib.sha256).digest()


def _signing_key() -> bytes:
    """The per-user key, made on first use; without a writable state folder, a key for this
    process only (the cache then only costs a write per look-up)."""
    global _key
    if _key is None:
        path = key_file()
        _key = _read_regular(path, 64)
        if _key is None or len(_key) != 32:
            _key = secrets.token_bytes(32)
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(path, _CREATE, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_key)
            except OSError:  # another process made it first, or no writable home
                found = _read_regular(path, 64)
                _key = found if found is not None and len(found) == 32 else _key
    return _key


def _read_regular(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a regular file opened without following a symlink; None for
    anything else (missing, a link, a FIFO, a device, a folder) or a file over the limit."""
    try:
        fd = os.open(path, _READ)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, _CREATE, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
