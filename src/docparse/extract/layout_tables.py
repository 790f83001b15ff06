"""Plan tables laid out in fixed-width columns, as `pdftotext -layout` prints them.

    TT  Nội dung nhiệm vụ               Cơ quan chủ trì    Cơ quan phối hợp      Thời gian
    1   Tổ chức hội nghị triển khai     Sở Nông nghiệp và  UBND các huyện,       Tháng 7/2019
        Chương trình OCOP năm 2019      PTNT               thành phố

A cell wraps onto the following lines inside its column, so read line by line the text mixes
columns ("Sở Nông nghiệp và  UBND các huyện,"). The columns are where the heading row puts its
labels; every run of text goes to the column it starts in, and a row's cell is its pieces in
that column joined by spaces, with a map from each character back to the text. Extractors read
the cells, and the mixed lines are kept from them.

Tables copied from a PDF one cell per line (`_read_stacked_table`), pipe tables whose rows wrap
over lines (`_read_flowing_table`) and markdown tables whose cells run over several grid lines
(`_read_grid_table`) are read into the same rows and cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..lexicon import open_ending
from ..segment import Line, is_table_rule
from .agencies import AgencyMatch, find_agencies
from .dates import DateMention, find_dates
from .tasks import TaskMatch, plan_column_roles

# A run of text: characters up to two spaces in a row (single spaces stay inside a cell).
_RUN = re.compile(r"\S+(?: \S+)*")
# A row opens with its number in the first column: "1", "2.1", "IV", "a)".
_ROW_LABEL = re.compile(r"(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zđ])[.)]?")
_LABEL_THEN_TEXT = re.compile(rf"({_ROW_LABEL.pattern}) (?=\S)")
_LABEL_HEADS = ("tt", "stt", "số tt", "số thứ tự")
_CONTENT_WORDS = ("nội dung", "nhiệm vụ", "công việc", "hoạt động")
_MAX_HEADING_LINES = 3
_SLACK = 2  # a run may start this many characters left of its column (centred or ragged text)


@dataclass
class Cell:
    """A cell's text, its pieces' lines joined by single spaces, and the offset of each character."""

    text: str = ""
    pos: list[int] = field(default_factory=list)
    pieces: list[tuple[int, int]] = field(default_factory=list)

    def add(self, start: int, piece: str) -> None:
        if self.text:
            self.text += " "
            self.pos.append(start)  # the joining space points at the next piece
        self.text += piece
        self.pos.extend(range(start, start + len(piece)))
        self.pieces.append((start, start + len(piece)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the text of cell characters start:end."""
        return self.pos[start], self.pos[end - 1] + 1


@dataclass
class Row:
    label: str | None
    start: int
    end: int
    cells: list[Cell]


@dataclass
class LayoutTable:
    start: int  # the heading row's first character
    end: int  # the last row's last character
    columns: dict[str, int]  # "label", "content", "lead", "partner", "time" -> column index
    rows: list[Row]
    lines: list[int]  # indexes of the lines the table covers

    def cell(self, row: Row, role: str) -> Cell | None:
        index = self.columns.get(role)
        return row.cells[index] if index is not None else None


def find_layout_tables(text: str, lines: list[Line], start: int, end: int) -> list[LayoutTable]:
    """Plan tables among the lines in text[start:end] that a line-by-line reading would garble:
    fixed-width columns, cells one per line, pipe rows wrapped over lines, grid cells over lines."""
    tables: list[LayoutTable] = []
    i = 0
    while i < len(lines):
        table = _table_at(text, lines, i, end) if start <= lines[i].start < end else None
        if table is not None:
            tables.append(table)
            i = table.lines[-1] + 1
            continue
        i += 1
    return tables


def _table_at(text: str, lines: list[Line], i: int, end: int) -> LayoutTable | None:
    """The table whose heading is line i, read by the reader its shape calls for."""
    raw = lines[i].raw
    if _may_head(lines[i]):
        return _read_table(text, lines, i, end)
    if raw.strip().lower() in _LABEL_HEADS:
        return _read_stacked_table(lines, i, end)
    if raw.count("|") >= 3 and not raw.lstrip().startswith("|"):
        return _read_flowing_table(lines, i, end)
    if raw.lstrip().startswith("|") and raw.count("|") >= 5:
        return _read_grid_table(lines, i, end)
    return None


