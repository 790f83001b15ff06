"""Scale benchmark: `docparse extract` on generated corpora of 1,000 and 10,000 documents.

For each size (corpus from scripts/make_scale_corpus.py, counted inputs known in advance):
- a clean run `docparse extract CORPUS -o CLEAN --workers N -q`: wall time, documents/s and the
  peak memory of the whole process tree (RSS of the parent and every descendant, summed, sampled
  every 0.2 s; pages shared between forked processes count once per process);
- an interrupted run into KILLED: `kill -9` of the process group at a seeded moment early on,
  again mid-way, then a third run to the end; KILLED must equal CLEAN byte for byte (every
  .json, .jsonl and .csv file, and texts/) and hold the same files (no leftover temporary file;
  .docparse/ and parquet/ are not compared, the DuckDB file only for being there);
- records + errors must equal the generated inputs, and the inputs that fail must be the bad ones.

    python bench/bench_scale.py [--sizes 1000 10000] [--workers 2] [--seed 0] [--work DIR]
    python bench/bench_scale.py --scaling [--scaling-size 1000]   # 1 vs 2 workers beside read+repair

`--workers-flag ''` runs a CLI without a workers option (both scaling runs are then the same).
Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_scale_corpus import Corpus, make_corpus  # noqa: E402

from docparse.ingest import IngestError, decode_bytes, discover, read_document  # noqa: E402
from docparse.readers import READERS  # noqa: E402
from docparse.repair import repair_text  # noqa: E402

SAMPLE_SECONDS = 0.2
# Outputs that must not change when a run is killed and resumed; the rest (the cache, DuckDB,
# Parquet) may differ in bytes and are checked through these (DuckDB's file must exist in both).
COMPARED_SUFFIXES = (".json", ".jsonl", ".csv")
SKIPPED_DIRS = (".docparse", "parquet")
SHOWN = 12  # differences listed in full; the rest are counted


class TreeSampler(threading.Thread):
    """Peak RSS of a process and all its descendants, summed, sampled until the process ends."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._finished = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._finished.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in tree:
                with contextlib.suppress(psutil.NoSuchProcess):  # a child that ended since the listing
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._finished.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._finished.set()
        self.join()
        return self.peak


@dataclass
class Run:
    wall: float
    peak_rss: int
    returncode: int | None  # None when the harness killed it
    cpu: float = 0.0  # user + system seconds of the tree (complete for a run that ended by itself)
    killed: bool = False  # killed on purpose, at `kill_after`
    timed_out: bool = False
    stderr: Path | None = None

    def tail(self, lines: int = 5) -> str:
        if self.stderr is None or not self.stderr.exists():
            return ""
        return "\n".join(self.stderr.read_text("utf-8", errors="replace").splitlines()[-lines:])


def extract_command(corpus: Path, out: Path, workers: int | None, workers_flag: str) -> list[str]:
    cmd = [sys.executable, "-m", "docparse", "extract", str(corpus), "-o", str(out), "-q"]
    if workers is not None and workers_flag:
        cmd += [workers_flag, str(workers)]
    return cmd


def run_extract(cmd: list[str], log: Path, *, kill_after: float | None = None, timeout: float = 3600) -> Run:
    """Run the command in its own process group; kill -9 the whole group after `kill_after` s."""
    limit = min(kill_after, timeout) if kill_after is not None else timeout
    with log.open("w") as stderr:
        # CPU time counts beside wall time: the machine may be shared, and CPU is what load does not inflate.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            code: int | None = proc.wait(timeout=limit)
            wall = time.perf_counter() - start
            killed = timed_out = False
        except subprocess.TimeoutExpired:
            wall = time.perf_counter() - start
            kill_group(proc)
            code = None
            killed = kill_after is not None and kill_after <= timeout
            timed_out = not killed
        except BaseException:  # ^C in the harness must not leave a batch running
            kill_group(proc)
            raise
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(wall, sampler.stop(), code, cpu, killed, timed_out, log)


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL to the process group, then wait until no member of it is left running."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _live_members(proc.pid):
        if time.monotonic() > deadline:
            raise RuntimeError(f"process group {proc.pid} still runs 10 s after SIGKILL")
        time.sleep(0.05)


def _live_members(pgid: int) -> list[int]:
    """Processes of the group that are not zombies (orphans wait for init to reap them: harmless)."""
    live = []
    for proc in psutil.process_iter(["status"]):
        with contextlib.suppress(psutil.NoSuchProcess, ProcessLookupError):
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                live.append(proc.pid)
    return live


