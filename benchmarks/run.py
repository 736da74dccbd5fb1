"""Time the whole `treemind render` command, raw Graphviz on our DOT, and peer tools, in one run.

Run: `make bench` (peers if installed), `make bench-peers` (installs mermaid-cli and PlantUML
first), or `.venv/bin/python benchmarks/run.py [--runs 5] [--sizes 30,300] [--no-peers]`.

It generates seeded random outlines of 30, 300, 3,000, 5,000 and 10,000 nodes (mixed English and
Chinese words; the 5,000-node one has one topic with 1,000 children), writes each tree as indented
text (ours), Mermaid `mindmap` and PlantUML `@startmindmap`, and times, as medians of --runs:

- `treemind render IN -o OUT.svg --no-cache`, and the same to PNG (default options; `--scale`
  lowered, and marked, only where they fail: a map over the default 100-megapixel limit);
- both again with an empty cache folder for every run (below 3,000 nodes): a fresh CI runner;
- Graphviz on the DOT from `treemind render IN -f dot`: `dot -Tsvg` (full layout, what a dot-based
  tool pays) and `neato -n2 -Tsvg` (what treemind runs: positions fixed, drawing only);
- peers where installed: mermaid-cli (`mmdc`, from benchmarks/.peers or PATH, run with
  benchmarks/peers/puppeteer.json and mermaid.json, which raises maxTextSize and maxEdges: the
  default 50,000 characters stop maps from about 2,000 nodes, and mmdc then exits 0 with an
  error diagram; maxEdges did not matter for mindmaps in a check at 1,000 nodes) and PlantUML,
  to SVG; and to PNG on 30 nodes. Every output is checked: a run that wrote nothing, or an
  error diagram, counts as failed.

Then a batch: 100 maps of 30 nodes as one `treemind render DIR --out-dir OUT -j 2` to SVG and
to PNG, against `neato -n2 -Tsvg/-Tpng -O` over their DOT files in one process. `--quick` runs
30 nodes once each, no peers, a batch of 4: a check that everything runs (tests use it).

Each command is a new process. Sizes from 3,000 nodes get at most 3 runs, and a command stops
repeating once its runs have taken CELL_BUDGET seconds (the detail table gives each count). Peers
time out after PEER_TIMEOUT seconds; a peer that timed out or failed is skipped at larger sizes.
Every command runs once untimed on the 30-node input first (disk cache, JVM, Chromium start).

Peak memory is `ru_maxrss` from `os.wait4` on the command's process: on Linux that is the
largest resident set of the process and of the descendants it waited for (Python and its
neato; node and Chromium's browser process, which reaps its renderers), the largest single
process, not the sum of processes alive at once. Processes orphaned by their parent are missed.

Expected duration on 2 cores with the defaults: ~10 min idle, up to ~17 min with other work
running (3 min of it is mermaid-cli timing out at 5,000 nodes; `dot` on the 10,000-node DOT
takes 30 s or more a run); with --no-peers ~4 min. `--runs 3` saves under a minute.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PEERS_DIR = Path(__file__).resolve().parent / "peers"
WORDS = ["plan", "launch", "review", "budget", "研究", "方法", "运营", "营销", "data", "design"]
WORDS += ["test", "ship", "metrics", "用户", "增长"]
SIZES = (30, 300, 3_000, 5_000, 10_000)
HUB = {5_000: 1_000}  # size -> children of its one large topic
BIG = 3_000  # from this size on, at most BIG_RUNS runs
BIG_RUNS = 3
CELL_BUDGET = 40.0  # seconds: after this much time on one command, stop repeating it
PEER_TIMEOUT = 180.0
OUR_TIMEOUT = 600.0
MAX_DEPTH = 8
PNG_LIMIT = 100_000_000  # the CLI's default --limit-pixels
CAIRO_MAX_SIDE = 32_767  # cairo refuses larger image surfaces, whatever --limit-pixels says
PX_PER_PT = 96 / 72
SCALES = (1.0, 0.5, 0.25, 0.125, 0.0625)
# text of the error diagrams some tools draw instead of failing (mmdc exits 0 over maxTextSize)
ERROR_MARKS = (b"Maximum text size in diagram exceeded", b"Syntax error in text", b"Syntax Error?")

Rows = list[tuple[int, str]]  # (depth, label) in pre-order


# ---------------------------------------------------------------- inputs


def label(rng: random.Random, index: int) -> str:
    """One to five random words, numbered so that every label is unique."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))) + f" {index}"


