"""Checks every upload passes before anything is kept: size, kind by content, zip bombs."""

import io
import struct
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ZIP_MAGIC = b"PK\x03\x04"
# What a file of each kind starts with; docx and xlsx are zips (checked further below).
SIGNATURES = {
    ".pdf": b"%PDF-",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".docx": ZIP_MAGIC,
    ".xlsx": ZIP_MAGIC,
}
KIND_NAMES = {
    ".pdf": gettext_lazy("a PDF document"),
    ".jpg": gettext_lazy("a JPEG image"),
    ".jpeg": gettext_lazy("a JPEG image"),
    ".png": gettext_lazy("a PNG image"),
    ".docx": gettext_lazy("a Word document (.docx)"),
    ".xlsx": gettext_lazy("an Excel workbook (.xlsx)"),
}
# The part that makes a zip a Word document or an Excel workbook (a .jar or .ods is a zip too).
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
ATTACHMENT_KINDS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")
# Windows (MZ), Linux (ELF), Mach-O and scripts: named after their kind in the message.
EXECUTABLES = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
)

# A zip of a few MB can declare gigabytes; these are read from its central directory.
MAX_ZIP_ENTRIES = 5000
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
# Deflate reaches ~1000:1 on zeros; workbooks and documents stay far below 100:1.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # entries smaller than this unpacked cannot hurt, whatever their ratio
CHUNK = 64 * 1024


def attachment_limit():
    """The largest file kept as an attachment or evidence, in bytes (``UPLOAD_MAX_MB``)."""
    return settings.UPLOAD_MAX_MB * 2**20


def import_limit():
    """The largest Excel file an import reads, in bytes (``IMPORT_MAX_MB``)."""
    return settings.IMPORT_MAX_MB * 2**20


def check_upload(upload, *, field, kinds=ATTACHMENT_KINDS, max_bytes=None):
    """``upload`` if its extension is one of ``kinds`` and its content is of that kind.

    Raises ValidationError naming ``field`` (the form field's label) otherwise.
    """
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in kinds:
        listed = ", ".join(dict.fromkeys(kind.lstrip(".").upper() for kind in kinds))
        listed = listed.replace("JPG, JPEG", "JPEG")
        raise refusal(field, _("upload a file of one of these kinds: %(kinds)s."), kinds=listed)
    return check_content(upload, extension, field=field, max_bytes=max_bytes)


def check_content(file, kind, *, field, max_bytes=None):
    """``file`` if it is a ``kind`` file (".pdf", ".xlsx"…) of at most ``max_bytes``."""
    max_bytes = max_bytes or attachment_limit()
    size = file_size(file)
    if size > max_bytes:
        raise refusal(
            field,
            _("the file is %(size)s MB, more than the limit of %(limit)s MB."),
            size=f"{size / 2**20:.1f}",
            limit=max_bytes // 2**20,
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(EXECUTABLES):
        raise refusal(field, _("the file is a program, not %(kind)s."), kind=KIND_NAMES[kind])
    if not head.startswith(SIGNATURES[kind]):
        raise not_of_kind(field, kind)
    if kind in OFFICE_PARTS:
        check_office_zip(file, kind, field=field)
    return file


def check_office_zip(file, kind, *, field):
    """A docx or xlsx: a sound zip with the part of its kind, refused if it would unpack too far.

    The sizes come from the zip's central directory, so a zip bomb is refused before anything is
    unpacked; then each part is inflated into nothing, to catch a directory that lies.
    """
    damaged = not_of_kind(field, kind)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise damaged from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refusal(field, _("the file holds more than %(limit)s parts."), limit=MAX_ZIP_ENTRIES)
    if OFFICE_PARTS[kind] not in {entry.filename for entry in entries}:
        raise damaged
    if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
        raise refusal(
            field,
            _("the file is too large once unpacked (more than %(limit)s MB)."),
            limit=MAX_UNZIPPED_BYTES // 2**20,
        )
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * entry.compress_size:
            raise refusal(
                field,
                _("the file unpacks to more than %(ratio)s times its size, like a zip bomb."),
                ratio=MAX_RATIO,
            )
    try:
        sound = all(inflates_as_declared(file, entry) for entry in entries)
    except (zlib.error, OSError, struct.error):
        sound = False
    file.seek(0)
    if not sound:
        raise damaged


def inflates_as_declared(file, entry):
    """Whether the entry unpacks to exactly its declared size; stops as soon as it passes it."""
    if entry.flag_bits & 0x1 or entry.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        return False  # encrypted, or a method no workbook or document uses
    file.seek(entry.header_offset)
    local = file.read(30)
    if len(local) < 30 or local[:4] != ZIP_MAGIC:
        return False
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    file.seek(entry.header_offset + 30 + name_length + extra_length)
    if entry.compress_type == zipfile.ZIP_STORED:
        return entry.compress_size == entry.file_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, produced = entry.compress_size, 0
    while left > 0 and not inflater.eof:
        data = file.read(min(left, CHUNK))
        if not data:
            return False
        left -= len(data)
        while not inflater.eof:  # until this input is used up and no output is pending
            output = inflater.decompress(data, CHUNK)
            produced += len(output)
            if produced > entry.file_size:
                return False
            data = inflater.unconsumed_tail
            if not output and not data:
                break
    return inflater.eof and produced == entry.file_size


def not_of_kind(field, kind):
    return refusal(
        field,
        _("the file is not %(kind)s, or it is damaged; save it as %(extension)s and try again."),
        kind=KIND_NAMES[kind],
        extension=kind,
    )


def refusal(field, message, **params):
    """The ValidationError of a refused file, its message starting with the field's name."""
    text = message % params
    return ValidationError(f"{field}: {text}", code="upload")


def file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Writes at most the largest allowed size of an upload to disk, but counts all of it.

    The file then carries its full size, and the form refuses it by name and limit; a 10 GB
    upload never fills the disk. (The proxy in front should cap the request body as well.)
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.cap = max(attachment_limit(), import_limit()) + 1
        self.written = 0

    def receive_data_chunk(self, raw_data, start):
        room = self.cap - self.written
        if room > 0:
            self.file.write(raw_data[:room])
            self.written += min(room, len(raw_data))
