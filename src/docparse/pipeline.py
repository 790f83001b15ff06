"""The pipeline: ingest → normalise → segment → extract → record."""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import cache

from .extract.agencies import AgencyMatch, find_agencies, find_agencies_in_capitals, name_key
from .extract.anchors import is_boilerplate
from .extract.closing import Closing, Item, extract_addressees, extract_closing
from .extract.dates import DateMention as DateMatch
from .extract.dates import find_dates
from .extract.header import Header, doc_type_from_symbol, extract_header
from .extract.layout_tables import (
    LayoutTable,
    blank_tables,
    cell_agencies,
    cell_dates,
    find_layout_tables,
    row_tasks,
    without_tables,
)
from .extract.outline import extract_outline
from .extract.people import find_people, title_case
from .extract.references import Citation, find_references, resolve
from .extract.tasks import TaskMatch, find_tasks, plan_field_times, plan_time_cells, without_emphasis
from .extract.wraps import unwrap
from .ingest import SourceDocument, read_document
from .lexicon import CAPITALS, load_toml, type_by_name
from .models import (
    AgencyMention,
    DateMention,
    DocType,
    DocumentRecord,
    Evidence,
    Issuer,
    OutlineItem,
    PartialDate,
    Person,
    Recipient,
    Reference,
    Repair,
    SelfReference,
    Signer,
    Source,
    Task,
)
from .normalize import NormalizedText
from .readers import REPAIR_HINTS, Limits
from .repair import repair_text
from .segment import Line, split_lines


def parse(path: str | os.PathLike[str], *, ner: bool = False, limits: Limits | None = None) -> DocumentRecord:
    """Read and extract one document file. Raises `IngestError` if the file cannot be read.

    `ner=True` adds underthesea's NER as a second signal for people (slow: ~15 KB/s); `limits`
    caps what one document may cost (bytes, pages, pixels, seconds; see docparse.readers.Limits)."""
    return parse_source(read_document(path, limits), ner=ner)


def parse_text(text: str, *, path: str | None = None, ner: bool = False) -> DocumentRecord:
    """Extract a document from its text (as the user has it: offsets point into `text`)."""
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return parse_source(SourceDocument(path=path, text=text, sha256=sha, format="text", encoding=None), ner=ner)


