"""Fixed-width plan tables (pdftotext -layout): cells read by column, rows by number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import docparse
from docparse.extract.layout_tables import find_layout_tables
from docparse.segment import split_lines

TABLE = (
    "TT  Nội dung nhiệm vụ               Cơ quan chủ trì    Cơ quan phối hợp      Thời gian hoàn thành\n"
    "1   Tổ chức hội nghị triển khai     Sở Nông nghiệp và  UBND các huyện,       Tháng 7/2019\n"
    "    Chương trình năm 2019           PTNT               thành phố\n"
    "\n"
    "2   Khảo sát, lựa chọn sản phẩm     Sở Y tế            Sở Công Thương; Liên  15/10 - 15/11/2019\n"
    "                                                       minh Hợp tác xã tỉnh\n"
    "                                                 7\n"
    "3   Tuyên truyền trên Báo tỉnh      Sở Thông tin và    Báo Thái Nguyên       Thường xuyên\n"
    "                                    Truyền thông\n"
)


def _tables(text: str):
    return find_layout_tables(text, split_lines(text), 0, len(text))


def test_cells_join_their_lines_within_the_column():
    text = "Phân công như sau:\n" + TABLE + "Điều 3. Hiệu lực.\n"
    [table] = _tables(text)
    assert table.columns == {"label": 0, "content": 1, "lead": 2, "partner": 3, "time": 4}
    rows = [[c.text for c in row.cells[1:]] for row in table.rows]
    assert [row.label for row in table.rows] == ["1", "2", "3"]
    assert rows[0] == [
        "Tổ chức hội nghị triển khai Chương trình năm 2019",
        "Sở Nông nghiệp và PTNT",
        "UBND các huyện, thành phố",
        "Tháng 7/2019",
    ]
    assert rows[1][2] == "Sở Công Thương; Liên minh Hợp tác xã tỉnh"  # the page number "7" is left out
    assert rows[2][1] == "Sở Thông tin và Truyền thông"
    lead = table.rows[0].cells[2]
    start, end = lead.span(0, len(lead.text))  # evidence runs from the cell's first line to its last
    assert text[start:end].startswith("Sở Nông nghiệp và") and text[start:end].endswith("PTNT")
    assert text[table.end :].startswith("\nĐiều 3")  # the article after the table is not a row


def test_a_wrapped_heading_row_and_a_label_one_space_from_its_cell():
    text = (
        "STT  Nội dung         Cơ quan      Cơ quan        Thời gian\n"
        "                      chủ trì      phối hợp       thực hiện\n"
        "1 Kiểm tra an toàn    Sở Y tế      Công an tỉnh   Quý III/2024\n"
    )
    [table] = _tables(text)
    assert set(table.columns) >= {"lead", "partner", "time"}
    assert [c.text for c in table.rows[0].cells] == ["", "Kiểm tra an toàn", "Sở Y tế", "Công an tỉnh", "Quý III/2024"]


def test_text_in_columns_without_plan_headings_is_no_table():
    text = "Họ và tên          Chức vụ          Đơn vị\nNguyễn Văn An      Giám đốc         Sở Y tế\n"
    assert _tables(text) == []


HEAD = """ỦY BAN NHÂN DÂN
TỈNH THÁI NGUYÊN
Số: 1873/QĐ-UBND
Thái Nguyên, ngày 28 tháng 6 năm 2019
QUYẾT ĐỊNH
Về việc phê duyệt Kế hoạch
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Kế hoạch với phân công sau:
"""
TAIL = """Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Lê Quang Tiến
"""


def test_rows_become_tasks_with_the_time_cell_as_deadline():
    record = docparse.parse_text(HEAD + TABLE + TAIL)
    assert [(t.label, t.assignees, t.partners, t.deadline) for t in record.tasks] == [
        ("1", ["Sở Nông nghiệp và Phát triển nông thôn"], ["Ủy ban nhân dân cấp huyện"], "2019-07"),
        ("2", ["Sở Y tế"], ["Sở Công Thương", "Liên minh Hợp tác xã tỉnh"], "2019-10-15/2019-11-15"),
        ("3", ["Sở Thông tin và Truyền thông"], ["Báo Thái Nguyên"], None),
    ]
    assert record.tasks[0].text == "Tổ chức hội nghị triển khai Chương trình năm 2019"
    assert ("2019-10-15/2019-11-15", "deadline") in [(d.value, d.role) for d in record.dates]
    names = [a.name for a in record.agencies]
    assert "Liên minh Hợp tác xã tỉnh" in names and not any("Quý" in n or "Tháng" in n for n in names)
    # The authority line before "Căn cứ" is no subject: a verb after a blank line is not its verb.
    assert all(t.label is not None for t in record.tasks)


STACKED = """TT
Nội dung hoạt động
Cơ quan chủ trì
Cơ quan phối hợp
Thời gian hoàn
thành
1
Tổng hợp, báo cáo kết quả
Tháng hành động
Sở Nông nghiệp và
PTNT
Chi cục Chăn nuôi và
Thú y; UBND các huyện,
thị xã, thành phố
Từ 18/4 đến
13/5/2019
                                                  2
