from __future__ import annotations

import pytest

from docparse.extract import anchors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ("CHỖ CHỮ TỊCH", "PHÓ CHỦ TỊCH"),
        ("BÍ THƯ", "BÍ THƯ"),
        ("THỨ TRƯỞNG", "THỨ TRƯỞNG"),
    ],
)
def test_title_of(text, expected):
    assert anchors.title_of(text) == expected


@pytest.mark.parametrize("text", ["Nguyễn Văn A", "ỦY BAN NHÂN DÂN", "Lưu: VT", "KT. CHỦ TỊCH xyz abc def"])
def test_not_a_title(text):
    assert anchors.title_of(text) is None


@pytest.mark.parametrize(
    "text", ["Nguyễn Quang Đông", "TRẦN MẠNH DŨNG", "Đỗ Thị Lệ Hảo", "Lê Quang Vinh", "H'Yăm Mlô", "H'Linh Niê"]
)
def test_person_names(text):
    assert anchors.is_person_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "PHÓ CHÁNH VĂN PHÒNG",
        "VĂN PHÒNG TỈNH ỦY",
        "Sở Y tế",
        "Như trên",
        "Trương",
        "Nguyễn Văn 3",
        "CHỦ TỊCH",
        "H'Yăm Tuyết",
    ],
)
def test_not_person_names(text):
    assert not anchors.is_person_name(text)


@pytest.mark.parametrize(
    "text", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ", "KT/ BỘ TRƯỞNG", "K/T TRƯỞNG BAN"]
)
def test_authority_prefix(text):
    assert anchors.authority_prefix(text)


@pytest.mark.parametrize("text", ["TRƯỞNG BAN", "Tăng cường", "Kết luận"])
def test_no_authority_prefix(text):
    assert anchors.authority_prefix(text) is None


def test_markers():
    assert anchors.is_recipients_marker("Nơi nhân:") and anchors.is_recipients_marker("NƠI NHẬN")
    assert anchors.is_recipients_marker("Nội dung") is None
    assert anchors.is_addressees_marker("Kính gửi: Sở Y tế") == len("Kính gửi:")
    assert anchors.number_prefix("Sð: 3473") and anchors.number_prefix("Số 52-KL/TU")
    assert anchors.number_prefix("Sở Y tế") is None


def test_motto_and_marks():
    assert anchors.is_motto("Độc lập – Tự do – Hạnh phúc")
    assert anchors.is_motto("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert not anchors.is_motto("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA")
    assert anchors.is_mark("HỎA TỐC") and not anchors.is_mark("SỞ Y TẾ")


def test_boilerplate():
    assert anchors.is_boilerplate("Số lượt truy cập : 17.853.733")
    assert not anchors.is_boilerplate("Đồng chí Trần Mạnh Dũng cũng chia sẻ những khó khăn của các cơ quan")
    assert anchors.is_boilerplate("Email: khaothi@moet.gov.vn")  # a portal's footer
    # ... but a wrapped last sentence of the document, closed by "./.", is the document's own.
    assert not anchors.is_boilerplate("email: khaothi@moet.gov.vn) để được hướng dẫn./.")
    # A marker inside a line only among a portal's separators: a wrapped table cell is the document's.
    assert not anchors.is_boilerplate("kết nối, chia sẻ dữ liệu với các")
    assert not anchors.is_boilerplate("trên môi trường mạng, gửi qua email: vanthu@moh.gov.vn,")
