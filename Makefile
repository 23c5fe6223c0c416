# Two commands for a newcomer (README): `make run` and `make test`. Both first install the system libraries Qt
# and the hnswlib build need (scripts/system-deps: a fast no-op once they are there), create or reuse .venv,
# then let `avrec doctor` say ok or name what is missing, with the fix.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test venv deps doctor bench screenshots clean translations

deps:
	@test -n "$(PYTHON)" || { echo "make: Python 3.11 or newer is needed first (Debian/Ubuntu: sudo apt-get install python3 python3-venv; Fedora: sudo dnf install python3; macOS: brew install python@3.11)" >&2; exit 1; }
	@$(PYTHON) scripts/system-deps

# A .venv left without pip (made before python3-venv was installed) is made again.
$(STAMP): pyproject.toml | deps
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv --clear $(VENV)
	@rm -f $(VENV)/.installed-*
	# torch is pinned inside the same pip call (a separate call lets pip upgrade it to a CUDA build).
	HNSWLIB_NO_NATIVE=1 $(PY) -m pip install --disable-pip-version-check -q "torch==2.13.0" -e ".[test]"
	@touch $@

# The window's translations (resources/i18n/*.ts → .qm, with PySide6's lrelease from the venv).
QM := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))
resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	@$(PY) scripts/build-translations

translations: $(QM)

venv: deps $(STAMP) $(QM)

doctor: deps $(STAMP)
	$(VENV)/bin/avrec doctor

run: deps $(STAMP) $(QM)
	@$(VENV)/bin/avrec doctor --quiet
	$(VENV)/bin/avrec-desktop

# --system: the tests use their own folders, so your library's state (database, disk) does not stop them.
test: deps $(STAMP) $(QM)
	@$(VENV)/bin/avrec doctor --quiet --system
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: deps $(STAMP)
	$(VENV)/bin/avrec bench all --out bench-results.json

clean:
	rm -rf $(VENV) build *.egg-info
