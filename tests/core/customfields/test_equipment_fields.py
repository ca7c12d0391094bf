"""Custom fields on equipment (设备, issue #17 part 2): defined, checked by name, written with the
machine's change log, sealed when sensitive, erased on request and dropped with a purged machine."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.customers import lifecycle
from crmdesk.core.customers.service import InvalidInput
from crmdesk.core.customfields import admin, fields, values
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.safety import secrets
from crmdesk.core.store import db as store
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import ChangeLog, CustomValue
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _input(cid: int, serial: str, custom: dict[int, str]) -> EquipmentInput:
    return EquipmentInput(customer_id=cid, model="激光切割机 3015", serial=serial, custom=custom)


def test_an_equipment_field_is_written_read_checked_and_logged(db) -> None:
    hours = admin.add("equipment", "运行小时", "number")[0]
    laser = admin.add("equipment", "激光器品牌", "choice", choices=["锐科", "IPG"], required=True)[0]
    assert [f.label for f in fields.fields("equipment")] == ["运行小时", "激光器品牌"]
    cid = make_customer("杭州科美模具有限公司")
    with pytest.raises(InvalidInput) as info:  # required, refused by the field's name with the built-in ones
        equipment.save(_input(cid, "", {hours.id: "十二", laser.id: ""}))  # as the form sends it
    refused = {e.field: e.message for e in info.value.errors}
    assert refused[laser.key] == "激光器品牌：必填，不能为空"
    assert refused[hours.key].startswith("运行小时：")
    assert "serial" in refused
    eid = equipment.save(_input(cid, "SN-1", {hours.id: "1,250", laser.id: "ipg"})).equipment_id
    assert equipment.load(eid).custom == {hours.id: "1250", laser.id: "IPG"}
    data = equipment.load(eid)
    data.custom[hours.id] = "1300"
    equipment.save(data, equipment_id=eid)
    logged = ChangeLog.get(ChangeLog.field == "设备激光切割机 3015（SN-1）·运行小时")
    assert (logged.old_value, logged.new_value, logged.customer_id) == ("1250", "1300", cid)
    data.custom[laser.id] = ""
    with pytest.raises(InvalidInput, match="必填，不能清空"):
        equipment.save(data, equipment_id=eid)
    with pytest.raises(ValidationError, match="内置字段"):
        admin.add("equipment", "序列号", "text")


def test_a_sensitive_equipment_value_is_sealed_never_logged_and_erased(db) -> None:
    code = admin.add("equipment", "设备开机密码", "text", sensitive=True)[0]
    cid = make_customer("宁波海天机械有限公司")
    eid = equipment.save(_input(cid, "SN-2", {code.id: "初始密码探针一"})).equipment_id
    stored = CustomValue.get(CustomValue.entity_id == eid).value
    assert stored.startswith(secrets.PREFIX) and "探针" not in stored
    data = equipment.load(eid)
    assert data.custom[code.id] == "初始密码探针一"
    data.custom[code.id] = "新密码探针二"
    equipment.save(data, equipment_id=eid)
    logged = ChangeLog.get(ChangeLog.field.endswith("·设备开机密码"))
    assert logged.old_value == values.HIDDEN and logged.new_value == values.HIDDEN
    lifecycle.erase_personal_data(cid, None, "本人申请删除")
    assert equipment.load(eid).custom[code.id] == ""


def test_a_purged_machine_takes_its_values_along(db) -> None:
    note = admin.add("equipment", "放置楼层", "text")[0]
    cid = make_customer("苏州精工机械有限公司")
    eid = equipment.save(_input(cid, "SN-3", {note.id: "三楼"})).equipment_id
    recycle_bin.move_to_bin(equipment.BIN, eid)
    assert CustomValue.select().where(CustomValue.entity_id == eid).count() == 1  # kept while in the bin
    recycle_bin.purge_expired(dt.date.today() + dt.timedelta(days=recycle_bin.keep_days() + 1))
    assert store.sql("SELECT count(*) FROM equipment WHERE id = ?", [eid]).fetchone()[0] == 0
    assert CustomValue.select().where(CustomValue.entity_id == eid).count() == 0
