"""Receiving one uploaded export: streamed to a private temporary folder, bounded, then gone.

The body is read chunk by chunk and refused as soon as it passes the size limit (a
Content-Length above it is refused before reading anything). The form token must come
before the file in the form, so a request without it never writes a byte. The file is
saved under a name made from the last part of the name the browser sent, reduced to
letters, digits, dots, dashes and underscores (the importers recognise a single export
file by its name); the name itself is never a path. The caller deletes the folder.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELDS = 10
MAX_FIELD_BYTES = 4096
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(Exception):
    """The upload is too large (`too_large`), malformed, or lacks its form token."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def safe_name(sent: str) -> str:
    """A file name that is only a name: no folder, no '..', nothing but safe characters."""
    last = re.split(r"[\\/]", sent)[-1]
    name = _UNSAFE.sub("_", last).strip("._")[:100]
    return name or "export"


@dataclass
class Upload:
    """What was received: the small fields, the file's shown name and its saved path."""

    folder: Path
    fields: dict[str, str] = field(default_factory=dict)
    filename: str = ""
    path: Path | None = None
    size: int = 0


class _Receiver:
    def __init__(self, upload: Upload, limit: int, token_ok: Callable[[str | None], bool]):
        self.upload = upload
        self.limit = limit
        self.token_ok = token_ok
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.name = ""
        self.data = bytearray()
        self.file: BinaryIO | None = None

    def on_part_begin(self) -> None:
        self.disposition, self.name, self.data, self.file = b"", "", bytearray(), None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            if len(self.upload.fields) >= MAX_FIELDS:
                raise UploadRefused("malformed")
            return
        if self.upload.path is not None or not self.token_ok(self.upload.fields.get("csrf")):
            raise UploadRefused("token" if self.upload.path is None else "malformed")
        sent = options[b"filename"].decode("utf-8", "replace")
        self.upload.filename = sent[:200]
        self.upload.path = self.upload.folder / safe_name(sent)
        fd = os.open(self.upload.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        self.file = os.fdopen(fd, "wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.file is None:
            if len(self.data) + len(chunk) > MAX_FIELD_BYTES:
                raise UploadRefused("malformed")
            self.data += chunk
            return
        self.upload.size += len(chunk)
        if self.upload.size > self.limit:
            raise UploadRefused("too_large")
        self.file.write(chunk)

    def on_part_end(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        elif self.name:
            self.upload.fields[self.name] = self.data.decode("utf-8", "replace")

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


async def receive(
    content_type: str,
    content_length: str | None,
    stream: AsyncIterator[bytes],
    limit: int,
    token_ok: Callable[[str | None], bool],
) -> Upload:
    """Receive a multipart form with one file into a new private folder.

    Raises:
        UploadRefused: too large, malformed, or the form token is missing or wrong. The
            folder is removed before it is raised.
    """
    if content_length and content_length.isdigit() and int(content_length) > limit + 64 * 1024:
        raise UploadRefused("too_large")
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise UploadRefused("malformed")
    upload = Upload(folder=Path(tempfile.mkdtemp(prefix="social-audit-upload-")))
    receiver = _Receiver(upload, limit, token_ok)
    callbacks = {
        name: getattr(receiver, name)
        for name in (
            "on_part_begin",
            "on_part_data",
            "on_part_end",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
        )
    }
    parser = MultipartParser(params[b"boundary"], callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in stream:
            parser.write(chunk)
        parser.finalize()
        if upload.path is None:
            raise UploadRefused("token" if not token_ok(upload.fields.get("csrf")) else "malformed")
    except FormParserError:
        receiver.close()
        remove(upload)
        raise UploadRefused("malformed") from None
    except BaseException:
        receiver.close()
        remove(upload)
        raise
    return upload


def remove(upload: Upload) -> None:
    """Delete the uploaded file and its folder: nothing of the upload stays."""
    for child in upload.folder.iterdir():
        child.unlink()
    upload.folder.rmdir()
