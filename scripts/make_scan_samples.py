"""Make the scanned-page samples from text samples: laid out as a printed document, then
'scanned' (slight rotation, speckles, blur) with Pillow and a Vietnamese-capable font (DejaVu).

    python scripts/make_scan_samples.py

samples/160_scan_congvan.png (one page, greyscale) from 010_congvan_kinhgui.txt, and
samples/161_scan_two_pages.tif (two pages, bilevel Group 4 like an archive scanner's) from
034_quyetdinh_chutich.txt. The gold files are the sources' own (the whole text is on the page).
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian fonts-dejavu-core
DPI = 200  # a common archive scanning resolution
PAGE = (round(8.27 * DPI), round(11.69 * DPI))  # A4
MARGIN_X, MARGIN_TOP = round(0.9 * DPI), round(0.7 * DPI)

_RIGHT_HEADER = re.compile(r"^(CỘNG HÒA|Độc lập|.*\bngày\b.*\btháng\b)")
_RULE = re.compile(r"^[-_=]{3,}$")


@dataclass
class Fonts:
    regular: ImageFont.FreeTypeFont
    bold: ImageFont.FreeTypeFont
    size: int


def fonts(points: float) -> Fonts:
    px = round(points * DPI / 72)
    return Fonts(
        ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), px),
        ImageFont.truetype(str(FONT_DIR / "DejaVuSerif-Bold.ttf"), px),
        px,
    )


# A drawing instruction: (x, y, text, font, anchor); anchor "la" = left, "ma" = centred on x.
Op = tuple[int, int, str, ImageFont.FreeTypeFont, str]


def layout(text: str, f: Fonts) -> list[list[Op]]:
    """The document as pages of drawing operations: header in two columns, body wrapped,
    recipients beside the signer."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    head_end = lines.index("")
    header, rest = lines[:head_end], lines[head_end:]
    close_at = next(i for i, ln in enumerate(rest) if ln.startswith("Nơi nhận"))
    body, closing = rest[:close_at], rest[close_at:]
    width = PAGE[0] - 2 * MARGIN_X
    step = round(f.size * 1.35)

    # Header: agency (left) | motto (right), then number (left) | place and date (right).
    left, right, column = [], [], None
    for ln in header:
        if _RULE.match(ln.strip()):
            (right if column == "right" else left).append("―" * 8)
            continue
        column = "right" if _RIGHT_HEADER.match(ln) else "left"
        (right if column == "right" else left).append(ln)
    left_x, right_x = MARGIN_X + round(width * 0.2), MARGIN_X + round(width * 0.71)
    # The header is set a little smaller than the body, as the decree on document form has it.
    h_regular, h_bold = (
        f.regular.font_variant(size=round(f.size * 0.9)),
        f.bold.font_variant(size=round(f.size * 0.9)),
    )
    rows = max(len(left), len(right))
    header_ops: list[Op] = []
    for i in range(rows):
        y = i * step
        if i < len(left):
            header_ops.append((left_x, y, left[i], h_bold if left[i].isupper() else h_regular, "ma"))
        if i < len(right):
            font = h_bold if right[i].startswith(("CỘNG", "Độc")) else h_regular
            header_ops.append((right_x, y, right[i], font, "ma"))
    # Body: titles centred in bold, paragraphs wrapped to the text width.
    body_ops: list[Op] = []
    y = rows * step + step
    in_title = False  # a title and the lines under it up to a blank line are centred
    for ln in body:
        if not ln.strip():
            y += step // 2
            in_title = False
            continue
        in_title = in_title or (ln.isupper() and not ln.endswith(":"))
        font = f.bold if ln.isupper() else f.regular
        for part in wrap(ln, font, width):
            body_ops.append((PAGE[0] // 2, y, part, font, "ma") if in_title else (MARGIN_X, y, part, font, "la"))
            y += step
    # Closing: recipients (small, left) beside the signer (bold, centred right).
    small = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), round(f.size * 0.8))
    y += step
    recipients = [ln for ln in closing if ln.startswith(("Nơi nhận", "-"))]
    signer = [ln for ln in closing if ln and ln not in recipients]
    closing_ops: list[Op] = []
    for i, ln in enumerate(recipients):
        closing_ops.append((MARGIN_X, y + i * round(step * 0.85), ln, f.bold if i == 0 else small, "la"))
    y_signer = y
    for i, ln in enumerate(signer):
        signed = ln.startswith("(")
        if signed or (i == len(signer) - 1 and not any(s.startswith("(") for s in signer)):
            y_signer += step  # room for the signature and seal
        closing_ops.append((right_x, y_signer, ln, f.regular if signed else f.bold, "ma"))
        y_signer += step * (3 if signed else 1)
    return paginate([*header_ops, *body_ops, *closing_ops], step)


def wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out, current = [], ""
    for word in line.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    return [*out, current] if current else out


def paginate(ops: list[Op], step: int) -> list[list[Op]]:
    usable = PAGE[1] - 2 * MARGIN_TOP
    pages: list[list[Op]] = [[]]
    shift = 0
    for x, y, text, font, anchor in sorted(ops, key=lambda op: op[1]):
        if y - shift > usable:
            pages.append([])
            shift = y
        pages[-1].append((x, MARGIN_TOP + y - shift, text, font, anchor))
    return pages


def draw(page: list[Op]) -> Image.Image:
    im = Image.new("L", PAGE, 255)
    pen = ImageDraw.Draw(im)
    for x, y, text, font, anchor in page:
        pen.text((x, y), text, font=font, fill=20, anchor=anchor)
    return im


def scan(im: Image.Image, seed: int, angle: float) -> Image.Image:
    """What a flatbed does to a page: a slight skew, soft edges, speckles, a grey paper tone."""
    rng = random.Random(seed)
    im = im.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pen = ImageDraw.Draw(im)
    for _ in range(900):  # dust: dark specks of 1-3 px
        x, y, r = rng.randrange(im.width), rng.randrange(im.height), rng.choice((1, 1, 1, 2, 3))
        pen.ellipse((x, y, x + r, y + r), fill=rng.randrange(40, 160))
    im = im.filter(ImageFilter.GaussianBlur(0.7))
    return im.point(lambda v: 28 + v * 210 // 255)  # toner never black, paper never white


def make(source: str, target: str, points: float, angles: list[float], bilevel: bool) -> int:
    text = (SAMPLES / source).read_text(encoding="utf-8")
    laid_out = layout(text, fonts(points))
    while not bilevel and len(laid_out) > 1:  # a PNG holds one page: a smaller type until it fits
        points -= 0.5
        laid_out = layout(text, fonts(points))
    pages = [scan(draw(p), seed=i + 1, angle=angles[i % len(angles)]) for i, p in enumerate(laid_out)]
    out = SAMPLES / target
    if bilevel:
        pages = [p.point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
        pages[0].save(out, save_all=True, append_images=pages[1:], compression="group4", dpi=(DPI, DPI))
    else:
        pages[0].save(out, optimize=True, dpi=(DPI, DPI))
    gold = json.loads((SAMPLES / source).with_suffix(".gold.json").read_text(encoding="utf-8"))
    gold_path = out.with_name(out.stem + ".gold.json")
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{out.relative_to(SAMPLES.parent)}: {len(pages)} page(s) at {points:g} pt, {out.stat().st_size} bytes")
    return len(pages)


def main() -> int:
    make("010_congvan_kinhgui.txt", "160_scan_congvan.png", 11, [1.4], bilevel=False)
    make("034_quyetdinh_chutich.txt", "161_scan_two_pages.tif", 12, [-1.2, 1.8], bilevel=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
