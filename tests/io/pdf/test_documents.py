"""The PDF documents: the text a viewer extracts holds their headings and numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from crmdesk.core.store.errors import KnownError


def pdf_text(path: Path) -> str:
    """All the text of a PDF as a viewer's search sees it (pypdf's extraction)."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def embedded_fonts(path: Path) -> set[str]:
    """Base names of the fonts whose program is embedded in the file."""
    names = set()
    for page in PdfReader(path).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and any(k in descriptor.get_object()
                                                  for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]))
    return names


# --------------------------------------------------------------------------- ticket sheet


def test_ticket_sheet(demo_db, tmp_path: Path) -> None:
    from crmdesk.core.firm import settings
    from crmdesk.core.safety import secrets
    from crmdesk.core.store.models import AuditLog, Contact, Customer, Ticket
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet

    settings.put("firm_name", "杭州测试机电有限公司")
    ticket = Ticket.select().where(Ticket.contact.is_null(False) & (Ticket.category == "complaint")).first()
    customer = Customer.get_by_id(ticket.customer_id)
    mobile = secrets.reveal("contact", "mobile", Contact.get_by_id(ticket.contact_id).mobile)
    before = AuditLog.select().where(AuditLog.action == "reveal").count()
    out = write_ticket_sheet(ticket.id, tmp_path / "sheet.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    text = pdf_text(out)
    for expected in ("服务工单", ticket.number, customer.name, customer.code, mobile, "问题描述", "投诉",
                     "工程师签字", "客户签字", "第 1 页 / 共 1 页", "杭州测试机电有限公司"):
        assert expected in text, expected
    assert ticket.description[:10] in text.replace("\n", "")
    assert embedded_fonts(out), "the CJK font must be embedded so every viewer shows it"
    # printing the full mobile and address is a reveal of personal data: it is logged
    assert AuditLog.select().where(AuditLog.action == "reveal").count() == before + 1
    assert not list(tmp_path.glob(".report-*"))


def test_the_ticket_sheet_of_a_machine_with_a_contract_and_a_far_site_stays_one_page(demo_db, tmp_path: Path) -> None:
    """The engineer's sheet carries the machine (model, serial, the cover with its dates, contract, site) and
    still fits one A4 page when the cover and a long site address take two lines each."""
    from crmdesk.core.equipment import service as equipment
    from crmdesk.core.store.models import Ticket
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet

    ticket = Ticket.select().where(Ticket.equipment.is_null(False)).first()
    data = equipment.load(ticket.equipment_id)
    data.warranty_end, data.contract_no, data.contract_level = "2025-05-24", "WB2025-00046", "全保（含备件）"
    data.contract_start, data.contract_end = "2025-05-25", "2026-05-24"
    data.site_address = "广东省深圳市宝安区新安街道留仙二路中粮商务公园7栋东座1805室旁三号厂房二楼东侧车间" * 2
    equipment.save(data, equipment_id=ticket.equipment_id)
    out = write_ticket_sheet(ticket.id, tmp_path / "sheet.pdf")
    assert len(PdfReader(out).pages) == 1
    text = pdf_text(out).replace("\n", "")
    for expected in ("设备信息", data.model, data.serial, "维保合同至 2026-05-24", "WB2025-00046", "三号厂房二楼东侧车间",
                     "工程师签字", "第 1 页 / 共 1 页"):
        assert expected in text, expected


def test_ticket_sheet_refusals(demo_db, tmp_path: Path) -> None:
    from crmdesk.core.store.models import Ticket
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet

    with pytest.raises(KnownError):
        write_ticket_sheet(10**9, tmp_path / "x.pdf")
    ticket = Ticket.select().first()
    with pytest.raises(KnownError) as info:
        write_ticket_sheet(ticket.id, tmp_path / "no-such-folder" / "x.pdf")
    assert "no-such-folder" in info.value.message
    assert re.search("文件夹 .*no-such-folder 不存在", info.value.message)


def test_a_failed_build_leaves_no_file(demo_db, tmp_path: Path) -> None:
    """The temporary file is removed and an older report under the name is kept."""
    from crmdesk.io.pdf.common import build_pdf

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.pdf"
    out.write_bytes(b"old report")
    with pytest.raises(ZeroDivisionError):
        build_pdf(out, [_Exploding()], title="t")
    assert out.read_bytes() == b"old report"
    assert [p.name for p in folder.iterdir()] == ["r.pdf"]


class _Exploding:
    """A flowable that fails while the page is laid out."""

    def __getattr__(self, name: str):
        raise ZeroDivisionError(name)


# --------------------------------------------------------------------------- monthly report

AS_OF_DEMO = "2026-11-20 12:00"


def _as_of():
    import datetime as dt

    return dt.datetime.fromisoformat(AS_OF_DEMO)


def _region(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def _in_order(haystack: str, needles: list[str]) -> bool:
    """Whether the needles occur in this order (each after the previous one)."""
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


@pytest.fixture(scope="module")
def monthly_pdf(tmp_path_factory, demo_db_template):
    """The October 2026 report of the demo data, written once for the tests below."""
    import shutil

    from crmdesk.core.firm import settings
    from crmdesk.core.reports.kpi import Period
    from crmdesk.core.store import db as dbmod
    from crmdesk.io.pdf.monthly import write_monthly_report

    folder = tmp_path_factory.mktemp("monthly")
    shutil.copy(demo_db_template, folder / "demo.db")
    database = dbmod.open_database(folder / "demo.db")
    settings.put("firm_name", "苏州示范精工有限公司")
    out = write_monthly_report(Period.month(2026, 10), folder / "月报.pdf", as_of=_as_of())
    yield out, pdf_text(out)
    database.close()


def test_monthly_report_headings_pages_and_font(monthly_pdf) -> None:
    out, text = monthly_pdf
    pages = len(PdfReader(out).pages)
    assert pages >= 4
    assert _in_order(text, ["苏州示范精工有限公司", "月度服务报告", "2026年10月", "一、关键指标", "二、趋势与分布",
                            "客户满意度趋势", "响应与解决时长趋势", "时效达成率趋势", "本期工单类型分布", "客户层级分布",
                            "满意度各维度平均分", "三、超时工单", "四、客户投诉", "五、低分调查", "六、改进清单",
                            "附：指标说明"])
    for number in range(1, pages + 1):
        assert f"第 {number} 页 / 共 {pages} 页" in text
    assert embedded_fonts(out)


def test_monthly_report_numbers_equal_the_kpi_service(monthly_pdf, demo_db) -> None:
    from crmdesk.core.reports import kpi, surveys, team
    from crmdesk.core.reports import lists as kpi_lists
    from crmdesk.core.reports.kpi import Period, format_change, format_met, format_target, format_value

    _out, text = monthly_pdf
    period = Period.month(2026, 10)
    k = kpi.compute(period, _as_of())
    table = _region(text, "一、关键指标", "二、趋势与分布")
    for x in k.kpis:
        row = [x.definition.title("zh_CN"), format_value(x.definition.unit, x.value),
               format_value(x.definition.unit, x.previous), format_change(x), format_target(x.definition),
               format_met(x)]
        assert _in_order(table, row), row
    assert k.value("received") > 0 and k.value("csat") is not None  # the demo month is not empty
    overdue, _lines = kpi_lists.overdue(period, _as_of())
    assert f"共 {overdue} 张" in _region(text, "三、超时工单", "四、客户投诉")
    complaints, lines = kpi_lists.complaints(period, _as_of())
    section = _region(text, "四、客户投诉", "五、低分调查")
    assert f"共 {complaints} 起" in section
    assert all(line.number in section.replace("\n", "") for line in lines)
    low, _lines = kpi_lists.low_scores(period)
    assert f"共 {low} 份" in _region(text, "五、低分调查", "六、改进清单")
    items = surveys.improvements_for(period)
    assert f"改进事项共 {len(items)} 项" in _region(text, "六、改进清单", "七、人员与部门")
    # each department's and person's figures, as the reports tab's 人员与部门 page computes them
    kpis = team.compute(period, _as_of())
    section = _region(text, "七、人员与部门", "附：指标说明")
    people = [row for row in kpis.people if row.get("received").value]
    assert people and {row.department for row in people} >= {"技术服务部"}
    for row in [*kpis.departments, *people]:
        if row.get("received").value:
            figures = [format_value(row.get(key).definition.unit, row.get(key).value) for key in ("received", "resolved")]
            assert _in_order(section, [row.name, *figures]), row.name


def test_monthly_report_of_the_hand_built_month(db, tmp_path: Path) -> None:
    """Numbers worked out by hand appear as printed: CSAT 3.80 / 76.0, 2 of 3 answered on time."""
    import datetime as dt

    from crmdesk.core.reports.kpi import Period
    from crmdesk.core.store.models import Customer, Survey, Ticket
    from crmdesk.io.pdf.monthly import write_monthly_report

    c = Customer.create(code="C2026001", name="宁波海曙测试有限公司", name_norm="宁波海曙测试")
    for day, overall in ((3, 5), (9, 3), (20, 4), (28, 5), (30, 2)):
        Survey.create(customer=c, date=dt.date(2026, 10, day), overall=overall, quality=overall)
    # created at 09:00; answered after 1 h, 6 h and 2 h; response dues at 13:00, 13:00, 12:00
    for n, (day, answered, due) in enumerate([(2, 10, 13), (3, 15, 13), (10, 11, 12)], start=1):
        Ticket.create(number=f"GD202610{n:02d}-001", customer=c, created_at=dt.datetime(2026, 10, day, 9),
                      first_response_at=dt.datetime(2026, 10, day, answered),
                      response_due=dt.datetime(2026, 10, day, due), stage="in_progress")
    out = write_monthly_report(Period.month(2026, 10), tmp_path / "r.pdf", as_of=dt.datetime(2026, 11, 5, 12))
    table = _region(pdf_text(out), "一、关键指标", "二、趋势与分布")
    assert _in_order(table, ["受理工单", "3", "0", "+3"])
    assert _in_order(table, ["平均首次响应时长", "3.0 小时"])  # (1 + 6 + 2) / 3
    assert _in_order(table, ["响应及时率", "66.7%"])  # the first and the third answered by their due
    assert _in_order(table, ["客户满意度（5分制）", "3.80", "—", "—", "≥ 4.50", "未达标"])
    assert _in_order(table, ["客户满意度（百分制）", "76.0"])
    assert _in_order(table, ["低分调查占比", "40.0%"])  # 3 and 2 of five surveys


def test_quarter_report_has_its_own_title(demo_db, tmp_path: Path) -> None:
    from crmdesk.core.reports.kpi import Period
    from crmdesk.io.pdf.monthly import write_monthly_report

    out = write_monthly_report(Period.quarter(2026, 3), tmp_path / "q.pdf", as_of=_as_of())
    text = pdf_text(out)
    assert "季度服务报告" in text and "2026年第3季度" in text and "2026年第2季度" in text


# --------------------------------------------------------------------------- dossier


def test_dossier_pdf(demo_db, tmp_path: Path) -> None:
    from crmdesk.core.safety import secrets
    from crmdesk.core.store.models import Contact, Customer, Order, Ticket
    from crmdesk.io.pdf.dossier import customer_id_by_code, write_dossier

    customer = (Customer.select().join(Ticket, on=(Ticket.customer == Customer.id))
                .where(Customer.deleted_at.is_null() & Customer.merged_into.is_null()).first())
    contact = Contact.select().where((Contact.customer == customer.id) & (Contact.mobile != "")).first()
    mobile = secrets.reveal("contact", "mobile", contact.mobile)
    assert customer_id_by_code(customer.code) == customer.id
    out = write_dossier(customer.id, tmp_path / "dossier.pdf")
    text = pdf_text(out)
    flat = text.replace("\n", "")
    assert _in_order(text, ["客户档案", customer.name, "基本信息", "联系人", "交易记录", "服务工单", "互动记录",
                            "满意度调查", "变更记录"])
    assert customer.code in text and contact.name in text
    assert f"{mobile[:3]}****{mobile[-4:]}" in text and mobile not in flat  # masked unless revealed
    for t in Ticket.select().where((Ticket.customer == customer.id) & Ticket.deleted_at.is_null()):
        assert t.number in flat
    for o in Order.select().where(Order.customer == customer.id):
        assert o.contract_no in flat
    revealed = pdf_text(write_dossier(customer.id, tmp_path / "full.pdf", reveal=True)).replace("\n", "")
    assert mobile in revealed


def test_very_long_texts_are_printed_not_crashed_on(demo_db, tmp_path: Path) -> None:
    """A pasted e-mail as a summary, a long description and solution: the PDFs are still built."""
    from crmdesk.core.store.models import Interaction, Ticket
    from crmdesk.io.pdf.dossier import write_dossier
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet

    long_text = "客户反映设备故障多次，" * 300  # 3,300 characters: taller than a page in a table cell
    interaction = Interaction.select().first()
    Interaction.update(summary=long_text).where(Interaction.id == interaction.id).execute()
    out = write_dossier(interaction.customer_id, tmp_path / "long.pdf")
    flat = pdf_text(out).replace("\n", "")
    assert "客户反映设备故障多次" in flat and "以下从略" in flat and "3300" in flat

    ticket = Ticket.select().where(Ticket.stage == "in_progress").first()
    solution = "更换主板并重新校准参数，" * 60  # 720 characters: more than the 62 mm box holds
    Ticket.update(description=long_text[:400], solution=solution).where(Ticket.id == ticket.id).execute()
    sheet = write_ticket_sheet(ticket.id, tmp_path / "sheet.pdf")
    text = pdf_text(sheet).replace("\n", "")
    assert text.count("更换主板并重新校准参数") == 60  # all of it, in a box that grew to hold it
    assert "客户签字" in text or "签字" in text


def test_dossier_lookup_refusals(demo_db) -> None:
    from crmdesk.core.store.models import Customer
    from crmdesk.io.pdf.dossier import customer_id_by_code

    with pytest.raises(KnownError) as info:
        customer_id_by_code("C1999999")
    assert "C1999999" in info.value.message
    a, b = Customer.select().limit(2)
    Customer.update(merged_into=b.id).where(Customer.id == a.id).execute()
    with pytest.raises(KnownError) as info:
        customer_id_by_code(a.code)
    assert b.code in info.value.message


# --------------------------------------------------------------------------- data health


def test_health_report(demo_db, tmp_path: Path) -> None:
    from crmdesk.core.customers import merge
    from crmdesk.core.reports import quality as kpi_quality
    from crmdesk.core.reports.kpi import format_value
    from crmdesk.io.pdf.health import write_health_report

    h = kpi_quality.health(_as_of())
    out = write_health_report(tmp_path / "health.pdf", as_of=_as_of())
    text = pdf_text(out)
    flat = text.replace("\n", "")
    assert _in_order(text, ["现状诊断报告", "一、最需要处理的问题", "二、字段缺失率", "三、疑似重复客户",
                            "四、响应与解决时长", "五、一次解决率"])
    assert f"客户 {h.customers} 户" in text and f"工单 {h.tickets} 张" in text
    assert 3 <= len(h.problems) <= 5
    for problem in h.problems:
        assert problem[:20] in flat
    fields = _region(text, "二、字段缺失率", "三、疑似重复客户")
    for m in h.fields:
        assert _in_order(fields, [m.label, str(m.missing), format_value("percent", m.rate)]), m
    groups = merge.duplicate_groups()
    assert groups, "the demo data holds duplicates on purpose"
    assert f"共 {len(groups)} 组" in flat
    assert groups[0].customers[0][1] in flat
    assert f"一次解决率 {format_value('percent', h.one_time_rate)}" in flat
    assert _in_order(_region(text, "四、响应与解决时长", "五、一次解决率"),
                     ["首次响应时长", str(h.response.count), format_value("hours", h.response.mean),
                      format_value("hours", h.response.median)])


def test_report_files_are_readable_by_others(demo_db, tmp_path: Path) -> None:
    import os
    import stat
    import sys

    from crmdesk.io.pdf.health import write_health_report

    out = write_health_report(tmp_path / "h.pdf")
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o644  # not mkstemp's private 0600


def test_monthly_report_prints_the_bounded_resolution_rate(monthly_pdf, demo_db) -> None:
    """#14: the appendix states 解决率 as received-and-resolved-by-the-end / received (≤ 100 %), and the
    trend chart carries it."""
    from crmdesk.core.reports import kpi
    from crmdesk.core.reports.kpi import Period, format_value

    _out, text = monthly_pdf
    flat = text.replace("\n", "")
    assert "期内受理且在期末前解决的工单 ÷ 期内受理的工单（不超过100%）" in flat
    assert "解决率与时效达成率趋势" in flat
    k = kpi.compute(Period.month(2026, 10), _as_of())
    assert 0 <= k.value("resolution_rate") <= 1
    assert format_value("percent", k.value("resolution_rate")) in _region(text, "一、关键指标", "二、趋势与分布")


def test_ticket_sheet_prints_the_ticket_fields_with_boxes_for_empty_ones(db, tmp_path: Path) -> None:
    """The engineer's sheet shows the tickets' custom fields: a value as it is, a sensitive one hidden,
    an empty yes/no (or a short list) as boxes to tick on site."""
    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.service import ContactInput, CustomerInput
    from crmdesk.core.customfields import admin
    from crmdesk.core.tickets import service as tickets
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet

    model = admin.add("ticket", "设备型号", "text")[0]
    admin.add("ticket", "是否在保", "yes_no")
    admin.add("ticket", "故障部位", "choice", choices=["主轴", "电气", "液压"])
    code = admin.add("ticket", "门禁密码", "text", sensitive=True)[0]
    cid = customers.save(CustomerInput(name="甲公司", contacts=[
        ContactInput(name="张伟", title="经理", mobile="13812345678", is_primary=True)])).customer_id
    ticket_id = tickets.create(cid, "主轴异响", custom={model.id: "KM-300", code.id: "8842"}).ticket_id
    out = write_ticket_sheet(ticket_id, tmp_path / "sheet.pdf")
    assert len(PdfReader(out).pages) == 1
    text = pdf_text(out).replace("\n", " ")
    for expected in ("设备型号", "KM-300", "是否在保", "□ 是", "□ 否", "故障部位", "□ 主轴", "□ 液压", "门禁密码",
                     "已填写（隐藏）"):
        assert expected in text, expected
    assert "8842" not in text
