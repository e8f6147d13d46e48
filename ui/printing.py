"""打印 (Ctrl+P): the current document's text, or the 归档文件目录 of the current results, through
Qt's print preview and print dialog (the same pages as the PDF export)."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QObject, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox

from ui.errors import show_error
from ui.export_dialog import search_ids
from ui.i18n import tr
from ui.pdf_render import paint_html, paint_tables


class Printing(QObject):
    """Loads what to print in the read lane, then shows the print preview (or writes a PDF)."""

    printed = Signal(str)  # the PDF written when to_file is set (tests, 打印到 PDF)

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.to_file: str | None = None  # print to this PDF instead of showing the dialog
        self.dialog: QPrintPreviewDialog | None = None
        self.printer: QPrinter | None = None

    def print_document(self) -> None:
        """The previewed document: its description, then its full text."""
        doc_id = self.w.preview_id
        if doc_id is None:
            QMessageBox.information(self.w, tr("打印"), tr("请先在结果中选中要打印的文件。"))
            return
        archive = self.w.archive
        self.w.lanes.read(
            lambda: archive.documents_html(archive.export_selection(ids=[doc_id])),
            lambda html, error: self._ready(error, lambda p: paint_html(p, html), False),
        )

    def print_catalogue(self) -> None:
        """归档文件目录 of every document the current search and filters find."""
        archive, query = self.w.archive, self.w.controller.query
        self.w.lanes.read(
            lambda: archive.catalogue_tables(
                archive.export_selection(ids=search_ids(archive, query))
            ),
            lambda tables, error: self._ready(error, lambda p: paint_tables(p, tables), True),
        )

    def _ready(self, error, paint, landscape: bool) -> None:
        if error is not None:
            show_error(self.w, tr("无法打印"), error)
            return
        self.printer = printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # outlives dialog
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        printer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                        QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        )  # fmt: skip
        if self.to_file:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.to_file)
            paint(printer)
            self.printed.emit(self.to_file)
            return
        self.dialog = QPrintPreviewDialog(printer, self.w)
        self.dialog.setWindowTitle(tr("打印预览"))
        self.dialog.paintRequested.connect(paint)
        self.dialog.resize(self.w.width() * 9 // 10, self.w.height() * 9 // 10)
        self.dialog.open()
