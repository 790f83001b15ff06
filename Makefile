# docparse: `make demo` runs the main job on the sample corpus, `make test` runs all checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-repair bench-ingest deps-fonts schemas golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf out
	$(BIN)/docparse extract samples/ -o out/

test: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/pytest
	$(BIN)/docparse validate samples/

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

bench-repair: $(STAMP)
	$(BIN)/python bench/bench_repair.py

# The PDF corpus of bench-ingest is set in DejaVu Serif (Debian fonts-dejavu-core).
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf

deps-fonts:
	@test -f $(DEJAVU) || (apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core)

bench-ingest: $(STAMP) deps-fonts
	$(BIN)/python bench/bench_ingest.py

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py --files 1000

schemas: $(STAMP)
	$(BIN)/docparse schema -o schemas/

golden: $(STAMP)
	$(BIN)/python tests/make_golden.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
