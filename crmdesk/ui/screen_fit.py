"""Every window opens inside the screen's work area (docs/spec.md §9: a 1366×768 laptop whose taskbar
leaves 1366×728).

One application-wide event filter (``install``) sees each dialog the first time it is shown,
shrinks it to the work area of its screen when it was made bigger, and places it over its
parent (or in the middle of the screen) without crossing the work area's edges. Qt's own
placement of a dialog ignores the title bar the window system adds and may leave the buttons
under the taskbar, so the filter places the dialog itself. The room for the frame is reserved
as on Windows (title bar and borders), before the window system has told us its real size.

A dialog whose layout needs more than the work area cannot be shrunk; such a dialog puts its
long parts in a scroll area or tabs (the GUI test of every dialog fails otherwise).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from crmdesk.ui.widgets import install_app_filter

# What a window system adds around a window: a Windows 10/11 title bar (31 px at 100 %) and borders.
FRAME = QMargins(8, 32, 8, 8)
_FITTED = "crmdesk_fitted"


def work_area(widget: QWidget | None = None) -> QRect:
    """The available geometry (screen minus taskbar) of the screen ``widget`` is on."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget) -> QMargins:
    """The frame around ``window``: the window system's, but never less than ``FRAME``."""
    handle = window.windowHandle()
    real = handle.frameMargins() if handle is not None else QMargins()
    return QMargins(max(real.left(), FRAME.left()), max(real.top(), FRAME.top()),
                    max(real.right(), FRAME.right()), max(real.bottom(), FRAME.bottom()))


def largest_size(window: QWidget) -> QSize:
    """The biggest client size whose framed window fits the work area."""
    area, frame = work_area(window), frame_margins(window)
    return QSize(area.width() - frame.left() - frame.right(), area.height() - frame.top() - frame.bottom())


def outer_rect(window: QWidget) -> QRect:
    """Where the framed window lies (client geometry plus the frame)."""
    return window.geometry().marginsAdded(frame_margins(window))


def fit(window: QWidget) -> None:
    """Shrink ``window`` to the work area if needed and place it over its parent inside that area."""
    area, frame = work_area(window), frame_margins(window)
    room = largest_size(window)
    size = window.size().boundedTo(room).expandedTo(window.minimumSize())
    outer = QSize(size.width() + frame.left() + frame.right(), size.height() + frame.top() + frame.bottom())
    parent = window.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None and parent.isVisible() \
        else area.center()
    left = min(max(centre.x() - outer.width() // 2, area.left()), area.right() + 1 - outer.width())
    top = min(max(centre.y() - outer.height() // 2, area.top()), area.bottom() + 1 - outer.height())
    # a window bigger than the area (its layout refuses to shrink) keeps its title bar on screen;
    # setGeometry places the client area (move() would place the frame, whose size we only estimate)
    corner = QPoint(max(left, area.left()) + frame.left(), max(top, area.top()) + frame.top())
    window.setGeometry(QRect(corner, size))


class _Fitter(QObject):
    """Fits each dialog the first time it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the type test first: event.type() builds Python's QEvent.Type (hundreds of members) on first use
        if isinstance(watched, QDialog) and event.type() == QEvent.Type.Show and watched.isWindow() \
                and not watched.property(_FITTED):
            watched.setProperty(_FITTED, True)
            fit(watched)
        return False


def install(app: QApplication) -> None:
    """Fit every dialog of ``app`` to its screen from now on (once per application)."""
    install_app_filter(app, _Fitter)


def fit_main_window(window: QWidget, first_start: bool) -> None:
    """Show the main window: maximised on a first start, else where it was, inside the work area."""
    if first_start:
        fit(window)  # where it goes when un-maximised
        window.showMaximized()
        return
    if not window.isMaximized() and not work_area(window).contains(outer_rect(window)):
        fit(window)
    window.show()
