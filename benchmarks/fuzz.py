"""Fuzz every input parser with random and mutated bytes for a bounded time, outside pytest.

    python benchmarks/fuzz.py                       # 60 s over every format
    python benchmarks/fuzz.py --seconds 600 --seed 7 --formats markdown,org --crashes build/crashes

Inputs: random bytes, random Unicode text, soups of each format's syntax tokens, and mutations
(insert, delete, bit flip, duplicate, splice) of the files in tests/fixtures/ and examples/;
XMind zips also get valid zips with mutated members. Each input goes to
`treemind_render.parsers.parse(data, source="x.<ext>")` (or, one time in five, an unknown
extension, so the format is sniffed). The only exceptions allowed are TreemindError subclasses,
and one parse may take at most --slow seconds (a SIGALRM stops a hang).

Prints how many inputs were tried per format and the exceptions by type; each input that broke a
rule is saved under --crashes (default: a temporary folder) and the run exits 1.

If `import atheris` works, the Markdown and indented-text parsers are fuzzed by atheris
(coverage-guided, each in its own process, seeded with the same files) for the whole time, and
the other formats by the random mutator here. atheris is optional: nothing is installed for it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib.util
import io
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzz_corpus import TOKENS, seed_files  # noqa: E402  (tests/fuzz_corpus.py, shared with the tests)

from treemind_render.errors import TreemindError  # noqa: E402
from treemind_render.parsers import FORMATS, parse  # noqa: E402

ATHERIS_FORMATS = ("markdown", "text")


class Hang(BaseException):  # not an Exception: no parser's `except Exception` may swallow it
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang("the parse was stopped by the hard time limit")


SLOW_SEED_BYTES = 64_000  # the slow shapes of benchmarks/slow_inputs.py, small enough to mutate


def seeds() -> dict[str, bytes]:
    """The repository's outline files, and the shapes that once cost parsers minutes (issue 15),
    so that mutations probe around the bounds that now refuse them (parsers/bounds.py)."""
    from benchmarks.slow_inputs import SHAPES

    found = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in seed_files()}
    for name, (source, make) in SHAPES.items():
        found[f"benchmarks/slow_inputs.py:{name}{Path(source).suffix}"] = make(SLOW_SEED_BYTES)
    return found


def random_text(rng: random.Random, size: int) -> str:
    out = []
    for _ in range(size):
        pick = rng.random()
        if pick < 0.6:
            out.append(chr(rng.randint(0x20, 0x7E)))
        elif pick < 0.75:
            out.append(rng.choice("\n\n\t  \r\x0c\x0b\x85\u2028\u3000\xa0\u200b\u202e\ufeff"))
        elif pick < 0.9:
            out.append(chr(rng.randint(0x80, 0x2FFF)))
        else:
            code = rng.randint(0, 0x10FFFF)
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd")
    return "".join(out)


def mutate(rng: random.Random, data: bytes, tokens: list[bytes], pool: list[bytes]) -> bytes:
    """A few random edits: insert (mostly text), delete, flip a bit, duplicate, splice, token."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(["insert", "insert", "delete", "flip", "dup", "splice", "token", "token"])
        at = rng.randint(0, len(buf))
        if op == "insert":
            if rng.random() < 0.25:
                buf[at:at] = rng.randbytes(rng.randint(1, 16))
            else:
                buf[at:at] = random_text(rng, rng.randint(1, 16)).encode()
        elif op == "delete":
            del buf[at : at + rng.randint(1, 64)]
        elif op == "flip" and at < len(buf):
            buf[at] ^= 1 << rng.randint(0, 7)
        elif op == "dup":
            buf[at:at] = buf[at : at + rng.randint(1, 200)] * rng.randint(1, 40)
        elif op == "splice" and pool:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            buf[at:at] = other[start : start + rng.randint(1, 400)]
        elif op == "token" and tokens:
            buf[at:at] = rng.choice(tokens) * rng.choice([1, 1, 1, 2, 50])
    return bytes(buf)


