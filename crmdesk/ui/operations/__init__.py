"""Background operations: named work off the GUI thread, results and change-sets back on it.

Modules:
- ``runner``: Background operations (docs/architecture.md, patterns 2–4): named work off the GUI thread, results
  back on it.
"""