def _runs(line: Line) -> list[tuple[int, int, str]]:
    """(column, offset, text) of each run of the line."""
    return [(m.start(), line.start + m.start(), m.group(0)) for m in _RUN.finditer(line.raw)]


def _may_head(line: Line) -> bool:
    raw = line.raw
    return "  " in raw and "|" not in raw and "\t" not in raw and len(_RUN.findall(raw)) >= 3


def _is_row_start(runs: list[tuple[int, int, str]], columns: list[int]) -> bool:
    return bool(runs) and runs[0][0] < columns[1] - _SLACK and bool(_ROW_LABEL.fullmatch(runs[0][2]))


def _read_table(text: str, lines: list[Line], first: int, end: int) -> LayoutTable | None:
    columns = [col for col, _, _ in _runs(lines[first])]
    heads = [""] * len(columns)
    k = first
    # The heading row may wrap ("Cơ quan" over "chủ trì"): its lines run to the first numbered row.
    while k < len(lines) and k - first < _MAX_HEADING_LINES and lines[k].start < end:
        runs = list(_split_at_columns(_runs(lines[k]), columns))
        if k > first and (not runs or _is_row_start(runs, columns)):
            break
        for col, _, piece in runs:
            j = _column_of(col, columns)
            if j is None:
                return None
            heads[j] = f"{heads[j]} {piece}".strip()
        k += 1
    roles = _roles(heads)
    if roles is None:
        return None
    rows: list[Row] = []
    covered = list(range(first, k))
    blank_run = 0
    while k < len(lines) and lines[k].start < end:
        line = lines[k]
        if any(_crossed(col, piece, columns) >= 2 for col, _, piece in _runs(line)):
            break  # running text over three columns: the table has ended ("III. TỔ CHỨC THỰC HIỆN ...")
        runs = list(_split_at_columns(_runs(line), columns))
        if not runs:
            blank_run += 1
            if blank_run > 1 and not _row_after_blanks(lines, k, end, columns):
                break  # (a page break's blank lines before the next row do not end the table)
            k += 1
            continue
        blank_run = 0
        if "|" in line.raw or "\t" in line.raw:
            break
        if len(runs) == 1 and runs[0][2].isdigit() and runs[0][0] >= columns[1]:
            covered.append(k)  # a page number printed inside the table
            k += 1
            continue
        if _is_row_start(runs, columns):
            rows.append(Row(runs[0][2].rstrip(".)"), line.start, line.end, [Cell() for _ in columns]))
            runs = runs[1:] if roles.get("label") == 0 else runs
        elif not rows or runs[0][0] < columns[1] - _SLACK:
            break  # text in the number column that is no number: the table has ended
        row = rows[-1]
        for col, offset, piece in runs:
            j = _column_of(col, columns)
            if j is None:
                break
            row.cells[j].add(offset, piece)
        row.end = line.end
        covered.append(k)
        k += 1
    if not rows:
        return None
    while covered and not lines[covered[-1]].raw.strip():
        covered.pop()
    return LayoutTable(lines[first].start, rows[-1].end, roles, rows, covered)


# Tables copied from a PDF one cell per line, each cell wrapped over lines of its own:
#
#     TT / Nội dung hoạt động / Cơ quan chủ trì / Cơ quan phối hợp / Thời gian hoàn / thành
#     1 / Tổ chức Lễ phát động Tháng / hành động ... / Chi cục An toàn vệ / sinh thực phẩm /
#     Chi cục Quản lý chất / lượng ...; Trung tâm / Kiểm soát bệnh tật tỉnh / 15/4/2022 / 2 / ...
#
# Nothing marks where a cell ends, so a row's lines are read in column order: the content, then
# the lead body from the first line that opens with an agency, the partners from the next such
# line, the time from the first line that opens like a time. A line that opens in lower case,
# or follows one ending on a comma or a word a phrase cannot end on, goes on with its cell.
_STACKED_TIME = re.compile(
    r"(?:\d{1,2}[/.-]\d|(?:trước|từ|tháng|quý|năm|hằng|hàng|thường xuyên|suốt|trong|chậm nhất|đến|ngày|"
    r"định kỳ|cả năm|sau khi|tuần)(?!\w))",
    re.IGNORECASE,
)
_MAX_STACKED_HEAD = 40  # characters of a heading cell's line
_MAX_STACKED_CELL = 60  # a longer line is running text: the table has ended
_MAX_STACKED_COLUMNS = 8
_CELL_GOES_ON = re.compile(r"[,;:&+\-–(/]$")


