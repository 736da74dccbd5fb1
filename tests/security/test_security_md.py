"""SECURITY.md names the test behind each promise; every test it names must exist, so that the
page cannot drift from the suite (a renamed or deleted test fails here)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# `security/test_x.py::test_y`, then `::test_z` for more tests of the same file
_REF = re.compile(r"`((?:security|robustness)/test_\w+\.py)(?:::(test_\w+))?`|`::(test_\w+)`")


def named_tests() -> list[tuple[str, str | None]]:
    found, current = [], None
    for match in _REF.finditer((ROOT / "SECURITY.md").read_text(encoding="utf-8")):
        if match.group(1):
            current = match.group(1)
            found.append((current, match.group(2)))
        else:
            assert current, f"`::{match.group(3)}` before any file is named"
            found.append((current, match.group(3)))
    return found


def test_every_test_security_md_names_exists() -> None:
    refs = named_tests()
    assert len(refs) > 50, "SECURITY.md should name the tests behind its promises"
    missing = []
    for file, test in refs:
        path = ROOT / "tests" / file
        if not path.is_file() or (test and not re.search(rf"^def {test}\(", path.read_text("utf-8"), re.M)):
            missing.append(f"{file}::{test}" if test else file)
    assert missing == [], f"SECURITY.md names tests that do not exist: {missing}"
