"""Make the PDF samples (samples/150-152) from Unicode text samples, laid out as printed
documents are: a Vietnamese-capable TrueType font (DejaVu Serif, Debian fonts-dejavu-core), A4.

- 150: one column, every line in the text sample's order (a born-digital PDF of a plain layout).
- 151: the real layout: agency | national motto side by side at the top, number | place and date
  on one row, recipients | signer side by side at the bottom.
- 152: 151's layout whose last page is a scan (a noisy greyscale picture of the page) carrying
  an invisible text layer as an OCR without Vietnamese makes it: marks dropped or misread.

The gold is the source sample's gold: the PDF shows the same header, body and closing.

    .venv/bin/python scripts/make_pdf_samples.py   # needs reportlab (dev extra) and DejaVu fonts
"""

from __future__ import annotations

import io
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "DejaVuSerif", "DejaVuSerif-Bold"

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 70.0, PAGE_W - 50.0, 55.0, 60.0
SIZE = 12.0
LEADING = 15.5
PARAGRAPH_GAP = 6.0
# The side-by-side columns of the header and the closing (left column narrower, as printed).
LEFT_COLUMN = (45.0, 265.0)
RIGHT_COLUMN = (280.0, PAGE_W - 35.0)

MOTTO = re.compile(r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập - Tự do - Hạnh phúc|ĐẢNG CỘNG SẢN VIỆT NAM)$")
PLACE_DATE = re.compile(r"^[^\d,]{2,40}, ngày ")


@dataclass(frozen=True)
class Draw:
    """One line of text drawn at (x, y) from the page's bottom left, as reportlab places it."""

    text: str
    x: float
    y: float
    font: str
    size: float


class Layout:
    """Lines placed on pages top to bottom; `pages` holds each page's drawing operations."""

    def __init__(self) -> None:
        self.pages: list[list[Draw]] = [[]]
        self.y = PAGE_H - TOP

    def _room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        number = str(len(self.pages))
        # Decree 30: pages from the second on are numbered at the top centre.
        self.pages[-1].append(Draw(number, (PAGE_W - _width(number, REGULAR, 11)) / 2, PAGE_H - 35, REGULAR, 11))
        self.y = PAGE_H - TOP

    def gap(self, height: float = PARAGRAPH_GAP) -> None:
        self.y -= height

    def line(self, text: str, *, font: str = REGULAR, size: float = SIZE, centre: bool = False) -> None:
        self._room(LEADING)
        self.y -= LEADING
        x = (LEFT + RIGHT - _width(text, font, size)) / 2 if centre else LEFT
        self.pages[-1].append(Draw(text, x, self.y, font, size))

    def paragraph(self, text: str) -> None:
        for part in simpleSplit(text, REGULAR, SIZE, RIGHT - LEFT):
            self.line(part)
        self.gap()

    def side_by_side(self, left: list[str], right: list[str | None], *, flush_left: bool = False) -> None:
        """Two columns on shared rows; each line centred in its column (None: an empty row), or
        the left column's lines flush left in a smaller size (recipients, as printed)."""
        rows = max(len(left), len(right))
        self._room(rows * LEADING)
        for i in range(rows):
            self.y -= LEADING
            for column, lines in ((LEFT_COLUMN, left), (RIGHT_COLUMN, right)):
                text = lines[i] if i < len(lines) else None
                if not text:
                    continue
                font = BOLD if _is_caps(text) else REGULAR
                if flush_left and column is LEFT_COLUMN:
                    size = _fitting_size(text, font, column[1] - column[0], start=10.5)
                    x = column[0]
                else:
                    size = _fitting_size(text, font, column[1] - column[0])
                    x = (column[0] + column[1] - _width(text, font, size)) / 2
                self.pages[-1].append(Draw(text, x, self.y, font, size))
        self.gap()


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _fitting_size(text: str, font: str, width: float, start: float = SIZE) -> float:
    size = start
    while _width(text, font, size) > width and size > 8:
        size -= 0.5
    return size


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of stripped lines."""
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = " ".join(raw.split())  # tabs of a flattened layout are no glyphs
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def single_column(text: str) -> Layout:
    layout = Layout()
    for block in _blocks(text):
        for line in block:
            if line.isdigit():  # a page number of the text dump: the PDF numbers its own pages
                continue
            caps = _is_caps(line)
            for part in simpleSplit(line, BOLD if caps else REGULAR, SIZE, RIGHT - LEFT):
                layout.line(part, font=BOLD if caps else REGULAR, centre=caps)
        layout.gap(PARAGRAPH_GAP + 2)
    return layout


def two_columns(text: str, *, page_break_before: int | None = None) -> Layout:
    """The printed layout: header and closing side by side; the body in one column between.
    `page_break_before`: start a new page this many body blocks before the closing."""
    blocks = _blocks(text)
    header, body = blocks[0], blocks[1:]
    closing_at = next(i for i, b in enumerate(body) if b[0].startswith("Nơi nhận"))
    closing = [line for b in body[closing_at:] for line in [*b, ""]][:-1]
    body = body[:closing_at]

    left = [line for line in header if not (MOTTO.match(line) or PLACE_DATE.match(line))]
    motto = [line for line in header if MOTTO.match(line)]
    date = [line for line in header if PLACE_DATE.match(line)]
    number_row = next((i for i, line in enumerate(left) if line.startswith("Số")), len(motto))
    right: list[str | None] = [*motto, *[None] * max(0, number_row - len(motto)), *date]

    layout = Layout()
    layout.side_by_side(left, right)
    layout.gap(LEADING)
    for i, block in enumerate(body):
        if page_break_before is not None and i == len(body) - page_break_before:
            layout.new_page()
        for line in block:
            if _is_caps(line) or (len(line) < 70 and not line[:1].isdigit() and block is body[0]):
                layout.line(line, font=BOLD if _is_caps(line) else REGULAR, centre=True)
            else:
                layout.paragraph(line)
        layout.gap()
    recipients = [line for line in closing if line.startswith(("Nơi nhận", "-"))]
    signer: list[str | None] = [line or None for line in closing if not line.startswith(("Nơi nhận", "-"))]
    while signer and signer[0] is None:
        signer.pop(0)
    layout.side_by_side(recipients, signer, flush_left=True)
    return layout


def _no_vietnamese_ocr(text: str, rng: random.Random) -> str:
    """What an OCR engine without Vietnamese makes of a line: most marks dropped, some letters
    read as Latin-1 look-alikes or digits, đ read as d."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
        elif base != ch:
            roll = rng.random()
            if roll < 0.7:
                out.append(base)
            elif roll < 0.9:
                out.append(unicodedata.normalize("NFC", base + "\u0301") if base.lower() in "aeiou" else base)
            else:
                out.append(rng.choice("06QGØ§"))
        else:
            out.append(ch)
    return "".join(out)


