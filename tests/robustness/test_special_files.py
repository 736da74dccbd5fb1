"""Outputs that are not regular files: `-o /dev/null` to check that a map renders, a FIFO that
another program reads. `write_atomic` writes a temporary file beside the output and renames it
over the output; over a device or a FIFO that replaces the special file itself.

This was seen for real while writing these tests: `treemind render map.md -o /dev/null`, run as
root (as in many CI containers), replaced the /dev/null device with a regular file, and later
commands in that container failed with "cannot open /dev/null". The tests below use a FIFO in a
temporary folder, never the real /dev/null.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz


def test_output_to_a_fifo_is_written_into_not_replaced(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.md"
    src.write_text("# Map\n- a\n", encoding="utf-8")
    fifo = tmp_path / "out.svg"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening it to write cannot block
    try:
        # --no-cache: the cache check opens the output to read its stamp, which blocks on a FIFO
        # with no writer (a /dev/null output reads as empty and does not block)
        result = cli(["render", src, "-o", fifo, "--no-cache"])
        assert result.code == 0, result.err
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
        received = b""
        while True:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            received += chunk
        assert received.startswith(b"<?xml")
    finally:
        os.close(reader)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_through_a_symlink_to_a_special_file_replaces_only_the_link(cli, tmp_path: Path) -> None:
    """A committed symlink `m.svg -> FIFO` is replaced; the special file it points to is untouched."""
    src = tmp_path / "m.md"
    src.write_text("# Map\n- a\n", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "m.svg").symlink_to("pipe")
    result = cli(["render", src, "--no-cache"])
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert (tmp_path / "m.svg").read_bytes().startswith(b"<?xml")
