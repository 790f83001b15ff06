# docparse: `make demo` runs the main job on the sample corpus, `make test` runs all checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-repair bench-ocr bench-ingest bench-report bench-corpus scale schemas golden \
	clean deps-apt deps-fonts deps-chromium test-report

# Debian packages the readers run, as command=package: installed only when the command is missing.
APT_DEPS := tesseract=tesseract-ocr pdftoppm=poppler-utils pdfinfo=poppler-utils antiword=antiword

$(STAMP): pyproject.toml
	$(MAKE) --no-print-directory deps-apt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

deps-apt:
	@missing=""; \
	for dep in $(APT_DEPS); do command -v $${dep%%=*} >/dev/null 2>&1 || missing="$$missing $${dep#*=}"; done; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr-vie"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update && apt-get install -y --no-install-recommends $$missing; \
	fi

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

bench-ocr: $(STAMP)
	$(BIN)/python bench/bench_ocr.py

# The PDF corpus of bench-ingest is set in DejaVu Serif (Debian fonts-dejavu-core).
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf

deps-fonts:
	@test -f $(DEJAVU) || (apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core)

# Text-layer PDFs beside raw pdfplumber and pypdfium2, then OCR beside raw Tesseract (2 cores).
bench-ingest: $(STAMP) deps-fonts
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_ocr.py

# Headless Chromium for `make test-report`, from Debian: installed only when missing, no browser is downloaded.
deps-chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium)

# The review report for samples/ in headless Chromium: no console error, no failed load; screenshots in
# out/report-shots/. Not part of `make test` (it needs the browser).
test-report: $(STAMP) deps-fonts deps-chromium
	$(BIN)/python tests/browser/check_report.py --out out/report-check --shots out/report-shots

bench-report: $(STAMP)
	$(BIN)/python bench/bench_report.py

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py --files 1000

# The corpus steps (graph, DuckDB + Parquet) on the samples' output copied 100 times, beside json.loads.
bench-corpus: $(STAMP)
	$(BIN)/python bench/bench_corpus.py --copies 100

# 1,000 and 10,000 generated documents: clean run (time, docs/s, peak memory of the process tree),
# a run killed twice with kill -9 and resumed (outputs must equal the clean run's), then 1 vs 2 workers.
scale: $(STAMP)
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_scale.py --scaling

schemas: $(STAMP)
	$(BIN)/docparse schema -o schemas/

golden: $(STAMP)
	$(BIN)/python tests/make_golden.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
