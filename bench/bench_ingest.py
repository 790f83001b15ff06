"""Benchmark PDF ingest (text layers) beside raw pdfplumber and raw pypdfium2, in one run.

The corpus: every Unicode text sample laid out as a one-column PDF and, where it has a header
block and a closing, as the printed two-column layout (scripts/make_pdf_samples.py; needs the
dev extra and DejaVu fonts), plus the committed PDF samples with a good text layer. Each pass
reads the same files, alternating for `--rounds` rounds; the median of each is reported, in
pages per second. The run also compares, page by page, the fast path's text (pypdfium2) with
the layout path's (pdfplumber) wherever the fast path was taken.

    make bench-ingest
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2

from docparse.ingest import discover, read_document
from docparse.readers import Limits
from docparse.readers.pdf import read_pages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_pdf_samples as made  # noqa: E402

GOOD_LAYER_SAMPLES = ("150_pdf_born_digital.pdf", "151_pdf_two_column_layout.pdf")


def build_corpus(target: Path) -> list[Path]:
    made.register_fonts()
    samples, _ = discover([ROOT / "samples"])
    paths = [ROOT / "samples" / name for name in GOOD_LAYER_SAMPLES]
    for sample in samples:
        if sample.suffix not in (".txt", ".md") or sample.name[:1] == "1":  # legacy copies repeat others
            continue
        text = read_document(sample).text
        layouts: list[tuple[str, Callable[[str], made.Layout]]] = [("one", made.single_column)]
        if "Nơi nhận" in text:
            layouts.append(("two", made.two_columns))
        for kind, make in layouts:
            try:
                layout = make(text)
            except (StopIteration, IndexError):  # no closing block the layout can place
                continue
            path = target / f"{sample.stem}.{kind}.pdf"
            made.write(layout, path)
            paths.append(path)
    return paths


def raw_pdfplumber(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages


def raw_pdfium(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        pdf = pypdfium2.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            pages += 1
        pdf.close()
    return pages


def docparse_read(paths: list[Path]) -> int:
    return sum(len(read_document(path).page_starts) for path in paths)


def docparse_layout_only(paths: list[Path]) -> int:
    return sum(len(read_pages(path, Limits(), fast=False)) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_corpus(Path(tmp))
        passes = {
            "raw pdfplumber (extract_text)": raw_pdfplumber,
            "raw pypdfium2 (get_text_range)": raw_pdfium,
            "docparse ingest (layout, fast path on)": docparse_read,
            "docparse ingest, layout path only": docparse_layout_only,
        }
        timings: dict[str, list[float]] = {name: [] for name in passes}
        pages = 0
        for _ in range(args.rounds):
            for name, run in passes.items():
                t0 = time.perf_counter()
                pages = run(paths)
                timings[name].append(time.perf_counter() - t0)

        fast_pages = same = 0
        layouts = {"plain": 0, "columns": 0, "empty": 0}
        for path in paths:
            fast, slow = read_pages(path, Limits()), read_pages(path, Limits(), fast=False)
            for f, s in zip(fast, slow, strict=True):
                layouts[s.layout] += 1
                if f.engine == "pdfium":
                    fast_pages += 1
                    same += f.text == s.text

    print(f"{len(paths)} PDFs, {pages} pages ({layouts['plain']} plain, {layouts['columns']} with columns)")
    print(f"{'pass':<42} {'pages/s':>8} {'s (median of ' + str(args.rounds) + ')':>18}")
    for name, times in timings.items():
        median = statistics.median(times)
        print(f"{name:<42} {pages / median:>8.1f} {median:>18.3f}")
    print(f"fast path took {fast_pages} of {pages} pages; its text equals the layout path's on {same} of them")


if __name__ == "__main__":
    main()
