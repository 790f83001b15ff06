from __future__ import annotations

import pytest

from docparse.extract.dates import find_dates, find_place_date, find_stamp
from docparse.segment import split_lines


def frags(text):
    return [f for line in split_lines(text) for f in line.fragments]


@pytest.mark.parametrize(
    ("text", "place", "ymd", "iso"),
    [
        ("Khánh Hòa, ngày 05 tháng 8 năm 2021", "Khánh Hòa", (2021, 8, 5), "2021-08-05"),
        ("Bắc Giang, ngày tháng 7 năm 2021", "Bắc Giang", (2021, 7, None), None),
        ("Hà Giang, ngày      tháng 9 năm 2022", "Hà Giang", (2022, 9, None), None),
        ("Hà Nội, ngày ... tháng ... năm 2023", "Hà Nội", (2023, None, None), None),
        ("TP. Hồ Chí Minh, ngày 5 tháng 01 năm 2024", "TP. Hồ Chí Minh", (2024, 1, 5), "2024-01-05"),
        ("Lâm Đồng, ngày 15 tháng 3\nnăm 2022", "Lâm Đồng", (2022, 3, 15), "2022-03-15"),
        ("Ha Noi, ngay 12 thang 4 nam 2020", "Ha Noi", (2020, 4, 12), "2020-04-12"),
        ("Huế, ngày 31 tháng 02 năm 2021", "Huế", (2021, 2, 31), None),
    ],
)
def test_place_and_date(text, place, ymd, iso):
    found = find_place_date(frags(text))
    assert found is not None
    pd, _ = found
    assert pd.place == place
    assert (pd.year, pd.month, pd.day) == ymd
    assert pd.iso == iso
    start, end = pd.span
    assert text[start:end].startswith(place)


@pytest.mark.parametrize("text", ["Ngày 31/8/2021, Thường trực Tỉnh ủy họp", "năm 2021", "Số: 108/BC-HĐND"])
def test_no_place_date(text):
    assert find_place_date(frags(text)) is None


def test_stamp():
    frag = frags("  25/07/2021 22:23     |  Lượt xem 1122")[0]
    iso, _span = find_stamp(frag)
    assert iso == "2021-07-25"
    assert find_stamp(frags("99/99/2021")[0]) is None


def test_ocr_letter_for_digit_and_flattened_symbol_before_place():
    pd, _ = find_place_date(frags("Hà Nội, ngày O5 tháng 9 năm 2023"))
    assert pd.iso == "2023-09-05"
    pd, _ = find_place_date(frags("Số: 12/KH-SVHTTDL Tây Ninh, ngày 14 tháng 6 năm 2023"))
    assert pd.place == "Tây Ninh"


def test_completion_cue_reaches_over_a_comma():
    from docparse.extract.dates import find_dates

    text = "bảo đảm hoàn thành, đưa vào khai thác trong Quý II/2026."
    assert [(d.value, d.role) for d in find_dates(text)] == [("2026-Q2", "deadline")]


def test_a_range_to_finish_the_work_in_is_due():
    text = "hoàn thành đợt cao điểm từ ngày 21/10 đến ngày 31/10/2016. Đã hoàn thành từ ngày 1/10 đến ngày 5/10/2016."
    assert [d.role for d in find_dates(text)] == ["deadline", "event"]


def test_a_planned_submission_is_no_deadline():
    text = (
        "Bộ đang xây dựng dự thảo, dự kiến trình Chính phủ trong tháng 10/2016. Đề nghị báo cáo trước ngày 5/10/2016."
    )
    assert [d.role for d in find_dates(text)] == ["event", "deadline"]


def test_a_report_due_at_a_meeting_of_a_month():
    text = (
        "Giao Văn phòng tổng hợp kết quả, báo cáo Chủ tịch UBND xã tại phiên họp thường kỳ tháng 12/2025. "
        "Báo cáo Chủ tịch trước ngày 16/3/2026 để xem xét tại cuộc họp giao ban tháng 3/2026."
    )
    assert [d.role for d in find_dates(text)] == ["deadline", "deadline", "event"]


def test_a_range_of_quarters():
    text = "từ Quý III/2015 đến Quý II/2016; Quý III - IV/2019; Quý IV/2019 - Quý I/2019"
    assert [(d.value, d.kind) for d in find_dates(text)] == [
        ("2015-Q3/2016-Q2", "range"),
        ("2019-Q3/2019-Q4", "range"),
    ]  # (a backwards pair is no range, as with months: a typo the reader should see in the text)


def test_a_bare_month_takes_the_year_of_the_month_listed_after_it():
    dates = find_dates("trong tháng 6 và tháng 7/2018; tháng 3", year=2019)
    assert [(d.value, d.year_inferred) for d in dates] == [("2018-06", False), ("2018-07", False), ("2019-03", True)]


def test_a_bare_day_and_month_opens_a_range_only():
    assert [(d.value, d.kind) for d in find_dates("15/10 - 15/11/2019; từ 01/7 đến 15/7/2020")] == [
        ("2019-10-15/2019-11-15", "range"),
        ("2020-07-01/2020-07-15", "range"),
    ]
    assert find_dates("tỷ lệ 1/2 - 2/3 số hộ") == []  # fractions, no year: no dates


def test_parts_of_the_day_in_ranges():
    text = "từ chiều ngày 06/10 đến sáng ngày 07/10/2025; rạng sáng ngày 22/3/2018"
    assert [(d.value, d.kind) for d in find_dates(text, year=2018)] == [
        ("2025-10-06/2025-10-07", "range"),
        ("2018-03-22", "date"),
    ]
    assert [d.value for d in find_dates("báo cáo trước ngày 1O/02/2015.")] == ["2015-02-10"]  # OCR's O for 0
    assert [d.value for d in find_dates("trong Quý IV/2O23; tháng 5/2O19")] == ["2023-Q4", "2019-05"]


def test_a_list_of_months_closing_a_clause_closes_it_with_each():
    text = "kiểm tra tại một số địa phương trong tháng 02/2019 và tháng 3/2019; tổng hợp."
    assert [(d.value, d.closes_clause) for d in find_dates(text)] == [("2019-02", True), ("2019-03", True)]


def test_a_deadline_cue_at_the_foot_of_a_page_reaches_its_date_on_the_next():
    text = "trình UBND Thành phố trước ngày\n\n                 2\n\n     15/12/2023."
    assert [(d.value, d.role) for d in find_dates(text)] == [("2023-12-15", "deadline")]
