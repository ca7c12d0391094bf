"""满意度报表: the KPIs of a period against the previous one, the charts, the lists and the PDFs (docs/spec.md §5).

The period picker chooses a month (the last complete month by default), the current month to date
(compared with the same days of the month before), a quarter or custom dates; the KPI service
(``core.reports.kpi.compute`` with the 12-month trend) runs on the reader thread (a read operation of
``crmdesk.ui.operations.reports``, so it never waits behind a save) and fills the pages — KPI
cards, charts, the 12-month table, the low-score and improvement lists (``ListsPanel``), the
equipment figures (``EquipmentReportPage``: by model, repeat faults, in/out of warranty) — each
on its own page, so nothing scrolls inside something that scrolls. Every card, chart point, bar
and table cell opens the items behind its number (``core.reports.items``, ``KpiDetailDialog``). The
buttons build the service report of the chosen period or the data-health report as a PDF in the
background and open it in the preview (print, save as).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.reports import items as kpi_items
from crmdesk.core.reports.kpi import KPIS, KpiSet, Period
from crmdesk.core.store import paths
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import SURVEY_DIMENSIONS, TICKET_CATEGORIES, TIERS
from crmdesk.ui import crash, labels, theme
from crmdesk.ui.dialogs.pdf_preview import PdfPreviewDialog
from crmdesk.ui.operations import reports as reports_ops
from crmdesk.ui.reports.cards import KpiCard, format_value
from crmdesk.ui.reports.charts import BarChart, LineChart
from crmdesk.ui.reports.detail_dialog import KpiDetailDialog
from crmdesk.ui.reports.dialogs import SurveyDialog, dimension_names
from crmdesk.ui.reports.equipment_page import EquipmentReportPage
from crmdesk.ui.reports.lists import ListsPanel
from crmdesk.ui.reports.team import TeamPanel
from crmdesk.ui.widgets import fill_table, make_readonly_table

TREND_MONTHS = 12
CARD_COLUMNS = 6
HOURS_SERIES = ("response_hours", "resolution_hours")
RATE_SERIES = ("on_time_response", "on_time_resolution", "one_time_rate", "resolution_rate")
# the KPI of each column of the 12-month table (the month column opens the tickets received)
TABLE_KEYS = ("received", "received", "resolved", "resolution_rate", "complaints", "csat", "csat100",
              "on_time_response", "on_time_resolution", "one_time_rate", "surveys")


def reports_folder() -> Path:
    """Where built PDFs are kept until the user saves them elsewhere (in the data folder)."""
    folder = paths.data_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pct(values: list[float | None]) -> list[float | None]:
    return [None if v is None else v * 100 for v in values]



class ReportsTab(QWidget):
    """Period picker, then pages without nested scrolling: KPI cards, charts, the 12-month table,
    low-score and improvement lists; the PDFs. Every number opens the items behind it."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.kpis: KpiSet | None = None
        self.preview: PdfPreviewDialog | None = None
        self.survey_dialog: SurveyDialog | None = None
        self.detail_dialog: KpiDetailDialog | None = None
        self._loading = False
        self._again = False
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_period_bar())
        self.period_label = QLabel()
        self.period_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        outer.addWidget(self.period_label)
        self.pages = QTabWidget()
        outer.addWidget(self.pages, 1)

        cards_page = QWidget()
        cards_layout = QVBoxLayout(cards_page)
        cards = QGridLayout()
        titles = self._kpi_titles()
        self.cards = {d.key: KpiCard(d.key, titles[d.key]) for d in KPIS}
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, i // CARD_COLUMNS, i % CARD_COLUMNS)
            card.activated.connect(self._on_card_activated)
        cards_layout.addLayout(cards)
        hint = QLabel(self.tr("Click a number, a point or a bar to see the tickets, surveys or customers behind it."))
        hint.setStyleSheet(theme.text_style(theme.MUTED))
        cards_layout.addWidget(hint)
        cards_layout.addStretch(1)
        self.pages.addTab(cards_page, self.tr("Key figures"))

        charts_page = QWidget()
        charts = QGridLayout(charts_page)
        self.csat_chart = LineChart(self.tr("Satisfaction (CSAT, 1–5), last 12 months"))
        self.hours_chart = LineChart(self.tr("Mean response and resolution time (hours)"))
        self.sla_chart = LineChart(self.tr("Resolution, on-time and one-time rates (%)"))
        self.category_chart = BarChart(self.tr("Tickets by category"))
        self.tier_chart = BarChart(self.tr("Customers by tier"))
        self.dimension_chart = BarChart(self.tr("Mean score per dimension"))
        for i, chart in enumerate((self.csat_chart, self.hours_chart, self.sla_chart, self.category_chart,
                                   self.tier_chart, self.dimension_chart)):
            charts.addWidget(chart, i // 3, i % 3)
        self.csat_chart.point_activated.connect(lambda _s, i: self._open_month("csat", i))
        self.hours_chart.point_activated.connect(lambda s, i: self._open_month(HOURS_SERIES[s], i))
        self.sla_chart.point_activated.connect(lambda s, i: self._open_month(RATE_SERIES[s], i))
        self.category_chart.point_activated.connect(self._on_category_chart_point_activated)
        self.tier_chart.point_activated.connect(self._on_tier_chart_point_activated)
        self.dimension_chart.point_activated.connect(self._on_dimension_chart_point_activated)
        self.pages.addTab(charts_page, self.tr("Trends and breakdowns"))

        self.table = make_readonly_table(QTableWidget(), [
            self.tr("Month"), self.tr("Received"), self.tr("Resolved"), self.tr("Resolution rate"),
            self.tr("Complaints"), self.tr("CSAT"), self.tr("Score (of 100)"), self.tr("On-time response"),
            self.tr("On-time resolution"), self.tr("One-time resolution"), self.tr("Surveys")])
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.pages.addTab(self.table, self.tr("Last 12 months"))
        self.lists = ListsPanel()
        self.pages.addTab(self.lists, self.tr("Low scores and improvements"))
        self.equipment = EquipmentReportPage(self.show_detail)
        self.pages.addTab(self.equipment, self.tr("Equipment"))
        self.team = TeamPanel()
        self.pages.addTab(self.team, self.tr("People and departments"))

    # ------------------------------------------------------------------ period picker

    def _build_period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.kind_combo = QComboBox()
        to_date = self.tr("This month to date (until %1)").replace("%1", f"{self.today.month}-{self.today.day}")
        for key, label in (("month", self.tr("Month")), ("mtd", to_date), ("quarter", self.tr("Quarter")),
                           ("custom", self.tr("Custom dates"))):
            self.kind_combo.addItem(label, key)
        start = QDate(self.today.year, self.today.month, 1)
        last = Period.last_complete_month(self.today).start  # a finished month, not a partial one
        self.month_edit = QDateEdit(QDate(last.year, last.month, 1))
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setCalendarPopup(True)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(last.year)
        self.quarter_combo = QComboBox()
        for q in range(1, 5):
            self.quarter_combo.addItem(self.tr("Q%1").replace("%1", str(q)), q)
        self.quarter_combo.setCurrentIndex((last.month - 1) // 3)
        self.from_edit = QDateEdit(start)
        self.to_edit = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.survey_button = QPushButton(self.tr("Record survey…"))
        self.monthly_button = QPushButton(self.tr("Service report (PDF)…"))
        self.health_button = QPushButton(self.tr("Data health report (PDF)…"))
        # the firm's written rules (售后服务流程规范, 客户资料管理制度) printed after the report
        self.policy_check = QCheckBox(self.tr("with the service policy"))
        bar.addWidget(QLabel(self.tr("Period:")))
        for widget in (self.kind_combo, self.month_edit, self.year_spin, self.quarter_combo, self.from_edit,
                       self.to_edit, self.refresh_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.survey_button, self.monthly_button, self.policy_check, self.health_button):
            bar.addWidget(widget)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.refresh_button.clicked.connect(self.reload)
        self.survey_button.clicked.connect(self._on_survey_button_clicked)
        self.monthly_button.clicked.connect(self._on_monthly_button_clicked)
        self.health_button.clicked.connect(self._on_health_button_clicked)
        self._on_kind_combo_current_index_changed()
        return bar

    def _on_kind_combo_current_index_changed(self, _index: int = 0) -> None:
        kind = self.kind_combo.currentData()
        self.month_edit.setVisible(kind == "month")
        self.year_spin.setVisible(kind == "quarter")
        self.quarter_combo.setVisible(kind == "quarter")
        self.from_edit.setVisible(kind == "custom")
        self.to_edit.setVisible(kind == "custom")

    def current_period(self) -> Period:
        """The period the picker names (``KnownError`` for custom dates that end before they start)."""
        kind = self.kind_combo.currentData()
        if kind == "mtd":
            return Period.month_to_date(self.today)
        if kind == "quarter":
            return Period.quarter(self.year_spin.value(), self.quarter_combo.currentData())
        if kind == "custom":
            first, last = self.from_edit.date(), self.to_edit.date()
            return Period.custom(dt.date(first.year(), first.month(), first.day()),
                                 dt.date(last.year(), last.month(), last.day()))
        month = self.month_edit.date()
        return Period.month(month.year(), month.month())

    def _kpi_titles(self) -> dict[str, str]:
        return {"received": self.tr("Tickets received"), "resolved": self.tr("Tickets resolved"),
                "resolution_rate": self.tr("Resolution rate"), "response_hours": self.tr("Mean first response"),
                "resolution_hours": self.tr("Mean resolution time"), "on_time_response": self.tr("On-time response"),
                "on_time_resolution": self.tr("On-time resolution"), "one_time_rate": self.tr("One-time resolution"),
                "complaints": self.tr("Complaints"), "complaint_on_time": self.tr("Complaints on time"),
                "callback_rate": self.tr("Callbacks completed"), "csat": self.tr("Satisfaction (CSAT, 1–5)"),
                "csat100": self.tr("Satisfaction (of 100)"), "low_share": self.tr("Low-score surveys"),
                "surveys": self.tr("Surveys"), "new_customers": self.tr("New customers"),
                "churn_rate": self.tr("Churn rate")}

    # ------------------------------------------------------------------ loading

    def refresh(self, changes: Changes | None = None) -> None:
        """Recompute when tickets, surveys or customers changed (or when shown after a change)."""
        if changes is not None and not changes.touches("tickets", "surveys", "customers", "followups", "settings",
                                                       "equipment"):
            return
        self.reload()

    def reload(self) -> None:
        """Compute the KPIs of the chosen period in the background (one load at a time)."""
        try:
            period = self.current_period()
        except KnownError as error:
            crash.show_known_error(error, self)
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        as_of = dt.datetime.now().replace(microsecond=0)

        def finished() -> None:  # after the KPIs were shown, or a failure went to the error handler
            self._loading = False
            if self._again:
                self._again = False
                self.reload()

        reports_ops.compute_kpis(self, period, as_of, trend_months=TREND_MONTHS).success(self.show_kpis) \
            .finally_(finished).run()
        self.lists.load(period)
        self.equipment.load(period)
        self.team.load(period)

    def show_kpis(self, k: KpiSet) -> None:
        """Fill the cards, charts and the monthly table from a computed KPI set."""
        self.kpis = k
        self.period_label.setText(self.tr("%1, compared with %2").replace("%1", k.period.label)
                                  .replace("%2", k.previous_period.label))
        for item in k.kpis:
            self.cards[item.key].show_kpi(item)
        months = [f"{v.period.start.month}" for v in k.trend]

        def series(key: str) -> list[float | None]:
            return [v.values[key] for v in k.trend]

        self.csat_chart.set_data(months, [(self.tr("CSAT"), series("csat"))], value_format=lambda v: f"{v:.1f}",
                                 ceiling=5)
        self.csat_chart.set_target(4.5)
        self.hours_chart.set_data(months, [(self.tr("First response"), series("response_hours")),
                                           (self.tr("Resolution"), series("resolution_hours"))],
                                  value_format=lambda v: f"{v:.0f}", floor=0)
        self.sla_chart.set_data(months, [(self.tr("On-time response"), _pct(series("on_time_response"))),
                                         (self.tr("On-time resolution"), _pct(series("on_time_resolution"))),
                                         (self.tr("One-time resolution"), _pct(series("one_time_rate"))),
                                         (self.tr("Resolution rate"), _pct(series("resolution_rate")))],
                                value_format=lambda v: f"{v:.0f}", ceiling=100)
        self.sla_chart.set_target(85)
        self.category_chart.set_data([labels.category(c) for c in TICKET_CATEGORIES],
                                     [(self.tr("This period"), [k.by_category.get(c, 0) for c in TICKET_CATEGORIES]),
                                      (self.tr("Previous"), [k.by_category_previous.get(c, 0)
                                                             for c in TICKET_CATEGORIES])],
                                     value_format=lambda v: f"{v:.0f}")
        self.tier_chart.set_data([labels.tier(t) for t in TIERS], [(self.tr("Customers"),
                                                                   [k.by_tier.get(t, 0) for t in TIERS])],
                                 value_format=lambda v: f"{v:.0f}")
        names = dimension_names()
        self.dimension_chart.set_data([names[d] for d in SURVEY_DIMENSIONS],
                                      [(self.tr("This period"), [k.dimensions.get(d) for d in SURVEY_DIMENSIONS]),
                                       (self.tr("Previous"), [k.dimensions_previous.get(d) for d in SURVEY_DIMENSIONS])],
                                      value_format=lambda v: f"{v:.2f}", ceiling=5)
        rows = []
        for v in reversed(k.trend):
            x = v.values
            rows.append([v.period.start.strftime("%Y-%m"), format_value("count", x["received"]),
                         format_value("count", x["resolved"]), format_value("percent", x["resolution_rate"]),
                         format_value("count", x["complaints"]),
                         format_value("score", x["csat"]), format_value("points", x["csat100"]),
                         format_value("percent", x["on_time_response"]), format_value("percent", x["on_time_resolution"]),
                         format_value("percent", x["one_time_rate"]), format_value("count", x["surveys"])])
        fill_table(self.table, rows)

    # ------------------------------------------------------------------ what is behind a number

    def open_detail(self, key: str, period: Period, **which: str) -> None:
        """List the items behind KPI ``key`` in ``period`` (``category``/``tier``/``dimension`` for a bar)."""
        as_of = dt.datetime.now().replace(microsecond=0)

        reports_ops.kpi_detail(self, key, period, as_of, **which).success(self.show_detail).run()

    def show_detail(self, found: kpi_items.Detail) -> None:
        """The items behind a number, in their own window."""
        self.detail_dialog = KpiDetailDialog(found, self)
        self.detail_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.detail_dialog.show()

    def _on_card_activated(self, key: str) -> None:
        if self.kpis is not None:
            self.open_detail(key, self.kpis.period)

    def _open_month(self, key: str, index: int) -> None:
        if self.kpis is not None and 0 <= index < len(self.kpis.trend):
            self.open_detail(key, self.kpis.trend[index].period)

    def _on_category_chart_point_activated(self, series: int, index: int) -> None:
        if self.kpis is not None:
            period = self.kpis.period if series == 0 else self.kpis.previous_period
            self.open_detail("received", period, category=list(TICKET_CATEGORIES)[index])

    def _on_tier_chart_point_activated(self, _series: int, index: int) -> None:
        if self.kpis is not None:
            self.open_detail("customers", self.kpis.period, tier=list(TIERS)[index])

    def _on_dimension_chart_point_activated(self, series: int, index: int) -> None:
        if self.kpis is not None:
            period = self.kpis.period if series == 0 else self.kpis.previous_period
            self.open_detail("surveys", period, dimension=list(SURVEY_DIMENSIONS)[index])

    def _on_table_double_clicked(self, index) -> None:
        if self.kpis is None or not 0 <= index.row() < len(self.kpis.trend):
            return
        month = list(reversed(self.kpis.trend))[index.row()].period  # the newest month first
        self.open_detail(TABLE_KEYS[max(index.column(), 1)], month)

    # ------------------------------------------------------------------ survey and PDFs

    def _on_survey_button_clicked(self) -> None:
        dialog = self.survey_dialog = SurveyDialog(today=dt.date.today(), parent=self)

        def save(values: dict[str, Any]) -> None:
            reports_ops.record_survey(self, values["customer_id"], values["scores"], method=values["method"],
                                      date=values["date"], comment=values["comment"]) \
                .success(lambda _result: dialog.accept()).failure(lambda error: dialog.show_error(error.message)).run()

        dialog.accepted_values.connect(save)
        dialog.open()

    def build_pdf(self, kind: str) -> None:
        """Build the service report of the chosen period (``monthly``) or the data-health report (``health``)."""
        if kind == "monthly":
            try:
                period = self.current_period()
            except KnownError as error:
                crash.show_known_error(error, self)
                return
            from crmdesk.io.pdf.monthly import document_title, title_of  # start-up: reportlab loads when first built

            stamp = {"month": period.start.strftime("%Y-%m"),
                     "quarter": f"{period.start.year}Q{(period.start.month - 1) // 3 + 1}"}.get(
                period.kind, f"{period.start:%Y%m%d}-{period.last_day:%Y%m%d}")
            title = document_title(period)
            op = reports_ops.build_monthly_report(self, period, reports_folder() / f"{title_of(period)}-{stamp}.pdf",
                                                  with_policy=self.policy_check.isChecked())
        else:
            from crmdesk.io.pdf.health import TITLE  # start-up: reportlab loads when first built

            title = TITLE
            op = reports_ops.build_health_report(self, reports_folder() / f"{TITLE}-{dt.date.today():%Y-%m-%d}.pdf")
        op.with_progress(self.tr("Building %1…").replace("%1", title)).success(lambda path: self.show_pdf(path, title)) \
            .run()

    def show_pdf(self, path: Path, title: str) -> None:
        """Open a built PDF in the preview (print, save as)."""
        self.preview = PdfPreviewDialog(path, title, self)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not one kept per report built
        self.preview.open()

    def _on_monthly_button_clicked(self) -> None:
        self.build_pdf("monthly")

    def _on_health_button_clicked(self) -> None:
        self.build_pdf("health")
