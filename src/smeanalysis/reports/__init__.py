"""The report face: notebooks run with papermill and rendered to HTML, and what they show.

The library (``calendar``, ``units``, ``provinces``, ``facts``, ``metrics``, ``reconcile``, ...)
computes; this subpackage only runs, writes and draws, and the library never imports it.

- ``discovery``: the notebooks, their titles and declared parameters (light: ``smeanalysis
  list`` imports only this).
- ``runner``: plan and run report jobs, write pages atomically, the index.
- ``render``: an executed notebook to a self-contained HTML page.
- ``text``: the one text kit (numbers, escaping, source links, Markdown tables).
- ``charts`` and ``tilemap``: every chart with a title, units and a source line.
- one helper module per notebook: ``sme_exports``, ``park_utilization``, ``province_profile``.

Submodules are imported by name (``from smeanalysis.reports import runner``), so importing one
never pulls in the others' heavy dependencies (nbformat, matplotlib).
"""
