"""Prove that scripts/setup.sh installs every system library and font the tests use.

A machine that already has a package (installed by hand, or pulled in by something else)
hides a missing line in setup.sh: the tests pass here and fail on a fresh machine. So this
does not ask "is it installed?" but "would a fresh Debian machine running setup.sh have it?":

1. every package of setup.sh's list is installed;
2. every shared library that the test tools load (Playwright's node driver, chromium,
   Graphviz and its plugins, cairo as cairosvg loads it, the compiled modules of the installed
   Python packages) resolves (`ldd`: no "not found");
3. every such library and every font the tests ask for belongs to a package that setup.sh
   installs, or that one of those depends on, or that a fresh machine has before setup.sh
   (Debian's Essential and required packages plus python3, git and make, which the README
   assumes).

Usage: python scripts/check_system.py [--setup scripts/setup.sh]   (exit 1 naming what is missing)
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# What the README assumes of a fresh machine besides Debian's Essential/required packages.
README_BASE = ["python3", "git", "make"]
# Font families the tests and the built-in themes ask fontconfig for.
FONTS = ["Noto Sans", "Noto Serif", "Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Color Emoji"]


def setup_packages(setup: Path) -> list[str]:
    """The Debian packages setup.sh installs: its APT_BASE and APT_TEST lists."""
    text = setup.read_text(encoding="utf-8")
    found = re.findall(r'^APT_(?:BASE|TEST)="([^"]*)"', text, flags=re.M)
    if not found:
        sys.exit(f"check_system: no APT_BASE/APT_TEST lists in {setup}")
    return " ".join(found).split()


def run(args: list[str]) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=False).stdout


def missing_packages(packages: list[str]) -> list[str]:
    out = run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", *packages])
    installed = {line.split()[0] for line in out.splitlines() if line.split()[1:2] == ["ii"]}
    return [p for p in packages if p not in installed]


def fresh_machine_packages(packages: list[str]) -> set[str]:
    """Packages a fresh machine has after setup.sh: the base, the list, and everything they need."""
    base = run(["dpkg-query", "-W", "-f=${Package}\t${Essential}\t${Priority}\n"])
    rows = [line.split("\t") for line in base.splitlines()]
    roots = set(README_BASE) | set(packages)
    roots |= {row[0] for row in rows if len(row) == 3 and (row[1] == "yes" or row[2] == "required")}
    out = run(
        [
            "apt-cache",
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            "--installed",
            *sorted(roots),
        ]
    )
    closure = set(roots)
    for line in out.splitlines():
        name = line.split(":", 1)[-1].strip() if ":" in line and line.startswith(" ") else line.strip()
        if name and not name.startswith("<"):
            closure.add(name.split(":")[0])
    return closure


def binaries() -> dict[str, list[str]]:
    """What the tests run or load, by who needs it."""
    found: dict[str, list[str]] = {}
    try:
        from playwright._impl._driver import compute_driver_executable

        driver = compute_driver_executable()
        node = driver[0] if isinstance(driver, tuple) else driver
        found["Playwright's node driver (browser tests)"] = [str(node)]
    except ImportError:
        found["Playwright for Python (browser tests)"] = []
    chromium = shutil.which("chromium")
    found["chromium (browser tests)"] = [p for p in ["/usr/lib/chromium/chromium"] if os.path.exists(p)] or (
        [chromium] if chromium else []
    )
    dot = shutil.which("dot")
    found["Graphviz"] = ([dot] if dot else []) + sorted(glob.glob("/usr/lib/*/graphviz/*.so*"))
    return found


def extension_modules() -> dict[str, list[str]]:
    """The compiled modules of the installed Python packages (a wheel's own libraries, such as
    icu4py's ICU, belong to no Debian package and are skipped)."""
    import site
    import sysconfig

    folders = {sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    found: dict[str, list[str]] = {}
    for folder in sorted(folders):
        for path in sorted(Path(folder).glob("**/*.so")):
            package = path.relative_to(folder).parts[0]
            found.setdefault(f"Python package {package}", []).append(str(path))
    return found


def python_libraries() -> list[str]:
    """System libraries a test process maps after importing what renders (cairosvg loads cairo;
    PNG/PDF text opens Pango's cairo library)."""
    code = (
        "import cairosvg, cairocffi, fontTools\n"
        "from treemind_render.draw.cairo_text import pango\n"
        "pango()\n"
        "print('\\n'.join(sorted({l.split()[-1] for l in open('/proc/self/maps') if '.so' in l})))"
    )
    out = run([sys.executable, "-c", code])
    return [p for p in out.splitlines() if p.startswith(("/usr/", "/lib"))]


def ldd(path: str) -> tuple[list[str], list[str]]:
    """(resolved library paths, names that were not found)."""
    out = run(["ldd", path])
    libs, missing = [], []
    for line in out.splitlines():
        if "not found" in line:
            missing.append(line.split()[0])
        elif "=>" in line and "/" in line.split("=>")[1]:
            libs.append(line.split("=>")[1].split()[0])
    return libs, missing


def owners(paths: list[str]) -> dict[str, str]:
    """Debian package of each file (usrmerge: asks for the /usr and the / spelling)."""
    spellings: dict[str, str] = {}
    for path in paths:
        for p in {path, os.path.realpath(path)}:
            spellings.setdefault(p, path)
            other = p[4:] if p.startswith("/usr/lib") else "/usr" + p if p.startswith("/lib") else p
            spellings.setdefault(other, path)
    found: dict[str, str] = {}
    for line in run(["dpkg", "-S", *sorted(spellings)]).splitlines():
        package, _, file = line.partition(": ")
        if file in spellings:
            found.setdefault(spellings[file], package.split(",")[0].strip())
    return found


def font_files() -> dict[str, str]:
    files = {}
    for family in FONTS:
        out = run(["fc-match", "-f", "%{family}\t%{file}", family])
        got_family, _, file = out.partition("\t")
        files[family] = file if family.lower() in got_family.lower() else ""
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", type=Path, default=Path(__file__).with_name("setup.sh"))
    args = parser.parse_args()
    if not shutil.which("dpkg-query"):
        print("check_system: not a Debian machine (no dpkg-query): nothing to check")
        return 0
    packages = setup_packages(args.setup)
    problems = [f"{p}: in setup.sh's list but not installed" for p in missing_packages(packages)]
    needed: dict[str, str] = {}  # file -> who needs it
    checked = {**binaries(), **extension_modules()}
    every = [path for paths in checked.values() for path in paths]
    with ThreadPoolExecutor(8) as pool:  # a few hundred ldd runs
        linked = dict(zip(every, pool.map(ldd, every), strict=True))
    for who, paths in checked.items():
        if not paths:
            problems.append(f"{who}: not found")
        for path in paths:
            libs, missing = linked[path]
            problems += [f"{who}: {path} needs {name}: not found (ldd)" for name in missing]
            needed.update({lib: who for lib in libs})
            needed[path] = who
    needed.update({lib: "cairosvg (PNG/PDF)" for lib in python_libraries()})
    for family, file in font_files().items():
        if not file:
            problems.append(f"font {family!r}: fontconfig has no such family")
        else:
            needed[file] = f"font {family!r}"
    fresh = fresh_machine_packages(packages)
    owner = owners(sorted(needed))
    for path, who in sorted(needed.items()):
        package = owner.get(path)
        if package and package.split(":")[0] not in fresh:
            problems.append(
                f"{who}: {path} comes from package {package}, which setup.sh does not install "
                "(nor anything it installs): a fresh machine lacks it; add it to setup.sh"
            )
    for problem in problems:
        print(f"check_system: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(
        f"check_system: {len(packages)} packages of setup.sh installed; {len(needed)} libraries and fonts "
        "all from them, their dependencies or the base system"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