def parse_source(doc: SourceDocument, *, ner: bool = False) -> DocumentRecord:
    # A legacy encoding the source declares (a PDF's .VnTime fonts) breaks repair's ties.
    norm = repair_text(doc.text, hint=REPAIR_HINTS.get(doc.encoding or ""))
    lines = split_lines(norm.text)
    builder = _RecordBuilder(norm)
    record = builder.record
    record.source = Source(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        encoding=doc.encoding,
        page_starts=list(doc.page_starts),
        ocr_pages=list(doc.ocr_pages),
        ocr_confidence=doc.ocr_confidence,
    )
    builder.page_starts = doc.page_starts
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
    # Plan tables in fixed-width columns: their cells are read whole, their mixed lines by no one else.
    layout = find_layout_tables(norm.text, lines, _offset_of_line(lines, body_first), _offset_of_line(lines, doc_end))
    read_lines = without_tables(lines, layout)
    outline_items = extract_outline(read_lines, body_first, body_end, _offset_of_line(lines, body_end))
    # An annex after the signer ("QUY CHẾ ... ban hành kèm theo Quyết định") has items and tasks too.
    annex_first = _annex_start(lines, closing, body_end, doc_end)
    annex_items = (
        extract_outline(read_lines, annex_first, doc_end, _offset_of_line(lines, doc_end)) if annex_first else []
    )
    record.outline = [
        OutlineItem(label=i.label, level=i.level, heading=i.heading, **builder.span(i.start, i.end))
        for i in [*outline_items, *annex_items]
    ]
    doc_from = _offset_of_line(lines, header.doc_start)
    doc_to = _offset_of_line(lines, doc_end)
    body_from = _offset_of_line(lines, body_first)
    builder.text = unwrap(norm.text, body_from, _offset_of_line(lines, body_end))
    if annex_first:
        builder.text = unwrap(builder.text, _offset_of_line(lines, annex_first), doc_to)
    citations, selves, own_dates = _references(builder, lines, header, doc_end)
    # (a law's title names no agency: "Luật Tổ chức HĐND và UBND")
    excluded = [(c.start, c.end) for c in citations if c.ident is not None or c.form == "law"]
    if header.identifier_span:
        excluded.append(header.identifier_span)
    # Agencies, dates and tasks read fixed-width tables by cell: the text they scan has them blanked.
    body_text = blank_tables(builder.text, layout)
    agencies = [
        a
        for a in [
            *find_agencies(body_text, doc_from, doc_to),
            *cell_agencies(layout),
            *_publishing_portal(body_text, doc_from, doc_to),
        ]
        if not any(s <= a.start < e for s, e in excluded)
    ]
    issuer = _issuer_agencies(header)
    agencies = _own_units(sorted(agencies, key=lambda a: a.start), issuer, body_text)
    named_in_recipients = [
        *_office_by_its_leaders(closing, issuer, agencies),
        *government_office_units(closing.recipients, issuer),
    ]
    agencies = _by_initials(sorted([*agencies, *named_in_recipients], key=lambda a: a.start))
    record.agencies = [_agency(builder, a) for a in agencies]
    time_cells = sorted(
        [
            *plan_time_cells(read_lines, body_from, doc_to),
            *plan_field_times(builder.text, read_lines, body_from, doc_to),
        ]
    )
    # Dates run to the end of the page: a portal's related news after the document are mentions too.
    dates = _dates(builder, body_text, header, citations, own_dates, doc_from, len(norm.text), time_cells, layout)
    record.people, person_spans = _people(builder, closing, doc_from, doc_to, [(a.start, a.end) for a in agencies], ner)
    # A letter to one agency: its "đề nghị Quý cơ quan ... sau:" assigns the items to it.
    addressed = [
        a for a in agencies if len(addressees) == 1 and addressees[0].span[0] <= a.start < addressees[0].span[1]
    ]
    # "Giao đồng chí Nguyễn Văn Hòa, Phó Bí thư ...": a person can be assigned work too.
    assignable = sorted([*agencies, *_cued_people(builder.text, person_spans)], key=lambda a: a.start)
    task_text = without_emphasis(body_text)
    tasks = find_tasks(
        task_text, body_from, _offset_of_line(lines, body_end), outline_items, assignable, dates, read_lines, addressed
    )
    if annex_first:
        annex_from = _offset_of_line(lines, annex_first)
        tasks += find_tasks(task_text, annex_from, doc_to, annex_items, assignable, dates, read_lines)
    tasks = sorted([*tasks, *row_tasks(layout, agencies, dates)], key=lambda t: t.start)
    _periods_due(tasks, dates, record.dates)
    record.tasks = [_task(builder, t) for t in tasks if t.assignees]
    record.self_references = [SelfReference(**builder.mention(r.start, r.end)) for r in selves]
    # What ingest noticed (a page left for OCR, a truncated file) comes first.
    record.warnings = [*doc.warnings, *header.warnings, *record.warnings, *closing.warnings]
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
        self.text = norm.text  # what body extraction reads: the same length, soft line breaks unwrapped
        self.page_starts: tuple[int, ...] = ()
        self.record = DocumentRecord()

    def span(self, start: int, end: int) -> dict[str, int | None]:
        s, e = self.norm.to_source(start, end)
        return {"start": s, "end": e, "page": self.page_of(s)}

    def page_of(self, offset: int) -> int | None:
        return bisect_right(self.page_starts, offset) if self.page_starts else None

    def evidence(self, key: str, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        s, e = self.norm.to_source(*span)
        self.record.evidence[key] = Evidence(start=s, end=e, text=self.norm.source[s:e], page=self.page_of(s))

    def mention(self, start: int, end: int) -> dict:
        """Source span and its text, for a value found at normalised offsets start:end."""
        span = self.span(start, end)
        return {"text": self.norm.source[span["start"] : span["end"]], **span}

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


_MIN_ANNEX_LINES = 3


def _annex_start(lines: list[Line], closing, body_end: int, doc_end: int) -> int | None:
    """The first line after the signer block and the recipients, when text follows them."""
    spans = [closing.authority_span, closing.title_span, closing.name_span, *(r.span for r in closing.recipients)]
    ends = [span[1] for span in spans if span]
    if closing.start_line is None or not ends:
        return None
    last = max(ends)
    first = next((line.index for line in lines[body_end:doc_end] if line.start >= last), None)
    if first is None or sum(1 for line in lines[first:doc_end] if line.fragments) < _MIN_ANNEX_LINES:
        return None
    return first


def _offset_of_line(lines: list[Line], index: int) -> int:
    if index >= len(lines):
        return lines[-1].end if lines else 0
    return lines[index].start


def _references(
    builder: _RecordBuilder, lines: list[Line], header: Header, doc_end: int
) -> tuple[list[Citation], list, list[tuple[int, int]]]:
    """Every mention of another document, resolved; the record gets them as `references`.
    Also returns the self-references and the spans of the document's own date where it cites
    itself ("(Kèm theo Quyết định số 12/QĐ-UBND ngày ...)")."""
    text = builder.text
    start = _offset_of_line(lines, header.doc_start)
    end = _offset_of_line(lines, doc_end)
    own_ident = header.identifier.identifier if header.identifier else None
    own = None
    if header.identifier and header.identifier.number and header.doc_type:
        own = (header.doc_type.name, header.identifier.number)
    found = find_references(text, start, end, own=own)
    kept: list[Citation] = []
    own_dates: list[tuple[int, int]] = []
    for cite in found.citations:
        if header.identifier_span and cite.start <= header.identifier_span[0] < cite.end + 1:
            continue
        if own_ident and cite.ident and cite.ident.identifier == own_ident:
            if cite.date_span:
                own_dates.append(cite.date_span)
            continue
        kept.append(cite)
    kept = _without_named_parts(kept)
    resolve(kept, issuer_key=_issuer_key)
    refs = []
    for cite in kept:
        ident = cite.ident or cite.resolved
        span = builder.span(cite.start, cite.end)
        refs.append(
            Reference(
                identifier=cite.identifier,
                doc_type=DocType(code=cite.doc_type.code, name=cite.doc_type.name) if cite.doc_type else None,
                number=cite.number or (ident.number if ident else None),
                symbol=ident.symbol if ident else None,
                year=ident.year if ident else None,
                date=cite.date,
                issuer=cite.issuer,
                text=builder.norm.source[span["start"] : span["end"]],
                form=cite.form,
                name=cite.name,
                role=cite.role,
                ref_id=cite.ref_id,
                resolved=cite.resolved is not None,
                **span,
            )
        )
    builder.record.references = refs
    return kept, found.self_references, own_dates


# Short forms of these types are mostly the name of a part of a plan ("Dự án 3" of a programme,
# "Chương trình 135"), a document only when the text names one in full or says whose it is
# ("Đề án 06" is the Prime Minister's, known by its number: it stays).
_NAMED_PART_TYPES = frozenset({"Dự án", "Chương trình"})


def _without_named_parts(citations: list[Citation]) -> list[Citation]:
    full = {(c.doc_type.name, (c.ident.number or "").lstrip("0")) for c in citations if c.ident and c.doc_type}
    return [
        c
        for c in citations
        if not (
            c.form == "short"
            and c.doc_type is not None
            and c.doc_type.name in _NAMED_PART_TYPES
            and not (c.issuer and find_agencies(c.issuer))  # "Dự án 3 của Chương trình": no body's
            and (c.doc_type.name, (c.number or "").lstrip("0")) not in full
        )
    ]


def _issuer_key(issuer: str | None) -> str | None:
    """Issuers compare by the agency they name ("Thủ tướng" = "Thủ tướng Chính phủ")."""
    if not issuer:
        return None
    named = find_agencies(issuer)
    return named[0].name if named else name_key(issuer)


_OWN_UNIT = re.compile(
    r"(?P<unit>.+) (?P<kind>Sở|Bộ|Tổng cục|Cục|Ban|Hội|Liên minh"
    r"|Công ty|Tổng công ty|Tập đoàn|Trường|Bệnh viện|Viện|Trung tâm|Hiệp hội)$"
)


def _publishing_portal(text: str, doc_from: int, doc_to: int) -> list[AgencyMatch]:
    """Around the document, the portal a web page was copied from: its banner ("CỔNG THÔNG TIN
    ĐIỆN TỬ TỈNH KIÊN GIANG") and its copyright line ("© Cổng Thông tin điện tử Chính phủ"); the
    page's menus and links name no one."""
    found: list[AgencyMatch] = []
    if _PORTAL_WORD.search(text, 0, doc_from):
        found += [a for a in find_agencies(text, 0, doc_from) if a.name.startswith(_PORTAL)][:1]
    if _PORTAL_WORD.search(text, doc_to):
        found += [
            a
            for a in find_agencies(text, doc_to)
            if a.name.startswith(_PORTAL) and _COPYRIGHT.search(text, text.rfind("\n", 0, a.start) + 1, a.start)
        ]
    return found


_PORTAL = "Cổng Thông tin điện tử"
_COPYRIGHT = re.compile(r"©|[Bb]ản quyền|[Cc]ơ quan chủ quản")
_PORTAL_WORD = re.compile(r"[Cc]ổng|CỔNG")
_BARE_BLOC = "Đảng ủy Khối"
_MASS_ORGANISATIONS = (
    "Hội ",
    "Ủy ban Mặt trận",
    "Ban Thường trực Ủy ban Mặt trận",
    "Tỉnh đoàn",
    "Huyện đoàn",
    "Thành đoàn",
    "Liên đoàn Lao động",
    "Liên minh",
)
_ORGAN_OF = re.compile(r"^(?:Ban Thường trực|Ban Thường vụ|Ban Chấp hành) ")
# Boards a Party committee and a mass organisation both have, printed alone.
_PARTY_BOARD = re.compile(r"Ban (?:Tuyên giáo|Tổ chức|Kiểm tra)")
# A mass organisation's standing organs printed alone.
# (found by its words first, then what opens its line or cell: the scan runs over blanked tables)
_BARE_OFFICE = re.compile(r"Văn phòng(?=[ \t*]*(?::|\|)|[ \t]+(?:chủ trì|có trách nhiệm)\b)")
_BARE_OFFICE_OPENING = re.compile(r"(?:^|\n)[ \t]*(?:[-–+•]|\d+(?:\.\d+)*[.)]|[a-zđ]\))?[ \t*]*$|\|[ \t]*$")
_BARE_BOARD = re.compile(r"Ban (?:Thường vụ|Thường trực|Chấp hành)")
# An association's boards by field too ("Ban Kinh tế - Xã hội" of the Farmers' Union, "Ban Công
# tác xã hội" of the Red Cross), as the blind golds name them; a federation's or the Front's
# are left as printed (their golds name them bare).
_ASSOCIATIONS = ("Hội ", "Hiệp hội ")
_FIELD_BOARD = re.compile(r"Ban [A-ZĐ]\w*(?: [\w-]+){0,7}")


# A recipient line naming the issuer's office by its leaders: "- CPVP;", "- VP: CVP, các PCVP;",
# "- LĐVP;" (Chánh, Phó Chánh Văn phòng), "- Lãnh đạo VP;".
_OFFICE_LEADERS = r"(?:(?:Lãnh đạo|LĐ)\s*VP|LĐVP|CPVP|C?VP|(?:các\s+)?PCVP)(?![\w.])"
_OFFICE_LINE = re.compile(rf"{_OFFICE_LEADERS}(?:\s*(?:[,:]|và)\s*(?:[\wĐ]+\s*)?(?:{_OFFICE_LEADERS}|\w+))*")


def _office_by_its_leaders(
    closing: Closing, issuer_agencies: list[AgencyMatch], agencies: list[AgencyMatch]
) -> list[AgencyMatch]:
    """The issuer's office, when a recipient line names it by its leaders ("CPVP"): a People's
    Committee's "Văn phòng Ủy ban nhân dân tỉnh" (a district's or commune's joint office with its
    Council), another body's "Văn phòng <body>", an office that issues itself."""
    lines = [r for r in closing.recipients if _OFFICE_LINE.fullmatch(r.text.strip(" -+•*;."))]
    issuer = next((i for i in issuer_agencies if i.level != "named"), None)
    if not lines or issuer is None or any(lines[0].span[0] <= a.start < lines[0].span[1] for a in agencies):
        return []
    name = issuer.name
    if name.startswith("Ủy ban nhân dân ") and issuer.level != "province":
        name = f"Hội đồng nhân dân và {name}"
    office = name if name.startswith("Văn phòng") else f"Văn phòng {name}"
    return [AgencyMatch(office, issuer.level, *lines[0].span)]


# "Cục QLMTYT", "Vụ GDTC": a unit's kind and the initials of its name.
_KIND_AND_INITIALS = re.compile(r"(?P<kind>(?:\w+ )+?)(?P<initials>[A-ZĐ]{2,8})")


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s,-]+", name) if w and w.lower() != "và"]
    return "".join(w[0] for w in words).upper().replace("Đ", "D")


