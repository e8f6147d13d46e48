"""打印: the current document or the 归档文件目录, through Qt's printer (here a PDF printer)."""

from __future__ import annotations

from tests.ui.test_export_ui import pdf_text


def print_to_pdf(qtbot, window, action, path) -> str:
    window.printing.to_file = str(path)
    with qtbot.waitSignal(window.printing.printed, timeout=20000):
        action.trigger()
    return pdf_text(path)


def test_ctrl_p_prints_the_previewed_document(qtbot, window, tmp_path):
    row = next(i for i, h in enumerate(window.model.hits) if h.title == "2021年党建工作总结")
    window.table.selectRow(row)
    qtbot.waitUntil(
        lambda: window.preview.doc is not None and "党建" in window.preview.doc["title"]
    )
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    text = print_to_pdf(qtbot, window, window.print_action, tmp_path / "doc.pdf")
    assert "三会一课" in text and "实验室" not in text


def test_the_catalogue_of_the_filtered_results_is_printed(qtbot, window, tmp_path):
    window.filters.yearChosen.emit(2022)
    qtbot.waitUntil(lambda: window.model.total == 2)
    text = print_to_pdf(qtbot, window, window.print_catalogue_action, tmp_path / "目录.pdf")
    assert "归档文件目录" in text and "2022年党建工作要点" in text
    assert "2021年党建工作总结" not in text


def test_printing_opens_qt_print_preview(qtbot, window):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    window.print_catalogue_action.trigger()
    qtbot.waitUntil(lambda: window.printing.dialog is not None, timeout=20000)
    assert isinstance(window.printing.dialog, QPrintPreviewDialog)
    window.printing.dialog.reject()
