"""scripts/setup.sh on a fresh machine: its system check fails where the README's commands would.

The check itself runs in `sh scripts/setup.sh test` (so in CI) before the tests; here it is shown
to catch a package missing from setup.sh's list even on a machine that has that package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUP = ROOT / "scripts" / "setup.sh"

debian = pytest.mark.skipif(not shutil.which("dpkg-query"), reason="the system check reads Debian's dpkg")


def check(setup: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_system.py"), "--setup", str(setup)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@debian
@pytest.mark.browser
def test_a_library_setup_sh_forgets_fails_the_check_though_this_machine_has_it(tmp_path: Path) -> None:
    text = SETUP.read_text(encoding="utf-8")
    assert 'APT_TEST="chromium libatomic1"' in text and " fonts-noto-color-emoji " in text
    forgetful = tmp_path / "setup.sh"
    # a compiler (g++) would bring libatomic1 as well: setup.sh must name it itself
    text = re.sub(r" g\+\+(?=[\s\"])", "", text)
    text = text.replace('APT_TEST="chromium libatomic1"', 'APT_TEST="chromium"')
    forgetful.write_text(text.replace(" fonts-noto-color-emoji ", " "), encoding="utf-8")
    result = check(forgetful)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "libatomic.so.1 comes from package libatomic1" in result.stderr
    assert "Playwright's node driver" in result.stderr
    assert "NotoColorEmoji" in result.stderr and "fonts-noto-color-emoji" in result.stderr


def test_the_demo_renders_into_an_ignored_folder() -> None:
    """A newcomer's first command leaves `git status` clean: its outputs go where git ignores."""
    text = SETUP.read_text(encoding="utf-8")
    demo = text.split("\n  demo)")[1].split(";;")[0]
    assert re.findall(r' -o "([^"$]*)', demo) == ["out/demo/"], demo  # its only output
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "-q", "out/demo/launch-plan.png"], check=False
    )
    assert ignored.returncode == 0, "out/demo/ must be git-ignored"
