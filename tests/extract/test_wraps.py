"""Soft line breaks: a PDF's wrapped lines become spaces; offsets never move."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docparse.extract.wraps import unwrap


def test_wrapped_sentence_becomes_one_line():
    text = "Thực hiện Kế hoạch của UBND tỉnh, UBND huyện giao cho\nSở Nội vụ chủ trì, phối hợp.\n- Mục khác\n"
    out = unwrap(text, 0, len(text))
    assert out == text.replace("giao cho\n", "giao cho ")


def test_list_entries_headings_and_closed_lines_keep_their_breaks():
    text = (
        "I. MỤC ĐÍCH, YÊU CẦU CỦA KẾ HOẠCH NÀY LÀ NHƯ SAU ĐÂY\nNội dung\n"
        "Đề nghị các đơn vị thực hiện một số nội dung sau:\n1. Rà soát\n"
        "Một dòng dài kết thúc bằng dấu chấm, không nối với dòng sau.\nDòng sau\n"
        "| Cột một của một bảng khá dài để vượt ngưỡng bốn mươi ký tự | b |\n| c | d |\n"
    )
    assert unwrap(text, 0, len(text)) == text


def test_only_the_given_range_is_unwrapped():
    line = "Một câu rất dài được ngắt dòng ở giữa vì bản PDF đã gói dòng"
    text = f"{line}\ntiếp theo.\n{line}\ntiếp theo."
    second = text.index(line, 1)
    out = unwrap(text, second, len(text))
    assert out[:second] == text[:second]
    assert "\n" not in out[second : out.index("tiếp", second)]


@given(st.text(alphabet=st.sampled_from(list("abc ĐđSở.;:-1)\n|\t")), max_size=400))
def test_same_length_only_breaks_change_and_idempotent(text):
    out = unwrap(text, 0, len(text))
    assert len(out) == len(text)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(text, out, strict=True))
    assert unwrap(out, 0, len(out)) == out


def test_a_short_line_after_a_wrapped_one_joins_the_same_sentence():
    long = "x" * 45
    text = f"{long}\nshort\nnext"
    assert unwrap(text, 0, len(text)) == f"{long} short next"


def test_a_line_opening_a_clause_with_a_cue_word_is_no_wrap():
    text = "1. Phổ cập giáo dục mầm non cho trẻ em 5 tuổi\nTriển khai Quyết định 239 của Thủ tướng Chính phủ.\n"
    assert unwrap(text, 0, len(text)) == text


def test_an_item_heading_of_a_line_before_its_sentence_stays_a_line():
    text = "2. Chăm lo hội viên có hoàn cảnh khó khăn\nHội Cựu chiến binh cấp huyện phối hợp hỗ trợ.\n"
    assert unwrap(text, 0, len(text)) == text
    # a list item wrapped after a comma runs on ("Báo Điện Biên" / "Phủ")
    wrapped = "3. Đề nghị Đài Phát thanh - Truyền hình tỉnh, Báo Điện Biên\nPhủ đưa tin.\n"
    assert unwrap(wrapped, 0, len(wrapped)) == wrapped.replace("Biên\nPhủ", "Biên Phủ")
