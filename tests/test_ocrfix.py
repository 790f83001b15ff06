"""OCR anchor repair: the cell split that the title fixer reads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docparse.ocrfix import _CELL, _cells, fix_anchor_words


@given(st.text(alphabet="  \t\n\u00a0\u2003\x0bAĐb.|", max_size=40))
def test_cells_are_the_cell_pattern_matches(text):
    assert list(_cells(text)) == [(m.start(), m.group(0)) for m in _CELL.finditer(text)]


def test_damaged_titles_in_a_column_and_on_a_line_are_repaired():
    text = "Nơi nhận:\n- Như trên;      PHÓ CHŨ TỊCH\n- Lưu: VT.\n\n  CHỖ CHỮ TỊCH  \n"
    fixed = {text[s:e]: new for s, e, new in fix_anchor_words(text)}
    assert fixed["PHÓ CHŨ TỊCH"] == "PHÓ CHỦ TỊCH"
    assert fixed["CHỖ CHỮ TỊCH"] == "PHÓ CHỦ TỊCH"  # one letter from it, two from "CHỦ TỊCH"


def test_a_word_ending_a_table_cell_line_is_not_judged_without_its_next_word():
    text = "7    Tuyên truyền      Báo Đồng Khởi; Hội Nông     Tháng 12/2021\n                        dân tỉnh\n"
    assert fix_anchor_words(text) == []
    assert fix_anchor_words("Thủ trướng Chính phủ") == [(4, 10, "tướng")]