# --- Checks ------------------------------------------------------------------------------


def output_files(out: Path) -> set[str]:
    """Every file of an output folder outside the cache and Parquet (leftover temporary files included)."""
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.relative_to(out).parts[0] not in SKIPPED_DIRS
    }


def _compared(rel: str) -> bool:
    """Outputs compared byte for byte; of the others (the DuckDB file) only presence is compared."""
    return rel.startswith("texts/") or (Path(rel).suffix in COMPARED_SUFFIXES and not Path(rel).name.startswith("."))


def first_difference(a: Path, b: Path) -> str:
    """'line N: <a's line> | <b's line>' for the first line that differs, streaming both files."""
    with a.open("rb") as fa, b.open("rb") as fb:
        number = 0
        while True:
            number += 1
            la, lb = fa.readline(), fb.readline()
            if la != lb:
                return f"line {number}: {_short(la)} | {_short(lb)}"
            if not la:
                return "same lines"


def _short(line: bytes, width: int = 90) -> str:
    text = line.decode("utf-8", errors="replace").rstrip("\n")
    return repr(text if len(text) <= width else text[:width] + "…") if line else "(end of file)"


def compare_outputs(clean: Path, other: Path) -> list[str]:
    """Every difference between two output folders, one line each; empty when identical."""
    a, b = output_files(clean), output_files(other)
    diffs = [f"missing in {other.name}: {rel}" for rel in sorted(a - b)]
    diffs += [f"only in {other.name}: {rel}" for rel in sorted(b - a)]
    for rel in sorted(a & b):
        if _compared(rel) and not _same_bytes(clean / rel, other / rel):
            diffs.append(f"differs: {rel}: {first_difference(clean / rel, other / rel)}")
    return diffs


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            block = fa.read(1 << 20)
            if block != fb.read(1 << 20):
                return False
            if not block:
                return True


@dataclass
class Accounting:
    records: int
    errors: int
    manifest: int | None  # lines of manifest.jsonl, None when the CLI writes none
    problems: list[str] = field(default_factory=list)


def account(out: Path, corpus: Corpus) -> Accounting:
    """Records and errors against the generated inputs; which inputs failed that should not, and back."""
    records = _lines(out / "documents.jsonl")
    manifest = _lines(out / "manifest.jsonl") if (out / "manifest.jsonl").exists() else None
    failed: dict[str, str] = {}
    errors_file = out / "errors.jsonl"
    if errors_file.exists():
        for line in errors_file.read_text("utf-8").splitlines():
            entry = json.loads(line)
            failed[_relative(entry.get("path", ""), corpus.root)] = entry.get("reason", "")
    acc = Accounting(records, len(failed), manifest)
    inputs = len(corpus.inputs)
    if records + len(failed) != inputs:
        acc.problems.append(f"records + errors = {records} + {len(failed)} = {records + len(failed)}, inputs {inputs}")
    if manifest is not None and manifest != inputs:
        acc.problems.append(f"manifest.jsonl has {manifest} lines, inputs {inputs}")
    expected = {i.path for i in corpus.expected_errors}
    unexpected = sorted(set(failed) - expected)
    missing = sorted(expected - set(failed))
    acc.problems += [f"failed, expected a record: {p}: {failed[p]}" for p in unexpected]
    acc.problems += [f"expected to fail, not in errors.jsonl: {p}" for p in missing]
    return acc


def _lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as f:
        return sum(1 for _ in f)


def _relative(path: str, root: Path) -> str:
    """A reported path relative to the corpus, whether the CLI gives it whole or from the corpus folder on."""
    for prefix in (root.as_posix().rstrip("/") + "/", root.name + "/"):
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


