"""Segment stage: lines, cells and clean fragments, then header / body / closing blocks.

Copies of documents carry layout residue: markdown (`##`, `**`, `*[Signature]*`), table cells
(`| a | b |`, `<br>`), two columns flattened onto one line with runs of spaces. A `Fragment`
is the clean text of one cell of one line, and keeps for each of its characters the offset in
the normalised text, so any value cut from it maps back to the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from .lexicon import CAPITALS, SMALL, lexicon, surname_pattern

# Markdown line prefixes: headings, block quotes.
_LINE_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s+)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# In a table cell a Word export ran its lines together as emphasis runs: "**KT. GIÁM ĐỐC**
# **PHÓ GIÁM ĐỐC** *(Đã ký)* **Lê Thị Ngọc Hân**", "UBND TỈNH VĨNH LONG **SỞ VĂN HÓA ...**".
_CELL_LINE_BREAK = re.compile(r"(?i:<br\s*/?>)|(?<=\*)[ \t]+(?=\*)|(?<=[A-ZĐ])[ \t]+(?=\*\*[A-ZĐ])")


@cache
def _column_gap() -> re.Pattern[str]:
    """Columns flattened onto one line: a run of spaces or a tab, or (Word exports to markdown) one
    space between two emphasised runs ("**BỘ Y TẾ** **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**") or
    after a recipient's ";" ("- Ban Giám hiệu; **PHÓ HIỆU TRƯỞNG**"); and, in text copied from a PDF, a right column
    glued on with a single space: the motto after the agency ("UBND TỈNH ĐỒNG THÁP CỘNG HÒA XÃ HỘI
    ..."), the signer's authority, title or name after a recipient ("Nơi nhận: KT. GIÁM ĐỐC", "- Như
    trên; PHÓ GIÁM ĐỐC", "- Lưu: VT; Trần Thị Thu Hà"). Built on first use from the motto lines and
    family names in the data."""
    mottos = "|".join(re.escape(line) for line in lexicon()["motto"]["glued"])
    glued = (
        rf"|(?<=\S) (?=(?i:{mottos}))"
        r"|(?<=Nơi nhận:) (?=(?:KT|TM|TL|Q|T/M)\.? )"
        rf"|(?<=;) (?=[{CAPITALS}]{{2,}}(?: [{CAPITALS}]+)+\s*$)"
        rf"|(?<=;) (?={surname_pattern()} [{CAPITALS}][{SMALL}]+(?: [{CAPITALS}][{SMALL}]+){{1,2}}\s*$)"
    )
    return re.compile(r" {3,}| *\t[ \t]*|(?<=\*\*) (?=\*\*)|(?<=;) (?=\*)" + glued)


# A line of cells separated by " | " without the leading pipe of a markdown table.
_PIPE_CELLS = re.compile(r"\S\s+\|\s+\S")
_TABLE_RULE = re.compile(r"^\s*[|+]?\s*:?[-=]{2,}:?\s*([|+]\s*:?[-=]{2,}:?\s*)*[|+]?\s*$")


def is_table_rule(raw: str) -> bool:
    """A markdown or grid table's rule line ("|----|:---:|", "+---+---+")."""
    return _TABLE_RULE.match(raw) is not None


_SEPARATOR = re.compile(r"^[\s\-_=*~.·•—–+|:─━═]*$")  # rules, including grid-table and box-drawing borders
_DROP_CHARS = frozenset("*`")
# What makes a line more than one cell: table pipes, <br>, tabs, column gaps (see `_cells`).
# Substring tests: most lines have none, and `in` rejects a line faster than a regex search.
_CELL_MARKS = ("|", "<", "\t", "   ", "** **", "; *", "Nơi nhận: ")


@cache
def _layout_marks() -> tuple[str, ...]:
    """The cell marks and, from the data, the openings of a glued motto after a space."""
    return (*_CELL_MARKS, *(" " + opening for opening in lexicon()["motto"]["glued_openings"]))


@dataclass
class Fragment:
    """Clean text of one cell; `pos[i]` is the normalised-text offset of `text[i]`."""

    text: str
    pos: Sequence[int]  # a list, or a range when the cell needed no cleaning
    line: int
    col: int = 0

    @property
    def start(self) -> int:
        return self.pos[0]

    @property
    def end(self) -> int:
        return self.pos[-1] + 1

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Normalised-text span of text[i:j] (j exclusive)."""
        j = len(self.text) if j is None else j
        if j <= i:
            p = self.pos[min(i, len(self.pos) - 1)]
            return p, p
        return self.pos[i], self.pos[j - 1] + 1

    def sub(self, i: int, j: int | None = None) -> Fragment:
        """The fragment of text[i:j], stripped."""
        j = len(self.text) if j is None else j
        while i < j and self.text[i] == " ":
            i += 1
        while j > i and self.text[j - 1] == " ":
            j -= 1
        return Fragment(self.text[i:j], self.pos[i:j], self.line, self.col)

    @property
    def is_separator(self) -> bool:
        return bool(_SEPARATOR.match(self.text))


def join_fragments(parts: list[Fragment]) -> Fragment:
    """One fragment from several, joined by single spaces (the space maps to the next part)."""
    text: list[str] = []
    pos: list[int] = []
    for part in parts:
        if not part.text:
            continue
        if text:
            text.append(" ")
            pos.append(part.pos[0])
        text.append(part.text)
        pos.extend(part.pos)
    first = parts[0]
    return Fragment("".join(text), pos, first.line, first.col)


@dataclass
class Line:
    index: int
    start: int
    end: int
    raw: str
    fragments: list[Fragment] = field(default_factory=list)
    is_table: bool = False

    @property
    def blank(self) -> bool:
        return not any(f.text and not f.is_separator for f in self.fragments)

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.fragments if f.text)


def split_lines(text: str) -> list[Line]:
    """Split normalised text into lines, each with its clean cell fragments."""
    lines: list[Line] = []
    offset = 0
    marks = _layout_marks()
    for index, raw in enumerate(text.split("\n")):
        line = Line(index=index, start=offset, end=offset + len(raw), raw=raw)
        # A recipient line ("- Như trên; PHÓ GIÁM ĐỐC") may carry a glued signer column too.
        glued = "; " in raw and raw.lstrip()[:1] in "-+•"
        if not glued and not any(mark in raw for mark in marks):  # most lines: one cell
            cells = [(len(raw) - len(raw.lstrip()), len(raw))]
        else:
            # ("| ỦY BAN NHÂN DÂN", "Nguyễn Văn Thắng |": cells wrapped over lines open and close a
            # row with one pipe)
            stripped = raw.strip()
            wrapped_row = stripped.startswith("| ") or stripped.endswith(" |")
            row = stripped.startswith("|") and raw.count("|") >= 2
            line.is_table = row or wrapped_row or bool(_PIPE_CELLS.search(raw))
            cells = [] if line.is_table and is_table_rule(raw) else _cells(raw, line.is_table)
        for cell_start, cell_end in cells:
            frag = _clean(raw, cell_start, cell_end, offset, index)
            if frag is not None:
                line.fragments.append(frag)
        lines.append(line)
        offset += len(raw) + 1
    return lines


def _cells(raw: str, is_table: bool) -> list[tuple[int, int]]:
    """Spans of the cells of a line: table cells, <br> parts, or columns split by space runs."""
    if is_table:
        spans = []
        pos = 0
        for part in raw.split("|"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
    else:
        spans = [(0, len(raw))]
    cells: list[tuple[int, int]] = []
    for start, end in spans:
        pieces = []
        pos = start
        for m in (_CELL_LINE_BREAK if is_table else _BR).finditer(raw, start, end):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, end))
        for p_start, p_end in pieces:
            # Flattened columns: three or more spaces between two runs of text.
            stripped_start = p_start + (len(raw[p_start:p_end]) - len(raw[p_start:p_end].lstrip()))
            pos = stripped_start
            for m in _column_gap().finditer(raw, stripped_start, p_end):
                if m.end() < p_end and raw[m.end() : p_end].strip():
                    cells.append((pos, m.start()))
                    pos = m.end()
            cells.append((pos, p_end))
    return cells


# Markdown marks, a tab, or two spaces in a row; written to open on one class (the engine skips
# in C to the next candidate), the look-behind telling a mark from a first space.
_NEEDS_CLEANING = re.compile(r"[*`\\_\s](?:(?<=[*`\\_\t])|\s)")
_UNDERSCORES = re.compile(r"_+")


def _needs_cleaning(seg: str) -> bool:
    """Marks, tabs or runs of spaces to drop, or a heading or quote prefix ("## ", "> ")."""
    return bool(_NEEDS_CLEANING.search(seg)) or seg.lstrip().startswith(("#", ">"))


def _clean(raw: str, start: int, end: int, base: int, line_index: int) -> Fragment | None:
    """Clean one cell: drop markdown marks, collapse spaces; keep per-character offsets."""
    seg = raw[start:end]
    if not _needs_cleaning(seg):
        # Fast path: only outer spaces to strip; offsets are a plain range.
        text = seg.strip()
        if not text:
            return None
        lead = len(seg) - len(seg.lstrip())
        first = base + start + lead
        return Fragment(text, range(first, first + len(text)), line_index, col=start + lead)
    m = _LINE_PREFIX.match(seg)
    skip = m.end() if m and start == 0 else 0
    chars: list[str] = []
    pos: list[int] = []
    prev_space = True
    # Emphasis underscores ("_Sóc Trăng_") go; runs of three or more are rules or blanks and stay.
    emphasis = {i for m in _UNDERSCORES.finditer(seg) if len(m.group(0)) <= 2 for i in range(m.start(), m.end())}
    # A markdown list bullet ("* Chính phủ;") is kept as a bullet.
    stripped = seg[skip:].lstrip()
    bullet_at = len(seg) - len(stripped) if stripped[:2] in ("* ", "+ ") else -1
    for k in range(skip, len(seg)):
        ch = seg[k]
        if (ch in _DROP_CHARS and k != bullet_at) or k in emphasis:
            continue
        if ch == "\\" and k + 1 < len(seg) and not seg[k + 1].isalnum():
            continue  # markdown escape ("\-", "\.")
        if ch.isspace():
            if prev_space:
                continue
            ch = " "
            prev_space = True
        else:
            prev_space = False
        chars.append(ch)
        pos.append(base + start + k)
    while chars and chars[-1] == " ":
        chars.pop()
        pos.pop()
    if not chars:
        return None
    while chars and chars[0] == " ":
        chars.pop(0)
        pos.pop(0)
    if not chars:
        return None
    return Fragment("".join(chars), pos, line_index, col=start + skip)


def fragments_of(lines: list[Line], first: int = 0, last: int | None = None) -> list[Fragment]:
    """All non-empty fragments of lines[first:last], in reading order."""
    out: list[Fragment] = []
    for line in lines[first:last]:
        out.extend(f for f in line.fragments if f.text)
    return out
