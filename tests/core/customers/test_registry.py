"""The registry query: one-box search, filters, SQL sorting, ids first."""

from __future__ import annotations

import pytest

from crmdesk.core.customers import lifecycle, registry
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


@pytest.fixture
def three(db):
    manager = staff.add("刘强", "owner")
    ids = {}
    for name, ctype, importance, industry, contact, mobile, tags in [
        ("深圳市华强电子有限公司", "customer", "A", "电子", "王建国", "13812345678", ["高价值"]),
        ("东莞市宏达机械有限公司", "prospect", "B", "机械设备", "李娜", "13900001111", ["价格敏感"]),
        ("杭州云图软件股份有限公司", "strategic", "C", "软件", "张华强", "18600005678", ["高价值", "功能定制"]),
    ]:
        result = customers.save(CustomerInput(name=name, type=ctype, importance=importance, industry=industry,
                                              account_manager_id=manager.id if importance == "A" else None,
                                              tags=tags, contacts=[ContactInput(name=contact, title="经理",
                                                                                mobile=mobile, is_primary=True)]))
        ids[name[:4]] = result.customer_id
    return ids


def _find(db, text: str, **filters) -> list[int]:
    return registry.customer_ids(RegistryQuery(text=text, **filters))


@pytest.mark.parametrize("text, expected", [
    ("华强", ["深圳市华", "杭州云图"]),          # 2 CJK characters: company name and contact name 张华强
    ("华强电子", ["深圳市华"]),                  # 3+ characters: trigram index
    ("宏达", ["东莞市宏"]),
    ("李娜", ["东莞市宏"]),                      # a contact's name
    ("5678", ["深圳市华", "杭州云图"]),          # last 4 digits of a mobile
    ("138 1234 5678", ["深圳市华"]),            # a full number, typed with spaces
    ("13812345678", ["深圳市华"]),
    ("高价值", ["深圳市华", "杭州云图"]),         # a tag
    ("功能定制", ["杭州云图"]),
    ("软件 高价值", ["杭州云图"]),               # several words: all must match
    ("不存在的客户", []),
])
def test_one_box_search(db, three, text, expected) -> None:
    assert sorted(_find(db, text)) == sorted(three[k] for k in expected)


def test_search_by_code(db, three) -> None:
    code = registry.fetch_rows([three["东莞市宏"]])[three["东莞市宏"]].code
    assert _find(db, code) == [three["东莞市宏"]]
    assert _find(db, code.lower()) == [three["东莞市宏"]]


def test_filters(db, three) -> None:
    assert _find(db, "", type="prospect") == [three["东莞市宏"]]
    assert _find(db, "", importance="C") == [three["杭州云图"]]
    assert _find(db, "", industry="电子") == [three["深圳市华"]]
    assert sorted(_find(db, "", tag="高价值")) == sorted([three["深圳市华"], three["杭州云图"]])
    manager = staff.active_staff()[0]
    assert _find(db, "", manager_id=manager.id) == [three["深圳市华"]]


def test_sorting_is_done_by_the_database(db, three) -> None:
    by_name = registry.customer_ids(RegistryQuery(sort_key="name"))
    names = [registry.fetch_rows([i])[i].name for i in by_name]
    assert names == sorted(names)
    desc = registry.customer_ids(RegistryQuery(sort_key="name", descending=True))
    assert desc == list(reversed(by_name))
    for key in registry.COLUMN_KEYS:
        assert sorted(registry.customer_ids(RegistryQuery(sort_key=key))) == sorted(three.values())


def test_archived_and_deleted_customers_leave_the_daily_list(db, three) -> None:
    lifecycle.archive([three["东莞市宏"]])
    lifecycle.delete_customer(three["杭州云图"])
    assert _find(db, "") == [three["深圳市华"]]
    assert sorted(_find(db, "", include_archived=True)) == sorted([three["深圳市华"], three["东莞市宏"]])
    assert _find(db, "宏达") == []
    assert _find(db, "宏达", include_archived=True) == [three["东莞市宏"]]


def test_rows_mask_mobiles_unless_revealed(db, three) -> None:
    cid = three["深圳市华"]
    row = registry.fetch_rows([cid])[cid]
    assert row.mobile_masked == "138****5678"
    assert row.contact == "王建国" and row.manager == "刘强"
    assert registry.fetch_rows([cid], reveal=True)[cid].mobile_masked == "13812345678"


def test_primary_contact_column_follows_every_contact_change(db, three) -> None:
    from crmdesk.core.store.models import Contact, Customer

    cid = three["深圳市华"]
    assert Customer.get_by_id(cid).primary_contact == "王建国"
    data = customers.load(cid)
    data.contacts[0].name = "王建华"
    data.contacts[0].is_primary = False
    data.contacts.append(ContactInput(name="赵敏", title="助理", mobile="13800000099", is_primary=True))
    customers.save(data, customer_id=cid)  # the dialog moved the primary role to 赵敏
    assert Customer.get_by_id(cid).primary_contact == "赵敏"
    Contact.delete().where(Contact.name == "赵敏").execute()
    assert Customer.get_by_id(cid).primary_contact is None  # nobody primary now


