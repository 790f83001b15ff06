"""Readers for the formats an archive holds beyond plain text: each turns one file into text in
reading order, with what evidence needs to point back into the file.

A reader is a function `read(path: Path, limits: Limits) -> Extracted`; it raises
`docparse.ingest.IngestError(path, reason)` for a file it cannot read, with a reason a person
can act on. `docparse.ingest.read_document` picks the reader by the file's suffix (READERS).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """What one document may cost; a file over a limit fails with a clear error, the batch goes on."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_seconds: float = 300.0  # wall time for one document (OCR included)
    max_pixels: int = 60_000_000  # one rendered or embedded image


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str  # "pdf", "image", "docx", "doc", "rtf", "html"
    encoding: str | None = None  # the legacy encoding the text came in, when known ("tcvn3", "vni", "cp1252")
    page_starts: tuple[int, ...] = ()  # offset in `text` where page 1, 2, ... begins (paged formats)
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text came from OCR
    ocr_confidence: float | None = None  # mean Tesseract word confidence over those pages (0-100)
    warnings: tuple[str, ...] = field(default_factory=tuple)


# Extracted.encoding → the name repair_text takes as its `hint` (the legacy encodings repair knows).
REPAIR_HINTS: dict[str, str] = {"tcvn3": "tcvn3", "vni": "vni_windows"}

# suffix → "module:function"; a module is imported only when a file of its kind is read.
READERS: dict[str, str] = {
    ".docx": "docparse.readers.office:read_docx",
    ".doc": "docparse.readers.office:read_doc",
    ".rtf": "docparse.readers.office:read_rtf",
    ".html": "docparse.readers.html:read_html",
    ".htm": "docparse.readers.html:read_html",
    ".png": "docparse.readers.ocr:read",
    ".jpg": "docparse.readers.ocr:read",
    ".jpeg": "docparse.readers.ocr:read",
    ".tif": "docparse.readers.ocr:read",
    ".tiff": "docparse.readers.ocr:read",
    ".pdf": "docparse.readers.pdf:read",
}
