"""OCR reader: small generated page images through the real Tesseract, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.ingest import IngestError, read_document
from docparse.readers import Limits, ocr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def page(lines: list[str], size: tuple[int, int] = (900, 160)) -> Image.Image:
    im = Image.new("L", size, 255)
    pen = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(lines):
        pen.text((30, 25 + i * 55), line, font=font, fill=0)
    return im


@pytest.fixture(autouse=True)
def fresh_tool_check():
    ocr._tesseract_problem.cache_clear()
    yield
    ocr._tesseract_problem.cache_clear()


def test_png_page_is_read_with_confidence(tmp_path):
    path = tmp_path / "scan.png"
    page(["Số: 125/QĐ-UBND", "Hà Nội, ngày 14 tháng 11 năm 2016"]).save(path, dpi=(300, 300))
    doc = read_document(path)
    assert "125/QĐ-UBND" in doc.text and "tháng 11 năm 2016" in doc.text
    assert doc.format == "image" and doc.page_starts == (0,) and doc.ocr_pages == (1,)
    assert doc.ocr_confidence is not None and doc.ocr_confidence > 80


def test_multipage_tiff_gives_page_starts(tmp_path):
    path = tmp_path / "two.tif"
    first, second = page(["TRANG MỘT"]), page(["TRANG HAI"])
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate")
    got = ocr.read(path, Limits())
    assert got.ocr_pages == (1, 2) and len(got.page_starts) == 2
    assert got.text[got.page_starts[1] :].startswith("TRANG HAI")
    assert got.text[: got.page_starts[1]].strip() == "TRANG MỘT"


def test_scanned_pdf_pages(tmp_path):
    path = tmp_path / "scan.pdf"
    page(["Kính gửi: Sở Y tế"]).save(path, save_all=True, append_images=[page(["Nơi nhận:"])], resolution=150)
    got = ocr.ocr_pdf_pages(path, [2], Limits(), workers=1)
    assert [(n, text) for n, text, _ in got] == [(2, "Nơi nhận:")]
    assert got[0][2] > 80
    with pytest.raises(IngestError, match="page 5 does not exist"):
        ocr.ocr_pdf_pages(path, [5], Limits())
    with pytest.raises(IngestError, match="max_pages"):
        ocr.ocr_pdf_pages(path, [1, 2], Limits(max_pages=1))
    assert ocr.ocr_pdf_pages(path, [], Limits()) == []


def test_corrupt_pdf_names_file(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n% not really\n")
    with pytest.raises(IngestError, match=r"broken\.pdf: cannot read the PDF"):
        ocr.ocr_pdf_pages(path, [1], Limits())


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("noise.png", lambda p: p.write_bytes(b"\x89PNG not an image at all" * 20), "not an image"),
        ("cut.png", lambda p: p.write_bytes(_png_bytes(p)[:300]), "corrupt or truncated"),
        ("text.jpg", lambda p: p.write_text("Số: 12/QĐ-UBND", encoding="utf-8"), "not an image"),
    ],
)
def test_bad_images(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(IngestError, match=reason) as err:
        read_document(path)
    assert err.value.path.endswith(name)


def _png_bytes(path: Path) -> bytes:
    page(["Số: 12/QĐ-UBND"]).save(path)
    return path.read_bytes()


def test_limits(tmp_path):
    path = tmp_path / "two.tif"
    page(["A"]).save(path, save_all=True, append_images=[page(["B"])])
    with pytest.raises(IngestError, match=r"2 pages, over the limit of 1 \(max_pages\)"):
        read_document(path, Limits(max_pages=1))
    with pytest.raises(IngestError, match=r"image too large \(900×160 = 144000 pixels on page 1, limit 1000"):
        read_document(path, Limits(max_pixels=1000))
    with pytest.raises(IngestError, match=r"longer than the limit of 0 s \(max_seconds\); Tesseract was stopped"):
        read_document(path, Limits(max_seconds=0))


def test_missing_tesseract_says_how_to_install(tmp_path, monkeypatch):
    path = tmp_path / "scan.png"
    page(["A"]).save(path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(IngestError, match=r"not installed.*apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_document(path)


def test_missing_vietnamese_data_says_how_to_install(tmp_path, monkeypatch):
    path = tmp_path / "scan.png"
    page(["A"]).save(path)
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(IngestError, match=r"Vietnamese data.*apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_document(path)


def _tsv(rows: list[tuple[int, int, int, int, int, float, str]]) -> str:
    """Rows of (block, line, left, width, height, conf, text) as Tesseract's TSV (level 5)."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    body = [
        f"5\t1\t{b}\t1\t{ln}\t{i}\t{x}\t{ln * 50}\t{w}\t{h}\t{c}\t{t}" for i, (b, ln, x, w, h, c, t) in enumerate(rows)
    ]
    return "\n".join([head, *body])


def test_page_text_drops_specks_keeps_column_gaps_and_dashes():
    tsv = _tsv(
        [
            (1, 1, 10, 3, 3, 0.0, "'"),  # a speck read as a quote
            (1, 1, 20, 60, 30, 95.0, "UBND"),
            (1, 1, 90, 40, 30, 95.0, "TỈNH"),
            (1, 1, 400, 80, 30, 96.0, "CỘNG"),  # the motto, across the column gap
            (1, 1, 490, 50, 30, 96.0, "HÒA"),
            (1, 2, 20, 10, 4, 93.0, "-"),  # a real dash: small but sure
            (1, 2, 40, 60, 30, 90.0, "Như"),
            (1, 2, 110, 50, 30, 0.0, "trên;"),  # a real word Tesseract doubts stays
            (1, 2, 300, 3, 3, 40.0, "PU"),  # letters made of dust
        ]
    )
    text, confidence, words = ocr.page_text(tsv)
    assert text.splitlines() == ["UBND TỈNH" + " " * 18 + "CỘNG HÒA", "- Như trên;"]
    assert words == 7 and confidence == pytest.approx((95 * 2 + 96 * 2 + 93 + 90 + 0) / 7, abs=0.01)
    assert ocr.page_text(_tsv([])) == ("", 0.0, 0)
