"""The preview names a mail's attachments and an attachment's mail (附件 / 所属邮件)."""

from __future__ import annotations

from tests.core.test_mail_attachments import AGENDA, notice


def test_preview_shows_attachments_and_their_mail(qtbot, make_window, tmp_path):
    notice(tmp_path / "in", attachments=[("会议议程.txt", AGENDA.encode("gb18030"))])
    window = make_window(import_first=tmp_path / "in")
    preview = window.preview

    def show(title_part: str) -> str:
        row = next(i for i, h in enumerate(window.model.hits) if title_part in h.title)
        window.table.selectRow(row)
        qtbot.waitUntil(lambda: preview.doc is not None and title_part in preview.doc["title"])
        return preview.header.text()

    qtbot.waitUntil(lambda: len(window.model.hits) == 2)
    mail = next(h for h in window.model.hits if "通知" in h.title)
    agenda = next(h for h in window.model.hits if h.id != mail.id)
    assert "附件：" in show(mail.title) and "会议议程.txt" in preview.header.text()
    assert "所属邮件：" in show(agenda.title) and mail.title in preview.header.text()
    window.lanes.wait(10000)
