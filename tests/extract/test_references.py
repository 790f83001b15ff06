from __future__ import annotations

from docparse import parse_text
from docparse.extract.references import find_citations, find_references


def test_full_citation_with_type_date_and_issuer():
    text = "Thực hiện Nghị quyết số 68/NQ-CP, ngày 01/7/2021 của Chính phủ về một số chính sách hỗ trợ"
    (c,) = find_citations(text)
    assert c.ident.identifier == "68/NQ-CP"
    assert c.doc_type and c.doc_type.name == "Nghị quyết"
    assert (c.date, c.issuer) == ("2021-07-01", "Chính phủ")
    assert text[c.start : c.end] == "Nghị quyết số 68/NQ-CP"


def test_ocr_variant_and_party_form():
    text = "(Công điện số 680/CD-TTg, Kết luận số 41-KL/TU ngày 11/7/2021 của Ban Thường vụ Tỉnh ủy)"
    found = find_citations(text)
    assert [c.ident.identifier for c in found] == ["680/CĐ-TTg", "41-KL/TU"]
    assert found[1].issuer == "Ban Thường vụ Tỉnh ủy"


def test_old_forms_need_context():
    assert [c.ident.identifier for c in find_citations("Công văn số 60 TC/CĐKT và Nghị định số 178/CP")] == [
        "60 TC/CĐKT",
        "178/CP",
    ]
    assert find_citations("có 1- UBND tỉnh và 2036 TẬP THỂ") == []


def test_short_forms_are_not_full_citations():
    assert find_citations("theo Chỉ thị 15 của Thủ tướng Chính phủ và Công điện 4168") == []


def test_own_identifier_is_not_a_reference():
    r = parse_text(
        "SỞ Y TẾ\nSố: 12/BC-SYT\nBÁO CÁO\nVề việc\n\nBáo cáo số 12/BC-SYT này thay thế Báo cáo số 10/BC-SYT.\n"
    )
    assert [x.identifier for x in r.references] == ["10/BC-SYT"]
    ref = r.references[0]
    assert ref.text == "Báo cáo số 10/BC-SYT"


def test_a_list_of_laws_gives_one_mention_each_and_a_title_may_go_on_after_theo():
    r = parse_text(
        "Tổ chức thực hiện Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Nghị định số "
        "35/2022/NĐ-CP; thực hiện theo Luật Đất đai theo quy định."
    )
    laws = [x.name for x in r.references if x.form == "law"]
    assert laws == ["Luật Đầu tư", "Luật Đầu tư theo phương thức đối tác công tư", "Luật Đất đai"]


def test_a_type_name_that_lost_its_marks_and_a_citation_after_a_law():
    text = "Căn cứ Luật Bảo vệ, chăm sóc và giáo dục trẻ em, Chỉ thi số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị"
    found = find_references(text).citations
    assert [(c.form, c.identifier, c.doc_type.name if c.doc_type else None) for c in found] == [
        ("law", None, "Luật"),
        ("full", "20-CT/TW", "Chỉ thị"),
    ]
    assert text[found[1].start : found[1].end] == "Chỉ thi số 20-CT/TW"
    [quyet] = find_references("theo Quyet dinh so 12/QĐ-UBND").citations
    assert quyet.doc_type.name == "Quyết định"


def test_cues_broken_over_lines_and_basis_lists_parted_by_semicolons():
    text = (
        "Điều 2. Quyết định này có hiệu lực và thay\n       thế Quyết định số 1520/QĐ-UBND ngày 15/8/2011.\n"
        "Thực hiện Kế hoạch số 01-KH/TW ngày 16/3/2021 của Bộ Chính trị về học tập, quán triệt, tuyên truyền;\n"
        "    Chương trình hành động số 05-CTr/TU ngày 10/4/2021 của Tỉnh ủy Phú Thọ, Ban Chấp hành xây dựng"
        " Chương trình như sau:\n"
    )
    cites = parse_text(text).references  # (as the pipeline reads it: wrapped lines joined)
    assert [(c.text, c.role) for c in cites] == [
        ("Quyết định số 1520/QĐ-UBND", "replaces"),
        ("Kế hoạch số 01-KH/TW", "basis"),
        ("Chương trình hành động số 05-CTr/TU", "basis"),
    ]


