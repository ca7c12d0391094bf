"""Every write of a versioned record raises its version, not only the dialogs' saves (issue #19, schema 12).

A form opened before the daily tier recompute, an archive, a merge, an erasure, a restore from the recycle
bin or an import's update of the same customer must not write its old values back: its save conflicts.
Each test runs on SQLite and on PostgreSQL. The last tests read the source: a write of a versioned model
that forgets :mod:`crmdesk.core.store.versions` fails them.

What a form does not hold is not protected: a write of derived columns only (``versions.DERIVED``: the last
contact, the churn warning, a ticket's satisfaction) raises no version, so logging a call, a survey or a
callback while the customer form is open does not turn its save into a false conflict.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import crmdesk
from crmdesk.core.customers import bin_kinds, interactions, lifecycle, merge, tiers
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.reports import surveys
from crmdesk.core.store import recycle_bin, versions
from crmdesk.core.store.errors import ConflictError
from crmdesk.core.store.models import Contact, Customer, FollowUp, Ticket, now
from crmdesk.core.tickets import callbacks
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
    assert Ticket.get_by_id(ticket_id).satisfaction == 5
    versions.check(Ticket, ticket_id, loaded)  # the satisfaction is derived: no form writes it back
    tickets.update(ticket_id, notes="客户要求上门", operator=li)
    with pytest.raises(ConflictError, match="李晓梅"):
        versions.check(Ticket, ticket_id, loaded)  # what the ticket form's save checks first
    loaded = Ticket.get_by_id(ticket_id).version
    recycle_bin.move_to_bin("ticket", ticket_id, li)
    with pytest.raises(ConflictError) as gone:
        versions.check(Ticket, ticket_id, loaded)
    assert Ticket.get_by_id(ticket_id).version == loaded + 1 and gone.value.gone  # 已被删除


# --------------------------------------------------------------------------- derived columns: no false conflict

def _save_succeeds(customer_id: int, form: CustomerInput, operator: object) -> None:
    form.notes = "客户要求周三上门"
    customers.save(form, customer_id=customer_id, operator=operator)  # type: ignore[arg-type]
    assert Customer.get_by_id(customer_id).notes == "客户要求周三上门"


def test_an_interaction_logged_while_the_customer_form_is_open_is_no_conflict(li) -> None:
    customer_id = _customer()
    form = customers.load(customer_id)
    version = Customer.get_by_id(customer_id).version
    interactions.log(customer_id, summary="电话回访，设备运行正常", staff=li)
    after = Customer.get_by_id(customer_id)
    assert after.last_contact_at is not None and after.version == version
    _save_succeeds(customer_id, form, li)
    assert Customer.get_by_id(customer_id).last_contact_at == after.last_contact_at  # not written back


def test_a_survey_and_a_callback_while_the_customer_form_is_open_are_no_conflict(li) -> None:
    customer_id = _customer()
    ticket_id = tickets.create(customer_id, "切割头报警 E21", priority="normal", operator=li).ticket_id
    tickets.dispatch(ticket_id, li.id, operator=li)
    tickets.start(ticket_id, operator=li)
    tickets.resolve(ticket_id, "更换切割头", operator=li)
    form = customers.load(customer_id)
    surveys.record(customer_id, {"overall": 4}, method="phone", operator=li)
    followup = FollowUp.get((FollowUp.ticket == ticket_id) & (FollowUp.status == "planned"))
    callbacks.record_callback(followup.id, {"overall": 5}, "工程师很专业", True, li, at=now())
    contacted = Customer.get_by_id(customer_id).last_contact_at
    assert contacted is not None and Ticket.get_by_id(ticket_id).satisfaction == 5
    _save_succeeds(customer_id, form, li)
    assert Customer.get_by_id(customer_id).last_contact_at == contacted


def test_a_churn_warning_raised_while_the_customer_form_is_open_is_no_conflict(li) -> None:
    customer_id = _customer()
    tiers.recompute()  # the tier settles first: a tier change would be a real conflict (the form edits the tier)
    ticket_id = tickets.create(customer_id, "切割头报警 E21", priority="normal").ticket_id
    Ticket.update(resolution_due=now() - dt.timedelta(days=3)).where(Ticket.id == ticket_id).execute()
    form = customers.load(customer_id)
    tiers.recompute()
    warned = Customer.get_by_id(customer_id)
    assert warned.at_risk and warned.risk_reasons and warned.tier == form.tier
    _save_succeeds(customer_id, form, li)
    assert Customer.get_by_id(customer_id).at_risk  # the warning is kept


def test_the_same_customer_saved_on_two_forms_still_conflicts(li) -> None:
    customer_id = _customer()
    first, second = customers.load(customer_id), customers.load(customer_id)
    interactions.log(customer_id, summary="电话回访", staff=li)
    first.industry = "机械"
    customers.save(first, customer_id=customer_id, operator=li)
    error = _save_conflicts(customer_id, second, "李晓梅")
    assert Customer.get_by_id(customer_id).industry == "机械"
    second.version = error.version  # 覆盖: the user's own choice, the last contact stays
    customers.save(second, customer_id=customer_id, operator=li)
    assert Customer.get_by_id(customer_id).last_contact_at is not None


def test_derived_writes_refuse_a_column_a_form_holds() -> None:
    with pytest.raises(ValueError, match="notes"):
        versions.derived(Customer, last_contact_at=now(), notes="x")
    assert versions.protected("customer", ["tier"]) and versions.protected("customer", ["last_contact_at", "tier"])
    assert not versions.protected("customer", ["last_contact_at"]) and not versions.protected("customer_order", ["x"])


# --------------------------------------------------------------------------- the source keeps the rule

_MODELS = {model.__name__: model._meta.table_name for model in versions.VERSIONED}
_RAW_UPDATE = re.compile(r"UPDATE\s+\"?(" + "|".join(versions.VERSIONED_TABLES) + r")\"?\s+SET\b(.*?)(?:\bWHERE\b|$)",
                         re.IGNORECASE | re.DOTALL)
_SET_TERM = re.compile(r"\s*\"?(\w+)\"?\s*=")


def _stamped(node: ast.Call) -> bool:
    """An update call that adds ``**versions.stamp(…)`` or sets ``version`` itself."""
    for keyword in node.keywords:
        if keyword.arg == "version":
            return True
        if keyword.arg is None and "stamp" in ast.unparse(keyword.value):
            return True
    return False


def _derived_only(node: ast.Call, table: str | None) -> bool:
    """An update call whose only values are ``**versions.derived(Model, …)`` naming derived columns only."""
    if table is None or len(node.keywords) != 1 or node.keywords[0].arg is not None or node.args:
        return False
    call = node.keywords[0].value
    return (isinstance(call, ast.Call) and ast.unparse(call.func).endswith("derived")
            and all(k.arg in versions.DERIVED.get(table, ()) for k in call.keywords))


def _raw_derived_only(table: str, sets: str) -> bool:
    """A raw ``SET`` that names derived columns only (each term ``column = …``, no ``{…}`` left unread)."""
    terms = [term for term in re.split(r",(?![^(]*\))", sets) if term.strip()]
    columns = [_SET_TERM.match(term) for term in terms]
    return bool(terms) and "{" not in sets and all(
        m is not None and m.group(1).lower() in versions.DERIVED.get(table.lower(), ()) for m in columns)


def unversioned_writes(text: str) -> list[int]:
    """The lines of ``text`` (a module's source) that write a versioned model without raising its version:
    a peewee update without ``versions.stamp`` (or only derived columns through ``versions.derived``), a raw
    ``UPDATE`` without ``STAMP_SET`` (or setting only derived columns); a ``version:`` comment excuses one."""
    missing: list[int] = []
    lines = text.splitlines()
    tree = ast.parse(text)
    pieces = {id(part) for joined in ast.walk(tree) if isinstance(joined, ast.JoinedStr) for part in joined.values}
    for node in ast.walk(tree):
        if id(node) in pieces:  # the text of an f-string: checked as a whole below
            continue
        line = getattr(node, "lineno", 0)
        marked = any("version:" in text_line for text_line in lines[max(0, line - 2):getattr(node, "end_lineno", 0) or 0])
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
                and isinstance(node.func.value, ast.Name | ast.Attribute)):
            owner = ast.unparse(node.func.value)
            if (owner in _MODELS or owner.endswith("model")) and not _stamped(node) \
                    and not _derived_only(node, _MODELS.get(owner)) and not marked:
                missing.append(line)
        if isinstance(node, ast.Constant | ast.JoinedStr):
            source = ast.unparse(node)
            found = _RAW_UPDATE.search(source)
            if found and "STAMP_SET" not in source and "version" not in source and not marked \
                    and not _raw_derived_only(found.group(1), found.group(2)):
                missing.append(line)
    return missing


def test_every_write_of_a_versioned_model_raises_its_version(engine) -> None:
    if engine != "sqlite":
        pytest.skip("reads the source: once is enough")
    missing: list[str] = []
    root = Path(crmdesk.__file__).parent
    for path in sorted([*root.glob("core/**/*.py"), *root.glob("io/**/*.py"), *root.glob("cli/**/*.py")]):
        missing += [f"{path.relative_to(root)}:{line}" for line in unversioned_writes(path.read_text(encoding="utf-8"))]
    assert not missing, "writes of versioned records without versions.stamp / STAMP_SET: " + ", ".join(missing)


@pytest.mark.parametrize(("source", "caught"), [
    ("Customer.update(notes=n).where(Customer.id == i).execute()", True),
    ("Customer.update(notes=n, **versions.stamp(Customer, op)).execute()", False),
    ("Customer.update(**versions.derived(Customer, last_contact_at=at)).execute()", False),
    ("Customer.update(**versions.derived(Customer, tier=t)).execute()", True),  # the form edits the tier
    ("Customer.update(notes=n, **versions.derived(Customer, last_contact_at=at)).execute()", True),
    ("Ticket.update(**versions.derived(Ticket, satisfaction=5)).execute()", False),
    ("Contact.update(**versions.derived(Contact, last_contact_at=at)).execute()", True),
    ("db.sql('UPDATE customer SET at_risk = TRUE, risk_reasons = ? WHERE id = ?', p)", False),
    ("db.sql('UPDATE customer SET at_risk = TRUE, tier = ? WHERE id = ?', p)", True),
    ("db.sql(f'UPDATE customer SET at_risk = TRUE{sets} WHERE id = ?', p)", True),
    ("db.sql(f'UPDATE customer SET {versions.STAMP_SET}, tier = ? WHERE id = ?', p)", False),
    ("db.sql('UPDATE contact SET name = ? WHERE id = ?', p)", True),
    ("db.sql('UPDATE contact SET name = ? WHERE id = ?', p)  # version: raised above", False),
])
def test_the_source_check_tells_derived_writes_from_protected_ones(engine, source: str, caught: bool) -> None:
    if engine != "sqlite":
        pytest.skip("reads source text: once is enough")
    assert bool(unversioned_writes(source)) == caught
