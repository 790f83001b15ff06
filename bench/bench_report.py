"""Benchmark `docparse report`: time and peak memory for growing corpora (memory should stay flat).

The samples are extracted once; their records are repeated under distinct paths to N records (texts shared by
sha256, as copies of one file would be), and each size is reported on in a fresh process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_out(target: Path, records: list[str], size: int) -> None:
    target.mkdir(parents=True)
    with open(target / "documents.jsonl", "w", encoding="utf-8") as handle:
        for i in range(size):
            record = json.loads(records[i % len(records)])
            record["source"]["path"] = f"copy{i // len(records):05d}/{record['source']['path']}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    (target / "errors.jsonl").write_text("", encoding="utf-8")
    (target / "texts").symlink_to(target.parent / "samples-out" / "texts", target_is_directory=True)


CHILD = """
import resource, sys, time
from pathlib import Path
from docparse.report import build_report
t0 = time.perf_counter()
result = build_report(Path(sys.argv[1]))
elapsed = time.perf_counter() - t0
print(result.documents, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from docparse.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "samples-out"
        run_batch([ROOT / "samples"], base)
        records = (base / "documents.jsonl").read_text(encoding="utf-8").splitlines()
        print(f"{'records':>8} {'seconds':>8} {'docs/s':>8} {'peak RSS MB':>12} {'site MB':>8}")
        for size in args.sizes:
            out = Path(tmp) / f"out{size}"
            make_out(out, records, size)
            reply = subprocess.run(
                [sys.executable, "-c", CHILD, str(out)], check=True, capture_output=True, text=True
            ).stdout.split()
            documents, elapsed, rss_kb = int(reply[0]), float(reply[1]), int(reply[2])
            site = sum(p.stat().st_size for p in (out / "report").rglob("*") if p.is_file())
            rate, rss, mb = documents / elapsed, rss_kb / 1024, site / 2**20
            print(f"{documents:>8} {elapsed:>8.1f} {rate:>8.0f} {rss:>12.1f} {mb:>8.0f}")
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
