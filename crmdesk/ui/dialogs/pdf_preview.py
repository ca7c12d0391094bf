"""The in-app PDF preview: pages drawn by pypdfium2 in a scrollable view, zoom, print, save as.

QtPdf lives in the 200 MB PySide6-Addons, so pages are rasterised with pypdfium2 (PDFium)
instead. The file is read into memory once: the report can be rebuilt under the same name
while the preview is open (Windows refuses to replace an open file). Pages are rendered when
they scroll into view, at the screen's pixel ratio, and printed as page images at the
printer's resolution (capped at 300 dpi, plenty for text and charts) on the whole sheet, so
the PDF's own margins come out 1:1.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QImage, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.store import atomic
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import crash, screen_fit, theme

ZOOMS = (50, 75, 100, 125, 150, 200, 300)
SCREEN_DPI = 96  # 100 % shows the page at its printed size on an ordinary monitor
MAX_PRINT_DPI = 300
CUSTOM_ZOOM = -1  # the zoom list's entry for a zoom that is not one of ZOOMS


class PdfPreviewDialog(QDialog):
    """Shows a PDF with zoom, 打印 and 另存为."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pypdfium2

        self.path = Path(path)
        self.setWindowTitle(title)
        self._data = self.path.read_bytes()
        self._pdf = pypdfium2.PdfDocument(self._data)
        pdf = self._pdf  # closed with the dialog, also when it is destroyed without being closed
        self.destroyed.connect(lambda *_: pdf.close())
        self._sizes = [self._pdf.get_page_size(i) for i in range(len(self._pdf))]  # points
        self._rendered: set[int] = set()
        self.zoom = 100

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.zoom_out_button = QPushButton(self.tr("Zoom out"))
        self.zoom_combo = QComboBox()
        for percent in ZOOMS:
            self.zoom_combo.addItem(f"{percent}%", percent)
        self.zoom_in_button = QPushButton(self.tr("Zoom in"))
        self.fit_button = QPushButton(self.tr("Fit width"))
        self.pages_label = QLabel(self.tr("%n page(s)", "", len(self._sizes)))
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as…"))
        self.close_button = QPushButton(self.tr("Close"))
        for widget in (self.zoom_out_button, self.zoom_combo, self.zoom_in_button, self.fit_button,
                       self.pages_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(widget)
        layout.addLayout(bar)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("pdf_pages")
        self.pages_widget.setStyleSheet(f"#pdf_pages {{ background: {theme.PAGE_BACKGROUND}; }}")
        pages_layout = QVBoxLayout(self.pages_widget)
        pages_layout.setSpacing(12)
        pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for _index in self._sizes:
            label = QLabel()
            label.setStyleSheet("background: white;")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll_area.setWidget(self.pages_widget)
        layout.addWidget(self.scroll_area, 1)

        self.zoom_out_button.clicked.connect(lambda: self._step_zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self._step_zoom(1))
        self.zoom_combo.activated.connect(self._on_zoom_combo_activated)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._render_visible)
        # as wide as a page at 100 % and as tall as the screen's work area allows (screen_fit)
        page_width = round(self._sizes[0][0] / 72 * SCREEN_DPI) if self._sizes else 800
        room = screen_fit.largest_size(self)
        self.resize(min(page_width + 80, room.width()), room.height())
        self.set_zoom(100)

    # ------------------------------------------------------------------ pages and zoom

    def page_count(self) -> int:
        """How many pages the document has."""
        return len(self._sizes)

    def rendered_pages(self) -> set[int]:
        """Indexes of the pages drawn at the current zoom (the rest wait until they scroll into view)."""
        return set(self._rendered)

    def render_page(self, index: int, dpi: float) -> QImage:
        """Page ``index`` as an image at ``dpi`` dots per inch."""
        page = self._pdf[index]
        try:
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, rev_byteorder=False)
            # BGRx bytes are QImage's RGB32 on little-endian machines (every PC this app runs on).
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
            return image.copy()  # detach from PDFium's buffer before it is freed
        finally:
            page.close()

    def set_zoom(self, percent: int) -> None:
        """Show the pages at ``percent`` of their printed size."""
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1] * 2, int(percent)))
        index = self.zoom_combo.findData(self.zoom)
        if index >= 0:
            self.zoom_combo.setCurrentIndex(index)
        else:  # e.g. "fit width": shown as one more entry of the list
            custom = self.zoom_combo.findData(CUSTOM_ZOOM)
            if custom < 0:
                self.zoom_combo.addItem("", CUSTOM_ZOOM)
                custom = self.zoom_combo.count() - 1
            self.zoom_combo.setItemText(custom, f"{self.zoom}%")
            self.zoom_combo.setCurrentIndex(custom)
        scale = self.zoom / 100 * SCREEN_DPI / 72
        for label, (width, height) in zip(self.page_labels, self._sizes):
            label.clear()
            label.setFixedSize(round(width * scale), round(height * scale))
        self._rendered.clear()
        self.zoom_out_button.setEnabled(self.zoom > ZOOMS[0])
        self.zoom_in_button.setEnabled(self.zoom < ZOOMS[-1])
        QTimer.singleShot(0, self._render_visible)

    def fit_width(self) -> None:
        """Zoom so that the widest page fills the view's width."""
        if not self._sizes:
            return
        available = self.scroll_area.viewport().width() - 40
        widest = max(width for width, _height in self._sizes)
        self.set_zoom(round(available / (widest * SCREEN_DPI / 72) * 100))

    def _step_zoom(self, step: int) -> None:
        bigger = [z for z in ZOOMS if z > self.zoom]
        smaller = [z for z in ZOOMS if z < self.zoom]
        if step > 0 and bigger:
            self.set_zoom(bigger[0])
        elif step < 0 and smaller:
            self.set_zoom(smaller[-1])

    def _on_zoom_combo_activated(self, index: int) -> None:
        percent = int(self.zoom_combo.itemData(index))
        self.set_zoom(self.zoom if percent == CUSTOM_ZOOM else percent)

    def _render_visible(self) -> None:
        """Draw the pages that intersect the view (plus the next one), at the screen's pixel ratio."""
        if not self.isVisible():  # before the first show the pages are not laid out yet
            return
        top = self.scroll_area.verticalScrollBar().value()
        bottom = top + max(self.scroll_area.viewport().height(), 1)
        ratio = self.devicePixelRatioF()
        dpi = self.zoom / 100 * SCREEN_DPI * ratio
        wanted = [i for i, label in enumerate(self.page_labels)
                  if label.y() <= bottom and label.y() + label.height() >= top]
        if wanted:
            wanted.append(min(wanted[-1] + 1, len(self.page_labels) - 1))
        elif self.page_labels:
            wanted = [0]
        for index in wanted:
            if index in self._rendered:
                continue
            pixmap = QPixmap.fromImage(self.render_page(index, dpi))
            pixmap.setDevicePixelRatio(ratio)
            self.page_labels[index].setPixmap(pixmap)
            self._rendered.add(index)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._render_visible)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._render_visible)

    # ------------------------------------------------------------------ print and save

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages the printer's range names (all by default) as page images; returns the count."""
        count = self.page_count()
        first = printer.fromPage() or 1
        last = min(printer.toPage() or count, count)
        printer.setFullPage(True)  # the PDF has its own margins: map the page onto the whole sheet
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise KnownError(self.tr("The printer could not be started."))
        printed = 0
        try:
            for index in range(first - 1, last):
                if printed:
                    printer.newPage()
                image = self.render_page(index, dpi)
                area = painter.viewport()
                scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                x = area.x() + (area.width() - scaled.width()) // 2
                y = area.y() + (area.height() - scaled.height()) // 2
                # the paint engine scales the ≤ 300 dpi image to the device: no 1200-dpi copy in memory
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(QRect(x, y, scaled.width(), scaled.height()), image)
                printed += 1
        finally:
            painter.end()
        return printed

    def make_printer(self) -> QPrinter:
        """A high-resolution A4 printer set up for this document (the print dialog edits it)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.page_count())
        return printer

    def save_as(self, target: Path) -> Path:
        """Write a copy of the document to ``target`` (atomically)."""
        return atomic.write_bytes(target, self._data, mode=atomic.SHARED)

    def _on_print_button_clicked(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except KnownError as error:
            crash.show_known_error(error, self)

    def _on_save_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Save PDF as"), str(self.path),
                                                    self.tr("PDF documents (*.pdf)"))
        if not name:
            return
        try:
            self.save_as(Path(name))
        except KnownError as error:
            crash.show_known_error(error, self)

    def done(self, result: int) -> None:
        """Close the document with the dialog."""
        super().done(result)
        self._pdf.close()
