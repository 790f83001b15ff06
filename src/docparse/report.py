"""Review report: a static HTML site over an `extract` output folder, for a person checking what was extracted.

`build_report(OUT)` reads `OUT/documents.jsonl` and `OUT/errors.jsonl` one line at a time and writes, in
`OUT/report/`:

- `index.html`: corpus counts, charts (inline SVG), the error table and the document table (first page);
- `documents-K.html`, `errors-K.html`: further pages of those tables, `PAGE_ROWS` rows a page;
- `docs/NAME.html`: one page per record (NAME as its `NAME.json`): the text its offsets point into
  (`OUT/texts/<sha256>.txt`) with every extracted value marked, beside the record;
- `assets/report.css`, `assets/report.js` (sorting and filtering of the tables; the pages work without it).

Memory stays flat: each document page is written as its record streams by, and the overview is drawn from
counters. The bytes depend on the inputs only (no dates, no absolute paths), and every file is written atomically.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .export import output_name, write_atomic
from .models import DocumentRecord
from .report_charts import OTHER, PALETTE, hbar_chart, stacked_columns

PAGE_ROWS = 1000  # rows of a document or error table page: a page a browser opens at once
TOP_N = 15  # bars in the issuer and deadline charts
TOP_TYPES = 9  # document types drawn in their own colour; the rest are "other"
MAX_MONTHS = 120  # above this span the documents-per-month chart counts years
SHA256 = re.compile(r"[0-9a-f]{64}")
MARKER = ".docparse-report"  # marks a folder as ours: only then are stale pages of an earlier run removed

# Mark kinds in nesting order: at equal extent the earlier kind is drawn outside the later one.
KINDS = ("task", "recipient", "ev", "ref", "self", "agency", "date", "person")
KIND_NAMES = {
    "task": "tasks",
    "recipient": "recipients",
    "ev": "header fields",
    "ref": "references",
    "self": "self-references",
    "agency": "agencies",
    "date": "dates",
    "person": "people",
}
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


class ReportError(Exception):
    """The report cannot be built at all (no output folder, no documents.jsonl); `str()` says why."""


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _joined(*values: str | None) -> str:
    return " · ".join(v for v in values if v)


# --- marking the text -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """One extracted value to mark in the text."""

    start: int
    end: int
    kind: str  # one of KINDS
    label: str  # drawn at the start of the mark
    title: str  # hover text: the value as extracted
    anchor: str  # element id of the first fragment; the record tables link to it
    variant: str | None = None  # a second CSS class: a reference's form, a date's role
    exact: str | None = None  # the text the slice must equal, where the record promises it


def field_value(record: DocumentRecord, name: str) -> str:
    """The value of a header field named as in `record.evidence` ("issuer.name", "doc_type")."""
    if name == "doc_type":
        return record.doc_type.name if record.doc_type else ""
    if name == "issue_date":
        return record.issue_date or _partial_date(record)
    value: object = record
    for part in name.split("."):
        value = getattr(value, part, None)
    return "" if value is None else str(value)


def _partial_date(record: DocumentRecord) -> str:
    p = record.issue_date_partial
    if p is None or p.year is None:
        return ""
    return "-".join([f"{p.year:04d}", *(f"{x:02d}" for x in (p.month, p.day) if x)])


def _task_label(task) -> str:
    who = task.assignees[:2] + ([f"+{len(task.assignees) - 2}"] if len(task.assignees) > 2 else [])
    parts = [f"task {task.label}" if task.label else "task", ", ".join(who)]
    if task.deadline:
        parts.append(f"≤ {task.deadline}")
    return " · ".join(p for p in parts if p)


def record_spans(record: DocumentRecord) -> list[Span]:
    """Every value of the record that has offsets, as spans to mark."""
    spans = [
        Span(ev.start, ev.end, "ev", name, f"{name}: {field_value(record, name)}", f"ev-{name}", exact=ev.text)
        for name, ev in record.evidence.items()
    ]
    for i, ref in enumerate(record.references):
        label = _joined(ref.form, ref.role, ref.ref_id)
        title = _joined(ref.identifier or ref.name, ref.date, ref.issuer) or ref.text
        spans.append(Span(ref.start, ref.end, "ref", label, title, f"ref-{i}", ref.form, ref.text))
    for i, date in enumerate(record.dates):
        title = f"{date.value} ({date.kind}{', year inferred' if date.year_inferred else ''})"
        spans.append(Span(date.start, date.end, "date", date.role, title, f"date-{i}", date.role, date.text))
    for i, agency in enumerate(record.agencies):
        title = _joined(agency.name, agency.place, agency.level)
        spans.append(Span(agency.start, agency.end, "agency", "agency", title, f"agency-{i}", exact=agency.text))
    for i, person in enumerate(record.people):
        title = _joined(person.name, person.title)
        spans.append(Span(person.start, person.end, "person", "person", title, f"person-{i}", exact=person.text))
    for i, task in enumerate(record.tasks):
        title = "; ".join(
            f"{k}: {v}"
            for k, v in (
                ("assignees", ", ".join(task.assignees)),
                ("partners", ", ".join(task.partners)),
                ("deadline", task.deadline),
                ("action", task.action),
            )
            if v
        )
        # task.text is whitespace-collapsed and clipped: no exact check
        spans.append(Span(task.start, task.end, "task", _task_label(task), title or "task", f"task-{i}"))
    for kind, items in (("recipient", record.recipients), ("addressee", record.addressees)):
        for i, item in enumerate(items):
            title = item.name + (f" ({item.note})" if item.note else "")
            # recipient text is the repaired value, not always the slice (legacy encodings): no exact check
            spans.append(Span(item.start, item.end, "recipient", kind, title, f"{kind}-{i}", kind))
    for i, ref in enumerate(record.self_references):
        spans.append(Span(ref.start, ref.end, "self", "self", ref.text, f"self-{i}", exact=ref.text))
    return spans


def fits(span: Span, text: str) -> bool:
    """A span can be drawn: non-empty, inside the text, and its slice is its text where the record promises it."""
    if not 0 <= span.start < span.end <= len(text):
        return False
    return span.exact is None or text[span.start : span.end] == span.exact


def _open_tag(span: Span, first: bool) -> str:
    cls = _esc(f"k-{span.kind}" + (f" v-{span.variant}" if span.variant else ""))  # the variant is record data
    if first:
        return f'<mark class="{cls}" id="{_esc(span.anchor)}" data-l="{_esc(span.label)}" title="{_esc(span.title)}">'
    return f'<mark class="{cls} c" data-s="{_esc(span.anchor)}" title="{_esc(span.title)}">'


def _outer_first(span: Span) -> tuple[int, int, str]:
    # The span that lasts longest is opened outermost: it is then split least often.
    return (-span.end, _KIND_RANK[span.kind], span.anchor)


def render_marked(text: str, spans: Sequence[Span], breaks: Mapping[int, tuple[str, str]] | None = None) -> str:
    """The text, escaped, with each span in a <mark>; overlapping spans nest.

    A span that crosses the end of an enclosing one is closed there and reopened just after it (a continuation
    fragment: class "c", `data-s` naming the span), so the HTML stays well nested and every character of a span
    lies inside one of its fragments. The label is drawn by CSS from `data-l`, so copied text is the document's own.
    `breaks` maps offsets to (id, label) of an empty marker put there: where each page begins.
    """
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    breaks = {pos: mark for pos, mark in (breaks or {}).items() if 0 <= pos <= len(text)}
    bounds = sorted({0, len(text), *starting, *(s.end for s in spans), *breaks})
    out: list[str] = []
    stack: list[Span] = []
    for i, pos in enumerate(bounds):
        ending = [depth for depth, s in enumerate(stack) if s.end == pos]
        reopen: list[Span] = []
        if ending:
            low = ending[0]
            reopen = [s for s in stack[low:] if s.end != pos]
            out.append("</mark>" * (len(stack) - low))
            del stack[low:]
        if pos in breaks:
            out.append(f'<span class="pb" id="{_esc(breaks[pos][0])}" data-p="{_esc(breaks[pos][1])}"></span>')
        opening = sorted(reopen + starting.get(pos, []), key=_outer_first)
        for span in opening:
            out.append(_open_tag(span, first=span.start == pos))
            stack.append(span)
        if i + 1 < len(bounds):
            out.append(escape_text(text[pos : bounds[i + 1]]))
    return "".join(out)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def escape_text(text: str) -> str:
    """Text as HTML; control characters (invalid in HTML, invisible) shown as their symbols (U+2400...)."""
    escaped = html.escape(text, quote=False)
    if _CONTROL.search(escaped):
        escaped = _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() != "\x7f" else "\u2421", escaped)
    return escaped


# --- the per-document page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentText:
    """The text of a record as found in OUT/texts/, or why there is none."""

    text: str | None
    note: str | None = None


def load_text(out_dir: Path, record: DocumentRecord) -> DocumentText:
    sha = record.source.sha256
    if not sha or not SHA256.fullmatch(sha):  # the name comes from the record: never a path of its own making
        return DocumentText(None, "The record has no sha256, so its text cannot be found: the record is shown alone.")
    path = out_dir / "texts" / f"{sha}.txt"
    try:
        with open(path, encoding="utf-8", newline="") as handle:  # "" keeps \r\n: offsets count both characters
            return DocumentText(handle.read())
    except FileNotFoundError:
        return DocumentText(None, f"Text not found (texts/{sha}.txt is missing): the record is shown without it.")
    except UnicodeDecodeError as exc:
        return DocumentText(None, f"texts/{sha}.txt is not UTF-8 ({exc.reason} at byte {exc.start}).")
    except OSError as exc:
        return DocumentText(None, f"texts/{sha}.txt cannot be read ({exc.strerror or exc}).")


def _page(title: str, body: str, *, root: str = "", body_class: str = "", script: bool = False) -> str:
    js = f'<script src="{root}assets/report.js" defer></script>' if script else ""
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title>"
        f'<link rel="stylesheet" href="{root}assets/report.css">{js}</head>\n'
        f'<body class="{body_class}">\n{body}\n</body></html>\n'
    )


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, cls: str = "rec") -> str:
    """A table whose cells are HTML already escaped by the caller."""
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _link(anchor: str, label: object, drawn: set[str]) -> str:
    """A link to the mark of a value; a value whose span could not be drawn is shown as such, without a link."""
    if anchor in drawn:
        return f'<a href="#{_esc(anchor)}">{_esc(label)}</a>'
    return f'<span class="undrawn" title="not marked in the text">{_esc(label)}</span>'


HEADER_FIELDS = (
    "identifier",
    "number",
    "symbol",
    "year",
    "doc_type",
    "issuer.name",
    "issuer.parent",
    "place",
    "issue_date",
    "published",
    "subject",
    "signer.authority",
    "signer.title",
    "signer.name",
    "signer.rank",
)


# Each list of the record as a table: title, field, anchor prefix of its marks (None: not marked), then its columns:
# an attribute name, or (header, value of the item). The first column links to the item's mark.
Column = str | tuple[str, Callable[[Any], object]]
LIST_TABLES: tuple[tuple[str, str, str | None, tuple[Column, ...]], ...] = (
    (
        "References",
        "references",
        "ref",
        (
            "text",
            ("form · role", lambda r: _joined(r.form, r.role)),
            "ref_id",
            ("identifier", lambda r: r.identifier or r.name),
            "date",
        ),
    ),
    ("Dates", "dates", "date", ("text", "value", "role", "kind")),
    (
        "Tasks",
        "tasks",
        "task",
        (
            ("label", lambda t: t.label or "(task)"),
            ("assignees", lambda t: ", ".join(t.assignees)),
            ("partners", lambda t: ", ".join(t.partners)),
            "deadline",
            "action",
        ),
    ),
    ("Agencies", "agencies", "agency", ("text", "name", "level", "place")),
    ("People", "people", "person", ("text", "name", "title", "source")),
    ("Recipients", "recipients", "recipient", ("name", "note")),
    ("Addressees", "addressees", "addressee", ("name", "note")),
    ("Outline", "outline", None, ("label", "level", "heading")),
)


def _column(column: Column) -> tuple[str, Callable[[Any], object]]:
    return (column, attrgetter(column)) if isinstance(column, str) else column


def record_panel(record: DocumentRecord, drawn: set[str]) -> str:
    """The record as tables: header fields, then each list, each value linked to its mark in the text."""
    parts: list[str] = []
    rows = []
    for name in HEADER_FIELDS:
        value = field_value(record, name)
        shown = _link(f"ev-{name}", value, drawn) if name in record.evidence and value else _esc(value)
        rows.append((_esc(name), shown or '<span class="none">—</span>'))
    parts.append("<h2>Header</h2>" + _table(("field", "value"), rows))
    if record.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{_esc(w)}</li>" for w in record.warnings) + "</ul>")
    for title, name, prefix, spec in LIST_TABLES:
        items = getattr(record, name)
        if not items:
            continue
        columns = [_column(c) for c in spec]
        shown = columns[0][1]
        rows = [
            (
                _link(f"{prefix}-{i}", shown(item), drawn) if prefix else _esc(shown(item)),
                *(_esc(get(item)) for _, get in columns[1:]),
            )
            for i, item in enumerate(items)
        ]
        parts.append(f"<h2>{title} <small>({len(rows)})</small></h2>" + _table([h for h, _ in columns], rows))
    source = record.source
    facts = [
        ("path", _esc(source.path)),
        ("format", _esc(source.format)),
        ("encoding", _esc(source.encoding)),
        ("sha256", f"<code>{_esc(source.sha256)}</code>"),
    ]
    if source.page_starts:
        facts.append(("pages", " ".join(f'<a href="#page-{n}">{n}</a>' for n in range(1, len(source.page_starts) + 1))))
    if source.ocr_pages:
        conf = f" (confidence {source.ocr_confidence:.1f})" if source.ocr_confidence is not None else ""
        facts.append(("OCR pages", _esc(", ".join(map(str, source.ocr_pages)) + conf)))
    if record.repairs:
        facts.append(("repairs", _esc(", ".join(f"{r.kind} ×{r.count}" for r in record.repairs))))
    parts.append("<h2>Source</h2>" + _table(("", ""), facts))
    return "\n".join(parts)


def page_breaks(record: DocumentRecord) -> dict[int, tuple[str, str]]:
    """Where each page of a paged source begins: (anchor, label) by offset."""
    ocr = set(record.source.ocr_pages)
    return {
        start: (f"page-{n}", f"page {n}" + (" · OCR" if n in ocr else ""))
        for n, start in enumerate(record.source.page_starts, 1)
    }


def _legend(counts: Counter[str]) -> str:
    """A checkbox per kind of mark: unticking one hides its marks (CSS :has, no script)."""
    items = "".join(
        f'<label class="k-{kind}"><input type="checkbox" id="show-{kind}" checked> '
        f"{_esc(KIND_NAMES[kind])} <small>{counts[kind]}</small></label>"
        for kind in KINDS
    )
    return f'<div class="legend">{items}</div>'


@dataclass(frozen=True)
class PageLinks:
    """Where a document page links to: the table page that lists it, and its neighbours."""

    listing: str
    previous: str | None
    next: str | None


def document_page(record: DocumentRecord, text: DocumentText, links: PageLinks) -> str:
    """One record's page: its text with the values marked (left) beside the record as tables (right)."""
    notes: list[str] = []
    drawn: set[str] = set()
    counts: Counter[str] = Counter()
    if text.text is None:
        notes.append(text.note or "No text.")
        body_text = '<p class="none">(no text)</p>'
    else:
        spans = record_spans(record)
        usable = [s for s in spans if fits(s, text.text)]
        if len(usable) < len(spans):
            notes.append(
                f"{len(spans) - len(usable)} of {len(spans)} values do not fit this text (outside it, or their text "
                "differs): they are listed in the record but not marked. Was the text file written for this record?"
            )
        repairs = [r.kind for r in record.repairs if r.kind != "normalize"]  # spaces and the like: values read alike
        if repairs:
            notes.append(
                f"The text was repaired before extraction ({', '.join(repairs)}): the marks sit on the text as read,"
                " the record holds the repaired values."
            )
        drawn = {s.anchor for s in usable}
        counts.update(s.kind for s in usable)
        marked = render_marked(text.text, usable, page_breaks(record))
        body_text = f'<div class="src">{marked}</div>'
    name = record.source.path or "document"
    heading = _joined(record.identifier, record.doc_type.name if record.doc_type else None)
    nav = ['<a href="../index.html">overview</a>', f'<a href="../{links.listing}">documents</a>']
    nav.append(f'<a href="{_esc(links.previous)}" rel="prev">← previous</a>' if links.previous else "← previous")
    nav.append(f'<a href="{_esc(links.next)}" rel="next">next →</a>' if links.next else "next →")
    note_html = "".join(f'<p class="note">{_esc(n)}</p>' for n in notes)
    body = (
        f"<header><nav>{' · '.join(nav)}</nav><h1>{_esc(heading or '(no identifier)')} "
        f"<small>{_esc(name)}</small></h1>{_legend(counts)}</header>\n"
        f'<main class="split"><section class="text">{note_html}{body_text}</section>\n'
        f'<aside class="record">{record_panel(record, drawn)}</aside></main>'
    )
    return _page(f"{heading or name} — docparse report", body, root="../", body_class="doc")


