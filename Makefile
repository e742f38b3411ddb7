# TanLedger: `make demo` runs a compliance year on four local CometBFT validators; `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CometBFT, the consensus engine: pinned to the v0.38 line, built from the Go module proxy.
COMETBFT_VERSION := v0.38.25
COMETBFT := .tools/bin/cometbft
PROTO_STAMP := node/abci/pb/VERSION

.PHONY: demo test faults bench install tools cometbft proto clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,build]'
	touch $(STAMP)

# The ABCI messages' Python classes, generated from the pinned CometBFT's .proto files.
$(PROTO_STAMP): $(STAMP) Makefile
	$(BIN)/python -m node.abci.gen $(COMETBFT_VERSION)

cometbft:
	@tools/cometbft.sh $(COMETBFT_VERSION)

proto: $(PROTO_STAMP)

tools: cometbft proto

install: $(STAMP) tools

demo: install
	$(BIN)/tanledger demo $(DEMO_ARGS)

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The full fault schedule of the validator network (crashes, pauses, twins, partitions).
faults: install
	$(BIN)/python -m pytest -m faults tests/network $(PYTEST_ARGS)

bench: install
	$(BIN)/pip install -q -e '.[test,build,bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis node/abci/pb .tools

# notecheck: Go's signed-note and cosignature/v1 libraries, which tests/ledger/test_note_interop.py holds ledger/ against.
.PHONY: notecheck
notecheck:
	@tools/notecheck.sh

tools: notecheck
