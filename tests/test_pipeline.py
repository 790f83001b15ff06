"""Whole-pipeline invariants: parsing never raises and every evidence span is honest."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docparse import parse_text
from docparse.models import DocumentRecord

from .conftest import sample_files

# Text made of the pieces documents are made of, so the extractors are really exercised.
PIECES = [
    "Số: 108/BC-HĐND",
    "Sð: 12 /KH-UBND",
    "Khánh Hòa, ngày 05 tháng 8 năm 2021",
    "ngày   tháng 7",
    "năm 2021",
    "UBND TỈNH BẮC GIANG",
    "SỞ NỘI VỤ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "BÁO CÁO",
    "V/v tăng cường",
    "Kính gửi:",
    "- Sở Y tế;",
    "Nơi nhận:",
    "- Lưu: VT.",
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "CHỖ CHỮ TỊCH",
    "Nguyễn Quang Đông",
    "Nghị quyết số 68/NQ-CP, ngày 01/7/2021 của Chính phủ",
    "1. Nội dung",
    "a) Việc",
    "| **Nơi nhận:** <br>- A;<br>- Lưu: VT. | **CHỦ TỊCH** |",
    "25/07/2021 22:23 | Lượt xem 1122",
    "## **THÔNG BÁO**",
    "Ðộc lập\u00a0",
    "e\u0301\u00ad\u200b",
    "./.",
    "",
    "          ",
]
document_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40).map(
    lambda parts: "\n".join(parts)
)


def check_evidence(record: DocumentRecord, source: str) -> None:
    for key, ev in record.evidence.items():
        assert 0 <= ev.start <= ev.end <= len(source), key
        assert source[ev.start : ev.end] == ev.text, key
    for item in [*record.recipients, *record.addressees, *record.outline, *record.references]:
        assert 0 <= item.start <= item.end <= len(source)
    for ref in record.references:
        assert source[ref.start : ref.end] == ref.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_text)
def test_parse_never_raises_and_evidence_slices_source(text):
    record = parse_text(text)
    check_evidence(record, text)
    assert parse_text(text) == record  # deterministic


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_parse_arbitrary_text(text):
    check_evidence(parse_text(text), text)


def test_samples_evidence_points_into_the_file():
    from docparse.ingest import read_document

    for path in sample_files():
        source = read_document(path).text  # some samples are legacy bytes, not UTF-8
        record = parse_text(source, path=str(path))
        check_evidence(record, source)


def test_paged_sources_give_pages_for_offsets():
    from docparse.ingest import SourceDocument
    from docparse.pipeline import parse_source

    text = (
        "UBND TỈNH KHÁNH HÒA\nSố: 12/TB-UBND\nKhánh Hòa, ngày 05 tháng 8 năm 2021\f"
        "THÔNG BÁO\nKết luận\nNơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Lưu Trung\n"
    )
    second = text.index("\f") + 1
    doc = SourceDocument(path=None, text=text, sha256=None, format="pdf", encoding=None, page_starts=(0, second))
    record = parse_source(doc)
    assert record.source.page_starts == [0, second]
    assert record.evidence["number"].page == 1
    assert record.evidence["signer.name"].page == 2
    assert record.source.page_of(record.evidence["signer.name"].start) == 2
