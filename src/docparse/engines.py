"""Where extraction runs: in this process, in worker processes on this machine, or on a Dask cluster.

Every engine runs `compute` on jobs and yields outcomes in the order they finish; the batch stores
them and restores the input order when it writes. Each outcome carries the fingerprint of the
code that made it, so results of other code are never mixed into a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TypeVar

from . import __version__
from .ingest import IngestError, file_errors, read_document, read_document_bytes
from .readers import Limits
from .store import ResultStore

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Options:
    """What a result depends on besides the input's bytes and docparse's code."""

    ner: bool = False
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class Job:
    """One input to read and extract. `data` carries its bytes when they are at hand (a zip
    member, inflated when it was hashed) or the worker cannot be assumed to see the file (a Dask
    cluster); otherwise the worker reads `file`."""

    shown: str
    key: str
    file: Path
    data: bytes | None = None
    sha256: str | None = None  # the content's hash, taken when the batch was planned


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: a record or an error, as JSON, and the text offsets point into."""

    key: str
    # "record" or "error" (the input's own, stored like a record), or "crash": an error that is not
    # the input's fault (a worker died), reported in this run but never stored, so tried again.
    status: str
    body: str  # {"record": ...} or {"error": {"reason", "kind"}}; "" once stored
    text: str | None
    sha256: str | None
    fingerprint: str
    stored: bool = False  # written to the result store by the worker itself


