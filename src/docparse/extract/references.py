"""Cited documents that carry a number and symbol (full citations).

Short forms, lists and resolution come later; here every "Nghị quyết số 68/NQ-CP, ngày
01/7/2021 của Chính phủ" gives its identifier, type, date and issuer where the text says them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import DocTypeEntry, doc_types, fold, type_by_name
from .dates import safe_iso
from .identifier import Identifier, find_identifiers, type_of_symbol

_DATE_AFTER = re.compile(
    r"^\s*[,(]?\s*(?:ban hành\s+)?(?:ngày\s*)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})"
    r"|^\s*[,(]?\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})",
    re.IGNORECASE,
)
# The issuer runs from "của" to a verb that starts the citation's subject, or to punctuation.
_ISSUER_STOP = r"về|v/v|quy định|hướng dẫn|ban hành|triển khai|thực hiện|phê duyệt|và các|đã|nhằm|để"
_ISSUER_AFTER = re.compile(
    rf"^\s*của\s+(?P<issuer>[^,;.()\n:]{{2,120}}?)(?=\s+(?:{_ISSUER_STOP})\b|[,;.()\n:]|$)",
    re.IGNORECASE,
)


@dataclass
class Citation:
    ident: Identifier
    doc_type: DocTypeEntry | None
    date: str | None
    issuer: str | None
    start: int  # span in the searched text: type name (if any) through the identifier
    end: int


@cache
def _type_before_re() -> re.Pattern[str]:
    names = sorted((e.name for e in doc_types()), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?:{alternatives})(?:\s+liên tịch)?\s*(?:số\s*[:.]?\s*)?$", re.IGNORECASE)


_SO_BEFORE = re.compile(r"\bsố\s*[:.]?\s*$", re.IGNORECASE)


def find_citations(text: str, start: int = 0, end: int | None = None) -> list[Citation]:
    """Full citations in text[start:end], in order; spans are offsets into `text`."""
    end = len(text) if end is None else end
    window = text[start:end]
    found: list[Citation] = []
    for ident in find_identifiers(window):
        before = window[max(0, ident.start - 40) : ident.start]
        m_type = _type_before_re().search(before)
        single_segment = not re.search(r"[-/]", ident.symbol) and not ident.year
        if single_segment and not (m_type or _SO_BEFORE.search(before)):
            continue  # "178/CP" only where the text says it is a document
        if ident.separator == "-" and "/" not in ident.symbol:
            continue  # Party form needs "TYPE/AGENCY" ("41-KL/TU"); "1- UBND" is a list item
        doc_type = None
        cite_start = ident.start
        if m_type:
            name = re.sub(r"\s*(?:số\s*[:.]?\s*)?$", "", m_type.group(0), flags=re.IGNORECASE)
            doc_type = type_by_name().get(fold(re.sub(r"\s+liên tịch$", " liên tịch", name)))
            cite_start = ident.start - len(before) + m_type.start()
        if doc_type is None:
            doc_type = type_of_symbol(ident.symbol, ident.separator)
        after = window[ident.end : ident.end + 160]
        date = None
        m_date = _DATE_AFTER.match(after)
        consumed = 0
        if m_date:
            g = m_date.groups()
            day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            date = safe_iso(int(year), int(month), int(day))
            consumed = m_date.end()
        issuer = None
        m_issuer = _ISSUER_AFTER.match(after[consumed:])
        if m_issuer:
            issuer = " ".join(m_issuer.group("issuer").split())
        found.append(
            Citation(
                ident=ident,
                doc_type=doc_type,
                date=date,
                issuer=issuer,
                start=start + cite_start,
                end=start + ident.end,
            )
        )
    return found
