from __future__ import annotations

from docparse import parse_text

STACKED = """UBND TỈNH BẮC GIANG
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/BC-SNV
Bắc Giang, ngày 05 tháng 02 năm 2021

BÁO CÁO
Kết quả công tác cải cách hành chính
quý I năm 2021

Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2021 của UBND tỉnh, Sở Nội vụ báo cáo như sau:
1. Kết quả
"""

INTERLEAVED_PARTY = """TỈNH ỦY BÌNH ĐỊNH
ĐẢNG CỘNG SẢN VIỆT NAM
BAN TUYÊN GIÁO
*
Số 08-HD/BTGTU
Quy Nhơn, ngày 20 tháng 4 năm 2019

HƯỚNG DẪN
tuyên truyền kỷ niệm ngày thành lập Đảng
"""

PORTAL = """Trang chủ
HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH VỀ Ý CHÍ TỰ LỰC, TỰ CƯỜNG.
12/08/2021 08:15 | Lượt xem: 2345
Kết luận của Thường trực Tỉnh ủy về công tác phòng, chống dịch
Ngày 10/8/2021, Thường trực Tỉnh ủy họp.
"""

CONG_VAN = """BỘ Y TẾ
Số: 3848/BYT-DP
V/v triển khai xét nghiệm SARS-CoV-2
trong tình hình mới
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 10 tháng 5 năm 2021

Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.

Nội dung.
"""


def test_stacked_header():
    r = parse_text(STACKED)
    assert (r.number, r.symbol, r.identifier) == ("215", "BC-SNV", "215/BC-SNV")
    assert r.issuer and (r.issuer.name, r.issuer.parent) == ("SỞ NỘI VỤ", "UBND TỈNH BẮC GIANG")
    assert (r.place, r.issue_date) == ("Bắc Giang", "2021-02-05")
    assert r.doc_type and (r.doc_type.code, r.doc_type.name) == ("BC", "Báo cáo")
    assert r.subject == "Kết quả công tác cải cách hành chính quý I năm 2021"
    for key in ("number", "symbol", "identifier", "issuer.name", "issuer.parent", "place", "issue_date", "subject"):
        ev = r.evidence[key]
        assert STACKED[ev.start : ev.end] == ev.text
    assert r.evidence["number"].text == "215"


def test_party_header_interleaved_with_motto():
    r = parse_text(INTERLEAVED_PARTY)
    assert r.identifier == "08-HD/BTGTU" and r.symbol == "HD/BTGTU"
    assert r.issuer and (r.issuer.name, r.issuer.parent) == ("BAN TUYÊN GIÁO", "TỈNH ỦY BÌNH ĐỊNH")
    assert r.doc_type and r.doc_type.name == "Hướng dẫn"
    assert r.subject == "tuyên truyền kỷ niệm ngày thành lập Đảng"


def test_portal_boilerplate_gives_no_fields():
    r = parse_text(PORTAL)
    assert r.published == "2021-08-12"
    assert r.issue_date is None and r.issuer is None and r.identifier is None
    assert r.doc_type and r.doc_type.code == "KL"
    assert r.subject == "Kết luận của Thường trực Tỉnh ủy về công tác phòng, chống dịch"


def test_cong_van_subject_and_type():
    r = parse_text(CONG_VAN)
    assert r.doc_type and (r.doc_type.code, r.doc_type.name) == (None, "Công văn")
    assert r.subject == "V/v triển khai xét nghiệm SARS-CoV-2 trong tình hình mới"
    assert r.issuer and r.issuer.name == "BỘ Y TẾ" and r.issuer.parent is None
    assert [a.text for a in r.addressees] == ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]


def test_blank_number_and_partial_date_are_warned():
    r = parse_text("SỞ NỘI VỤ\nSố: /BC-SNV\nBắc Giang, ngày   tháng 7 năm 2021\nBÁO CÁO\nKết quả\n")
    assert r.number is None and r.identifier == "/BC-SNV"
    assert r.issue_date is None and r.issue_date_partial and r.issue_date_partial.month == 7
    assert "number is blank" in r.warnings and "issue date is incomplete" in r.warnings


def test_plain_prose_gives_no_header_fields():
    r = parse_text("Hôm nay trời đẹp. Số lượng người tham gia là 108 người, tăng 5/6 so với năm trước.")
    assert r.identifier is None and r.issuer is None and r.issue_date is None and r.doc_type is None
    assert "number and symbol not found" in r.warnings


