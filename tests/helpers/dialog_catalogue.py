"""Every dialog of the app and how a test opens it, on a copy of the demo database.

``discover()`` walks ``crmdesk.ui`` and names every ``QDialog`` subclass defined there;
``FACTORIES`` says how to build each one (some in several states: a new and an existing
ticket). The screen-fit test and the untranslated-text test both open ``open_all()``, and
fail on a dialog class the catalogue does not know, so a dialog added later is covered as
soon as it exists.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QWidget

from crmdesk.core.store.errors import ConflictError
from crmdesk.core.store.versions import Difference


@dataclass
class Env:
    """What the factories need: a folder, the per-PC state, ids of the demo database."""

    tmp: Path
    state: QSettings
    parent: QWidget | None = None

    def __post_init__(self) -> None:
        from crmdesk.core.store.models import Customer, FollowUp, Ticket

        self.db_path = self.tmp / "demo.db"
        rich = Customer.select().where(Customer.at_risk == True).first()  # noqa: E712 - peewee expression
        self.customer_id = (rich or Customer.select().first()).id
        self.working = Ticket.select().where(Ticket.stage == "in_progress").first()
        self.resolved = Ticket.select().where(Ticket.stage == "resolved").first()
        self.callback_id = (FollowUp.select(FollowUp.id).join(Ticket, on=(FollowUp.ticket == Ticket.id))
                            .where((FollowUp.kind == "callback") & (FollowUp.status == "planned")
                                   & (Ticket.stage == "resolved")).first().id)
        self.planned_id = FollowUp.select().where((FollowUp.status == "planned") & (FollowUp.kind != "callback")
                                                  & FollowUp.contact.is_null(False)).first().id
        self.fields = custom_fields()


    def sheet(self) -> Path:
        """A real PDF to preview (the ticket sheet of a ticket in progress)."""
        from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet

        return write_ticket_sheet(self.working.id, self.tmp / "sheet.pdf")


def custom_fields() -> dict[str, object]:
    """The owner's fields every dialog is opened with (generated form sections, columns, filters): the
    issue's 经销商 and 验收日期, a sensitive one, and fields on contacts and tickets (added once)."""
    from crmdesk.core.customfields import admin, fields

    wanted = [("customer", "经销商", "choice", ["华东一部", "华南二部", "西北三部"], False),
              ("customer", "验收日期", "date", [], False), ("customer", "法人身份证号", "text", [], True),
              ("contact", "所属微信群", "text", [], False), ("ticket", "设备型号", "choice", ["数控车床", "激光切割机"], False),
              ("ticket", "是否保内", "yes_no", [], False)]
    made: dict[str, object] = {}
    for entity, label, kind, choices, sensitive in wanted:
        found = next((f for f in fields.fields(entity) if f.label == label), None)
        made[label] = found or admin.add(entity, label, kind, choices=choices, sensitive=sensitive)[0]
    return made


def _custom_filter(env: Env) -> list[QDialog]:
    from crmdesk.core.customfields import fields

    return [_ui("customfields.filter_dialog", "CustomFilterDialog")(fields.fields("customer"), env.parent)]


def _ui(module: str, name: str) -> type:
    return getattr(importlib.import_module(f"crmdesk.ui.{module}"), name)


def _tickets(env: Env) -> list[QDialog]:
    dialog = _ui("tickets.ticket_dialog", "TicketDialog")
    return [dialog(env.parent), dialog(env.parent, ticket_id=env.working.id),
            dialog(env.parent, ticket_id=env.resolved.id)]


def _transition(name: str) -> Callable[[Env], list[QDialog]]:
    from crmdesk.core.tickets import records

    return lambda env: [_ui("tickets.transition_dialogs", name)(records.brief(env.working.id), env.parent)]


def _log_call(env: Env) -> list[QDialog]:
    from crmdesk.ui.followups import actions

    cls = _ui("followups.log_call_dialog", "LogCallDialog")
    return [cls(env.customer_id, "C2024001", env.parent),
            actions.complete(env.parent, env.planned_id)]


def _greetings(env: Env) -> list[QDialog]:
    from crmdesk.core.firm import lunar

    return [_ui("today.greetings", "GreetingListDialog")(lunar.festivals(dt.date.today().year)[0], env.parent)]


def _kpi_detail(env: Env) -> list[QDialog]:
    """The tickets behind last month's 受理工单 card."""
    from crmdesk.core.reports import items as kpi_items
    from crmdesk.core.reports.kpi import Period

    today = dt.date.today().replace(day=1)
    start = (today - dt.timedelta(days=1)).replace(day=1)
    found = kpi_items.detail("received", Period(start, today))
    return [_ui("reports.detail_dialog", "KpiDetailDialog")(found, env.parent)]


