"""Header fields: number and symbol, issuer, place and date, type and subject, web stamp.

The header is found by its anchors — the motto, the "Số:" line, the place-and-date line —
wherever a flattened layout put them; portal boilerplate around the document gives no field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..lexicon import DocTypeEntry, bare_index, fold, fuzzy_choice, has_diacritics, open_ending, type_by_name
from ..segment import Fragment, Line, fragments_of, join_fragments
from .anchors import (
    has_agency_word,
    has_level_word,
    is_addressees_marker,
    is_bare_body,
    is_boilerplate,
    is_mark,
    is_motto,
    is_upper_line,
    number_prefix,
    starts_with_level_word,
)
from .dates import PlaceDate, find_place_date, find_stamp
from .identifier import Identifier, parse_identifier, type_of_symbol

Span = tuple[int, int]
# How far into the document the header may start (lines), and how many lines it may span.
_HEADER_SEARCH_LINES = 80
_TYPE_SEARCH_FRAGMENTS = 10
_HEADER_SPAN_LINES = 15
# How far above the first anchor agency lines may start (blank lines and rules count too).
_AGENCY_LINES_ABOVE = 8
_MAX_SUBJECT_LINES = 5
_BODY_CUE = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo |Kính gửi|Kinh gui|Ngày \d|Vào |Hôm nay|Sáng|Chiều|Tối |Trong |Trên cơ sở|"
    r"Từ (?:đầu|ngày|tháng|năm)|Tính đến|Hiện nay|Nhận được|Tiếp theo|Do |"
    r"Để |Nhằm|Qua |Sau khi|Vừa qua|Thời gian qua|Điều \d|Chương [IVX\d]|Phần [IVX\d]|[IVX]+\.\s|\d+[.)-]\s)",
)
# "Thực hiện dạy học 2 buổi/ngày ..." under the type name (a blank line between, as markdown
# prints it) is the subject: it names work, not a document the body implements.
_TASK_SUBJECT = re.compile(r"Thực hiện\s+(?![^;:]*(?:\bsố\s*\d|\d/[A-ZĐ]|\d{4}/|;\s*$))[^;:]{10,200}$")
_HAS_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_OFFICIAL_DATE = re.compile(r"ban hành|hiệu lực|ngày ký", re.IGNORECASE)
_STAMP_LABEL = re.compile(r"ngày đăng|đăng ngày|đăng lúc|cập nhật|ngày cập nhật|thời gian đăng", re.IGNORECASE)
_VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\b")


@dataclass
class Header:
    doc_start: int = 0  # line index where the document begins (after portal boilerplate)
    body_start: int = 0  # first line of the body
    number: str | None = None
    identifier: Identifier | None = None
    number_span: Span | None = None  # of the number digits
    symbol_span: Span | None = None
    identifier_span: Span | None = None
    year_span: Span | None = None
    place_date: PlaceDate | None = None
    doc_type: DocTypeEntry | None = None
    doc_type_span: Span | None = None
    subject: str | None = None
    subject_span: Span | None = None
    issuer_name: str | None = None
    issuer_span: Span | None = None
    issuer_parent: str | None = None
    parent_span: Span | None = None
    published: str | None = None
    published_span: Span | None = None
    is_cong_van: bool = False
    warnings: list[str] = field(default_factory=list)


def extract_header(lines: list[Line]) -> Header:
    header = Header()
    frags = fragments_of(lines, 0, _HEADER_SEARCH_LINES)
    anchor_idx = _anchors(frags)

    # Portal boilerplate and the page stamp come before the document.
    stamp_limit = anchor_idx[0] if anchor_idx else len(frags)
    for frag in frags[:stamp_limit]:
        stamp = find_stamp(frag)
        if stamp is None:
            continue
        # A page stamp has a time or a label ("Cập nhật", "Lượt xem"); a legal database's
        # "Ngày ban hành: ..." is the issue date, not a publication stamp.
        line_text = lines[frag.line].text
        page_line = _HAS_TIME.search(frag.text) or _STAMP_LABEL.search(line_text) or is_boilerplate(line_text)
        if (page_line or _is_stamp_only(frag.text)) and not _OFFICIAL_DATE.search(line_text):
            header.published, header.published_span = stamp
            header.doc_start = frag.line + 1
            break

    number_idx = _find_number(frags, header)
    # The header is the first cluster of anchors: an annex repeating the motto further down,
    # or a date quoted in the body, is not part of it.
    anchor_lines = sorted(
        {frags[i].line for i in anchor_idx} | ({frags[number_idx].line} if number_idx is not None else set())
    )
    first_anchor_line = anchor_lines[0] if anchor_lines else None
    limit = (first_anchor_line if first_anchor_line is not None else header.doc_start) + _HEADER_SPAN_LINES
    header_frags = [f for f in frags if header.doc_start <= f.line]
    date_found = find_place_date([f for f in header_frags if f.line <= limit])
    if date_found:
        header.place_date = date_found[0]
    cluster = [line for line in anchor_lines if line <= limit]
    if header.place_date:
        cluster.append(_line_of(header_frags, header.place_date.span))
    last_anchor_line = max(cluster, default=None)
    if first_anchor_line is not None:
        _find_issuer(header, frags, first_anchor_line, number_idx)
    _find_type_and_subject(header, lines, header_frags, last_anchor_line)
    if header.number is None and header.identifier is not None:
        header.warnings.append("number is blank")
    return header


def _line_of(frags: list[Fragment], span: Span) -> int:
    for f in frags:
        if f.start <= span[0] < f.end + 1:
            return f.line
    return 0


def _is_stamp_only(text: str) -> bool:
    return bool(re.fullmatch(r"[\d/:\s\-,|]+", text.strip()))


def _anchors(frags: list[Fragment]) -> list[int]:
    return [i for i, f in enumerate(frags) if len(f.text) <= 60 and is_motto(f.text)]


def _find_number(frags: list[Fragment], header: Header) -> int | None:
    for i, frag in enumerate(frags):
        if len(frag.text) > 80:
            continue
        plen = number_prefix(frag.text)
        if plen is None:
            continue
        if plen == len(frag.text) and i + 1 < len(frags) and frags[i + 1].line == frag.line:
            # "Số:      /TTr-SNV": the blank number's gap split the line into two cells.
            frag = join_fragments([frag, frags[i + 1]])
        ident = parse_identifier(frag.text, plen, require_number=False)
        if ident is None:
            continue
        header.identifier = ident
        header.number = ident.number
        if ident.number:
            header.number_span = frag.span(ident.start, ident.start + len(ident.number))
        header.identifier_span = frag.span(ident.start, ident.end)
        header.symbol_span = frag.span(ident.symbol_start, ident.end)
        if ident.year_start is not None:
            header.year_span = frag.span(ident.year_start, ident.year_start + 4)
        return i
    return None


def _find_issuer(header: Header, frags: list[Fragment], first_anchor_line: int, number_idx: int | None) -> None:
    """Agency lines: upper case, an agency word, near the anchors and before the number."""
    end_line = frags[number_idx].line if number_idx is not None else first_anchor_line + 4
    candidates: list[Fragment] = []
    for frag in frags:
        if frag.line < max(header.doc_start, first_anchor_line - _AGENCY_LINES_ABOVE) or frag.line > end_line:
            continue
        if number_idx is not None and frag is frags[number_idx]:
            break
        text = frag.text
        if frag.is_separator or is_motto(text) or is_mark(text) or not is_upper_line(text) or len(text) > 90:
            continue
        if find_stamp(frag) or is_boilerplate(text):
            continue
        if type_by_name().get(fold(text).strip(" .:")):
            continue
        candidates.append(frag)
    # Keep the block of agency lines adjacent to the anchors: drop lines above a gap.
    groups: list[Fragment] = []
    for frag in candidates:
        if groups and _continues(groups[-1].text, frag.text):
            groups[-1] = join_fragments([groups[-1], frag])
        elif has_agency_word(frag.text) or groups:
            groups.append(frag)
    if not groups:
        return
    name = groups[-1]
    header.issuer_name, header.issuer_span = name.text, (name.start, name.end)
    if len(groups) > 1:
        parent = groups[-2]
        header.issuer_parent, header.parent_span = parent.text, (parent.start, parent.end)


def _continues(previous: str, text: str) -> bool:
    """Whether `text` completes the agency line above it rather than naming a new body."""
    if (is_bare_body(previous) or not has_level_word(previous)) and starts_with_level_word(text):
        return True  # "BỘ CHỈ HUY QUÂN SỰ" / "TỈNH QUẢNG NGÃI": the level completes the body
    if not has_agency_word(text):
        return True  # "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN" / "NÔNG THÔN": a wrapped name
    if previous.rstrip().endswith((" VÀ", ",", "-", "–")):
        return True
    return fold(text).startswith(("VÀ ", "- ", "– "))


def _type_of_line(text: str) -> DocTypeEntry | None:
    key = fold(text).strip(" .:*")
    table = type_by_name()
    if key in table:
        return table[key]
    # "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH": the type name, then whose it is.
    m = re.match(r"^(.+?) (?:CỦA|VỀ VIỆC) ", key)
    if m and m.group(1) in table and is_upper_line(text):
        return table[m.group(1)]
    # "KẾT LUẬN THANH TRA", "THÔNG BÁO KẾT LUẬN": the type name and a qualifier of one or two words.
    words = key.split(" ")
    if is_upper_line(text) and len(words) >= 3:
        for k in (2, 3, 1):
            if k < len(words) and len(words) - k <= 2 and " ".join(words[:k]) in table:
                return table[" ".join(words[:k])]
    if not has_diacritics(key):
        hit = bare_index(tuple(table)).get(key)
        if hit:
            return table[hit]
    compact = key.replace(" ", "")
    for name, entry in table.items():
        if compact == name.replace(" ", ""):
            return entry
    if is_upper_line(text) and 4 <= len(key) <= 25:
        hit = fuzzy_choice(key, tuple(table), min_score=88, margin=8)
        if hit:
            return table[hit]
    return None


@cache
def _types_longest_first() -> tuple[tuple[str, DocTypeEntry], ...]:
    return tuple(sorted(type_by_name().items(), key=lambda kv: -len(kv[0])))


def _type_then_subject(frag: Fragment) -> tuple[DocTypeEntry, int] | None:
    """ "BÁO CÁO Kết quả ...": a type name in capitals and the subject flattened onto one line."""
    key = fold(frag.text)
    for name, entry in _types_longest_first():
        if key.startswith(name + " ") and frag.text[: len(name)].isupper():
            rest = frag.text[len(name) + 1 :].split(" ", 1)[0]
            if rest and not rest.isupper() and rest[:1].isupper():
                return entry, len(name)
    return None


def _title_type(text: str) -> tuple[DocTypeEntry | None, int]:
    """A title that opens with a type name and goes on in lower case ("Kế hoạch thực hiện ...")."""
    words = text.split(" ")
    for k in (3, 2, 1):
        if len(words) > k and words[k][:1].islower():
            name = " ".join(words[:k])
            entry = type_by_name().get(fold(name))
            if entry:
                return entry, len(name)
    return None, 0


def _find_type_and_subject(header: Header, lines: list[Line], frags: list[Fragment], after_line: int | None) -> None:
    start_line = after_line + 1 if after_line is not None else header.doc_start
    # The type name: a line of its own (possibly split over two lines) after the anchors.
    window = [f for f in frags if f.line >= start_line][:_TYPE_SEARCH_FRAGMENTS]
    vv = _find_vv(frags, header, after_line)
    for k, frag in enumerate(window):
        if len(frag.text) > 80 or is_mark(frag.text):
            continue
        entry = _type_of_line(frag.text)
        used = [frag]
        if entry is None and k + 1 < len(window) and is_upper_line(frag.text):
            pair = join_fragments([frag, window[k + 1]])
            entry = _type_of_line(pair.text)
            used = [frag, window[k + 1]]
        if entry is not None:
            header.doc_type = entry
            header.doc_type_span = (used[0].start, used[-1].end)
            last_line = used[-1].line
            _subject_after(header, lines, last_line)
            return
        inline = _type_then_subject(frag)
        if inline is not None:
            entry, cut = inline
            header.doc_type = entry
            header.doc_type_span = frag.span(0, cut)
            _subject_after(header, lines, frag.line, first=frag.sub(cut))
            return
    if vv:
        return
    # A web title that opens with a type name: "Kết luận của Thường trực Tỉnh ủy ...".
    if after_line is None:
        for frag in window[:3]:
            entry, cut = _title_type(frag.text)
            if entry:
                header.doc_type = entry
                header.doc_type_span = frag.span(0, cut)
                header.subject, header.subject_span = frag.text, (frag.start, frag.end)
                header.body_start = frag.line + 1
                return
    header.body_start = (after_line + 1) if after_line is not None else header.doc_start


_YEARS = r"(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?"
# A subject's last line: its years, after at most two words of a name ("Xuân 2012 - 2013").
_YEARS_ENDING = re.compile(rf"(?:(?!năm\b|nam\b)[^\W\d_]+\s+){{0,2}}{_YEARS}", re.IGNORECASE)


_CLOSING_MARKS = frozenset(".:;!?")
_ONE_TOKEN = re.compile(r"\s*\S{1,12}\s*")


def _find_vv(frags: list[Fragment], header: Header, after_line: int | None) -> bool:
    """A công văn's subject: "V/v ..." under the number, continued by lower-case lines."""
    limit = (after_line or header.doc_start) + 6
    for i, frag in enumerate(frags):
        if frag.line > limit:
            break
        if frag.line < header.doc_start or not _VV.match(frag.text):
            continue
        parts = [frag]
        upper = is_upper_line(frag.text)
        for nxt in frags[i + 1 : i + 6]:
            # Continuation lines start in lower case, or are capitals under a subject in capitals.
            continues = (
                (
                    nxt.text[:1].islower()
                    or (
                        nxt.line == parts[-1].line + 1 and _YEARS_ENDING.fullmatch(nxt.text) is not None
                    )  # "...mùa khô\n2016 - 2017", "... vụ Đông\nXuân 2012 - 2013"
                )
                or (
                    nxt.line == parts[-1].line + 1
                    and open_ending(parts[-1].text)  # "... dịp" / "Tết Nguyên đán ...": the phrase goes on
                    and not is_upper_line(nxt.text)
                    and not (is_motto(nxt.text) or is_addressees_marker(nxt.text) is not None)
                )
                or (
                    # "... tiến độ cấp" / "Căn cước công dân ...", "... bởi dịch" / "COVID-19": a line
                    # that stops on no mark, and one right under it that is no other header part
                    nxt.line == parts[-1].line + 1
                    and not upper
                    and parts[-1].text.rstrip()[-1:] not in _CLOSING_MARKS
                    and (not is_upper_line(nxt.text) or _ONE_TOKEN.fullmatch(nxt.text) is not None)
                    and _BODY_CUE.match(nxt.text.lstrip()) is None
                    and not (is_motto(nxt.text) or is_mark(nxt.text) or is_addressees_marker(nxt.text) is not None)
                    and number_prefix(nxt.text) is None
                    and len(parts) < 4
                )
                or (
                    upper
                    and is_upper_line(nxt.text)
                    and nxt.line == parts[-1].line + 1
                    and not (is_motto(nxt.text) or is_mark(nxt.text) or number_prefix(nxt.text) is not None)
                )
            )
            dated = find_place_date([nxt]) is not None
            if continues and not dated and len(nxt.text) < 120:
                parts.append(nxt)
            elif (
                nxt.line == parts[-1].line or dated or is_motto(nxt.text) or re.match(r"^(?:năm|nam)\s+\d{4}", nxt.text)
            ):
                continue  # the other column of a flattened line
            else:
                break
        joined = join_fragments(parts)
        header.subject, header.subject_span = joined.text, (parts[0].start, parts[-1].end)
        header.is_cong_van = True
        header.body_start = parts[-1].line + 1
        return True
    return False