def rezip(rng: random.Random, data: bytes, tokens: list[bytes], pool: list[bytes]) -> bytes:
    """A valid zip whose content members are mutated: reaches the XMind readers past the zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, mutate(rng, body, tokens, pool) if name.startswith("content") else body)
    return out.getvalue()


class Generator:
    """Inputs for one format, from one seeded random source."""

    def __init__(self, name: str, rng: random.Random, corpus: dict[str, bytes]) -> None:
        self.name, self.rng = name, rng
        extensions = FORMATS[name].extensions
        self.own = [data for path, data in corpus.items() if path.endswith(extensions)]
        self.text_seeds = [data for path, data in corpus.items() if not path.endswith(".xmind")]
        self.every = list(corpus.values())
        self.tokens = [t.encode() for t in TOKENS.get(name, [])]
        self.binary = FORMATS[name].binary

    def __call__(self) -> tuple[str, bytes]:
        rng = self.rng
        kinds = ["bytes", "text", "soup", "mutate-own", "mutate-own", "mutate-any"]
        kind = rng.choice(kinds + (["member", "member"] if self.binary and self.own else []))
        if kind == "bytes":
            return kind, rng.randbytes(rng.randint(0, 2000))
        if kind == "text":
            return kind, random_text(rng, rng.randint(0, 500)).encode()
        if kind == "soup":
            parts = [
                rng.choice(self.tokens) if rng.random() < 0.7 else random_text(rng, 4).encode()
                for _ in range(80)
            ]
            return kind, b"".join(parts[: rng.randint(1, 80)])
        if kind == "member":
            return kind, rezip(rng, rng.choice(self.own), self.tokens, self.text_seeds)
        pool = (
            self.own if kind == "mutate-own" and self.own else self.every if self.binary else self.text_seeds
        )
        return kind, mutate(rng, rng.choice(pool), self.tokens, self.text_seeds)


def check_one(data: bytes, source: str, slow: float) -> tuple[str, str | None]:
    """(outcome, problem): outcome is "ok" or an exception type name; problem says what broke a rule."""
    hard = max(1, int(slow * 2))
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(hard)
    start = time.monotonic()
    try:
        parse(data, source=source)
        outcome, problem = "ok", None
    except TreemindError as exc:
        outcome, problem = type(exc).__name__, None
    except Hang:
        outcome, problem = "Hang", f"over {hard} s (stopped)"
    except Exception as exc:  # what the fuzzing looks for
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "treemind_render" in f.filename] or frames
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        lines = traceback.format_exception(exc)
        outcome, problem = (
            type(exc).__name__,
            f"{type(exc).__name__} at {where}\n" + "".join(lines[-4:]).rstrip(),
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    if problem is None and elapsed > slow:
        outcome, problem = "Slow", f"took {elapsed:.2f} s (limit {slow} s)"
    return outcome, problem


def run_atheris(
    name: str, seconds: float, corpus_dir: Path, crashes: Path
) -> tuple[subprocess.Popen[bytes], Path]:
    """This script in atheris mode, in its own process (libFuzzer owns the process it runs in);
    its output goes to a file, which a pipe nobody reads until the end could not hold."""
    cmd = [sys.executable, __file__, "--atheris-target", name, "--seconds", str(int(seconds))]
    cmd += ["--crashes", str(crashes), "--corpus", str(corpus_dir)]
    log = corpus_dir.parent / f"{name}-atheris.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def atheris_main(name: str, seconds: int, corpus: Path, crashes: Path) -> None:  # pragma: no cover
    import atheris

    with atheris.instrument_imports():
        from treemind_render.parsers import markdown, text  # noqa: F401
        from treemind_render.parsers import parse as target_parse

    source = f"x{FORMATS[name].extensions[0]}"

    def one_input(data: bytes) -> None:
        with contextlib.suppress(TreemindError):
            target_parse(data, source=source)

    crashes.mkdir(parents=True, exist_ok=True)
    args = [sys.argv[0], f"-max_total_time={seconds}", "-timeout=5", "-rss_limit_mb=4096"]
    args += [f"-artifact_prefix={crashes}/{name}-", str(corpus)]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma list (default: all)")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds one parse may take (default 5)")
    parser.add_argument("--crashes", type=Path, default=None, help="folder for inputs that broke a rule")
    parser.add_argument("--no-atheris", action="store_true", help="random mutation only, even with atheris")
    parser.add_argument("--atheris-target", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)} (choose from: {', '.join(FORMATS)})")
    crashes: Path = args.crashes or Path(tempfile.gettempdir()) / f"treemind-fuzz-crashes-{int(time.time())}"
    if args.atheris_target:
        atheris_main(args.atheris_target, int(args.seconds), args.corpus, crashes)
        return 0
    seed = args.seed if args.seed is not None else int(time.time())
    corpus = seeds()
    print(f"seed {seed}, {args.seconds:g} s, formats: {', '.join(formats)}", flush=True)

    helpers: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
    use_atheris = not args.no_atheris and importlib.util.find_spec("atheris") is not None
    if use_atheris:
        corpus_dir = Path(tempfile.mkdtemp(prefix="treemind-fuzz-corpus-"))
        for name in (f for f in ATHERIS_FORMATS if f in formats):
            folder = corpus_dir / name
            folder.mkdir()
            for i, data in enumerate(d for p, d in corpus.items() if p.endswith(FORMATS[name].extensions)):
                (folder / f"seed{i}").write_bytes(data)
            helpers[name] = run_atheris(name, args.seconds, folder, crashes)
        print(f"atheris: {', '.join(helpers) or 'no format'}", flush=True)
    else:
        print("atheris: not installed; random mutation for every format", flush=True)

    local = [f for f in formats if f not in helpers]
    generators = {name: Generator(name, random.Random(f"{seed}-{name}"), corpus) for name in local}
    sniff = random.Random(seed)
    tried: collections.Counter[str] = collections.Counter()
    outcomes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    problems: dict[tuple[str, str], int] = {}
    saved = 0
    deadline = time.monotonic() + args.seconds
    while local and time.monotonic() < deadline:
        for name in local:
            kind, data = generators[name]()
            source = "x.bin" if sniff.random() < 0.2 else f"x{FORMATS[name].extensions[0]}"
            outcome, problem = check_one(data, source, args.slow)
            tried[name] += 1
            outcomes[name][outcome] += 1
            if problem is not None:
                key = (name, problem.splitlines()[0])  # one saved input per exception type and place
                problems[key] = problems.get(key, 0) + 1
                if problems[key] == 1:
                    saved += 1
                    path = crashes / f"{name}-{saved}{Path(source).suffix}"
                    crashes.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    print(f"\n{name} ({kind}, as {source}): {outcome}, saved {path}\n{problem}\n", flush=True)

    failed = bool(problems)
    for name, (proc, log) in helpers.items():
        proc.wait()
        text = log.read_text("utf-8", "replace")
        done = re.findall(r"Done (\d+) runs", text)
        tried[name] += int(done[-1]) if done else 0
        outcomes[name]["(atheris)"] = tried[name]
        if proc.returncode != 0:
            failed = True
            print(f"\natheris on {name} exited {proc.returncode} (log: {log}):\n{text[-3000:]}", flush=True)

    print(f"\n{'format':<10} {'inputs':>8}  outcomes")
    for name in formats:
        counts = ", ".join(f"{kind} {n}" for kind, n in outcomes[name].most_common())
        print(f"{name:<10} {tried[name]:>8}  {counts}")
    print(f"{'total':<10} {sum(tried.values()):>8}")
    exceptions = collections.Counter()
    for counts in outcomes.values():
        exceptions.update({k: v for k, v in counts.items() if k not in ("ok", "(atheris)")})
    print("exceptions by type: " + (", ".join(f"{k} {v}" for k, v in exceptions.most_common()) or "none"))
    if failed:
        print(f"\nFAILED: {sum(problems.values())} inputs broke a rule; one of each kind saved in {crashes}")
        return 1
    print("\nno exception but TreemindError, no slow parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
