"""Closing block: signer (authority chain, title, name) and recipients ("Nơi nhận:"),
and the addressees of a công văn ("Kính gửi:").

The recipients column and the signer column are often flattened into one another; each
fragment is classed on its own (bullet line, authority line, title, name, signature mark), so
the order in which the columns were interleaved does not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import fold
from ..segment import Fragment, Line, fragments_of, join_fragments
from .anchors import (
    authority_prefix,
    has_agency_word,
    is_addressees_marker,
    is_boilerplate,
    is_person_name,
    is_recipients_marker,
    is_signature_mark,
    is_upper_line,
    split_rank,
    title_of,
)

Span = tuple[int, int]
_BULLET = re.compile(r"^\s*[-–—+•·*]\s*")
# The archive line of the recipients ("Lưu: VT, KGVX", "Lưu VT", "Lưu Văn phòng Tỉnh ủy").
_SAVED = re.compile(r"^Lưu\s*(?::|VT\b|Văn phòng|VP\b|hồ sơ|tại)", re.IGNORECASE)
_END_OF_TEXT = re.compile(r"\./\.\s*$|/\.\s*$")
_CONG_DIEN = re.compile(r"\bđiện\s*:\s*$", re.IGNORECASE)
_CLOSING_FALLBACK_LINES = 25


@dataclass
class Item:
    text: str
    span: Span
    name: str
    note: str | None


@dataclass
class Closing:
    start_line: int | None = None
    authority: str | None = None
    authority_span: Span | None = None
    title: str | None = None
    title_span: Span | None = None
    name: str | None = None
    name_span: Span | None = None
    rank: str | None = None
    # Beside the signer, the other signers of a joint document: (name, span, title).
    cosigners: list[tuple[str, Span, str | None]] = field(default_factory=list)
    recipients: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def make_item(frag: Fragment) -> Item | None:
    """A recipient or addressee entry: bullet and trailing ; . , removed; "(note)" split off."""
    m = _BULLET.match(frag.text)
    cut = frag.sub(m.end() if m else 0)
    text = cut.text
    trail = len(text)
    while trail and text[trail - 1] in ";.,: ":
        trail -= 1
    cut = cut.sub(0, trail)
    if not cut.text:
        return None
    name, note = cut.text, None
    nm = re.match(r"^(.*\S)\s*\(([^()]*)\)$", cut.text)
    if nm and nm.group(1).strip(" ,;") and not nm.group(1).rstrip().endswith(","):
        name, note = nm.group(1).strip(), nm.group(2).strip()
    return Item(text=cut.text, span=(cut.start, cut.end), name=name, note=note)


def extract_closing(lines: list[Line], body_start: int, doc_end: int) -> Closing:
    closing = Closing()
    frags = fragments_of(lines, body_start, doc_end)
    if not frags:
        closing.warnings.append("signer not found")
        return closing
    marker_idx = None
    for i, frag in enumerate(frags):
        if is_recipients_marker(frag.text) is not None:
            marker_idx = i
    start = _closing_start(frags, marker_idx, lines, body_start, doc_end)
    zone = frags[start:]
    closing.start_line = zone[0].line if zone else None
    candidates: list[Fragment] = []
    last_item: Fragment | None = None
    list_line = -1
    for i, frag in enumerate(zone):
        absolute = start + i
        text = frag.text
        if is_boilerplate(text):
            break
        if absolute == marker_idx:
            list_line = frag.line
            rest = frag.sub(is_recipients_marker(text) or 0)
            if rest.text and not is_signature_mark(rest.text) and _BULLET.match(rest.text):
                # "Nơi nhận: - Như trên; - Lưu: VT." on one line
                for part in _split_inline(rest):
                    _add_item(closing, part)
                    last_item = part
            continue
        if is_signature_mark(text) or frag.is_separator:
            continue
        # The list runs on from "Nơi nhận:" without a gap of more than one blank line; a table
        # in an annex after the signer is not part of it.
        in_list = marker_idx is not None and absolute > marker_idx and frag.line - list_line <= 2
        # (an entry wrapped on a comma goes on in its column: "- UBND các huyện: Quỳnh Lưu," / "Tân Kỳ;")
        goes_on = last_item is not None and frag.line == last_item.line + 1
        wrapped_on_comma = (
            goes_on
            and last_item.text.endswith(",")
            and frag.col <= last_item.col + 6
            and not _BULLET.match(text)
            and not text.startswith("Các ")  # (a new entry printed without its dash)
            and not text.endswith(",")  # (entries each closed by a comma, one a line)
            and not _SAVED.match(text)
            and not is_upper_line(text)
            and authority_prefix(text) is None
            and not is_person_name(text)
        )
        if in_list and (_BULLET.match(text) or _SAVED.match(text) or _undashed_item(text)) and not wrapped_on_comma:
            _add_item(closing, frag)
            last_item = frag
            list_line = frag.line
            continue
        if in_list and goes_on and (text[:1].islower() or wrapped_on_comma):
            merged = join_fragments([last_item, frag])
            closing.recipients.pop()
            _add_item(closing, merged)
            last_item = merged
            continue
        candidates.append(frag)
    _find_signer(closing, candidates)
    if closing.title is None and closing.name is None:
        closing.warnings.append("signer not found")
    if marker_idx is None:
        closing.warnings.append("recipients not found")
    return closing


def _split_inline(frag: Fragment) -> list[Fragment]:
    """Entries run together on one line ("- Như trên; - Lưu: VT.")."""
    parts = []
    pos = 0
    for m in re.finditer(r"[;,]\s+(?=[-–+•]\s)", frag.text):
        parts.append(frag.sub(pos, m.start() + 1))
        pos = m.end()
    parts.append(frag.sub(pos))
    return [p for p in parts if p.text]


def _undashed_item(text: str) -> bool:
    """A list entry printed without its dash ("Như trên;", "UBND tỉnh (b/c);")."""
    if not text.endswith((";", ",")) or len(text) > 150:
        return False
    return authority_prefix(text) is None and title_of(text, fuzzy=False) is None and not is_person_name(text)


def _add_item(closing: Closing, frag: Fragment) -> None:
    item = make_item(frag)
    if item is not None:
        closing.recipients.append(item)


def _closing_start(
    frags: list[Fragment], marker_idx: int | None, lines: list[Line], body_start: int, doc_end: int
) -> int:
    """Index of the first fragment of the closing block."""
    end_mark = None
    for i, frag in enumerate(frags):
        if _END_OF_TEXT.search(frag.text):
            end_mark = i
    if end_mark is not None and (marker_idx is None or end_mark < marker_idx):
        return end_mark + 1
    if marker_idx is not None:
        # The signer column may have been flattened above "Nơi nhận": take the short lines
        # just before it.
        i = marker_idx
        while (
            i > 0
            and marker_idx - i < 8
            and len(frags[i - 1].text) <= 60
            and not frags[i - 1].text.endswith((".", ":", ";"))
        ):
            i -= 1
        return i
    # Neither: the closing is the signer block at the end, if there is one.
    first_line = max(body_start, doc_end - _CLOSING_FALLBACK_LINES)
    signer_lines = [
        i
        for i, frag in enumerate(frags)
        if frag.line >= first_line and (authority_prefix(frag.text) is not None or title_of(frag.text, fuzzy=False))
    ]
    return signer_lines[0] if signer_lines else len(frags)


def _title_above_name(candidates: list[Fragment]) -> list[tuple[int, str]]:
    """A title no list knows ("TRƯỞNG CÔNG AN HUYỆN"): the capital line right above the
    signer's name, if it is no authority line."""
    for i, frag in enumerate(candidates):
        if i and _name_in(frag):
            above = candidates[i - 1]
            if is_upper_line(above.text) and len(above.text) <= 50 and authority_prefix(above.text) is None:
                return [(i - 1, above.text)]
    return []


