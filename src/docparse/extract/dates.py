"""Place and date of issue ("Khánh Hòa, ngày 05 tháng 8 năm 2021"), and a web page's stamp.

Our own grammar (dateparser misreads "tháng 02" and fails after "Khánh Hòa, "): day and
month may be blank in drafts, the words may lose their marks in OCR copies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..segment import Fragment, join_fragments

_BLANK = r"[\s._…·\-]*"
NGAY = r"ng[aàáảãạ]y"  # "ngày" and its tone mark as OCR damages it ("ngảy")
_THANG = r"th[aàáảãạ]ng"
_NAM = r"n[aăằắẳẵặâàáảãạ]m"
# Day and month digits, with OCR's letter-for-digit confusions ("O5" for "05") when a digit is there.
_DIGITS = r"(?:\d{1,2}|[Oo]\d|\d[Oo]|[Il]\d|\d[Il])(?![^\W\d_])"
OCR_DIGITS = str.maketrans("OoIl", "0011")
PLACE_DATE_RE = re.compile(
    rf"(?P<place>[^\d,;:()/|\[\]]{{2,60}}?)\s*,\s*{NGAY}(?P<blank_day>{_BLANK})(?P<day>{_DIGITS})?"
    rf"{_BLANK}{_THANG}{_BLANK}(?P<month>{_DIGITS})?{_BLANK}{_NAM}\s*(?P<year>(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# "ngày ... tháng" without the year yet: the rest is on the next line.
_DATE_STARTED = re.compile(rf",\s*{NGAY}\b.*$", re.IGNORECASE)
STAMP_RE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s*[-,]?\s*(\d{1,2}):(\d{2}))?")


@dataclass(frozen=True)
class PlaceDate:
    place: str | None
    place_span: tuple[int, int] | None
    year: int | None
    month: int | None
    day: int | None
    span: tuple[int, int]

    @property
    def iso(self) -> str | None:
        if self.year and self.month and self.day:
            return safe_iso(self.year, self.month, self.day)
        return None


def safe_iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_place_date(fragments: list[Fragment]) -> tuple[PlaceDate, int] | None:
    """The first place-and-date in `fragments`; returns it and the index of its fragment."""
    for i, frag in enumerate(fragments):
        found = _match(frag)
        if found is None and _DATE_STARTED.search(frag.text):
            # A date split over lines: join with the next one or two fragments.
            for extra in (1, 2):
                if i + extra < len(fragments):
                    found = _match(join_fragments(fragments[i : i + extra + 1]))
                    if found:
                        break
        if found:
            return found, i
    return None


_HAS_NGAY = re.compile(NGAY, re.IGNORECASE)


def _match(frag: Fragment) -> PlaceDate | None:
    if not _HAS_NGAY.search(frag.text):
        return None
    m = PLACE_DATE_RE.search(frag.text)
    if not m:
        return None
    place = m.group("place").strip(" -–*#")
    place_start = m.start("place") + (len(m.group("place")) - len(m.group("place").lstrip(" -–*#")))
    # Text flattened onto the same line before the place ("KH-SVHTTDL Tây Ninh"): drop the
    # leading symbol-like tokens.
    tokens = place.split(" ")
    while len(tokens) > 1 and ("-" in tokens[0] or _acronym_before_name(tokens)):
        place_start += len(tokens[0]) + 1
        tokens = tokens[1:]
    place = " ".join(tokens)
    place_span = frag.span(place_start, place_start + len(place)) if place else None
    return PlaceDate(
        place=place or None,
        place_span=place_span,
        year=int(m.group("year")),
        month=_int(m.group("month")),
        day=_int(m.group("day")),
        span=frag.span(place_start if place else m.start(), m.end()),
    )


def _int(value: str | None) -> int | None:
    return int(value.translate(OCR_DIGITS)) if value else None


def find_stamp(fragment: Fragment) -> tuple[str, tuple[int, int]] | None:
    """A web page's own date stamp ("25/07/2021 22:23 | Lượt xem 1122") in one fragment."""
    m = STAMP_RE.search(fragment.text)
    if not m:
        return None
    iso = safe_iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if iso is None:
        return None
    return iso, fragment.span(m.start(), m.end())


def _acronym_before_name(tokens: list[str]) -> bool:
    """ "HĐND Khánh Hòa": an acronym ahead of a title-case place (but "TP. Hồ Chí Minh" stays)."""
    first = tokens[0]
    return first.isupper() and not first.endswith(".") and not all(t.isupper() for t in tokens)