def _by_initials(agencies: list[AgencyMatch]) -> list[AgencyMatch]:
    """A unit printed as its kind and initials ("Cục QLMTYT") is the one the document names in
    full with that kind and those initials ("Cục Quản lý môi trường y tế")."""
    out = []
    for a in agencies:
        m = _KIND_AND_INITIALS.fullmatch(a.name) if a.level == "named" else None
        if m:
            kind, initials = m.group("kind"), m.group("initials").replace("Đ", "D")
            full = {
                b.name
                for b in agencies
                if b.name.startswith(kind) and b is not a and _initials(b.name[len(kind) :]) == initials
            }
            if len(full) == 1:
                a = replace(a, name=full.pop())
        out.append(a)
    return out


_OFFICE_RECIPIENT = re.compile(r"(?:VPCP|Văn phòng Chính phủ)\s*:")
_UNIT_CODES = re.compile(r"\bcác\s+Vụ\s*:\s*(?P<codes>[A-ZĐ.I]+(?:\s*,\s*[A-ZĐ.I]+)*)")
_ARCHIVE_CODE = re.compile(r"Lưu\s*:?\s*VT\s*,\s*(?P<codes>[A-ZĐ.I]+)\b")
_PORTAL_HEAD = re.compile(r"\bTGĐ\s+Cổng(?:\s+TTĐT)?\b")


