# The book's two commands:  `make book`  (build the HTML book)  and  `make test`  (run every test).
# Both set up the Python environment first (a venv in .venv from requirements.lock).
PY      := .venv/bin/python
JB      := .venv/bin/jupyter-book
STAMP   := .venv/.installed
JBFLAGS := -W -n --keep-going

.PHONY: book pdf test rebuild assets setup clean bench

book: $(STAMP) assets        ## execute stale chapters, then build the HTML book in _build/html
	$(PY) -m analysis.rebuild
	$(JB) build . $(JBFLAGS)

pdf: $(STAMP) assets         ## build the PDF book in _build/latex/book.pdf (needs TeX Live, see README)
	$(JB) build . --builder pdflatex $(JBFLAGS)

test: $(STAMP) assets        ## unit, data-contract and bad-input tests, nbval on every chapter, strict HTML and PDF builds
	$(PY) -m pytest --nbval --nbval-sanitize-with tests/sanitize.cfg --nbval-current-env tests chapters

rebuild: $(STAMP)            ## re-execute every chapter from raw data: make rebuild ARGS="-p 03_regression.start_year=1980"
	$(PY) -m analysis.rebuild --force $(ARGS)

bench: $(STAMP) assets       ## print build and test timings (see scripts/benchmark.py)
	$(PY) scripts/benchmark.py

setup: $(STAMP) assets

assets: $(STAMP)
	$(PY) scripts/vendor_assets.py

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

clean:
	rm -rf _build
