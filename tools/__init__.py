"""Build tooling of the book: everything that makes the book from the package
and the notebooks, none of it shipped in the ``analysis`` wheel.

- :mod:`tools.meta`: the book's metadata (``_toc.yml``, chapter numbers,
  notebook parameters, ``chapters/_stamps.json``, manifest rows), shared by the
  rebuilder and the Sphinx extensions in ``_ext/``;
- :mod:`tools.book`: :class:`~tools.book.Book`, one checkout's paths;
- :mod:`tools.rebuild`: the command line ``python -m tools.rebuild`` that
  re-executes stale chapters, built from :mod:`tools.deps` (input keys),
  :mod:`tools.params` (``-p`` parameters), :mod:`tools.lock` (build lock),
  :mod:`tools.signals` (interrupts), :mod:`tools.files` (atomic writes),
  :mod:`tools.notebooks` (preparing and cleaning notebooks, failure messages),
  :mod:`tools.worker` (one chapter executed with papermill),
  :mod:`tools.pool` (worker processes) and :mod:`tools.store` (committing a run);
- :mod:`tools.runtrace`: the run tracing inside a chapter's kernel (an IPython
  extension).

The analysis package never imports this package (``tests/test_architecture.py``).
"""