def _equipment(env: Env) -> list[QDialog]:
    """A new machine of the rich customer, and an existing machine with its service history."""
    from crmdesk.core.store.models import Equipment

    cls = _ui("equipment.dialog", "EquipmentDialog")
    machine = Equipment.select().where(Equipment.deleted_at.is_null()).order_by(Equipment.id).first()
    return [cls(env.parent, customer_id=env.customer_id, customer_label="C2024001 测试客户"),
            cls(env.parent, equipment_id=machine.id)]


def _conflict(env: Env) -> list[QDialog]:
    """Another PC saved the customer meanwhile, the comparison open (issue #19)."""
    error = ConflictError("已被 李晓梅 于 10:42 修改", who="李晓梅", version=3)
    rows = [Difference("industry", "机械", "电子"), Difference("region", "江苏苏州", "江苏南京"),
            Difference("notes", "客户要求周三上门，带上新的激光器和保养合同", "")]
    dialog = _ui("dialogs.conflict_dialog", "ConflictDialog")(
        error, rows, {"industry": "所属行业", "region": "所在地区", "notes": "备注"}, env.parent)
    dialog.compare_button.setChecked(True)
    return [dialog]


def _key(name: str, *args: object) -> Callable[[Env], list[QDialog]]:
    def build(env: Env) -> list[QDialog]:
        values = [env.db_path if a is Path else a for a in args]
        return [_ui("dialogs.key_dialogs", name)(*values, parent=env.parent)]

    return build


def _server_target() -> object:
    from crmdesk.core.store import server

    return server.ServerTarget("kefu1", "192.168.1.10", 5432, "crm2026")  # names of the office, not English words