# --- the overview ------------------------------------------------------------------------------------------------

# What "missing" means for the fields chart: the question a reviewer asks of each document.
MISSING_FIELDS = (
    ("number", lambda r: r.number),
    ("symbol", lambda r: r.symbol),
    ("type", lambda r: r.doc_type),
    ("issue date (full)", lambda r: r.issue_date),
    ("issuer", lambda r: r.issuer),
    ("place", lambda r: r.place),
    ("subject", lambda r: r.subject),
    ("signer", lambda r: r.signer and r.signer.name),
    ("recipients", lambda r: r.recipients or r.addressees),
)


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass
class Corpus:
    """What the overview draws, gathered in one pass: counters only, never the records."""

    documents: int = 0
    by_format: Counter[str] = field(default_factory=Counter)
    ocr_pages: int = 0
    ocr_documents: int = 0
    by_month_type: Counter[tuple[str, str]] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    no_month: int = 0
    issuers: Counter[str] = field(default_factory=Counter)
    issuer_names: dict[str, str] = field(default_factory=dict)  # key -> the first printed form seen
    no_issuer: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    tasks: int = 0
    deadline_tasks: int = 0
    deadlines: Counter[str] = field(default_factory=Counter)
    texts_missing: int = 0

    def add(self, record: DocumentRecord) -> None:
        self.documents += 1
        self.by_format[record.source.format] += 1
        if record.source.ocr_pages:
            self.ocr_documents += 1
            self.ocr_pages += len(record.source.ocr_pages)
        doc_type = record.doc_type.name if record.doc_type else "(no type)"
        self.types[doc_type] += 1
        partial = record.issue_date_partial
        if partial and partial.year and partial.month:
            self.by_month_type[(f"{partial.year:04d}-{partial.month:02d}", doc_type)] += 1
        else:
            self.no_month += 1
        if record.issuer:
            shown = record.issuer.name + (f" · {record.issuer.parent}" if record.issuer.parent else "")
            key = _key(shown)  # "Sở Y tế" and "SỞ Y TẾ" are one issuer
            self.issuers[key] += 1
            self.issuer_names.setdefault(key, shown)
        else:
            self.no_issuer += 1
        for name, present in MISSING_FIELDS:
            if not present(record):
                self.missing[name] += 1
        for task in record.tasks:
            self.tasks += 1
            if task.deadline:
                self.deadline_tasks += 1
                for assignee in task.assignees or ["(no assignee)"]:
                    self.deadlines[assignee] += 1