@cache
def _government_office() -> tuple[str, dict[str, str]]:
    """The Government Office's portal and its departments by code (agencies.toml)."""
    data = load_toml("agencies.toml")["government_office"]
    return data["portal"], dict(data["codes"])


def government_office_units(recipients: list[Item], issuer: list[AgencyMatch]) -> list[AgencyMatch]:
    """The Government Office's units its recipient line names by code ("- VPCP: ..., TGĐ Cổng
    TTĐT, các Vụ: KTTH, NN;"), and in the Office's own papers the department its archive line
    names ("- Lưu: VT, ĐP")."""
    portal, codes = _government_office()
    own = any(i.name == "Văn phòng Chính phủ" for i in issuer)
    found: list[AgencyMatch] = []
    in_office_line = False
    for item in recipients:
        # (a line wrapped in a PDF copy comes as two entries: "... TGĐ Cổng" / "TTĐT, các Vụ: ...")
        goes_on = item.text.startswith(("các Vụ", "TTĐT"))
        in_office_line = bool(_OFFICE_RECIPIENT.match(item.text)) or (in_office_line and goes_on)
        start = item.span[0]
        if in_office_line:
            found += [
                AgencyMatch(portal, "central", start + m.start(), start + m.end())
                for m in _PORTAL_HEAD.finditer(item.text)
            ]
        code_lists = [*_UNIT_CODES.finditer(item.text)] if in_office_line else []
        if own:
            code_lists += _ARCHIVE_CODE.finditer(item.text)
        for m in code_lists:
            for code in re.finditer(r"[A-ZĐ.I]+", m.group("codes")):
                if code.group(0) in codes:
                    at = start + m.start("codes") + code.start()
                    found.append(AgencyMatch(codes[code.group(0)], "central", at, at + len(code.group(0))))
    return sorted(found, key=lambda a: a.start)