def generate_tree(nodes: int, seed: int, hub_children: int = 0) -> Rows:
    """A seeded random recursive tree, as (depth, label) rows in pre-order.

    Each new topic hangs under a topic picked at random among those less than MAX_DEPTH deep,
    so the root gets about ln(nodes) main topics and fan-outs stay small. With hub_children, the
    root's first main topic gets that many leaf children (it and they get no other children).
    """
    rng = random.Random(seed)
    labels, depths, children = ["Benchmark root"], [0], [[]]  # by creation index
    eligible = [0]

    def add(parent: int, can_grow: bool) -> None:
        index = len(labels)
        labels.append(label(rng, index))
        depths.append(depths[parent] + 1)
        children.append([])
        children[parent].append(index)
        if can_grow and depths[index] < MAX_DEPTH:
            eligible.append(index)

    if hub_children and nodes > 1:
        add(0, can_grow=False)
        for _ in range(min(hub_children, nodes - 2)):
            add(1, can_grow=False)
    while len(labels) < nodes:
        add(rng.choice(eligible), can_grow=True)
    rows: Rows = []
    stack = [0]
    while stack:
        index = stack.pop()
        rows.append((depths[index], labels[index]))
        stack.extend(reversed(children[index]))
    return rows


def to_text(rows: Rows) -> str:
    """treemind's indented-text outline."""
    return "".join("  " * depth + text + "\n" for depth, text in rows)


def to_mermaid(rows: Rows) -> str:
    """Mermaid mindmap: indentation gives the depth (root indented once under `mindmap`)."""
    return "mindmap\n" + "".join("  " * (depth + 1) + text + "\n" for depth, text in rows)


def to_plantuml(rows: Rows) -> str:
    """PlantUML mindmap: the number of `*` gives the depth."""
    body = "".join("*" * (depth + 1) + " " + text + "\n" for depth, text in rows)
    return f"@startmindmap\n{body}@endmindmap\n"


def max_children(rows: Rows) -> int:
    """The largest number of children of one topic (for the input column)."""
    counts: dict[int, int] = {}
    parents: list[int] = []
    for index, (depth, _) in enumerate(rows):
        del parents[depth:]
        if parents:
            counts[parents[-1]] = counts.get(parents[-1], 0) + 1
        parents.append(index)
    return max(counts.values(), default=0)


# ---------------------------------------------------------------- measuring


@dataclass
class Result:
    """Timings of one command on one input: seconds of each successful run, peak RSS in KB."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds (with reaped children)
    rss_kb: int = 0
    status: str = "ok"  # ok, timeout, failed, not installed, skipped
    note: str = ""  # shown after the time, e.g. "scale 0.25"
    error: str = ""

    @property
    def median(self) -> float | None:
        """Median seconds, or None when no run succeeded."""
        return statistics.median(self.times) if self.times and self.status == "ok" else None

    def cell(self) -> str:
        """The table cell: median time, min-max over the runs (and note), or the status."""
        if self.median is None:
            return self.status
        spread = f" ({min(self.times):.3f}-{max(self.times):.3f})" if len(self.times) > 1 else ""
        return f"{self.median:.3f} s{spread}" + (f", {self.note}" if self.note else "")


def descendants(pid: int) -> list[int]:
    """The live descendants of a process, from /proc (Linux): children first, then theirs."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants (Chromium runs in a session of its own, so
    killing mmdc's process group would leave it running)."""
    for each in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGKILL)