@cache
def code_fingerprint() -> str:
    """A hash of docparse's version, code and rule data: results from other code are not reused."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def options_fingerprint(options: Options) -> str:
    limits = options.limits
    spec = "|".join(
        map(
            str,
            (
                code_fingerprint(),
                options.ner,
                limits.max_bytes,
                limits.max_pages,
                limits.max_pixels,
                limits.max_seconds,
            ),
        )
    )
    return hashlib.sha256(spec.encode()).hexdigest()[:16]


def compute(job: Job, options: Options) -> Outcome:
    """Read and extract one input (runs in a worker); never raises for a bad input."""
    from .pipeline import parse_source

    try:
        if job.data is not None:
            doc = read_document_bytes(job.data, job.shown, options.limits)
        else:
            doc = read_document(job.file, options.limits, sha256=job.sha256)
        record = parse_source(doc, ner=options.ner)
        body = '{"record":' + record.model_dump_json() + "}"
        return Outcome(job.key, "record", body, doc.text, doc.sha256, code_fingerprint())
    except IngestError as exc:
        return _error_outcome(job, exc.reason, "ingest", "error")
    except Exception as exc:  # an extractor bug must not take the batch down
        return _error_outcome(job, f"internal error: {type(exc).__name__}: {exc}", "internal", "error")


# --- engines: where `compute` runs ------------------------------------------------------------


def warm_up() -> None:
    """Load the rule data and compile the patterns extraction uses (they load on first use)."""
    from .pipeline import parse_text

    parse_text("SỞ Y TẾ\nSố: 1/KH-SYT\nHuế, ngày 01 tháng 02 năm 2020\nKẾ HOẠCH\nGiao Phòng Y tế thực hiện.\n")


def compute_and_store(jobs: list[Job], options: Options, store: ResultStore) -> list[Outcome]:
    """Compute jobs and store their results here, in the worker: only a small outcome (its status)
    goes back to the parent, which would otherwise spend its time writing what workers made."""
    outcomes = []
    for job in jobs:
        outcome = compute(job, options)
        store.put(outcome.key, outcome.body, outcome.text, outcome.sha256)
        outcomes.append(replace(outcome, body="", text=None, stored=True))
    return outcomes


class InlineEngine:
    """One worker: this process (no pickling, plain tracebacks)."""

    def run(self, jobs: Iterator[Job], options: Options, store: ResultStore) -> Iterator[Outcome]:
        for job in jobs:
            yield from compute_and_store([job], options, store)

    def map(
        self, function: Callable[[T], R], items: Iterable[T], *, fresh: bool = False, chunksize: int = 16
    ) -> Iterator[R]:
        return map(function, items)

    def close(self) -> None:
        pass


class ProcessEngine:
    """Worker processes on this machine, given jobs a few at a time (one submission per job costs
    the parent more than a small document costs a worker). At most `window` chunks are in flight,
    so the plan is consumed lazily and memory stays flat. A worker that dies (killed, out of
    memory) breaks the pool: the pool is rebuilt, the jobs it held are tried again one by one, and
    the one that kills its worker on its own is reported."""

    def __init__(self, workers: int, chunk: int = 4) -> None:
        self.workers = workers
        self.chunk = chunk
        self.window = workers * 3
        self._pool = None

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Forked, not spawned: workers start with docparse imported (and inherit what the parent
        # has built, see `map`). Pool workers are not daemonic, so each can run its own
        # format-reader child (see ingest._ReaderWorker).
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))

    def run(self, jobs: Iterator[Job], options: Options, store: ResultStore) -> Iterator[Outcome]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        warm_up()  # once here, not once per worker: they are forked with the rule data loaded
        self._pool = self._new_pool()
        pending: dict = {}
        suspects: list[Job] = []  # in flight when a worker died: each is then tried again alone
        isolated: Job | None = None
        while True:
            if suspects and not pending:
                isolated = suspects.pop(0)
                pending[self._pool.submit(compute_and_store, [isolated], options, store)] = [isolated]
            elif not suspects:
                isolated = None
                while len(pending) < self.window and (chunk := list(islice(jobs, self.chunk))):
                    pending[self._pool.submit(compute_and_store, chunk, options, store)] = chunk
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                chunk = pending.pop(future)
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    broken = True
                    if chunk == [isolated]:  # it killed its worker on its own: this input is the cause
                        yield _error_outcome(isolated, "the worker process died while extracting this file")
                    else:
                        suspects.extend(chunk)
                elif error is not None:
                    for job in chunk:
                        yield _error_outcome(job, f"internal error: {type(error).__name__}: {error}")
                else:
                    yield from future.result()
            if broken:
                for chunk in pending.values():  # they went down with the pool
                    suspects.extend(chunk)
                pending.clear()
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = self._new_pool()

    def map(
        self, function: Callable[[T], R], items: Iterable[T], *, fresh: bool = False, chunksize: int = 16
    ) -> Iterator[R]:
        """`function` over `items` in the worker processes, results in order. With `fresh`, the
        workers are forked anew and inherit the parent as it is at this call (the corpus index,
        the write state), so nothing large is pickled to them."""
        if fresh or self._pool is None:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            self._pool = self._new_pool()
        return self._pool.map(function, items, chunksize=chunksize)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """A Dask distributed cluster. Workers may not see this machine's files, so each job carries
    its bytes; results come back to this process, which alone writes OUT."""

    def __init__(self, scheduler: str | object, window: int | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise RuntimeError("--engine dask needs Dask distributed: pip install 'docparse[dask]'") from None
        self.client = scheduler if hasattr(scheduler, "submit") else Client(scheduler)
        self._own_client = self.client is not scheduler
        workers = max(1, sum(self.client.nthreads().values()))
        self.window = window or workers * 4

    def run(self, jobs: Iterator[Job], options: Options, store: ResultStore) -> Iterator[Outcome]:
        """Outcomes come back whole: this process stores them (`store` is for the local engines)."""
        from distributed import as_completed

        def submit(job: Job):
            if job.data is None:  # read here: a worker gets the bytes, not a path it may not have
                job = replace(job, data=_read_file_bytes(job.file, options.limits))
            future = self.client.submit(compute, job, options, pure=False, retries=1)
            futures[future] = job
            return future

        futures: dict = {}
        queue = as_completed()
        for job in jobs:
            try:
                queue.add(submit(job))
            except IngestError as exc:
                yield _error_outcome(job, exc.reason, kind="ingest")
            if queue.count() >= self.window:
                yield self._collect(next(queue), futures)
        for future in queue:
            yield self._collect(future, futures)

    def _collect(self, future, futures: dict) -> Outcome:
        job = futures.pop(future)
        try:
            outcome = future.result()
        except Exception as exc:
            return _error_outcome(job, f"the cluster task failed ({type(exc).__name__}: {exc})")
        if outcome.fingerprint != code_fingerprint():
            raise RuntimeError(
                "the Dask workers run another docparse (code or data differ from this machine's): "
                "install the same docparse on every worker"
            )
        return outcome

    def map(
        self, function: Callable[[T], R], items: Iterable[T], *, fresh: bool = False, chunksize: int = 16
    ) -> Iterator[R]:
        return map(function, items)  # writing the outputs happens here, beside OUT

    def close(self) -> None:
        if self._own_client:
            self.client.close()


def _read_file_bytes(path: Path, limits: Limits) -> bytes:
    with file_errors(path.as_posix()):
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise IngestError(path.as_posix(), f"file too large ({size} bytes, limit {limits.max_bytes})")
        return path.read_bytes()


def _error_outcome(job: Job, reason: str, kind: str = "internal", status: str = "crash") -> Outcome:
    body = json.dumps({"error": {"reason": reason, "kind": kind}}, ensure_ascii=False)
    return Outcome(job.key, status, body, None, None, code_fingerprint())


# --- the run --------------------------------------------------------------------------------


def make_engine(engine: str, workers: int, scheduler: str | object | None):
    if engine == "dask":
        if scheduler is None:
            raise ValueError("--engine dask needs --scheduler ADDRESS")
        return DaskEngine(scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    return ProcessEngine(workers) if workers > 1 else InlineEngine()
