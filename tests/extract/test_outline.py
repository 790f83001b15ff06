from __future__ import annotations

from docparse import parse_text

TEXT = """BÁO CÁO
Kết quả

I. ĐÁNH GIÁ CHUNG
1. Công tác chỉ đạo
1.1. Ban hành văn bản
a) Kế hoạch
2. Kết quả đạt được: đã hoàn thành
II. KIẾN NGHỊ
Điều 5 không phải mục.
"""


def test_outline_levels_and_spans():
    r = parse_text(TEXT)
    got = [(i.label, i.level, i.heading) for i in r.outline]
    assert got == [
        ("I", 1, "ĐÁNH GIÁ CHUNG"),
        ("1", 2, "Công tác chỉ đạo"),
        ("1.1", 3, "Ban hành văn bản"),
        ("a", 4, "Kế hoạch"),
        ("2", 2, "Kết quả đạt được"),
        ("II", 1, "KIẾN NGHỊ"),
    ]
    first, second = r.outline[0], r.outline[-1]
    assert TEXT[first.start : first.end].startswith("I. ĐÁNH GIÁ CHUNG")
    assert first.end == second.start


def test_articles():
    r = parse_text("QUYẾT ĐỊNH\nVề việc x\n\nQUYẾT ĐỊNH:\nĐiều 1. Phê duyệt\nĐiều 2. Hiệu lực\n")
    assert [(i.label, i.level) for i in r.outline] == [("Điều 1", 1), ("Điều 2", 1)]


def test_the_last_item_of_a_list_of_paragraphs_ends_with_its_paragraph():
    text = (
        "CÔNG VĂN\nVề việc phòng dịch\n\n"
        "1. Tổ chức quán triệt Chỉ thị.\n\n"
        "2. Sở Y tế chủ trì:\na) Giám sát;\nb) Báo cáo.\n\n"
        "3. Ủy ban nhân dân các huyện thống kê đàn gia cầm.\n\n"
        "Bộ Nông nghiệp và Phát triển nông thôn giao Cục Thú y hướng dẫn.\n"
    )
    last = parse_text(text).outline[-1]
    assert last.label == "3"
    assert text[last.start : last.end].strip() == "3. Ủy ban nhân dân các huyện thống kê đàn gia cầm."
    # a list whose items run over several paragraphs keeps what follows its last item
    text = text.replace("1. Tổ chức quán triệt Chỉ thị.\n\n", "1. Tổ chức quán triệt.\n\nPhổ biến Chỉ thị.\n\n")
    last = parse_text(text).outline[-1]
    assert text[last.start : last.end].rstrip().endswith("hướng dẫn.")


def test_a_lead_in_after_the_last_item_ends_it_in_a_copy_without_blank_lines():
    text = (
        "CÔNG VĂN\nVề việc phòng dịch\n"
        "1. Kiện toàn Ban Chỉ đạo.\n2. Báo cáo tình hình dịch bệnh hằng ngày\ntrước ngày 25/6/2019.\n"
        "Sở Nông nghiệp và Phát triển nông thôn giao:\n- Chi cục Thú y chủ trì kiểm soát.\n"
    )
    last = parse_text(text).outline[-1]
    assert text[last.start : last.end].rstrip().endswith("25/6/2019.")


def test_page_numbers_and_markers_between_pages_do_not_break_a_list_of_paragraphs():
    head = "CÔNG VĂN\nVề việc phòng dịch\n\n1. Tổ chức quán triệt Chỉ thị.\n\n"
    tail = "3. Ủy ban nhân dân các huyện thống kê.\n{marker}\nBộ Nông nghiệp giao Cục Thú y hướng dẫn.\n"
    for marker in ("--- Trang 2 ---\n\n2. Sở Y tế giám sát.\n", "  - 2 -\n\n2. Sở Y tế giám sát.\n"):
        text = head + marker + "\n" + tail.format(marker="                 3")
        last = parse_text(text).outline[-1]
        assert last.label == "3"
        assert text[last.start : last.end].strip() == "3. Ủy ban nhân dân các huyện thống kê."


def test_a_paragraph_between_the_last_item_and_lettered_items_takes_them():
    text = (
        "CÔNG VĂN\nVề việc giải phóng mặt bằng\n\n"
        "1. Chỉ đạo các cơ quan chuyên môn.\n\n"
        "2. Báo cáo kết quả trước ngày 15/10/2023.\n\n"
        "Đối với các đơn vị thuộc Bộ, Bộ Giao thông vận tải yêu cầu:\n\n"
        "a) Các Ban Quản lý dự án bố trí đủ vốn;\n\n"
        "b) Cục Quản lý đầu tư xây dựng kiểm tra.\n"
    )
    items = {o.label: text[o.start : o.end].strip() for o in parse_text(text).outline}
    assert items["2"] == "2. Báo cáo kết quả trước ngày 15/10/2023."
    # indented lettered items under their item stay its own
    text = "CÔNG VĂN\nVề việc X\n\n1. Sở Y tế.\n\n2. UBND các xã:\n\n    a) Ban hành kế hoạch;\n\n    b) Báo cáo.\n"
    assert parse_text(text).outline[1].end == len(text)