def test_no_role_from_another_documents_change_nor_a_mid_sentence_theo():
    text = (
        "Trong thời gian Chính phủ chưa ban hành Nghị định thay thế Nghị định số 33/2023/NĐ-CP ngày 10/6/2023, "
        "các trường hợp thu hồi đất trước ngày Luật Đất đai có hiệu lực vẫn giải quyết. Giao Trung tâm Truyền "
        "thông tăng cường truyền thông, theo nội dung Công văn số 3180/BYT-DP ngày 5/6/2022.\n"
    )
    assert [c.role for c in find_references(text).citations] == [None, None, None]


def test_a_citations_date_after_an_ocr_damaged_ngay():
    text = "theo Nghị định số 34/2014/NĐ-CP ngảy 29/4/2014 của Chính phủ; hoàn thành."
    cite = find_references(text).citations[0]
    assert (cite.date, text[cite.date_span[0] : cite.date_span[1]]) == ("2014-04-29", "ngảy 29/4/2014")


def test_laws_and_decrees_listed_after_a_basis_cue_share_it():
    text = (
        "Để khắc phục tình trạng trên, thực hiện Luật Khoáng sản số 60/2010/QH12, Luật Tài nguyên nước năm 2012, "
        "Nghị định số 158/2016/NĐ-CP ngày 29/11/2016 của Chính phủ, Chủ tịch UBND tỉnh yêu cầu:\n"
    )
    assert [c.role for c in find_references(text).citations] == ["basis", "basis", "basis"]


def test_a_change_cue_gives_its_role_only_to_what_it_changes():
    text = (
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đê điều ngày 17 tháng 6 năm 2020; "
        "Luật Phòng thủ dân sự ngày 20 tháng 6 năm 2023;\n"
        "Căn cứ Nghị định số 107/2020/NĐ-CP của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP;\n"
        "Điều 2. Bãi bỏ Quyết định số 12/2015/QĐ-UBND ngày 02/3/2015; Quyết định số 14/2016/QĐ-UBND ngày 02/3/2016.\n"
        "Xử lý theo Nghị định số 100/2019/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số 123/2021/NĐ-CP); "
        "thu hồi đất tại Quyết định số 318/QĐ-UBND; bổ sung kinh phí theo Chỉ thị số 17/CT-UBND.\n"
    )
    spans = [(text[c.start : c.end], c.role) for c in find_references(text).citations]
    roles = [(span.split(" số ")[-1] if "/" in span else span, role) for span, role in spans]
    assert roles == [
        ("Luật sửa đổi, bổ sung một số điều của Luật Đê điều", "basis"),
        ("Luật Phòng thủ dân sự", "basis"),  # the cue is in the title before it
        ("107/2020/NĐ-CP", "basis"),
        ("24/2014/NĐ-CP", "basis"),  # amended by the one cited, not by this document
        ("12/2015/QĐ-UBND", "repeals"),
        ("14/2016/QĐ-UBND", "repeals"),
        ("100/2019/NĐ-CP", None),
        ("123/2021/NĐ-CP", None),  # the amending document acts ("bởi")
        ("318/QĐ-UBND", None),  # land is recovered, not the decision
        ("17/CT-UBND", None),
    ]


def test_a_type_name_in_lower_case_is_no_short_citation():
    text = (
        "phối hợp với Ban Quản lý dự án 2, lập biên bản 86 trường hợp; thực hiện Chỉ thị 15 và các quyết định 86, 87."
    )
    found = [(text[c.start : c.end], c.form) for c in find_references(text).citations]
    assert found == [("Chỉ thị 15", "short"), ("các quyết định 86", "list"), ("87", "list")]


def test_the_date_after_a_list_is_a_cited_date():
    record = parse_text("Thực hiện các Quyết định số 845, 846 ngày 12/5/2015 của Ủy ban nhân dân tỉnh, ...\n")
    assert [(d.value, d.role) for d in record.dates] == [("2015-05-12", "reference")]


def test_an_amending_law_title_ends_at_its_number():
    text = (
        "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức số 52/2019/QH14 "
        "ngày 25/11/2019 và Luật Thi đua, khen thưởng năm 2022;"
    )
    names = [c.name for c in find_references(text).citations]
    assert names == [
        "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức",
        "Luật Thi đua, khen thưởng",
    ]
