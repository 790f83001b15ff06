from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from docparse.segment import _needs_cleaning, join_fragments, split_lines


def texts(line):
    return [f.text for f in line.fragments]


def test_markdown_marks_are_removed_and_offsets_kept():
    text = "## **BÁO CÁO**\n*[Signature]*"
    lines = split_lines(text)
    frag = lines[0].fragments[0]
    assert frag.text == "BÁO CÁO"
    start, end = frag.span()
    assert text[start:end] == "BÁO CÁO"
    assert texts(lines[1]) == ["[Signature]"]


def test_flattened_columns_split_on_space_runs():
    line = split_lines("UBND TỈNH NGHỆ AN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0]
    assert texts(line) == ["UBND TỈNH NGHỆ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert line.fragments[1].col > 20


def test_table_cells_and_br_parts():
    lines = split_lines("| **Nơi nhận:** <br>- Như trên;<br>- Lưu: VT. | **CHỦ TỊCH** |\n|---|---|")
    assert texts(lines[0]) == ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "CHỦ TỊCH"]
    assert lines[1].fragments == []


def test_cells_wrapped_over_lines_open_and_close_with_one_pipe():
    lines = split_lines("| ỦY BAN NHÂN DÂN\nXÃ YÊN LẠC\n(Đã ký)\n\nNguyễn Văn Thắng |")
    assert [texts(line) for line in lines] == [
        ["ỦY BAN NHÂN DÂN"],
        ["XÃ YÊN LẠC"],
        ["(Đã ký)"],
        [],
        ["Nguyễn Văn Thắng"],
    ]


def test_single_spaces_do_not_split():
    assert texts(split_lines("Sở Du lịch  phối hợp")[0]) == ["Sở Du lịch phối hợp"]


def test_join_fragments_maps_every_character():
    text = "Lâm Đồng, ngày 15 tháng 3\nnăm 2022"
    lines = split_lines(text)
    joined = join_fragments([lines[0].fragments[0], lines[1].fragments[0]])
    assert joined.text == "Lâm Đồng, ngày 15 tháng 3 năm 2022"
    start, end = joined.span()
    assert text[start:end] == text


# The test as one plain pattern; `_needs_cleaning` writes it to open on a class (faster).
_PLAIN_NEEDS_CLEANING = re.compile(r"[*`\\_\t]|\s\s|^\s*[#>]")


@given(st.text(alphabet=" \t\u00a0\u2003*`\\_#>a.Đ", max_size=12))
def test_needs_cleaning_answers_as_the_plain_pattern(seg):
    assert _needs_cleaning(seg) == bool(_PLAIN_NEEDS_CLEANING.search(seg))


def test_a_right_column_glued_on_with_one_space():
    cells = [
        [f.text for f in split_lines(t)[0].fragments]
        for t in (
            "UBND TỈNH ĐỒNG THÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Nơi nhận: KT. GIÁM ĐỐC",
            "- Như trên; PHÓ GIÁM ĐỐC",
            "- Giám đốc, các PGĐ Sở; Trần Thị Thu Hà",
            "- Sở Y tế; Sở Nội vụ;",
        )
    ]
    assert cells == [
        ["UBND TỈNH ĐỒNG THÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Nơi nhận:", "KT. GIÁM ĐỐC"],
        ["- Như trên;", "PHÓ GIÁM ĐỐC"],
        ["- Giám đốc, các PGĐ Sở;", "Trần Thị Thu Hà"],
        ["- Sở Y tế; Sở Nội vụ;"],
    ]


def test_a_word_table_cell_run_together_as_emphasis_runs_is_split_into_its_lines():
    from docparse.segment import split_lines

    line = split_lines(
        "| UBND TỈNH VĨNH LONG **SỞ VĂN HÓA** | **KT. GIÁM ĐỐC** **PHÓ GIÁM ĐỐC** *(Đã ký)* **Lê Văn An** |"
    )[0]
    assert [f.text for f in line.fragments] == [
        "UBND TỈNH VĨNH LONG",
        "SỞ VĂN HÓA",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "(Đã ký)",
        "Lê Văn An",
    ]
    # (bold words inside a sentence of a cell stay in it)
    row = split_lines("| 1 | Đề nghị **UBND tỉnh** chỉ đạo |")[0]
    assert [f.text for f in row.fragments] == ["1", "Đề nghị UBND tỉnh chỉ đạo"]
