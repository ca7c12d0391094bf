"""Named operations on machines (设备): save one (with the files chosen for it), delete one to the recycle bin.

Each function takes the widget that asks and returns an operation that is not yet running; the widget adds
what it does with the outcome and runs it. The current user is read when the operation is built (on the GUI
thread) and recorded as the operator of the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.firm import staff
from crmdesk.core.store import recycle_bin
from crmdesk.ui.operations.runner import Op


def save(parent: QWidget | None, data: EquipmentInput, equipment_id: int | None, files: Sequence[Path] = ()) -> Op:
    """Create or update a machine (a new one with its pending files, in the same transaction); the result is a
    ``SaveResult``, a refusal an ``InvalidInput`` naming each field."""
    operator = staff.current_operator()
    files = list(files)
    return Op(parent, lambda _ctx: equipment.save(data, equipment_id=equipment_id, operator=operator, files=files))


def delete(parent: QWidget | None, equipment_id: int) -> Op:
    """Move a machine to the recycle bin (its tickets keep naming it)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: recycle_bin.move_to_bin(equipment.BIN, equipment_id, operator))
