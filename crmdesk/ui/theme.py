"""The colours of the window, named by what they mean: one place to change them.

Values are hex strings: ``QColor(theme.ERROR)`` where a colour is painted or used as a brush,
``theme.text_style(theme.ERROR)`` in a style sheet. The general roles come first (what a text
or a background says), then the palettes of the screens that paint their own items: the ticket
board and its cards, the calendar, the year view of the working calendar, the charts, the
import preview. The PDFs have their own palette (``crmdesk.io.pdf.common``): paper is not a screen.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- what a text says

ERROR = "#c0392b"  # refused input, a failed check, overdue: the error line, red rows and numbers
OK = "#1e8449"  # done, passed, on target
WARNING = "#b9770e"  # a warning that does not stop the work (a privacy note, set-aside values)
DUE_SOON = "#d68910"  # amber: due soon, paused
MUTED = "#7f8c8d"  # finished or neutral items, hints under a form
SECONDARY = "#555555"  # secondary text beside the main one (a detail table's labels)
DIMMED = "#888888"  # archived rows of a list
DISABLED = "#9aa3ad"  # days outside the month, weekends
LINK = "#1f6fb2"  # what can be opened, planned items
INFO = "#1f618d"  # a recognised source, rows to update

# --------------------------------------------------------------------------- backgrounds

ERROR_FILL = "#fdecea"  # an invalid cell or field, a failed check, the overdue banner
WARNING_FILL = "#fef5e7"  # a check with a warning
NOTICE_FILL, NOTICE_BORDER, NOTICE_TEXT = "#fff4e5", "#f0b45c", "#7a4a00"  # Today's notices (amber)
ALERT_BORDER, ALERT_TEXT = "#f0b4ad", "#8c1d13"  # the board's overdue banner, on ERROR_FILL
INVALID_BORDER = ERROR  # the frame of a field marked invalid (``ui.marks``)
PAGE_BACKGROUND = MUTED  # behind the pages of a PDF preview

# --------------------------------------------------------------------------- the ticket board and its cards

STAGE_COLORS = {"received": "#6b7280", "classified": "#7c5cc4", "dispatched": "#2f6fd6", "in_progress": "#0e8a7e",
                "resolved": "#3b8c3b", "callback": "#a66a00", "archived": "#8a8f98"}
PRIORITY_COLORS = {"urgent": "#d9363e", "important": "#f08c00", "normal": "#3b7ddd"}
PRIORITY_UNKNOWN = "#9ca3af"
# (text, background, border or None) of a card's time-left pill and frame, per SLA state
SLA_STATE_COLORS = {
    "ok": ("#2f7d32", "#eaf6ea", None),
    "amber": ("#8a5a00", "#fff1c7", "#f2c14e"),
    "red": ("#b42318", "#fde4e1", "#e8776b"),
    "": ("#6b7280", "#f1f3f5", None),
    "done": ("#4b5563", "#eef0f3", None),
    "paused": ("#3b4a6b", "#e4e9f5", None),
}
OVERDUE_STRONG = SLA_STATE_COLORS["red"][0]  # overdue counts and the complaint category on a card
DUE_SOON_STRONG = SLA_STATE_COLORS["amber"][0]
CARD_FILLS = {"red": "#fff7f6", "amber": "#fffcf2"}  # by SLA state
CARD_FILL = "#ffffff"  # every other card
CARD_BORDER, CARD_BORDER_HOVER = "#d5d9de", "#b8bec6"
CARD_TITLE = "#111827"  # the number and the customer
CARD_HEADING = "#1f2937"  # a column's title, a card's due line
CARD_TEXT = "#374151"  # the summary, a column's count
CARD_MUTED = "#6b7280"  # category and assignee, a column's footer
BOARD_EMPTY = "#9aa1ab"  # "no tickets" in an empty column
BOARD_STRIP_TEXT = "#4b5563"  # the name on a collapsed column
BOARD_COUNT_FILL = "#dde2e8"
# a column's face and edge while a card is dragged: none, a drop allowed here, a drop refused
BOARD_FACES = {"": ("#eef1f4", "#e1e5ea"), "allowed": ("#e3efff", "#4a8bd9"), "refused": ("#f6f7f8", "#eceef1")}

# --------------------------------------------------------------------------- the calendar

CALENDAR_PLANNED = LINK
CALENDAR_OVERDUE = ERROR
CALENDAR_DONE = MUTED
CALENDAR_SELECTED = LINK
CALENDAR_TODAY_FILL = "#eaf4fd"
CALENDAR_DAY_OFF_FILL = "#f6f6f6"
CALENDAR_DROP_FILL = "#fff3cd"  # the day a follow-up is dragged over
CALENDAR_HOVER_FILL = "#dbe9f6"
CALENDAR_GRID = "#d0d0d0"

# --------------------------------------------------------------------------- the working calendar's year

HOLIDAY, HOLIDAY_FILL = "#d9534f", "#fbe3e2"
MAKEUP_WORKDAY, MAKEUP_WORKDAY_FILL = LINK, "#dcebf8"  # a weekend day worked (调休上班)
WEEKEND = DISABLED

# --------------------------------------------------------------------------- charts of the reports tab

CHART_SERIES = ("#1f5f99", "#d68910", "#27ae60", "#8e44ad", "#16a085")  # no red: red is the target line
CHART_TARGET = ERROR
CHART_GRID = "#dde3ea"

# --------------------------------------------------------------------------- machines (设备)

# a machine's cover, by warranty state (core.equipment.warranty): the ticket form, the machine form, the dossier
WARRANTY_STATE_COLORS = {"contract": INFO, "warranty": OK, "expired": ERROR, "unknown": MUTED}
HINT = "#5d6d7e"  # a hint beside buttons (the attachments' size limit), a figure's caption
FIGURE = CHART_SERIES[0]  # a big clickable number of a report page

# --------------------------------------------------------------------------- the import preview

# a row's outcome: (text, background)
IMPORT_STATUS = {"new": (OK, "#e9f7ef"), "update": (INFO, "#eaf2fb"), "duplicate": (MUTED, "#f2f3f4"),
                 "error": (ERROR, "#fdedec")}
HEADER_ROW_FILL = "#d6eaf8"  # the row read as the header
ABOVE_HEADER = "#909497"  # title rows above it, not imported


def text_style(colour: str, *, bold: bool = False, size: int | None = None) -> str:
    """A style sheet that gives a label's text ``colour`` (bold, a pixel size)."""
    return (f"color: {colour};" + (" font-weight: bold;" if bold else "")
            + (f" font-size: {size}px;" if size else ""))


def span(text: str, colour: str) -> str:
    """``text`` in ``colour`` inside a rich-text label."""
    return f'<span style="color:{colour};">{text}</span>'
