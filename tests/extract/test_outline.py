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