def test_primary_contact_column_follows_contacts_written_in_bulk(db, three, engine) -> None:
    """Contacts inserted by one statement (an import's COPY on a server: one trigger run over all of
    them, schema 15), moved to another customer, or edited in a column the sort does not read."""
    from crmdesk.core.store.db import sql
    from crmdesk.core.store.models import Contact, Customer

    first, second = three["深圳市华"], three["东莞市宏"]
    Contact.delete().where(Contact.customer == second).execute()
    assert Customer.get_by_id(second).primary_contact is None
    Contact.insert_many([
        {"customer": second, "name": "钱七", "is_primary": False},  # not primary: changes nothing
        {"customer": second, "name": "孙八", "is_primary": True},
        {"customer": second, "name": "周九", "is_primary": True},  # a second primary: the first by id counts
        {"customer": first, "name": "吴十", "is_primary": False}]).execute()
    assert Customer.get_by_id(second).primary_contact == "孙八"
    assert Customer.get_by_id(first).primary_contact == "王建国"

    def row_version() -> object:  # PostgreSQL: the row version's transaction id changes with every write
        return sql("SELECT xmin::text FROM customer WHERE id = ?", [first]).fetchone()[0]

    if engine == "postgresql":
        before = row_version()
        Contact.update(name="吴十").where(Contact.name == "吴十").execute()  # the same value
        Contact.insert_many([{"customer": first, "name": "郑一", "is_primary": False}]).execute()
        assert row_version() == before  # nothing to change: the customer's row was not rewritten
    Contact.update(customer=first).where(Contact.name == "孙八").execute()  # moved: both customers change
    assert Customer.get_by_id(second).primary_contact == "周九"
    assert Customer.get_by_id(first).primary_contact == "王建国"  # its own primary contact comes first by id
    Contact.update(name="王建民").where(Contact.name == "王建国").execute()
    assert Customer.get_by_id(first).primary_contact == "王建民"
    Contact.update(deleted_at=Contact.created_at).where(Contact.name == "王建民").execute()
    assert Customer.get_by_id(first).primary_contact == "孙八"


def test_sort_by_account_manager_follows_the_staff_names(db, three) -> None:
    from crmdesk.core.store.models import Customer

    second = staff.add("艾伦", "clerk")  # sorts after 刘强 (by code point, as SQLite compares text)
    Customer.update(account_manager=second.id).where(Customer.id == three["东莞市宏"]).execute()
    ids = registry.customer_ids(RegistryQuery(sort_key="manager"))
    assert ids == [three["杭州云图"], three["深圳市华"], three["东莞市宏"]]  # none, 刘强, 艾伦
    assert registry.customer_ids(RegistryQuery(sort_key="manager", descending=True)) == list(reversed(ids))


def test_sort_by_a_column_with_nulls_puts_them_first_ascending_and_last_descending(db, three) -> None:
    """SQLite's order on both engines (a server reads it as two index ranges: NULLs, then values)."""
    import datetime as dt

    from crmdesk.core.store.models import Customer

    Customer.update(last_contact_at=None).execute()
    Customer.update(last_contact_at=dt.datetime(2026, 3, 1)).where(Customer.id == three["杭州云图"]).execute()
    Customer.update(last_contact_at=dt.datetime(2026, 1, 1)).where(Customer.id == three["东莞市宏"]).execute()
    query = RegistryQuery(sort_key="last_contact")
    expected = [three["深圳市华"], three["东莞市宏"], three["杭州云图"]]  # no contact yet, January, March
    assert registry.customer_ids(query) == expected
    down = RegistryQuery(sort_key="last_contact", descending=True)
    assert registry.customer_ids(down) == list(reversed(expected))
    assert registry.materialize(down) == 3
    assert registry.view_ids(0, 100) == list(reversed(expected))
    assert registry.view_ids(2, 3) == [three["深圳市华"]]  # the NULL group, after the values
    assert registry.view_position(three["深圳市华"]) == 2
    assert registry.materialize(RegistryQuery(sort_key="last_contact", type="prospect")) == 1  # filters hold


def test_materialized_view_holds_the_same_order_as_the_id_query(db, three) -> None:
    for key in registry.COLUMN_KEYS:
        for descending in (False, True):
            query = RegistryQuery(sort_key=key, descending=descending)
            ids = registry.customer_ids(query)
            assert registry.materialize(query) == len(ids)
            assert registry.view_ids(0, 100) == ids
            assert registry.view_ids(1, 2) == ids[1:2]
            assert registry.view_position(ids[-1]) == len(ids) - 1
    assert registry.materialize(RegistryQuery(text="不存在")) == 0
    assert registry.view_position(three["深圳市华"]) == -1
