"""Checks of uploaded files by size and by content (never by name alone)."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

KIND_LABELS = {"pdf": "PDF", "xlsx": "XLSX", "csv": "CSV"}
KIND_EXTENSIONS = {"pdf": (".pdf",), "xlsx": (".xlsx",), "csv": (".csv", ".txt")}


def sniff_kind(uploaded):
    """What the file really is, from its first bytes: 'pdf', 'xlsx', 'csv' or None."""
    uploaded.seek(0)
    head = uploaded.read(64 * 1024)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        return "xlsx" if "xl/workbook.xml" in names else None
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the 64 KB boundary.
            try:
                head[:-4].decode(encoding)
            except UnicodeDecodeError:
                continue
        return "csv"
    return None


def check_upload(uploaded, *, kinds, max_bytes):
    """Returns the file if it is one of ``kinds`` by content and not larger than ``max_bytes``."""
    allowed = ", ".join(KIND_LABELS[kind] for kind in kinds)
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    kind = sniff_kind(uploaded)
    name = (uploaded.name or "").lower()
    if kind not in kinds or not name.endswith(KIND_EXTENSIONS[kind]):
        raise ValidationError(
            _("«%(name)s» is not a real %(kinds)s file (its content was checked, not just its name).")
            % {"name": uploaded.name, "kinds": allowed},
            code="wrong_kind",
        )
    uploaded.kind = kind
    return uploaded
