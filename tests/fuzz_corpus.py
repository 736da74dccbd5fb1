"""What the fuzzers start from: the repository's outline files and each format's syntax tokens.

Shared by tests/test_fuzz.py (hypothesis, in the test run) and benchmarks/fuzz.py (long runs,
atheris), so both mutate the same seeds and build token soups from the same pieces.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed_files() -> list[Path]:
    """Every fixture and example outline (not the helper scripts beside them), sorted."""
    found = [p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix != ".py"]
    found += [p for p in (ROOT / "examples").iterdir() if p.is_file() and p.suffix != ".py"]
    return sorted(found)


TOKENS = {
    "markdown": ["# ", "## ", "- ", "* ", "1. ", "  ", "    ", "\n", "**", "*", "_", "`", "```", "[", "](",
                 ")", "> ", "|", "---", "<!-- fold -->", "{color=red}", "[ ] ", "\\", "&amp;", "<b>", "\t",
                 "\n\n"],
    "text": ["  ", "\t", "\n", "- ", "1) ", "x", "中", "\r", "\x0c", " ", "* ", "\u3000"],
    "opml": ["<opml>", "</opml>", "<body>", "</body>", "<outline text='a'>", "</outline>", "<outline/>",
             "&lt;", "&amp;", "&#0;", "<!DOCTYPE x>", "<![CDATA[", "]]>", "<head>", "<title>", "\n"],
    "freemind": ["<map>", "</map>", '<node TEXT="a">', "</node>", "<richcontent TYPE='NODE'>", "<html>",
                 "<arrowlink DESTINATION='ID_1'/>", "ID='ID_1'", "<font BOLD='true'/>",
                 "<edge COLOR='#f00'/>"],
    "yaml": ["text: ", "children:", "\n- ", "  ", "&a ", "*a", "!!python/object ", "{", "}", "[", "]",
             ": ", "? ", "|", ">", "'", '"', "%YAML 1.1\n", "---\n", "!!binary ", "\t", "\n"],
    "json": ['{"text": ', '"children": [', "]", "}", ",", '"a"', "1e999", "[" * 50, "null", '"\\ud800"',
             '"format": "node_array"', '"parentid": ', '"id": 1', '"isroot": true', '"data": '],
    "mermaid": ["mindmap\n", "  ", "(", ")", "((", "))", "[", "]", "{{", "}}", '"', "`", "%%", "::icon(x)",
                ":::c", "\n", "---\ntitle: t\n---\n", "%%{init}%%", "<br>"],
    "plantuml": ["@startmindmap\n", "@endmindmap\n", "* ", "** ", "+ ", "-- ", ":", ";", "[#red]", "_",
                 "<<s>>", "**", "//", "[[x]]", "<b>", "title t\n", "legend\n", "/'", "'/", "left side\n",
                 "\n"],
    "org": ["* ", "** ", "*** ", "TODO ", "[#A] ", ":tag:", "#+TITLE: ", "#+BEGIN_SRC\n", "#+END_SRC\n",
            ":PROPERTIES:\n", ":END:\n", "[[", "][", "]]", "*b*", "/i/", "=c=", "\n", "COMMENT "],
    "xmind": ['"title": ', '"children": {"attached": [', "]}", "<topic>", "</topic>", "null",
              '"rootTopic": '],
}  # fmt: skip
