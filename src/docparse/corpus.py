"""Corpus database: the CSV tables of a finished `docparse extract` output loaded into DuckDB.

`build_database(OUT)` writes `OUT/docparse.duckdb` (tables documents, references, dates,
agencies, people, tasks, recipients, errors, and edges when `OUT/graph/edges.csv` exists) and
`OUT/parquet/<table>.parquet`. It reads the CSV files rather than documents.jsonl: they are
already flat, and DuckDB's CSV reader streams them in C++ with bounded memory, where the JSONL
would go through Python one record at a time (`bench/bench_corpus.py` measures both).

Columns keep the CSV names (`path` joins every table to documents), typed: INTEGER counts,
offsets and pages, BOOLEAN flags, DATE for values that are always full dates (`issue_date`,
`published`, a reference's `date`). Date values that may be partial ("2021-06", "2021-Q3",
"2021-07-01/2021-07-15") stay text and gain the dates they span (`date_from`, `date_to`; for
tasks `deadline_from`, `deadline_to`), so that "a deadline in June 2021" is a range test. Task
assignees and partners become lists.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .export import (
    AGENCY_COLUMNS,
    DATE_COLUMNS,
    DOCUMENT_COLUMNS,
    PERSON_COLUMNS,
    RECIPIENT_COLUMNS,
    REFERENCE_COLUMNS,
    TASK_COLUMNS,
    atomic_path,
)
from .graph import EDGE_COLUMNS, CorpusError

DATABASE = "docparse.duckdb"
PARQUET_DIR = "parquet"
MEMORY_LIMIT = "1GB"

# Column types other than VARCHAR, by column name (the same name has one meaning in every table).
_TYPES = {
    "year": "INTEGER",
    "issue_year": "INTEGER",
    "issue_month": "INTEGER",
    "issue_day": "INTEGER",
    "recipients": "INTEGER",
    "addressees": "INTEGER",
    "references": "INTEGER",
    "cited_by": "INTEGER",
    "start": "INTEGER",
    "end": "INTEGER",
    "page": "INTEGER",
    "index": "INTEGER",
    "count": "INTEGER",
    "year_inferred": "BOOLEAN",
    "in_gazetteer": "BOOLEAN",
    "resolved": "BOOLEAN",
    "issue_date": "DATE",
    "published": "DATE",
}
# (table, file in OUT, its columns, typed columns that differ by table, derived columns)
_TABLES: tuple[tuple[str, str, tuple[str, ...], dict[str, str], tuple[str, ...]], ...] = (
    ("documents", "documents.csv", DOCUMENT_COLUMNS, {}, ()),
    ("references", "references.csv", REFERENCE_COLUMNS, {"date": "CAST(date AS DATE)"}, ()),
    (
        "dates",
        "dates.csv",
        DATE_COLUMNS,
        {},
        ("dp_date(value) AS date", "dp_from(value) AS date_from", "dp_to(value) AS date_to"),
    ),
    ("agencies", "agencies.csv", AGENCY_COLUMNS, {}, ()),
    ("people", "people.csv", PERSON_COLUMNS, {}, ()),
    (
        "tasks",
        "tasks.csv",
        TASK_COLUMNS,
        {"assignees": "dp_list(assignees)", "partners": "dp_list(partners)"},
        ("dp_from(deadline) AS deadline_from", "dp_to(deadline) AS deadline_to"),
    ),
    ("recipients", "recipients.csv", RECIPIENT_COLUMNS, {}, ()),
)
_ERROR_COLUMNS = ("path", "reason", "kind")
# A date value's parts: "2021-06-30", "2020-07-29T14:00", "2021-06", "2021-Q3", "2021"; a range
# joins two with "/". Malformed values raise (and the build names the file) rather than vanish.
_MACROS = r"""
CREATE TEMP MACRO dp_start(p) AS CASE
    WHEN regexp_full_match(p, '\d{4}-Q[1-4]')
        THEN make_date(CAST(p[1:4] AS INTEGER), CAST(p[7:7] AS INTEGER) * 3 - 2, 1)
    WHEN regexp_full_match(p, '\d{4}-\d{2}') THEN CAST(p || '-01' AS DATE)
    WHEN regexp_full_match(p, '\d{4}') THEN make_date(CAST(p AS INTEGER), 1, 1)
    ELSE CAST(p[1:10] AS DATE) END;
