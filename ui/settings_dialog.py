"""Settings: archive folder (open another / create new), 全宗号, archive code template, language, font."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ui.i18n import LANGUAGES, tr
from ui.layouts import confirm_buttons
from ui.task_dialog import TaskDialog


class SettingsDialog(QDialog):
    """Edits archive.settings; `archiveWanted(path)` asks the window to switch archives."""

    archiveWanted = Signal(str)
    applied = Signal(dict)  # the settings that changed

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.setWindowTitle(tr("设置"))
        s = archive.settings
        folder = QLabel(str(archive.folder), wordWrap=True)
        folder.setTextInteractionFlags(folder.textInteractionFlags().TextSelectableByMouse)
        open_other = QPushButton(tr("打开其他档案库…"))
        create_new = QPushButton(tr("新建档案库…"))
        open_other.clicked.connect(lambda: self._pick_folder(tr("选择档案库文件夹")))
        create_new.clicked.connect(lambda: self._pick_folder(tr("选择一个空文件夹作为新档案库")))
        folder_buttons = QHBoxLayout()
        folder_buttons.addWidget(open_other)
        folder_buttons.addWidget(create_new)
        self.fonds_code = QLineEdit(s.get("fonds_code") or "")
        self.fonds_name = QLineEdit(s.get("fonds_name") or "")
        self.code_template = QLineEdit(s.get("code_template") or "")
        self.code_template.setToolTip(
            tr(
                "可用：{fonds} 全宗号、{year} 年度、{retention} 保管期限代码、{org} 机构代码、{item:04d} 件号"
            )
        )
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.get("language"))))
        self.font_size = QSpinBox(minimum=0, maximum=32, specialValueText=tr("系统默认"))
        self.font_size.setValue(int(s.get("font_size") or 0))
        self.ocr_enabled = QCheckBox(tr("导入扫描件和图片时自动识别文字（OCR）"))
        self.ocr_enabled.setChecked(bool(s.get("ocr_enabled", True)))
        self.folding = QCheckBox(tr("简体、繁体和异体字视为同一个字（档案法 = 檔案法）"))
        self.folding.setChecked(archive.folding())
        self.folding.setToolTip(
            tr("改变后要重写全部检索文本并重建索引（有进度，可停止），原文和题名不变")
        )
        form = QFormLayout()
        form.addRow(tr("档案库位置"), folder)
        form.addRow("", folder_buttons)
        form.addRow(tr("全宗号"), self.fonds_code)
        form.addRow(tr("全宗名称"), self.fonds_name)
        form.addRow(tr("档号规则"), self.code_template)
        form.addRow(tr("界面语言"), self.language)
        form.addRow(tr("字号"), self.font_size)
        form.addRow(tr("繁简通检"), self.folding)
        if archive.ocr_available():  # without the OCR component there is nothing to turn on
            form.addRow(tr("文字识别"), self.ocr_enabled)
        buttons = confirm_buttons(self, tr("确定"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("界面语言在下次启动时生效。")))
        layout.addWidget(buttons)
        self.resize(560, 0)

    def _pick_folder(self, title: str) -> None:
        path = QFileDialog.getExistingDirectory(self, title)
        if path:
            self.archiveWanted.emit(path)
            self.reject()

    def values(self) -> dict:
        return {
            "fonds_code": self.fonds_code.text().strip(),
            "fonds_name": self.fonds_name.text().strip(),
            "code_template": self.code_template.text().strip() or None,
            "language": self.language.currentData(),
            "font_size": self.font_size.value(),
            **(
                {"ocr_enabled": self.ocr_enabled.isChecked()}
                if self.archive.ocr_available()
                else {}
            ),
        }

    def save(self) -> None:
        """Write the changed settings to the archive's settings.json (繁简通检 is changed by
        the window in the background: every search text is rewritten)."""
        s = self.archive.settings
        changed = {k: v for k, v in self.values().items() if v is not None and s.get(k) != v}
        if changed:
            s.update(changed)
            s.save()
        if self.folding.isChecked() != self.archive.folding():
            changed["fold_variants"] = self.folding.isChecked()
        if changed:
            self.applied.emit(changed)
        self.accept()


class FoldingDialog(TaskDialog):
    """Turns 繁简通检 on or off at once: progress, 停止 while the texts are rewritten, result."""

    def __init__(self, archive, lanes, on: bool, parent=None):
        super().__init__(lanes, tr("繁简通检"), parent)
        self.on = on
        self.resize(520, 220)
        self.pages.setCurrentIndex(1)  # no choices: straight to the progress

        def work(on_progress, cancel) -> None:
            archive.set_folding(on, on_progress=on_progress, cancel=cancel)

        step = tr("正在更新检索文本（繁简通检）")
        QTimer.singleShot(0, lambda: self.run(work, cancellable=True, step=step))  # once shown

    def show_progress(self, p) -> None:
        super().show_progress(p)
        if "索引" in p.message:  # the rewrite is saved: the index rebuild runs to its end
            self.cancel_button.setEnabled(False)

    def failure_title(self) -> str:
        return tr("繁简通检的设置没有改变")

    def show_result(self, _result) -> None:
        if self.on:
            text = tr("已开启：简体、繁体和异体字视为同一个字，“档案法”也能找到“檔案法”。")
        else:
            text = tr("已关闭：简体和繁体分开查找。")
        self.show_message(tr("繁简通检"), text, ok=True)
