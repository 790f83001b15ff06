"""OCR: scanned pages through Tesseract with its Vietnamese data.

Images (.png, .jpg, .jpeg, .tif, .tiff) are read directly (`read`); the PDF reader hands over
the pages that have no usable text layer (`ocr_pdf_pages`), which are rendered in greyscale by
pdftoppm first. Each page is one `tesseract` process with one thread (OMP_THREAD_LIMIT=1: its
own threads are several times slower than one process per core here), pages run side by side,
and every child is killed when the document's time limit runs out.

Tesseract's symbol confusions ("QĐÐ", "CV- BCĐ", "Sð:") are not touched here: repair
(ocrfix) and the identifier extractor repair them for every source alike, and a number left
blank on a scan stays blank.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import Extracted, Limits

LANGUAGE = "vie"
RENDER_DPI = 300  # Tesseract reads body text best at 300 dpi; a larger page is rendered finer only to max_pixels
MIN_RENDER_DPI = 100  # below this a page is too coarse to read: the page is refused instead
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
_PDFINFO_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.MULTILINE)


@dataclass(frozen=True)
class OcrPage:
    page: int  # 1-based
    text: str
    confidence: float  # mean word confidence, 0-100 (0 when no word was found)
    words: int


def read(path: Path, limits: Limits) -> Extracted:
    """An image file: every frame (page) of it through Tesseract."""
    shown = path.as_posix()
    _require_tesseract(shown)
    deadline = time.monotonic() + limits.max_seconds
    with tempfile.TemporaryDirectory(prefix="docparse-ocr-") as tmp:
        images = _split_frames(path, shown, limits, Path(tmp))
        jobs = [(n, _image_job(image, dpi, Path(tmp))) for n, (image, dpi) in enumerate(images, 1)]
        pages = _run_pages(jobs, shown, limits, deadline)
    text, starts = _join_pages([p.text for p in pages])
    words = sum(p.words for p in pages)
    confidence = sum(p.confidence * p.words for p in pages) / words if words else 0.0
    return Extracted(
        text=text,
        format="image",
        page_starts=starts,
        ocr_pages=tuple(p.page for p in pages),
        ocr_confidence=round(confidence, 2),
    )


def ocr_pdf_pages(
    path: Path, pages: list[int], limits: Limits, *, workers: int | None = None
) -> list[tuple[int, str, float]]:
    """OCR the given 1-based pages of a PDF: [(page, text, mean word confidence 0-100)], in page order."""
    shown = path.as_posix()
    _require_tesseract(shown)
    if shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None:
        reason = "pdftoppm is not installed, so scanned pages cannot be rendered for OCR"
        raise _error(shown, f"{reason}; install it with: apt-get install poppler-utils")
    if len(pages) > limits.max_pages:
        raise _error(shown, f"{len(pages)} pages to OCR, over the limit of {limits.max_pages} (max_pages)")
    if not pages:
        return []
    deadline = time.monotonic() + limits.max_seconds
    sizes = _pdf_page_sizes(path, shown, 1, max(pages), deadline)
    with tempfile.TemporaryDirectory(prefix="docparse-ocr-") as tmp:
        jobs = []
        for page in sorted(set(pages)):
            if page not in sizes:
                raise _error(shown, f"page {page} does not exist (the PDF has {len(sizes)} pages)")
            dpi = _render_dpi(*sizes[page], limits.max_pixels)
            if dpi < MIN_RENDER_DPI:
                reason = f"page {page} is too large to render for OCR within max_pixels ({limits.max_pixels})"
                raise _error(shown, reason)
            jobs.append((page, _pdf_page_job(path, page, dpi, Path(tmp))))
        done = _run_pages(jobs, shown, limits, deadline, workers=workers)
    return [(p.page, p.text, p.confidence) for p in done]


# --- Tesseract ---------------------------------------------------------------------------------


def _require_tesseract(shown: str) -> None:
    problem = _tesseract_problem(os.environ.get("PATH", ""), os.environ.get("TESSDATA_PREFIX", ""))
    if problem:
        raise _error(shown, f"{problem}; install them with: {INSTALL_HINT}")


@cache
def _tesseract_problem(path_env: str, tessdata: str) -> str | None:
    """Why Tesseract cannot read Vietnamese here, or None. Keyed by the environment it depends on."""
    exe = shutil.which("tesseract", path=path_env)
    if exe is None:
        return "Tesseract OCR is not installed (no 'tesseract' command)"
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=_ocr_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract does not run ({exc})"
    if LANGUAGE not in listed.stdout.split():
        return "Tesseract's Vietnamese data (vie.traineddata) is missing"
    return None


def _ocr_env() -> dict[str, str]:
    # One thread per process: pages in parallel use the cores far better than Tesseract's OpenMP.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _tesseract(runner: _Runner, image: Path, dpi: int | None, out_base: Path) -> tuple[str, float, int]:
    """One page image → (text, mean word confidence, words), from Tesseract's TSV (words with boxes)."""
    cmd = ["tesseract", str(image), str(out_base), "-l", LANGUAGE]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    runner.run([*cmd, "tsv"], "Tesseract")
    return page_text(out_base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace"))


@dataclass(frozen=True)
class _Word:
    block: int
    par: int
    line: int
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str


def _words(tsv: str) -> list[_Word]:
    """The word rows (level 5) of Tesseract's TSV, in its reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            block, par, line, left, top, width, height = (int(cells[i]) for i in (2, 3, 4, 6, 7, 8, 9))
            conf = float(cells[10])
        except ValueError:
            continue
        words.append(_Word(block, par, line, left, top, width, height, conf, cells[11].strip()))
    return words


def _is_speck(word: _Word, body_height: float) -> bool:
    """Dust read as a word: Tesseract turns specks into ':', "'", '¬' or a letter or two.

    Only a word with no letter or digit that is tiny or unsure, or a word far shorter than text
    on the page that Tesseract itself doubts, is dropped: a real dash, bullet or word stays."""
    # A modifier letter ('ˆ', 'ˇ') is a mark without its letter: as much a symbol as ':'.
    has_alnum = any(ch.isalnum() and unicodedata.category(ch) != "Lm" for ch in word.text)
    if not has_alnum:
        return max(word.width, word.height) < 0.25 * body_height or word.conf < 60
    return word.height < 0.4 * body_height and word.conf < 50


def page_text(tsv: str) -> tuple[str, float, int]:
    """Text of one page from Tesseract's TSV: (text, mean word confidence 0-100, words).

    Lines as Tesseract found them, a blank line where the page leaves a line's height free or
    where reading goes back up (the next column); specks dropped (`_is_speck`);
    a gap wider than a letter's height (with its marks) inside a line (the agency | the motto, the recipients |
    the signer) kept as a run of spaces, the column gap that segmentation splits cells at."""
    words = _words(tsv)
    if not words:
        return "", 0.0, 0
    heights = sorted(w.height for w in words if any(ch.isalpha() for ch in w.text)) or [1]
    body_height = heights[len(heights) // 2]
    kept = [w for w in words if not _is_speck(w, body_height)]
    lines: list[str] = []
    previous: _Word | None = None
    current = ""
    line_bottom = 0
    for w in kept:
        if previous is None or (w.block, w.par, w.line) != (previous.block, previous.par, previous.line):
            if previous is not None:
                lines.append(current)
                space = w.top - line_bottom
                if space > 0.8 * body_height or (space < -body_height and w.block != previous.block):
                    lines.append("")
            current = w.text
            line_bottom = w.top + w.height
        else:
            gap = w.left - (previous.left + previous.width)
            current += " " * max(3, round(gap / (body_height / 2))) if gap > 1.2 * body_height else " "
            current += w.text
            line_bottom = max(line_bottom, w.top + w.height)
        previous = w
    lines.append(current)
    confidence = sum(w.conf for w in kept) / len(kept) if kept else 0.0
    return "\n".join(lines), round(confidence, 2), len(kept)


def _join_pages(texts: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 2
    return "\n\n".join(parts), tuple(starts)


# --- page jobs, in parallel, under one deadline ------------------------------------------------

PageJob = Callable[["_Runner", int], tuple[str, float, int]]


def _image_job(image: Path, dpi: int | None, tmp: Path) -> PageJob:
    def job(runner: _Runner, page: int) -> tuple[str, float, int]:
        return _tesseract(runner, image, dpi, tmp / f"page-{page}")

    return job


def _pdf_page_job(pdf: Path, page: int, dpi: int, tmp: Path) -> PageJob:
    def job(runner: _Runner, page_no: int) -> tuple[str, float, int]:
        base = tmp / f"render-{page_no}"
        # -gray: Tesseract binarises a grey image itself; colour only costs time. PGM: no compression to pay for.
        cmd = ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
        runner.run([*cmd, str(pdf), str(base)], "pdftoppm", page=page_no)
        return _tesseract(runner, base.with_suffix(".pgm"), dpi, tmp / f"page-{page_no}")

    return job


class _OcrFailure(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Runner:
    """Runs child processes until a shared deadline; `cancel` kills every one still running."""

    def __init__(self, deadline: float, max_seconds: float):
        self.deadline = deadline
        self.max_seconds = max_seconds
        self._live: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self.cancelled = False

    def run(self, cmd: list[str], tool: str, *, page: int | None = None) -> None:
        with self._lock:
            if self.cancelled:
                raise _OcrFailure("cancelled")
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_ocr_env())
            self._live.add(proc)
        try:
            _, err = proc.communicate(timeout=max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise _OcrFailure(
                f"OCR took longer than the limit of {self.max_seconds:g} s (max_seconds); {tool} was stopped"
            ) from None
        finally:
            with self._lock:
                self._live.discard(proc)
        if proc.returncode != 0:
            if self.cancelled:
                raise _OcrFailure("cancelled")
            where = f" on page {page}" if page else ""
            raise _OcrFailure(f"{tool} failed{where}: {_last_line(err)}")

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            for proc in self._live:
                proc.kill()


def _last_line(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def _workers(requested: int | None, jobs: int) -> int:
    if requested:
        return max(1, min(requested, jobs))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, jobs))


def _run_pages(
    jobs: list[tuple[int, PageJob]], shown: str, limits: Limits, deadline: float, *, workers: int | None = None
) -> list[OcrPage]:
    runner = _Runner(deadline, limits.max_seconds)
    failures: list[str] = []

    def one(page: int, job: PageJob) -> OcrPage | None:
        try:
            text, confidence, words = job(runner, page)
        except _OcrFailure as exc:
            if exc.reason != "cancelled":
                failures.append(exc.reason)
            runner.cancel()  # one failed page fails the document: stop the others now
            return None
        return OcrPage(page, text, confidence, words)

    with ThreadPoolExecutor(max_workers=_workers(workers, len(jobs))) as pool:
        results = list(pool.map(lambda item: one(*item), jobs))
    if failures:
        raise _error(shown, failures[0])
    return [r for r in results if r is not None]


# --- images and PDF pages ----------------------------------------------------------------------


def _split_frames(path: Path, shown: str, limits: Limits, tmp: Path) -> list[tuple[Path, int | None]]:
    """Every frame of the image as a greyscale PGM for Tesseract, with its resolution when the file gives one.

    Pillow decodes here, so a corrupt or truncated file fails before any OCR runs."""
    from PIL import Image, UnidentifiedImageError

    out: list[tuple[Path, int | None]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                frames = getattr(im, "n_frames", 1)
                if frames > limits.max_pages:
                    raise _error(shown, f"{frames} pages, over the limit of {limits.max_pages} (max_pages)")
                for index in range(frames):
                    im.seek(index)
                    pixels = im.width * im.height
                    if pixels > limits.max_pixels:
                        raise _error(
                            shown,
                            f"image too large ({im.width}×{im.height} = {pixels} pixels on page {index + 1},"
                            f" limit {limits.max_pixels}, max_pixels)",
                        )
                    target = tmp / f"frame-{index + 1}.pgm"
                    im.convert("L").save(target, format="PPM")
                    out.append((target, _dpi(im.info.get("dpi"))))
    except Image.DecompressionBombError as exc:
        raise _error(shown, f"image too large ({exc})") from None
    except UnidentifiedImageError:
        raise _error(shown, "not an image Pillow can read (corrupt, or not PNG/JPEG/TIFF)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _error(shown, f"corrupt or truncated image ({exc})") from None
    return out


def _dpi(value: object) -> int | None:
    """The horizontal resolution an image declares, if it is a plausible scan resolution."""
    if isinstance(value, tuple) and value:
        try:
            dpi = round(float(value[0]))
        except (TypeError, ValueError):
            return None
        return dpi if 70 <= dpi <= 1200 else None
    return None


def _pdf_page_sizes(path: Path, shown: str, first: int, last: int, deadline: float) -> dict[int, tuple[float, float]]:
    """Page sizes in points, from pdfinfo (cheap: no page is drawn)."""
    cmd = ["pdfinfo", "-f", str(first), "-l", str(last), str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        reason = "reading the PDF's pages took longer than the limit (max_seconds); pdfinfo was stopped"
        raise _error(shown, reason) from None
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        if "password" in err.lower() or "encrypt" in err.lower():
            raise _error(shown, "encrypted PDF: cannot render its pages for OCR without the password")
        raise _error(shown, f"cannot read the PDF for OCR: {_last_line(done.stderr)}")
    found = _PDFINFO_SIZE.findall(done.stdout.decode("utf-8", "replace"))
    return {int(n): (float(w), float(h)) for n, w, h in found}


def _render_dpi(width_pt: float, height_pt: float, max_pixels: int) -> int:
    """RENDER_DPI, or less for a page that would exceed max_pixels (a poster, a map)."""
    inches = (width_pt / 72) * (height_pt / 72)
    if inches <= 0:
        return RENDER_DPI
    fitting = int((max_pixels / inches) ** 0.5)
    return min(RENDER_DPI, fitting)


def _error(shown: str, reason: str) -> Exception:
    from ..ingest import IngestError  # ingest imports readers: import late

    return IngestError(shown, reason)
