.PHONY: demo test lint bench pictures
demo:
	sh scripts/setup.sh
test:
	sh scripts/setup.sh test
lint:
	.venv/bin/python -m pip install -q -e ".[dev]"
	.venv/bin/ruff check treemind_render tests
	.venv/bin/mypy
bench:
	.venv/bin/python benchmarks/run.py
pictures:
	.venv/bin/python scripts/pictures.py
