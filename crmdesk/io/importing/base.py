"""What every import kind shares: the per-row result, the cleaning loop, the kind interface.

A kind (customers, tickets, interactions, surveys) supplies one converter per field and
checks a cleaned row (required fields); rows are cleaned a block at a time, column by
column (:meth:`KindImporter.clean_rows`, exactly what the row-by-row
:meth:`KindImporter.clean` gives). Once every row has been read, the kind classifies the
rows against each other and the database (:meth:`KindImporter.resolve`) and, on commit,
writes them (:meth:`KindImporter.write`).

A refused value rejects its row only in the kind's ``strict`` fields (the required ones and
the keys that identify a record); a bad *optional* value is set aside instead: the row is
imported without it and the value goes with its reason to the row's warnings (the preview
and the 警告 sheet of the error workbook), so nothing is lost (docs/spec.md §6).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from operator import itemgetter

from crmdesk.core.store.models import Staff
from crmdesk.core.validation import FieldError
from crmdesk.io.importing import cells, custom
from crmdesk.io.importing.cells import AmbiguousDate, Converter
from crmdesk.io.importing.columns import MemoColumn, Refusal, outcome_function
from crmdesk.io.importing.mapping import field_labels
from crmdesk.io.importing.sql import Writer

NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
STATUSES = (NEW, UPDATE, DUPLICATE, ERROR)
STATUS_LABELS = {NEW: "新增", UPDATE: "更新", DUPLICATE: "重复", ERROR: "错误"}
_CLEAN: frozenset[int] = frozenset()


class RowResult:
    """One data row of the preview.

    ``status`` is new / update / duplicate / error; ``reasons`` says why (for an error,
    every refused field with its reason; otherwise conflicts that were not overwritten and
    what an update fills in); ``bad_columns`` are the column indexes of refused cells;
    ``target_id`` the existing record a row updates or duplicates; ``values`` the cleaned
    values by field key. ``cells`` keeps the original cells of rejected rows only, for
    the error workbook.
    """

    __slots__ = (
        "bad_columns",
        "cells",
        "link",
        "reasons",
        "source_row",
        "status",
        "target_id",
        "values",
        "warn_columns",
        "warnings",
    )

    def __init__(self, source_row: int, values: dict[str, object]) -> None:
        self.source_row = source_row
        self.status = NEW
        self.reasons: Sequence[str] = ()  # a list once there is something to say (100,000 rows: no empty lists)
        self.bad_columns: AbstractSet[int] = _CLEAN
        self.target_id: int | None = None
        self.values = values
        self.cells: list[object] | None = None
        self.link: object = None  # the kind's own bookkeeping (e.g. the customer this row belongs to)
        self.warnings: Sequence[str] = ()  # optional values set aside, with their reasons
        self.warn_columns: AbstractSet[int] = _CLEAN

    def refuse(self, reason: str, column: int | None = None) -> None:
        """Mark the row as an error (a column, when given, is highlighted in the error workbook)."""
        self.status = ERROR
        self.note(reason)
        if column is not None:
            columns = self.bad_columns
            if not isinstance(columns, set):  # the shared empty set: a row of its own from now on
                columns = self.bad_columns = set(columns)
            columns.add(column)

    def warn(self, reason: str, column: int | None = None) -> None:
        """Set an optional value aside: the row stays importable, the reason goes to the 警告 sheet."""
        warnings = self.warnings
        if not isinstance(warnings, list):  # the shared empty tuple
            warnings = self.warnings = list(warnings)
        warnings.append(reason)
        if column is not None:
            columns = self.warn_columns
            if not isinstance(columns, set):
                columns = self.warn_columns = set(columns)
            columns.add(column)

    def note(self, reason: str) -> None:
        """Add an explanation without changing the status."""
        reasons = self.reasons
        if not isinstance(reasons, list):  # the shared empty tuple
            reasons = self.reasons = list(reasons)
        reasons.append(reason)

    def __repr__(self) -> str:
        return f"RowResult(row {self.source_row}, {self.status}, {self.reasons!r})"


@dataclass
class Options:
    """What the user chose in the wizard."""

    file_name: str
    dayfirst: bool = False
    create_missing_customers: bool = False
    staff: dict[str, int] = field(default_factory=dict)  # staff name → id
    layout: object = None  # importer_sources.Layout of another CRM's file, or None


class KindImporter:
    """Base of one import kind. Subclasses set ``kind`` and implement the hooks."""

    kind = ""
    #: models this kind writes (their row counts and max ids fingerprint the database)
    tables: tuple[str, ...] = ()
    #: fields whose unreadable value rejects the row; any other field's bad value is set aside
    strict: frozenset[str] = frozenset()

    def __init__(self, mapping: dict[int, str], headers: Sequence[str], options: Options) -> None:
        self.mapping = dict(mapping)
        self.headers = list(headers)
        self.options = options
        self.labels = field_labels(self.kind)
        self.column_of = {key: column for column, key in self.mapping.items()}
        self.ambiguous_dates = 0
        self.notices: list[str] = []  # what the whole file gets told in the preview (defaults, new staff …)
        self.plan: list[tuple[int, str, Converter | None, int]] = []
        # the owner's custom fields the file fills (``custom``): cleaned by their kind
        self.custom = custom.by_key(key for key in self.mapping.values() if key.startswith("cf:"))
        for column, key in sorted(self.mapping.items()):
            if key in self.custom:
                convert = custom.converter(self.custom[key], self.label(key), dayfirst=options.dayfirst)
                self.plan.append((column, key, convert, 0))
                continue
            convert = self.converter(key, self.headers[column] if column < len(self.headers) else "")
            limit = getattr(convert, "text_limit", None)
            # plain text is cleaned inline: one function call less per cell of a 100,000-row sheet
            self.plan.append((column, key, None, limit) if limit is not None else (column, key, convert, 0))
        self.columns = [MemoColumn(column, key, outcome_function(key, self.label(key), convert, limit))
                        for column, key, convert, limit in self.plan]
        columns = [column for column, _k, _c, _l in self.plan]
        self._width = max(columns, default=-1) + 1
        if len(columns) > 1:
            self._pick: Callable[[list[object]], Sequence[object]] = itemgetter(*columns)
        else:
            self._pick = lambda cells: tuple(cells[c] for c in columns)

    # ------------------------------------------------------------------ hooks

    def converter(self, key: str, header: str) -> Converter:
        """The converter of a field (``header`` tells units such as 万元)."""
        return cells.text(key)

    def check(self, row: RowResult) -> None:
        """Refuse a cleaned row that misses required values (called for rows without errors too)."""

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        """Set every non-error row's status against the other rows and the database."""

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        """Write the rows inside the commit's transaction; return (created, updated)."""
        raise NotImplementedError

    def stale_rows(self, conn: sqlite3.Connection, rows: list[RowResult]) -> list[RowResult]:
        """Rows whose preview decision no longer holds, re-matched inside the commit's transaction (none
        by default: a kind without its own re-matching relies on the file database's fingerprint)."""
        return []

    def edited_rows(self, conn: sqlite3.Connection, rows: list[RowResult]) -> list[RowResult]:
        """The part of :meth:`stale_rows` that needs no matching: rows whose record was edited since."""
        return []

    def planned_counts(self, rows: list[RowResult]) -> tuple[int, int]:
        """(records a commit would create, existing records it would update)."""
        return sum(1 for row in rows if row.status == NEW), 0

    def planned_inserts(self, rows: list[RowResult]) -> dict[str, int]:
        """Table → rows the commit will insert (big loads rebuild the table's indexes once)."""
        return {}

    # ------------------------------------------------------------------ shared

    def label(self, key: str) -> str:
        """The Chinese label of a field."""
        return self.labels.get(key, key)

    def set_aside(self, row: RowResult, key: str, column: int, reason: str, value: object) -> None:
        """A refused value: rejects the row in a strict field, else becomes a warning (``keep_aside``)."""
        if key in self.strict:
            row.refuse(reason, column)
            return
        kept = self.keep_aside(row, key, value)
        row.warn(f"{reason}（{kept or '该值未导入'}）", column)

    def keep_aside(self, row: RowResult, key: str, value: object) -> str:
        """Keep a set-aside value where a field can hold it; returns where ('' when nowhere)."""
        return ""

    def clean(self, source_row: int, row_cells: list[object]) -> RowResult:
        """Convert one row's mapped cells; refused cells make the row an error."""
        values: dict[str, object] = {}
        row = RowResult(source_row, values)
        if len(row_cells) < self._width:  # a short CSV line
            row_cells = [*row_cells, *[""] * (self._width - len(row_cells))]
        for (column, key, convert, limit), value in zip(self.plan, self._pick(row_cells)):
            if value == "" or value is None or (type(value) is str and value.strip() in cells.EMPTY_MARKS):
                continue
            if convert is None:
                text = value.strip() if type(value) is str else cells.plain(value)
                if text:
                    if limit and len(text) > limit:
                        self.set_aside(row, key, column, f"{self.label(key)}：{cells.too_long(key, limit, text).reason}",
                                       value)
                    else:
                        values[key] = text
                continue
            try:
                out = convert(value)
            except AmbiguousDate as exc:
                self.ambiguous_dates += 1
                self.set_aside(row, key, column, f"{self.label(key)}：{exc.reason}", value)
                continue
            except FieldError as exc:
                self.set_aside(row, key, column, f"{self.label(key)}：{exc.reason}", value)
                continue
            if out != "":
                values[key] = out
        self.check(row)
        row.cells = row_cells  # dropped after resolve() unless the row is rejected
        return row

    def clean_rows(self, rows: Sequence[tuple[int, list[object]]]) -> list[RowResult]:
        """:meth:`clean` for a block of rows, column by column (``columns``): the same results.

        Each column's distinct values are converted once; the rows' values, refusals (in
        column order, as :meth:`clean` gives them) and ``check`` follow row by row.
        """
        width = self._width
        padded = [c if len(c) >= width else [*c, *[""] * (width - len(c))] for _n, c in rows]
        results = [RowResult(n, {}) for n, _c in rows]
        if not self.columns or not rows:
            picked: list = []
        elif len(self.columns) == 1:
            picked = [[c[self.columns[0].column] for c in padded]]
        else:
            picked = list(zip(*map(self._pick, padded)))
        dicts = [r.values for r in results]
        for memo, values in zip(self.columns, picked):
            key = memo.key
            outcomes = memo.outcomes(values)
            if not memo.refused:
                for target, out in zip(dicts, outcomes):
                    if out is not None:
                        target[key] = out
                continue
            column = memo.column
            for row, out, raw in zip(results, outcomes, values):
                if out is None:
                    continue
                if out.__class__ is Refusal:
                    if out.ambiguous:
                        self.ambiguous_dates += 1
                    self.set_aside(row, key, column, out.reason, raw)
                else:
                    row.values[key] = out
        check = self.check
        for row, row_cells in zip(results, padded):
            check(row)
            row.cells = row_cells  # dropped after resolve() unless the row is rejected
        return results

    def require(self, row: RowResult, key: str) -> None:
        """Refuse the row when a required field is empty."""
        if key not in row.values and not any(self.mapping.get(c) == key for c in row.bad_columns):
            row.refuse(f"{self.label(key)}：必填，不能为空", self.column_of.get(key))


def staff_map() -> dict[str, int]:
    """Every staff member's name → id (history rows link to them by name)."""
    return {s.name: s.id for s in Staff.select(Staff.id, Staff.name)}


def now() -> dt.datetime:
    """The commit's time stamp (to the second)."""
    return dt.datetime.now().replace(microsecond=0)
