"""Named operations on customers: saving, logging a call, reveals, tiers, archive, recycle bin,
merges, erasure and the dossier PDF.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it. The current user is read
when the operation is built (on the GUI thread) and recorded as the operator of the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core.customers import interactions, lifecycle, merge, privacy, tiers
from crmdesk.core.customers import service as customers
from crmdesk.core.firm import staff
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.changes import Changes
from crmdesk.ui.operations.runner import Op


def save_customer(parent: QWidget | None, data: customers.CustomerInput, *, customer_id: int | None = None,
                  reason: str = "") -> Op:
    """Create (``customer_id`` None) or update a customer; the result is a ``SaveResult``."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: customers.save(data, customer_id=customer_id, operator=operator, reason=reason))


def log_interaction(parent: QWidget | None, customer_id: int, *, summary: str, method: str, feedback: str = "",
                    next_step: str = "", contact_id: int | None = None) -> Op:
    """记录通话: an interaction with the customer (no planned follow-up)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: interactions.log(customer_id, summary=summary, method=method, feedback=feedback,
                                                    next_step=next_step, staff=operator, contact_id=contact_id))


def record_reveal(parent: QWidget | None, customer_id: int, what: str | None = None) -> Op:
    """Log that the current user looked at a customer's masked personal data (个人信息保护法). No
    view shows the log but the dossier, which reloads itself: nothing is broadcast."""
    operator = staff.current_operator()

    def work(_ctx) -> Changes:
        if what is None:
            privacy.record_reveal(customer_id, operator)
        else:
            privacy.record_reveal(customer_id, operator, what)
        return Changes()

    return Op(parent, work)


def pin_tier(parent: QWidget | None, customer_id: int, tier: str | None) -> Op:
    """Pin a customer to ``tier`` by hand, or unpin (``None``) so the rules apply again."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tiers.set_pinned(customer_id, tier, operator))


def recompute_tiers(parent: QWidget | None) -> Op:
    """Recompute every tier and churn warning now; the result is a ``RecomputeResult``."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tiers.recompute(operator=operator))


def archive_customers(parent: QWidget | None, customer_ids: Iterable[int]) -> Op:
    """Move customers to the archive (归档库)."""
    ids, operator = list(customer_ids), staff.current_operator()
    return Op(parent, lambda _ctx: lifecycle.archive(ids, operator))


def restore_archived(parent: QWidget | None, customer_ids: Iterable[int]) -> Op:
    """Bring archived customers back to the daily list."""
    ids, operator = list(customer_ids), staff.current_operator()
    return Op(parent, lambda _ctx: lifecycle.restore_archived(ids, operator))


def delete_customers(parent: QWidget | None, customer_ids: Iterable[int]) -> Op:
    """Move customers to the recycle bin (one bin entry each, restorable one by one)."""
    ids, operator = list(customer_ids), staff.current_operator()

    def work(_ctx) -> Changes:
        changes = Changes()
        for customer_id in ids:
            changes |= lifecycle.delete_customer(customer_id, operator)
        return changes

    return Op(parent, work)


def restore_from_bin(parent: QWidget | None, entry_id: int) -> Op:
    """Take an entry out of the recycle bin."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: recycle_bin.restore_from_bin(entry_id, operator))


def erase_personal_data(parent: QWidget | None, customer_id: int, reason: str) -> Op:
    """Wipe a customer's personal data for good (the reason is logged)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: lifecycle.erase_personal_data(customer_id, operator, reason))


def merge_customers(parent: QWidget | None, kept_id: int, merged_id: int) -> Op:
    """Merge a duplicate into the customer kept (undoable)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: merge.merge(kept_id, merged_id, operator))


def undo_merge(parent: QWidget | None, merge_id: int) -> Op:
    """Split a merge again."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: merge.undo_merge(merge_id, operator))


def print_dossier(parent: QWidget | None, customer_id: int, out: Path, *, visit: bool, purpose: str) -> Op:
    """Write the 客户档案 PDF to ``out``; the result is the path. ``visit`` prints the address and
    numbers for a site visit: a reveal, logged first (with ``purpose``) as such."""
    from crmdesk.io.pdf.dossier import write_dossier  # start-up: reportlab loads when first printed

    operator = staff.current_operator()

    def work(_ctx) -> Path:
        if visit:
            privacy.record_reveal(customer_id, operator, purpose)
        return write_dossier(customer_id, out, reveal=visit)

    return Op(parent, work)
