"""The pipeline: ingest → normalise → segment → extract → record."""

from __future__ import annotations

import hashlib
import os

from .extract.anchors import is_boilerplate
from .extract.closing import extract_addressees, extract_closing
from .extract.header import Header, doc_type_from_symbol, extract_header
from .extract.outline import extract_outline
from .extract.references import find_citations
from .ingest import SourceDocument, read_document
from .lexicon import type_by_name
from .models import (
    DocType,
    DocumentRecord,
    Evidence,
    Issuer,
    OutlineItem,
    PartialDate,
    Recipient,
    Reference,
    Repair,
    Signer,
    Source,
)
from .normalize import NormalizedText
from .repair import repair_text
from .segment import Line, split_lines


def parse(path: str | os.PathLike[str]) -> DocumentRecord:
    """Read and extract one document file. Raises `IngestError` if the file cannot be read."""
    return parse_source(read_document(path))


def parse_text(text: str, *, path: str | None = None) -> DocumentRecord:
    """Extract a document from its text (as the user has it: offsets point into `text`)."""
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return parse_source(SourceDocument(path=path, text=text, sha256=sha, format="text", encoding=None))


def parse_source(doc: SourceDocument) -> DocumentRecord:
    norm = repair_text(doc.text)
    lines = split_lines(norm.text)
    builder = _RecordBuilder(norm)
    record = builder.record
    record.source = Source(path=doc.path, sha256=doc.sha256, format=doc.format, encoding=doc.encoding)
    record.repairs = [Repair(kind=step.kind, count=step.count, lossy=step.lossy) for step in norm.steps]

    header = extract_header(lines)
    doc_end = _document_end(lines, header.body_start)
    closing = extract_closing(lines, header.body_start, doc_end)
    body_end = closing.start_line if closing.start_line is not None else doc_end
    addressees, addressee_end = extract_addressees(lines, header.doc_start, min(body_end, header.body_start + 30))

    _fill_header(builder, header)
    signer = Signer(authority=closing.authority, title=closing.title, name=closing.name, rank=closing.rank)
    if any((signer.authority, signer.title, signer.name)):
        record.signer = signer
        builder.evidence("signer.authority", closing.authority_span)
        builder.evidence("signer.title", closing.title_span)
        builder.evidence("signer.name", closing.name_span)
    record.recipients = [builder.recipient(item) for item in closing.recipients]
    record.addressees = [builder.recipient(item) for item in addressees]
    body_first = max(header.body_start, (addressee_end + 1) if addressee_end is not None else 0)
    record.outline = [
        OutlineItem(label=i.label, level=i.level, heading=i.heading, **builder.span(i.start, i.end))
        for i in extract_outline(lines, body_first, body_end, _offset_of_line(lines, body_end))
    ]
    record.references = _references(builder, lines, header, doc_end)
    record.warnings = [*header.warnings, *record.warnings, *closing.warnings]
    for fld, label in (
        ("identifier", "number and symbol"),
        ("issue_date_partial", "place and date"),
        ("doc_type", "document type"),
    ):
        if getattr(record, fld) is None:
            record.warnings.append(f"{label} not found")
    if record.issuer is None and record.identifier is not None:
        record.warnings.append("issuer not found")
    return record


class _RecordBuilder:
    """Keeps the normalised text and its map, and turns normalised spans into evidence."""

    def __init__(self, norm: NormalizedText):
        self.norm = norm
        self.record = DocumentRecord()

    def span(self, start: int, end: int) -> dict[str, int]:
        s, e = self.norm.to_source(start, end)
        return {"start": s, "end": e}

    def evidence(self, key: str, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        s, e = self.norm.to_source(*span)
        self.record.evidence[key] = Evidence(start=s, end=e, text=self.norm.source[s:e])

    def recipient(self, item) -> Recipient:
        return Recipient(text=item.text, name=item.name, note=item.note, **self.span(*item.span))


def _fill_header(builder: _RecordBuilder, header: Header) -> None:
    record = builder.record
    ident = header.identifier
    if ident is not None:
        record.number = ident.number
        record.symbol = ident.symbol
        record.identifier = ident.identifier
        record.year = ident.year
        builder.evidence("number", header.number_span)
        builder.evidence("symbol", header.symbol_span)
        builder.evidence("identifier", header.identifier_span)
        builder.evidence("year", header.year_span)
    entry = header.doc_type
    if entry is not None:
        builder.evidence("doc_type", header.doc_type_span)
    elif header.is_cong_van:
        entry = type_by_name()["CÔNG VĂN"]
        builder.evidence("doc_type", header.subject_span)
    else:
        entry = doc_type_from_symbol(ident)
        if entry is not None:
            builder.evidence("doc_type", header.symbol_span)
    if entry is not None:
        record.doc_type = DocType(code=entry.code, name=entry.name)
    if header.issuer_name:
        record.issuer = Issuer(name=header.issuer_name, parent=header.issuer_parent)
        builder.evidence("issuer.name", header.issuer_span)
        builder.evidence("issuer.parent", header.parent_span)
    pd = header.place_date
    if pd is not None:
        record.place = pd.place
        builder.evidence("place", pd.place_span)
        record.issue_date = pd.iso
        record.issue_date_partial = PartialDate(year=pd.year, month=pd.month, day=pd.day)
        builder.evidence("issue_date", pd.span)
        if pd.iso is None:
            record.warnings.append("issue date is incomplete")
    if header.published:
        record.published = header.published
        builder.evidence("published", header.published_span)
    if header.subject:
        record.subject = header.subject
        builder.evidence("subject", header.subject_span)


def _document_end(lines: list[Line], body_start: int) -> int:
    """The line where portal boilerplate after the document begins (or the end)."""
    for line in lines[body_start:]:
        if line.fragments and is_boilerplate(line.text):
            return line.index
    return len(lines)


def _offset_of_line(lines: list[Line], index: int) -> int:
    if index >= len(lines):
        return lines[-1].end if lines else 0
    return lines[index].start


def _references(builder: _RecordBuilder, lines: list[Line], header: Header, doc_end: int) -> list[Reference]:
    text = builder.norm.text
    start = _offset_of_line(lines, header.doc_start)
    end = _offset_of_line(lines, doc_end)
    own = header.identifier.identifier if header.identifier else None
    refs = []
    for cite in find_citations(text, start, end):
        if header.identifier_span and cite.start <= header.identifier_span[0] < cite.end + 1:
            continue
        if own and cite.ident.identifier == own:
            continue
        ident = cite.ident
        span = builder.span(cite.start, cite.end)
        refs.append(
            Reference(
                identifier=ident.identifier,
                doc_type=DocType(code=cite.doc_type.code, name=cite.doc_type.name) if cite.doc_type else None,
                number=ident.number,
                symbol=ident.symbol,
                year=ident.year,
                date=cite.date,
                issuer=cite.issuer,
                text=builder.norm.source[span["start"] : span["end"]],
                **span,
            )
        )
    return refs
