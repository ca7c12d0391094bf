"""Background operations: named work off the GUI thread, results and change-sets back on it.

Modules:
- ``attachments``: Named operations on attachments (附件): add files, delete one, save one elsewhere, open one.
- ``equipment``: Named operations on machines (设备): save one (with the files chosen for it), delete one to the
  recycle bin.
- ``runner``: Background operations (docs/architecture.md, patterns 2–4): named work off the GUI thread, results
  back on it.
"""
