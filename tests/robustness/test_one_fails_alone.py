"""One hostile input fails alone, and fails the way SECURITY.md says: a file name that is not
UTF-8, a fence whose frontmatter holds a NUL, two OPML encoding declarations, garbage from
`dot -Tplain`, a label that is only a zero-width space. Each is exit 1 with one
`treemind: error:` line (or a rendered map), never an internal error (exit 3), and the other
inputs of the run still render. Ctrl-C is exit 130 without a traceback or a stray temporary file.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

GUARD = 30
BAD_NAME = os.fsdecode(b"bad\xff.md")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "good.md").write_text("# Good\n- a\n", encoding="utf-8")
    (maps / BAD_NAME).write_text("# Bad name\n- b\n", encoding="utf-8")
    return maps


def no_internal_error(result) -> None:
    assert result.code in (0, 1), result.err
    assert "internal error" not in result.err and "Traceback" not in result.err, result.err


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_a_name_that_is_not_utf8_does_not_stop_render(cli, tmp_path: Path, folder: Path, git: bool) -> None:
    if git:
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    out = tmp_path / "out"
    result = cli(["render", folder, "--out-dir", out, "--report", tmp_path / "r.json", "-j", "1"])
    no_internal_error(result)
    assert (out / "good.svg").is_file()
    assert (tmp_path / "r.json").is_file()


def test_a_name_that_is_not_utf8_does_not_stop_gallery(cli, tmp_path: Path, folder: Path) -> None:
    result = cli(["gallery", folder, "-o", tmp_path / "site", "-j", "1"])
    no_internal_error(result)
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_name_that_is_not_utf8_does_not_stop_embed(cli, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Page\n\n```mindmap\n# Good\n- a\n```\n", encoding="utf-8")
    (docs / BAD_NAME).write_text("# Page\n\n```mindmap\n# Bad\n- b\n```\n", encoding="utf-8")
    result = cli(["embed", docs, "--no-embed-fonts"])
    no_internal_error(result)
    assert "treemind:begin" in (docs / "good.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("family", ["A\\0B", "A\\uD800B"], ids=["nul", "surrogate"])
def test_a_bad_font_family_in_one_fence_fails_alone(cli, tmp_path: Path, family: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    bad = f'---\ntitle: Bad\ntheme: {{font: {{family: ["{family}"]}}}}\n---\n- a\n'
    (docs / "a-bad.md").write_text(f"# Page\n\n```mindmap\n{bad}```\n", encoding="utf-8")
    (docs / "b-good.md").write_text("# Page\n\n```mindmap\n# Good\n- a\n```\n", encoding="utf-8")
    result = cli(["embed", docs, "--no-embed-fonts"])
    assert result.code == 1, result.err
    no_internal_error(result)
    assert "treemind:begin" in (docs / "b-good.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("family", ["A\\0B", "A\\uD800B"], ids=["nul", "surrogate"])
def test_a_bad_font_family_in_frontmatter_is_an_input_error(cli, tmp_path: Path, family: str) -> None:
    src = tmp_path / "m.md"
    src.write_text(f'---\ntheme: {{font: {{family: ["{family}"]}}}}\n---\n# M\n- a\n', encoding="utf-8")
    result = cli(["render", src, "-o", tmp_path / "m.svg"])
    assert result.code == 1, result.err
    no_internal_error(result)
    assert result.err.startswith(f"treemind: error: {src}")


def test_two_opml_encoding_declarations_are_an_input_error(cli, tmp_path: Path) -> None:
    src = tmp_path / "m.opml"
    src.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?><?xml version="1.0" encoding="latin-1"?>'
        b'<opml version="2.0"><body><outline text="a"/></body></opml>'
    )
    result = cli(["render", src, "-o", tmp_path / "m.svg"])
    assert result.code == 1, result.err
    no_internal_error(result)


def test_garbage_from_dot_tplain_is_an_input_error(cli, tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text(
        "#!/bin/sh\ncat >/dev/null\necho 'graph 1 2 3'\necho 'node n0 x y'\necho stop\n", encoding="utf-8"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    src = tmp_path / "m.md"
    src.write_text("# M\n- a\n- b\n", encoding="utf-8")
    result = cli(["render", src, "-o", tmp_path / "m.svg", "--engine", "dot", "--no-cache"])
    assert result.code == 1, result.err
    no_internal_error(result)


@pytest.mark.parametrize("label", ["\u200b", "\u200b\u200c\u2060", "\ufeff"])
def test_a_label_of_only_zero_width_characters_renders(cli, tmp_path: Path, label: str) -> None:
    src = tmp_path / "m.md"
    src.write_text(f"# Map\n- {label}\n- b\n", encoding="utf-8")
    result = cli(["render", src, "-o", tmp_path / "m.svg"])
    assert result.code == 0, result.err


# --- Ctrl-C ----------------------------------------------------------------------------------------

INTERRUPT = textwrap.dedent(
    """
    import io, os, signal, sys
    where = sys.argv[1]

    if where == "cairo":  # inside a cffi callback: cairo handing PDF bytes to Python
        import treemind_render.draw.raster as export
        class Interrupting(io.BytesIO):
            def write(self, data):
                os.kill(os.getpid(), signal.SIGINT)
                return super().write(data)
        export.io = type("io", (), {"BytesIO": Interrupting})
    else:  # while the temporary file is being written
        real = os.fdopen
        def fdopen(fd, *a, **k):
            handle = real(fd, *a, **k)
            os.kill(os.getpid(), signal.SIGINT)
            return handle
        os.fdopen = fdopen
    from treemind_render.app.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize("where", ["cairo", "write"])
def test_ctrl_c_is_clean(tmp_path: Path, where: str) -> None:
    src = tmp_path / "m.md"
    src.write_text("# Map\n- a\n- b\n", encoding="utf-8")
    wrapper = tmp_path / "wrapper" / "interrupt.py"
    wrapper.parent.mkdir()
    wrapper.write_text(INTERRUPT, encoding="utf-8")
    out = tmp_path / "m.pdf"  # cairo writes a PDF through a cffi callback into a BytesIO
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, str(wrapper), where, "render", str(src), "-o", str(out), "--no-cache"],
        capture_output=True, text=True, timeout=GUARD, env=env,
    )  # fmt: skip
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "cffi" not in done.stderr, done.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert not out.exists()
    assert signal.SIGINT  # the interrupt came from the wrapper, deterministically