def _stacked_heads(lines: list[Line], first: int, end: int) -> tuple[list[str], int] | None:
    """The heading cells after "TT", a wrapped heading ("Thời gian hoàn" / "thành") joined."""
    heads = [lines[first].raw.strip()]
    k = first + 1
    while k < len(lines) and lines[k].start < end and len(heads) <= _MAX_STACKED_COLUMNS:
        text = lines[k].raw.strip()
        if not text or len(text) > _MAX_STACKED_HEAD or _ROW_LABEL.fullmatch(text):
            break
        if text[0].islower() and len(heads) > 1:
            heads[-1] = f"{heads[-1]} {text}"
        else:
            heads.append(text)
        k += 1
    return (heads, k) if len(heads) >= 4 else None


def _goes_on(previous: str, text: str) -> bool:
    return text[:1].islower() or bool(_CELL_GOES_ON.search(previous)) or open_ending(previous)


def _opens_with_agency(lines: list[Line], k: int, end: int) -> bool:
    """Whether line k opens with an agency's name, read with the next line ("Sở Nông nghiệp và" / "PTNT")."""
    text = lines[k].raw.strip()
    if k + 1 < len(lines) and lines[k + 1].start < end:
        text = f"{text} {lines[k + 1].raw.strip()}"
    return any(a.start == 0 for a in find_agencies(text))


def _plan_roles(heads: list[str]) -> dict[str, int] | None:
    """The column roles of a table whose first column numbers its rows, or None."""
    roles = _roles(heads)
    return roles if roles is not None and roles.get("label") == 0 else None


def _new_row(label: str, line: Line, width: int) -> Row:
    return Row(label.strip().rstrip(".)"), line.start, line.end, [Cell() for _ in range(width)])


def _table(
    lines: list[Line], first: int, roles: dict[str, int], rows: list[Row], covered: list[int]
) -> LayoutTable | None:
    """The table read, or None when no row names its lead body."""
    if not any(r.cells[roles["lead"]].text for r in rows):
        return None
    return LayoutTable(lines[first].start, rows[-1].end, roles, rows, covered)


def _read_stacked_table(lines: list[Line], first: int, end: int) -> LayoutTable | None:
    found = _stacked_heads(lines, first, end)
    if found is None:
        return None
    heads, k = found
    roles = _plan_roles(heads)
    if roles is None:
        return None
    order = [c for c in ("content", "lead", "partner", "time") if c in roles]
    rows: list[Row] = []
    covered = list(range(first, k))
    while k < len(lines) and lines[k].start < end and _ROW_LABEL.fullmatch(lines[k].raw.strip()):
        if rows and not _follows(rows[-1].label, lines[k].raw.strip()):
            break  # a page number after the last row ("Quý II/2021" / "2" / "4. Sở ...")
        row, k, row_lines = _read_stacked_row(lines, k, end, len(heads), roles, order)
        if row is None:
            break
        rows.append(row)
        covered += row_lines
    return _table(lines, first, roles, rows, covered)


def _follows(previous: str | None, label: str) -> bool:
    """Whether a row label can come after the previous row's: numbers count up by one."""
    label = label.rstrip(".)")
    if previous and previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    return True


