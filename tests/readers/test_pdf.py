from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from docparse import parse
from docparse.encodings import encoder
from docparse.ingest import IngestError, read_document
from docparse.readers import Limits, pdf

from .pdf_writer import pdf_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BORN_DIGITAL = SAMPLES / "150_pdf_born_digital.pdf"
TWO_COLUMNS = SAMPLES / "151_pdf_two_column_layout.pdf"
GARBAGE_LAYER = SAMPLES / "152_pdf_garbage_text_layer.pdf"


@pytest.fixture(autouse=True)
def no_ocr_module(monkeypatch):
    """Tests see the reader without OCR unless they install a fake one."""
    monkeypatch.setitem(sys.modules, "docparse.readers.ocr", None)


def write(tmp_path: Path, name: str, pages, **kw) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf_bytes(pages, **kw))
    return path


# --- reading order ------------------------------------------------------------------------------


def test_header_and_closing_side_by_side_come_out_as_blocks():
    doc = read_document(TWO_COLUMNS)
    text = doc.text
    assert text.startswith("UBND TỈNH NGHỆ AN\nSỞ Y TẾ\nSố: 2154/SYT-NVY\nV/v tăng cường các biện pháp phòng,\n")
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNghệ An, ngày 26 tháng 8 năm 2019"
    assert motto in text and text.index(motto) > text.index("chống sốt xuất huyết Dengue")
    recipients = "Nơi nhận:\n- Như trên;\n- UBND tỉnh (để b/c);\n- Giám đốc Sở (để b/c);\n- TTYT các huyện, thành, thị;\n- Lưu: VT, NVY."
    assert recipients in text
    assert text.index("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") > text.index("- Lưu: VT, NVY.")
    assert doc.format == "pdf" and doc.encoding is None and doc.warnings == ()


def test_pages_joined_with_form_feed_and_page_starts_point_at_them():
    doc = read_document(TWO_COLUMNS)
    assert len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    second = doc.page_starts[1]
    assert doc.text[second - 2 : second] == "\n\f"
    assert doc.text[second:].startswith("2\n")  # the page number Decree 30 prints on page 2


def test_records_from_the_pdf_equal_those_from_the_text_it_was_made_from():
    for made, source in ((BORN_DIGITAL, "040_baocao_so_two_pages.txt"), (TWO_COLUMNS, "010_congvan_kinhgui.txt")):
        a, b = parse(made), parse(SAMPLES / source)
        for field in ("identifier", "doc_type", "issuer", "place", "issue_date", "subject", "signer"):
            assert getattr(a, field) == getattr(b, field), (made.name, field)
        assert [(r.text, r.name) for r in a.recipients] == [(r.text, r.name) for r in b.recipients]


def test_paragraph_lines_wrapped_by_the_layout_are_joined():
    text = read_document(BORN_DIGITAL).text
    assert "Thanh tra Sở lập biên bản 2.315 trường hợp, xử phạt 4,86 tỷ đồng; cân kiểm tra tải trọng" in text
    assert "năm 2023\nvà nhiệm vụ trọng tâm năm 2024" in text  # a centred title keeps its lines


def test_motto_a_row_above_the_agency_stays_with_its_column(tmp_path):
    page = [
        (330, 800, "CONG HOA XA HOI CHU NGHIA VIET NAM", "Helvetica"),
        (60, 786, "UBND TINH KHANH HOA", "Helvetica"),
        (350, 786, "Doc lap - Tu do - Hanh phuc", "Helvetica"),
        (60, 772, "SO Y TE", "Helvetica"),
        (60, 740, "Body text that runs across the whole width of the page from left to right margin.", "Helvetica"),
    ]
    (got,) = pdf.read_pages(write(tmp_path, "a.pdf", [page]), Limits(), fast=False)
    assert got.text.split("\n\n")[:2] == [
        "UBND TINH KHANH HOA\nSO Y TE",
        "CONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc",
    ]


def test_three_columns_are_a_table_read_row_by_row(tmp_path):
    rows = [("TT", "Noi dung", "Thoi han"), ("1", "Kiem tra tru so", "Quy III"), ("2", "Bao cao ket qua", "Thang 12")]
    page = [
        (x, 780 - 14 * i, cell, "Helvetica")
        for i, row in enumerate(rows)
        for x, cell in zip((60, 160, 420), row, strict=True)
    ]
    (got,) = pdf.read_pages(write(tmp_path, "t.pdf", [page]), Limits(), fast=False)
    assert (
        got.text
        == "| TT | Noi dung | Thoi han |\n| 1 | Kiem tra tru so | Quy III |\n| 2 | Bao cao ket qua | Thang 12 |"
    )
    assert got.layout == "columns"