CREATE TEMP MACRO dp_end(p) AS CASE
    WHEN regexp_full_match(p, '\d{4}-Q[1-4]')
        THEN last_day(make_date(CAST(p[1:4] AS INTEGER), CAST(p[7:7] AS INTEGER) * 3, 1))
    WHEN regexp_full_match(p, '\d{4}-\d{2}') THEN last_day(CAST(p || '-01' AS DATE))
    WHEN regexp_full_match(p, '\d{4}') THEN make_date(CAST(p AS INTEGER), 12, 31)
    ELSE CAST(p[1:10] AS DATE) END;
CREATE TEMP MACRO dp_from(v) AS dp_start(split_part(v, '/', 1));
CREATE TEMP MACRO dp_to(v) AS dp_end(CASE WHEN contains(v, '/') THEN split_part(v, '/', 2) ELSE v END);
CREATE TEMP MACRO dp_date(v) AS
    CASE WHEN regexp_matches(v, '^\d{4}-\d{2}-\d{2}(T[\d:]+)?$') THEN CAST(v[1:10] AS DATE) END;
CREATE TEMP MACRO dp_list(v) AS CASE WHEN v IS NULL THEN []::VARCHAR[] ELSE string_split(v, ' | ') END;
"""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# DuckDB's CSV reader fails on a quoted field that ends in a carriage return (texts as printed
# may hold one). The CSV files end their lines with "\n" alone, so every "\r" in them is inside a
# field: a copy read by DuckDB holds this stand-in instead, and the text columns restore it.
_CR_STAND_IN = "\ue00d"


def _readable_csv(path: Path, scratch: Path) -> tuple[Path, bool]:
    """The CSV file DuckDB reads: `path` itself, or a copy without carriage returns (and True)."""
    if not path.is_file():
        return path, False
    with path.open("rb") as handle:
        if not any(b"\r" in block for block in iter(lambda: handle.read(1 << 20), b"")):
            return path, False
    copy = scratch / path.name
    stand_in = _CR_STAND_IN.encode()
    with path.open("rb") as source, copy.open("wb") as target:
        for block in iter(lambda: source.read(1 << 20), b""):
            target.write(block.replace(b"\r", stand_in))
    return copy, True


def _select_csv(
    path: Path, columns: tuple[str, ...], exprs: dict[str, str], derived: tuple[str, ...], *, restore_cr: bool = False
) -> str:
    """SELECT of a CSV read as text, each column cast to its type (a bad value fails the build)."""
    spec = ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in columns)
    items = []
    for column in columns:
        if column in exprs:
            expr = exprs[column]
        elif column in _TYPES:
            expr = f"CAST({_quote(column)} AS {_TYPES[column]})"
        elif restore_cr:
            expr = f"replace({_quote(column)}, '{_CR_STAND_IN}', chr(13))"
        else:
            expr = _quote(column)
        items.append(f"{expr} AS {_quote(column)}")
    items.extend(derived)
    source = (
        f"read_csv({_literal(str(path))}, header = true, auto_detect = false, columns = {{{spec}}}, "
        "delim = ',', quote = '\"', escape = '\"', strict_mode = true)"
    )
    return f"SELECT {', '.join(items)} FROM {source}"


def _sources(out_dir: Path, scratch: Path) -> list[tuple[str, Path, str]]:
    """(table, file, SELECT) for every table; a missing file is an error naming it. `scratch` is a
    folder for copies DuckDB can read (see _readable_csv)."""
    sources = []
    for table, file_name, columns, exprs, derived in _TABLES:
        read, restore_cr = _readable_csv(out_dir / file_name, scratch)
        sources.append((table, out_dir / file_name, _select_csv(read, columns, exprs, derived, restore_cr=restore_cr)))
    errors = out_dir / "errors.jsonl"
    spec = ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in _ERROR_COLUMNS)
    sources.append(
        (
            "errors",
            errors,
            f"SELECT * FROM read_json({_literal(str(errors))}, format = 'newline_delimited', columns = {{{spec}}})",
        )
    )
    edges = out_dir / "graph" / "edges.csv"
    if edges.is_file():
        read, restore_cr = _readable_csv(edges, scratch)
        sources.append(("edges", edges, _select_csv(read, EDGE_COLUMNS, {}, (), restore_cr=restore_cr)))
    for _table, path, _select in sources:
        if not path.is_file():
            raise CorpusError(f"{path}: no such file (is {out_dir} the output folder of `docparse extract`?)")
    return sources


def build_database(out_dir: Path, threads: int = 1) -> Path:
    """OUT/docparse.duckdb and OUT/parquet/<table>.parquet from the finished output in `out_dir`.

    Each file is written under a temporary name beside it and renamed when complete, so a killed
    run leaves the previous output (or none), never a half-written one. Each table is loaded and
    exported by one thread, in insertion order, so the Parquet files are byte for byte the same
    for the same input; with `threads` > 1 that many tables are built at once. The .duckdb file
    is not the same bytes from run to run (its blocks hold run-specific headers); its contents are."""
    import duckdb

    if not out_dir.is_dir():
        raise CorpusError(f"{out_dir}: not a folder")
    db_path = out_dir / DATABASE
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".docparse-db-") as scratch, atomic_path(db_path) as tmp:
        sources = _sources(out_dir, Path(scratch))
        tmp.unlink()  # DuckDB creates its file; it refuses an empty one
        wal = tmp.with_name(tmp.name + ".wal")
        try:
            with duckdb.connect(str(tmp)) as con:
                # One thread per query: rows stay in insertion order, and the tables' storage and so the
                # Parquet files come out the same on every run (a parallel load may split row groups
                # differently). Queries on separate cursors still run side by side, each on its caller's thread.
                con.execute("SET threads = 1")
                con.execute("SET preserve_insertion_order = true")
                # Bounded memory whatever the corpus size: past it DuckDB spills to a folder beside the file.
                con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")

                def load(source: tuple[str, Path, str]) -> None:
                    table, path, select = source
                    with con.cursor() as cursor:
                        cursor.execute(_MACROS)  # temporary macros belong to one connection
                        try:
                            cursor.execute(f"CREATE TABLE {_quote(table)} AS {select}")
                        except duckdb.Error as exc:
                            raise CorpusError(f"{path}: {str(exc).splitlines()[0]}") from None
                        with atomic_path(out_dir / PARQUET_DIR / f"{table}.parquet") as parquet:
                            cursor.execute(
                                f"COPY {_quote(table)} TO {_literal(str(parquet))} (FORMAT parquet, COMPRESSION zstd)"
                            )

                # The largest tables first, so the threads finish together.
                ordered = sorted(sources, key=lambda s: -s[1].stat().st_size)
                if threads > 1:
                    with ThreadPoolExecutor(threads) as pool:
                        list(pool.map(load, ordered))
                else:
                    for source in ordered:
                        load(source)
        finally:
            wal.unlink(missing_ok=True)
    return db_path


def table_counts(db_path: Path) -> list[tuple[str, int]]:
    """Rows per table of a corpus database, in the order the tables were built."""
    import duckdb

    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise CorpusError(f"{db_path}: {str(exc).splitlines()[0]}") from None
    try:
        tables = [t for t, *_ in _TABLES] + ["errors", "edges"]
        present = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return [(t, con.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0]) for t in tables if t in present]
    finally:
        con.close()