def _scan(page: list[Draw], rng: random.Random) -> Image.Image:
    """A greyscale picture of the page at 150 dpi with speckle noise and a little blur."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    _draw(sheet, page)
    sheet.save()
    pdf = pypdfium2.PdfDocument(buffer.getvalue())
    image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 400):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 170))
    return image.filter(ImageFilter.GaussianBlur(0.6))


def _draw(sheet: canvas.Canvas, page: list[Draw], *, invisible: bool = False) -> None:
    for op in page:
        text = sheet.beginText(op.x, op.y)
        text.setFont(op.font, op.size)
        if invisible:
            text.setTextRenderMode(3)  # neither filled nor stroked: a scan's OCR text layer
        text.textOut(op.text)
        sheet.drawText(text)


def write(layout: Layout, path: Path, *, scanned_pages: frozenset[int] = frozenset(), seed: int = 7) -> None:
    rng = random.Random(seed)
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)  # invariant: same bytes every run
    sheet.setTitle(path.stem)
    for number, page in enumerate(layout.pages, start=1):
        if number in scanned_pages:
            sheet.drawImage(ImageReader(_scan(page, rng)), 0, 0, PAGE_W, PAGE_H)
            garbage = [Draw(_no_vietnamese_ocr(op.text, rng), op.x, op.y, "Helvetica", op.size) for op in page]
            _draw(sheet, garbage, invisible=True)
        else:
            _draw(sheet, page)
        sheet.showPage()
    sheet.save()


MADE = {
    "150_pdf_born_digital": ("040_baocao_so_two_pages.txt", single_column, {}),
    "151_pdf_two_column_layout": ("010_congvan_kinhgui.txt", two_columns, {}),
    "152_pdf_garbage_text_layer": ("012_ketluan_dang.txt", lambda t: two_columns(t, page_break_before=3), {2}),
}


def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSerif-Bold.ttf")))


def main() -> None:
    register_fonts()
    for name, (source, make, scanned) in MADE.items():
        text = (SAMPLES / source).read_text(encoding="utf-8")
        layout = make(text)
        write(layout, SAMPLES / f"{name}.pdf", scanned_pages=frozenset(scanned))
        shutil.copyfile(SAMPLES / (Path(source).stem + ".gold.json"), SAMPLES / f"{name}.gold.json")
        print(f"wrote samples/{name}.pdf ({len(layout.pages)} pages) from {source}")


if __name__ == "__main__":
    sys.exit(main())
