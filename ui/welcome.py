"""The first-run view: the three steps (导入, 检索, 导出) and a button that loads the samples."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr

STEPS = [
    (
        "① 导入",
        "把 Word、WPS、PDF、网页、表格等文件或整个文件夹拖进窗口，或点“导入”。原件会复制保存在档案库里。",
    ),
    (
        "② 检索",
        "在顶部输入任意文字即可精确查找全文，左侧按年度、类别、文种筛选，右侧预览并高亮命中处。",
    ),
    ("③ 导出", "把检索结果导出为归档文件目录（Excel）或原件，交给档案馆。"),
]


class WelcomeView(QWidget):
    """Shown while the archive is empty."""

    importWanted = Signal()
    samplesWanted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        column = QWidget()
        column.setFixedWidth(620)
        inner = QVBoxLayout(column)
        inner.addWidget(QLabel(f"<h1>{html.escape(tr('欢迎使用档案管家'))}</h1>"))
        for head, text in STEPS:
            label = QLabel(f"<h3>{html.escape(tr(head))}</h3><p>{html.escape(tr(text))}</p>")
            label.setWordWrap(True)
            inner.addWidget(label)
        self.import_button = QPushButton(tr("导入文件…"))
        self.samples_button = QPushButton(tr("先用示例文档试一试"))
        self.samples_button.setDefault(True)
        self.import_button.clicked.connect(self.importWanted)
        self.samples_button.clicked.connect(self.samplesWanted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.samples_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        inner.addSpacing(12)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
