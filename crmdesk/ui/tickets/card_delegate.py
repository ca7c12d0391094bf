"""How a ticket card looks: the painted card of the board and the texts it shows.

A card is painted, not built from widgets: a column of 3,000 open tickets is one list view whose
delegate draws the few cards on screen. The card texts live here too (time left, the due, the
pause), so the list view shows the same words as the cards.

Time left is counted in the due's own clock: working time for most tickets ("剩 1 个工作日 3
小时" is a working day and three working hours), calendar time for urgent ones. Time past a due
is real time since it passed ("超时 1 天 2 小时"), which is what a caller who waits feels.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from crmdesk.core.tickets.board import Card
from crmdesk.core.tickets.records import RESOLVED_STAGES
from crmdesk.ui import labels, theme

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
CONTEXT = "TicketCard"

PRIORITY_COLORS = {key: QColor(value) for key, value in theme.PRIORITY_COLORS.items()}
PRIORITY_UNKNOWN = QColor(theme.PRIORITY_UNKNOWN)
# (text, background, border) of the time-left pill and the card's frame per SLA state
STATE_COLORS = {key: tuple(None if c is None else QColor(c) for c in colours)
                for key, colours in theme.SLA_STATE_COLORS.items()}
CARD_HEIGHT = 114

_KINDS = {
    "response": QT_TRANSLATE_NOOP("TicketCard", "Response"),
    "resolution": QT_TRANSLATE_NOOP("TicketCard", "Resolution"),
}
# every other card text, by a short key (lupdate reads the QT_TRANSLATE_NOOP calls)
_TEXTS = {
    "days": QT_TRANSLATE_NOOP("TicketCard", "%1 d"),
    "working_days": QT_TRANSLATE_NOOP("TicketCard", "%1 working days"),
    "hours": QT_TRANSLATE_NOOP("TicketCard", "%1 h"),
    "minutes": QT_TRANSLATE_NOOP("TicketCard", "%1 min"),
    "instant": QT_TRANSLATE_NOOP("TicketCard", "under a minute"),
    "left": QT_TRANSLATE_NOOP("TicketCard", "%1 left"),
    "overdue": QT_TRANSLATE_NOOP("TicketCard", "%1 overdue"),
    "late": QT_TRANSLATE_NOOP("TicketCard", "Resolved %1 late"),
    "in_time": QT_TRANSLATE_NOOP("TicketCard", "Resolved in time"),
    "no_due": QT_TRANSLATE_NOOP("TicketCard", "No due time"),
    "unassigned": QT_TRANSLATE_NOOP("TicketCard", "Unassigned"),
    "paused": QT_TRANSLATE_NOOP("TicketCard", "Paused"),
    "paused_because": QT_TRANSLATE_NOOP("TicketCard", "Paused: %1"),
    "severity": QT_TRANSLATE_NOOP("TicketCard", "%1 (%2)"),
    "due": QT_TRANSLATE_NOOP("TicketCard", "%1 due %2 (%3)"),
    "calendar": QT_TRANSLATE_NOOP("TicketCard", "calendar time"),
    "working": QT_TRANSLATE_NOOP("TicketCard", "working time"),
}


def text(key: str, *args: object) -> str:
    """A card text in the current language, with ``%1``, ``%2``… filled from ``args``."""
    result = QCoreApplication.translate(CONTEXT, _TEXTS[key])
    for number, value in enumerate(args, start=1):
        result = result.replace(f"%{number}", str(value))
    return result


def _lookup(table: dict[str, str], value: str) -> str:
    source = table.get(value)
    return QCoreApplication.translate(CONTEXT, source) if source else value


def due_kind(value: str) -> str:
    """Which due the card counts to: response or resolution."""
    return _lookup(_KINDS, value) if value else ""


def category_text(card: Card) -> str:
    """The category, with the severity of a complaint: "投诉（严重）"."""
    name = labels.category(card.category)
    if card.category == "complaint" and card.severity:
        return text("severity", name, labels.severity(card.severity))
    return name


def duration_text(seconds: float, working_day: int | None = None) -> str:
    """A span as the desk says it: "3 小时 20 分", "1 天 2 小时", "2 个工作日 3 小时".

    ``working_day`` (the seconds of one working day) counts days as working days; without it
    a day is 24 hours. Minutes are dropped once there are days, and never rounded up.
    """
    seconds = max(0, int(seconds))
    day = working_day or 86_400
    days, rest = divmod(seconds, day)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        first = text("working_days" if working_day else "days", days)
        return first + (" " + text("hours", hours) if hours else "")
    if hours:
        return text("hours", hours) + (" " + text("minutes", minutes) if minutes else "")
    return text("minutes", minutes) if minutes else text("instant")


def time_text(card: Card, now: dt.datetime, working_day: int) -> str:
    """What the card says about its clock: "剩 3 小时 20 分", "超时 1 天 2 小时", "按时解决"."""
    if card.due is None or card.seconds_left is None:
        return text("no_due")
    finished = card.stage in RESOLVED_STAGES
    if card.state == "red":
        late = duration_text(((card.stopped_at or now) - card.due).total_seconds())
        return text("late" if finished else "overdue", late)
    if finished:
        return text("in_time")
    return text("left", duration_text(card.seconds_left, None if card.calendar else working_day))


def tooltip(card: Card) -> str:
    """The details a card has no room for: the due moment and its clock, the pause."""
    lines = [f"{card.number}  {card.customer}", f"{category_text(card)} · {labels.priority(card.priority)}"]
    if card.model:
        lines.append(card.model)
    if card.summary:
        lines.append(card.summary)
    if card.due is not None:
        lines.append(text("due", due_kind(card.due_kind), card.due.strftime("%Y-%m-%d %H:%M"),
                          text("calendar" if card.calendar else "working")))
    if card.paused:
        lines.append(text("paused_because", labels.pause_reason(card.pause_reason)))
    return "\n".join(lines)


def state_key(card: Card) -> str:
    """Which colours the card's clock takes: "done" for a finished ticket resolved in time, "paused"
    for a waiting one whose clock stands still (a breached one stays red)."""
    if card.stage in RESOLVED_STAGES and card.state in ("ok", "amber"):
        return "done"
    if card.paused and card.stopped_at is not None and card.state != "red":
        return "paused"
    return card.state


class _Fonts:
    """The card's three fonts and their metrics, made once per view font (painting stays cheap)."""

    def __init__(self, base: QFont) -> None:
        self.base = QFont(base)
        self.small = QFont(base)
        self.small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.base_metrics = QFontMetrics(self.base)
        self.small_metrics = QFontMetrics(self.small)
        self.bold_metrics = QFontMetrics(self.bold)
        self.line = self.base_metrics.height()


