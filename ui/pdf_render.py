"""HTML → PDF with Qt (QTextDocument + QPdfWriter); Qt embeds the CJK fonts it uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Fonts with Chinese glyphs, best first: Windows, then common Linux/macOS ones.
CJK_FAMILIES = [
    "SimSun",
    "宋体",
    "Microsoft YaHei",
    "微软雅黑",
    "SimHei",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
]


def _app():
    """The running QGuiApplication, or an offscreen one for the command line."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform != "win32" and headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def cjk_family() -> str | None:
    """The first installed font family that has Chinese glyphs."""
    from PySide6.QtGui import QFontDatabase

    _app()
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else None


def latin_family() -> str | None:
    """A serif face for Latin letters and digits."""
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for name in ("Times New Roman", "DejaVu Serif", "Liberation Serif", "Nimbus Roman"):
        if name in families:
            return name
    return None


def _writer(path: Path, *, landscape: bool, title: str):
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("档案管家 Archivist")
    writer.setResolution(300)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            orientation,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def _font(points: float, bold: bool = False):
    """Latin letters and digits in a Latin face, Chinese in the CJK one.

    Besides looking better, this keeps the PDF's text layer right: Qt mis-maps the Latin glyphs
    of the OpenType CJK fonts when it writes the text layer.
    """
    from PySide6.QtGui import QFont

    font = QFont()
    font.setFamilies([f for f in (latin_family(), cjk_family()) if f])
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def render_pdf(html: str, out: str | Path, *, landscape: bool = False, title: str = "") -> dict:
    """Write html as an A4 PDF (15 mm margins); returns {"out", "font"}."""
    _app()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    writer = _writer(tmp, landscape=landscape, title=title)
    paint_html(writer, html)
    del writer  # finishes the file
    os.replace(tmp, out)
    return {"out": str(out), "font": cjk_family()}


def render_tables(
    tables: list[dict], out: str | Path, *, landscape: bool = True, title: str = ""
) -> dict:
    """Paint tables (core.archival.export.printable.catalogue_tables) page by page; linear in rows.

    QTextDocument lays out a long table in quadratic time (2000 rows ≈ 25 s), so the grid is
    painted directly: each row is measured, and a new page repeats the header row.
    """
    _app()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    writer = _writer(tmp, landscape=landscape, title=title)
    pages = paint_tables(writer, tables)
    del writer
    os.replace(tmp, out)
    return {"out": str(out), "font": cjk_family(), "pages": pages}


def paint_html(device, html: str) -> None:
    """Lay html out on a paged device (a PDF writer or a printer), page by page."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(_font(10))
    doc.setHtml(html)
    doc.print_(device)


def paint_tables(device, tables: list[dict]) -> int:
    """Paint catalogue tables on a paged device (a PDF writer or a printer); the page count."""
    from ui.pdf_tables import TablePainter

    painter = TablePainter(device, _font)
    try:
        for n, table in enumerate(tables):
            if n:
                painter.new_page()
            painter.table(table)
    finally:
        painter.end()
    return painter.page
