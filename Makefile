# The book's two commands:  `make book`  (build the book)  and  `make test`  (run every test).
# Both set up the Python environment first (a venv in .venv from requirements.lock).
PY      := .venv/bin/python
JB      := .venv/bin/jupyter-book
STAMP   := .venv/.installed
JBFLAGS := -W -n --keep-going
# run a command under the checkout's build lock (see tools/lock.py)
LOCKED  := $(PY) -m tools.rebuild --lock-only --
HTML    := _build/html
PDF     := _build/latex/book.pdf
# The tools modules the Sphinx extensions import (the book's metadata).
TOOLS_META = tools/__init__.py tools/meta.py tools/files.py tools/errors.py
# Everything the PDF is made from: a change to any of these rebuilds it.
BOOK_SOURCES = _config.yml _toc.yml references.bib CITATION.cff requirements.lock \
  data/manifest.csv analysis/__init__.py $(TOOLS_META) $(wildcard chapters/*.md chapters/*.ipynb chapters/_stamps.json _ext/*.py _static/*.css _static/*.js)

.PHONY: book html pdf pdf-site test rebuild assets setup clean bench locked-book locked-html

book: $(STAMP) assets        ## execute stale chapters, build the HTML book in _build/html and (with TeX) the PDF, linked from every page
	@$(LOCKED) $(MAKE) --no-print-directory locked-book

html: $(STAMP) assets        ## only the HTML book (stale chapters executed first)
	@$(LOCKED) $(MAKE) --no-print-directory locked-html

# The locked-* targets run under the checkout's build lock (.book-cache/build.lock):
# a second build in the same checkout waits for the first, with a message.
locked-book: locked-html
	@if command -v xelatex >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory pdf-site; \
	else \
	  echo "book: xelatex is not installed, so no PDF was built (the HTML's PDF link needs it; see README)"; \
	fi

# Sphinx runs only when a source of the HTML changed (by content: scripts/uptodate.py).
locked-html:
	$(PY) -m tools.rebuild
	@$(PY) scripts/uptodate.py check $(HTML) && echo "html: the HTML book is up to date" || { \
	  $(PY) scripts/uptodate.py forget $(HTML); \
	  $(JB) build . $(JBFLAGS) && $(PY) scripts/uptodate.py record $(HTML); }

pdf: $(STAMP) assets         ## build the PDF book in _build/latex/book.pdf (needs TeX Live, see README)
	@$(LOCKED) $(MAKE) --no-print-directory $(PDF)

$(PDF): $(BOOK_SOURCES)
	$(JB) build . --builder pdflatex $(JBFLAGS)
	@touch $(PDF)

pdf-site: $(PDF)             ## copy the PDF into the HTML site, where every page links to it
	@mkdir -p $(HTML)
	cp $(PDF) $(HTML)/book.pdf

test: $(STAMP) assets        ## unit, data-contract and bad-input tests, nbval on every chapter, strict HTML and PDF builds
	$(PY) -m pytest --nbval --nbval-sanitize-with tests/sanitize.cfg --nbval-current-env tests chapters

rebuild: $(STAMP)            ## re-execute every chapter from raw data: make rebuild ARGS="--chapters 03 -p 03_regression.start_year=1984"
	$(PY) -m tools.rebuild --force $(ARGS)

bench: $(STAMP) assets       ## print build and test timings (see scripts/benchmark.py)
	$(PY) scripts/benchmark.py $(ARGS)

setup: $(STAMP) assets

VEGA    := _static/vendor/vega-bundle.js
MATHJAX := _vendor/mathjax/tex-chtml.js
AXE     := tests/vendor/axe.min.js

assets: $(VEGA) $(MATHJAX) $(AXE)   ## offline Vega, MathJax and (for the browser tests) axe-core (made once; again after the venv changes)

$(VEGA) $(MATHJAX) $(AXE) &: $(STAMP) scripts/vendor_assets.py
	$(PY) scripts/vendor_assets.py
	@touch $(VEGA) $(MATHJAX) $(AXE)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

clean:
	rm -rf _build
