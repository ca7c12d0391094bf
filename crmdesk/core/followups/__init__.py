"""Follow-ups (跟进计划): planned contacts, the per-tier cadence and the reminders.

Modules:
- ``cadence``: Follow-up cadence by tier (跟进节奏, docs/spec.md §4), generated for a rolling window.
- ``lines``: What the tier policy asks: each tier's cadence lines, and the customers a cadence plans for.
- ``planner``: Follow-ups a team can do: a capacity per person, the days and hours they go on, the demand.
- ``reminders``: Reminders of docs/spec.md §4, planned as follow-ups so they show in Today and the calendar.
- ``service``: Planned follow-ups (跟进计划, docs/spec.md §4): plan, edit, reschedule, complete, skip, delete.
"""
