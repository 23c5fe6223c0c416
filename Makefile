# Two commands for a newcomer (README): `make run` and `make test`. Both create or reuse .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test venv bench screenshots clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@rm -f $(VENV)/.installed-*
	# torch is pinned inside the same pip call (a separate call lets pip upgrade it to a CUDA build).
	HNSWLIB_NO_NATIVE=1 $(PY) -m pip install --disable-pip-version-check -q "torch==2.13.0" -e ".[test]"
	@touch $@

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/avrec-desktop

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	$(VENV)/bin/avrec bench all --out bench-results.json

clean:
	rm -rf $(VENV) build *.egg-info
