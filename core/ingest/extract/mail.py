"""E-mail: .eml through the standard `email` package, Outlook .msg from its OLE properties.

Both give the same text: the headers a clerk searches by (发件人, 收件人, 日期, 主题), the body
(plain text, else the HTML part made readable) and a list of the attachments.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import struct
from pathlib import Path

from core.ingest.extract import ole
from core.ingest.extract.base import Extracted
from core.ingest.extract.text import decode_bytes

MAX_PARTS = 500  # MIME parts looked at (an attachment bomb has thousands)
MAX_ATTACHMENTS = 100  # attachments carried over to be imported as documents
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024  # all carried attachments together
# Chinese mail declares GB2312 but is written by GBK/GB18030 encoders: read the superset.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def extract_eml(path: Path) -> Extracted:
    """Headers, body and attachments of a MIME message (a forwarded mail is an attachment)."""
    with open(path, "rb") as fh:
        message = email.message_from_binary_file(fh, policy=email.policy.default)
    headers = {key: _header(message, key) for key in ("from", "to", "cc", "date", "subject")}
    plain, html, attachments = [], [], []
    for part in _leaves(message):
        filename = _filename(part)
        if part.get_content_type() == "message/rfc822":
            inner = _inner_message(part)
            name = filename or f"{_header(part.get_payload()[0], 'subject') or '邮件'}.eml"
            attachments.append((name, inner))
        elif filename or part.get_content_disposition() == "attachment":
            attachments.append((filename or "未命名附件", _payload(part)))
        elif part.get_content_type() == "text/plain":
            plain.append(_part_text(part))
        elif part.get_content_type() == "text/html":
            html.append(_part_text(part))
    body = "\n".join(plain) if any(p.strip() for p in plain) else _html_text("\n".join(html))
    return _mail(headers, body, attachments, "eml", "email")


def _leaves(message):
    """The message's leaf parts in order, a forwarded message/rfc822 counting as one leaf;
    at most MAX_PARTS parts are looked at."""
    stack, seen = [message], 0
    while stack and seen <= MAX_PARTS:
        part = stack.pop()
        seen += 1
        if part.get_content_type() != "message/rfc822" and part.is_multipart():
            payload = part.get_payload()
            stack.extend(reversed(payload if isinstance(payload, list) else []))
        else:
            yield part


def _payload(part) -> bytes:
    """An attachment's decoded bytes (base64 / quoted-printable undone)."""
    try:
        return part.get_payload(decode=True) or b""
    except Exception:  # a damaged transfer encoding: the attachment is empty, the mail stays
        return b""


def _inner_message(part) -> bytes:
    """A forwarded mail's own bytes, to import it as an .eml of its own."""
    try:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        return inner.as_bytes(policy=email.policy.compat32) if inner is not None else b""
    except Exception:
        return b""


def _header(message, key: str) -> str:
    """A decoded header (RFC 2047 words in any charset); undecodable ones as best we can."""
    try:
        value = message.get(key)
        return str(value).strip() if value is not None else ""
    except Exception:  # a malformed encoded word must not lose the mail
        raw = message.get_all(key, failobj=[""])
        return str(raw[0]).strip()


def _filename(part) -> str | None:
    """The attachment's name (RFC 2231 and RFC 2047 forms)."""
    try:
        return part.get_filename()
    except Exception:
        return None


def _part_text(part) -> str:
    """A text part decoded in its declared charset, or detected when that fails."""
    raw = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "").lower()
    charset = _CHARSET_ALIASES.get(charset, charset)
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(raw)[0]


def _html_text(html: str) -> str:
    """Readable text of an HTML body."""
    if not html.strip():
        return ""
    from core.ingest.extract.html import extract_bytes

    return extract_bytes(html.encode("utf-8"), "html", "utf-8").text


def _mail(headers: dict, body: str, attachments: list, fmt: str, extractor: str) -> Extracted:
    """The mail as one text: labelled headers, the body, then the attachment list."""
    labels = (
        ("subject", "主题"),
        ("from", "发件人"),
        ("to", "收件人"),
        ("cc", "抄送"),
        ("date", "日期"),
    )
    lines = [f"{label}：{headers[key]}" for key, label in labels if headers.get(key)]
    lines.append(body.strip())
    if attachments:
        lines.append("附件：")
        lines.extend(f"{name}（{_size(len(data or b''))}）" for name, data in attachments)
    props = {
        k: v for k, v in (("author", headers.get("from")), ("subject", headers.get("subject"))) if v
    }
    date = _iso_date(headers.get("date"))
    if date:
        props["created"] = date
    return Extracted(
        # the Date header is the mail's own statement of when it was sent, like a web byline
        published=date[:10] if date else None,
        published_source="mail:date" if date else None,
        text="\n".join(line for line in lines if line),
        format=fmt,
        extractor=extractor,
        title=headers.get("subject") or None,
        properties=props,
        attachments=_carried(attachments),
        warnings=[f"只导入了前 {MAX_ATTACHMENTS} 个附件"]
        if len(attachments) > MAX_ATTACHMENTS
        else [],
    )


def _carried(attachments: list) -> list[tuple[str, bytes | None]]:
    """The attachments handed over for import: the first MAX_ATTACHMENTS, their bytes while
    the total stays under MAX_ATTACHMENT_BYTES (past it: None, reported too large)."""
    carried, total = [], 0
    files = [(name, data) for name, data in attachments if data is not None]
    for name, data in files[:MAX_ATTACHMENTS]:
        total += len(data or b"")
        carried.append((name, data if total <= MAX_ATTACHMENT_BYTES else None))
    return carried