def _read_stacked_row(
    lines: list[Line], k: int, end: int, width: int, roles: dict[str, int], order: list[str]
) -> tuple[Row | None, int, list[int]]:
    """The row whose label is line k, the line after it, and the lines it covers."""
    row = _new_row(lines[k].raw, lines[k], width)
    covered = [k]
    k += 1
    stage, previous = None, ""  # the index in `order` of the cell being read
    while k < len(lines) and lines[k].start < end:
        raw = lines[k].raw
        text = raw.strip()
        if not text:
            k += 1
            continue
        goes_on = stage is not None and _goes_on(previous, text)
        if len(text) > _MAX_STACKED_CELL or (stage is not None and not goes_on and _ROW_LABEL.fullmatch(text)):
            if not (text.isdigit() and len(raw) - len(raw.lstrip()) > _MAX_STACKED_HEAD):
                break  # the next row, or running text after the table
            covered.append(k)  # a page number printed inside the table
            k += 1
            continue
        if not goes_on:
            opened = _stage_at(lines, k, end, stage, order)
            if opened is None:
                break  # the row is complete
            stage = opened
        offset = lines[k].start + len(raw) - len(raw.lstrip())
        row.cells[roles[order[stage]]].add(offset, text)
        row.end = lines[k].end
        covered.append(k)
        previous = text
        k += 1
    return (row if stage is not None else None), k, covered


def _stage_at(lines: list[Line], k: int, end: int, stage: int | None, order: list[str]) -> int | None:
    """The cell that line k (no continuation of the cell before) opens, or None after the time."""
    if stage is None:
        return 0
    role = order[stage]
    if role == "time":
        return None
    if "time" in order and role in ("lead", "partner") and _STACKED_TIME.match(lines[k].raw.strip()):
        return order.index("time")
    following = order[stage + 1] if stage + 1 < len(order) else None
    if role in ("content", "lead") and following not in (None, "time") and _opens_with_agency(lines, k, end):
        return stage + 1
    return stage


# Pipe tables whose rows wrap over lines, as a PDF's table copied with its rules for pipes:
#
#     TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
#     1 | Tổ chức Hội nghị hiệp thương lần thứ hai, lập danh sách sơ bộ người ứng cử đại
#     biểu HĐND phường | Ban Thường trực Ủy ban MTTQ Việt Nam phường | UBND phường,
#     Thường trực HĐND phường | Trước ngày 15/01/2026
#     2 | Tổ chức hội nghị cử tri ... |
#
# The text flows from cell to cell: each pipe opens the next cell, a line's text goes on with the
# cell it is in, and a number before a pipe at the start of a line opens the next row once the
# row is in its last cell.


def _read_flowing_table(lines: list[Line], first: int, end: int) -> LayoutTable | None:
    heads = [h.strip() for _, h in _pipe_parts(lines[first])]
    if len(heads) < 4 or not all(heads):
        return None
    roles = _plan_roles(heads)
    if roles is None:
        return None
    width = len(heads)
    rows: list[Row] = []
    covered = [first]
    column, previous, wrapped = 0, "", False
    for k in range(first + 1, len(lines)):
        line = lines[k]
        if line.start >= end or not line.raw.strip():
            break
        parts = _pipe_parts(line)
        label = parts[0][1].strip()
        if len(parts) > 1 and _ROW_LABEL.fullmatch(label) and (not rows or column == width - 1):
            rows.append(_new_row(label, line, width))
            column = 0  # the label's cell: its pipe opens the next
            parts[0] = (parts[0][0], "")
        elif not rows or (len(parts) == 1 and column == width - 1 and not _goes_on(previous, line.raw.strip())):
            break  # the text after the table
        else:
            wrapped = True
        for j, (offset, part) in enumerate(parts):
            if j > 0:
                column += 1
                if column >= width:
                    return None
            if part.strip():
                rows[-1].cells[column].add(offset + len(part) - len(part.lstrip()), part.strip())
                previous = part.strip()
        rows[-1].end = line.end
        covered.append(k)
    if not wrapped or not rows:
        return None  # rows of one line each are read as a plain pipe table
    return _table(lines, first, roles, rows, covered)


def _pipe_parts(line: Line) -> list[tuple[int, str]]:
    """The text between the pipes of a line, each part with its offset in the text."""
    parts, pos = [], line.start
    for part in line.raw.split("|"):
        parts.append((pos, part))
        pos += len(part) + 1
    return parts