def run_once(cmd: list[str], timeout: float, cold: bool = False) -> tuple[float, int, str, str, float]:
    """Run cmd; return seconds, ru_maxrss (KB), status (ok, failed, timeout), stderr's tail and
    CPU seconds (user + system, the command's and its reaped children's: steadier than wall
    time on a shared machine).
    `cold`: with an empty cache folder of its own (what a fresh CI runner has)."""
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory(prefix="cold-cache-") as empty:
        env = {**os.environ, "XDG_CACHE_HOME": empty} if cold else None
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)

        def expire() -> None:
            timed_out.set()
            kill_tree(proc.pid)

        timer = threading.Timer(timeout, expire)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        tail = err.read().decode(errors="replace")[-600:]
    cpu = usage.ru_utime + usage.ru_stime
    if timed_out.is_set():
        return seconds, usage.ru_maxrss, "timeout", tail, cpu
    return seconds, usage.ru_maxrss, ("ok" if proc.returncode == 0 else "failed"), tail, cpu


def measure(cmd: list[str], runs: int, timeout: float, note: str = "", cold: bool = False) -> Result:
    """Up to `runs` runs of cmd, stopping at the first failure or once CELL_BUDGET is spent."""
    result = Result(note=note)
    while len(result.times) < runs and sum(result.times) < CELL_BUDGET:
        seconds, rss_kb, status, tail, cpu = run_once(cmd, timeout, cold)
        result.rss_kb = max(result.rss_kb, rss_kb)
        if status != "ok":
            result.status, result.error = status, tail
            if status == "timeout":
                result.status = f"timeout (>{timeout:.0f} s)"
            break
        result.times.append(seconds)
        result.cpu.append(cpu)
    return result


# ---------------------------------------------------------------- commands


@dataclass
class Tool:
    """A command to time: build(input, output) gives its argv; None when not installed."""

    name: str
    suffix: str  # input file suffix: which syntax it reads
    build: Callable[[Path, Path], list[str]] | None
    timeout: float = PEER_TIMEOUT
    version: str = ""
    absent: str = "not installed"  # the table's word when build is None
    cold: bool = False  # each run with an empty cache folder (only below BIG nodes)


def treemind_cmd() -> list[str]:
    """The `treemind` console script next to this Python, else `python -m treemind_render`."""
    script = Path(sys.executable).with_name("treemind")
    return [str(script)] if script.exists() else [sys.executable, "-m", "treemind_render"]


def render_argv(source: Path, output: Path, *extra: str) -> list[str]:
    """`treemind render SOURCE -o OUTPUT --no-cache`: every run renders."""
    return [*treemind_cmd(), "render", str(source), "-o", str(output), "--no-cache", *extra]


def find_mmdc() -> str | None:
    """mermaid-cli from `make bench-peers` (benchmarks/.peers), else from PATH."""
    local = Path(__file__).resolve().parent / ".peers" / "node_modules" / ".bin" / "mmdc"
    return str(local) if local.exists() else shutil.which("mmdc")