def _subject_after(header: Header, lines: list[Line], type_line: int, first: Fragment | None = None) -> None:
    """Subject lines after the type name, up to a separator, a body cue or a blank before a new sentence."""
    parts: list[Fragment] = [first] if first is not None and first.text else []
    blank_seen = False
    i = type_line + 1
    while i < len(lines) and len(parts) < _MAX_SUBJECT_LINES:
        line = lines[i]
        if line.blank:
            if any(f.is_separator and f.text.strip() for f in line.fragments) and parts:
                i += 1
                break
            blank_seen = True
            i += 1
            continue
        text = line.text
        if parts and (blank_seen and not text[:1].islower()):
            break
        # A subject may itself open with a cue word ("Thực hiện Chương trình ...") when it sits
        # right under the type name; after that a cue starts the body.
        cue = _BODY_CUE.match(text) and (parts or (blank_seen and not _TASK_SUBJECT.match(text)) or len(text) > 250)
        if cue or text.rstrip().endswith(":") or len(text) > 300 or is_boilerplate(text):
            break
        if parts and len(text) > 160 and text.rstrip().endswith("."):
            break
        if parts and is_upper_line(text) and not is_upper_line(parts[-1].text):
            break  # "BỘ TRƯỞNG BỘ GIAO THÔNG VẬN TẢI" under a decision's subject
        parts.extend(f for f in line.fragments if f.text and not f.is_separator)
        blank_seen = False
        i += 1
    if parts:
        joined = join_fragments(parts)
        header.subject, header.subject_span = joined.text, (parts[0].start, parts[-1].end)
    header.body_start = i


def doc_type_from_symbol(ident: Identifier | None) -> DocTypeEntry | None:
    if ident is None:
        return None
    return type_of_symbol(ident.symbol, ident.separator)
