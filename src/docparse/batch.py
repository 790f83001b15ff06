"""Batch runs: discover inputs, extract each, account for every input as a record or an error."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .export import write_outputs
from .ingest import IngestError, discover, read_document
from .models import DocumentRecord
from .pipeline import parse
from .readers import Limits


@dataclass
class BatchResult:
    inputs: int = 0
    ignored: int = 0
    records: list[DocumentRecord] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)


def extract_one(path: Path, *, ner: bool = False, limits: Limits | None = None) -> DocumentRecord | dict[str, str]:
    """A record, or an error entry naming the file and the reason; never raises."""
    try:
        return parse(path, ner=ner, limits=limits)
    except IngestError as exc:
        return {"path": exc.path, "reason": exc.reason, "kind": "ingest"}
    except Exception as exc:  # an extractor bug must not take the batch down
        return {"path": path.as_posix(), "reason": f"internal error: {type(exc).__name__}: {exc}", "kind": "internal"}


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    excel: bool = False,
    progress: bool = False,
    ner: bool = False,
    annotate: bool = False,
    limits: Limits | None = None,
) -> BatchResult:
    inputs, ignored = discover(paths)
    result = BatchResult(inputs=len(inputs), ignored=len(ignored))
    for done, path in enumerate(inputs, 1):
        outcome = extract_one(path, ner=ner, limits=limits)
        if isinstance(outcome, dict):
            result.errors.append(outcome)
        else:
            result.records.append(outcome)
        if progress:
            sys.stderr.write(f"\r{done}/{len(inputs)} files, {len(result.errors)} errors")
            sys.stderr.flush()
    if progress:
        sys.stderr.write("\n")
    texts = None
    if annotate:  # the text evidence offsets point into, read again only for the HTML views
        texts = {r.source.path: read_document(r.source.path, limits).text for r in result.records if r.source.path}
    write_outputs(out_dir, result.records, result.errors, excel=excel, annotate=texts)
    return result


def summary_table(result: BatchResult, max_rows: int = 100) -> str:
    rows = []
    if len(result.records) <= max_rows:
        header = ("file", "identifier", "type", "date", "issuer", "signer", "refs")
        data = [
            (
                Path(r.source.path or "").name,
                r.identifier or "-",
                r.doc_type.name if r.doc_type else "-",
                r.issue_date or (str(r.issue_date_partial.year) if r.issue_date_partial else "-"),
                (r.issuer.name if r.issuer else "-")[:28],
                (r.signer.name or "-") if r.signer else "-",
                str(len(r.references)),
            )
            for r in result.records
        ]
        widths = [max(len(str(row[i])) for row in [header, *data]) for i in range(len(header))]
        for row in [header, *data]:
            rows.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    rows.append(
        f"inputs: {result.inputs}  records: {len(result.records)}  errors: {len(result.errors)}"
        f"  (ignored by .docparseignore: {result.ignored})"
    )
    return "\n".join(rows)
