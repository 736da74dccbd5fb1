.PHONY: demo test lint bench bench-peers pictures
demo:
	sh scripts/setup.sh
test:
	sh scripts/setup.sh test
lint:
	.venv/bin/python -m pip install -q -e ".[dev]"
	.venv/bin/ruff check treemind_render tests
	.venv/bin/mypy
	.venv/bin/lint-imports
bench:
	.venv/bin/python benchmarks/run.py
# Peer tools for the benchmark only (never needed by the tests): PlantUML (pulls a JRE), Debian's
# chromium, and mermaid-cli in benchmarks/.peers (gitignored) driving that chromium through
# benchmarks/peers/puppeteer.json. Then the benchmark: ~10-17 min on 2 cores.
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench-peers:
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq plantuml chromium
	command -v npm >/dev/null 2>&1 || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix benchmarks/.peers --no-audit --no-fund @mermaid-js/mermaid-cli@11
	.venv/bin/python benchmarks/run.py
pictures:
	.venv/bin/python scripts/pictures.py