FACTORIES: dict[str, Callable[[Env], list[QDialog]]] = {
    "crash_dialog.CrashDialog": lambda env: [_ui("crash_dialog", "CrashDialog")("Traceback: boom", env.tmp / "crmdesk.log",
                                                                  env.parent)],
    "dialogs.pdf_preview.PdfPreviewDialog": lambda env: [_ui("dialogs.pdf_preview", "PdfPreviewDialog")(env.sheet(), "服务工单",
                                                                                        env.parent)],
    "dialogs.about.AboutDialog": lambda env: [_ui("dialogs.about", "AboutDialog")(env.db_path, env.parent)],
    "dialogs.settings_dialog.SettingsDialog": lambda env: [
        _ui("dialogs.settings_dialog", "SettingsDialog")(env.state, env.parent)],
    "dialogs.org_dialog.OrgDialog": lambda env: [_ui("dialogs.org_dialog", "OrgDialog")(env.parent)],
    "dialogs.staff_dialog.StaffDialog": lambda env: [_ui("dialogs.staff_dialog", "StaffDialog")(env.parent)],
    "dialogs.operator_dialog.OperatorDialog": lambda env: [
        _ui("dialogs.operator_dialog", "OperatorDialog")(env.db_path, env.parent, at_start=True)],
    "dialogs.key_dialogs.RecoveryCodeDialog": _key("RecoveryCodeDialog", "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", Path),
    "dialogs.key_dialogs.UnlockDialog": _key("UnlockDialog", "请输入恢复码"),
    "dialogs.key_dialogs.NewPassphraseDialog": _key("NewPassphraseDialog", "没有密钥库"),
    "dialogs.server_password.ServerPasswordDialog": lambda env: [_ui("dialogs.server_password", "ServerPasswordDialog")(
        _server_target(), "服务器拒绝了密码。", env.parent)],
    "customers.dialog.CustomerDialog": lambda env: [_ui("customers.dialog", "CustomerDialog")(None, env.parent),
                                                    _ui("customers.dialog", "CustomerDialog")(env.customer_id,
                                                                                              env.parent)],
    "customers.contact_dialog.ContactDialog": lambda env: [
        _ui("customers.contact_dialog", "ContactDialog")(None, env.parent)],
    "customers.dossier.DossierDialog": lambda env: [_ui("customers.dossier", "DossierDialog")(env.customer_id,
                                                                                              env.parent)],
    "followups.log_call_dialog.LogCallDialog": _log_call,
    "equipment.dialog.EquipmentDialog": _equipment,
    "customers.tools.DuplicatesDialog": lambda env: [_ui("customers.tools", "DuplicatesDialog")(env.parent)],
    "customers.tools.ArchiveDialog": lambda env: [_ui("customers.tools", "ArchiveDialog")(env.parent)],
    "customers.tools.RecycleBinDialog": lambda env: [_ui("customers.tools", "RecycleBinDialog")(env.parent)],
    "safety.check_dialog.CheckDialog": lambda env: [_ui("safety.check_dialog", "CheckDialog")(env.db_path,
                                                                                              env.parent)],
    "safety.restore_dialog.RestoreDialog": lambda env: [_ui("safety.restore_dialog", "RestoreDialog")(
        env.db_path, env.parent)],
    "dialogs.conflict_dialog.ConflictDialog": _conflict,
    "dialogs.result_dialog.ResultDialog": lambda env: [_ui("dialogs.result_dialog", "ResultDialog")(
        "备份完成", "备份已保存并校验：\n" + str(env.tmp / "backups" / "demo-2026-11-20-manual.db") + "（12.5 MB）",
        "ok", env.parent, folder=env.tmp)],
    "excel.export_dialog.ExportDialog": lambda env: [_ui("excel.export_dialog", "ExportDialog")(env.parent)],
    "excel.import_history.ImportHistoryDialog": lambda env: [
        _ui("excel.import_history", "ImportHistoryDialog")(env.parent)],
    "excel.import_wizard.ImportWizard": lambda env: [_ui("excel.import_wizard", "ImportWizard")(env.parent)],
    "followups.actions.SkipDialog": lambda env: [_ui("followups.actions", "SkipDialog")(env.planned_id, env.parent)],
    "followups.followup_dialog.FollowUpDialog": lambda env: [
        _ui("followups.followup_dialog", "FollowUpDialog")(env.parent),
        _ui("followups.followup_dialog", "FollowUpDialog")(env.parent, followup_id=env.planned_id)],
    "calendar.tab.IcsDialog": lambda env: [_ui("calendar.tab", "IcsDialog")(
        dt.date.today(), dt.date.today() + dt.timedelta(days=30), env.parent)],
    "reports.dialogs.ImprovementDialog": lambda env: [_ui("reports.dialogs", "ImprovementDialog")(
        "服务响应 2 分", parent=env.parent)],
    "reports.dialogs.SurveyDialog": lambda env: [_ui("reports.dialogs", "SurveyDialog")(parent=env.parent)],
    "today.greetings.GreetingListDialog": _greetings,
    "tickets.callback_dialog.CallbackDialog": lambda env: [_ui("tickets.callback_dialog", "CallbackDialog")(
        env.callback_id, env.parent)],
    "tickets.knowledge_dialog.KnowledgeDialog": lambda env: [
        _ui("tickets.knowledge_dialog", "KnowledgeDialog")(env.parent)],
    "tickets.ticket_dialog.TicketDialog": _tickets,
    "tickets.transition_dialogs.TransitionDialog": lambda env: [],  # the base of the five below
    "form_dialog.FormDialog": lambda env: [],  # the base of the forms that ask before discarding
    "tickets.transition_dialogs.AssigneeDialog": _transition("AssigneeDialog"),
    "tickets.transition_dialogs.ResolveDialog": _transition("ResolveDialog"),
    "tickets.transition_dialogs.ClassifyDialog": _transition("ClassifyDialog"),
    "tickets.transition_dialogs.PauseDialog": _transition("PauseDialog"),
    "tickets.transition_dialogs.ReopenDialog": _transition("ReopenDialog"),
    "planning.capacity_dialog.CapacityDialog": lambda env: [
        _ui("planning.capacity_dialog", "CapacityDialog")(env.parent)],
    "reports.detail_dialog.KpiDetailDialog": _kpi_detail,
    "workcal.calendar_dialog.WorkCalendarDialog": lambda env: [
        _ui("workcal.calendar_dialog", "WorkCalendarDialog")(env.parent)],
    "workcal.notice_dialog.NoticeDialog": lambda env: [
        _ui("workcal.notice_dialog", "NoticeDialog")(dt.date.today().year + 1, env.parent)],
    "workcal.table_dialog.CalendarTableDialog": lambda env: [
        _ui("workcal.table_dialog", "CalendarTableDialog")(dt.date.today().year, env.parent)],
    "customfields.dialog.CustomFieldsDialog": lambda env: [
        _ui("customfields.dialog", "CustomFieldsDialog")(env.parent)],
    "customfields.dialog.FieldDialog": lambda env: [
        _ui("customfields.dialog", "FieldDialog")("customer", None, env.parent),
        _ui("customfields.dialog", "FieldDialog")("customer", env.fields["经销商"], env.parent),
        _ui("customfields.dialog", "FieldDialog")("customer", env.fields["法人身份证号"], env.parent)],
    "customfields.filter_dialog.CustomFilterDialog": _custom_filter,
}


def discover() -> set[str]:
    """The dialog classes defined in ``crmdesk.ui`` (names relative to it: ``module.Class``)."""
    import crmdesk.ui

    found = set()
    for info in pkgutil.walk_packages(crmdesk.ui.__path__, "crmdesk.ui."):
        if info.name.startswith("crmdesk.ui.forms"):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                found.add(f"{info.name.removeprefix('crmdesk.ui.')}.{name}")
    return found


def unknown() -> list[str]:
    """Dialog classes the catalogue cannot open (a test fails on them)."""
    return sorted(discover() - set(FACTORIES))


def open_all(env: Env) -> list[tuple[str, QDialog]]:
    """Build every dialog of the catalogue (not shown yet)."""
    dialogs = []
    for name, factory in FACTORIES.items():
        for dialog in factory(env):
            dialogs.append((name, dialog))
    return dialogs