def version(cmd: list[str]) -> str:
    """First line a command prints about its version (stdout or stderr), or '?'."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return lines[0].strip() if lines else "?"


def our_tools() -> dict[str, Tool]:
    """Our command to SVG and PNG, and Graphviz's dot and neato -n2 on our DOT."""

    def graphviz(*argv: str) -> Callable[[Path, Path], list[str]]:
        return lambda i, o: [*argv, "-Tsvg", str(i), "-o", f"{o}.svg"]

    dot, neato = shutil.which("dot") or "dot", shutil.which("neato") or "neato"
    return {
        "svg": Tool("treemind SVG", ".txt", lambda i, o: render_argv(i, o.with_suffix(".svg")), OUR_TIMEOUT),
        "png": Tool("treemind PNG", ".txt", lambda i, o: render_argv(i, o.with_suffix(".png")), OUR_TIMEOUT),
        "svg_cold": Tool(
            "treemind SVG, empty cache", ".txt", lambda i, o: render_argv(i, o.with_suffix(".svg")), cold=True
        ),
        "png_cold": Tool(
            "treemind PNG, empty cache", ".txt", lambda i, o: render_argv(i, o.with_suffix(".png")), cold=True
        ),
        "dot": Tool("dot -Tsvg on our DOT", ".dot", graphviz(dot), OUR_TIMEOUT),
        "neato": Tool("neato -n2 -Tsvg on our DOT", ".dot", graphviz(neato, "-n2"), OUR_TIMEOUT),
    }


def peer_tools(enabled: bool) -> dict[str, Tool]:
    """mermaid-cli and PlantUML to SVG and PNG; build is None when absent or --no-peers."""
    mmdc, plantuml = (find_mmdc(), shutil.which("plantuml")) if enabled else (None, None)
    mm_conf = ["-p", str(PEERS_DIR / "puppeteer.json"), "-c", str(PEERS_DIR / "mermaid.json"), "-q"]

    def mermaid(fmt: str) -> Callable[[Path, Path], list[str]] | None:
        return (lambda i, o: [mmdc, "-i", str(i), "-o", f"{o}.{fmt}", *mm_conf]) if mmdc else None

    def puml(fmt: str) -> Callable[[Path, Path], list[str]] | None:
        return (lambda i, o: [plantuml, f"-t{fmt}", "-o", str(o.parent), str(i)]) if plantuml else None

    absent = "not installed" if enabled else "not run (--no-peers)"
    mm_version = f"mermaid-cli {version([mmdc, '--version'])}" if mmdc else f"mermaid-cli {absent}"
    pu_version = version([plantuml, "-version"]) if plantuml else f"PlantUML {absent}"
    return {
        "mmdc_svg": Tool("mermaid-cli SVG", ".mmd", mermaid("svg"), version=mm_version, absent=absent),
        "mmdc_png": Tool("mermaid-cli PNG", ".mmd", mermaid("png"), version=mm_version, absent=absent),
        "puml_svg": Tool("PlantUML SVG", ".puml", puml("svg"), version=pu_version, absent=absent),
        "puml_png": Tool("PlantUML PNG", ".puml", puml("png"), version=pu_version, absent=absent),
    }


def png_scale(svg: Path) -> float:
    """The largest of SCALES at which our PNG stays within the default pixel limit and cairo's
    largest side (the SVG's size is in pt)."""
    found = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg.read_text(encoding="utf-8")[:4000])
    if not found:
        return 1.0
    w_px, h_px = (float(v) * PX_PER_PT for v in found.groups())
    fits = (
        s
        for s in SCALES
        if int(w_px * s) * int(h_px * s) <= PNG_LIMIT and max(w_px, h_px) * s <= CAIRO_MAX_SIDE
    )
    return next(fits, SCALES[-1])


# ---------------------------------------------------------------- one size

WRITERS = {".txt": to_text, ".mmd": to_mermaid, ".puml": to_plantuml}
OURS = ("svg", "png", "svg_cold", "png_cold", "dot", "neato")


@dataclass
class Case:
    """One generated input: its size, description, files in each syntax, and results by tool key."""

    size: int
    title: str
    files: dict[str, Path]
    results: dict[str, Result] = field(default_factory=dict)