def _issuer_agencies(header: Header) -> list[AgencyMatch]:
    """The issuing body as agencies: with its parent ("BAN TUYÊN GIÁO" under "TỈNH ỦY BÌNH ĐỊNH")
    first, then as printed."""
    issuer: list[AgencyMatch] = []
    if header.issuer_name and header.issuer_parent:
        issuer += find_agencies(f"{header.issuer_name} {header.issuer_parent}")
    if header.issuer_name:
        issuer += find_agencies_in_capitals(header.issuer_name)
    return issuer


def _own_units(agencies: list[AgencyMatch], issuer: list[AgencyMatch], text: str) -> list[AgencyMatch]:
    """ "Văn phòng Sở", "Thanh tra Bộ", "Văn phòng Công ty": units of the issuing body, named in
    full; so is "Đảng ủy Khối", the bloc committee that issues or is named in full in the document,
    a unit printed bare that the text names in full once, and a mass organisation's boards
    printed bare in its own papers."""
    blocs = Counter(
        a.name[a.name.index(_BARE_BLOC) :] for a in [*issuer, *agencies] if f"{_BARE_BLOC} " in a.name
    ).most_common(1)
    # "Giao Ban Phong trào chủ trì": a unit printed bare that the document names in full once
    # ("Ban Phong trào Ủy ban MTTQ Việt Nam tỉnh") is that unit.
    known = {b.name for b in agencies if b.level not in ("named", None)}

    def in_full(a: AgencyMatch) -> AgencyMatch:
        full = {name for name in known if name.startswith(a.name + " ")} if a.level == "named" else set()
        return replace(a, name=full.pop()) if len(full) == 1 else a

    # "BAN QUẢN LÝ KHU KINH TẾ" is the "... tỉnh" named in the text; "CÔNG TY THAN NAM MẪU - TKV"
    # takes the case the text prints it in ("Công ty Than Nam Mẫu - TKV")
    printed = {a.name.lower(): a.name for a in agencies}
    issuer = [in_full(replace(i, name=printed.get(i.name.lower(), i.name))) for i in issuer]
    # the mass organisation that issues, its organ aside ("Ban Thường vụ Hội Nông dân tỉnh")
    bodies = [_ORGAN_OF.sub("", i.name) for i in issuer if i.level != "named"]
    association = next((b for b in bodies if b.startswith(_MASS_ORGANISATIONS)), None)
    out = []
    for printed_as in agencies:
        a = in_full(printed_as)
        if association and a is printed_as:
            a = _board_of(a, association, text)
        if blocs and a.name.endswith(_BARE_BLOC):
            a = replace(a, name=a.name[: -len(_BARE_BLOC)] + blocs[0][0])
        m = _OWN_UNIT.match(a.name) if a.level == "named" else None
        own = next((i.name for i in issuer if m and i.name.startswith(m.group("kind") + " ")), None)
        out.append(AgencyMatch(f"{m.group('unit')} {own}", a.level, a.start, a.end, a.place) if own and m else a)
    # "4. Văn phòng: bảo đảm kinh phí ...", "| Văn phòng |": the issuer's office, printed bare
    own_body = next((_ORGAN_OF.sub("", i.name) for i in reversed(issuer) if not i.name.startswith("Văn phòng")), None)
    if own_body:
        office = f"Văn phòng {own_body}"
        out += [
            AgencyMatch(office, "named", m.start(), m.end())
            for m in _BARE_OFFICE.finditer(text)
            if _BARE_OFFICE_OPENING.search(text, max(0, m.start() - 16), m.start())
        ]
        out.sort(key=lambda a: a.start)
    return out


