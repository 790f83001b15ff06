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
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .archive import ArchiveError, is_archive, list_members, read_member
from .engines import Job, Options, Outcome, make_engine, options_fingerprint
from .export import OutputWriter, annotated_html
from .ingest import IngestError, discover, file_sha256
from .models import DocumentRecord
from .readers import Limits

STATE_DIR = ".docparse"
TEXTS_DIR = "texts"
SUMMARY_ROWS = 100


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
    first_records: list[DocumentRecord] = field(default_factory=list)  # for the summary table


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
    after_write: Callable[[Path], None] | None = None,
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
        for stale in out_dir.glob(".*.tmp"):
            stale.unlink(missing_ok=True)

        inputs, ignored = discover(paths)
        plan: list[Entry] = []
        result = BatchResult(ignored=len(ignored))
        runner = make_engine(engine, workers, scheduler)
        bar = Progress(0, progress)
        store = _Store(cache_dir, out_dir / TEXTS_DIR, tmp_dir)
        transient: dict[str, dict[str, str]] = {}
        try:
            units = list(_expand(inputs, options.limits))
            result.inputs = bar.total = len(units)
            jobs = _plan(units, plan, store, bar, options.limits)
            for outcome in runner.run(jobs, options):
                if outcome.status == "crash":
                    transient[outcome.key] = json.loads(outcome.body)["error"]
                else:
                    store.put(outcome)
                bar.update(computed=1, errors=int(outcome.status != "record"))
        finally:
            runner.close()
            bar.close()
        result.computed = bar.computed
        result.reused = bar.reused
        _write(out_dir, plan, store, transient, result, excel=excel, annotate=annotate)
        if after_write is not None:
            after_write(out_dir)
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


def _plan(units: list[_Unit], plan: list[Entry], store: _Store, bar: Progress, limits: Limits) -> Iterator[Job]:
    """Hash each input in order; yield a job for content that has no stored result yet."""
    queued: set[str] = set()
    for unit in units:
        if unit.problem is not None:
            plan.append(Entry(unit.shown, error={"path": unit.shown, "reason": unit.problem, "kind": "ingest"}))
            bar.update(planned_error=1)
            continue
        try:
            sha, size = _content_hash(unit, limits)
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
            yield Job(unit.shown, key, unit.file, unit.member)


def _content_hash(unit: _Unit, limits: Limits) -> tuple[str, int]:
    if unit.member is not None:
        data = read_member(unit.file, unit.member, limits.max_bytes)
        return hashlib.sha256(data).hexdigest(), len(data)
    return file_sha256(unit.file)


class _Store:
    """The results of finished inputs: OUT/.docparse/cache/FINGERPRINT/ab/KEY.json, and the text
    each record's offsets point into, OUT/texts/SHA256.txt. The text is written first: a cache
    entry on disk means its text is there too."""

    def __init__(self, cache_dir: Path, texts_dir: Path, tmp_dir: Path) -> None:
        self.cache_dir, self.texts_dir, self.tmp_dir = cache_dir, texts_dir, tmp_dir

    def _path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def put(self, outcome: Outcome) -> None:
        if outcome.text is not None and outcome.sha256:
            self._atomic(self.texts_dir / f"{outcome.sha256}.txt", outcome.text.encode("utf-8", "surrogatepass"))
        self._atomic(self._path(outcome.key), outcome.body.encode("utf-8"))

    def get(self, key: str) -> dict:
        return json.loads(self._path(key).read_bytes())

    def text(self, sha256: str) -> str | None:
        try:
            return (self.texts_dir / f"{sha256}.txt").read_bytes().decode("utf-8", "surrogatepass")
        except FileNotFoundError:
            return None

    def _atomic(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.tmp_dir / f"{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def prune(self, keys: set[str], shas: set[str]) -> None:
        """Forget results of inputs no longer in the corpus, and of other code or options."""
        if not self.cache_dir.parent.exists():
            return
        for other in self.cache_dir.parent.iterdir():
            if other != self.cache_dir:
                shutil.rmtree(other, ignore_errors=True)
        if self.cache_dir.exists():
            for entry in self.cache_dir.glob("*/*.json"):
                if entry.stem not in keys:
                    entry.unlink(missing_ok=True)
        if self.texts_dir.exists():
            for text in self.texts_dir.glob("*.txt"):
                if text.stem not in shas:
                    text.unlink(missing_ok=True)


def _write(
    out_dir: Path,
    plan: list[Entry],
    store: _Store,
    transient: dict[str, dict[str, str]],
    result: BatchResult,
    *,
    excel: bool,
    annotate: bool,
) -> None:
    """Write every output from the stored results, in input order, one record in memory at a time;
    then the citation graph and the corpus database."""
    from .corpus import build_database
    from .graph import CorpusIndex, JsonlRecords, write_graph

    previous = _previous_outputs(out_dir)
    # Citations resolve to documents anywhere in the corpus: a first pass indexes every record.
    index = CorpusIndex.build(_StoredRecords(plan, store, transient))
    writer = OutputWriter(out_dir, excel=excel)
    try:
        for entry in plan:
            manifest = {"path": entry.shown, "sha256": entry.sha256, "size": entry.size}
            error = entry.error
            body: dict = {}
            if error is None and entry.key is not None:
                body = {"error": transient[entry.key]} if entry.key in transient else store.get(entry.key)
                if "error" in body:
                    error = {"path": entry.shown, **body["error"]}
            if error is not None:
                writer.add_error(error, manifest)
                result.errors.append(error)
                continue
            data = body["record"]
            data["source"]["path"] = entry.shown  # the same bytes may sit under several names
            record = DocumentRecord.model_validate(index.link(data))
            html = None
            if annotate and (text := store.text(entry.sha256 or "")) is not None:
                html = annotated_html(record, text)
            writer.add_record(record, manifest, html)
            result.records += 1
            if len(result.first_records) <= SUMMARY_ROWS:
                result.first_records.append(record)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    for name in previous - set(writer.written):  # outputs of inputs that are gone
        (out_dir / name).unlink(missing_ok=True)
    write_graph(out_dir, index, JsonlRecords(out_dir / "documents.jsonl"))
    build_database(out_dir)


class _StoredRecords:
    """The stored records in input order, each under its input's name; iterable more than once."""

    def __init__(self, plan: list[Entry], store: _Store, transient: dict[str, dict[str, str]]) -> None:
        self.plan, self.store, self.transient = plan, store, transient

    def __iter__(self) -> Iterator[dict]:
        for entry in self.plan:
            if entry.error is None and entry.key is not None and entry.key not in self.transient:
                body = self.store.get(entry.key)
                if "record" in body:
                    body["record"]["source"]["path"] = entry.shown
                    yield body["record"]


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
    rows = []
    if result.records <= max_rows:
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
            for r in result.first_records
        ]
        widths = [max(len(str(row[i])) for row in [header, *data]) for i in range(len(header))]
        for row in [header, *data]:
            rows.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    rows.append(
        f"inputs: {result.inputs}  records: {result.records}  errors: {len(result.errors)}"
        f"  (ignored by .docparseignore: {result.ignored})"
    )
    if result.reused:
        rows.append(f"reused from an earlier run: {result.reused}  extracted now: {result.computed}")
    return "\n".join(rows)
