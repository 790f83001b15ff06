"""The numbered items of the body, in order: Phần, Chương, Mục, I., Điều 1., 1., 2.1., a)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from ..segment import Line

# Label styles from the highest level to the lowest; a body's level 1 is its highest style.
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(r"^(?P<label>(?:Phần|PHẦN)\s+(?:[IVXLC]+|\d+|thứ \w+))\b[.:]?\s*")),
    ("chapter", re.compile(r"^(?P<label>(?:Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+))\b[.:]?\s*")),
    ("section", re.compile(r"^(?P<label>(?:Mục|MỤC)\s+(?:\d+|[IVXLC]+))\b[.:]?\s*")),
    ("roman", re.compile(r"^(?P<label>[IVX]{1,5})\s*[.\-/)]\s*(?=\S)")),
    ("article", re.compile(r"^(?P<label>(?:Điều|ĐIỀU)\s+\d{1,3})\s*[.:]\s*")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2})\s*[.\-)]\s+(?!\d)")),
    ("arabic2", re.compile(r"^(?P<label>\d{1,2}\.\d{1,2})\.?\s+")),
    ("arabic3", re.compile(r"^(?P<label>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+")),
    ("alpha", re.compile(r"^(?P<label>[a-zđ])\s*[).\-]\s+")),  # Party style "a-" too
]
_RANK = {name: rank for rank, (name, _) in enumerate(_STYLES)}
_MAX_HEADING = 200


@dataclass
class Item:
    label: str
    style: str
    level: int
    heading: str
    start: int  # normalised-text offsets
    end: int


def extract_outline(lines: list[Line], first: int, last: int, text_end: int) -> list[Item]:
    found: list[tuple[str, str, str, int]] = []
    for line in lines[first:last]:
        if not line.fragments:
            continue
        frag = line.fragments[0]
        for style, pattern in _STYLES:
            m = pattern.match(frag.text)
            if m:
                label = " ".join(m.group("label").split())
                heading = _heading(frag.text[m.end() :])
                found.append((style, label, heading, frag.start))
                break
    used = sorted({style for style, *_ in found}, key=_RANK.__getitem__)
    level_of = {style: i + 1 for i, style in enumerate(used)}
    items: list[Item] = []
    for k, (style, label, heading, start) in enumerate(found):
        level = level_of[style]
        end = text_end
        for style2, _, _, start2 in found[k + 1 :]:
            if level_of[style2] <= level:
                end = start2
                break
        items.append(Item(label=label, style=style, level=level, heading=heading, start=start, end=end))
    _end_lists_at_their_paragraph(items, _paragraph_starts(lines, first, last))
    return items


# A page number or marker between pages ("2", "- 2 -", "--- Trang 2 ---", "Trang 2/5").
_PAGE_NUMBER = re.compile(r"\s*(?:[-–]+\s*)?(?:(?:Trang|Page)\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–]+)?\s*", re.I)
_ITEM_AT = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*[.)-]|[a-zđ][.)-]|[IVX]{1,5}\.)\s")


def _paragraph_starts(lines: list[Line], first: int, last: int) -> list[int]:
    """Offsets of the lines that open a paragraph: after a blank line, or, in copies without blank
    lines, a lead-in of its own after a finished sentence ("...25/6/2019." then "Sở Nông nghiệp và
    Phát triển nông thôn giao:")."""
    starts = []
    span = lines[first:last]
    # The fragment test only for lines with text; a page number between pages is a break too,
    # and what follows begins at it (it belongs to no item).
    page = [bool(_PAGE_NUMBER.fullmatch(line.raw)) for line in span]
    blank = [not line.raw.strip() or line.blank or page[k] for k, line in enumerate(span)]
    for k in range(1, len(span)):
        if blank[k]:
            continue
        previous, line = span[k - 1], span[k]
        # An item's paragraph begins at its label, after any indent (where the item itself begins).
        at = line.start + len(line.raw) - len(line.raw.lstrip()) if _ITEM_AT.match(line.raw) else line.start
        if page[k - 1]:  # what follows begins at the marker, or at the item the next page opens with
            starts.append(at if _ITEM_AT.match(line.raw) else previous.start)
        elif blank[k - 1] or (previous.raw.rstrip().endswith(".") and line.raw.rstrip().endswith(":")):
            starts.append(at)
    return starts


def _end_lists_at_their_paragraph(items: list[Item], paragraphs: list[int]) -> None:
    """In a list whose items are one paragraph each, the last item is one paragraph too: what
    follows it after a blank line ("Bộ Nông nghiệp ... giao:" after "5. ...") is no longer its."""
    siblings: dict[tuple[int | None, str], list[int]] = {}
    stack: list[int] = []
    for k, item in enumerate(items):
        while stack and not (items[stack[-1]].level < item.level and item.start < items[stack[-1]].end):
            stack.pop()
        siblings.setdefault((stack[-1] if stack else None, item.style), []).append(k)
        stack.append(k)
    for run in siblings.values():
        if len(run) < 2 or any(_breaks(paragraphs, items[a].start, items[b].start) for a, b in pairwise(run)):
            continue
        last = items[run[-1]]
        inner = max((i.start for i in items if last.start <= i.start < last.end), default=last.start)
        k = bisect_right(paragraphs, inner)
        after = paragraphs[k] if k < len(paragraphs) and paragraphs[k] < last.end else None
        # A paragraph of its own between the last item and the lettered items after it ("4. Báo
        # cáo ..." / "Đối với các đơn vị thuộc Bộ, Bộ yêu cầu:" / "a) ..."): they are the paragraph's.
        first_child = min((i.start for i in items if last.start < i.start < last.end), default=None)
        j = bisect_right(paragraphs, last.start)
        if first_child is not None and j < len(paragraphs) and paragraphs[j] < first_child:
            after = paragraphs[j]
        if after is not None:
            for i in items:  # the last item and its own items end there
                if last.start <= i.start < after:
                    i.end = min(i.end, after)


def _breaks(paragraphs: list[int], start: int, end: int) -> bool:
    """A paragraph begins strictly between `start` and `end` (`paragraphs` is sorted)."""
    k = bisect_right(paragraphs, start)
    return k < len(paragraphs) and paragraphs[k] < end


def _heading(rest: str) -> str:
    rest = rest.strip()
    colon = rest.find(":")
    if 0 < colon <= 150:
        return rest[:colon].strip()
    if len(rest) <= _MAX_HEADING:
        return rest
    cut = max(rest.rfind(". ", 0, _MAX_HEADING), rest.rfind("; ", 0, _MAX_HEADING))
    if cut > 20:
        return rest[:cut]
    return rest[:_MAX_HEADING].rsplit(" ", 1)[0] + " …"