def make_case(size: int, work: Path) -> Case:
    """Generate the tree for a size; write it as .txt, .mmd and .puml, and our DOT as .dot."""
    rows = generate_tree(size, seed=size, hub_children=HUB.get(size, 0))
    files = {suffix: work / f"tree{size}{suffix}" for suffix in (*WRITERS, ".dot")}
    for suffix, write in WRITERS.items():
        files[suffix].write_text(write(rows), encoding="utf-8")
    subprocess.run(render_argv(files[".txt"], files[".dot"], "-f", "dot"), check=True, capture_output=True)
    title = f"generated, seed {size}"
    if size in HUB:
        title += f"; one topic with {max_children(rows):,} children"
    return Case(size, title, files)


def tool_argv(key: str, tool: Tool, case: Case, out: Path) -> tuple[list[str], str]:
    """The command line for one tool on one case, writing into out/KEY/, and its note. Our PNG
    runs with default options; only when they fail (a map over the pixel limit, before the
    layouts issue's fit-to-limit scale) does it run with a scale lowered to fit, so noted."""
    assert tool.build is not None
    argv = tool.build(case.files[tool.suffix], out / key / "map")
    our_svg = out / "svg" / "map.svg"
    if not key.startswith("png") or not our_svg.exists() or png_scale(our_svg) == 1.0:
        return argv, ""
    if run_once(argv, tool.timeout)[2] == "ok":
        return argv, "defaults"
    scale = png_scale(our_svg)
    return [*argv, "--scale", f"{scale:g}"], f"defaults fail; scale {scale:g}"


def check_output(folder: Path) -> str:
    """Why a successful run's output is no map ('' when it is): none written, or an error diagram."""
    files = [path for path in folder.iterdir() if path.is_file()]
    if not files or any(path.stat().st_size == 0 for path in files):
        return "no output written"
    marks = [mark for path in files for mark in ERROR_MARKS if mark in path.read_bytes()]
    return f"error diagram: {marks[0].decode()}" if marks else ""


def bench_case(case: Case, tools: dict[str, Tool], runs: int, skip: dict[str, str], work: Path) -> None:
    """Time every tool on one case into case.results. `skip` maps peer keys to a reason; a peer
    that times out or fails is added to it, so larger inputs skip that peer."""
    out = work / "out" / str(case.size)
    for key, tool in tools.items():
        if key.endswith("_png") and case.size != SIZES[0]:
            continue  # peers' PNG only on the smallest map
        if tool.cold and case.size >= BIG:
            case.results[key] = Result(status="not run (start-up matters below 3,000 nodes)")
            continue
        if tool.build is None or key in skip:
            case.results[key] = Result(status=skip.get(key, tool.absent))
            continue
        (out / key).mkdir(parents=True)
        argv, note = tool_argv(key, tool, case, out)
        result = case.results[key] = measure(argv, runs, tool.timeout, note, tool.cold)
        problem = check_output(out / key) if result.status == "ok" else ""
        if problem:
            result.status, result.error = "failed", problem
        print(f"  {case.size:>6,} nodes, {tool.name}: {result.cell()}", file=sys.stderr, flush=True)
        if result.median is None and key not in OURS:
            skip[key] = f"skipped ({result.status.split()[0]} at {case.size:,})"


def warm_up(case: Case, tools: dict[str, Tool], work: Path) -> None:
    """Run each installed tool once, untimed, on the smallest input."""
    for key, tool in tools.items():
        if tool.build is not None:
            (work / "warm" / key).mkdir(parents=True)
            run_once(tool.build(case.files[tool.suffix], work / "warm" / key / "map"), tool.timeout)


# ---------------------------------------------------------------- batch


@dataclass
class Batch:
    """One command over a folder of small maps, against Graphviz drawing the same DOT files."""

    files: int
    nodes: int
    results: dict[str, Result] = field(default_factory=dict)


