#!/bin/sh
# Set up treemind-render on a Debian/Ubuntu machine, then do one job:
#   sh scripts/setup.sh          system packages, .venv, the package; render examples/ into out/demo/
#   sh scripts/setup.sh test     the same plus test tools; check the system (below), run the tests
#   sh scripts/setup.sh check    only the system check: scripts/check_system.py
set -eu
cd "$(dirname "$0")/.."
job="${1:-demo}"
PYTHON="${PYTHON:-python3}"

# Debian packages. scripts/check_system.py reads these two lists and fails when a library or
# font the tests load comes from a package that neither they nor their dependencies bring.
# Graphviz (drawing), Noto fonts (Latin, CJK, the other scripts, colour emoji), fontconfig, venv
# and pip; Pango's cairo library, which shapes and draws the text of PNG and PDF (Graphviz needs it
# too). ICU (Thai/Lao/Khmer/Myanmar word breaks) comes inside icu4py's wheel: no compiler.
APT_BASE="graphviz fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fontconfig python3-venv python3-pip
  libpangocairo-1.0-0"
# The browser tests: Debian's chromium, driven by Playwright, whose node driver needs libatomic.so.1.
APT_TEST="chromium libatomic1"

packages="$APT_BASE"
[ "$job" = demo ] || packages="$packages $APT_TEST"  # test and check
need=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $packages; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || need="$need $p"
  done
fi
if [ -n "$need" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: missing Debian packages:$need (no apt-get here)" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup.sh: installing$need"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086  # one word a package
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
case "$job" in
  demo)
    .venv/bin/python -m pip install -q ".[icu]"
    # out/ is git-ignored: a first run leaves `git status` clean (`make pictures` redraws the docs)
    mkdir -p out/demo
    for f in examples/*.md examples/*.txt; do
      name=$(basename "${f%.*}")
      .venv/bin/treemind render "$f" -f png -o "out/demo/$name.png"
      echo "rendered $f -> out/demo/$name.png"
    done
    ;;
  test)
    .venv/bin/python -m pip install -q -e ".[test]"
    .venv/bin/python scripts/check_system.py
    .venv/bin/python -m pytest -q
    ;;
  check)
    .venv/bin/python -m pip install -q -e ".[test]"  # the check looks at Playwright's driver too
    .venv/bin/python scripts/check_system.py
    ;;
  *)
    echo "usage: sh scripts/setup.sh [demo|test|check]" >&2
    exit 2
    ;;
esac