class CardDelegate(QStyledItemDelegate):
    """Paints one ticket card: priority stripe, number, customer, category, machine model and assignee, time left.

    ``now`` and ``working_day`` are set by the board each time its clock ticks, so the texts follow
    the cards' recomputed time left without a query.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.now = dt.datetime.now()
        self.working_day = 27_000
        self._fonts: dict[str, _Fonts] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(180, CARD_HEIGHT)

    def fonts(self, font: QFont) -> _Fonts:
        """The fonts of a view whose font is ``font``."""
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = _Fonts(font)
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        card: Card | None = index.data(CARD_ROLE)
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(6, 4, -6, -4)
        key = state_key(card)
        self._paint_frame(painter, option, rect, card, key)
        fonts = self.fonts(option.font)
        inner = rect.adjusted(14, 6, -8, -6)
        chip_on_first_line = self._paint_number(painter, fonts, inner, card)
        # the customer (beside the priority chip when the number left no room for it)
        y = inner.top() + fonts.line + 3
        line = QRect(inner.left(), y, inner.width(), fonts.line)
        if not chip_on_first_line:
            line.setRight(line.right() - self._paint_chip(painter, fonts, line, card) - 6)
        painter.setFont(fonts.base)
        painter.setPen(QColor(theme.CARD_TITLE))
        customer = fonts.base_metrics.elidedText(card.customer or "", Qt.TextElideMode.ElideRight, line.width())
        painter.drawText(line, Qt.AlignmentFlag.AlignVCenter, customer)
        # the problem in one line, then category · assignee
        painter.setFont(fonts.small)
        small = fonts.small_metrics.height()
        y += fonts.line + 2
        painter.setPen(QColor(theme.CARD_TEXT))
        summary = fonts.small_metrics.elidedText(card.summary, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QRect(inner.left(), y, inner.width(), small), Qt.AlignmentFlag.AlignVCenter, summary)
        y += small + 2
        who = card.assignee or text("unassigned")
        machine = f" · {card.model}" if card.model else ""  # which machine, at a glance (elided first)
        detail = fonts.small_metrics.elidedText(f"{category_text(card)} · {who}{machine}", Qt.TextElideMode.ElideRight,
                                                inner.width())
        painter.setPen(QColor(theme.OVERDUE_STRONG if card.category == "complaint" else theme.CARD_MUTED))
        painter.drawText(QRect(inner.left(), y, inner.width(), small), Qt.AlignmentFlag.AlignVCenter, detail)
        self._paint_clock(painter, fonts, inner, card, key)
        painter.restore()

    @staticmethod
    def _paint_frame(painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: Card, key: str) -> None:
        """The card's face and frame (tinted amber or red), and the priority stripe along its left edge."""
        frame = STATE_COLORS.get(key, STATE_COLORS[""])[2]
        path = QPainterPath()
        path.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        painter.fillPath(path, QColor(theme.CARD_FILLS.get(key, theme.CARD_FILL)))
        if option.state & QStyle.StateFlag.State_Selected:
            pen = QPen(option.palette.highlight().color(), 2)
        elif frame is not None:
            pen = QPen(frame, 1)
        else:
            hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
            pen = QPen(QColor(theme.CARD_BORDER_HOVER if hovered else theme.CARD_BORDER), 1)
        painter.setPen(pen)
        painter.drawPath(path)
        stripe = QPainterPath()
        stripe.addRoundedRect(rect.x() + 1, rect.y() + 1, 5, rect.height() - 2, 2, 2)
        painter.fillPath(stripe, PRIORITY_COLORS.get(card.priority, PRIORITY_UNKNOWN))

    @staticmethod
    def _chip_width(fonts: _Fonts, card: Card) -> int:
        return fonts.small_metrics.horizontalAdvance(labels.priority(card.priority)) + 10

    def _paint_chip(self, painter: QPainter, fonts: _Fonts, line: QRect, card: Card) -> int:
        """The priority as a chip at the right end of ``line``; returns its width."""
        width = self._chip_width(fonts, card)
        color = PRIORITY_COLORS.get(card.priority, PRIORITY_UNKNOWN)
        chip = QRect(line.right() - width + 1, line.top(), width, fonts.small_metrics.height() + 2)
        chip_bg = QColor(color)
        chip_bg.setAlpha(28)
        chip_path = QPainterPath()
        chip_path.addRoundedRect(chip, 3, 3)
        painter.fillPath(chip_path, chip_bg)
        painter.setFont(fonts.small)
        painter.setPen(color)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, labels.priority(card.priority))
        return width

    def _paint_number(self, painter: QPainter, fonts: _Fonts, inner: QRect, card: Card) -> bool:
        """The number, and the priority chip beside it when the card is wide enough for both (else the
        chip goes on the customer's line: a narrow card, or one beside a scroll bar, keeps it).
        Returns whether the chip was painted here."""
        line = QRect(inner.left(), inner.top(), inner.width(), fonts.line)
        fits = fonts.bold_metrics.horizontalAdvance(card.number) + 6 + self._chip_width(fonts, card) <= inner.width()
        if fits:
            self._paint_chip(painter, fonts, line, card)
        painter.setFont(fonts.bold)
        painter.setPen(QColor(theme.CARD_HEADING))
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, card.number)
        return fits

    def _paint_clock(self, painter: QPainter, fonts: _Fonts, inner: QRect, card: Card, key: str) -> None:
        """The time-left pill in the state's colours; a paused ticket says so first."""
        fg, pill_bg, _frame = STATE_COLORS.get(key, STATE_COLORS[""])
        metrics = fonts.small_metrics
        clock = time_text(card, self.now, self.working_day)
        if card.paused:
            prefix = text("paused")
        elif card.due is not None and card.stage not in RESOLVED_STAGES:
            prefix = due_kind(card.due_kind)
        else:
            prefix = ""
        pill_text = f"{prefix} {clock}" if prefix else clock
        if metrics.horizontalAdvance(pill_text) + 12 > inner.width() and not card.paused:
            pill_text = clock  # a narrow card drops "响应"/"解决" before it cuts the time short
        y = inner.bottom() - metrics.height() - 2
        pill = QRect(inner.left(), y, min(inner.width(), metrics.horizontalAdvance(pill_text) + 12),
                     metrics.height() + 4)
        pill_path = QPainterPath()
        pill_path.addRoundedRect(pill, 3, 3)
        painter.setFont(fonts.small)
        painter.fillPath(pill_path, pill_bg)
        painter.setPen(fg)
        painter.drawText(pill.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(pill_text, Qt.TextElideMode.ElideRight, pill.width() - 10))
