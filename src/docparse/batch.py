"""Batch runs over archives: parallel, resumable, and every input accounted for.

A run has three phases:
1. **Plan** — inputs are found (folders walked, zip archives opened) and hashed, in path order.
2. **Compute** — each input whose content has no result yet is read and extracted by a worker
   (processes on this machine, or a Dask cluster). The result is stored in OUT/.docparse/cache
   under the content's hash, written atomically: it is the only thing a run commits as it goes.
3. **Write** — the outputs are written from the cache in input order, streaming, each file
   atomically.

A run killed at any moment leaves only whole cache entries behind, so running the same command
again redoes only what was not finished and writes exactly what one uninterrupted run writes.
The cache is keyed by content and by a fingerprint of docparse's own code, data and options:
a changed file, a new docparse version, or other options mean new results, never stale ones.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .archive import ArchiveError, close_archives, is_archive, list_members, read_member
from .corpus import build_database
from .engines import Job, Options, make_engine, options_fingerprint
from .export import TABLES, OutputWriter, RenderedRecord, annotated_html, render_record
from .graph import CorpusError, CorpusIndex, write_edges, write_graphml
from .ingest import IngestError, discover, file_sha256
from .models import DocumentRecord
from .readers import Limits
from .store import ResultStore

STATE_DIR = ".docparse"
TEXTS_DIR = "texts"
SUMMARY_ROWS = 12


@dataclass
class Entry:
    """An input in the plan: its name, content hash and cache key, or the error found while planning."""

    shown: str
    sha256: str | None = None
    size: int | None = None
    key: str | None = None
    error: dict[str, str] | None = None


@dataclass
class BatchResult:
    inputs: int = 0
    ignored: int = 0
    records: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    computed: int = 0  # inputs read and extracted in this run
    reused: int = 0  # inputs whose result an earlier (maybe interrupted) run had stored
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # outputs beyond the records that could not be written
    summary_rows: list[tuple[str, ...]] = field(default_factory=list)  # the first records, for the summary table


class Progress:
    """One status line on stderr (a terminal only): files done and left, documents/s, errors."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.done = self.reused = self.errors = self.computed = 0
        self.start = time.monotonic()
        self._shown = 0.0

    def update(self, *, computed: int = 0, reused: int = 0, errors: int = 0, planned_error: int = 0) -> None:
        self.computed += computed
        self.reused += reused
        self.errors += errors + planned_error
        self.done += computed + reused + planned_error
        now = time.monotonic()
        if self.enabled and (now - self._shown > 0.2 or self.done == self.total):
            self._shown = now
            elapsed = max(now - self.start, 1e-9)
            rate = self.computed / elapsed
            left = self.total - self.done
            eta = f", {_duration(left / rate)} left" if rate > 0 and left else ""
            again = f" ({self.reused} from an earlier run)" if self.reused else ""
            sys.stderr.write(
                f"\r{self.done}/{self.total} files{again}, {rate:.1f} docs/s, {self.errors} errors{eta}\x1b[K"
            )
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.enabled = False


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class OutputLocked(Exception):
    """Another run is writing to the same output folder."""


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    state = out_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "lock", "w") as handle:
        try:
            # A POSIX record lock, not flock(): forked workers do not inherit it, so one that
            # outlives its run cannot lock the folder against the next.
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputLocked(f"{out_dir}: another docparse run is writing to this folder") from None
        yield


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    excel: bool = False,
    progress: bool = False,
    ner: bool = False,
    annotate: bool = False,
    limits: Limits | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | object | None = None,
) -> BatchResult:
    """Extract every input under `paths` into `out_dir`, resuming whatever an earlier run there
    finished. `workers` > 1 runs that many processes; `engine="dask"` runs on the cluster whose
    scheduler is `scheduler` (an address, or a `distributed.Client`)."""
    options = Options(ner=ner, limits=limits or Limits())
    started = time.monotonic()
    with _locked(out_dir):
        state = out_dir / STATE_DIR
        cache_dir = state / "cache" / options_fingerprint(options)
        tmp_dir = state / "tmp"
        shutil.rmtree(tmp_dir, ignore_errors=True)  # what a killed run was writing
        tmp_dir.mkdir(parents=True)
        _remove_leftovers(out_dir)

        inputs, ignored = discover(paths)
        plan: list[Entry] = []
        result = BatchResult(ignored=len(ignored))
        runner = make_engine(engine, workers, scheduler)
        bar = Progress(0, progress)
        store = ResultStore(cache_dir, out_dir / TEXTS_DIR, tmp_dir)
        transient: dict[str, dict[str, str]] = {}
        try:
            units = list(_expand(inputs, options.limits))
            result.inputs = bar.total = len(units)
            jobs = _plan(units, plan, store, bar, options.limits)
            for outcome in runner.run(jobs, options, store):
                if outcome.status == "crash":
                    transient[outcome.key] = json.loads(outcome.body)["error"]
                elif not outcome.stored:
                    store.put(outcome.key, outcome.body, outcome.text, outcome.sha256)
                bar.update(computed=1, errors=int(outcome.status != "record"))
            bar.close()
            result.computed = bar.computed
            result.reused = bar.reused
            # The database is built on this machine: by as many threads as it has local workers.
            threads = workers if engine == "local" else 1
            _write(out_dir, plan, store, transient, result, runner, threads, excel=excel, annotate=annotate)
        finally:
            runner.close()
            bar.close()
            close_archives()
        store.prune({e.key for e in plan if e.key}, {e.sha256 for e in plan if e.sha256})
        shutil.rmtree(tmp_dir, ignore_errors=True)
    result.seconds = time.monotonic() - started
    return result


