"""Benchmark `docparse extract` beside a read-and-normalise baseline, in one run.

The sample corpus is copied to at least N files (each copy gets a distinct first line, so no
two inputs are byte-identical), then the passes run over the same files, alternating for
`--rounds` rounds; the median of each is reported. Extraction runs with 1 worker (the per-core
figure) and with 2 worker processes (the scaling of a batch), each into a fresh output folder.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from docparse.batch import run_batch
from docparse.ingest import discover, read_document
from docparse.normalize import normalize
from docparse.pipeline import parse

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(target: Path, files: int) -> tuple[list[Path], int]:
    samples, _ = discover([ROOT / "samples"])
    # Text samples only: this bench measures extraction; `make bench-ingest` measures the readers.
    samples = [p for p in samples if p.suffix in (".txt", ".md")]
    texts = [(p.suffix, read_document(p).text) for p in samples]  # some samples are legacy bytes
    paths = []
    size = 0
    for i in range(files):
        suffix, text = texts[i % len(texts)]
        path = target / f"{i // 100:03d}" / f"doc{i:05d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = f"<!-- copy {i} -->\n{text}" if suffix == ".md" else f"Bản sao {i}\n{text}"
        path.write_text(data, encoding="utf-8")
        size += len(data.encode("utf-8"))
        paths.append(path)
    return paths, size


def baseline(paths: list[Path]) -> None:
    for path in paths:
        normalize(read_document(path).text)


def parse_files(paths: list[Path]) -> None:
    for path in paths:
        parse(path)


def machine_scaling(paths: list[Path]) -> float:
    """How much faster this machine runs the same pure extraction in 2 processes than in 1, right
    now: the ceiling for the batch's scaling (a shared or busy host gives less than 2)."""
    sample = paths[:200]
    context = multiprocessing.get_context("fork")
    t0 = time.perf_counter()
    parse_files(sample)
    one = time.perf_counter() - t0
    halves = [sample[0::2], sample[1::2]]
    t0 = time.perf_counter()
    processes = [context.Process(target=parse_files, args=(half,)) for half in halves]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return one / (time.perf_counter() - t0)


def _create_files(folder: Path, count: int) -> None:
    for i in range(count):
        (folder / f"f{i}.json").write_bytes(b"{}" * 1000)


def file_creation(target: Path, count: int = 400) -> tuple[float, float]:
    """Milliseconds to create one small file here, and how much faster 2 processes create them than
    1: the batch creates about 3 files per input (its text, its cached result, NAME.json), and on
    some hosts creations run one at a time whatever the process count."""
    context = multiprocessing.get_context("fork")
    one_dir, two_dir = target / "create-1", target / "create-2"
    one_dir.mkdir()
    two_dir.mkdir()
    t0 = time.perf_counter()
    _create_files(one_dir, count)
    one = time.perf_counter() - t0
    halves = [two_dir / "a", two_dir / "b"]
    for half in halves:
        half.mkdir()
    t0 = time.perf_counter()
    processes = [context.Process(target=_create_files, args=(half, count // 2)) for half in halves]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    two = time.perf_counter() - t0
    shutil.rmtree(one_dir)
    shutil.rmtree(two_dir)
    return one / count * 1000, one / two


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ner-files", type=int, default=30, help="files for the one --ner pass (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths, size = build_corpus(corpus, args.files)
        one, two = "docparse extract, 1 worker", "docparse extract, 2 workers"
        timings: dict[str, list[float]] = {"read+normalise (baseline)": [], one: [], two: []}
        ceilings = []
        for r in range(args.rounds):
            ceilings.append(machine_scaling(paths))
            t0 = time.perf_counter()
            baseline(paths)
            timings["read+normalise (baseline)"].append(time.perf_counter() - t0)
            for name, workers in ((one, 1), (two, 2)):
                t0 = time.perf_counter()
                result = run_batch([corpus], Path(tmp) / f"out{r}-{workers}", workers=workers)
                timings[name].append(time.perf_counter() - t0)
                assert result.records == len(paths) and not result.errors and not result.reused
        mb = size / 1e6
        print(f"corpus: {len(paths)} files, {mb:.1f} MB; median of {args.rounds} rounds")
        print(f"{'pass':<28} {'seconds':>8} {'docs/s':>9} {'MB/s':>7}")
        for name, values in timings.items():
            sec = statistics.median(values)
            print(f"{name:<28} {sec:>8.2f} {len(paths) / sec:>9.0f} {mb / sec:>7.2f}")
        ner_corpus = Path(tmp) / "ner"
        ner_paths, ner_size = build_corpus(ner_corpus, args.ner_files)
        t0 = time.perf_counter()
        run_batch([ner_corpus], Path(tmp) / "out-ner", ner=True)
        ner_sec = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_batch([ner_corpus], Path(tmp) / "out-no-ner")
        plain_sec = time.perf_counter() - t0
        print(
            f"NER on ({len(ner_paths)} files, one round): {ner_size / 1e6 / ner_sec:.3f} MB/s "
            f"beside {ner_size / 1e6 / plain_sec:.2f} MB/s without it on the same files"
        )
        create_ms, create_scaling = file_creation(Path(tmp))
        print(
            f"file system: creating a small file takes {create_ms:.2f} ms; "
            f"2 processes create files {create_scaling:.2f}x as fast as 1"
        )
        ratio = statistics.median(timings[one]) / statistics.median(timings["read+normalise (baseline)"])
        print(f"extract costs {ratio:.1f}x the baseline")
        # Each round runs 1 and 2 workers back to back: their ratio within a round is the paired
        # measure on a shared host whose speed drifts between rounds.
        paired = [a / b for a, b in zip(timings[one], timings[two], strict=True)]
        print(
            f"2 workers over 1, round by round: {', '.join(f'{r:.2f}x' for r in paired)}; "
            f"the machine's ceiling, round by round: {', '.join(f'{c:.2f}x' for c in ceilings)}"
        )
        print(
            f"2 workers run {statistics.median(paired):.2f}x as fast as 1 (median of the rounds; "
            f"{statistics.median(timings[one]) / statistics.median(timings[two]):.2f}x from the median times); "
            f"the machine ran parse() over 200 files {statistics.median(ceilings):.2f}x as fast in 2 processes as in 1 "
            "(the ceiling, same rounds)"
        )


if __name__ == "__main__":
    main()