def _listed(problems: list[str]) -> str:
    shown = [f"    {p}" for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        shown.append(f"    ... and {len(problems) - SHOWN} more")
    return "\n".join(shown)


# --- Modes -------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    inputs: int
    clean: Run
    accounting: Accounting
    runs: list[Run]
    diffs: list[str]  # files that differ between the clean and the killed-and-resumed outputs
    run_problems: list[str]  # exit statuses and time-outs

    @property
    def resume(self) -> str:
        if not self.runs:
            return "not run (the clean run failed)"
        return "identical" if not self.diffs else f"{len(self.diffs)} files differ"


def bench_size(size: int, work: Path, args: argparse.Namespace) -> SizeResult:
    corpus_dir = work / f"corpus-{size}"
    start = time.perf_counter()
    corpus = make_corpus(size, corpus_dir, args.seed)
    print(f"\n== {size} documents: corpus generated in {time.perf_counter() - start:.1f} s ({corpus_dir})")
    clean_out, killed_out = work / f"clean-{size}", work / f"killed-{size}"
    cmd = extract_command(corpus_dir, clean_out, args.workers, args.workers_flag)
    print("clean run:", " ".join(cmd[2:]))
    clean = run_extract(cmd, work / f"clean-{size}.stderr", timeout=args.timeout)
    print(
        f"  {clean.wall:.1f} s ({clean.cpu:.1f} s CPU), exit {clean.returncode}, peak RSS {clean.peak_rss / 1e6:.0f} MB"
    )
    if clean.timed_out or clean.returncode not in (0, 1):  # nothing to count or to resume against
        shutil.rmtree(clean_out, ignore_errors=True)
        return SizeResult(size, len(corpus.inputs), clean, Accounting(0, 0, None), [], [], _problems(clean, []))
    accounting = account(clean_out, corpus)

    # Kill moments as shares of the clean run's time: once early, once mid-way (from the restart).
    rng = random.Random(f"{args.seed}/kill/{size}")
    moments = [clean.wall * rng.uniform(0.05, 0.2), clean.wall * rng.uniform(0.35, 0.6), None]
    runs = []
    cmd = extract_command(corpus_dir, killed_out, args.workers, args.workers_flag)
    for n, moment in enumerate(moments, 1):
        run = run_extract(cmd, work / f"killed-{size}.{n}.stderr", kill_after=moment, timeout=args.timeout)
        runs.append(run)
        what = f"killed at {moment:.1f} s" if run.killed else f"exit {run.returncode}"
        if moment is not None and not run.killed:
            what += f" (ended before the kill at {moment:.1f} s)"
        print(f"  interrupted run {n}: {run.wall:.1f} s, {what}")
    diffs = compare_outputs(clean_out, killed_out)
    if not args.keep:
        for path in (clean_out, killed_out):
            shutil.rmtree(path, ignore_errors=True)
    return SizeResult(size, len(corpus.inputs), clean, accounting, runs, diffs, _problems(clean, runs))


def _problems(clean: Run, runs: list[Run]) -> list[str]:
    """Time-outs and exit statuses of the clean run and of the last resumed run (when there was one)."""
    problems = []
    for name, run in (("clean run", clean), ("last resumed run", runs[-1] if runs else None)):
        if run is None:
            continue
        if run.timed_out:
            problems.append(f"{name} timed out after {run.wall:.0f} s")
        elif run.returncode not in (0, 1):
            problems.append(f"{name} exit status {run.returncode}: {run.tail()}")
    if not runs:
        return problems
    if runs[-1].returncode != clean.returncode:
        problems.append(f"exit status after resume {runs[-1].returncode}, clean run {clean.returncode}")
    if clean.returncode == 0:
        problems.append("exit status 0 although the corpus has bad inputs (expected 1)")
    return problems


def print_table(results: list[SizeResult]) -> None:
    header = ("size", "inputs", "records", "errors", "wall s", "CPU s", "docs/s", "peak RSS MB", "resume after 2 kills")
    rows = [
        (
            f"{r.size:,}",
            f"{r.inputs:,}",
            f"{r.accounting.records:,}",
            f"{r.accounting.errors:,}",
            f"{r.clean.wall:.1f}",
            f"{r.clean.cpu:.1f}",
            f"{r.inputs / r.clean.wall:.1f}",
            f"{r.clean.peak_rss / 1e6:.0f}",
            r.resume,
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, *rows]:
        print(
            "  ".join(
                v.rjust(w) if i < len(header) - 1 else v for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def baseline(corpus: Path) -> dict[str, tuple[int, float]]:
    """Read and repair every input (zip members too) in this process: documents and seconds for
    text inputs and for the other formats (PDF, Office, HTML, scans: their readers, OCR included)."""
    inputs, _ = discover([corpus])
    totals = {"text": [0, 0.0], "other formats": [0, 0.0]}

    def timed(group: str, read: Callable[[], str]) -> None:
        start = time.perf_counter()
        with contextlib.suppress(IngestError):  # a bad input costs what it takes to find it bad
            repair_text(read())
        totals[group][0] += 1
        totals[group][1] += time.perf_counter() - start

    for path in inputs:
        if path.suffix.lower() != ".zip":
            group = "other formats" if path.suffix.lower() in READERS else "text"
            timed(group, lambda p=path: read_document(p).text)
            continue
        try:
            with zipfile.ZipFile(path) as zf:
                members = [(i.filename, zf.read(i)) for i in zf.infolist() if not i.is_dir()]
        except zipfile.BadZipFile:
            members = [(path.name, b"")]  # one input, which fails
        for name, data in members:
            timed("text", lambda d=data, n=name: decode_bytes(d, n)[0])
    return {group: (docs, seconds) for group, (docs, seconds) in totals.items()}


def bench_scaling(work: Path, args: argparse.Namespace) -> bool:
    size = args.scaling_size
    corpus_dir = work / f"corpus-{size}"
    corpus = make_corpus(size, corpus_dir, args.seed)
    print(f"== scaling on {len(corpus.inputs):,} inputs ({corpus_dir})")
    parts = baseline(corpus_dir)
    docs, seconds = sum(d for d, _ in parts.values()), sum(s for _, s in parts.values())
    rows: list[tuple[str, int, float, float | None, int | None]] = [
        ("read+repair baseline, 1 process", docs, seconds, None, None)
    ]
    rows += [(f"  of which {group}", d, s, None, None) for group, (d, s) in parts.items()]
    ok = True
    for workers in (1, 2):
        out = work / f"scaling-{workers}"
        cmd = extract_command(corpus_dir, out, workers, args.workers_flag)
        run = run_extract(cmd, work / f"scaling-{workers}.stderr", timeout=args.timeout)
        if run.timed_out or run.returncode not in (0, 1):
            print(f"docparse extract with {workers} worker(s) failed: exit {run.returncode}\n{run.tail()}")
            ok = False
        name = f"docparse extract, {workers} worker{'s' if workers > 1 else ''}"
        rows.append((name, size, run.wall, run.cpu, run.peak_rss))
        shutil.rmtree(out, ignore_errors=True)
    print(f"{'pass':<34} {'documents':>9} {'wall s':>8} {'CPU s':>8} {'docs/s':>8} {'peak RSS MB':>12}")
    for name, n, secs, cpu, rss in rows:
        cpu_s, rss_mb = f"{cpu:.1f}" if cpu is not None else "-", f"{rss / 1e6:.0f}" if rss else "-"
        print(f"{name:<34} {n:>9,} {secs:>8.1f} {cpu_s:>8} {n / secs:>8.1f} {rss_mb:>12}")
    one, two = (n / secs for _, n, secs, _, _ in rows[-2:])
    note = "" if args.workers_flag else "  (no workers flag given: both runs were the same command)"
    print(f"2 workers / 1 worker: {two / one:.2f}x (the issue asks for >= 1.8x){note}")
    print(f"extract with 2 workers costs {(docs / seconds) / two:.1f}x the baseline per document")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workers-flag", default="--workers", help="the CLI's workers option ('' to leave it out)")
    parser.add_argument("--seed", type=int, default=0, help="corpus and kill moments")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one docparse run may take")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep corpora and outputs (in --work)")
    parser.add_argument("--scaling", action="store_true", help="1 vs 2 workers beside a read+repair baseline")
    parser.add_argument("--scaling-size", type=int, default=1000)
    args = parser.parse_args()
    if args.keep and args.work is None:
        parser.error("--keep needs --work")
    work = args.work or Path(tempfile.mkdtemp(prefix="docparse-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    if any(work.iterdir()):
        parser.error(f"{work}: not empty")
    try:
        if args.scaling:
            sys.exit(0 if bench_scaling(work, args) else 1)
        results = [bench_size(size, work, args) for size in args.sizes]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    failed = False
    for r in results:
        if r.accounting.problems:
            failed = True
            print(
                f"\n{r.size:,}: accounting ({len(r.accounting.problems)} problems):\n{_listed(r.accounting.problems)}"
            )
        if r.run_problems:
            failed = True
            print(f"\n{r.size:,}: runs:\n{_listed(r.run_problems)}")
        if r.diffs:
            failed = True
            print(f"\n{r.size:,}: killed and resumed run differs from the clean run:\n{_listed(r.diffs)}")
    print("\nall checks passed" if not failed else "\nchecks failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
