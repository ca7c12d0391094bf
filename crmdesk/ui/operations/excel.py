"""Named operations of the Excel menu: templates, exports, the import (check, write, undo) and the
column presets.

Checking an import file and writing a template only read: they are ``ReadOp`` on the reader
thread. Writing an import, undoing one and saving a preset are writes; so is an export, because an
unmasked export of personal data is recorded in the audit log together with the file. A cancelled
export or import returns ``None`` (the dialog stays open and says so) instead of a cancel message.
The file libraries (openpyxl, calamine) load when first used, not at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from crmdesk.core.firm import staff
from crmdesk.core.store.errors import OperationCancelled
from crmdesk.ui.operations.runner import Op, OpContext, ReadOp


def write_template(parent: QWidget | None, name: str, target: Path) -> ReadOp:
    """An empty Excel template (the layout the import reads back); the result is the path written."""
    def work(_ctx) -> Path:
        from crmdesk.io.excel.templates import write_template as write  # start-up: openpyxl

        return write(name, target)

    return ReadOp(parent, work)


def export_list(parent: QWidget | None, kind: str, path: Path, *, mask: bool, only: Any = None) -> Op:
    """A list written to ``path`` in its template layout (``only``: the rows as the user sees them);
    the result is an ``ExportResult``, or ``None`` when cancelled (no file is left)."""
    operator = staff.current_operator()

    def work(ctx: OpContext) -> Any:
        from crmdesk.io.excel.export import export  # start-up: openpyxl

        try:
            return export(kind, path, mask=mask, operator=operator, progress=ctx.progress, cancelled=ctx.cancelled,
                          only=only)
        except OperationCancelled:
            return None

    return Op(parent, work)


def check_import(parent: QWidget | None, path: Path, **options: Any) -> ReadOp:
    """Check an import file against the database (nothing is written); the result is ``(preview,
    [(staff id, name)])`` for the staff the new people may be matched to, or ``None`` when cancelled."""
    def work(ctx: OpContext) -> Any:
        from crmdesk.io.importing.service import preview  # start-up: openpyxl, calamine

        try:
            result = preview(path, progress=ctx.progress, cancelled=ctx.cancelled, **options)
        except OperationCancelled:
            return None
        return result, [(s.id, s.name) for s in staff.active_staff()]

    return ReadOp(parent, work)


def run_import(parent: QWidget | None, checked: Any, *, error_path: Path,
               staff_plan: Mapping[str, int | None]) -> Op:
    """Write a checked import in one transaction (cancel rolls it back); the result is an
    ``ImportResult`` or ``None`` when cancelled."""
    operator = staff.current_operator()

    def work(ctx: OpContext) -> Any:
        from crmdesk.io.importing.service import commit  # start-up: openpyxl, calamine

        try:
            return commit(checked, operator=operator, error_path=error_path, staff_plan=staff_plan,
                          progress=ctx.progress, cancelled=ctx.cancelled)
        except OperationCancelled:
            return None

    return Op(parent, work)


def undo_import(parent: QWidget | None, batch_id: int) -> Op:
    """Undo an import batch (refused when later records depend on what it created)."""
    operator = staff.current_operator()

    def work(_ctx) -> Any:
        from crmdesk.io.importing.service import undo_batch  # start-up: openpyxl, calamine

        return undo_batch(batch_id, operator)

    return Op(parent, work)


def save_preset(parent: QWidget | None, name: str, kind: str, mapping: Mapping[int, str],
                headers: Sequence[object]) -> Op:
    """Save (or replace) a column mapping as preset ``name``; the result is the ``Preset``."""
    def work(_ctx) -> Any:
        from crmdesk.io.importing.mapping import save_preset as save  # start-up: the import code

        return save(name, kind, mapping, headers)

    return Op(parent, work)
