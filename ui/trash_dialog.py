"""彻底删除 and 清空回收站: confirm with the count and size, delete in the background, report."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout

from ui.i18n import tr
from ui.task_dialog import TaskDialog


def size_text(n: int) -> str:
    """12.3 MB, 850 KB, 0 KB: a size as the confirmation shows it."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{(n + 1023) // 1024} KB"


class PurgeDialog(TaskDialog):
    """Delete documents of the 回收站 for good (ids None: all of them); `finishedTask` when done."""

    def __init__(self, archive, lanes, ids: list[int] | None, summary: dict, parent=None):
        title = tr("清空回收站") if ids is None else tr("彻底删除")
        super().__init__(lanes, title, parent)
        self.archive, self.ids = archive, ids
        n, size = summary["documents"], size_text(summary["bytes"])
        what = (
            tr("彻底删除回收站中的全部 {n} 件文件？")
            if ids is None
            else tr("从回收站彻底删除所选的 {n} 件文件？")
        )
        head = QLabel(f"<b>{what.format(n=n)}</b>")
        body = QLabel(
            tr(
                "它们的著录信息、全文和原件（共 {size}）将从档案库中删除，不能再恢复；"
                "删除前做的备份中仍保留它们。此操作记入操作日志。"
            ).format(size=size),
            wordWrap=True,
        )
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            tr("彻底删除"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.start_button.setEnabled(n > 0)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self.setup)
        for w in (head, body):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(520, 200)
        self.fit_to_setup()

    def start(self) -> None:
        archive, ids = self.archive, self.ids
        self.run(
            lambda p, c: archive.purge(ids, on_progress=p, cancel=c),
            cancellable=True,
            step=tr("正在彻底删除…"),
        )

    def current_text(self, current: str) -> str:
        return current  # a document's title (not a path)

    def failure_title(self) -> str:
        return tr("删除未完成")

    def show_result(self, done: dict) -> None:
        text = tr("已彻底删除 {n} 件文件，释放 {size}。").format(
            n=done["documents"], size=size_text(done["bytes"])
        )
        if done.get("files_left"):
            text += tr("{k} 个原件正被其他程序占用，未能删除（“检查档案库”会清理它们）。").format(
                k=done["files_left"]
            )
        head = tr("删除已停止") if done.get("cancelled") else tr("回收站已清理")
        if done.get("cancelled"):
            text += tr("其余文件仍在回收站中。")
        self.show_message(head, text, ok=not done.get("cancelled"))