def _row_after_blanks(lines: list[Line], k: int, end: int, columns: list[int]) -> bool:
    """Whether the first line with text after line k opens a row of the table."""
    nxt = next((ln for ln in lines[k + 1 :] if ln.raw.strip()), None)
    if nxt is None or nxt.start >= end or "\f" in nxt.raw:
        return False
    return _is_row_start(list(_split_at_columns(_runs(nxt), columns)), columns)


def _crossed(col: int, piece: str, columns: list[int]) -> int:
    """How many column starts a run starting at character `col` runs over."""
    return sum(col + _SLACK < c < col + len(piece) - _SLACK for c in columns)


# Markdown tables whose cells run over several lines, each line a row of the grid with the label
# cell left empty until the next row ("| 1 | Rà soát ... | Phòng Quản lý thương |" over
# "|   | nghiệp ... | mại |"): a row's cells are its lines' cells joined.


def _grid_cells(line: Line) -> list[tuple[int, str]] | None:
    """(offset, text) of the cells of a "| a | b |" line, or None for another line or a rule."""
    raw = line.raw.rstrip()
    if not raw.lstrip().startswith("|") or not raw.endswith("|") or is_table_rule(raw):
        return None
    parts = _pipe_parts(line)[1:-1]  # (the outer pipes open and close the row)
    return [(offset + len(part) - len(part.lstrip()), part.strip()) for offset, part in parts]


def _read_grid_table(lines: list[Line], first: int, end: int) -> LayoutTable | None:
    head = _grid_cells(lines[first])
    if head is None or len(head) < 4:
        return None
    heads = [text for _, text in head]
    k = first + 1
    # a heading wrapped over grid lines ("Thời gian" / "hoàn thành"), up to the rule
    while k < len(lines) and (cells := _grid_cells(lines[k])) is not None:
        if len(cells) != len(heads) or cells[0][1]:
            break
        heads = [f"{h} {c}".strip() for h, (_, c) in zip(heads, cells, strict=True)]
        k += 1
    roles = _plan_roles(heads)
    if roles is None:
        return None
    covered = list(range(first, k))
    if k < len(lines) and is_table_rule(lines[k].raw):
        covered.append(k)
        k += 1
    rows: list[Row] = []
    wrapped = False
    while k < len(lines) and lines[k].start < end:
        cells = _grid_cells(lines[k])
        if cells is None or len(cells) != len(heads):
            break
        label = cells[0][1]
        if label:
            if not _ROW_LABEL.fullmatch(label):
                break
            rows.append(_new_row(label, lines[k], len(heads)))
        elif not rows:
            break
        else:
            wrapped = True
        for j, (offset, text) in enumerate(cells):
            if text and j:
                rows[-1].cells[j].add(offset, text)
        rows[-1].end = lines[k].end
        covered.append(k)
        k += 1
    if not wrapped:
        return None  # rows of one line each are read as a plain pipe table
    return _table(lines, first, roles, rows, covered)


def _column_of(col: int, columns: list[int]) -> int | None:
    """The column a run starting at character `col` belongs to."""
    found = None
    for j, start in enumerate(columns):
        if col >= start - _SLACK:
            found = j
    return found


def _split_at_columns(runs: list[tuple[int, int, str]], columns: list[int]):
    """Runs, a run that crosses a column's start split at the space nearest to it (cells one
    space apart where a column is full), and a row's number split from the text after it."""
    if runs and runs[0][0] < columns[1] - _SLACK and (label := _LABEL_THEN_TEXT.match(runs[0][2])):
        col, offset, piece = runs[0]
        cut = label.end()
        # The text after the number is the next column's, though it starts left of it.
        runs = [
            (col, offset, piece[: label.end(1)]),
            (max(col + cut, columns[1]), offset + cut, piece[cut:]),
            *runs[1:],
        ]
    for col, offset, piece in runs:
        cuts = [c - col for c in columns if col + _SLACK < c < col + len(piece) - _SLACK]
        last = 0
        for cut in cuts:
            space = _nearest_space(piece, cut)
            if space is None or space <= last:
                continue
            yield col + last, offset + last, piece[last:space]
            last = space + 1
        yield col + last, offset + last, piece[last:]


