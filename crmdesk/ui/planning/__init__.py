"""Follow-up capacity (设置 → 跟进容量): what the tier policy asks of each person against what they
can do, the firm's default and each person's own number; the summary widget the settings and
Today show.

Modules:
- ``capacity_dialog``: 设置 → 跟进容量: follow-ups per working day, for the firm and per person, against the
  policy's demand.
"""