@dataclass(frozen=True)
class _Unit:
    """An input found while planning: a file, a zip member, or the reason it cannot be one."""

    shown: str
    file: Path
    member: str | None = None
    problem: str | None = None


def _expand(inputs: Iterable[Path], limits: Limits) -> Iterator[_Unit]:
    """Files as they are; a zip archive as its members (in name order), each checked."""
    for path in inputs:
        if not is_archive(path):
            yield _Unit(path.as_posix(), path)
            continue
        try:
            members = list_members(path, limits.max_bytes)
        except ArchiveError as exc:
            yield _Unit(path.as_posix(), path, problem=str(exc))
            continue
        if not members:
            yield _Unit(path.as_posix(), path, problem="zip archive holds no documents")
        for member in members:
            yield _Unit(member.shown, path, member.name, member.problem)


def _remove_leftovers(out_dir: Path) -> None:
    """What a killed run was writing: temporary outputs (".NAME.*.tmp", DuckDB's ".wal" beside
    them) in OUT and its subfolders, and the database build's scratch folder."""
    for pattern in (".*.tmp", ".*.tmp.wal", "*/.*.tmp", "*/.*.tmp.wal"):
        for stale in out_dir.glob(pattern):
            stale.unlink(missing_ok=True)
    for scratch in out_dir.glob(".docparse-db-*"):
        shutil.rmtree(scratch, ignore_errors=True)


def _plan(units: list[_Unit], plan: list[Entry], store: ResultStore, bar: Progress, limits: Limits) -> Iterator[Job]:
    """Hash each input in order; yield a job for content that has no stored result yet."""
    queued: set[str] = set()
    for unit in units:
        if unit.problem is not None:
            plan.append(Entry(unit.shown, error={"path": unit.shown, "reason": unit.problem, "kind": "ingest"}))
            bar.update(planned_error=1)
            continue
        try:
            sha, size, data = _content_hash(unit, limits)
        except (IngestError, ArchiveError) as exc:
            reason = exc.reason if isinstance(exc, IngestError) else str(exc)
            plan.append(Entry(unit.shown, error={"path": unit.shown, "reason": reason, "kind": "ingest"}))
            bar.update(planned_error=1)
            continue
        key = sha + Path(unit.shown).suffix.lower()
        plan.append(Entry(unit.shown, sha256=sha, size=size, key=key))
        if store.has(key) or key in queued:  # done before, or the same bytes under another name
            bar.update(reused=1)
        else:
            queued.add(key)
            yield Job(unit.shown, key, unit.file, data, sha)


def _content_hash(unit: _Unit, limits: Limits) -> tuple[str, int, bytes | None]:
    """The input's SHA-256 and size; for a zip member also its bytes, inflated once and handed to
    the worker with the job (a file on disk the worker reads itself)."""
    if unit.member is not None:
        data = read_member(unit.file, unit.member, limits.max_bytes)
        return hashlib.sha256(data).hexdigest(), len(data), data
    return (*file_sha256(unit.file), None)


# What the write phase's workers need; set before they are forked, so they inherit it.
_WRITING: _WriteState | None = None


@dataclass
class _WriteState:
    store: ResultStore
    out_dir: Path
    annotate: bool
    index: CorpusIndex | None = None


