"""Uploads are recognised by their content, never by their name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIGNATURES = {
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "pdf": [b"%PDF-"],
    # The OLE2 compound file of Word 97-2003 (.doc); the .xls of that era shares it and is as harmless.
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}
# What each kind is called in a message to the user.
KIND_LABELS = {"jpeg": "JPEG", "png": "PNG", "pdf": "PDF", "doc": "Word（.doc）", "docx": "Word（.docx）",
               "xlsx": "Excel（.xlsx）"}


def sniff(upload) -> str | None:
    """'jpeg', 'png', 'pdf', 'doc', 'xlsx', 'docx' or None, from the first bytes (and, for Office files, the zip's parts)."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    head = upload.read(8)
    upload.seek(position)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(s) for s in signatures):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(position)
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
    return None


def require_size(upload, *, max_bytes: int | None = None) -> None:
    """Refuse an upload over the limit (default TUIJIN_MAX_UPLOAD_BYTES) before anything reads it."""
    max_bytes = max_bytes or settings.TUIJIN_MAX_UPLOAD_BYTES
    if upload.size > max_bytes:
        raise ValidationError(_("文件“%(n)s”过大（%(m)s MB），上限为 %(l)s MB。") % {
            "n": upload.name, "m": round(upload.size / 1048576, 1), "l": max_bytes // 1048576})


def require_kind(upload, kinds: set[str], *, max_bytes: int) -> str:
    require_size(upload, max_bytes=max_bytes)
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(_("文件“%(n)s”的内容不是允许的类型（只接受 %(k)s），请检查后重新上传。") % {
            "n": upload.name, "k": "、".join(KIND_LABELS.get(k, k) for k in sorted(kinds))})
    return kind