def bench_batch(files: int, nodes: int, runs: int, work: Path) -> Batch:
    """`treemind render DIR --out-dir OUT -j 2 --no-cache` to SVG and to PNG, and `neato -n2
    -Tsvg/-Tpng -O` over the maps' DOT files in one process (Graphviz's own best case)."""
    src, dots = work / "batch" / "in", work / "batch" / "dot"
    dots.mkdir(parents=True)
    for index in range(files):
        path = src / f"group{index % 5}" / f"map{index:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_text(generate_tree(nodes, seed=10_000 + index)), encoding="utf-8")
    treemind = [*treemind_cmd(), "render", str(src)]
    subprocess.run([*treemind, "-f", "dot", "--out-dir", str(dots)], check=True, capture_output=True)
    dot_files = [str(p) for p in sorted(dots.rglob("*.dot"))]
    neato = shutil.which("neato") or "neato"
    batch = Batch(files, nodes)
    for fmt in ("svg", "png"):
        out = work / "batch" / f"out-{fmt}"
        argv = [*treemind, "--out-dir", str(out), "-f", fmt, "-j", "2", "--no-cache", "-q"]
        batch.results[f"treemind {fmt.upper()}"] = measure(argv, runs, OUR_TIMEOUT)
        argv = [neato, "-n2", f"-T{fmt}", "-O", *dot_files]
        batch.results[f"neato -n2 -T{fmt} -O, one process"] = measure(argv, runs, OUR_TIMEOUT)
    for name, result in batch.results.items():
        print(f"  batch of {files}, {name}: {result.cell()}", file=sys.stderr, flush=True)
    return batch


