"""Number-and-symbol grammar, shared by the header's "Số:" line and body references.

Forms (../shared/domain.md): administrative `108/BC-HĐND`, normative `30/2020/NĐ-CP`, công văn
`3206/UBND-KGVX`, Party `41-KL/TU`, old `144/2002/QĐ/BTC`, `178/CP`, `60 TC/CĐKT`; OCR adds
spaces (`3473 /KH-UBND`) and confuses Đ/D (`680/CD-TTg` is `680/CĐ-TTg`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import DocTypeEntry, party_type_by_code, type_by_code
from .dates import OCR_DIGITS

# One symbol segment: starts with a capital (or Đ), then letters, digits, "&".
# "TƯ" (Trung ương) keeps its horn in symbols: "112/KH-BCĐTƯATTP".
_SEG = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*"
# A unit's register may follow after a dot, in capitals: "68/QĐ-UBND.HC", "UBND.NC" (Đồng Tháp).
_SYMBOL = rf"{_SEG}(?:\s?[-/]\s?{_SEG})*(?:\.[A-ZĐ]{{2,4}})?"
IDENTIFIER_RE = re.compile(
    r"(?<![\w/.-])"
    r"(?P<number>(?:\d|[lI](?=\d))\d{0,4}[a-z]?)?"  # OCR's l or I for a leading 1 ("l6/2015/NĐ-CP")
    r"(?:"
    rf"\s?(?P<sep>[/-])\s?(?:(?P<year>(?:19|20)\d{{2}})\s?/\s?)?(?P<symbol>{_SYMBOL})"
    rf"|(?P<space_sep> )(?P<old_symbol>[A-ZĐ]{{2,}}/{_SEG}(?:[-/]{_SEG})*)"
    r")"
    r"(?![\w])"
)


@dataclass(frozen=True)
class Identifier:
    number: str | None
    symbol: str
    year: int | None
    separator: str
    start: int  # offsets of the match in the searched string
    end: int
    symbol_start: int  # where the symbol (after number, separator and year) begins
    year_start: int | None = None

    @property
    def identifier(self) -> str:
        year = f"{self.year}/" if self.year else ""
        return f"{self.number or ''}{self.separator}{year}{self.symbol}"

    @property
    def type_code(self) -> str | None:
        """The document type code the symbol carries ("BC" of "BC-HĐND"), if any."""
        entry = type_of_symbol(self.symbol, self.separator)
        return entry.code if entry else None


def parse_identifier(text: str, pos: int = 0, *, require_number: bool = True) -> Identifier | None:
    """Parse an identifier starting exactly at `text[pos]` (after optional spaces)."""
    m = IDENTIFIER_RE.match(text, pos)
    if not m:
        return None
    return _from_match(m, require_number=require_number)


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifier with a number in `text`, in order."""
    found = []
    for m in IDENTIFIER_RE.finditer(text):
        ident = _from_match(m, require_number=True)
        if ident is not None:
            found.append(ident)
    return found


def _from_match(m: re.Match[str], *, require_number: bool) -> Identifier | None:
    number = m.group("number")
    if number and not number[0].isdigit():
        number = number.translate(OCR_DIGITS)
    if require_number and not number:
        return None
    if m.group("space_sep"):
        symbol = canonical_symbol(m.group("old_symbol"), "/")
        sep = " "
        year = None
        symbol_start = m.start("old_symbol")
        year_start = None
    else:
        symbol_start = m.start("symbol")
        year_start = m.start("year") if m.group("year") else None
        raw_symbol = m.group("symbol")
        symbol = canonical_symbol(raw_symbol, m.group("sep"))
        sep = m.group("sep")
        year = int(m.group("year")) if m.group("year") else None
        if not _plausible_symbol(symbol, sep, year, bool(number)):
            return None
    end = m.end()
    return Identifier(
        number=number,
        symbol=symbol,
        year=year,
        separator=sep,
        start=m.start(),
        end=end,
        symbol_start=symbol_start,
        year_start=year_start,
    )


def _plausible_symbol(symbol: str, sep: str, year: int | None, has_number: bool) -> bool:
    """Reject things that only look like symbols ("19/COVID", "2/F0")."""
    letters = sum(c.isalpha() for c in symbol)
    if letters < 2:
        return False
    if "-" in symbol or "/" in symbol or year:
        return True
    # A single segment: only old forms ("178/CP", "04/1998/QH10") or a known type code.
    return symbol.isupper() and len(symbol) <= 12 and has_number


def canonical_symbol(raw: str, sep: str) -> str:
    """Spaces removed; a type code damaged by OCR (CD → CĐ, QĐĐ → QĐ) repaired when unambiguous."""
    symbol = re.sub(r"\s+", "", raw)
    parts = re.split(r"([-/])", symbol)
    codes = type_by_code()
    first = parts[0]
    if first not in codes and len(parts) > 1:
        fixed = _repair_code(first, codes)
        if fixed:
            parts[0] = fixed
    return "".join(parts)


def _repair_code(code: str, codes: dict[str, DocTypeEntry]) -> str | None:
    candidates = set()
    collapsed = re.sub(r"Đ{2,}", "Đ", code)
    if collapsed in codes:
        candidates.add(collapsed)
    if "D" in code:
        for i, ch in enumerate(code):
            if ch == "D":
                variant = code[:i] + "Đ" + code[i + 1 :]
                if variant in codes:
                    candidates.add(variant)
    return candidates.pop() if len(candidates) == 1 else None


def type_of_symbol(symbol: str, separator: str) -> DocTypeEntry | None:
    """The type a symbol names in its first segment ("KL" of "KL/TU", "NĐ" of "NĐ-CP")."""
    first = re.split(r"[-/]", symbol, maxsplit=1)[0]
    if separator == " ":
        return None  # old space form: the first segment is the agency ("60 TC/CĐKT")
    if separator == "-" and first in party_type_by_code():  # the Party form "NN-TYPE/AGENCY"
        return party_type_by_code()[first]
    return type_by_code().get(first)
