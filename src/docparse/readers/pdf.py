"""PDF with a text layer: text in reading order, one page after another.

Reading order is rebuilt from word positions (pdfplumber): words make lines, and a run of lines
that shares a free vertical strip (a gutter) with text on both sides is a band of side-by-side
blocks — agency | national motto, number | place and date, recipients | signer — read block
after block instead of row by row. A band with two or more gutters is a table, read row by row
with " | " between cells, as segment reads table text.

Plain pages (one column, no band) take a fast path through pypdfium2 where its text is what the
layout path gives (`_fast_page`). A page whose text layer is useless — empty, an OCR made without
Vietnamese, a broken font map — is listed by `pages_needing_ocr` and handed to
`docparse.readers.ocr` when that module is installed; otherwise its text stays empty with a
warning. Font names give the legacy encoding of old documents (.VnTime → TCVN3, VNI-Times → VNI),
passed on as `Extracted.encoding` for repair.

Pages are joined with "\\n\\f": a page's first line starts with a form feed, `page_starts` gives
the offset of each page's first character.
"""

from __future__ import annotations

import importlib
import logging
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ..ingest import IngestError
from . import REPAIR_HINTS, Extracted, Limits

PAGE_JOIN = "\n\f"
# A gap between words wider than this many font sizes may be a gutter between blocks; the free
# strip must then run down the whole band.
GUTTER_EM = 1.5
# Vertical space, in line heights, that ends a paragraph (a blank line) or a band.
PARAGRAPH_GAP = 0.45
BAND_BREAK_GAP = 1.6

# Font-name families of the legacy 8-bit Vietnamese encodings (subset prefixes "ABCDEF+" removed).
LEGACY_FONTS = (
    (re.compile(r"^\.?Vn[A-Z]"), "tcvn3"),  # .VnTime, .VnTimeH, .VnArial, VnTime
    (re.compile(r"^VNI[-_ ]"), "vni"),  # VNI-Times, VNI-Helve
)


def _pdfminer_setup() -> None:
    """pdfminer reads WinAnsi code AD as a space, which splits words; Windows-1252 (and a PDF
    viewer's copy) has a soft hyphen there, which is TCVN3's ư for repair to restore. Its
    warnings about odd fonts are no news for a batch: errors only."""
    from pdfminer.encodingdb import EncodingDB

    EncodingDB.win2unicode[0xAD] = "\u00ad"
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.height for w in self.words)

    def text(self, words: Iterable[Word] | None = None) -> str:
        return " ".join(w.text for w in (self.words if words is None else words))

    def gaps(self) -> list[tuple[float, float]]:
        """Horizontal gaps wide enough to be a gutter between side-by-side blocks."""
        limit = GUTTER_EM * self.size
        return [(a.x1, b.x0) for a, b in pairwise(self.words) if b.x0 - a.x1 > limit]


@dataclass
class PageText:
    number: int  # 1-based
    text: str
    layout: str  # "plain", "columns" (side-by-side blocks or tables), "empty"
    fonts: Counter[str]
    engine: str = "pdfplumber"  # or "pdfium": the fast path took the page
    usable: bool = True
    why: str = ""


# --- lines and bands ----------------------------------------------------------------------------