def _board_of(a: AgencyMatch, association: str, text: str) -> AgencyMatch:
    """A board printed bare in a mass organisation's papers, as that organisation's: its standing
    organs ("Ban Thường vụ"), an association's boards by field ("Ban Công tác xã hội"), and a
    board a Party committee also has ("Ban Tuyên giáo" in a Women's Union report)."""
    by_field = association.startswith(_ASSOCIATIONS) and _FIELD_BOARD.fullmatch(a.name)
    if a.level == "named" and (_BARE_BOARD.fullmatch(a.name) or by_field):
        return replace(a, name=f"{a.name} {association}")
    if a.level == "party" and _PARTY_BOARD.fullmatch(text[a.start : a.end]):
        return replace(a, name=f"{' '.join(text[a.start : a.end].split())} {association}", level=None)
    return a


def _agency(builder: _RecordBuilder, a: AgencyMatch) -> AgencyMention:
    return AgencyMention(
        name=a.name, level=a.level, place=a.place, in_gazetteer=a.level != "named", **builder.mention(a.start, a.end)
    )


def _dates(
    builder: _RecordBuilder,
    text: str,
    header: Header,
    citations: list[Citation],
    own_dates: list[tuple[int, int]],
    start: int,
    end: int,
    deadline_cells: list[tuple[int, int]],
    layout: list[LayoutTable],
) -> list[DateMatch]:
    """Dates with roles: the header's own date (issue), the page stamp (publication), a cited
    document's date (reference); deadlines and events as the text says. `text` is the body as
    read (fixed-width tables blanked: their dates are read by cell)."""
    pd = header.place_date
    year = pd.year if pd else (int(header.published[:4]) if header.published else None)
    found: list[DateMatch] = []
    if pd is not None and pd.year and pd.month:
        value = pd.iso or f"{pd.year}-{pd.month:02d}"
        found.append(DateMatch(value, "date" if pd.iso else "month", pd.span[0], pd.span[1], "issue"))
    if header.published and header.published_span:
        found.append(_publication(text, header.published, header.published_span))
    reference_spans = [c.date_span for c in citations if c.date_span] + own_dates
    cited_at = sorted(c.start for c in citations)
    issued = pd.iso if pd else None
    for d in [*find_dates(text, start, end, year=year), *cell_dates(layout, year)]:
        if any(f.start < d.end and d.start < f.end for f in found[:2]):
            continue
        if any(s <= d.start < e for s, e in deadline_cells):  # a plan's time column: due whenever it is
            d = _next_year_deadline(text, replace(d, role="deadline"), issued)
        else:
            d = _past_deadline(text, _next_year_deadline(text, d, issued), issued)
        if any(s <= d.start < e or d.start <= s < d.end for s, e in reference_spans) or (
            d.role != "deadline" and _issued_on(text, d, cited_at)
        ):
            d = replace(d, role="reference")
        found.append(d)
    found.sort(key=lambda d: d.start)
    builder.record.dates = [
        DateMention(
            value=d.value, kind=d.kind, role=d.role, year_inferred=d.year_inferred, **builder.mention(d.start, d.end)
        )
        for d in found
    ]
    return found


