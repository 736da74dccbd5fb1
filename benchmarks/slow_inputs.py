"""Inputs under the limits that once cost minutes and gigabytes (issue 15, item 7), each parsed
in a process of its own with a time and memory bound; outside pytest.

    python benchmarks/slow_inputs.py                       # every shape at 8 MB
    python benchmarks/slow_inputs.py --mb 1 --shapes emphasis,table --seconds 10 --memory-mb 500

For each shape, prints the seconds and peak memory (max RSS) of one `parse()`, and how it
ended (a tree, or which error); a shape over --seconds or --memory-mb makes the run exit 1.
Before the pre-parse bounds (parsers/bounds.py) the 8 MB shapes took: nested emphasis 146 s /
3.7 GB, bracket runs 104 s / 1 GB, nested lists 68 s, a big table 51 s / 2.6 GB, PlantUML
creole 15 s / 1.6 GB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fill(head: str, unit: str, size: int, tail: str = "\n") -> bytes:
    return (head + unit * max(1, (size - len(head)) // len(unit)) + tail).encode("utf-8")


def emphasis(size: int) -> bytes:
    return _fill("# Map\n- ", "*_", size)


def brackets(size: int) -> bytes:
    return _fill("# Map\n- ", "[", size)


def links(size: int) -> bytes:
    return _fill("# Map\n- ", "[a](", size)


def nested_lists(size: int) -> bytes:
    lines, depth = ["# Map"], 0
    total = 6
    while total < size:
        line = "  " * depth + "- x"
        lines.append(line)
        total += len(line) + 1
        depth = (depth + 1) % 2000
    return ("\n".join(lines) + "\n").encode()


def emphasis_lines(size: int) -> bytes:
    """Many list items, each a line of emphasis markers just under any line-length bound."""
    return _fill("# Map\n", "- " + "*_" * 4_000 + "\n", size, "")


def quotes(size: int) -> bytes:
    return _fill("# Map\n- a\n\n", ">", size, " x\n")


def table(size: int) -> bytes:
    head = "# Map\n- a\n\n| " + " | ".join(f"h{i}" for i in range(50)) + " |\n|" + "---|" * 50 + "\n"
    row = "| " + " | ".join("*x*" for _ in range(50)) + " |\n"
    return _fill(head, row, size, "")


def table_at_budget(size: int) -> bytes:
    """The biggest table of emphasised cells the default markup bound lets through (whatever
    --mb says): about the slowest Markdown that still parses."""
    from treemind_render.model import Limits
    from treemind_render.parsers.bounds import MARKUP_PER_NODE

    head = "# Map\n- a\n\n| " + " | ".join(f"h{i}" for i in range(50)) + " |\n|" + "---|" * 50 + "\n"
    row = "| " + " | ".join("*x*" for _ in range(50)) + " |\n"  # 201 markup characters
    return (head + row * (MARKUP_PER_NODE * Limits().max_nodes // 201 - 2)).encode()


def emphasis_at_budget(size: int) -> bytes:
    """Lines of emphasis just under the line bound, up to the markup bound."""
    from treemind_render.model import Limits
    from treemind_render.parsers.bounds import MARKUP_PER_NODE, max_line

    line = "- " + "*_" * ((max_line(Limits()) - 2) // 2) + "\n"
    lines = MARKUP_PER_NODE * Limits().max_nodes // (len(line) - 3)
    return ("# Map\n" + line * lines).encode()


def plantuml_creole(size: int) -> bytes:
    return _fill("@startmindmap\n* ", "**//__", size, "\n@endmindmap\n")


def org_emphasis(size: int) -> bytes:
    return _fill("* Map\n** ", "*/_+", size)


def mermaid_shapes(size: int) -> bytes:
    return _fill("mindmap\n  root\n    ", "((", size)


SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "emphasis": ("x.md", emphasis),
    "brackets": ("x.md", brackets),
    "links": ("x.md", links),
    "emphasis-lines": ("x.md", emphasis_lines),
    "nested-lists": ("x.md", nested_lists),
    "quotes": ("x.md", quotes),
    "table": ("x.md", table),
    "table-at-budget": ("x.md", table_at_budget),
    "emphasis-at-budget": ("x.md", emphasis_at_budget),
    "plantuml-creole": ("x.puml", plantuml_creole),
    "org-emphasis": ("x.org", org_emphasis),
    "mermaid-shapes": ("x.mmd", mermaid_shapes),
}

_CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from benchmarks.slow_inputs import SHAPES
from treemind_render.errors import TreemindError
from treemind_render.parsers import parse
name, size, seconds, memory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (memory * 2 ** 20 * 4, memory * 2 ** 20 * 4))  # a backstop only
source, make = SHAPES[name]
data = make(size)
start = time.perf_counter()
try:
    tree = parse(data, source=source)
    ended = "parsed"
except TreemindError as exc:
    ended = "refused: " + exc.message[:70]
except MemoryError:
    ended = "MemoryError"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{time.perf_counter() - start:.2f}}\\t{{peak:.0f}}\\t{{ended}}")
"""


def run(name: str, size: int, seconds: int, memory_mb: int) -> tuple[float, float, str]:
    """(seconds, peak MB, how it ended) of one parse in a child process."""
    code = _CHILD.format(root=str(ROOT))
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, name, str(size), str(seconds), str(memory_mb)],
            capture_output=True, text=True, timeout=seconds * 3,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, float("nan"), "killed: over 3x the time bound"
    line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else f"crashed: {done.stderr[-200:]}"
    took, _, rest = line.partition("\t")
    peak, _, ended = rest.partition("\t")
    try:
        return float(took), float(peak), ended
    except ValueError:
        return time.perf_counter() - start, float("nan"), line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=8.0, help="input size in MB (default 8)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma list (default: all)")
    parser.add_argument("--seconds", type=int, default=10, help="time bound per parse (default 10)")
    parser.add_argument("--memory-mb", type=int, default=500, help="peak memory bound (default 500)")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    over = 0
    print(f"{'shape':16} {'seconds':>8} {'peak MB':>8}  ended")
    for name in args.shapes.split(","):
        seconds, peak, ended = run(name, size, args.seconds, args.memory_mb)
        bad = seconds > args.seconds or not peak <= args.memory_mb
        over += bad
        print(f"{name:16} {seconds:8.2f} {peak:8.0f}  {ended}{'  << OVER THE BOUND' if bad else ''}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