def print_batch(batch: Batch) -> None:
    print(f"\nBatch: {batch.files} maps of {batch.nodes} nodes in one command (`-j 2 --no-cache`):\n")
    print("| command | seconds: median (min-max) | maps per second (median) | CPU s (median) | peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, result in batch.results.items():
        rate = f"{batch.files / result.median:.0f}" if result.median else "-"
        cpu = f"{statistics.median(result.cpu):.2f}" if result.cpu else "-"
        print(f"| {name} | {result.cell()} | {rate} | {cpu} | {mb(result.rss_kb)} |")


# ---------------------------------------------------------------- report


def mb(kb: int) -> str:
    """KB (ru_maxrss on Linux) as whole MB."""
    return f"{kb / 1024:.0f}" if kb else "-"


def ratio(peer: Result, ours: Result) -> str:
    """peer / ours as '12.0x'; a lower bound for a timeout; the status otherwise."""
    if ours.median is None:
        return "-"
    if peer.median is not None:
        return f"{peer.median / ours.median:.1f}x"
    if peer.status.startswith("timeout"):
        return f">{PEER_TIMEOUT / ours.median:.0f}x"
    return peer.status


def cpu_model() -> str:
    """The processor's name from /proc/cpuinfo (Linux), else the platform's word."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def memory_gb() -> str:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    return "? GB"


def machine_line(tools: dict[str, Tool]) -> str:
    """OS, CPUs, memory, load, Python, Graphviz and the peers' versions."""
    parts = [
        f"{platform.system()} {platform.machine()}",
        f"{os.cpu_count()} CPUs ({cpu_model()})",
        memory_gb(),
        f"load average {os.getloadavg()[0]:.1f} at the start",
        f"Python {platform.python_version()}",
        version(["dot", "-V"]),
        tools["puml_svg"].version,
        tools["mmdc_svg"].version,
    ]
    chromium = shutil.which("chromium")
    if tools["mmdc_svg"].build and chromium:
        parts.append(version([chromium, "--version"]))
    return "Machine: " + ", ".join(parts)


def print_summary(cases: list[Case]) -> None:
    """The main Markdown table: one row per input."""
    print(
        "| input | nodes | treemind SVG | treemind PNG | treemind SVG, empty cache"
        " | treemind PNG, empty cache | dot on our DOT | neato -n2 | mermaid-cli SVG | PlantUML SVG"
        " | peak RSS MB: ours SVG / ours PNG / mermaid-cli / PlantUML | ratios (peer / ours, SVG) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for case in cases:
        res = case.results
        keys = ("svg", "png", "svg_cold", "png_cold", "dot", "neato", "mmdc_svg", "puml_svg")
        times = ["-" if k.endswith("cold") and res[k].median is None else res[k].cell() for k in keys]
        rss = " / ".join(
            mb(res[k].rss_kb if res[k].median is not None else 0)
            for k in ("svg", "png", "mmdc_svg", "puml_svg")
        )
        ratios = (
            f"mermaid-cli {ratio(res['mmdc_svg'], res['svg'])}, PlantUML {ratio(res['puml_svg'], res['svg'])}"
        )
        print("| " + " | ".join([case.title, f"{case.size:,}", *times, rss, ratios]) + " |")


def print_png_table(case: Case) -> None:
    """PNG on the smallest input: ours against the peers."""
    print(f"\nPNG, {case.size:,} nodes:\n")
    print("| tool | median | peak RSS MB | ratio (peer / ours) |")
    print("|---|---|---|---|")
    ours = case.results["png"]
    for key, name in (("png", "treemind"), ("mmdc_png", "mermaid-cli"), ("puml_png", "PlantUML")):
        result = case.results[key]
        shown = "1.0x" if key == "png" else ratio(result, ours)
        print(f"| {name} | {result.cell()} | {mb(result.rss_kb)} | {shown} |")


def print_details(cases: list[Case], tools: dict[str, Tool]) -> None:
    """Every command on every input: runs, median, min, max, peak RSS, status; then errors."""
    print("\nDetails (seconds; n = runs timed):\n")
    print("| nodes | command | n | median | min | max | CPU s (median) | peak RSS MB | status |")
    print("|---|---|---|---|---|---|---|---|---|")
    errors = []
    for case in cases:
        for key, result in case.results.items():
            t = result.times
            stats = f"{statistics.median(t):.3f} | {min(t):.3f} | {max(t):.3f}" if t else "- | - | -"
            stats += f" | {statistics.median(result.cpu):.3f}" if result.cpu else " | -"
            status = result.status + (f" ({result.note})" if result.note else "")
            name = tools[key].name
            print(f"| {case.size:,} | {name} | {len(t)} | {stats} | {mb(result.rss_kb)} | {status} |")
            if result.error and result.status != "ok":
                errors.append(f"{name}, {case.size:,} nodes, {result.status}: {result.error.strip()[-300:]}")
    for error in errors:
        print("\n" + error)


def print_readme(cases: list[Case], batch: Batch | None, machine: str) -> None:
    """The README's Speed section, ready to paste: dated, the machine, medians (min-max), warm
    and with an empty cache, Graphviz and the peers beside treemind (peer / treemind in x)."""
    day = time.strftime("%Y-%m-%d", time.gmtime())
    print(f"\nREADME Speed section (`make bench`, {day}):\n")
    print(
        f"Measured with `make bench` on {day}: {machine.removeprefix('Machine: ')}. Whole commands,"
        ' the same generated trees for every tool, seconds as median (min-max); "empty cache" is'
        " a first run with nothing in `~/.cache/treemind-render` (a fresh CI runner). Tables and"
        " method: [benchmarks/README.md](benchmarks/README.md).\n"
    )
    print(
        "| nodes | treemind SVG | treemind SVG, empty cache | treemind PNG | treemind PNG, empty cache"
        " | `dot -Tsvg` on the same graph | PlantUML SVG | mermaid-cli SVG |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for case in cases:
        res = case.results
        keys = ("svg", "svg_cold", "png", "png_cold", "dot", "puml_svg", "mmdc_svg")
        cells = ["-" if res[k].status.startswith("not run") else res[k].cell() for k in keys]
        for column, key in ((5, "puml_svg"), (6, "mmdc_svg")):
            if res[key].median is not None and res["svg"].median is not None:
                cells[column] += f" ({ratio(res[key], res['svg'])})"
        print(f"| {case.size:,} | " + " | ".join(cells) + " |")
    small = next((case for case in cases if case.size == SIZES[0]), None)
    if small is not None and small.results["png"].median is not None:
        peers = [
            f"{name} {small.results[key].cell()} ({ratio(small.results[key], small.results['png'])})"
            for key, name in (("puml_png", "PlantUML"), ("mmdc_png", "mermaid-cli"))
            if small.results[key].median is not None
        ]
        print(
            f"\nA {small.size}-node PNG: treemind {small.results['png'].cell()}"
            + (f", {', '.join(peers)}" if peers else "")
            + "."
        )
    if batch:
        rates = ", ".join(
            f"{name} {batch.files / r.median:.0f} maps/s ({r.median:.2f} s)"
            for name, r in batch.results.items()
            if r.median
        )
        print(f"\n{batch.files} maps of {batch.nodes} nodes in one command (`-j 2`): {rates}.")


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    """--runs, --sizes, --peers/--no-peers, --batch, --quick."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per command (median); at most 3 from 3,000 nodes"
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma list of node counts")
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time mermaid-cli and PlantUML where installed",
    )
    parser.add_argument(
        "--batch", type=int, default=100, help="maps of 30 nodes in the batch comparison (0: none)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a check that the benchmark runs: 30 nodes, one run each, no peers, a batch of 4",
    )
    args = parser.parse_args()
    args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if args.quick:
        args.sizes, args.runs, args.peers, args.batch = [SIZES[0]], 1, False, min(args.batch, 4)
    return args


def compile_package() -> str:
    """Write the package's bytecode first, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set (as on some CI and development machines) an editable install
    would otherwise compile every module again in every timed run (~25 ms of a one-shot)."""
    import importlib.util

    spec = importlib.util.find_spec("treemind_render")
    if spec is None or not spec.submodule_search_locations:
        return "treemind_render not importable here"
    folder = list(spec.submodule_search_locations)[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=False, capture_output=True)
    return "bytecode compiled before timing"


def main() -> None:
    """Generate the inputs, time everything, print the tables."""
    args = parse_args()
    compiled = compile_package()
    tools = {**our_tools(), **peer_tools(args.peers)}
    big_runs = min(args.runs, BIG_RUNS)
    machine = machine_line(tools)
    print(machine)
    print(
        f"Runs: {args.runs} per command below {BIG:,} nodes, {big_runs} from {BIG:,}; a command stops"
        f" repeating after {CELL_BUDGET:.0f} s (n in the details). Peer timeout {PEER_TIMEOUT:.0f} s;"
        " mermaid-cli runs with maxTextSize 100,000,000 and maxEdges 100,000 (benchmarks/peers/mermaid.json)."
        " Peak RSS: ru_maxrss of the command from wait4 (the largest single process among it and the"
        f" descendants it reaped). Python {compiled}.\n"
    )
    with tempfile.TemporaryDirectory(prefix="treemind-bench-") as tmp:
        work = Path(tmp)
        # children's temporary files (mmdc's Chromium profiles, left behind on a timeout) go here
        os.environ["TMPDIR"] = str(work)
        # warm runs share a cache of the benchmark's own (filled by the warm-up), never the user's
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        cases = [make_case(size, work) for size in args.sizes]
        smallest = cases[0] if cases and cases[0].size == SIZES[0] else make_case(SIZES[0], work)
        warm_up(smallest, tools, work)
        skip: dict[str, str] = {}
        for case in cases:
            bench_case(case, tools, args.runs if case.size < BIG else big_runs, skip, work)
        batch = bench_batch(args.batch, SIZES[0], big_runs, work) if args.batch else None
    print_summary(cases)
    if cases and cases[0].size == SIZES[0]:
        print_png_table(cases[0])
    if batch:
        print_batch(batch)
    print_details(cases, tools)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}.")
    print_readme(cases, batch, machine)


if __name__ == "__main__":
    main()
