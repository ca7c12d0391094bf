"""Every write of a versioned record raises its version, not only the dialogs' saves (issue #19, schema 12).

A form opened before the daily tier recompute, an archive, a merge, an erasure, a restore from the recycle
bin or an import's update of the same customer must not write its old values back: its save conflicts.
Each test runs on SQLite and on PostgreSQL. The last test reads the source: a write of a versioned model
that forgets :mod:`crmdesk.core.store.versions` fails it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import crmdesk
from crmdesk.core.customers import bin_kinds, lifecycle, merge, tiers
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.reports import surveys
from crmdesk.core.store import recycle_bin, versions
from crmdesk.core.store.errors import ConflictError
from crmdesk.core.store.models import Contact, Customer, Ticket
from crmdesk.core.tickets import service as tickets
from crmdesk.io.importing.service import commit, preview
from tests.helpers.workbooks import write_xlsx

pytestmark = pytest.mark.both_engines


@pytest.fixture
def li(db):
    return staff.add("李晓梅", "clerk")


def _customer(name: str = "南京金陵机械有限公司", mobile: str = "13851230001", **extra: object) -> int:
    return customers.save(CustomerInput(name=name, type="customer", importance="B", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile=mobile, is_primary=True)], **extra)).customer_id


def _save_conflicts(customer_id: int, form: CustomerInput, who: str) -> ConflictError:
    form.notes = "客户要求周三上门"
    with pytest.raises(ConflictError) as refused:
        customers.save(form, customer_id=customer_id)
    assert refused.value.who == who and refused.value.version == Customer.get_by_id(customer_id).version
    assert Customer.get_by_id(customer_id).notes == ""  # nothing of the stale form was written
    return refused.value


def test_the_daily_tier_recompute_is_not_undone_by_a_form_opened_before(li) -> None:
    customer_id = _customer()
    Customer.update(tier="strategic").where(Customer.id == customer_id).execute()  # what the rules will change
    form = customers.load(customer_id)
    assert form.tier == "strategic"
    result = tiers.recompute()
    assert sum(result.changed.values()) == 1
    recomputed = Customer.get_by_id(customer_id).tier
    assert recomputed != "strategic"
    error = _save_conflicts(customer_id, form, versions.system())
    assert "系统" in error.message
    assert Customer.get_by_id(customer_id).tier == recomputed
    form.version = error.version  # 覆盖 after comparing: the user's own choice
    customers.save(form, customer_id=customer_id, operator=li)


def test_a_recompute_that_changes_nothing_leaves_versions_alone(li) -> None:
    customer_id = _customer()
    tiers.recompute()
    version = Customer.get_by_id(customer_id).version
    form = customers.load(customer_id)
    tiers.recompute()  # the same tiers and warnings: nothing written, so no open form is disturbed
    assert Customer.get_by_id(customer_id).version == version
    form.notes = "客户要求周三上门"
    customers.save(form, customer_id=customer_id, operator=li)


def test_archive_and_restore_raise_the_version(li) -> None:
    customer_id = _customer()
    form = customers.load(customer_id)
    lifecycle.archive([customer_id], li)
    _save_conflicts(customer_id, form, "李晓梅")
    form = customers.load(customer_id)
    lifecycle.restore_archived([customer_id])
    _save_conflicts(customer_id, form, "")


def test_a_merge_raises_the_kept_customer_s_version_and_its_moved_contacts(li) -> None:
    kept, merged = _customer(), _customer("南京金陵机械厂", mobile="13851230002")
    form = customers.load(kept)
    moved = Contact.get(Contact.customer == merged)
    merge.merge(kept, merged, li)
    _save_conflicts(kept, form, "李晓梅")
    assert Contact.get_by_id(moved.id).version > moved.version


def test_an_erasure_raises_the_version_of_the_customer_and_its_contacts(li) -> None:
    customer_id = _customer()
    form = customers.load(customer_id)
    contact = Contact.get(Contact.customer == customer_id)
    lifecycle.erase_personal_data(customer_id, li, "客户来函要求删除")
    _save_conflicts(customer_id, form, "李晓梅")
    assert (Contact.get_by_id(contact.id).version, Contact.get_by_id(contact.id).updated_by) == (
        contact.version + 1, "李晓梅")


def test_a_contact_restored_from_the_bin_is_not_deleted_again_by_an_older_form(li) -> None:
    customer_id = customers.save(CustomerInput(name="南京金陵机械有限公司", type="customer", importance="B", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True),
        ContactInput(name="孙莉", title="采购", mobile="13851230003")])).customer_id
    second = Contact.get(Contact.name == "孙莉")
    recycle_bin.move_to_bin(bin_kinds.CONTACT, second.id, li)
    form = customers.load(customer_id)  # one contact, opened while the other was in the bin
    entry = next(item for item in recycle_bin.recycle_bin("contact") if item.entity_id == second.id)
    recycle_bin.restore_from_bin(entry.id, li)
    _save_conflicts(customer_id, form, "")
    assert Contact.get_by_id(second.id).deleted_at is None  # the stale form did not delete it again


def test_an_import_that_updates_a_customer_conflicts_with_a_form_opened_before(li, tmp_path: Path) -> None:
    customer_id = _customer("深圳市华强电子有限公司", mobile="13812345678")
    filled, added = customers.load(customer_id), customers.load(customer_id)
    header = ["客户名称*", "所属行业", "联系人", "手机（必填）"]
    rows = [["深圳市华强电子有限公司", "电子", "钱进", "13812345678"]]
    outcome = commit(preview(write_xlsx(tmp_path / "a.xlsx", header, rows), "customers"), operator=li)
    assert outcome.updated == 1 and Customer.get_by_id(customer_id).industry == "电子"
    _save_conflicts(customer_id, filled, "李晓梅")
    # a batch that only adds a contact changes no column of the customer: its version rises all the same,
    # since the form saves the contacts it holds (and would delete the imported one)
    added = customers.load(customer_id)
    rows = [["深圳市华强电子有限公司", "", "新人", "13612345678"]]
    commit(preview(write_xlsx(tmp_path / "b.xlsx", header, rows), "customers"), operator=li)
    assert Contact.select().where(Contact.customer == customer_id).count() == 2
    _save_conflicts(customer_id, added, "李晓梅")
    assert Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null()).count() == 2


def test_ticket_writes_outside_the_form_raise_its_version(li) -> None:
    customer_id = _customer()
    ticket_id = tickets.create(customer_id, "切割头报警 E21", priority="normal").ticket_id
    loaded = Ticket.get_by_id(ticket_id).version
    surveys.record(customer_id, {"overall": 5}, method="phone", ticket_id=ticket_id, operator=li)
    with pytest.raises(ConflictError, match="李晓梅"):
        versions.check(Ticket, ticket_id, loaded)  # what the ticket form's save checks first
    loaded = Ticket.get_by_id(ticket_id).version
    recycle_bin.move_to_bin("ticket", ticket_id, li)
    with pytest.raises(ConflictError) as gone:
        versions.check(Ticket, ticket_id, loaded)
    assert Ticket.get_by_id(ticket_id).version == loaded + 1 and gone.value.gone  # 已被删除


# --------------------------------------------------------------------------- the source keeps the rule

_MODELS = {model.__name__ for model in versions.VERSIONED}
_RAW_UPDATE = re.compile(r"UPDATE\s+\"?(" + "|".join(versions.VERSIONED_TABLES) + r")\"?\s+SET\b", re.IGNORECASE)


def _stamped(node: ast.Call) -> bool:
    """An update call that adds ``**versions.stamp(…)`` or sets ``version`` itself."""
    for keyword in node.keywords:
        if keyword.arg == "version":
            return True
        if keyword.arg is None and "stamp" in ast.unparse(keyword.value):
            return True
    return False


def test_every_write_of_a_versioned_model_raises_its_version(engine) -> None:
    if engine != "sqlite":
        pytest.skip("reads the source: once is enough")
    missing: list[str] = []
    root = Path(crmdesk.__file__).parent
    for path in sorted([*root.glob("core/**/*.py"), *root.glob("io/**/*.py"), *root.glob("cli/**/*.py")]):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        pieces = {id(part) for joined in ast.walk(tree) if isinstance(joined, ast.JoinedStr) for part in joined.values}
        for node in ast.walk(tree):
            if id(node) in pieces:  # the text of an f-string: checked as a whole below
                continue
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            marked = any("version:" in line for line in lines[max(0, getattr(node, "lineno", 1) - 2):
                                                                  getattr(node, "end_lineno", 0) or 0])
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
                    and isinstance(node.func.value, ast.Name | ast.Attribute)
                    and (ast.unparse(node.func.value) in _MODELS or ast.unparse(node.func.value).endswith("model"))
                    and not _stamped(node) and not marked):
                missing.append(where)
            if isinstance(node, ast.Constant | ast.JoinedStr):
                source = ast.unparse(node)
                if _RAW_UPDATE.search(source) and "STAMP_SET" not in source and "version" not in source \
                        and not marked:
                    missing.append(where)
    assert not missing, "writes of versioned records without versions.stamp / STAMP_SET: " + ", ".join(missing)