def _size(size: int) -> str:
    """Bytes as a clerk reads them."""
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def _iso_date(value: str | None) -> str | None:
    """An RFC 5322 date as ISO (local time as written), or None."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or not 1980 < parsed.year < 2100:
        return None
    return parsed.replace(tzinfo=None).isoformat()


# Outlook .msg ([MS-OXMSG]): properties are streams named __substg1.0_<tag><type>.
_MSG_STRINGS = {
    "subject": "0037",
    "from": "0C1A",
    "to": "0E04",
    "cc": "0E03",
    "body": "1000",
}
_MSG_HTML = "__substg1.0_10130102"
_ATTACH_PREFIX = "__attach_version1.0_#"
_SUBMIT_TIME = 0x0039  # PidTagClientSubmitTime, in the fixed-size properties stream
_MESSAGE_CODEPAGE = 0x3FFD  # PR_MESSAGE_CODEPAGE: the code page of the 8-bit strings
_INTERNET_CPID = 0x3FDE  # PR_INTERNET_CPID: the code page the mail arrived in
# Chinese code pages read as their superset (GBK writers put GB18030 characters in "936").
_CODE_PAGES = {
    936: "gb18030",
    20936: "gb18030",
    54936: "gb18030",
    65001: "utf-8",
    1200: "utf-16-le",
    20127: "ascii",
    28591: "latin-1",
    950: "cp950",
    51932: "euc_jp",
    51949: "euc_kr",
    50220: "iso2022_jp",
}


def extract_msg(path: Path) -> Extracted:
    """Subject, people, date, body and attachment names from an Outlook message."""
    with ole.OleFile(path) as cfb:
        streams = cfb.streams()
        fixed = _msg_fixed(cfb)
        codec = _codec(fixed.get(_MESSAGE_CODEPAGE)) or _codec(fixed.get(_INTERNET_CPID))
        headers = {key: _msg_string(cfb, "", tag, codec) for key, tag in _MSG_STRINGS.items()}
        body = headers.pop("body")
        if not body.strip() and _MSG_HTML in streams:
            body = _html_text(_decode_8bit(cfb.read(_MSG_HTML), codec))
        headers["date"] = _msg_date(fixed)
        attachments = _msg_attachments(cfb, streams, codec)
    return _mail(headers, body, attachments, "msg", "msg")


def _msg_string(cfb, prefix: str, tag: str, codec: str | None = None) -> str:
    """A string property: Unicode (001F) or 8-bit (001E: in the message's code page, else
    detected)."""
    unicode_name = f"{prefix}__substg1.0_{tag}001F"
    if cfb.has(unicode_name):
        raw = cfb.read(unicode_name)
        return raw[: len(raw) - len(raw) % 2].decode("utf-16-le", "replace").rstrip("\0").strip()
    ansi_name = f"{prefix}__substg1.0_{tag}001E"
    if cfb.has(ansi_name):
        return _decode_8bit(cfb.read(ansi_name).rstrip(b"\0"), codec).strip()
    return ""


def _decode_8bit(raw: bytes, codec: str | None) -> str:
    """8-bit text in the code page the message declares; when it does not fit (Outlook also
    writes 65001 over CP1252 strings), detected like a text file."""
    if codec:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass
    return decode_bytes(raw)[0]


def _codec(code_page: int | None) -> str | None:
    """A Windows code page number as a Python codec, or None when unknown."""
    if not code_page:
        return None
    import codecs

    name = _CODE_PAGES.get(code_page, f"cp{code_page}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _msg_fixed(cfb) -> dict[int, int]:
    """The top-level fixed-size properties (16-byte entries after 32 bytes): id → value for
    32-bit integers and times."""
    if not cfb.has("__properties_version1.0"):
        return {}
    data = cfb.read("__properties_version1.0", limit=1024 * 1024)
    found: dict[int, int] = {}
    for pos in range(32, len(data) - 15, 16):
        ptype, pid = struct.unpack_from("<HH", data, pos)
        if ptype == 0x0003:  # PT_LONG
            found[pid] = struct.unpack_from("<I", data, pos + 8)[0]
        elif ptype == 0x0040:  # PT_SYSTIME
            found[pid] = struct.unpack_from("<Q", data, pos + 8)[0]
    return found


def _msg_date(fixed: dict[int, int]) -> str:
    """The submit time, as an RFC 5322 date."""
    ticks = fixed.get(_SUBMIT_TIME)
    if not ticks:
        return ""
    import datetime as _dt

    try:
        when = _dt.datetime(1601, 1, 1) + _dt.timedelta(microseconds=ticks // 10)
    except OverflowError:
        return ""
    return email.utils.format_datetime(when.replace(tzinfo=_dt.UTC))


def _msg_attachments(cfb, streams: set[str], codec: str | None) -> list[tuple[str, bytes | None]]:
    """(name, bytes) of each attachment storage (bytes None: not a file)."""
    storages = sorted({s.split("/", 1)[0] for s in streams if s.startswith(_ATTACH_PREFIX)})
    found = []
    for storage in storages[:MAX_PARTS]:
        prefix = storage + "/"
        name = _msg_string(cfb, prefix, "3707", codec) or _msg_string(cfb, prefix, "3704", codec)
        data_name = prefix + "__substg1.0_37010102"
        # no data stream: an embedded message or an OLE object, listed but not imported
        data = cfb.read(data_name) if cfb.has(data_name) else None
        found.append((name or "未命名附件", data))
    return found
