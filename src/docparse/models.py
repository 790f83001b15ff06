"""The record model: what docparse returns for one document.

`DocumentRecord.model_dump(mode="json")` is the public output format that other tools read.
Names here are a contract: add fields freely, never rename or remove one silently.
"""

from __future__ import annotations

from bisect import bisect_right

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """Where a value came from: `source_text[start:end] == text`."""

    start: int
    end: int
    text: str
    page: int | None = Field(None, description="1-based page of `start`, for paged formats")


class Source(_Model):
    path: str | None = None
    sha256: str | None = None
    format: str = "text"
    encoding: str | None = None
    page_starts: list[int] = Field(
        default_factory=list,
        description="Offsets where page 1, 2, ... begins in the source text (paged formats); an offset's page is "
        "the last start at or before it, and offset - start is its place in that page's text",
    )
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages whose text came from OCR")
    ocr_confidence: float | None = Field(None, description="Mean Tesseract word confidence over those pages (0-100)")

    def page_of(self, offset: int) -> int | None:
        """The 1-based page an offset of the source text lies on (None for formats without pages)."""
        return bisect_right(self.page_starts, offset) if self.page_starts else None


class DocType(_Model):
    code: str | None = Field(None, description='Symbol abbreviation, e.g. "BC"; null for công văn')
    name: str = Field(description='Canonical Vietnamese name, e.g. "Báo cáo"')


class Issuer(_Model):
    name: str = Field(description='The issuing body as printed, e.g. "SỞ NỘI VỤ"')
    parent: str | None = Field(None, description='The agency line above it, e.g. "UBND TỈNH BẮC GIANG"')


class PartialDate(_Model):
    year: int | None = None
    month: int | None = None
    day: int | None = None


class Signer(_Model):
    authority: str | None = Field(None, description='Prefix chain, lines joined by " / "')
    title: str | None = None
    name: str | None = None
    rank: str | None = Field(None, description='Rank or degree printed before the name ("Thượng tá", "TS.")')


class Recipient(_Model):
    text: str = Field(description="The line as printed, without leading dash and trailing ; or .")
    name: str
    note: str | None = None
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class OutlineItem(_Model):
    label: str
    level: int
    heading: str
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class Reference(_Model):
    """One mention of another document (every mention: a document cited twice gives two)."""

    identifier: str | None = Field(
        None, description="Canonical identifier; for short and list forms, the full citation they resolve to"
    )
    doc_type: DocType | None = None
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    date: str | None = Field(None, description="ISO date of the cited document when given")
    issuer: str | None = None
    text: str
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")
    form: str = Field("full", description='"full" (number and symbol), "short" (type and number), "list", "law"')
    name: str | None = Field(None, description="A law's title as printed")
    role: str | None = Field(None, description='"basis", "amends", "replaces", "repeals", "attached" or null')
    ref_id: str | None = Field(None, description='Mentions of the same document share one ref_id ("r1")')
    resolved: bool = Field(False, description="A short or list form linked to a full citation in this document")
    target: str | None = Field(
        None, description="`source.path` of the corpus document it cites, when `docparse graph` resolved it"
    )


class SelfReference(_Model):
    """ "Thông báo này", "Kế hoạch này": the document itself, not a reference."""

    text: str
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class DateMention(_Model):
    value: str = Field(
        description='"2021-08-05", "2021-08", "2021-Q3", "2021-07-01/2021-07-15", "2021-07/2021-09", '
        '"2015-Q3/2016-Q2", "2020-07-29T14:00"'
    )
    kind: str = Field(description='"date", "month", "quarter", "range", "time"')
    role: str = Field(description='"issue", "publication", "reference", "deadline" or "event"')
    year_inferred: bool = Field(False, description="The year was not printed and was taken from the issue date")
    text: str
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class AgencyMention(_Model):
    name: str = Field(description='Canonical gazetteer entry ("Ủy ban nhân dân tỉnh"), or the name as printed')
    level: str | None = Field(None, description='"central", "party", "province", "district", "commune", "other"')
    place: str | None = Field(None, description='The place printed with it ("Khánh Hòa")')
    in_gazetteer: bool = True
    text: str
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class Person(_Model):
    name: str = Field(description="Title case")
    title: str | None = None
    source: str = Field("rule", description='"signer", "rule" or "ner"')
    text: str
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class Task(_Model):
    label: str | None = Field(None, description="Label of the innermost outline item that holds it")
    text: str = Field(description="The item or sentence, clipped to 300 characters")
    assignees: list[str] = Field(default_factory=list, description="Lead agencies (chủ trì), canonical")
    partners: list[str] = Field(default_factory=list, description="Agencies to work with (phối hợp), canonical")
    deadline: str | None = Field(None, description="A date value (see DateMention.value)")
    action: str | None = None
    lead: Evidence | None = Field(
        None, description="Where inherited assignees were read: the lead-in sentence, parent item or addressee"
    )
    start: int
    end: int
    page: int | None = Field(None, description="1-based page of `start`, for paged formats (PDF, scans)")


class Repair(_Model):
    """One repair applied to the text before extraction (see `docparse.repair_text`)."""

    kind: str = Field(description='"utf8_mojibake", "tcvn3", "vni_windows", "broken_font_map", "normalize", ...')
    count: int = Field(description="How many places were changed")
    lossy: bool = Field(False, description="Whether the repair guessed among several readings")


class CitedBy(_Model):
    """A corpus document that cites this one (filled in by the citation graph, `docparse graph`)."""

    path: str = Field(description="`source.path` of the citing document")
    identifier: str | None = Field(None, description="Identifier of the citing document")
    ref_id: str | None = Field(None, description="The citing document's ref_id for this document")
    role: str | None = Field(None, description='"basis", "amends", "replaces", "repeals", "attached" or null')


class DocumentRecord(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    number: str | None = None
    symbol: str | None = None
    identifier: str | None = None
    year: int | None = None
    doc_type: DocType | None = None
    issuer: Issuer | None = None
    place: str | None = None
    issue_date: str | None = None
    issue_date_partial: PartialDate | None = None
    published: str | None = None
    subject: str | None = None
    signer: Signer | None = None
    recipients: list[Recipient] = Field(default_factory=list)
    addressees: list[Recipient] = Field(default_factory=list)
    outline: list[OutlineItem] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    self_references: list[SelfReference] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    agencies: list[AgencyMention] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list)
    cited_by: list[CitedBy] = Field(
        default_factory=list,
        description="Corpus documents citing this one: citing documents in corpus order, then reference order",
    )
