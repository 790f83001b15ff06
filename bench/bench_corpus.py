"""Benchmark the corpus steps beside reading the JSONL with json.loads, in one run.

The samples are extracted once, then OUT is multiplied `--copies` times (every row's path
prefixed with its copy, so paths stay distinct) into a large OUT. Each step runs in its own
child process, alternating for `--rounds` rounds, and reports the median wall time and the
child's peak memory (maximum resident set size):
- baseline: every line of documents.jsonl through json.loads;
- graph: `CorpusIndex.build` and `write_graph`, two streamed passes over documents.jsonl;
- `build_database`: OUT/docparse.duckdb and OUT/parquet/ from the CSV files (and graph/edges.csv).
Every copy keeps its identifiers, so each citation of a sample has `--copies` candidates: the
graph figures are a worst case of ambiguity, not a typical corpus.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV_FILES = (
    "documents.csv",
    "references.csv",
    "dates.csv",
    "agencies.csv",
    "people.csv",
    "tasks.csv",
    "recipients.csv",
)
STEPS = {
    "json.loads of documents.jsonl (baseline)": (
        "import json, sys\n"
        "with open(sys.argv[1] + '/documents.jsonl', encoding='utf-8') as f:\n"
        "    for line in f: json.loads(line)\n"
    ),
    "graph (CorpusIndex.build + write_graph)": (
        "import sys\nfrom pathlib import Path\n"
        "from docparse.graph import CorpusIndex, JsonlRecords, write_graph\n"
        "out = Path(sys.argv[1]); records = JsonlRecords(out / 'documents.jsonl')\n"
        "write_graph(out, CorpusIndex.build(records), records)\n"
    ),
    "build_database (DuckDB + Parquet)": (
        "import sys\nfrom pathlib import Path\nfrom docparse.corpus import build_database\n"
        "build_database(Path(sys.argv[1]))\n"
    ),
}


def multiply(base: Path, out: Path, copies: int) -> int:
    """OUT's files repeated `copies` times, each copy's paths under copyNNNN/; returns the documents."""
    out.mkdir(parents=True)
    documents = 0
    lines = (base / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    with (out / "documents.jsonl").open("w", encoding="utf-8") as handle:
        for k in range(copies):
            for line in lines:
                record = json.loads(line)
                record["source"]["path"] = f"copy{k:04d}/{record['source']['path']}"
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                documents += 1
    for name in CSV_FILES:
        with (base / name).open(encoding="utf-8", newline="") as source:
            header, *rows = list(csv.reader(source))
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for k in range(copies):
                writer.writerows([f"copy{k:04d}/{row[0]}", *row[1:]] for row in rows)
    (out / "errors.jsonl").write_text("", encoding="utf-8")
    return documents


def run_step(code: str, out: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process running `code` on OUT."""
    import time

    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(out)])
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"step failed with status {status}:\n{code}")
    return elapsed, usage.ru_maxrss / 1024


def parquet_digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "parquet").iterdir())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        # Extracted in a child: a child's peak memory counts its parent's pages before it runs its own
        # program, so this process stays small (no docparse imported) for the figures to be the steps'.
        extract = "import sys\nfrom pathlib import Path\nfrom docparse.batch import run_batch\n"
        subprocess.run(
            [
                sys.executable,
                "-c",
                extract + "run_batch([Path(sys.argv[1])], Path(sys.argv[2]))",
                str(ROOT / "samples"),
                str(base),
            ],
            check=True,
        )
        out = Path(tmp) / "out"
        documents = multiply(base, out, args.copies)
        size = (out / "documents.jsonl").stat().st_size + sum((out / n).stat().st_size for n in CSV_FILES)
        print(f"{documents} documents; documents.jsonl and CSV files {size / 1e6:.1f} MB")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in STEPS}
        digests: list[dict[str, str]] = []
        for _ in range(args.rounds):
            for name, code in STEPS.items():
                results[name].append(run_step(code, out))
            digests.append(parquet_digests(out))
        for name, runs in results.items():
            seconds = statistics.median(t for t, _ in runs)
            peak = max(m for _, m in runs)
            print(f"{name:45s} {seconds:7.2f} s  {documents / seconds:9.0f} docs/s  peak {peak:6.0f} MB")
        database = (out / "docparse.duckdb").stat().st_size / 1e6
        parquet = sum(p.stat().st_size for p in (out / "parquet").iterdir()) / 1e6
        print(f"docparse.duckdb {database:.1f} MB, parquet/ {parquet:.1f} MB")
        differing = sorted(name for name in digests[0] if len({d.get(name) for d in digests}) > 1)
        print(f"Parquet files differing between the {args.rounds} builds: {', '.join(differing) or 'none'}")


if __name__ == "__main__":
    main()