def make_lines(words: Sequence[Word]) -> list[Line]:
    """Words in rows: a word joins the line whose vertical span holds its middle."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        middle = (word.top + word.bottom) / 2
        for line in reversed(lines[-3:]):
            if line.top <= middle <= line.bottom:
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: ln.top)
    return lines


@dataclass
class Band:
    """Lines read in columns: `gutters` are the free vertical strips shared by all its lines."""

    lines: list[Line]
    gutters: list[tuple[float, float]]


def _free_strips(line: Line, strips: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """For each strip, its widest part no word of `line` covers; None when a strip is closed
    (less than half a font size left free)."""
    out = []
    for a, b in strips:
        pieces = [(a, b)]
        for w in line.words:
            next_pieces = []
            for p0, p1 in pieces:
                if w.x1 <= p0 or w.x0 >= p1:
                    next_pieces.append((p0, p1))
                    continue
                if w.x0 > p0:
                    next_pieces.append((p0, w.x0))
                if w.x1 < p1:
                    next_pieces.append((w.x1, p1))
            pieces = next_pieces
        widest = max(pieces, key=lambda p: p[1] - p[0], default=None)
        if widest is None or widest[1] - widest[0] < 0.5 * line.size:
            return None
        out.append(widest)
    return out


def _sides(lines: Sequence[Line], gutters: list[tuple[float, float]]) -> bool:
    """Every gutter has text on both sides somewhere in the band."""
    for a, b in gutters:
        if not any(w.x1 <= a for ln in lines for w in ln.words):
            return False
        if not any(w.x0 >= b for ln in lines for w in ln.words):
            return False
    return True


# A lone row is side by side only across a wide gap: a justified line of a few long words can
# open gaps of one or two font sizes.
LONE_ROW_GUTTER_EM = 3.0


def find_bands(lines: list[Line]) -> list[Line | Band]:
    """Lines in order, runs of side-by-side rows gathered into bands."""
    items: list[Line | Band] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        gutters = line.gaps()
        if not gutters:
            items.append(line)
            i += 1
            continue
        band = [line]
        # Lines just above that fit the gutters belong to the band (a motto one row higher).
        while items and isinstance(items[-1], Line) and _close(items[-1], band[0]):
            above = _free_strips(items[-1], gutters)
            if above is None or not _sides([items[-1], *band], above):
                break
            gutters = above
            band.insert(0, items.pop())  # type: ignore[arg-type]
        j = i + 1
        while j < len(lines):
            kept = _free_strips(lines[j], gutters)
            if kept is None or not (_close(band[-1], lines[j]) or lines[j].gaps()):
                break
            gutters = kept
            band.append(lines[j])
            j += 1
        lone = len(band) == 1 and max(b - a for a, b in gutters) < LONE_ROW_GUTTER_EM * line.size
        if lone or not _sides(band, gutters):
            items.extend(band[: band.index(line) + 1])
            i += 1
        else:
            items.append(Band(band, gutters))
            i = j
    return items


def _close(upper: Line, lower: Line) -> bool:
    return lower.top - upper.bottom <= BAND_BREAK_GAP * max(upper.size, lower.size)


def _join_lines(lines: Sequence[tuple[Line, list[Word]]]) -> str:
    """Lines of one column, a blank line where the vertical space says a paragraph ends."""
    out: list[str] = []
    previous: Line | None = None
    for line, words in lines:
        if previous is not None:
            out.append("\n\n" if _paragraph_break(previous, line) else "\n")
        out.append(line.text(words))
        previous = line
    return "".join(out)


def _paragraph_break(upper: Line, lower: Line) -> bool:
    return lower.top - upper.bottom > PARAGRAPH_GAP * max(upper.size, lower.size)


def band_text(band: Band) -> str:
    """A two-block band: left block, blank line, right block. More gutters: table rows."""
    edges = [a for a, _ in band.gutters]
    if len(band.gutters) == 1 and not _narrow_first_column(band):
        left = [(ln, [w for w in ln.words if w.x1 <= edges[0]]) for ln in band.lines]
        right = [(ln, [w for w in ln.words if w.x0 > edges[0]]) for ln in band.lines]
        blocks = [_join_lines([(ln, ws) for ln, ws in side if ws]) for side in (left, right)]
        return "\n\n".join(b for b in blocks if b)
    rows = []
    for ln in band.lines:
        cells: list[list[str]] = [[] for _ in range(len(edges) + 1)]
        for w in ln.words:
            cells[sum(1 for e in edges if w.x0 > e)].append(w.text)
        rows.append("| " + " | ".join(" ".join(c) for c in cells) + " |")
    return "\n".join(rows)


def _narrow_first_column(band: Band) -> bool:
    """A table's number column (STT): many rows, a narrow first column."""
    two_sided = sum(1 for ln in band.lines if ln.gaps())
    width = max(ln.x1 for ln in band.lines) - min(ln.x0 for ln in band.lines)
    first = band.gutters[0][0] - min(ln.x0 for ln in band.lines)
    return two_sided >= 4 and first < 0.2 * width


def layout_text(words: Sequence[Word]) -> tuple[str, str]:
    """(text in reading order, "plain" or "columns") for one page's words. Lines of running text
    wrapped by the layout are joined with a space (a paragraph is one line, as typed)."""
    items = find_bands(make_lines(words))
    single = [item for item in items if isinstance(item, Line)]
    left = min((ln.x0 for ln in single), default=0.0)
    right = max((ln.x1 for ln in single), default=0.0)
    out: list[str] = []
    previous: Line | None = None
    columns = False
    for item in items:
        first = item.lines[0] if isinstance(item, Band) else item
        if out and previous is None:
            out.append("\n")
        elif previous is not None:
            if isinstance(item, Band) or _paragraph_break(previous, first):
                out.append("\n\n")
            elif isinstance(item, Line) and _wrapped(previous, item, left, right):
                out.append(" ")
            else:
                out.append("\n")
        if isinstance(item, Band):
            out.append(band_text(item))
            columns = True
            previous = None  # a band ends its paragraph
            out.append("\n")
        else:
            out.append(item.text())
            previous = item
    text = re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n")
    return text, ("columns" if columns else "plain")