def _nearest_space(piece: str, at: int) -> int | None:
    """The space before the column's start, or else the nearest after it."""
    for p in [*range(at - 1, at - 2 - _SLACK, -1), *range(at, at + _SLACK + 1)]:
        if 0 < p < len(piece) and piece[p] == " ":
            return p
    return None


def _roles(heads: list[str]) -> dict[str, int] | None:
    lowered = [" ".join(h.lower().split()) for h in heads]
    roles = plan_column_roles(lowered)
    if "lead" not in roles or len(roles) < 2:
        return None
    if lowered[0] in _LABEL_HEADS:
        roles["label"] = 0
    taken = set(roles.values())
    content = next((j for j, h in enumerate(lowered) if j not in taken and any(w in h for w in _CONTENT_WORDS)), None)
    if content is not None:
        roles["content"] = content
    return roles


def without_tables(lines: list[Line], tables: list[LayoutTable]) -> list[Line]:
    """The lines, those of fixed-width tables left blank (their cells are read whole instead)."""
    covered = {k for t in tables for k in t.lines}
    if not covered:
        return lines
    return [Line(ln.index, ln.start, ln.end, " " * len(ln.raw)) if ln.index in covered else ln for ln in lines]


def blank_tables(text: str, tables: list[LayoutTable]) -> str:
    """`text` with every character but line breaks of the tables turned to a space (same length):
    what the other extractors read, the tables being read by cell."""
    if not tables:
        return text
    parts: list[str] = []
    last = 0
    for s, e in [(t.start, t.end) for t in tables]:
        parts.append(text[last:s])
        parts.append(_NOT_BREAK.sub(" ", text[s:e]))
        last = e
    parts.append(text[last:])
    return "".join(parts)


_NOT_BREAK = re.compile(r"[^\n]")


def cell_agencies(tables: list[LayoutTable]) -> list[AgencyMatch]:
    """Agencies in the cells of fixed-width tables, with offsets into the text."""
    out = []
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                for a in find_agencies(cell.text):
                    out.append(AgencyMatch(a.name, a.level, *cell.span(a.start, a.end), a.place))
    return out


def cell_dates(tables: list[LayoutTable], year: int | None) -> list[DateMention]:
    """Dates in the cells of fixed-width tables; those in the time column are deadlines."""
    out = []
    for table in tables:
        for row in table.rows:
            for j, cell in enumerate(row.cells):
                deadline = j == table.columns.get("time")
                for d in find_dates(cell.text, year=year):
                    start, end = cell.span(d.start, d.end)
                    out.append(replace(d, start=start, end=end, role="deadline" if deadline else d.role))
    return out


def row_tasks(tables: list[LayoutTable], agencies: list[AgencyMatch], dates: list[DateMention]) -> list[TaskMatch]:
    """A task per row of a fixed-width plan table that names its lead body."""
    tasks = []
    for table in tables:
        for row in table.rows:
            lead = table.cell(row, "lead")
            names = _names_in(lead, agencies)
            if not names:
                continue
            partner = table.cell(row, "partner")
            time = table.cell(row, "time")
            content = table.cell(row, "content")
            deadline = next((d for d in dates if time is not None and _in_cell(time, d.start)), None)
            words = content.text.split() if content is not None else []
            tasks.append(
                TaskMatch(
                    label=row.label,
                    start=row.start,
                    end=row.end,
                    assignees=names,
                    partners=_names_in(partner, agencies),
                    deadline=deadline,
                    action=" ".join(words[:14]) or None,
                    text=content.text if content is not None and content.text else None,
                )
            )
    return tasks


def _in_cell(cell: Cell, pos: int) -> bool:
    return any(s <= pos < e for s, e in cell.pieces)


def _names_in(cell: Cell | None, agencies: list[AgencyMatch]) -> list[str]:
    names: list[str] = []
    for a in agencies:
        if cell is not None and _in_cell(cell, a.start) and a.name not in names:
            names.append(a.name)
    return names
