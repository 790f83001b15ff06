"""OCR speed: docparse's OCR beside raw `tesseract` on the same page images, in the same run.

    python bench/bench_ocr.py [--workers 2] [--repeat 2]

Pages are the scanned samples (samples/16*_scan_*.png|tif), and the same pages as a scanned PDF
(no text layer) for `ocr_pdf_pages`, which renders them with pdftoppm first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from docparse.readers import Limits, ocr

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def frames(paths: list[Path], tmp: Path) -> list[Path]:
    out = []
    for path in paths:
        with Image.open(path) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                target = tmp / f"{path.stem}-{i + 1}.png"
                im.convert("L").save(target, dpi=(200, 200))
                out.append(target)
    return out


def raw_tesseract(images: list[Path], tmp: Path, workers: int, one_thread: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    if one_thread:
        env["OMP_THREAD_LIMIT"] = "1"

    def one(image: Path) -> None:
        cmd = ["tesseract", str(image), str(tmp / f"raw-{image.stem}"), "-l", "vie", "tsv"]
        subprocess.run(cmd, env=env, check=True, capture_output=True)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))


def timed(label: str, pages: int, repeat: int, fn) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {pages:>3} pages {best:7.2f} s {pages / best:6.2f} pages/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is shown")
    args = parser.parse_args()
    sources = sorted(SAMPLES.glob("16*_scan_*.png")) + sorted(SAMPLES.glob("16*_scan_*.tif"))
    if not sources:
        print("no scanned samples (samples/16*_scan_*)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        images = frames(sources, tmp)
        pdf = tmp / "scanned.pdf"
        pages = [Image.open(p) for p in images]
        pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=200)
        n = len(images)
        print(f"{n} page images from {', '.join(p.name for p in sources)}; {os.cpu_count()} cores")
        timed(
            "raw tesseract, one at a time, its own threads",
            n,
            args.repeat,
            lambda: raw_tesseract(images, tmp, 1, one_thread=False),
        )
        timed(
            f"raw tesseract, {args.workers} at a time, OMP_THREAD_LIMIT=1",
            n,
            args.repeat,
            lambda: raw_tesseract(images, tmp, args.workers, one_thread=True),
        )
        limits = Limits()
        os.sched_setaffinity(0, set(range(min(args.workers, os.cpu_count() or 1))))
        timed(
            f"docparse ocr.read on the image files ({args.workers} cores)",
            n,
            args.repeat,
            lambda: [ocr.read(p, limits) for p in sources],
        )
        timed(
            f"docparse ocr_pdf_pages, pdftoppm 300 dpi ({args.workers} workers)",
            n,
            args.repeat,
            lambda: ocr.ocr_pdf_pages(pdf, list(range(1, n + 1)), limits, workers=args.workers),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