def _title_hits(candidates: list[Fragment]) -> list[tuple[int, str]]:
    """Title lines among the candidates: exact, then with a qualifier, then fuzzy (OCR damage)."""
    unprefixed = [(i, f) for i, f in enumerate(candidates) if authority_prefix(f.text) is None]
    hits = [(i, t) for i, f in unprefixed if (t := title_of(f.text, fuzzy=False))]
    if not hits:
        # "GIÁM ĐỐC TRUNG TÂM", "TRƯỞNG PHÒNG TƯ PHÁP": a known title, then whose.
        hits = [(i, f.text) for i, f in unprefixed if is_upper_line(f.text) and _qualified_title(f.text)]
    if not hits:
        hits = [(i, t) for i, f in unprefixed if not is_person_name(f.text) and (t := title_of(f.text))]
    return hits


def _qualified_title(text: str) -> bool:
    words = text.split()
    return any(title_of(" ".join(words[:k]), fuzzy=False) for k in range(len(words) - 1, 0, -1)) and len(words) <= 8


def _column_of(candidates: list[Fragment], anchor: Fragment) -> list[Fragment]:
    """Where two signer blocks stand side by side, keep the fragments of the anchor's column: on
    a line cut into as many cells as the anchor's, the cell of the same rank (tab-separated cells
    do not line up by offset); elsewhere the cell nearest the anchor's offset."""
    by_line: dict[int, list[Fragment]] = {}
    for frag in candidates:
        by_line.setdefault(frag.line, []).append(frag)
    row = by_line[anchor.line]
    rank = next(k for k, f in enumerate(row) if f is anchor)

    def kept(frag: Fragment) -> bool:
        cells = by_line[frag.line]
        if len(cells) == len(row):
            return frag is cells[rank]
        return frag is min(cells, key=lambda f: abs(f.col - anchor.col))

    return [frag for frag in candidates if kept(frag)]