_OPENS_ITEM = re.compile(r"(?:[-+•–]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVX]{1,5}\.|Điều\s+\d)(?:\s|$)")


def _wrapped(upper: Line, lower: Line, left: float, right: float) -> bool:
    """The layout wrapped `upper` onto `lower`: the upper line runs to the right edge (the next
    word would not have fitted), the lower starts at the left edge and opens no list item."""
    em = max(upper.size, lower.size)
    if abs(lower.x0 - left) > em or upper.x0 - left > 3 * em:
        return False  # a centred or indented line: a heading, a title, a signature
    first = lower.words[0]
    if right - upper.x1 > (first.x1 - first.x0) + 0.6 * em:
        return False
    return not _OPENS_ITEM.match(lower.text())


# --- the text layer's quality -------------------------------------------------------------------

_MARKED = re.compile(r"[^\x00-\x7f]")
_ACRONYM = re.compile(r"^[A-ZĐ]{2,6}$")
MIN_WORDS = 12  # below this a page is judged only when nearly nothing in it is Vietnamese
MIN_SYLLABLE_SHARE = 0.8  # clean pages measure 0.95-1.0, OCR without Vietnamese 0.3-0.6
MIN_MARKED_SHARE = 0.2  # clean prose about 0.6


def text_layer_problem(text: str, hint: str | None = None) -> str | None:
    """Why a page's text layer cannot be used, or None. Judged after repair, so legacy fonts and
    the font maps repair knows count as good text: what stays invalid is garbage."""
    from ..repair import repair_text
    from ..syllables import is_syllable, words

    if not text.strip():
        return "empty text layer"
    visible = [c for c in text if not c.isspace()]
    if sum(1 for c in visible if unicodedata.category(c) in ("Co", "Cn")) > 0.3 * len(visible):
        return "private-use characters: a font without a Unicode map"
    repaired = repair_text(text, hint=REPAIR_HINTS.get(hint or "")).text
    # Acronyms (UBND, TTYT) and single letters (b/c) are no syllables but are not garbage either.
    found = [w for w in words(repaired) if len(w) > 1 and not _ACRONYM.match(w)]
    if not found:
        return None  # figures and rules only (a table of numbers): nothing OCR would read better
    share = sum(1 for w in found if is_syllable(w)) / len(found)
    marked = sum(1 for w in found if _MARKED.search(w)) / len(found)
    if len(found) < MIN_WORDS:
        return f"few valid Vietnamese syllables ({share:.0%})" if share < 0.5 else None
    if share < MIN_SYLLABLE_SHARE:
        return f"few valid Vietnamese syllables ({share:.0%})"
    if marked < MIN_MARKED_SHARE:
        # Vietnamese prose marks about two words in three; a layer without marks is an OCR
        # that did not know Vietnamese (the syllables left are valid only as unmarked words).
        return f"few words with Vietnamese marks ({marked:.0%})"
    return None


def _font_encoding(fonts: Counter[str]) -> str | None:
    """The legacy encoding most text is set in, when its fonts say so (a fifth of the characters)."""
    counts: Counter[str] = Counter()
    for name, n in fonts.items():
        base = name.split("+", 1)[-1]
        for pattern, encoding in LEGACY_FONTS:
            if pattern.match(base):
                counts[encoding] += n
    total = sum(fonts.values())
    if not counts or not total:
        return None
    encoding, n = counts.most_common(1)[0]
    return encoding if n >= 0.2 * total else None


# --- opening and reading ------------------------------------------------------------------------


def _open_checked(path: Path, shown: str, limits: Limits):
    """The pdfium document, or IngestError naming what is wrong with the file."""
    import pypdfium2

    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise IngestError(shown, "not a PDF (no %PDF- header)")
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise IngestError(shown, "encrypted PDF (needs a password); decrypt it first") from None
        if "format" in message:
            raise IngestError(shown, "corrupt or truncated PDF (pdfium cannot parse it)") from None
        raise IngestError(shown, f"cannot open PDF ({exc})") from None
    pages = len(pdf)
    if pages == 0:
        pdf.close()
        raise IngestError(shown, "PDF has no pages (corrupt or truncated)")
    if pages > limits.max_pages:
        pdf.close()
        raise IngestError(shown, f"too many pages ({pages}, limit {limits.max_pages})")
    return pdf