def _next_year_deadline(text: str, d: DateMatch, issued: str | None) -> DateMatch:
    """ "chậm nhất ngày 05/01" in a letter of 7 December: a deadline falls after the letter, so
    a year-less one before the issue date belongs to the next year; one that recurs ("trước
    ngày 31/3 hằng năm") has no next occurrence to name and keeps the issue year."""
    if not (issued and d.year_inferred and d.role == "deadline" and d.kind in ("date", "time", "month")):
        return d
    when = d.value[:7] if d.kind == "month" else d.value[:10]
    if when >= issued[: len(when)]:
        return d
    before = text[max(0, d.start - 160) : d.start]
    clause = before[max(before.rfind("."), before.rfind(";")) + 1 :] + _CLAUSE_REST.match(text, d.end).group(0)
    if _YEARLY.search(clause):
        return d
    value = f"{int(d.value[:4]) + 1}{d.value[4:]}"
    return replace(d, value=value)


_YEARLY = re.compile(r"\bh[ằà]ng năm\b", re.IGNORECASE)
_CLAUSE_REST = re.compile(r"[^.;\n]{0,40}")


def _period_end(value: str) -> str | None:
    """The last day a date value covers, as an ISO string that sorts with real dates ("2019-Q3"
    → "2019-09-31"); None for a form it does not know."""
    last = value.rsplit("/", 1)[-1]
    if re.fullmatch(r"\d{4}-\d\d-\d\d(?:T.*)?", last):
        return last[:10]
    if re.fullmatch(r"\d{4}-\d\d", last):
        return f"{last}-31"
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", last)
    return f"{quarter.group(1)}-{3 * int(quarter.group(2)):02d}-31" if quarter else None


# A requirement in the sentence before a date: a deadline someone set, even one now past.
# ("giao" only before whom it assigns: "giao đất", "giao quân" are events.)
_REQUIRED_BEFORE = re.compile(
    rf"\b(?:[Yy]êu cầu|[Đđ]ề nghị|[Cc]hỉ đạo|[Đđ]ôn đốc|[Cc]hủ trì|[Gg]iao(?:\s+cho)?\s+[{CAPITALS}])"
)


def _past_deadline(text: str, d: DateMatch, issued: str | None) -> DateMatch:
    """ "hoàn thành trước ngày 20/12/2025" in a report of March 2026, "đất giao trước ngày
    01/7/2004": a time limit that ended before the document was issued, with nobody required to
    meet it in its sentence, sets no task; it is an event."""
    if d.role != "deadline" or d.year_inferred or not issued:
        return d
    end = _period_end(d.value)
    if end is None or end >= issued[:10]:
        return d
    sentence_start = max(text.rfind(mark, 0, d.start) for mark in (".", ";", "\n")) + 1
    return d if _REQUIRED_BEFORE.search(text, sentence_start, d.start) else replace(d, role="event")


_STAMP_TIME = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])")


def _publication(text: str, value: str, span: tuple[int, int]) -> DateMatch:
    """The page's stamp, with its time when printed in it or beside it on its line
    ("25/07/2021 22:23", "Cập nhật lúc 09:30 ngày 03/11/2023")."""
    s, e = span
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    times = [m for m in _STAMP_TIME.finditer(text, max(line_start, s - 20), min(line_end, e + 12))]
    if not times:
        return DateMatch(value, "date", s, e, "publication")
    t = min(times, key=lambda m: abs(m.start() - s))
    return DateMatch(
        f"{value}T{int(t.group('h')):02d}:{t.group('m')}", "time", min(s, t.start()), max(e, t.end()), "publication"
    )


# "Ngày 01/7/2023, Bộ Công an ban hành Thông tư số ...": the date of the document cited next.
# ("ban hành kèm theo" says what a document came with, not when it was issued.)
_ISSUED_AFTER = re.compile(r"\s*,?\s*[^.;\n]{0,80}?\b(?:ban hành(?! kèm)|thông qua|đã ký|ký)\b[^.;\n]{0,40}?$")