def _find_signer(closing: Closing, candidates: list[Fragment]) -> None:
    hits = _title_hits(candidates) or _title_above_name(candidates)
    if hits:
        # The last title that has a name after it (the signer is the last block).
        with_name = [(i, t) for i, t in hits if any(_name_in(c) for c in candidates[i + 1 :])]
        title_at, title = (with_name or hits)[-1]
        frag = candidates[title_at]
        if sum(1 for i, _ in hits if candidates[i].line == frag.line) > 1:
            column = _column_of(candidates, frag)
            _cosigners(closing, candidates, hits, frag)
            title_at, candidates = column.index(frag), column
        closing.title, closing.title_span = title, (frag.start, frag.end)
        if fold(frag.text) != fold(title):
            closing.warnings.append(f"title read by fuzzy match: '{frag.text}' → '{title}'")
        authority: list[Fragment] = []
        j = title_at - 1
        while j >= 0 and len(authority) < 4:
            prev = candidates[j]
            if authority_prefix(prev.text) is not None or (
                is_upper_line(prev.text) and has_agency_word(prev.text) and not is_person_name(prev.text)
            ):
                authority.insert(0, prev)
                j -= 1
            else:
                break
        if authority:
            closing.authority = " / ".join(a.text for a in authority)
            closing.authority_span = (authority[0].start, authority[-1].end)
        after = candidates[title_at + 1 :]
    else:
        after = candidates
    found = next((f for f in after if _name_in(f)), None)
    if found is None and hits:
        # A name whose family name is not in our list: the first name-shaped line under the title.
        found = next((f for f in after[:4] if _name_shaped(f.text)), None)
    if found is not None:
        named, closing.rank = _name_in(found) or (found.sub(0, len(found.text.rstrip(" .,;"))), None)
        closing.name, closing.name_span = named.text, (named.start, named.end)


def _cosigners(closing: Closing, candidates: list[Fragment], hits: list[tuple[int, str]], signer: Fragment) -> None:
    """Joint documents sign side by side: each other title on the signer's title line heads a
    column whose name is another signer."""
    for i, title in hits:
        other = candidates[i]
        if other is signer or other.line != signer.line:
            continue
        column = _column_of(candidates, other)
        found = next((n for f in column[column.index(other) + 1 :] if (n := _name_in(f))), None)
        if found is not None:
            named = found[0]
            closing.cosigners.append((named.text, (named.start, named.end), title))


