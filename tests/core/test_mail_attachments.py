"""A mail's attachments are imported as documents of their own, linked to the mail both ways;
hostile mails (thousands of parts, a huge part, mails nested in mails) cost only themselves."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

from core.ingest.attachments import MAX_DEPTH, SEPARATOR
from core.ingest.extract.mail import MAX_ATTACHMENTS
from tests.conftest import corpus_path

REPO = Path(__file__).resolve().parents[2]
AGENDA = "二〇二三年档案工作会议议程：一、通报归档情况；二、部署年度检查。"


def notice(folder: Path, name: str = "会议通知.eml", attachments=()) -> Path:
    """A GB2312 mail with attachments given as (filename, bytes)."""
    msg = EmailMessage()
    msg["Subject"] = "关于召开档案工作会议的通知"
    msg["From"] = "办公室 <office@example.edu.cn>"
    msg["To"] = "各部门 <all@example.edu.cn>"
    msg["Date"] = "Mon, 06 Mar 2023 09:30:00 +0800"
    msg.set_content("各部门：定于三月十日下午召开档案工作会议，议程见附件。", charset="gb2312")
    for filename, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=filename)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(msg.as_bytes())
    return path


def found(archive, phrase: str) -> set[int]:
    return {h.id for h in archive.search(phrase, limit=50, snippets=False).hits}


def outcomes(report) -> dict[str, object]:
    return {Path(f.path).name if SEPARATOR not in f.path else f.path: f for f in report.files}


def test_attachments_become_documents_linked_to_their_mail(archive, tmp_path):
    mail = notice(
        tmp_path / "in" / "2023",
        attachments=[
            ("会议议程.txt", AGENDA.encode("gb18030")),
            ("签名.gif", b"GIF89a"),  # not a document: stays a line in the mail
        ],
    )
    report = archive.import_paths([mail], category="办公室")
    files = outcomes(report)
    assert set(files) == {"会议通知.eml", "会议通知.eml › 会议议程.txt"}
    mail_id, agenda_id = files["会议通知.eml"].id, files["会议通知.eml › 会议议程.txt"].id
    assert files["会议通知.eml › 会议议程.txt"].status == "imported" and report.imported == 2
    assert found(archive, "通报归档情况") == {agenda_id}
    assert "签名.gif" in archive.document(mail_id)["content"]
    assert archive.document(mail_id)["title"] == "关于召开档案工作会议的通知"  # the subject
    links = archive.mail_links(mail_id)
    assert [(a["id"], a["name"]) for a in links["attachments"]] == [(agenda_id, "会议议程.txt")]
    assert [m["id"] for m in archive.mail_links(agenda_id)["attachment_of"]] == [mail_id]
    agenda = archive.document(agenda_id)
    assert agenda["original_name"] == "会议议程.txt"
    assert agenda["source_path"].endswith("会议通知.eml › 会议议程.txt")
    assert agenda["category_id"] == archive.document(mail_id)["category_id"]  # filed with it


def test_duplicate_attachment_links_to_the_document_already_there(archive, tmp_path):
    (tmp_path / "in").mkdir()
    earlier = tmp_path / "in" / "议程.txt"
    earlier.write_bytes(AGENDA.encode("gb18030"))
    first = archive.import_paths([earlier]).files[0].id
    mail = notice(tmp_path / "mail", attachments=[("会议议程.txt", AGENDA.encode("gb18030"))])
    report = archive.import_paths([mail])
    attached = outcomes(report)["会议通知.eml › 会议议程.txt"]
    assert attached.status == "duplicate" and attached.id == first
    mail_id = outcomes(report)["会议通知.eml"].id
    assert [a["id"] for a in archive.mail_links(mail_id)["attachments"]] == [first]
    assert len(found(archive, "通报归档情况")) == 1  # not stored twice


def test_a_bad_attachment_is_reported_by_mail_and_name_and_the_mail_stays(archive, tmp_path):
    mail = notice(tmp_path / "in", attachments=[("预算表.pdf", b"%PDF-1.4 this is not a pdf")])
    report = archive.import_paths([mail])
    files = outcomes(report)
    bad = files["会议通知.eml › 预算表.pdf"]
    assert bad.status == "failed" and bad.error == "文件已损坏"
    assert files["会议通知.eml"].status == "imported"


def test_attachment_named_in_gb2312_rfc2231_and_rfc2047(archive, tmp_path):
    body = AGENDA.encode("gb18030")
    rfc2231 = "filename*=gb2312''" + "".join(f"%{b:02X}" for b in "会议议程.txt".encode("gb2312"))
    rfc2047 = "=?gb2312?B?" + base64.b64encode("工作要点.txt".encode("gb2312")).decode() + "?="
    raw = (
        "From: a@b.cn\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        "--XX\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nsee attached\r\n"
        f"--XX\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; {rfc2231}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(body).decode() + "\r\n"
        f'--XX\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="{rfc2047}"'
        "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode("年度工作要点：规范归档。".encode("gb18030")).decode()
        + "\r\n--XX--\r\n"
    )
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "gb.eml"
    path.write_bytes(raw.encode("ascii"))
    files = outcomes(archive.import_paths([path]))
    assert files["gb.eml › 会议议程.txt"].status == "imported"
    assert files["gb.eml › 工作要点.txt"].status == "imported"
    assert archive.document(files["gb.eml › 会议议程.txt"].id)["title"]  # a readable title


def test_attachment_bomb_thousands_of_parts(archive, tmp_path):
    parts = "".join(
        f"--B\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
        f'filename="附件{i}.txt"\r\n\r\n第{i}号附件内容\r\n'
        for i in range(5000)
    )
    raw = (
        "From: a@b.cn\r\nSubject: =?utf-8?B?"
        + base64.b64encode("大量附件".encode()).decode()
        + '?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
        + parts
        + "--B--\r\n"
    )
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "bomb.eml"
    path.write_bytes(raw.encode("utf-8"))
    report = archive.import_paths([path])
    files = outcomes(report)
    assert files["bomb.eml"].status == "imported"
    attached = [f for f in report.files if SEPARATOR in f.path]
    assert len(attached) == MAX_ATTACHMENTS and all(f.status == "imported" for f in attached)
    assert "只导入了前" in " ".join(archive.document(files["bomb.eml"].id)["extra"]["warnings"])


def test_huge_base64_part_of_garbage(archive, tmp_path):
    garbage = bytes(range(256)) * (12 * 1024 * 1024 // 256)  # 12 MB, 16 MB in base64
    mail = notice(tmp_path / "in", attachments=[("扫描件.pdf", garbage), ("议程.txt", b"ok")])
    files = outcomes(archive.import_paths([mail]))
    assert files["会议通知.eml"].status == "imported"
    assert files["会议通知.eml › 扫描件.pdf"].error == "文件已损坏"
    assert files["会议通知.eml › 议程.txt"].status == "imported"


def nested(depth: int) -> bytes:
    """A mail forwarding a mail forwarding … depth levels deep, each with its own text."""
    inner = EmailMessage()
    inner["From"] = "档案馆 <archive@example.edu.cn>"
    inner["Subject"] = "第0层"
    inner.set_content("最里层的邮件正文：会议纪要第0层。")
    for level in range(1, depth + 1):
        outer = EmailMessage()
        outer["From"] = "办公室 <office@example.edu.cn>"
        outer["Subject"] = f"第{level}层"
        outer.set_content(f"转发第{level}层")
        outer.add_attachment(inner)
        inner = outer
    return inner.as_bytes()


def test_mail_in_mail_is_unpacked_down_to_the_depth_limit(archive, tmp_path):
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "转发.eml"
    path.write_bytes(nested(MAX_DEPTH + 2))
    report = archive.import_paths([path])
    assert all(f.status == "imported" for f in report.files)
    assert len(report.files) == 1 + MAX_DEPTH  # the file and three levels of forwarded mails
    deepest = report.files[-1]
    assert deepest.path.count(SEPARATOR) == MAX_DEPTH
    parent = report.files[-2].id
    assert [m["id"] for m in archive.mail_links(deepest.id)["attachment_of"]] == [parent]


def test_deeply_nested_mail_in_one_file_is_reported_not_crashing(archive, tmp_path):
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "深.eml"
    raw = b"From: a@b.cn\r\nSubject: 0\r\n\r\nbody\r\n"
    for level in range(1, 400):  # written by hand: the email package cannot write it
        raw = (
            f'From: a@b.cn\r\nSubject: {level}\r\nContent-Type: multipart/mixed; boundary="b{level}"'
            f"\r\n\r\n--b{level}\r\nContent-Type: message/rfc822\r\n\r\n".encode()
            + raw
            + f"\r\n--b{level}--\r\n".encode()
        )
    path.write_bytes(raw)
    report = archive.import_paths([path])
    assert report.files[0].status in ("imported", "failed")
    if report.files[0].status == "failed":
        assert report.files[0].error in ("文件已损坏", "解析超时")


def test_deleting_the_mail_keeps_its_attachments(archive, tmp_path):
    mail = notice(tmp_path / "in", attachments=[("会议议程.txt", AGENDA.encode("gb18030"))])
    files = outcomes(archive.import_paths([mail]))
    mail_id, agenda_id = files["会议通知.eml"].id, files["会议通知.eml › 会议议程.txt"].id
    archive.delete([mail_id])
    assert found(archive, "通报归档情况") == {agenda_id}  # still a record of its own
    assert archive.mail_links(agenda_id)["attachment_of"][0]["deleted"] is True
    archive.restore([mail_id])
    assert archive.mail_links(agenda_id)["attachment_of"][0]["deleted"] is False


def test_msg_fixture_attachment_is_imported(archive):
    path = corpus_path("fixtures", "poi", "test-data", "hsmf", "attachment_msg_pdf.msg")
    report = archive.import_paths([path])
    attached = [f for f in report.files if SEPARATOR in f.path]
    assert attached and attached[0].path.endswith(".pdf")
    assert attached[0].status in ("imported", "duplicate", "failed")
    if attached[0].id is not None:
        mail_id = report.files[0].id
        assert archive.mail_links(mail_id)["attachments"][0]["id"] == attached[0].id


def test_show_json_lists_attachments_and_their_mail(tmp_path):
    mail = notice(tmp_path / "in", attachments=[("会议议程.txt", AGENDA.encode("gb18030"))])
    data = str(tmp_path / "a")

    def cli(*args):
        out = subprocess.run(
            [sys.executable, str(REPO / "main.py"), "--data-dir", data, *args, "--json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        return json.loads(out.stdout)

    files = cli("import", str(mail))["files"]
    ids = {f["path"].rsplit("/", 1)[-1]: f["id"] for f in files}
    mail_id, agenda_id = ids["会议通知.eml"], ids["会议通知.eml › 会议议程.txt"]
    shown = cli("show", str(mail_id))
    assert [(a["id"], a["name"]) for a in shown["attachments"]] == [(agenda_id, "会议议程.txt")]
    assert shown["attachment_of"] == []
    assert cli("show", str(agenda_id))["attachment_of"][0]["id"] == mail_id


def test_an_attachment_without_a_date_is_offered_its_mails_date(archive, tmp_path):
    """Unpacking writes the attachment out today: that time must not be offered as its date."""
    mail = notice(tmp_path / "in", attachments=[("会议议程.txt", AGENDA.encode("gb18030"))])
    files = outcomes(archive.import_paths([mail]))
    mail_doc = archive.document(files["会议通知.eml"].id)
    agenda = archive.document(files["会议通知.eml › 会议议程.txt"].id)
    assert mail_doc["date"] == "2023-03-06"
    assert agenda["date"] is None  # a suggestion only: 成文日期 is the clerk's to confirm
    assert agenda["extra"]["date_suggestion"] == {"date": "2023-03-06", "source": "mail"}


def test_progress_goes_on_counting_through_the_attachments(archive, tmp_path):
    """The bar does not start again from 0 for the attachments, and names them as the report."""
    notice(tmp_path / "in", attachments=[("会议议程.txt", AGENDA.encode("gb18030"))])
    (tmp_path / "in" / "另一件.txt").write_text("另一件文件的正文", "utf-8")
    seen = []
    archive.import_paths([tmp_path / "in"], on_progress=seen.append)
    done = [p.done for p in seen]
    assert done == sorted(done) and seen[-1].done == seen[-1].total == 3
    assert "会议通知.eml › 会议议程.txt" in [p.current for p in seen]
