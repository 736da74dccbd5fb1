#!/bin/sh
# Set up treemind-render on a Debian/Ubuntu machine, then do one job:
#   sh scripts/setup.sh          system packages, .venv, the package; render examples/ to PNG
#   sh scripts/setup.sh test     the same plus test tools; run the whole test suite
set -eu
cd "$(dirname "$0")/.."
job="${1:-demo}"
PYTHON="${PYTHON:-python3}"

# System packages: Graphviz (layout engine), Noto fonts (Latin + CJK), venv support.
need_apt=""
command -v neato >/dev/null 2>&1 || need_apt=1
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need_apt=1
fc-list 2>/dev/null | grep -q "NotoSans-Regular" || need_apt=1
"$PYTHON" -m venv --help >/dev/null 2>&1 || need_apt=1
browser=""  # the test job drives Debian's chromium headless (tests marked 'browser')
if [ "$job" = test ]; then
  browser="chromium"
  command -v chromium >/dev/null 2>&1 || need_apt=1
fi
if [ -n "$need_apt" ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    graphviz fonts-noto-cjk fonts-noto-core fontconfig python3-venv python3-pip $browser >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
case "$job" in
  demo)
    .venv/bin/python -m pip install -q .
    mkdir -p docs/images
    for f in examples/*.md examples/*.txt; do
      name=$(basename "${f%.*}")
      .venv/bin/treemind render "$f" -f png -o "docs/images/$name.png"
      echo "rendered $f -> docs/images/$name.png"
    done
    ;;
  test)
    .venv/bin/python -m pip install -q -e ".[test]"
    .venv/bin/python -m pytest -q
    ;;
  *)
    echo "usage: sh scripts/setup.sh [demo|test]" >&2
    exit 2
    ;;
esac