def _write(
    out_dir: Path,
    plan: list[Entry],
    store: ResultStore,
    transient: dict[str, dict[str, str]],
    result: BatchResult,
    runner,
    threads: int,
    *,
    excel: bool,
    annotate: bool,
) -> None:
    """Write every output from the stored results in input order, then the citation graph and the
    corpus database. The per-record work (reading results, linking citations, rendering JSON and
    CSV rows, writing NAME.json) runs on the engine's workers; this process only appends, in order."""
    global _WRITING
    previous = _previous_outputs(out_dir)
    _WRITING = state = _WriteState(store, out_dir, annotate)
    try:
        stored = _StoredRecords(plan, store, transient, runner, store.tmp_dir / "slim.jsonl")
        # Citations resolve to documents anywhere in the corpus: a first pass indexes every record.
        state.index = CorpusIndex.build(stored)
        write_edges(out_dir, state.index)
        writer = OutputWriter(out_dir, excel=excel)
        with ThreadPoolExecutor(1) as background:
            try:
                named = [(e, writer.name_for(e.shown) if stored.is_record(e) else None) for e in plan]
                records = [(e, name) for e, name in named if name is not None]
                chunks = [(k, records[k : k + _CHUNK]) for k in range(0, len(records), _CHUNK)]
                rendered = runner.map(_render_chunk, chunks, fresh=True, chunksize=1)
                # The GraphML is written while the workers render; the thread starts after they are
                # forked (a fork must not copy a thread in the middle of its work).
                graphml = background.submit(write_graphml, out_dir, state.index, stored)
                done: Iterator[tuple[tuple[str, ...], bool]] = iter(())
                for entry, name in named:
                    manifest = {"path": entry.shown, "sha256": entry.sha256, "size": entry.size}
                    if name is None:
                        error = entry.error or {"path": entry.shown, **stored.error_of(entry)}
                        writer.add_error(error, manifest)
                        result.errors.append(error)
                        continue
                    if (record := next(done, None)) is None:  # the first record of the next chunk
                        part, sections, chunk_records = next(rendered)
                        writer.append_part(part, sections)
                        done = iter(chunk_records)
                        record = next(done)
                    summary, html = record
                    writer.add_written(name, manifest, html=html)
                    result.records += 1
                    if len(result.summary_rows) < SUMMARY_ROWS:
                        result.summary_rows.append(summary)
                writer.commit()
            except BaseException:
                writer.abort()
                raise
            for name in previous - set(writer.written):  # outputs of inputs that are gone
                (out_dir / name).unlink(missing_ok=True)
            try:
                build_database(out_dir, threads)
            except CorpusError as exc:  # the records are written; the database is what failed
                result.problems.append(f"corpus database not written: {exc}")
            graphml.result()
    finally:
        _WRITING = None


# Records rendered per write-phase task: their lines go to part files the parent appends in order
# (passing them back through the pool's pipe costs the parent more than the workers saved).
_CHUNK = 32


def _render_chunk(chunk: tuple[int, list[tuple[Entry, str]]]) -> tuple[Path, list[tuple[str, int]], list]:
    """Render the records of a chunk (`start` is its first record's place) into one part file
    (runs in a write-phase worker); returns it with its sections (output file, bytes) in order, and
    each record's summary row and whether it has an HTML view. One file per chunk, not one per
    output file: creating files is what a busy host's file system does one at a time."""
    start, records = chunk
    buffers = {name: io.StringIO() for name in ("documents.jsonl", *(t for t, *_ in TABLES))}
    done = []
    for item in records:
        lines, summary, html = _render(item)
        buffers["documents.jsonl"].write(lines.jsonl)
        for name, rows in lines.tables.items():
            buffers[name].write(rows)
        done.append((summary, html))
    sections = [(name, buffer.getvalue().encode("utf-8")) for name, buffer in buffers.items()]
    part = _WRITING.store.tmp_dir / f"part-{start:09d}"
    part.write_bytes(b"".join(data for _, data in sections))
    return part, [(name, len(data)) for name, data in sections], done


def _render(item: tuple[Entry, str]) -> tuple[RenderedRecord, tuple[str, ...], bool]:
    """One record's files and lines (runs in a write-phase worker)."""
    entry, name = item
    state = _WRITING
    data = state.store.get(entry.key)["record"]
    data["source"]["path"] = entry.shown  # the same bytes may sit under several names
    record = DocumentRecord.model_validate(state.index.link(data))
    html = None
    if state.annotate and (text := state.store.text(entry.sha256 or "")) is not None:
        html = annotated_html(record, text)
    return render_record(state.out_dir, name, record, html), _summary_row(record), html is not None


