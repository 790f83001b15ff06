"""Command-line interface: a thin layer over the library.

Heavy imports happen inside the commands so that `docparse --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="docparse",
    help="Structured, evidenced records from Vietnamese administrative documents.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"docparse: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    excel: Annotated[
        bool, typer.Option("--excel", help="Write CSV with a UTF-8 BOM so Excel shows Vietnamese.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary table.")] = False,
    ner: Annotated[
        bool, typer.Option("--ner", help="Also use underthesea's NER to find people (slow: about 15 KB/s).")
    ] = False,
    annotate: Annotated[
        bool, typer.Option("--annotate", help="Write NAME.html beside each record, its references marked.")
    ] = False,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest file read, in MB (200; text files 20).")] = 200,
    max_pages: Annotated[int, typer.Option("--max-pages", help="Most pages read from one document.")] = 500,
    max_seconds: Annotated[
        float, typer.Option("--max-seconds", help="Longest time one document may take to read (OCR included).")
    ] = 300,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help="Worker processes (default: all cores).")
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (worker processes) or dask (a Dask distributed cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="With --engine dask: the scheduler, e.g. tcp://host:8786.")
    ] = None,
) -> None:
    """Extract every document under PATHS into OUT (JSON per document, JSONL, CSV, errors.jsonl).

    Running the same command again resumes: inputs done before are not read again, changed
    ones are. A .zip archive is read as a folder of its members."""
    from .batch import OutputLocked, run_batch, summary_table
    from .readers import Limits

    if engine not in ("local", "dask"):
        _fail(f"unknown engine '{engine}' (local or dask)")
    if engine == "dask" and not scheduler:
        _fail("--engine dask needs --scheduler ADDRESS")

    limits = Limits(max_bytes=int(max_mb * 1024 * 1024), max_pages=max_pages, max_seconds=max_seconds)

    for p in paths:
        if not p.exists():
            _fail(f"{p}: no such file or folder")
    if ner:
        from .extract.people import ner_tagger

        try:
            ner_tagger()
        except RuntimeError as exc:  # fail before the batch, not once per document
            _fail(str(exc))
    progress = not quiet and sys.stderr.isatty()
    try:
        result = run_batch(
            paths,
            out,
            excel=excel,
            progress=progress,
            ner=ner,
            annotate=annotate,
            limits=limits,
            workers=workers or os.cpu_count() or 1,
            engine=engine,
            scheduler=scheduler,
        )
    except OutputLocked as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted; what was finished is kept: run the same command again to go on", 130)
    except RuntimeError as exc:  # the engine could not start (Dask missing, cluster mismatch)
        _fail(str(exc))
    if not quiet:
        typer.echo(summary_table(result))
    for err in result.errors:
        typer.echo(f"error: {err['path']}: {err['reason']}", err=True)
    for problem in result.problems:
        typer.echo(f"error: {problem}", err=True)
    if result.errors or result.problems:
        raise typer.Exit(1)


@app.command()
def text(
    path: Annotated[Path, typer.Argument(help="A document file.")],
    steps: Annotated[bool, typer.Option("--steps", help="List the repairs applied (on stderr).")] = False,
) -> None:
    """Print the repaired, normalised text that extraction sees."""
    from .ingest import IngestError, read_document
    from .repair import repair_text

    try:
        doc = read_document(path)
    except IngestError as exc:
        _fail(str(exc), 1)
    repaired = repair_text(doc.text)
    sys.stdout.write(repaired.text)
    if steps:
        for step in repaired.steps:
            typer.echo(f"repair: {step.kind} x{step.count}{' (lossy)' if step.lossy else ''}", err=True)


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of the record (document.schema.json)."""
    from .schema import write_schemas

    for written in write_schemas(out):
        typer.echo(f"wrote {written}")


@app.command()
def validate(
    directory: Annotated[Path, typer.Argument(help="Folder of documents with NAME.gold.json files.")],
    thresholds: Annotated[Path | None, typer.Option(help="Thresholds TOML (default: DIR/thresholds.toml).")] = None,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List every wrong value.")] = True,
) -> None:
    """Score extraction against gold files; exit 1 when a field is below its threshold."""
    from .validate import format_report
    from .validate import validate as run_validate

    if not directory.is_dir():
        _fail(f"{directory}: not a folder")
    report = run_validate(directory, thresholds)
    typer.echo(format_report(report, show_misses=misses))
    if not report.ok:
        failing = ", ".join(report.failures()) or "errors"
        typer.echo(f"validate: below threshold: {failing}", err=True)
        raise typer.Exit(1)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="Output folder of `docparse extract` (documents.jsonl, texts/).")],
    site: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the site (default: OUT/report).")] = None,
) -> None:
    """Write a static HTML review site: corpus overview with charts, each document's text with its values marked."""
    from .report import ReportError, build_report

    try:
        result = build_report(out, site)
    except ReportError as exc:
        _fail(str(exc))
    typer.echo(
        f"report: {result.index}  documents: {result.documents}  errors: {result.errors}"
        f"  without text: {result.texts_missing}"
    )
    for problem in result.problems:
        typer.echo(f"error: {problem}", err=True)
    if result.problems:
        raise typer.Exit(1)


@app.command()
def graph(
    out: Annotated[Path, typer.Argument(help="Output folder of `docparse extract` (holds documents.jsonl).")],
) -> None:
    """Resolve citations between the documents of OUT; write OUT/graph/edges.csv and citations.graphml."""
    from .graph import CorpusError, CorpusIndex, JsonlRecords, write_graph

    try:
        records = JsonlRecords(out / "documents.jsonl")
        index = CorpusIndex.build(records)
        written = write_graph(out, index, records)
    except CorpusError as exc:
        _fail(str(exc), 1)
    typer.echo(f"documents: {len(index)}  links: {sum(1 for _ in index.edges())}")
    typer.echo(index.stats.summary())
    for path in written:
        typer.echo(f"wrote {path}")


@app.command()
def db(
    out: Annotated[Path, typer.Argument(help="Output folder of `docparse extract` (and `docparse graph`).")],
) -> None:
    """Rebuild OUT/docparse.duckdb and OUT/parquet/ from the CSV tables of OUT."""
    from .corpus import build_database, table_counts
    from .graph import CorpusError

    try:
        path = build_database(out)
        counts = table_counts(path)
    except CorpusError as exc:
        _fail(str(exc), 1)
    typer.echo("  ".join(f"{table}: {rows}" for table, rows in counts))
    if "edges" not in dict(counts):
        typer.echo(f"no citation edges: run `docparse graph {out}` first to add them")
    typer.echo(f"wrote {path}")


def main() -> None:
    app()
