# teikit: `make demo` sets up and runs the main job on the bundled sample;
# `make test` sets up and runs the checks and the tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := mikoyan-cpsu-cc-1956-09-19

.PHONY: demo test lint docs golden bench fuzz schema clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "teikit needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/teikit convert data/transcriptions/$(SAMPLE).txt -o out/$(SAMPLE).xml --force
	$(BIN)/teikit check out/$(SAMPLE).xml --apply -o out/$(SAMPLE).checked.xml --force
	$(BIN)/teikit validate out/$(SAMPLE).xml out/$(SAMPLE).checked.xml --schema teikit
	$(BIN)/teikit export out/$(SAMPLE).checked.xml --to transcription -o out/$(SAMPLE).txt --force
	$(BIN)/python -c 'import sys; a = open(sys.argv[1], encoding="utf-8").read().strip("\n"); b = open(sys.argv[2], encoding="utf-8").read().strip("\n"); sys.exit(0 if a == b else "round trip differs")' data/transcriptions/$(SAMPLE).txt out/$(SAMPLE).txt
	$(BIN)/teikit export out/$(SAMPLE).checked.xml --to html -o out/$(SAMPLE).html --force
	$(BIN)/teikit export out/$(SAMPLE).checked.xml --to text --view reading -o out/$(SAMPLE).reading.txt --force
	$(BIN)/teikit export out/$(SAMPLE).checked.xml --to text --view diplomatic -o out/$(SAMPLE).diplomatic.txt --force
	$(BIN)/teikit export out/$(SAMPLE).checked.xml --to entities --format csv -o out/$(SAMPLE).entities.csv --force
	@echo "out/$(SAMPLE).xml: the TEI (valid for teikit's schema); out/$(SAMPLE).txt: written back, identical to the input"
	@echo "out/$(SAMPLE).checked.xml: the same with the [SIC] propagated to the Russian date (teikit check --apply)"
	@echo "out/$(SAMPLE).html: the edition (open it in a browser); out/$(SAMPLE).reading.txt, out/$(SAMPLE).diplomatic.txt: the text views"
	@echo "out/$(SAMPLE).entities.csv: every name with its register id, language and paragraph"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy --strict src

test: lint
	$(BIN)/pytest -q

# The documentation site (docs/, mkdocs.yml) into site-docs/; any warning fails the build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Deep fuzzing: 20,000 examples for each property of the reader and the writers.
fuzz: $(STAMP)
	TEIKIT_FUZZ_EXAMPLES=20000 $(BIN)/pytest -q tests/test_properties.py tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python bench/convert.py
	$(BIN)/python bench/validate.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/cluster.py

# Regenerate schema/teikit.xsd (and schema/xml.xsd) from the RELAX NG grammar with
# trang (Debian package trang), check that it loads offline; commit the result.
schema: $(STAMP)
	trang -I rng -O xsd schema/teikit.rng schema/teikit.xsd
	$(BIN)/python -c 'import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1], allow="sandbox")' "$(CURDIR)/schema/teikit.xsd"

# Regenerate the golden TEI after a reviewed change of the converter.
golden: $(STAMP)
	$(BIN)/teikit convert data/transcriptions/$(SAMPLE).txt -o data/tei/$(SAMPLE).xml --force
	$(BIN)/teikit export data/tei/$(SAMPLE).xml --to html -o tests/fixtures/export/$(SAMPLE).html --force
	for view in reading diplomatic; do \
	  $(BIN)/teikit export data/tei/$(SAMPLE).xml --to text --view $$view -o tests/fixtures/export/$(SAMPLE).$$view.txt --force && \
	  $(BIN)/teikit export data/tei/$(SAMPLE).xml --to markdown --view $$view -o tests/fixtures/export/$(SAMPLE).$$view.md --force; \
	done
	for page in tests/fixtures/layouts/*.txt tests/fixtures/recovery/*.txt; do \
	  $(BIN)/python -c 'import sys, pathlib, teikit, teikit.xmlio as x; p = pathlib.Path(sys.argv[1]); p.with_suffix(".xml").write_bytes(x.serialise(teikit.convert_document(p.read_bytes(), name=p.name).tree))' "$$page"; \
	done
	mkdir -p tests/fixtures/check
	$(BIN)/python -c 'import sys, teikit.api as a, teikit.enrich.check as c; print("\n".join(map(c.describe, a.check_file(sys.argv[1])[0])))' data/tei/$(SAMPLE).xml > tests/fixtures/check/$(SAMPLE).txt

clean:
	rm -rf out site-docs .pytest_cache .mypy_cache .ruff_cache