# ---------------------------------------------------------------------------------------------
# Dates in running text: every mention with at least a month, normalised, with its role.


@dataclass(frozen=True)
class DateMention:
    value: str  # "2021-08-05", "2021-08", "2021-Q3", "2021-07-01/2021-07-15", "2020-07-29T14:00"
    kind: str  # date | month | quarter | range | time
    start: int
    end: int
    role: str = "event"  # issue | publication | reference | deadline | event
    year_inferred: bool = False
    closes_clause: bool = False  # a month or quarter ending a clause after "trong" (see _closes_clause)


# A day may carry OCR's letter O for a zero ("1O/02/2015", "O5/3") or, after a digit, l or I for a
# one ("3l/8/2015"; a leading "l" would make every "l" of the text a place to try).
_D = r"(?P<{0}d>\d{{1,2}}|[1-3][OoIl]|[Oo][1-9])"
_M = r"(?P<{0}m>\d{{1,2}})"
# A year may carry OCR's letter O for a zero ("Quý IV/2O23").
_YEAR = r"(?:1[89]\d\d|2[0Oo][0-9Oo]\d)"
_Y = r"(?P<{0}y>" + _YEAR + ")"


def _date_grammar(p: str) -> str:
    """One date with group prefix `p`: "ngày 05 tháng 8 năm 2021", "01/7/2021", "ngày 24/8".
    Each alternative has its own groups (p1d, p2d, ...): `re` forbids repeated names."""
    forms = (
        rf"(?:{NGAY}\s+)?{{d}}\s+{_THANG}\s+{{m}}(?:\s+{_NAM}\s+{{y}})?",
        r"(?:" + NGAY + r"\s*)?{d}\s*/\s*{m}\s*/\s*{y}",
        r"(?:" + NGAY + r"\s*)?{d}\s*-\s*{m}\s*-\s*{y}",
        NGAY + r"\s*{d}\s*/\s*{m}(?!\s*/?\s*\d)",
    )
    return "|".join(
        form.format(d=_D.format(f"{p}{i}"), m=_M.format(f"{p}{i}"), y=_Y.format(f"{p}{i}"))
        for i, form in enumerate(forms)
    )


def _clock(p: str) -> str:
    """An optional time before a range's end point: "từ 0 giờ ngày ...", "đến 17h00 ngày ..."."""
    return rf"(?:(?P<{p}h>\d{{1,2}})\s*(?:giờ|h)\s*(?P<{p}min>\d{{2}})?\s*(?:phút\s*)?(?:{NGAY}\s*)?)?"


