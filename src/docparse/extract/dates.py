"""Place and date of issue ("Khánh Hòa, ngày 05 tháng 8 năm 2021"), and a web page's stamp.

Our own grammar (dateparser misreads "tháng 02" and fails after "Khánh Hòa, "): day and
month may be blank in drafts, the words may lose their marks in OCR copies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..segment import Fragment, join_fragments

_BLANK = r"[\s._…·\-]*"
_NGAY = r"ng[aàáảãạ]y"
_THANG = r"th[aàáảãạ]ng"
_NAM = r"n[aăằắẳẵặâàáảãạ]m"
# Day and month digits, with OCR's letter-for-digit confusions ("O5" for "05") when a digit is there.
_DIGITS = r"(?:\d{1,2}|[Oo]\d|\d[Oo]|[Il]\d)(?![^\W\d_])"
_OCR_DIGITS = str.maketrans("OoIl", "0011")
PLACE_DATE_RE = re.compile(
    rf"(?P<place>[^\d,;:()/|\[\]]{{2,60}}?)\s*,\s*{_NGAY}(?P<blank_day>{_BLANK})(?P<day>{_DIGITS})?"
    rf"{_BLANK}{_THANG}{_BLANK}(?P<month>{_DIGITS})?{_BLANK}{_NAM}\s*(?P<year>(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# "ngày ... tháng" without the year yet: the rest is on the next line.
_DATE_STARTED = re.compile(rf",\s*{_NGAY}\b.*$", re.IGNORECASE)
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


_HAS_NGAY = re.compile(_NGAY, re.IGNORECASE)


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
    return int(value.translate(_OCR_DIGITS)) if value else None


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
