"""Soft line breaks in running text.

Text copied from a PDF wraps sentences over lines ("UBND tỉnh giao\\nSở Nội vụ chủ trì ...",
"Luật Phòng\\ncháy, chữa cháy"). Body extraction reads a copy of the text where such breaks are
spaces: the copy has the same length, so every offset found in it points into the original.
"""

from __future__ import annotations

import re

# A line that opens a block of its own: a bullet, an outline label, an article, a table row.
_OPENS_BLOCK = re.compile(r"[ \t]*(?:[-+•*–|]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]\s|[IVX]{1,5}\.|Điều\s+\d|$)")
# A capitalised clause opener starts a sentence of its own, so the line before it ended one
# ("1. Phổ cập giáo dục mầm non cho trẻ 5 tuổi" / "Triển khai Quyết định 239 ...").
_OPENS_SENTENCE = re.compile(r"[ \t]*(?:Căn cứ|Thực hiện|Triển khai|Theo|Trên cơ sở|Để|Nhằm)\b")
_CLOSING = ".;:!?"
_MIN_WRAPPED = 40  # a shorter line stands on its own (a heading, a list entry)
# An item's heading of a line ("2. Chăm lo hội viên có hoàn cảnh khó khăn") before a sentence of
# its own: no wrapped line, which is longer and may end on a word that binds to the next.
_MAX_HEADING_ITEM = 60
_BINDING_END = re.compile(r"(?:\b(?:với|và|của|cho|các|tại|theo|về|để|từ|đến|trong|là|được|có)|[,-])$")


def unwrap(text: str, start: int, end: int) -> str:
    """`text` with the soft line breaks in text[start:end] replaced by spaces.

    A break is soft when the line it ends (counted from the last hard break, so that unwrapping
    twice changes nothing) is long, open and no heading, and the next line opens no block."""
    breaks: list[int] = []
    line_start = text.rfind("\n", 0, start) + 1
    for pos in _newlines(text, start, end):
        if _is_soft(text, line_start, pos, end):
            breaks.append(pos)
        else:
            line_start = pos + 1
    if not breaks:
        return text
    parts: list[str] = []
    last = 0
    for pos in breaks:
        parts.append(text[last:pos])
        parts.append(" ")
        last = pos + 1
    parts.append(text[last:])
    return "".join(parts)


def _newlines(text: str, start: int, end: int):
    pos = text.find("\n", start, end)
    while pos >= 0:
        yield pos
        pos = text.find("\n", pos + 1, end)


def _heading_item(line: str, next_line: str) -> bool:
    return (
        len(line) < _MAX_HEADING_ITEM
        and _OPENS_BLOCK.match(line) is not None
        and next_line[:1].isupper()
        and "," not in line  # "3. Đề nghị Đài ..., Báo Điện Biên" / "Phủ ...": a list runs on
        and not _BINDING_END.search(line)
    )


def _is_soft(text: str, line_start: int, pos: int, end: int) -> bool:
    line = text[line_start:pos].rstrip()
    if len(line) < _MIN_WRAPPED or line[-1] in _CLOSING or line.isupper() or "|" in line or "\t" in line:
        return False
    next_end = text.find("\n", pos + 1, end)
    next_line = text[pos + 1 : next_end if next_end >= 0 else end]
    if _heading_item(line, next_line):
        return False
    return (
        not _OPENS_BLOCK.match(next_line)
        and not _OPENS_SENTENCE.match(next_line)
        and "|" not in next_line
        and "\t" not in next_line
    )