def _truncated(path: Path) -> bool:
    """A PDF ends with %%EOF (maybe followed by whitespace); a cut-off download does not."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 2048))
        return b"%%EOF" not in f.read()


WORD_GAP = 1.5  # points between two characters of one word, at most
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def _plumber_words(page) -> tuple[list[Word], Counter[str]]:
    from pdfplumber.utils.text import WordExtractor

    # Bold faked by printing a character twice, a hair apart: one copy kept. (pdfplumber's own
    # dedupe_chars parses the page again and sorts; this costs one pass.)
    seen: set[tuple[str, int, int]] = set()
    chars = []
    for c in page.chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key not in seen:
            seen.add(key)
            # A control character (a tab drawn as glyph 0) separates words, as in pdfium's text.
            chars.append({**c, "text": " "} if _CONTROL.match(c["text"]) else c)
    fonts = Counter(c["fontname"] for c in chars if not c["text"].isspace())
    extractor = WordExtractor(x_tolerance=WORD_GAP, keep_blank_chars=False, use_text_flow=False)
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in extractor.extract_words(chars)]
    return words, fonts


def _pdfium_words(page) -> list[Word]:
    """Words from pdfium's characters, split at spaces (pdfium's generated ones too), wide gaps
    and line changes. A word's bottom is its loose box's, its top that less the font size: the
    geometry pdfminer gives. Characters are read one by one by index: pdfium's text of a range
    may hold more or fewer characters than the range (hyphens joined across lines)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    height = page.get_height()
    words: list[Word] = []
    chars: list[str] = []
    box: list[float] = []  # left, right, bottom, font size
    rect = pdfium_c.FS_RECTF()

    def flush() -> None:
        words.append(Word("".join(chars), box[0], box[1], height - box[2] - box[3], height - box[2]))
        chars.clear()

    try:
        previous = (0.0, 0.0, 0.0)  # the last character's x0, x1, top
        for i in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            ch = "-" if pdfium_c.FPDFText_IsHyphen(textpage.raw, i) == 1 else chr(code)
            if ch.isspace() or _CONTROL.match(ch) or pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                if chars:
                    flush()
                continue
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect))
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            x0, x1, y0 = rect.left, rect.right, rect.bottom
            top = height - y0 - size
            # pdfplumber's rule for a new word: a step back, a gap, or another line
            if chars and (x0 < previous[0] or x0 > previous[1] + WORD_GAP or abs(top - previous[2]) > 3):
                flush()
            if not chars:
                box = [x0, x1, y0, size]
            else:
                box[1] = max(box[1], x1)
            chars.append(ch)
            previous = (x0, x1, top)
        if chars:
            flush()
    finally:
        textpage.close()
    return words


