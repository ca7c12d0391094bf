"""The today part of the window.

Modules:
- ``greetings``: 节日问候名单: who to greet for a coming festival, one list per tier (docs/spec.md §4).
- ``notices``: Notices above the Today list: a plain sentence of what is wrong and a button that fixes it.
- ``tab``: 今日待办: what needs doing today, opened on start (docs/spec.md §4).
"""
