"""The attachments of a customer, a ticket or a machine, as thumbnails: add (button or drag and drop),
open with the PC's program, save as, delete to the recycle bin.

The size limit per file is said beside the button and in the file dialog's title, before a file is
chosen; a refused file is named with its reason. The list reads only what the core lists (names,
sizes, thumbnails of pictures), never a file's content. Before its owner exists (a ticket or a
machine being registered) the panel keeps the chosen files as *pending*: the form stores them in
the same transaction as the new record (``pending_paths``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFileIconProvider,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.attachments import store
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme
from crmdesk.ui.operations import attachments as operations
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import ErrorLine

ICON = 96
PENDING = Qt.ItemDataRole.UserRole + 1


class AttachmentsPanel(QWidget):
    """Thumbnails and buttons for one owner's files (see the module documentation)."""

    files_changed = Signal(int)  # how many files are listed now

    def __init__(self, parent: QWidget | None = None, *, show_where: bool = False) -> None:
        super().__init__(parent)
        self.owner: store.Owner | None = None
        self.show_where = show_where  # the dossier lists the files of its tickets and machines too
        self._pending: list[Path] = []
        self._icons = QFileIconProvider()
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Attach files…"))
        self.open_button = QPushButton(self.tr("Open"))
        self.save_button = QPushButton(self.tr("Save as…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.hint_label = QLabel()
        self.hint_label.setStyleSheet(theme.text_style(theme.HINT))
        self.hint_label.setWordWrap(True)
        for button in (self.add_button, self.open_button, self.save_button, self.delete_button):
            bar.addWidget(button)
        bar.addWidget(self.hint_label, 1)
        layout.addLayout(bar)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setGridSize(QSize(ICON + 64, ICON + 64))  # room for the name on two lines and the size
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the end of a name tells its type
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMinimumHeight(60)  # it scrolls: a form holding it still fits a 1366×768 laptop
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAcceptDrops(False)  # drops go to the panel
        layout.addWidget(self.list, 1)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.list.itemDoubleClicked.connect(lambda _item: self._on_open_button_clicked())
        self.list.currentItemChanged.connect(lambda *_args: self._update_buttons())
        self._update_hint()
        self._update_buttons()

    # ------------------------------------------------------------------ owner and list
    def set_owner(self, owner: store.Owner | None) -> None:
        """Show ``owner``'s files (``None``: a record not saved yet; chosen files wait as pending)."""
        self.owner = owner
        if owner is not None:
            self._pending.clear()
        self.refresh()

    def pending_paths(self) -> list[Path]:
        """The files chosen before the owner existed (the form stores them with it)."""
        return list(self._pending)

    def refresh(self) -> None:
        """List the files again (names, sizes and thumbnails only)."""
        self.list.clear()
        if self.owner is None:
            for path in self._pending:
                waiting = self.tr("(saved with the record)")
                item = QListWidgetItem(self._local_icon(path), f"{path.name}\n{waiting}")
                item.setData(PENDING, str(path))
                item.setToolTip(str(path))
                self.list.addItem(item)
        else:
            owner = self.owner
            if self.show_where:
                lines = store.listing(customer_id=owner.customer_id)
            elif owner.ticket_id is not None:
                lines = store.listing(ticket_id=owner.ticket_id)
            elif owner.equipment_id is not None:
                lines = store.listing(equipment_id=owner.equipment_id)
            else:
                lines = store.listing(customer_id=owner.customer_id)
            for line in lines:
                self.list.addItem(self._item(line))
        self._update_buttons()
        self.files_changed.emit(self.list.count())

    def _local_icon(self, path: Path) -> QIcon:
        """A chosen picture's own thumbnail (decoded at the icon's size), else the file type's icon."""
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if reader.canRead() and size.isValid() and store.mime_of(path.name).startswith("image/"):
            reader.setScaledSize(size.scaled(ICON, ICON, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            if not image.isNull():
                return QIcon(QPixmap.fromImage(image))
        return self._type_icon(path.name)

    def _type_icon(self, name: str) -> QIcon:
        """The PC's icon for the file's type, or a plain file icon where the PC has none for it."""
        icon = self._icons.icon(QFileInfo(name))
        return icon if not icon.isNull() else self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def _item(self, line: store.FileLine) -> QListWidgetItem:
        icon = self._type_icon(line.name)
        if line.has_thumbnail:
            try:
                data = store.thumbnail(line.id)
            except KnownError:
                data = None
            pixmap = QPixmap()
            if data and pixmap.loadFromData(data):
                icon = QIcon(pixmap)
        text = f"{line.name}\n{line.where} · {line.size_text}" if self.show_where else f"{line.name}\n{line.size_text}"
        item = QListWidgetItem(icon, text)
        item.setData(Qt.ItemDataRole.UserRole, line.id)
        size = self.tr("Size: %1").replace("%1", line.size_text)
        where = self.tr("Belongs to: %1").replace("%1", line.where) if self.show_where else ""
        added = self.tr("Added: %1").replace("%1", f"{line.created_at:%Y-%m-%d %H:%M} {line.operator}".strip())
        item.setToolTip("\n".join(part for part in (line.name, size, where, added) if part))
        return item

    def _update_hint(self) -> None:
        self.hint_label.setText(self.tr("%1 · or drop files here").replace("%1", store.limit_text()))

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        saved = chosen and self.list.currentItem().data(PENDING) is None
        self.open_button.setEnabled(bool(saved))
        self.save_button.setEnabled(bool(saved))
        self.delete_button.setEnabled(chosen)

    # ------------------------------------------------------------------ adding
    def add_paths(self, paths: list[Path]) -> None:
        """Attach ``paths`` (checked for size first: a refused file is named with its reason)."""
        self.error_label.hide()
        refused, fine = [], []
        for path in paths:
            try:
                store.check_file(path)
                fine.append(path)
            except KnownError as error:
                refused.append(error.message)
        if self.owner is None:
            self._pending.extend(p for p in fine if p not in self._pending)
            self.refresh()
            self._show_refused(refused)
            return
        if not fine:
            self._show_refused(refused)
            return

        def done(outcome: operations.AddedFiles) -> None:
            self.refresh()
            self._show_refused(refused + outcome.refused)
            if outcome.added:
                get_broadcaster().message.emit(self.tr("Attached: %1").replace("%1", "、".join(outcome.added)))

        operations.add_files(self, fine, self.owner).success(done).run()

    def _show_refused(self, messages: list[str]) -> None:
        if messages:
            self.error_label.show_error("\n".join(messages))

    def _on_add_button_clicked(self) -> None:
        title = self.tr("Attach files (%1)").replace("%1", store.limit_text())
        names, _filter = QFileDialog.getOpenFileNames(self, title)
        if names:
            self.add_paths([Path(name) for name in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # ------------------------------------------------------------------ one file
    def _current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _on_open_button_clicked(self) -> None:
        attachment_id = self._current_id()
        if attachment_id is not None:
            operations.open_with_system(self, attachment_id).failure(self._on_failed).run()

    def _on_save_button_clicked(self) -> None:
        attachment_id = self._current_id()
        item = self.list.currentItem()
        if attachment_id is None or item is None:
            return
        name = store.disk_name(item.text().split("\n", 1)[0])
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Save attachment as"), name)
        if target:
            operations.save_as(self, attachment_id, Path(target)).success(
                lambda path: get_broadcaster().message.emit(self.tr("Saved: %1").replace("%1", str(path)))) \
                .failure(self._on_failed).run()

    def _on_failed(self, error: KnownError) -> None:
        """A file that cannot be opened or written: said under the list, where the user looks."""
        self._show_refused([error.message])

    def _on_delete_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        if item.data(PENDING) is not None:
            self._pending.remove(Path(item.data(PENDING)))
            self.refresh()
            return
        operations.delete(self, int(item.data(Qt.ItemDataRole.UserRole))).success(lambda _changes: self.refresh()).run()
