"""Ingest stage: read a file into text, with what is known of its source.

Text inputs (.txt, .md) are decoded from UTF-8 (with or without BOM) or UTF-16 (with BOM);
anything else fails with an `IngestError` that names the file and the reason.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import importlib
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .readers import READERS, Extracted, Limits

FORMATS = {".txt": "text", ".md": "markdown"}
IGNORE_FILE = ".docparseignore"
# A text document larger than this is refused: no administrative document comes near it.
MAX_BYTES = 20 * 1024 * 1024


class IngestError(Exception):
    """A file that cannot be read as a document. `str()` says why, for the error report."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class SourceDocument:
    path: str | None
    text: str
    sha256: str | None
    format: str
    encoding: str | None
    page_starts: tuple[int, ...] = ()  # where each page begins in `text` (paged formats)
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR
    ocr_confidence: float | None = None
    warnings: tuple[str, ...] = ()


def read_document(
    path: str | os.PathLike[str], limits: Limits | None = None, *, sha256: str | None = None
) -> SourceDocument:
    """Read one document file; raises IngestError with a reason a person can act on. `sha256` is
    the file's hash when the caller has it already (a batch hashes every input to plan): a file a
    format reader parses is then not read a second time to hash it."""
    p = Path(path)
    shown = p.as_posix()
    suffix = p.suffix.lower()
    limits = limits or Limits()
    if suffix in READERS:
        return _read_with(READERS[suffix], p, shown, limits, sha256)
    fmt = _text_format(suffix, shown)
    with file_errors(shown):
        size = p.stat().st_size
        _check_text_size(size, shown, limits)
        data = p.read_bytes()
    return _text_document(data, shown, fmt)


@contextlib.contextmanager
def file_errors(shown: str) -> Iterator[None]:
    """Turn the operating system's reasons a file cannot be read into IngestErrors."""
    try:
        yield
    except IsADirectoryError:
        raise IngestError(shown, "is a directory") from None
    except FileNotFoundError:
        raise IngestError(shown, "file not found") from None
    except PermissionError:
        raise IngestError(shown, "permission denied") from None
    except OSError as exc:
        raise IngestError(shown, f"cannot read file ({exc.strerror or exc})") from None


def read_document_bytes(data: bytes, shown: str, limits: Limits | None = None) -> SourceDocument:
    """Read a document from its bytes (a zip member, a file shipped to a cluster worker);
    `shown` is its name, whose suffix says its format. Raises IngestError like read_document."""
    limits = limits or Limits()
    suffix = PurePosixPath(shown).suffix.lower()
    if suffix in READERS:
        # Format readers take a file: a private temporary one, named only by its suffix.
        with tempfile.TemporaryDirectory(prefix="docparse-") as tmp:
            local = Path(tmp) / f"document{suffix}"
            local.write_bytes(data)
            return _read_with(READERS[suffix], local, shown, limits)
    fmt = _text_format(suffix, shown)
    _check_text_size(len(data), shown, limits)
    return _text_document(data, shown, fmt)


def _text_format(suffix: str, shown: str) -> str:
    fmt = FORMATS.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted({*FORMATS, *READERS}))
        raise IngestError(shown, f"unsupported format '{suffix or '(none)'}' (supported: {supported})")
    return fmt


def _check_text_size(size: int, shown: str, limits: Limits) -> None:
    limit = min(MAX_BYTES, limits.max_bytes)
    if size > limit:
        raise IngestError(shown, f"file too large ({size} bytes, limit {limit})")


def _text_document(data: bytes, shown: str, fmt: str) -> SourceDocument:
    text, encoding = decode_bytes(data, shown)
    return SourceDocument(path=shown, text=text, sha256=hashlib.sha256(data).hexdigest(), format=fmt, encoding=encoding)


def _read_with(target: str, p: Path, shown: str, limits: Limits, sha256: str | None = None) -> SourceDocument:
    """A format reader (see docparse.readers): imported when a file of its kind is read."""
    module_name, _, function = target.partition(":")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise IngestError(shown, "file not found") from None
    except OSError as exc:
        raise IngestError(shown, f"cannot read file ({exc.strerror or exc})") from None
    if size > limits.max_bytes:
        raise IngestError(shown, f"file too large ({size} bytes, limit {limits.max_bytes})")
    if size == 0:
        raise IngestError(shown, "empty file")
    got = _WORKER.read(module_name, function, p, limits, shown)
    if not got.text.strip():
        raise IngestError(shown, "no text found")
    return SourceDocument(
        path=shown,
        text=got.text,
        sha256=sha256 or file_sha256(p)[0],
        format=got.format,
        encoding=got.encoding,
        page_starts=got.page_starts,
        ocr_pages=got.ocr_pages,
        ocr_confidence=got.ocr_confidence,
        warnings=got.warnings,
    )


_GRACE_SECONDS = 2.0
_JOBS_PER_WORKER = 200  # a fresh worker now and then keeps memory flat over a long batch


