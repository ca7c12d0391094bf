"""Named operations on machines (设备): save one (with the files chosen for it), delete one to the recycle bin."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core.customers import lifecycle
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput, SaveResult
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import Staff
from crmdesk.ui.operations.runner import Op


def save(parent: QWidget | None, data: EquipmentInput, equipment_id: int | None, operator: Staff | None,
         files: Sequence[Path], done: Callable[[SaveResult], None], failed: Callable[[BaseException], None]) -> Op:
    """Create or update a machine (a new one with its pending files, in the same transaction)."""
    files = list(files)
    return Op(parent, lambda _ctx: equipment.save(data, equipment_id=equipment_id, operator=operator, files=files)) \
        .success(done).failure(failed).run()


def delete(parent: QWidget | None, equipment_id: int, operator: Staff | None,
           done: Callable[[Changes], None] | None = None) -> Op:
    """Move a machine to the recycle bin (its tickets keep naming it)."""
    op = Op(parent, lambda _ctx: lifecycle.move_to_bin("equipment", equipment_id, operator))
    if done is not None:
        op.success(done)
    return op.run()
