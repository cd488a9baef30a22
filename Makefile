# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The demo serves quietly; `make demo ACCESS_LOG=-` logs one line per request to stderr.
ACCESS_LOG ?=

.PHONY: demo build test lint browser virtuoso bench soak clean

# setuptools warns on every editable install of a flat layout (kg/ beside pyproject.toml);
# the layout is deliberate, so that one warning is silenced and any other still shows.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kg build seeds --out $(OUT)

demo: build
	$(BIN)/kg graph --store $(OUT) --format png --output $(OUT)/actors.png
	$(BIN)/kg graph --store $(OUT) --format svg --output $(OUT)/actors.svg
	$(BIN)/kg graph --store $(OUT) --format html --output $(OUT)/actors.html
	@echo
	@echo "Written to $(OUT)/: graph.trig graph.ttl validation.ttl store/ actors.png actors.svg actors.html"
	@echo "Query it:  $(BIN)/kg query $(OUT) deployments"
	@echo "Serving the SPARQL endpoint and web UI at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/kg serve --store $(OUT) --host $(HOST) --port $(PORT) --access-log '$(ACCESS_LOG)'

# Browser tests drive Debian's chromium; install it when we can (root with apt-get), else they skip.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "could not install chromium: browser tests will be skipped"; fi

# The remote-store tests run OpenLink Virtuoso (Debian's virtuoso-opensource-7) on loopback; install it
# when we can (root with apt-get), else they skip. The tests start their own server, never the packaged one.
virtuoso:
	@if ! command -v virtuoso-t >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq \
	   virtuoso-opensource-7 >/dev/null) \
	  || echo "could not install virtuoso-opensource-7: the Virtuoso tests will be skipped"; fi

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check kg server tests bench

bench: $(STAMP)
	$(BIN)/python -m bench

# The long reliability runs: the fuzz with many more examples, the slow reliability cases,
# and a 10-minute load soak with hostile queries (RSS must stay flat).
soak: $(STAMP)
	KG_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest tests/reliability -m "soak or not soak"
	$(BIN)/python -m bench.bench_load --soak 600

clean:
	rm -rf $(OUT) .pytest_cache
