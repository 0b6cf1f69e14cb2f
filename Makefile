# smeanalysis: every target sets up the environment it needs first (see tools/bootstrap.py).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
# Resolved on demand: the bootstrap creates or updates .venv/ (or the active conda env).
ENV_PY = $(shell $(PYTHON) tools/bootstrap.py | tail -n 1)

.PHONY: help env lock report report-fa test lab bench lint format validate datapackage clean docs

help: ## List the targets with what they do
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

lock: ## Pin every dependency with its hashes into requirements.lock (after editing pyproject.toml)
	@py="$(ENV_PY)" && "$$(dirname "$$py")/uv" pip compile pyproject.toml --all-extras --universal \
		--python-version 3.11 --generate-hashes --quiet -o requirements.lock

env: ## Create or update the environment (.venv/ or the active conda env) and its Jupyter kernel
	@$(PYTHON) tools/bootstrap.py >/dev/null

report: ## Build the reports into reports/ (only changed ones; NAME=park_utilization for one, FORCE=1 for all)
	@py="$(ENV_PY)" && "$$py" -m smeanalysis report $(NAME) --out reports $(if $(FORCE),--force)

report-fa: ## Build every report in Persian (the province batch too) into reports/fa/
	@py="$(ENV_PY)" && "$$py" -m smeanalysis report --out reports --lang fa

test: ## Run the whole test suite: unit tests, doctests and every notebook (nbval)
	@py="$(ENV_PY)" && "$$py" -m pytest

lab: ## Start JupyterLab with the project's kernel
	@py="$(ENV_PY)" && "$$py" -m jupyter lab --notebook-dir=notebooks

docs: ## Build the documentation site into docs/_build/html/ (offline; any warning fails)
	@py="$(ENV_PY)" && "$$py" -m sphinx -E -W --keep-going -q -b html docs/site docs/_build/html \
		&& echo "docs: docs/_build/html/index.html"

bench: ## Run the benchmarks and print their tables of ratios
	@py="$(ENV_PY)" && "$$py" -m benchmarks

lint: ## Run the pre-commit hooks on every file (ruff, ruff format, nbstripout, whitespace fixers)
	@py="$(ENV_PY)" && PATH="$$(dirname "$$py"):$$PATH" "$$py" -m pre_commit run --all-files

format: ## Format the code with ruff
	@py="$(ENV_PY)" && "$$py" -m ruff format src tests benchmarks tools && "$$py" -m ruff check --fix .

validate: ## Validate the shipped data package with frictionless
	@py="$(ENV_PY)" && "$$py" -m frictionless validate data/datapackage.json

datapackage: ## Regenerate data/datapackage.json and data/README.md from the data dictionary
	@py="$(ENV_PY)" && "$$py" -m smeanalysis.dictionary --write

clean: ## Remove built reports and caches (keeps .venv/)
	rm -rf reports .pytest_cache .ruff_cache .hypothesis
