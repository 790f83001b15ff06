"""Export stage: per-document JSON, JSONL, flat CSV tables, and the error report.

All writers produce the same bytes for the same records: fixed column order, records in input
order, UTF-8 with Vietnamese unescaped, LF line ends (CSV included).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .models import DocumentRecord
from .store import write_renamed

DOCUMENT_COLUMNS = (
    "path",
    "sha256",
    "format",
    "encoding",
    "number",
    "symbol",
    "identifier",
    "year",
    "doc_type_code",
    "doc_type_name",
    "issuer_name",
    "issuer_parent",
    "place",
    "issue_date",
    "issue_year",
    "issue_month",
    "issue_day",
    "published",
    "subject",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
    "addressees",
    "references",
    "warnings",
    "cited_by",  # documents of the same corpus citing this one (added with the citation graph)
)
REFERENCE_COLUMNS = (
    "path",
    "identifier",
    "doc_type_code",
    "doc_type_name",
    "number",
    "symbol",
    "year",
    "date",
    "issuer",
    "text",
    "start",
    "end",
    "form",
    "name",
    "role",
    "ref_id",
    "resolved",
    "page",
    "target",  # path of the corpus document the reference resolves to (added with the citation graph)
)
# "page" is last: added with paged formats (PDF, scans), after the columns other tools already read.
DATE_COLUMNS = ("path", "value", "kind", "role", "year_inferred", "text", "start", "end", "page")
AGENCY_COLUMNS = ("path", "name", "level", "place", "in_gazetteer", "text", "start", "end", "page")
PERSON_COLUMNS = ("path", "name", "title", "source", "text", "start", "end", "page")
TASK_COLUMNS = ("path", "index", "label", "assignees", "partners", "deadline", "action", "text", "start", "end", "page")
RECIPIENT_COLUMNS = ("path", "kind", "index", "text", "name", "note", "start", "end", "page")


def record_json(record: DocumentRecord) -> str:
    # pydantic's serialiser writes the same bytes as json.dumps(..., ensure_ascii=False, indent=2)
    # (the record has no floats), and the standard library has no C encoder for indented output.
    return record.model_dump_json(indent=2) + "\n"


def document_row(record: DocumentRecord) -> dict[str, object]:
    partial = record.issue_date_partial
    return {
        "path": record.source.path,
        "sha256": record.source.sha256,
        "format": record.source.format,
        "encoding": record.source.encoding,
        "number": record.number,
        "symbol": record.symbol,
        "identifier": record.identifier,
        "year": record.year,
        "doc_type_code": record.doc_type.code if record.doc_type else None,
        "doc_type_name": record.doc_type.name if record.doc_type else None,
        "issuer_name": record.issuer.name if record.issuer else None,
        "issuer_parent": record.issuer.parent if record.issuer else None,
        "place": record.place,
        "issue_date": record.issue_date,
        "issue_year": partial.year if partial else None,
        "issue_month": partial.month if partial else None,
        "issue_day": partial.day if partial else None,
        "published": record.published,
        "subject": record.subject,
        "signer_authority": record.signer.authority if record.signer else None,
        "signer_title": record.signer.title if record.signer else None,
        "signer_name": record.signer.name if record.signer else None,
        "recipients": len(record.recipients),
        "addressees": len(record.addressees),
        "references": len(record.references),
        "warnings": " | ".join(record.warnings),
        "cited_by": len(record.cited_by),
    }


def reference_rows(record: DocumentRecord) -> Iterable[dict[str, object]]:
    for ref in record.references:
        yield {
            "form": ref.form,
            "name": ref.name,
            "role": ref.role,
            "ref_id": ref.ref_id,
            "resolved": ref.resolved,
            "path": record.source.path,
            "identifier": ref.identifier,
            "doc_type_code": ref.doc_type.code if ref.doc_type else None,
            "doc_type_name": ref.doc_type.name if ref.doc_type else None,
            "number": ref.number,
            "symbol": ref.symbol,
            "year": ref.year,
            "date": ref.date,
            "issuer": ref.issuer,
            "text": ref.text,
            "start": ref.start,
            "end": ref.end,
            "page": ref.page,
            "target": ref.target,
        }


def item_rows(record: DocumentRecord, items: list, columns: tuple[str, ...]) -> Iterable[dict[str, object]]:
    """Rows of a list field (dates, agencies, people): the path, then the item's own columns.
    Their fields are plain strings, numbers and flags: read as they are (a JSON dump per item
    gave the same values at several times the cost)."""
    for item in items:
        data = vars(item)
        yield {"path": record.source.path, **{c: data.get(c) for c in columns[1:]}}


def task_rows(record: DocumentRecord) -> Iterable[dict[str, object]]:
    for index, task in enumerate(record.tasks):
        yield {
            "path": record.source.path,
            "index": index,
            "label": task.label,
            "assignees": " | ".join(task.assignees),
            "partners": " | ".join(task.partners),
            "deadline": task.deadline,
            "action": task.action,
            "text": task.text,
            "start": task.start,
            "end": task.end,
            "page": task.page,
        }


def annotated_html(record: DocumentRecord, source_text: str) -> str:
    """The document's text with every reference marked (title: identifier, role, ref_id)."""
    import html

    marks = sorted(record.references, key=lambda r: r.start)
    out = [
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">',
        f"<title>{html.escape(record.source.path or 'document')}</title>",
        "<style>body{font-family:serif;white-space:pre-wrap;max-width:60em;margin:2em auto}"
        "mark{background:#fde68a}mark.short,mark.list{background:#bfdbfe}mark.law{background:#bbf7d0}</style>",
        "</head><body>",
    ]
    pos = 0
    for ref in marks:
        if ref.start < pos:
            continue
        out.append(html.escape(source_text[pos : ref.start]))
        title = " · ".join(x for x in (ref.identifier or ref.name, ref.role, ref.ref_id) if x)
        out.append(
            f'<mark class="{ref.form}" data-ref-id="{ref.ref_id or ""}" title="{html.escape(title)}">'
            f"{html.escape(source_text[ref.start : ref.end])}</mark>"
        )
        pos = ref.end
    out.append(html.escape(source_text[pos:]))
    out.append("</body></html>\n")
    return "".join(out)