def test_fast_path_gives_what_the_layout_path_gives():
    for path in (BORN_DIGITAL, TWO_COLUMNS, GARBAGE_LAYER):
        slow = pdf.read_pages(path, Limits(), fast=False)
        fast = pdf.read_pages(path, Limits(), fast=True)
        assert [p.text for p in fast] == [p.text for p in slow]
    assert [p.layout for p in pdf.read_pages(BORN_DIGITAL, Limits())] == ["plain", "plain"]


# --- legacy fonts -------------------------------------------------------------------------------

LEGACY_LINES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Sở Y tế tỉnh Khánh Hòa báo cáo kết quả thực hiện công tác phòng, chống dịch bệnh",
    "trong tháng sáu năm hai nghìn hai mươi mốt như sau",
]


@pytest.mark.parametrize(
    ("font", "encoding", "hint"), [(".VnTime", "tcvn3", "tcvn3"), ("VNI-Times", "vni", "vni_windows")]
)
def test_legacy_font_names_give_the_encoding_and_repair_reads_it(tmp_path, font, encoding, hint):
    encode = encoder(hint)
    page = [(72, 760 - 13 * i, encode(line), font) for i, line in enumerate(LEGACY_LINES)]
    path = write(tmp_path, "legacy.pdf", [page])
    doc = read_document(path)
    assert doc.encoding == encoding
    record = parse(path)
    assert record.source.encoding == encoding
    assert any(r.kind == hint for r in record.repairs)
    assert pdf.pages_needing_ocr(path) == []


def test_tcvn3_u_horn_code_is_kept_for_repair(tmp_path):
    # WinAnsi code AD is TCVN3's ư: pdfminer would read it as a space and split "mươi" in two.
    page = [(72, 760, encoder("tcvn3")("hai mươi mốt người được"), ".VnTimeH")]
    (got,) = pdf.read_pages(write(tmp_path, "u.pdf", [page]), Limits())
    assert got.text == "hai m\xad¬i mèt ng\xadêi ®\xadîc"


# --- useless text layers ------------------------------------------------------------------------


def test_garbage_layer_of_a_scanned_page_is_detected():
    assert pdf.pages_needing_ocr(GARBAGE_LAYER) == [2]
    doc = read_document(GARBAGE_LAYER)
    assert doc.warnings[0].startswith("page 2: no usable text layer (few valid Vietnamese syllables")
    assert doc.warnings[0].endswith("needs OCR")
    assert doc.text.endswith("\n\f") and doc.ocr_pages == ()
    assert parse(GARBAGE_LAYER).identifier == "52-KL/TU"  # page 1 is born digital


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("\ue001\ue002\ue003 \ue004\ue005 \ue006\ue007 12/BC", "private-use"),
        ("(cid:36)(cid:12)(cid:55) (cid:3)(cid:44) (cid:19)(cid:41) (cid:77)(cid:79) (cid:36)(cid:12)", "syllables"),
        # every word a valid syllable once its marks are gone: only the missing marks tell
        ("Uy ban nhan dan tinh bao cao qua cong phong chong trong thang sau nam nay cho xa", "marks"),
        (
            "Ban TuyQn giáo Tinh 0y chu tri, phoi hop voi SØ NGng nghiep va PhGt trien nong thón Bao Lam Dong",
            "syllables",
        ),
    ],
)
def test_text_layer_problems(text, problem):
    assert problem in (pdf.text_layer_problem(text) or "")


def _broken_font_map(text: str) -> str:
    """A custom font whose ToUnicode map is wrong: each marked letter comes out as some other
    Latin-1 character (as in "BØ CÔNG AN"), fixed per letter but in no known encoding."""
    wrong = "ØÆÞßðþ¦§¤¢£¥µ¶ÐËÎ"
    return "".join(wrong[ord(c) % len(wrong)] if ord(c) > 0x7F else c for c in text)


def test_broken_font_map_is_detected():
    text = "BỘ CÔNG AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSở Y tế tỉnh Khánh Hòa báo cáo kết quả thực hiện công tác phòng, chống dịch bệnh"
    assert _broken_font_map(text).startswith("B¤ C¤NG AN")
    assert "few valid Vietnamese syllables" in (pdf.text_layer_problem(_broken_font_map(text)) or "")