2
Tuyên truyền trên báo, đài
Sở Thông tin và
Truyền thông
Báo Vĩnh Long; Đài
Phát thanh và Truyền
hình Vĩnh Long
Suốt Tháng hành
động
IV. TỔ CHỨC THỰC HIỆN
"""


def test_a_table_copied_one_cell_per_line_is_read_in_column_order():
    [table] = _tables(STACKED)
    assert table.columns == {"label": 0, "content": 1, "lead": 2, "partner": 3, "time": 4}
    rows = [[c.text for c in row.cells[1:]] for row in table.rows]
    assert rows == [
        [
            "Tổng hợp, báo cáo kết quả Tháng hành động",  # "Tháng" in the content opens no time cell
            "Sở Nông nghiệp và PTNT",  # the lead is told by its first line read with the next
            "Chi cục Chăn nuôi và Thú y; UBND các huyện, thị xã, thành phố",
            "Từ 18/4 đến 13/5/2019",  # the page number "2" after it is left out
        ],
        [
            "Tuyên truyền trên báo, đài",
            "Sở Thông tin và Truyền thông",
            "Báo Vĩnh Long; Đài Phát thanh và Truyền hình Vĩnh Long",
            "Suốt Tháng hành động",
        ],
    ]
    assert STACKED[table.end :].startswith("\nIV. TỔ CHỨC")  # the section after the table is no cell


def test_rows_of_a_table_copied_one_cell_per_line_become_tasks():
    record = docparse.parse_text(HEAD + STACKED.replace("IV. TỔ CHỨC THỰC HIỆN\n", "") + TAIL)
    assert [(t.label, t.assignees, t.partners) for t in record.tasks] == [
        ("1", ["Sở Nông nghiệp và Phát triển nông thôn"], ["Chi cục Chăn nuôi và Thú y", "Ủy ban nhân dân cấp huyện"]),
        ("2", ["Sở Thông tin và Truyền thông"], ["Báo Vĩnh Long", "Đài Phát thanh và Truyền hình tỉnh"]),
    ]
    assert record.tasks[0].deadline.endswith("2019-05-13")  # the time cell, read whole
    assert not any(o.label in ("1", "2") for o in record.outline)  # the row labels are no list items


FLOWING = """TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
1 | Tổ chức Hội nghị hiệp thương, lập danh sách sơ bộ người ứng cử đại
biểu HĐND phường | Ban Thường trực Ủy ban MTTQ Việt Nam phường | UBND phường,
Thường trực HĐND phường | Trước ngày 15/01/2026
2 | Tổ chức hội nghị cử tri nơi cư trú |
Ủy ban nhân dân phường | Công an phường
| Từ ngày 16/01 đến ngày 25/01/2026
III. TỔ CHỨC THỰC HIỆN
"""


def test_a_pipe_table_whose_rows_wrap_over_lines_is_read_cell_by_cell():
    [table] = _tables(FLOWING)
    assert [[c.text for c in row.cells] for row in table.rows] == [
        [
            "",
            "Tổ chức Hội nghị hiệp thương, lập danh sách sơ bộ người ứng cử đại biểu HĐND phường",
            "Ban Thường trực Ủy ban MTTQ Việt Nam phường",
            "UBND phường, Thường trực HĐND phường",
            "Trước ngày 15/01/2026",
        ],
        [
            "",
            "Tổ chức hội nghị cử tri nơi cư trú",
            "Ủy ban nhân dân phường",
            "Công an phường",
            "Từ ngày 16/01 đến ngày 25/01/2026",
        ],
    ]
    assert FLOWING[table.end :].startswith("\nIII.")
    # Rows of one line each stay with the plain pipe-table reader.
    assert _tables("TT | Nội dung | Cơ quan chủ trì | Thời gian\n1 | Kiểm tra | Sở Y tế | Quý I/2024\n") == []


GRID = """| TT | Nội dung công việc                 | Đơn vị chủ trì         | Đơn vị phối hợp          | Thời gian    |
|    |                                    |                        |                          | hoàn thành   |
|----|------------------------------------|------------------------|--------------------------|--------------|
| 1  | Rà soát, cập nhật danh sách doanh  | Phòng Quản lý thương   | Phòng Kế hoạch - Tài     | Trước ngày   |
|    | nghiệp, điểm bán hàng thiết yếu    | mại                    | chính - Tổng hợp         | 12/8/2021    |
| 2  | Tổ chức các điểm bán hàng lưu động | Trung tâm Khuyến công  | Tỉnh đoàn                | Thường xuyên |
|    |                                    | và Xúc tiến thương mại |                          |              |
"""


def test_a_markdown_table_whose_cells_run_over_lines_is_read_row_by_row():
    [table] = _tables(GRID)
    assert table.columns["lead"] == 2 and table.columns["time"] == 4
    assert [[c.text for c in row.cells[1:]] for row in table.rows] == [
        [
            "Rà soát, cập nhật danh sách doanh nghiệp, điểm bán hàng thiết yếu",
            "Phòng Quản lý thương mại",
            "Phòng Kế hoạch - Tài chính - Tổng hợp",
            "Trước ngày 12/8/2021",
        ],
        [
            "Tổ chức các điểm bán hàng lưu động",
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            "Tỉnh đoàn",
            "Thường xuyên",
        ],
    ]
    # One line a row: the plain pipe-table reader's.
    assert (
        _tables(
            "| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Kiểm tra | Sở Y tế | Quý I |\n"
        )
        == []
    )


def test_heading_lines_without_a_lead_column_are_no_table():
    text = "TT\nHọ và tên\nChức vụ\nĐơn vị\n1\nNguyễn Văn An\nGiám đốc\nSở Y tế\n"
    assert _tables(text) == []


LINES = [
    "STT  Nội dung      Cơ quan chủ trì   Cơ quan phối hợp   Thời gian",
    "TT   Công việc     Đơn vị chủ trì    Phối hợp            Thời hạn",
    "1    Kiểm tra      Sở Y tế           Công an tỉnh       Quý I/2024",
    "2 Rà soát hồ sơ    Sở Nội vụ         UBND các huyện     Trước ngày 15/3",
    "     tiếp theo      và PTNT           thành phố",
    "                                   3",
    "Điều 3. Hiệu lực.",
    "",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([*LINES, *STACKED.splitlines(), *FLOWING.splitlines(), *GRID.splitlines()]),
            st.text(alphabet=" ab1.|\tCơSởT", max_size=40),
        ),
        max_size=16,
    )
)
def test_cells_point_at_their_characters(lines):
    text = "\n".join(lines)
    for table in _tables(text):
        assert 0 <= table.start <= table.end <= len(text)
        for row in table.rows:
            for cell in row.cells:
                assert len(cell.pos) == len(cell.text)
                for ch, at in zip(cell.text, cell.pos, strict=True):
                    assert ch == " " or text[at] == ch  # a joining space maps to the next piece
