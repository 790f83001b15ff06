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
from collections.abc import Iterable
from pathlib import Path

from .models import DocumentRecord

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


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def write_outputs(
    out_dir: Path,
    records: list[DocumentRecord],
    errors: list[dict[str, str]],
    *,
    excel: bool = False,
    annotate: dict[str, str] | None = None,
) -> None:
    """Write every output; `annotate` maps a record's source path to its text for the HTML views."""
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for record in records:
        name = output_name(record.source.path or "document", used)
        write_atomic(out_dir / name, record_json(record))
        if annotate is not None and record.source.path in annotate:
            write_atomic(out_dir / (name[:-5] + ".html"), annotated_html(record, annotate[record.source.path]))
    jsonl = "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)
    write_atomic(out_dir / "documents.jsonl", jsonl)
    write_atomic(out_dir / "documents.csv", csv_text(DOCUMENT_COLUMNS, map(document_row, records), excel=excel))
    refs = (row for r in records for row in reference_rows(r))
    write_atomic(out_dir / "references.csv", csv_text(REFERENCE_COLUMNS, refs, excel=excel))
    for file_name, columns, field in (
        ("dates.csv", DATE_COLUMNS, "dates"),
        ("agencies.csv", AGENCY_COLUMNS, "agencies"),
        ("people.csv", PERSON_COLUMNS, "people"),
    ):
        rows = (row for r in records for row in item_rows(r, getattr(r, field), columns))
        write_atomic(out_dir / file_name, csv_text(columns, rows, excel=excel))
    tasks = (row for r in records for row in task_rows(r))
    write_atomic(out_dir / "tasks.csv", csv_text(TASK_COLUMNS, tasks, excel=excel))
    recips = (row for r in records for row in recipient_rows(r))
    write_atomic(out_dir / "recipients.csv", csv_text(RECIPIENT_COLUMNS, recips, excel=excel))
    write_atomic(out_dir / "errors.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