def recipient_rows(record: DocumentRecord) -> Iterable[dict[str, object]]:
    for kind, items in (("recipient", record.recipients), ("addressee", record.addressees)):
        for index, item in enumerate(items):
            yield {
                "path": record.source.path,
                "kind": kind,
                "index": index,
                "text": item.text,
                "name": item.name,
                "note": item.note,
                "start": item.start,
                "end": item.end,
                "page": item.page,
            }


def csv_text(columns: tuple[str, ...], rows: Iterable[dict[str, object]], *, excel: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # DictWriter's per-row key checks cost more than the rows
    writer.writerow(columns)
    writer.writerows([("" if (value := row.get(c)) is None else value) for c in columns] for row in rows)
    return ("\ufeff" if excel else "") + buffer.getvalue()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it when the block completes and removed when
    it fails: a killed or failed run never leaves a half-written output under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file (LF line ends) that replaces `path` when the block completes, for outputs
    too large to hold as one string."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written output. A killed
    run's leftover under the same name is overwritten, or removed as ".*.tmp"."""
    write_renamed(path, text.encode("utf-8"), path.with_name(f".{path.name}.{os.getpid()}.tmp"))


def output_name(path: str, used: set[str]) -> str:
    """File name for a document's JSON: its own name, made unique with its folder if needed."""
    p = Path(path)
    name = p.stem + ".json"
    if name in used:
        name = "__".join([*p.parent.parts[-2:], p.stem]).replace("/", "_") + ".json"
    counter = 2
    base = name[:-5]
    while name in used:
        name = f"{base}-{counter}.json"
        counter += 1
    used.add(name)
    return name


RowsOf = Callable[[DocumentRecord], Iterable[dict[str, object]]]
# Each CSV table: its file, its columns, and the rows a record gives it.
TABLES: tuple[tuple[str, tuple[str, ...], RowsOf], ...] = (
    ("documents.csv", DOCUMENT_COLUMNS, lambda r: (document_row(r),)),
    ("references.csv", REFERENCE_COLUMNS, reference_rows),
    ("dates.csv", DATE_COLUMNS, lambda r: item_rows(r, r.dates, DATE_COLUMNS)),
    ("agencies.csv", AGENCY_COLUMNS, lambda r: item_rows(r, r.agencies, AGENCY_COLUMNS)),
    ("people.csv", PERSON_COLUMNS, lambda r: item_rows(r, r.people, PERSON_COLUMNS)),
    ("tasks.csv", TASK_COLUMNS, task_rows),
    ("recipients.csv", RECIPIENT_COLUMNS, recipient_rows),
)


@dataclass(frozen=True)
class RenderedRecord:
    """A record's share of the corpus files: its documents.jsonl line and its CSV rows per table."""

    jsonl: str
    tables: dict[str, str]


def render_record(out_dir: Path, name: str, record: DocumentRecord, html: str | None = None) -> RenderedRecord:
    """Write the record's own files (NAME.json, and NAME.html when given), and render its lines of
    the corpus files. Batch workers run this for many records at once; the writer only appends."""
    write_if_changed(out_dir / name, record_json(record))
    if html is not None:
        write_if_changed(out_dir / (name[:-5] + ".html"), html)
    tables = {}
    for file_name, columns, rows_of in TABLES:
        buffer = io.StringIO()
        rows = rows_of(record)
        csv.writer(buffer, lineterminator="\n").writerows(
            [("" if (v := row.get(c)) is None else v) for c in columns] for row in rows
        )
        tables[file_name] = buffer.getvalue()
    return RenderedRecord(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n", tables)


class OutputWriter:
    """Writes the batch outputs one record at a time, so memory stays flat whatever the corpus.

    The corpus files (JSONL, CSV, errors, manifest) grow in temporary files and replace the old
    ones only in `commit()`: a run killed half-way leaves the previous outputs whole. Per-document
    files are written atomically, and only when their bytes change."""

    def __init__(self, out_dir: Path, *, excel: bool = False) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.names: set[str] = set()
        self.written: list[str] = []  # per-document files, in input order
        self._handles: dict[str, tuple[io.TextIOWrapper, str]] = {}
        for file_name in ("documents.jsonl", "errors.jsonl", "manifest.jsonl", *(t for t, *_ in TABLES)):
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{file_name}.", suffix=".tmp")
            self._handles[file_name] = (os.fdopen(fd, "w", encoding="utf-8", newline=""), tmp)
        for file_name, columns, _ in TABLES:
            header = io.StringIO()
            csv.writer(header, lineterminator="\n").writerow(columns)
            self._handles[file_name][0].write(("\ufeff" if excel else "") + header.getvalue())

    def name_for(self, path: str | None) -> str:
        """The JSON file name of the next record (names depend on the records before it)."""
        return output_name(path or "document", self.names)

    def add_record(self, record: DocumentRecord, manifest: dict[str, object], html: str | None = None) -> str:
        """Write one record everywhere; returns the name of its JSON file."""
        name = self.name_for(record.source.path)
        self.add_rendered(name, render_record(self.out_dir, name, record, html), manifest, html=html is not None)
        return name

    def add_rendered(self, name: str, rendered: RenderedRecord, manifest: dict[str, object], *, html: bool) -> None:
        self._handles["documents.jsonl"][0].write(rendered.jsonl)
        for file_name, rows in rendered.tables.items():
            self._handles[file_name][0].write(rows)
        self.add_written(name, manifest, html=html)

    def add_written(self, name: str, manifest: dict[str, object], *, html: bool) -> None:
        """A record whose files are written and whose lines are (or will be) appended in order."""
        self.written.append(name)
        if html:
            self.written.append(name[:-5] + ".html")
        self._line("manifest.jsonl", {**manifest, "status": "record", "output": name})

    def append_part(self, part: Path, sections: list[tuple[str, int]]) -> None:
        """Append a file of rendered lines (sections of documents.jsonl and CSV rows, each its
        output file and length in bytes), then remove it."""
        with part.open("rb") as lines:
            for file_name, size in sections:
                handle = self._handles[file_name][0]
                handle.flush()  # the text layer's pending lines go first; the part's bytes are copied as they are
                handle.buffer.write(lines.read(size))
        part.unlink()

    def add_error(self, error: dict[str, str], manifest: dict[str, object]) -> None:
        self._line("errors.jsonl", error)
        self._line("manifest.jsonl", {**manifest, "status": "error", "output": None})

    def _line(self, file_name: str, data: object) -> None:
        self._handles[file_name][0].write(json.dumps(data, ensure_ascii=False) + "\n")

    def commit(self) -> None:
        for file_name, (handle, tmp) in self._handles.items():
            handle.close()
            os.replace(tmp, self.out_dir / file_name)
        self._handles = {}

    def abort(self) -> None:
        for handle, tmp in self._handles.values():
            handle.close()
            Path(tmp).unlink(missing_ok=True)
        self._handles = {}


def write_if_changed(path: Path, text: str) -> None:
    """Atomic write, skipped when the file already holds these bytes (a resumed run rewrites nothing)."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, text)


def write_outputs(
    out_dir: Path,
    records: list[DocumentRecord],
    errors: list[dict[str, str]],
    *,
    excel: bool = False,
    annotate: dict[str, str] | None = None,
) -> None:
    """Write every output for records in memory; `annotate` maps a record's source path to its text
    for the HTML views. (The batch streams through OutputWriter itself.)"""
    writer = OutputWriter(out_dir, excel=excel)
    try:
        for record in records:
            text = annotate.get(record.source.path or "") if annotate is not None else None
            html = annotated_html(record, text) if text is not None else None
            writer.add_record(record, {"path": record.source.path, "sha256": record.source.sha256}, html)
        for error in errors:
            writer.add_error(error, {"path": error["path"], "sha256": None})
        writer.commit()
    except BaseException:
        writer.abort()
        raise