@pytest.mark.parametrize(
    "text",
    [
        "Sở Y tế tỉnh Khánh Hòa báo cáo kết quả thực hiện công tác phòng, chống dịch bệnh trong tháng sáu",
        "Nơi nhận:\n- Như trên;\n- UBND tỉnh (để b/c);\n- TTYT các huyện, thành, thị;\n- Lưu: VT, NVY.\nKT. GIÁM ĐỐC",
        "Số: 12/BC-UBND",
        "| 12 | 2021 | 05 |\n| 3.512 | 1.268 | 98,1% |",  # a table of figures
        "Céng hßa x· héi chñ nghÜa ViÖt Nam, Së Y tÕ tØnh Kh¸nh Hßa b¸o c¸o kÕt qu¶ thùc hiÖn c«ng t¸c",  # TCVN3
    ],
)
def test_good_text_layers_pass(text):
    assert pdf.text_layer_problem(text) is None


def test_ocr_module_reads_the_pages_that_need_it(tmp_path, monkeypatch):
    # The reader runs in a child process (ingest isolates readers): what OCR was asked for is
    # read back from the text it returns.
    def ocr_pdf_pages(path, pages, limits):
        return [(page, f"Nơi nhận: {Path(path).name} trang {page} đọc bằng OCR", 87.5) for page in pages]

    monkeypatch.setitem(sys.modules, "docparse.readers.ocr", types.SimpleNamespace(ocr_pdf_pages=ocr_pdf_pages))
    doc = read_document(GARBAGE_LAYER)
    assert doc.ocr_pages == (2,) and doc.ocr_confidence == 87.5
    assert doc.text[doc.page_starts[1] :] == "Nơi nhận: 152_pdf_garbage_text_layer.pdf trang 2 đọc bằng OCR"
    assert "read by OCR" in doc.warnings[0]


def test_a_scan_without_ocr_fails_with_a_reason(tmp_path):
    page = [(72, 760, "Cong hoa xa hoi chu nghia Viet Nam doc lap tu do hanh phuc bao cao ket qua", "Helvetica")]
    path = write(tmp_path, "scan.pdf", [page, []], invisible=True)
    assert pdf.pages_needing_ocr(path) == [1, 2]
    with pytest.raises(IngestError, match=r"no usable text layer on any page .* OCR is not installed") as info:
        read_document(path)
    assert info.value.path.endswith("scan.pdf")


# --- bad input ----------------------------------------------------------------------------------


def _encrypted(tmp_path: Path) -> Path:
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    sheet = canvas.Canvas(str(path), encrypt="secret")
    sheet.drawString(72, 760, "Bao cao")
    sheet.save()
    return path


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("notpdf.pdf", lambda: b"PK\x03\x04 a zip file", "not a PDF"),
        ("truncated.pdf", lambda: TWO_COLUMNS.read_bytes()[:30000], "corrupt or truncated PDF"),
        ("corrupt.pdf", lambda: b"%PDF-1.4\n" + bytes(range(256)) * 40, "corrupt or truncated PDF"),
    ],
)
def test_bad_files_raise_with_file_and_reason(tmp_path, name, make, reason):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert reason in info.value.reason and info.value.path.endswith(name)


def test_encrypted_pdf_asks_for_decryption(tmp_path):
    with pytest.raises(IngestError, match="encrypted PDF") as info:
        read_document(_encrypted(tmp_path))
    assert info.value.path.endswith("locked.pdf")


def test_too_many_pages(tmp_path):
    with pytest.raises(IngestError, match=r"too many pages \(2, limit 1\)"):
        read_document(BORN_DIGITAL, Limits(max_pages=1))


def test_time_limit(tmp_path):
    with pytest.raises(IngestError, match=r"reading took over 1e-09 s"):
        read_document(BORN_DIGITAL, Limits(max_seconds=1e-9))


def test_missing_eof_marker_is_a_warning(tmp_path):
    path = tmp_path / "noeof.pdf"
    page = [(72, 760, "So: 12/BC-UBND", "Helvetica")]
    path.write_bytes(pdf_bytes([page]).replace(b"%%EOF", b""))
    assert "may be truncated" in read_document(path).warnings[0]


def test_ingest_warnings_reach_the_record():
    record = parse(GARBAGE_LAYER)
    assert record.warnings[0].startswith("page 2: no usable text layer")


def test_a_justified_line_with_wide_gaps_is_no_band(tmp_path):
    page = [
        (72, 760, "Uy ban nhan dan tinh bao cao ket qua thuc hien cong tac phong chong dich", "Helvetica"),
        (72, 746, "Kiem", "Helvetica"),
        (118, 746, "tra", "Helvetica"),  # a stretched line: gaps of about two font sizes
        (154, 746, "thuong", "Helvetica"),
        (211, 746, "xuyen.", "Helvetica"),
    ]
    (got,) = pdf.read_pages(write(tmp_path, "j.pdf", [page]), Limits(), fast=False)
    assert got.layout == "plain"
    assert got.text.endswith(" dich Kiem tra thuong xuyen.")  # one line, wrapped onto the next
