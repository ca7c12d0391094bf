"""The PDF preview dialog: pages rendered by pypdfium2, zoom, print to a printer, save as."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader


def _three_page_pdf(path: Path) -> Path:
    """A small A4 document: three pages, a black block at the top left of each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, 4):
        pdf.rect(40, A4[1] - 140, 100, 100, fill=1)
        pdf.drawString(40, A4[1] - 170, f"page {number}")
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def preview(qtbot, tmp_path: Path):
    from crmdesk.ui.dialogs.pdf_preview import PdfPreviewDialog

    dialog = PdfPreviewDialog(_three_page_pdf(tmp_path / "doc.pdf"), "Doc")
    qtbot.addWidget(dialog)
    return dialog


def test_pages_are_rendered_as_images(qtbot, preview) -> None:
    assert preview.page_count() == 3
    preview.resize(700, 600)
    preview.show()
    qtbot.waitUntil(lambda: 0 in preview.rendered_pages())
    pixmap = preview.page_labels[0].pixmap()
    assert not pixmap.isNull()
    image = pixmap.toImage()
    ratio = pixmap.devicePixelRatio()
    # the black block of the page is black on screen, the rest of the page white
    block = image.pixelColor(int(60 * 96 / 72 * ratio), int(60 * 96 / 72 * ratio))
    blank = image.pixelColor(int(400 * 96 / 72 * ratio), int(400 * 96 / 72 * ratio))
    assert block.lightness() < 30
    assert blank.lightness() > 240
    # the third page is far below a 600-pixel window: not drawn until scrolled to
    assert 2 not in preview.rendered_pages()
    preview.scroll_area.verticalScrollBar().setValue(preview.scroll_area.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: 2 in preview.rendered_pages())


def test_zoom_changes_the_page_size(qtbot, preview) -> None:
    width_100 = preview.page_labels[0].width()
    assert width_100 == round(595.2756 * 96 / 72)  # A4 at its printed size on a 96-dpi screen
    preview.zoom_in_button.click()
    assert preview.zoom == 125
    assert preview.page_labels[0].width() == round(595.2756 * 1.25 * 96 / 72)
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert preview.zoom == 75
    preview.zoom_combo.setCurrentIndex(preview.zoom_combo.findData(200))
    preview.zoom_combo.activated.emit(preview.zoom_combo.currentIndex())
    assert preview.zoom == 200
    assert preview.page_labels[2].width() == round(595.2756 * 2 * 96 / 72)
    preview.set_zoom(137)  # what "fit width" may choose: the list says so
    assert preview.zoom_combo.currentText() == "137%"
    preview.set_zoom(100)
    assert preview.zoom_combo.currentText() == "100%"


def test_print_to_a_pdf_printer_prints_every_page(qtbot, preview, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printer = preview.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    assert preview.print_to(printer) == 3
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3
    printer = preview.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setResolution(100)
    printer.setFromTo(2, 3)
    assert preview.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


def test_save_as_copies_the_document(preview, tmp_path: Path) -> None:
    from crmdesk.core.store.errors import KnownError

    target = preview.save_as(tmp_path / "copy.pdf")
    assert target.read_bytes() == (tmp_path / "doc.pdf").read_bytes()
    with pytest.raises(KnownError) as info:
        preview.save_as(tmp_path / "missing" / "copy.pdf")
    assert "missing" in info.value.message
    assert not list(tmp_path.glob(".copy-*"))


def test_the_file_can_be_replaced_while_previewed(preview, tmp_path: Path) -> None:
    """Rebuilding a report under the same name must work with its preview open (Windows locks open files)."""
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4 rebuilt")
    assert preview.page_count() == 3
    assert not preview.render_page(1, 30).isNull()


def test_preview_of_a_ticket_sheet(qtbot, demo_db, tmp_path: Path) -> None:
    from crmdesk.core.store.models import Ticket
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet
    from crmdesk.ui.dialogs.pdf_preview import PdfPreviewDialog

    ticket = Ticket.select().where(Ticket.stage == "dispatched").first()
    path = write_ticket_sheet(ticket.id, tmp_path / "sheet.pdf")
    dialog = PdfPreviewDialog(path, "服务工单")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: 0 in dialog.rendered_pages())
    assert dialog.page_count() == 1
    assert dialog.windowTitle() == "服务工单"