# What the citation index reads of a record (see graph.py); the rest stays on disk.
_SLIM_FIELDS = ("source", "identifier", "year", "issue_date", "issue_date_partial", "issuer", "doc_type")
_SLIM_REFERENCE_FIELDS = ("identifier", "ref_id", "date", "year", "issuer", "doc_type", "role")


def _slim(item: tuple[Entry, ResultStore]) -> str | dict:
    """A stored result cut to what the citation index reads, as a line of JSON (serialised here, in
    a worker, to spare the parent); or the stored error."""
    entry, store = item
    body = store.get(entry.key)
    if "error" in body:
        return body
    record = body["record"]
    slim = {k: record.get(k) for k in _SLIM_FIELDS}
    slim["source"] = {"path": entry.shown}
    slim["references"] = [{k: ref.get(k) for k in _SLIM_REFERENCE_FIELDS} for ref in record.get("references", ())]
    return json.dumps(slim, ensure_ascii=False) + "\n"


class _StoredRecords:
    """The stored records in input order, cut to what the citation index reads; iterable more
    than once. The first pass reads the results on the workers and spools the cut records to a
    file; later passes read the spool. Memory does not grow with the corpus. The first pass also
    learns which stored results are errors."""

    def __init__(
        self, plan: list[Entry], store: ResultStore, transient: dict[str, dict[str, str]], runner, spool: Path
    ) -> None:
        self.plan, self.store, self.transient, self.runner, self.spool = plan, store, transient, runner, spool
        self._errors: dict[str, dict[str, str]] | None = None

    def __iter__(self) -> Iterator[dict]:
        if self._errors is not None:
            with self.spool.open(encoding="utf-8") as lines:
                yield from map(json.loads, lines)
            return
        errors: dict[str, dict[str, str]] = {}
        stored = [e for e in self.plan if e.error is None and e.key is not None and e.key not in self.transient]
        with self.spool.open("w", encoding="utf-8") as spool:
            for entry, body in zip(stored, self.runner.map(_slim, [(e, self.store) for e in stored]), strict=True):
                if isinstance(body, dict):
                    errors[entry.key] = body["error"]
                else:
                    spool.write(body)
                    yield json.loads(body)
        self._errors = errors

    def is_record(self, entry: Entry) -> bool:
        if entry.error is not None or entry.key is None or entry.key in self.transient:
            return False
        return entry.key not in self.errors()

    def error_of(self, entry: Entry) -> dict[str, str]:
        return self.transient.get(entry.key) or self.errors()[entry.key]

    def errors(self) -> dict[str, dict[str, str]]:
        if self._errors is None:
            for _ in self:
                pass
        return self._errors


def _summary_row(r: DocumentRecord) -> tuple[str, ...]:
    return (
        Path(r.source.path or "").name,
        r.identifier or "-",
        r.doc_type.name if r.doc_type else "-",
        r.issue_date or (str(r.issue_date_partial.year) if r.issue_date_partial else "-"),
        (r.issuer.name if r.issuer else "-")[:28],
        (r.signer.name or "-") if r.signer else "-",
        str(len(r.references)),
    )


def _previous_outputs(out_dir: Path) -> set[str]:
    manifest = out_dir / "manifest.jsonl"
    names: set[str] = set()
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            output = json.loads(line).get("output")
            if output:
                names.update((output, output[:-5] + ".html"))
    return names


def summary_table(result: BatchResult, max_rows: int = SUMMARY_ROWS) -> str:
    """The first records as a table (the rest are in documents.csv), then the counts."""
    rows = []
    if result.records:
        header = ("file", "identifier", "type", "date", "issuer", "signer", "refs")
        data = result.summary_rows[:max_rows]
        widths = [max(len(str(row[i])) for row in [header, *data]) for i in range(len(header))]
        for row in [header, *data]:
            rows.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        if result.records > len(data):
            rows.append(f"... and {result.records - len(data)} more records (all of them in documents.csv)")
    rows.append(
        f"inputs: {result.inputs}  records: {result.records}  errors: {len(result.errors)}"
        f"  (ignored by .docparseignore: {result.ignored})"
    )
    if result.reused:
        rows.append(f"reused from an earlier run: {result.reused}  extracted now: {result.computed}")
    return "\n".join(rows)