def read_pages(path: Path, limits: Limits, *, fast: bool = True) -> list[PageText]:
    """Every page's text in reading order, with its layout, fonts and whether it is usable."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    _pdfminer_setup()

    shown = path.as_posix()
    pdf = _open_checked(path, shown, limits)
    pages: list[PageText] = []
    plumber = None
    started = time.monotonic()
    try:
        for index in range(len(pdf)):
            if time.monotonic() - started > limits.max_seconds:
                raise IngestError(
                    shown, f"reading took over {limits.max_seconds:g} s (at page {index + 1} of {len(pdf)})"
                )
            got = _fast_page(pdf[index], index + 1) if fast else None
            if got is None:
                if plumber is None:
                    try:
                        plumber = pdfplumber.open(path)
                    except (PDFSyntaxError, PSException) as exc:
                        raise IngestError(shown, f"corrupt PDF ({exc})") from None
                try:
                    words, fonts = _plumber_words(plumber.pages[index])
                except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
                    raise IngestError(shown, f"corrupt PDF: page {index + 1} cannot be read ({exc})") from None
                text, layout = layout_text(words) if words else ("", "empty")
                got = PageText(index + 1, text, layout, fonts)
            pages.append(got)
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()
    hint = _font_encoding(sum((p.fonts for p in pages), Counter()))
    for page in pages:
        problem = text_layer_problem(page.text, hint)
        if problem:
            page.usable, page.why = False, problem
    return pages


def _fast_page(page, number: int) -> PageText | None:
    """pypdfium2's text for a plain page (one column, no side-by-side rows); None sends the page
    to the layout path. Where it is used it gives what the layout path gives (tests check it)."""
    words = _pdfium_words(page)
    if not words:
        return None  # empty or a scan: the layout path decides
    lines = make_lines(words)
    if any(line.gaps() for line in lines) or _borderline(lines):
        return None
    text, layout = layout_text(words)
    fonts = _pdfium_fonts(page)
    if layout != "plain" or _font_encoding(fonts):
        return None  # pdfium reads TCVN3's ư (code AD) as a hyphen; the layout path keeps it
    return PageText(number, text, "plain", fonts, engine="pdfium")


# pdfium's boxes differ from pdfminer's by up to a few tenths of a point across, a hundredth
# down: a decision this close to its threshold could go the other way on the layout path, which
# then takes the page.
_CLOSE_X = 0.5
_CLOSE_Y = 0.1


def _borderline(lines: list[Line]) -> bool:
    """Some layout decision on these lines is too close to call the same way on both paths."""
    if not lines:
        return False
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    for upper, lower in pairwise(lines):
        em = max(upper.size, lower.size)
        if abs((lower.top - upper.bottom) - PARAGRAPH_GAP * em) < _CLOSE_Y:
            return True
        first = lower.words[0]
        if abs((right - upper.x1) - ((first.x1 - first.x0) + 0.6 * em)) < _CLOSE_X:
            return True
        if abs(abs(lower.x0 - left) - em) < _CLOSE_X or abs((upper.x0 - left) - 3 * em) < _CLOSE_X:
            return True
    for line in lines:
        limit = GUTTER_EM * line.size
        if any(abs((b.x0 - a.x1) - limit) < _CLOSE_X for a, b in pairwise(line.words)):
            return True
    return False


def _pdfium_fonts(page, samples: int = 40) -> Counter[str]:
    """Font names of characters spread over the page (a sample: enough to tell a legacy font)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    fonts: Counter[str] = Counter()
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        flags = ctypes.c_int()
        for i in range(0, count, max(1, count // samples)):
            size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, None, 0, ctypes.byref(flags))
            if size <= 0:
                continue
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buffer, size, ctypes.byref(flags))
            fonts[buffer.value.decode("utf-8", "replace")] += 1
    finally:
        textpage.close()
    return fonts


def pages_needing_ocr(path: str | Path, limits: Limits | None = None) -> list[int]:
    """1-based pages whose text layer is missing or useless (see `text_layer_problem`)."""
    return [p.number for p in read_pages(Path(path), limits or Limits()) if not p.usable]


def _ocr(path: Path, pages: list[int], limits: Limits) -> dict[int, tuple[str, float]] | None:
    """OCR of `pages` by docparse.readers.ocr when it is installed; None when it is not."""
    try:
        module = importlib.import_module("docparse.readers.ocr")
    except ImportError:
        return None
    return {page: (text, confidence) for page, text, confidence in module.ocr_pdf_pages(path, pages, limits)}


def read(path: Path, limits: Limits) -> Extracted:
    shown = path.as_posix()
    pages = read_pages(path, limits)
    warnings: list[str] = []
    if _truncated(path):
        warnings.append("file does not end with %%EOF: it may be truncated")
    fonts = sum((p.fonts for p in pages), Counter())
    encoding = _font_encoding(fonts)
    bad = [p.number for p in pages if not p.usable]
    texts = {p.number: (p.text if p.usable else "") for p in pages}
    ocr_pages: list[int] = []
    confidences: list[float] = []
    if bad:
        try:
            done = _ocr(path, bad, limits)
        except IngestError as exc:
            if len(bad) == len(pages):
                raise
            warnings.append(f"OCR failed: {exc.reason}")
            done = {}
        for page in pages:
            if page.usable:
                continue
            if done is not None and page.number in done:
                texts[page.number], confidence = done[page.number]
                ocr_pages.append(page.number)
                confidences.append(confidence)
                warnings.append(f"page {page.number}: {page.why}, read by OCR")
            else:
                warnings.append(f"page {page.number}: no usable text layer ({page.why}), needs OCR")
        if done is None and len(bad) == len(pages):
            raise IngestError(shown, "no usable text layer on any page (a scan?) and OCR is not installed")
    parts = [texts[p.number] for p in pages]
    starts = []
    offset = 0
    for i, part in enumerate(parts):
        starts.append(offset + (len(PAGE_JOIN) if i else 0))
        offset = starts[-1] + len(part)
    return Extracted(
        text=PAGE_JOIN.join(parts),
        format="pdf",
        encoding=encoding,
        page_starts=tuple(starts),
        ocr_pages=tuple(ocr_pages),
        ocr_confidence=sum(confidences) / len(confidences) if confidences else None,
        warnings=tuple(warnings),
    )
