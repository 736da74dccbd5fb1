"""Batch reports: JSON for scripts, JUnit XML for CI systems that show test results."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..files import write_atomic
from .batch import Outcome
from .lines import one_line, xml_safe

STATUSES = ("rendered", "cached", "current", "stale", "failed")


def totals(outcomes: list[Outcome]) -> dict[str, float]:
    counts = Counter(o.status for o in outcomes)
    return {
        "inputs": len(outcomes),
        **{s: counts.get(s, 0) for s in STATUSES},
        "seconds": round(sum(o.duration for o in outcomes), 3),
    }


def summary(outcomes: list[Outcome], wall: float) -> str:
    """One line for people: `12 rendered, 30 cached, 1 failed (43 inputs, 2.1 s)`."""
    t = totals(outcomes)
    parts = [f"{t[s]} {s}" for s in STATUSES if t[s]]
    return f"{', '.join(parts) or 'nothing to do'} ({t['inputs']} inputs, {wall:.1f} s)"


def write_report(path: Path, outcomes: list[Outcome]) -> None:
    """JSON by default; JUnit XML when the file name ends in .xml."""
    if path.suffix.lower() == ".xml":
        write_atomic(path, _junit(outcomes))
        return
    doc = {
        "tool": f"treemind-render {__version__}",
        "totals": totals(outcomes),
        "inputs": [asdict(o) for o in outcomes],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    write_atomic(path, text.encode("utf-8", "backslashreplace"))  # a stray surrogate: never a crash


def _junit(outcomes: list[Outcome]) -> bytes:
    t = totals(outcomes)
    suite = ET.Element(
        "testsuite",
        {
            "name": "treemind",
            "tests": str(t["inputs"]),
            "failures": str(t["stale"]),
            "errors": str(t["failed"]),
            "time": f"{t['seconds']:.3f}",
        },
    )
    for o in outcomes:
        name = one_line(o.input)
        case = ET.SubElement(
            suite, "testcase", {"classname": "treemind.render", "name": name, "time": f"{o.duration:.3f}"}
        )
        if o.status == "failed":
            message = one_line(o.error or "")
            error = ET.SubElement(case, "error", {"type": o.error_kind or "error", "message": message})
            error.text = xml_safe(o.traceback) if o.traceback else None  # a crash's, shown under the message
        elif o.status == "stale":
            stale = one_line("stale or missing: " + ", ".join(o.stale))
            ET.SubElement(case, "failure", {"type": "stale", "message": stale})
    ET.indent(suite)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(suite, encoding="utf-8", xml_declaration=False)
        + b"\n"
    )
