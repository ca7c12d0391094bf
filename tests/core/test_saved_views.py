"""Saved views (常用视图): named list states, shared, with a default per person."""

from __future__ import annotations

import pytest

from crmdesk.core import saved_views
from crmdesk.core.customers import registry
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customfields import admin
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.core.firm import staff
from crmdesk.core.store.errors import KnownError, ValidationError


def test_views_are_saved_renamed_deleted_and_defaults_are_per_person(db) -> None:
    li, wang = staff.add("李晓梅", "clerk"), staff.add("王强", "owner")
    view, _ = saved_views.save("customers", " 我的战略客户 ", {"type": "strategic"}, operator=li)
    assert view.name == "我的战略客户" and view.author == "李晓梅"
    with pytest.raises(ValidationError, match="已有名为“我的战略客户”的视图"):
        saved_views.save("customers", "我的战略客户", {})
    saved_views.save("tickets", "我的战略客户", {})  # another list: its own names
    other, _ = saved_views.save("customers", "风险客户", {"at_risk": True})
    saved_views.set_default("customers", view.id, li.id)
    saved_views.set_default("customers", other.id, wang.id)
    assert saved_views.default_for("customers", li.id).name == "我的战略客户"
    assert saved_views.default_for("customers", wang.id).name == "风险客户"
    assert saved_views.default_for("tickets", li.id) is None
    saved_views.rename(other.id, "流失预警")
    assert [v.name for v in saved_views.views("customers")] == ["我的战略客户", "流失预警"]
    saved_views.delete(view.id)
    assert saved_views.default_for("customers", li.id) is None  # the default went with the view
    with pytest.raises(KnownError, match="没有名为“我的战略客户”的常用视图；现有视图：流失预警"):
        saved_views.get("customers", "我的战略客户")
    # replacing a view keeps its id
    again, _ = saved_views.save("customers", "流失预警", {"at_risk": False}, replace=other.id)
    assert again.id == other.id and saved_views.get("customers", "流失预警").state == {"at_risk": False}


def test_a_registry_view_round_trips_and_says_what_it_lost(db) -> None:
    dealer = admin.add("customer", "经销商", "choice", choices=["华东一部", "华南二部"])[0]
    accepted = admin.add("customer", "验收日期", "date")[0]
    query = RegistryQuery(text="华强", type="strategic", at_risk=True, sort_key=accepted.key, descending=True,
                          custom=(CustomFilter(dealer.id, "is", "华东一部"),))
    state = registry.query_state(query, ["code", "name", dealer.key])
    saved_views.save("customers", "我的战略客户", state)
    back = registry.query_from_state(saved_views.get("customers", "我的战略客户").state)
    assert back.query == query and back.columns == ["code", "name", dealer.key] and back.dropped == []
    admin.hide(dealer.id)
    admin.hide(accepted.id)
    back = registry.query_from_state(saved_views.get("customers", "我的战略客户").state)
    assert back.query.custom == () and back.query.sort_key == "code"
    assert back.columns == ["code", "name"] and back.dropped == ["经销商：华东一部"]


def test_a_view_filtering_a_field_by_value_keeps_no_value_once_the_field_is_sensitive(db) -> None:
    """The view still opens (its filter becomes “filled”, the only one a sealed field allows) and its
    stored state no longer holds the value; a view's state written before is read the same way."""
    from crmdesk.core.store.models import SavedView

    hobby = admin.add("customer", "爱好", "text")[0]
    state = registry.query_state(RegistryQuery(custom=(CustomFilter(hobby.id, "contains", "青铜器"),)))
    saved_views.save("customers", "藏家", state)
    assert registry.query_from_state(state).query.custom == (CustomFilter(hobby.id, "contains", "青铜器"),)
    admin.update(hobby.id, sensitive=True)
    assert "青铜器" not in SavedView.get(SavedView.name == "藏家").state
    back = registry.query_from_state(saved_views.get("customers", "藏家").state)
    assert back.query.custom == (CustomFilter(hobby.id, "filled"),) and back.dropped == []
    registry.customer_ids(back.query)  # runs (a value filter on a sealed field would be refused)
    old = registry.query_from_state(state)  # an old copy of the state: the value filter is left out, said
    assert old.query.custom == () and old.dropped == ["爱好包含“青铜器”"]