def _issued_on(text: str, d: DateMatch, cited_at: list[int]) -> bool:
    if d.kind not in ("date", "time"):
        return False  # a range or a month is when something went on, no document's date
    nxt = next((c for c in cited_at if c >= d.end), None)
    return nxt is not None and nxt - d.end <= 130 and bool(_ISSUED_AFTER.match(text[d.end : nxt]))


def _people(
    builder: _RecordBuilder, closing, start: int, end: int, blocked: list[tuple[int, int]], ner: bool
) -> tuple[list[Person], list[tuple[str, int, int]]]:
    """The people, and (name, start, end) of those found in the text, in its own offsets, for tasks."""
    people: list[Person] = []
    spans: list[tuple[str, int, int]] = []
    signer_span = closing.name_span
    if closing.name and signer_span:
        title = closing.title.capitalize() if closing.title else None
        people.append(
            Person(name=title_case(closing.name), title=title, source="signer", **builder.mention(*signer_span))
        )
    signed = [signer_span] if signer_span else []
    for name, span, cotitle in closing.cosigners:
        title = cotitle.capitalize() if cotitle else None
        people.append(Person(name=title_case(name), title=title, source="signer", **builder.mention(*span)))
        signed.append(span)
    for p in find_people(builder.text, start, end, blocked=blocked, ner=ner):
        if any(p.start < e and s < p.end for s, e in signed):
            continue
        spans.append((p.name, p.start, p.end))
        people.append(Person(name=p.name, title=p.title, source=p.source, **builder.mention(p.start, p.end)))
    people.sort(key=lambda p: p.start)
    return people, spans


# "Giao đồng chí X ...", and a person heading an item ("1. Ông Bùi Văn Thành, Chủ tịch UBND xã:").
_ASSIGNS_PERSON = re.compile(
    r"(?:(?:[Gg]iao(?:\s+cho)?|[Đđ]ề nghị|[Yy]êu cầu|[Pp]hân công)\s+(?:đồng chí|đ/c|ông|bà"
    # "Giao Phó Chủ tịch Ủy ban nhân dân tỉnh Lê Thị Thu Trang": the title's body, then the person
    r"|(?:Phó\s+)?(?:Chủ tịch|Giám đốc|Bí thư|Trưởng ban|Chánh Văn phòng)\s[^\n,;.:]{3,60})"
    # ("I. ÔNG PHAN VĂN TRÍ - CHỦ TỊCH UBND PHƯỜNG" over the items he is given)
    r"|(?:^|\n)[ \t]*(?:(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]|[-–+•])[ \t]*"
    r"(?:Ông|Bà|Đồng chí|đồng chí|ÔNG|BÀ|ĐỒNG CHÍ))\s*$"
)


def _cued_people(text: str, people: list[tuple[str, int, int]]) -> list[AgencyMatch]:
    """People named right after an assigning cue, as assignees (their name where an agency would be)."""
    return [
        AgencyMatch(name, "person", start, end)
        for name, start, end in people
        if _ASSIGNS_PERSON.search(text, max(0, start - 100), start)
    ]


def _periods_due(tasks: list[TaskMatch], dates: list[DateMatch], mentions: list[DateMention]) -> None:
    """A month or quarter that closes a clause of a task after "trong" ("... sơ kết trong Quý
    III/2019.") is when that work is due: the date mention becomes a deadline (`mentions` follow
    `dates`), and the task's deadline when it has none."""
    for task in tasks:
        if not task.assignees:
            continue
        for k, d in enumerate(dates):
            # (up to another body's lead inside the task: "X chủ trì ...; Văn phòng theo dõi, ... vào
            # Quý IV/2023" is the later lead's; see find_tasks)
            if task.start <= d.start < (task.deadline_end or task.end) and d.role == "event" and d.closes_clause:
                dates[k] = replace(d, role="deadline")
                mentions[k].role = "deadline"
                # the first deadline the task's text gives is its own ("... trong tháng 10/2026. Các
                # chi bộ ... trước ngày 10/10/2025": a later sentence's date is another's)
                if task.deadline is None or dates[k].start < task.deadline.start:
                    task.deadline = dates[k]


def _task(builder: _RecordBuilder, t) -> Task:
    span = builder.span(t.start, t.end)
    text = t.text or " ".join(builder.norm.source[span["start"] : span["end"]].split())
    return Task(
        label=t.label,
        text=text[:300],
        assignees=t.assignees,
        partners=t.partners,
        deadline=t.deadline.value if t.deadline else None,
        action=t.action,
        lead=Evidence(**builder.mention(*t.lead)) if t.lead else None,
        **span,
    )