def _top(counter: Counter[str], n: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_chart(corpus: Corpus) -> str:
    """Documents per month by type; per year when the months span more than MAX_MONTHS (the bars stay readable)."""
    if not corpus.by_month_type:
        return '<p class="empty">No document has an issue month.</p>'
    top = [name for name, _ in _top(corpus.types, TOP_TYPES)]
    series = top + ([OTHER] if len(corpus.types) > len(top) else [])
    months = sorted({month for month, _ in corpus.by_month_type})
    buckets = _months_between(months[0], months[-1])
    per_year = len(buckets) > MAX_MONTHS
    counts: Counter[tuple[str, str]] = Counter()
    for (month, doc_type), n in corpus.by_month_type.items():
        counts[(month[:4] if per_year else month, doc_type if doc_type in top else OTHER)] += n
    if per_year:
        buckets = [str(y) for y in range(int(months[0][:4]), int(months[-1][:4]) + 1)]
    unit = "year" if per_year else "month"
    title = f"Documents per {unit} by type"
    note = f"{corpus.no_month:,} documents without an issue month are not drawn." if corpus.no_month else ""
    if per_year:
        note = f"Counted per year: the months span {len(_months_between(months[0], months[-1])):,}. " + note
    return (
        f"<figure><figcaption>{title}</figcaption>{stacked_columns(title, buckets, series, counts)}"
        f'<p class="caption">{_esc(note)}</p></figure>'
    )


def charts(corpus: Corpus) -> str:
    issuers = [
        (corpus.issuer_names[key], n, f"{corpus.issuer_names[key]}: {n:,} documents")
        for key, n in _top(corpus.issuers, TOP_N)
    ]
    docs = max(corpus.documents, 1)
    missing = [
        (name, corpus.missing[name] / docs, f"{name}: missing in {corpus.missing[name]:,} of {corpus.documents:,}")
        for name, _ in MISSING_FIELDS
    ]
    deadlines = [(name, n, f"{name}: {n:,} tasks with a deadline") for name, n in _top(corpus.deadlines, TOP_N)]
    figures = [
        month_chart(corpus),
        f"<figure><figcaption>Documents by issuer (top {TOP_N})</figcaption>"
        f"{hbar_chart('Documents by issuer', issuers, color=PALETTE[2])}"
        f'<p class="caption">{len(corpus.issuers):,} issuers; {corpus.no_issuer:,} documents without one.</p></figure>',
        "<figure><figcaption>Fields missing (share of documents)</figcaption>"
        f"{hbar_chart('Fields missing', missing, percent=True, color=PALETTE[8])}</figure>",
        f"<figure><figcaption>Deadlines per agency (tasks with a deadline, by assignee, top {TOP_N})</figcaption>"
        f"{hbar_chart('Deadlines per agency', deadlines, color=PALETTE[4])}"
        f'<p class="caption">{corpus.deadline_tasks:,} of {corpus.tasks:,} tasks have a deadline.</p></figure>',
    ]
    return '<section class="charts">' + "\n".join(figures) + "</section>"


def counts_block(corpus: Corpus, errors: int) -> str:
    cards = [
        ("documents", f"{corpus.documents:,}"),
        ("errors", f"{errors:,}"),
        ("OCR'd pages", f"{corpus.ocr_pages:,} <small>in {corpus.ocr_documents:,} documents</small>"),
        ("without text", f"{corpus.texts_missing:,}"),
    ]
    cards += [(f"format: {fmt}", f"{n:,}") for fmt, n in _top(corpus.by_format, len(corpus.by_format))]
    return '<dl class="counts">' + "".join(f"<div><dt>{_esc(k)}</dt><dd>{v}</dd></div>" for k, v in cards) + "</dl>"


# --- tables of documents and errors, PAGE_ROWS rows a page ----------------------------------------------------------


def table_page_name(kind: str, page: int) -> str:
    """Page 1 of each table is on index.html; the others have their own file."""
    return "index.html" if page == 1 else f"{kind}-{page}.html"


def pager(kind: str, page: int, pages: int) -> str:
    if pages <= 1:
        return ""
    links = [
        f"<strong>{k}</strong>" if k == page else f'<a href="{table_page_name(kind, k)}#{kind}">{k}</a>'
        for k in range(1, pages + 1)
    ]
    return f'<nav class="pager">{kind} pages: {" ".join(links)}</nav>'


DOCUMENT_HEADERS = ("#", "file", "identifier", "type", "date", "issuer", "signer", "refs", "tasks", "warnings")
ERROR_HEADERS = ("#", "path", "reason", "kind")


def document_row(n: int, record: DocumentRecord, page_name: str, has_text: bool) -> str:
    path = record.source.path or "document"
    no_text = "" if has_text else ' <span class="tag">no text</span>'
    cells = [
        str(n),
        f'<a href="docs/{_esc(page_name)}">{_esc(path)}</a>{no_text}',
        _esc(record.identifier),
        _esc(record.doc_type.name if record.doc_type else ""),
        f'<span class="nowrap">{_esc(record.issue_date or _partial_date(record))}</span>',
        _esc(record.issuer.name if record.issuer else ""),
        _esc(record.signer.name if record.signer else ""),
        str(len(record.references)),
        str(len(record.tasks)),
        str(len(record.warnings)),
    ]
    return f'<tr id="d{n}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def problem_row(n: int, headers: int, message: str) -> str:
    return f'<tr id="d{n}" class="bad"><td>{n}</td><td colspan="{headers - 1}">{_esc(message)}</td></tr>'


def table_section(kind: str, title: str, headers: Sequence[str], rows: Sequence[str], page: int, pages: int) -> str:
    total = f"page {page} of {pages}" if pages > 1 else f"{len(rows):,} row{'s' if len(rows) != 1 else ''}"
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    return (
        f'<section id="{kind}"><h2>{_esc(title)} <small>({total})</small></h2>'
        f'<input class="filter" type="search" placeholder="filter this page" data-table="t-{kind}">'
        f"{pager(kind, page, pages)}"
        f'<table class="list sortable" id="t-{kind}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{pager(kind, page, pages)}</section>"
    )


class _TablePages:
    """Rows of one table, written PAGE_ROWS at a time; page 1 is kept for index.html."""

    def __init__(self, report_dir: Path, kind: str, title: str, headers: Sequence[str], total: int, page_rows: int):
        self.report_dir, self.kind, self.title, self.headers = report_dir, kind, title, headers
        self.page_rows = page_rows
        self.pages = max(1, -(-total // page_rows))
        self.rows: list[str] = []
        self.page = 1
        self.first: str = ""
        self.written: set[str] = set()

    def listing(self, n: int) -> str:
        """The file and anchor of row n (1-based)."""
        return f"{table_page_name(self.kind, (n - 1) // self.page_rows + 1)}#d{n}"

    def add(self, row: str) -> None:
        self.rows.append(row)
        if len(self.rows) == self.page_rows:
            self._flush()

    def _flush(self) -> None:
        section = table_section(self.kind, self.title, self.headers, self.rows, self.page, self.pages)
        if self.page == 1:
            self.first = section
        else:
            name = table_page_name(self.kind, self.page)
            body = f'<header><nav><a href="index.html">overview</a></nav></header><main>{section}</main>'
            write_atomic(self.report_dir / name, _page(f"{self.title} — docparse report", body, script=True))
            self.written.add(name)
        self.rows = []
        self.page += 1

    def finish(self) -> str:
        if self.rows or self.page == 1:
            self._flush()
        return self.first


# --- building the site -------------------------------------------------------------------------------------------


@dataclass
class ReportResult:
    index: Path
    documents: int = 0
    errors: int = 0
    texts_missing: int = 0
    problems: list[str] = field(default_factory=list)  # lines of the inputs that could not be shown


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as handle:
        for line in handle:
            count += bool(line.strip())
    return count


def _read_lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """(line number, line) of each non-blank line, read one at a time; None for a line that is not UTF-8."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            if raw.strip():
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield number, None


def _records(path: Path) -> Iterator[tuple[int, DocumentRecord | str]]:
    """Each line of documents.jsonl as a record, or as the reason it is not one."""
    for number, line in _read_lines(path):
        if line is None:
            yield number, f"{path.name} line {number}: not UTF-8"
            continue
        try:
            yield number, DocumentRecord.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "record"
            yield number, f"{path.name} line {number}: not a record ({where}: {first['msg']})"


def _error_row(n: int, number: int, line: str | None, path: Path) -> tuple[str, str | None]:
    try:
        if line is None:
            raise ValueError("not UTF-8")
        entry = json.loads(line)
        if not isinstance(entry, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        message = f"{path.name} line {number}: not an error entry ({exc})"
        return problem_row(n, len(ERROR_HEADERS), message), message
    cells = (str(n), _esc(entry.get("path")), _esc(entry.get("reason")), _esc(entry.get("kind")))
    return f'<tr id="d{n}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>", None


def _asset(name: str) -> str:
    return resources.files("docparse.data").joinpath(name).read_text(encoding="utf-8")


class _DocumentPages:
    """Document pages, each written once the next record's name is known (its "next" link): two records held."""

    def __init__(self, out_dir: Path, report_dir: Path, table: _TablePages):
        self.out_dir, self.report_dir, self.table = out_dir, report_dir, table
        self.used: set[str] = set()  # JSON names as `extract` gives them; the page is NAME.html
        self.written: set[str] = set()
        self.pending: tuple[DocumentRecord, str, int] | None = None
        self.previous: str | None = None

    def add(self, n: int, record: DocumentRecord) -> str:
        name = output_name(record.source.path or "document", self.used)[: -len(".json")] + ".html"
        self._flush(name)
        self.pending = (record, name, n)
        return name

    def finish(self) -> None:
        self._flush(None)

    def _flush(self, next_name: str | None) -> None:
        if self.pending is None:
            return
        record, name, n = self.pending
        links = PageLinks(self.table.listing(n), self.previous, next_name)
        write_atomic(self.report_dir / "docs" / name, document_page(record, load_text(self.out_dir, record), links))
        self.written.add(name)
        self.previous, self.pending = name, None


def build_report(out_dir: Path, report_dir: Path | None = None, *, page_rows: int = PAGE_ROWS) -> ReportResult:
    """Write the review site for the extract output in `out_dir` (to `out_dir/report` by default)."""
    out_dir = Path(out_dir)
    report_dir = Path(report_dir) if report_dir is not None else out_dir / "report"
    documents = out_dir / "documents.jsonl"
    errors = out_dir / "errors.jsonl"
    if not out_dir.is_dir():
        raise ReportError(f"{out_dir}: not a folder")
    if not documents.is_file():
        raise ReportError(f"{documents}: not found (is {out_dir} the output folder of `docparse extract`?)")
    ours = (report_dir / MARKER).exists()
    result = ReportResult(index=report_dir / "index.html")
    write_atomic(report_dir / MARKER, "docparse report: pages here are rewritten by `docparse report`\n")
    for asset in ("report.css", "report.js"):
        write_atomic(report_dir / "assets" / asset, _asset(asset))

    corpus = Corpus()
    doc_table = _TablePages(report_dir, "documents", "Documents", DOCUMENT_HEADERS, _count_lines(documents), page_rows)
    doc_pages = _DocumentPages(out_dir, report_dir, doc_table)
    for n, (_, item) in enumerate(_records(documents), 1):
        if isinstance(item, str):
            result.problems.append(item)
            doc_table.add(problem_row(n, len(DOCUMENT_HEADERS), item))
            continue
        name = doc_pages.add(n, item)
        has_text = has_text_file(out_dir, item)
        corpus.texts_missing += not has_text
        corpus.add(item)
        doc_table.add(document_row(n, item, name, has_text))
    doc_pages.finish()

    error_count = _count_lines(errors) if errors.is_file() else 0
    err_table = _TablePages(report_dir, "errors", "Errors", ERROR_HEADERS, error_count, page_rows)
    if errors.is_file():
        for n, (number, line) in enumerate(_read_lines(errors), 1):
            row, problem = _error_row(n, number, line, errors)
            err_table.add(row)
            if problem:
                result.problems.append(problem)
    else:
        result.problems.append(f"{errors}: not found; the error table is empty")

    result.documents, result.errors, result.texts_missing = corpus.documents, error_count, corpus.texts_missing
    body = (
        f"<header><h1>docparse review report <small>{_esc(out_dir.name)}</small></h1></header>\n<main>"
        f"{counts_block(corpus, error_count)}{problems_block(result.problems)}\n{charts(corpus)}\n"
        f"{err_table.finish()}\n{doc_table.finish()}</main>"
    )
    write_atomic(result.index, _page("docparse review report", body, script=True))
    if ours:
        _remove_stale(report_dir, doc_pages.written, doc_table.written | err_table.written)
    return result


def problems_block(problems: Sequence[str]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{_esc(p)}</li>" for p in problems[:PAGE_ROWS])
    more = f"<li>… and {len(problems) - PAGE_ROWS:,} more</li>" if len(problems) > PAGE_ROWS else ""
    return f'<section class="problems"><h2>Input problems</h2><ul>{items}{more}</ul></section>'


def has_text_file(out_dir: Path, record: DocumentRecord) -> bool:
    sha = record.source.sha256
    return bool(sha and SHA256.fullmatch(sha) and (out_dir / "texts" / f"{sha}.txt").is_file())


def _remove_stale(report_dir: Path, pages: set[str], tables: set[str]) -> None:
    """Pages an earlier report wrote for documents, or table pages, that this run no longer has."""
    for path in (report_dir / "docs").glob("*.html"):
        if path.name not in pages:
            path.unlink()
    for path in report_dir.glob("*.html"):
        if re.fullmatch(r"(documents|errors)-\d+\.html", path.name) and path.name not in tables:
            path.unlink()
