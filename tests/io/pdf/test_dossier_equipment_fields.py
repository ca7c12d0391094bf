"""The dossier and its PDF (客户档案) list each machine's custom fields beside the built-in columns,
a sensitive value hidden unless revealed (issue #17 part 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmdesk.core.customers import dossier
from crmdesk.core.customfields import admin
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.io.pdf.dossier import write_dossier
from tests.helpers.factories import make_customer
from tests.helpers.pdf import pdf_text

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def test_the_dossier_and_its_pdf_print_the_machines_fields(db, tmp_path: Path) -> None:
    floor = admin.add("equipment", "放置楼层", "text")[0]
    code = admin.add("equipment", "开机密码", "text", sensitive=True)[0]
    cid = make_customer("杭州科美模具有限公司")
    equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="LC-1",
                                  custom={floor.id: "三楼东侧", code.id: "PW-86613"}))
    d = dossier.load(cid)
    assert d.equipment_custom == ["放置楼层", "开机密码"]
    assert d.equipment[0][-2] == "三楼东侧" and "PW-86613" not in d.equipment[0][-1] and d.equipment[0][-1]
    assert dossier.load(cid, reveal=True).equipment[0][-1] == "PW-86613"
    text = pdf_text(write_dossier(cid, tmp_path / "dossier.pdf")).replace("\n", "")
    assert "放置楼层" in text and "三楼东侧" in text and "开机密码" in text and "PW-86613" not in text
    shown = pdf_text(write_dossier(cid, tmp_path / "full.pdf", reveal=True)).replace("\n", "")
    assert "PW-86613" in shown