_PART_OF_DAY = r"(?:(?:rạng\s+)?sáng\s+|chiều\s+|tối\s+|đêm\s+|trưa\s+)?"
_FORMS = 4  # alternatives of _date_grammar; a range's start has one more (a4: day/month alone)
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DATE_RE = re.compile(
    # Every form opens with a digit, "từ", "tháng", "ngày" or "Quý": test that first, the scan
    # then skips most positions in one class test.
    r"(?=[\dtnq])(?<![\w/.-])(?:"
    # a range: "từ ngày 01/7 đến ngày 15/7/2021", "từ 01 - 15/7/2021", "15/10 - 15/11/2019" (a
    # bare day/month opens a range only: its end gives the year)
    # ("từ chiều ngày 06/10 đến sáng ngày 07/10/2025": a part of the day before either end)
    rf"(?P<range>(?:từ\s+)?{_PART_OF_DAY}{_clock('a')}(?:{_date_grammar('a')}|{NGAY}\s+(?P<bd>\d{{1,2}})"
    rf"|{_D.format('a4')}\s*/\s*{_M.format('a4')})\s*(?:đến|tới|-|–)\s*"
    rf"(?:hết\s+)?{_PART_OF_DAY}{_clock('z')}(?:{NGAY}\s*)?(?:{_date_grammar('z')}))"
    # a range of months: "tháng 8 - tháng 9/2023", "Tháng 4 - 5/2023", "từ tháng 12/2023 đến tháng 5/2024"
    rf"|(?P<mrange>(?:từ\s+)?{_THANG}\s+(?P<ma>\d{{1,2}})(?:\s*[/-]\s*(?P<may>{_YEAR}))?\s*(?:đến|tới|-|–)\s*"
    rf"(?:hết\s+)?(?:{_THANG}\s+)?(?P<mz>\d{{1,2}})(?:\s*[/-]\s*|\s+{_NAM}\s+)(?P<mzy>{_YEAR}))"
    # a range of quarters: "từ Quý III/2015 đến Quý II/2016", "Quý III - IV/2019"
    rf"|(?P<qrange>(?:từ\s+)?[Qq]u[ýy]\s+(?P<qa>IV|I{{1,3}}|[1-4])(?:\s*[/-]\s*(?P<qay>{_YEAR}))?\s*(?:đến|tới|-|–)\s*"
    rf"(?:hết\s+)?(?:[Qq]u[ýy]\s+)?(?P<qz>IV|I{{1,3}}|[1-4])(?:\s*[/-]\s*|\s+năm\s+)(?P<qzy>{_YEAR}))"
    rf"|(?P<date>{_date_grammar('s')})"
    rf"|(?P<month>{_THANG}\s+(?P<mm>\d{{1,2}})(?:\s*[/-]\s*|\s+{_NAM}\s+)(?P<my>{_YEAR})"
    rf"|{_THANG}\s+(?P<mo>\d{{1,2}})(?![\d/]|\s+{_NAM}|\s*-\s*\d))"
    rf"|(?P<quarter>[Qq]u[ýy]\s+(?P<q>IV|I{{1,3}}|[1-4])(?:\s*[/-]\s*|\s+năm\s+)(?P<qy>{_YEAR})"
    r"|[Qq]u[ýy]\s+(?P<qo>IV|I{1,3}|[1-4])(?![\w/]))"
    r")(?![\w/])",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(
    r"(?P<h>\d{1,2})\s*(?:giờ|h|g)\s*(?P<min>\d{1,2})?\s*(?:phút)?\s*(?:\([^)]{0,20}\))?\s*[,]?\s*(?:,?\s*(?:sáng|chiều|tối)\s*)?(?:thứ\s+\w+\s*,?\s*)?$",
    re.IGNORECASE,
)
_DEADLINE_CUE = re.compile(
    r"(?:tr[ưu][ớóo]c\s+(?:ngày|thời điểm)?|chậm nhất(?:\s+(?:là|đến))?(?:\s+vào)?(?:\s+ngày)?|hạn chót|"
    r"thời hạn(?:\s+\w+){0,3}|"
    r"hoàn thành(?:,?\s+\w+){0,6}\s+(?:trong|trước|vào)(?:\s+\w+)?|xong\s+(?:trước|trong|vào)|hạn\s+cuối|"
    r"thời gian (?:thực hiện|hoàn thành|nộp|gửi|báo cáo)|chậm\s+nhất|phấn đấu(?:\s+\w+){0,3}\s+(?:đến|trước|trong)|"
    r"(?:báo cáo|gửi về|nộp|(?<!công )(?<!quá )(?<!chương )(?<!lộ )(?<!tờ )(?<!phương )trình)"
    r"(?:\s+[^\s.;]+){0,8}\s+trong|"
    # "báo cáo Chủ tịch UBND xã tại phiên họp thường kỳ tháng 12/2025": the report is due then
    r"báo\s+cáo(?:\s+(?!để\b)[^\s.;]+){0,6}?\s+tại\s+(?:phiên họp|hội nghị|cuộc họp|kỳ họp|buổi họp)"
    r"(?:\s+(?!để\b)[^\s.;]+){0,5}?)[\s:,]*(?:ngày|tháng|quý)?\s*$",
    re.IGNORECASE,
)
_LISTED_MONTH_YEAR = re.compile(rf"\s*(?:,|và)\s*{_THANG}\s+\d{{1,2}}\s*[/-]\s*(\d{{4}})", re.IGNORECASE)
# "hoàn thành đợt cao điểm từ ngày 21/10 đến ngày 31/10/2016": the period the work is to be done in.
_FINISH_IN = re.compile(r"(?<!đã )\bhoàn thành(?:,?[ \t]+[^\W\d]+){0,6}[ \t]+$", re.IGNORECASE)
# "Thời gian thực hiện: ..." lines; a bare "Thời gian:" is when a meeting is held, not a deadline.
_DEADLINE_LINE = re.compile(
    r"\W*(?:thời gian\s+(?:thực hiện|hoàn thành|triển khai|nộp|gửi|báo cáo)|thời hạn|tiến độ)[^:\n]{0,30}:",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"[*_]+")
# Blank runs and a page number or marker between two pages read as one space.
_GAP_NEAR = re.compile(r"[^\S ]|  ")  # a line break, tab or other break, or two spaces
_LAYOUT_GAP = re.compile(r"\s*\n\s*(?:[-–]*\s*(?:Trang\s+)?\d{1,3}\s*[-–]*\s*\n\s*)?|[ \t]{2,}")


def find_dates(text: str, start: int = 0, end: int | None = None, *, year: int | None = None) -> list[DateMention]:
    """Date mentions in text[start:end] (offsets into `text`); roles are all "event" or
    "deadline" here — the pipeline marks issue, publication and reference dates it knows.
    A date without a year takes `year` (the issue year), or the year of the range it closes."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    for m in _DATE_RE.finditer(text, start, end):
        mention = _mention(m, year)
        if mention is None:
            continue
        bare_month = mention.kind == "month" and mention.year_inferred
        listed = _LISTED_MONTH_YEAR.match(text, mention.end) if bare_month else None
        if listed:  # "trong tháng 6 và tháng 7/2018": the month takes the year of the one after it
            mention = replace(mention, value=f"{listed.group(1)}{mention.value[4:]}", year_inferred=False)
        s = mention.start
        value, kind = mention.value, mention.kind
        if kind in ("date", "range"):
            t = _TIME_BEFORE.search(text, max(start, s - 40), s)
            if t and kind == "date" and 0 <= int(t.group("h")) < 24:
                minutes = int(t.group("min") or 0)
                value = f"{value}T{int(t.group('h')):02d}:{minutes:02d}"
                kind = "time"
                s = t.start()
        due = _is_deadline(text, s, start) or (kind == "range" and _FINISH_IN.search(text, max(start, s - 60), s))
        role = "deadline" if due else "event"
        closes = kind in ("month", "quarter") and _closes_clause(text, s, mention.end)
        out.append(DateMention(value, kind, s, mention.end, role, mention.year_inferred, closes))
    return out


# "... tổ chức lấy mẫu tại các vùng rau trong tháng 4/2019.", "... sơ kết vào Quý I/2018.": a month
# or quarter closing a clause (not its opening, "Trong tháng 6, ..."), in a clause that tells no
# done or expected fact ("đã ... trong tháng 6", "dự kiến trong tháng 4"). In a task's clause it is
# when the work is due.
# ("trong tháng 02/2019 và tháng 3/2019.": the second month of the list closes the clause too)
# ("trong tuần đầu tháng 11/2021": part of the month)
_IN_PERIOD = re.compile(
    r"\S\s+\(?(?:trong|vào)\s+(?:(?:tuần|những ngày|các ngày|dịp)\s+(?:đầu|cuối|giữa)\s+)?"
    r"(?:(?:tháng|quý)\s+[\dIVX]{1,4}(?:/\d{4})?\s*(?:,|và)\s*)*$",
    re.I,
)
_CLAUSE_START = re.compile(r"[.;:\n]")
_PLANNED_PERIOD = re.compile(r"\bdự kiến\s+(?:trong|vào)\s+\S*\s*$", re.IGNORECASE)
_TO_FINISH = re.compile(r"(?<!đã )\bhoàn thành\b", re.IGNORECASE)
_DONE = re.compile(r"\b(?:đã|vừa|dự kiến)\b", re.IGNORECASE)
# (A purpose after it still closes the work: "bố trí kinh phí trong Quý IV/2024 để Công ty ...".)
_CLAUSE_CLOSE = re.compile(
    r"(?:\s*(?:,|và)\s*(?:tháng|quý)\s+[\dIVX]{1,4}(?:/\d{4})?)*[ \t]*\)?[ \t]*(?:[.;]|\n|$|,?[ \t]*(?:để|nhằm)[ \t])",
    re.I,
)


def _closes_clause(text: str, pos: int, end: int) -> bool:
    if not (_IN_PERIOD.search(text, max(0, pos - 40), pos) and _CLAUSE_CLOSE.match(text, end)):
        return False
    if _PLANNED_PERIOD.search(text, max(0, pos - 30), pos):
        return False  # "khi Trạm hoàn thành, đưa vào khai thác (dự kiến trong Quý II/2026)": a plan
    floor = max(0, pos - 300)
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, floor, pos)), default=floor)
    # ("hoàn thành điều tra các vụ việc đã phát hiện trong tháng 7/2024": the work to finish is due)
    return not _DONE.search(text, clause_start, pos) or _TO_FINISH.search(text, clause_start, pos) is not None


# "các trường hợp đã có quyết định nghỉ việc trước ngày 01/4/2024": a done fact's time, no due date.
_DONE_BEFORE = re.compile(r"\bđã\s+(?:có|được|ban hành|nghỉ|thôi)\b[^.;:,\n]{0,40}$")


# "dự kiến trình Chính phủ trong tháng 10/2016": a plan of the writer's, no due date.
_PLANNED_BEFORE = re.compile(r"\bdự kiến\s*$", re.IGNORECASE)


def _is_deadline(text: str, pos: int, floor: int) -> bool:
    # "chậm nhất là ngày **04/6/2021**"; "trước ngày" at the foot of a page, its date on the next
    before = _EMPHASIS.sub("", text[max(floor, pos - 240) : pos])
    # Collapsing gaps changes the last 60 characters only where the last 70 hold one.
    before = _LAYOUT_GAP.sub(" ", before)[-60:] if _GAP_NEAR.search(before, len(before) - 70) else before[-60:]
    cue = _DEADLINE_CUE.search(before)
    if cue and not _DONE_BEFORE.search(before, 0, cue.start()) and not _PLANNED_BEFORE.search(before, 0, cue.start()):
        return True
    line_start = text.rfind("\n", floor, pos) + 1
    return bool(_DEADLINE_LINE.match(text, line_start, pos))


def _mention(m: re.Match[str], year: int | None) -> DateMention | None:
    g = m.groupdict()
    if g["range"]:
        z = _parts(g, "z", year)
        if z is None:
            return None
        zy, zm, zd = z
        if any(g.get(f"a{i}d") for i in range(_FORMS + 1)):
            a = _parts(g, "a", zy)
            if a is None:
                return None
            ay, am, ad = a
        else:
            ay, am, ad = zy, zm, int(g["bd"])
        first, last = safe_iso(ay, am, ad), safe_iso(zy, zm, zd)
        if not (first and last):
            return None
        first, last = first + _at(g, "a"), last + _at(g, "z")
        inferred = not (_has_year(g, "a") or _has_year(g, "z"))
        return DateMention(f"{first}/{last}", "range", m.start(), m.end(), year_inferred=inferred)
    if g["mrange"]:
        zy = _int(g["mzy"])
        ay = _int(g["may"]) if g["may"] else zy
        am, zm = int(g["ma"]), int(g["mz"])
        if not (1 <= am <= 12 and 1 <= zm <= 12) or (ay, am) > (zy, zm):
            return None
        return DateMention(f"{ay}-{am:02d}/{zy}-{zm:02d}", "range", m.start(), m.end())
    if g["qrange"]:
        zy = _int(g["qzy"])
        ay = _int(g["qay"]) if g["qay"] else zy
        aq, zq = _ROMAN_QUARTERS[g["qa"].upper()], _ROMAN_QUARTERS[g["qz"].upper()]
        if (ay, aq) >= (zy, zq):
            return None
        return DateMention(f"{ay}-Q{aq}/{zy}-Q{zq}", "range", m.start(), m.end())
    if g["date"]:
        parts = _parts(g, "s", year)
        if parts is None:
            return None
        iso = safe_iso(*parts)
        return DateMention(iso, "date", m.start(), m.end(), year_inferred=not _has_year(g, "s")) if iso else None
    if g["month"]:
        month = int(g["mm"] or g["mo"])
        y = _int(g["my"]) if g["my"] else year
        if not (1 <= month <= 12) or y is None:
            return None
        return DateMention(f"{y}-{month:02d}", "month", m.start(), m.end(), year_inferred=not g["my"])
    if g["quarter"]:
        q = _ROMAN_QUARTERS[(g["q"] or g["qo"]).upper()]
        y = _int(g["qy"]) if g["qy"] else year
        if y is None:
            return None
        return DateMention(f"{y}-Q{q}", "quarter", m.start(), m.end(), year_inferred=not g["qy"])
    return None


def _at(g: dict, p: str) -> str:
    hour = g.get(f"{p}h")
    if hour is None or int(hour) > 23:
        return ""
    return f"T{int(hour):02d}:{int(g.get(f'{p}min') or 0):02d}"


def _parts(g: dict, p: str, year: int | None) -> tuple[int, int, int] | None:
    for i in range(_FORMS + 1):
        if g.get(f"{p}{i}d") is not None:
            y = _int(g[f"{p}{i}y"]) if g.get(f"{p}{i}y") else year
            day = int(g[f"{p}{i}d"].translate(OCR_DIGITS))  # "1O/02/2015"
            return (y, int(g[f"{p}{i}m"]), day) if y is not None else None
    return None


def _has_year(g: dict, p: str) -> bool:
    return any(g.get(f"{p}{i}y") for i in range(_FORMS + 1))