def test_type_and_subject_on_one_line():
    r = parse_text(
        "SỞ Y TẾ\nSố: 12/BC-SYT\nHuế, ngày 02 tháng 3 năm 2020\nBÁO CÁO Kết quả tiêm chủng\nquý I năm 2020\n\nThực hiện.\n"
    )
    assert r.doc_type and r.doc_type.code == "BC"
    assert r.subject == "Kết quả tiêm chủng quý I năm 2020"
    assert r.evidence["doc_type"].text == "BÁO CÁO"


def test_a_subject_wrapped_before_its_years():
    import docparse

    record = docparse.parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC\nSố: 318/UBND-KT\nV/v phòng cháy, chữa cháy rừng mùa khô\n2016 - 2017\n"
        "Bình Phước, ngày 08 tháng 02 năm 2017\nKính gửi: Sở Nông nghiệp và Phát triển nông thôn.\n"
    )
    assert record.subject == "V/v phòng cháy, chữa cháy rừng mùa khô 2016 - 2017"


def test_a_subject_wrapped_before_a_season_and_its_years():
    text = (
        "UBND HUYỆN THANH LIÊM\nSố: 45/UBND-NN\nThanh Liêm, ngày 08 tháng 01 năm 2013\n"
        "V/v chủ động phòng, chống rét\ncho cây trồng vụ Đông\nXuân 2012 - 2013\n\nKính gửi: UBND các xã.\n"
    )
    assert parse_text(text).subject == "V/v chủ động phòng, chống rét cho cây trồng vụ Đông Xuân 2012 - 2013"


def test_a_subject_goes_on_in_a_capitalised_line_right_under_a_line_with_no_closing_mark():
    text = (
        "BỘ Y TẾ\nSố: 1385/BYT-DP\nV/v tăng cường cách ly y tế để phòng, chống dịch\nCOVID-19\n"
        "Hà Nội, ngày 16 tháng 3 năm 2020\nKính gửi: Sở Y tế các tỉnh.\n"
    )
    assert parse_text(text).subject == "V/v tăng cường cách ly y tế để phòng, chống dịch COVID-19"
    text = (
        "SỞ Y TẾ\nSố: 12/SYT-NVY\nV/v phòng, chống sốt xuất huyết\nDengue mùa mưa năm 2023\n"
        "Thực hiện Công văn số 5/BYT-DP của Bộ Y tế, Sở Y tế đề nghị các đơn vị triển khai.\n"
    )
    assert parse_text(text).subject == "V/v phòng, chống sốt xuất huyết Dengue mùa mưa năm 2023"
    text = (
        "SỞ Y TẾ\nSố: 12/SYT-NVY\nV/v phòng, chống sốt xuất huyết\nThực hiện Công văn số 5/BYT-DP, Sở Y tế đề nghị.\n"
    )
    assert parse_text(text).subject == "V/v phòng, chống sốt xuất huyết"


def test_a_subject_naming_work_under_the_type_name_after_a_blank_line():
    text = (
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1862/HD-SGDĐT\nTuyên Quang, ngày 28 tháng 8 năm 2025\n\n**HƯỚNG DẪN**\n\n"
        "**Thực hiện dạy học 2 buổi/ngày đối với giáo dục phổ thông**\n\n"
        "*Thực hiện Công văn số 4567/BGDĐT-GDPT ngày 11/8/2025 của Bộ Giáo dục và Đào tạo;*\n\nNội dung.\n"
    )
    assert parse_text(text).subject == "Thực hiện dạy học 2 buổi/ngày đối với giáo dục phổ thông"


def test_the_youth_unions_motto_anchors_its_header():
    text = (
        "| BCH ĐOÀN TỈNH NGHỆ AN<br>\\*\\*\\*<br>Số: 318-KH/TĐTN-PTTN | **ĐOÀN TNCS HỒ CHÍ MINH**<br><br>"
        "*Nghệ An, ngày 10 tháng 5 năm 2024* |\n|---|---|\n\n**KẾ HOẠCH**\n\n**Tổ chức Chiến dịch hè**\n\n"
        "| TT | Nội dung | Thời gian |\n|---|---|---|\n| 1 | Ra quân | 27/7/2024 |\n"
    )
    record = parse_text(text)
    assert (record.issue_date, record.published, record.subject) == ("2024-05-10", None, "Tổ chức Chiến dịch hè")