def _name_shaped(text: str) -> bool:
    tokens = text.strip(" .,;").split()
    if not 2 <= len(tokens) <= 5 or has_agency_word(text) or title_of(text, fuzzy=False):
        return False
    return all(t[:1].isupper() and t.replace("'", "").isalpha() and (t.isupper() or t[1:].islower()) for t in tokens)


def _name_in(frag: Fragment) -> tuple[Fragment, str | None] | None:
    """The person's name a line holds, without a rank before it ("Thượng tá Lý Minh Triều")."""
    rank, cut = split_rank(frag.text)
    named = frag.sub(cut) if rank else frag
    named = named.sub(0, len(named.text.rstrip(" .,;")))
    address = _ADDRESS_WORD.match(named.text)
    if address and len(named.text.split()) > 3:  # "Ông Đinh Quang Huy" ("Ông" is also a family name)
        named = named.sub(address.end())
    if named.text and is_person_name(named.text):
        return named, rank
    return None


_ADDRESS_WORD = re.compile(r"(?:Ông|Bà|ÔNG|BÀ)\s+")


def extract_addressees(lines: list[Line], first: int, last: int) -> tuple[list[Item], int | None]:
    """Entries after "Kính gửi:" (or a công điện's "... điện:"); returns them and the last line used."""
    frags = fragments_of(lines, first, last)
    for i, frag in enumerate(frags):
        cut = is_addressees_marker(frag.text)
        if cut is None and _CONG_DIEN.search(frag.text) and len(frag.text) < 200:
            cut = len(frag.text)
        if cut is None:
            continue
        items: list[Item] = []
        rest = frag.sub(cut)
        if rest.text:
            for part in _split_semicolons(rest):
                item = make_item(part)
                if item:
                    items.append(item)
        last_line = frag.line
        if rest.text.endswith("."):
            return items, last_line  # "Kính gửi: Sở Y tế." closes the list
        previous = rest if rest.text else None
        for nxt in frags[i + 1 :]:
            if previous is not None and items and _wraps(previous, nxt, last_line):
                # An entry wrapped onto the next line: no dash, and the entry had no end mark.
                previous = join_fragments([previous, nxt])
                items[-1] = make_item(previous) or items[-1]
                last_line = nxt.line
                continue
            if not _BULLET.match(nxt.text):
                # Entries without dashes: the one right under a bare "Kính gửi:", and any that
                # ends like a list entry (";").
                first_under = not items and nxt.line <= last_line + 2
                listed = bool(items) and nxt.line <= last_line + 1 and nxt.text.endswith((";", "."))
                if (first_under or listed) and _plain_entry(nxt.text):
                    item = make_item(nxt)
                    if item:
                        items.append(item)
                        last_line = nxt.line
                        if nxt.text.endswith("."):
                            break
                        continue
                break
            item = make_item(nxt)
            if item:
                items.append(item)
                previous = nxt
            last_line = nxt.line
        return items, last_line
    return [], None


def _wraps(previous: Fragment, nxt: Fragment, previous_line: int) -> bool:
    """Whether `nxt` continues the list entry `previous`, whose last line is `previous_line` (a
    wrapped line, not a new entry; an entry may wrap over several lines)."""
    if nxt.line != previous_line + 1 or previous.text.endswith((";", ".", ":")) or _BULLET.match(nxt.text):
        return False
    return _plain_entry(nxt.text) and authority_prefix(nxt.text) is None and not is_upper_line(nxt.text)


def _plain_entry(text: str) -> bool:
    """Short, no colon at the end, not a sentence of the body."""
    if len(text) >= 120 or text.endswith(":") or ". " in text:
        return False
    return not re.match(r"^(?:Căn cứ|Thực hiện|Theo|Ngày|Vào|Trong|Để|Nhằm|Qua|Sau)\b", text)


def _split_semicolons(frag: Fragment) -> list[Fragment]:
    parts = []
    pos = 0
    for m in re.finditer(r";", frag.text):
        parts.append(frag.sub(pos, m.start()))
        pos = m.end()
    parts.append(frag.sub(pos))
    return [p for p in parts if p.text]