class _ReaderWorker:
    """One child process that runs format readers for this process, document after document.

    A reader that hangs is stopped after limits.max_seconds (the worker is killed and the next
    document gets a new one); one that crashes takes only its document down, never the batch.
    The worker lives on between documents, so the parsers' caches (pdfminer's fonts and CMaps)
    are built once."""

    def __init__(self) -> None:
        self._process = None
        self._connection = None
        self._jobs = 0

    def read(self, module_name: str, function: str, p: Path, limits: Limits, shown: str) -> Extracted:
        importlib.import_module(module_name)  # in this process, so the forked worker inherits it
        if multiprocessing.current_process().daemon:
            # A daemonic process (a Dask worker by default) may not start children: read here,
            # without the hang backstop (readers that can hang, OCR, watch their own time).
            status, payload = _read_one(module_name, function, p, limits)
            if status == "error":
                raise IngestError(shown, payload)
            return payload
        if self._process is None or not self._process.is_alive() or self._jobs >= _JOBS_PER_WORKER:
            self._start()
        self._jobs += 1
        try:
            self._connection.send((module_name, function, p, limits))
            # A reader that watches its own time (OCR) reports first; this is the backstop for a hang.
            if not self._connection.poll(limits.max_seconds + _GRACE_SECONDS):
                self.stop()
                raise IngestError(shown, f"reading took longer than {limits.max_seconds:g} s; the reader was stopped")
            status, payload = self._connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = self.stop()
            raise IngestError(shown, f"the reader crashed (exit code {code})") from None
        if status == "error":
            raise IngestError(shown, payload)
        return payload

    def _start(self) -> None:
        self.stop()
        context = multiprocessing.get_context("fork")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_serve_reads, args=(child_end,), daemon=True)
        self._process.start()
        child_end.close()
        self._jobs = 0

    def forget(self) -> None:
        """In a forked child: the parent's worker is not this process's to use or stop."""
        self._process = self._connection = None
        self._jobs = 0

    def stop(self) -> int | None:
        """Kill the worker if it runs; returns its exit code (None when there was none)."""
        if self._process is None:
            return None
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)
        code = self._process.exitcode
        self._connection.close()
        self._process = self._connection = None
        return code


_WORKER = _ReaderWorker()
os.register_at_fork(after_in_child=_WORKER.forget)  # batch worker processes fork their own


def restart_readers() -> None:
    """Stop the reader worker; the next read forks a fresh one that sees this process as it is
    now (tests that patch modules, a long-running service that reloads its configuration)."""
    _WORKER.stop()


def _serve_reads(connection) -> None:
    while True:
        try:
            module_name, function, p, limits = connection.recv()
        except EOFError:
            return
        connection.send(_read_one(module_name, function, p, limits))


def _read_one(module_name: str, function: str, p: Path, limits: Limits) -> tuple[str, Extracted | str]:
    try:
        reader = getattr(importlib.import_module(module_name), function)
        return ("ok", reader(p, limits))
    except IngestError as exc:
        return ("error", exc.reason)
    except Exception as exc:  # a parser's own failure on a bad file: reported, never raised into the batch
        return ("error", f"cannot read file ({type(exc).__name__}: {exc})")


def file_sha256(p: Path) -> tuple[str, int]:
    """The file's SHA-256 and size, read in blocks. Raises IngestError."""
    digest = hashlib.sha256()
    size = 0
    with file_errors(p.as_posix()), p.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def decode_bytes(data: bytes, shown: str = "<bytes>") -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name)."""
    if not data.strip():
        raise IngestError(shown, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "utf-8-sig")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "utf-16")]
    else:
        candidates = [("utf-8", "utf-8")]
    for codec, name in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            if b"\x00" in data[:4096]:
                unmarked = _utf16_without_bom(data)
                if unmarked is None:
                    raise IngestError(shown, "binary file (NUL bytes), not text") from None
                text, name = unmarked
            else:
                text, name = _decode_legacy(data, shown)
        if "\x00" in text:
            raise IngestError(shown, "binary file (NUL bytes), not text")
        if not text.strip():
            raise IngestError(shown, "empty file")
        return text, name
    raise IngestError(shown, "undecodable")  # pragma: no cover - loop always returns or raises


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: in Vietnamese text most characters are ASCII or
    Latin, so one byte of each pair is NUL far more often on one side than the other."""
    sample = data[:4096]
    if len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= len(sample) // 6 and other <= zeros // 10:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
            return (text, codec) if controls <= len(text) // 100 else None
    return None


def _decode_legacy(data: bytes, shown: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: old Vietnamese files are Windows-1258, or a legacy 8-bit font
    encoding (TCVN3, VNI, VISCII, VPS) that reads as Windows-1252 and is fixed by repair.
    The reading whose repaired text has more valid Vietnamese syllables wins."""
    from .encodings import sloppy_cp1252
    from .repair import repair_text
    from .syllables import syllable_ratio

    controls = sum(1 for b in data if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    if controls > len(data) // 20:
        raise IngestError(shown, "binary file (control bytes), not text")
    readings = [(sloppy_cp1252(data), "cp1252"), (data.decode("cp1258", errors="replace"), "cp1258")]

    def score(reading: tuple[str, str]) -> tuple[float, bool]:
        valid, total = syllable_ratio(repair_text(reading[0]).text)
        # On a tie the file is Windows-1258 itself (repair reads its cp1252 view as well).
        return (valid / total if total else 0.0), reading[1] == "cp1258"

    return max(readings, key=score)


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Path]]:
    """Expand files and folders (recursively) into a sorted list of input files.

    Returns (inputs, ignored): files matched by a folder's `.docparseignore` patterns are set
    aside and counted, never silently dropped. Hidden files and folders are not inputs.
    """
    inputs: list[Path] = []
    ignored: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for file, is_ignored in _walk(p, p, []):
                (ignored if is_ignored else inputs).append(file)
        else:
            inputs.append(p)
    return _unique_sorted(inputs), _unique_sorted(ignored)


def _walk(root: Path, folder: Path, patterns: list[str]) -> Iterator[tuple[Path, bool]]:
    ignore_file = folder / IGNORE_FILE
    if ignore_file.is_file():
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
        patterns = patterns + [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(root, entry, patterns)
        else:
            rel = entry.relative_to(root).as_posix()
            hit = any(fnmatch.fnmatch(entry.name, pat) or fnmatch.fnmatch(rel, pat) for pat in patterns)
            yield entry, hit


def _unique_sorted(paths: list[Path]) -> list[Path]:
    return sorted(set(paths), key=lambda q: q.as_posix())
