"""Mails and their attachments: which document came out of which mail (a mixin of Store)."""

from __future__ import annotations


class MailRows:
    """Attachment links; mixed into Store (self.db, self.query, self.transaction come from there)."""

    def link_attachment(self, mail_id: int, doc_id: int, name: str, position: int) -> None:
        """Record that doc_id is the attachment called name of mail_id (kept if already linked)."""
        self.db.execute(
            "INSERT OR IGNORE INTO mail_attachments (mail_id, doc_id, name, position)"
            " VALUES (?, ?, ?, ?)",
            [mail_id, doc_id, name, position],
        )

    def mail_links(self, doc_id: int) -> dict:
        """{"attachments": [{id, title, name, deleted}], "attachment_of": [{id, title, deleted}]}:
        a mail's attachments in their order, and the mails a document was attached to."""
        attachments = self.query(
            "SELECT d.id, d.title, a.name, d.deleted_at IS NOT NULL AS deleted"
            " FROM mail_attachments a JOIN documents d ON d.id = a.doc_id"
            " WHERE a.mail_id = ? ORDER BY a.position, d.id",
            [doc_id],
        )
        mails = self.query(
            "SELECT d.id, d.title, d.deleted_at IS NOT NULL AS deleted"
            " FROM mail_attachments a JOIN documents d ON d.id = a.mail_id"
            " WHERE a.doc_id = ? ORDER BY d.id",
            [doc_id],
        )
        for row in attachments + mails:
            row["deleted"] = bool(row["deleted"])
        return {"attachments": attachments, "attachment_of": mails}
