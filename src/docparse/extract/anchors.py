"""Line classifiers shared by the extractors: motto, marks, keywords, names, boilerplate."""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import bare_index, fold, fuzzy_choice, has_diacritics, lexicon, surnames, titles
from ..normalize import match_form, strip_diacritics

_DASHES = re.compile(r"\s*[-–—]\s*")
_NUMBER_PREFIX = re.compile(r"^\s*(?:S[ốoôổỗộóòỏõọ6đð]|SỐ|SÔ)\s*[:.;]?\s*", re.IGNORECASE)


def _key(text: str) -> str:
    return _DASHES.sub("-", fold(text)).strip(" .:*")


@cache
def _motto_keys() -> frozenset[str]:
    return frozenset(_key(line) for line in lexicon()["motto"]["lines"])


@cache
def _motto_words() -> frozenset[str]:
    return frozenset(w for key in _motto_keys() for w in strip_diacritics(key).split() if len(w) > 1)


# The characters fold() turns into a leading "Đ": a cheap test before folding the whole line.
_D_FORMS = frozenset("ĐđÐðƉ")


def is_motto(text: str) -> bool:
    if not 12 <= len(text) <= 60:
        return False
    # "CỘNG HÒA ..." and "ĐẢNG CỘNG SẢN ..." are printed in capitals; a site's tagline
    # "Nước Cộng hoà xã hội chủ nghĩa Việt Nam" is not the motto.
    if not is_upper_line(text) and not (text.lstrip()[:1] in _D_FORMS and fold(text).startswith("ĐỘC")):
        return False
    key = _key(text)
    if key in _motto_keys():
        return True
    if not 12 <= len(key) <= 50 or not _mostly_letters(key):
        return False
    # Fuzzy match only lines that share words with a motto (cheap filter first).
    if len(set(strip_diacritics(key).split()) & _motto_words()) < 2:
        return False
    return fuzzy_choice(key, tuple(_motto_keys()), min_score=85, margin=10) is not None


def _mostly_letters(text: str) -> bool:
    return sum(map(str.isalpha, text)) >= 0.7 * len(text.replace(" ", "") or "x")


@cache
def _mark_keys() -> frozenset[str]:
    return frozenset(fold(m) for m in lexicon()["marks"]["lines"])


def is_mark(text: str) -> bool:
    """Urgency, secrecy and draft marks ("HỎA TỐC", "DỰ THẢO")."""
    return fold(text).strip(" .:!*()") in _mark_keys()


def is_upper_line(text: str) -> bool:
    """At least two letters, 85% of them capitals."""
    letters = "".join(filter(str.isalpha, text))  # filter and map keep the loops in C
    return len(letters) >= 2 and sum(map(str.isupper, letters)) / len(letters) >= 0.85


def _whole_words(words: list[str], before: str = "", after: str = "") -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + before + "(?:" + "|".join(map(re.escape, words)) + r")(?!\w)" + after)


@cache
def _agency_re() -> re.Pattern[str]:
    return _whole_words(sorted((fold(w) for w in lexicon()["agency"]["keywords"]), key=len, reverse=True))


@cache
def _multiword_agency_re() -> re.Pattern[str]:
    return _whole_words([fold(w) for w in lexicon()["agency"]["keywords"] if " " in w.strip()])


def has_agency_word(text: str) -> bool:
    return bool(_agency_re().search(fold(text)))


@cache
def _level_word_re() -> re.Pattern[str]:
    words = sorted((fold(w) for w in lexicon()["agency"]["level_words"]), key=len, reverse=True)
    # "XÃ" of "HỢP TÁC XÃ" and "XÃ HỘI" is no level: "LIÊN MINH HỢP TÁC XÃ" / "TỈNH SÓC TRĂNG" is one body.
    return _whole_words(words, before=r"(?<!TÁC )", after=r"(?! HỘI\b)")


def has_level_word(text: str) -> bool:
    """Whether an agency line names its level ("TỈNH", "HUYỆN", "XÃ" ...)."""
    return bool(_level_word_re().search(fold(text)))


@cache
def _level_word_prefixes() -> tuple[str, ...]:
    return tuple(fold(w) + " " for w in lexicon()["agency"]["level_words"])


def starts_with_level_word(text: str) -> bool:
    return fold(text).startswith(_level_word_prefixes())


@cache
def _bare_body_keys() -> frozenset[str]:
    return frozenset(fold(b) for b in lexicon()["agency"]["bare_bodies"])


def is_bare_body(text: str) -> bool:
    return fold(text).strip(" .") in _bare_body_keys()


def number_prefix(text: str) -> int | None:
    """Length of a leading "Số:" (or an OCR-damaged "Sð:"), or None."""
    m = _NUMBER_PREFIX.match(text)
    return m.end() if m else None


_RECIPIENTS_MARKER = re.compile(r"^\s*no[il]\s*nh[ao]n\s*:?")
_ADDRESSEES_MARKER = re.compile(r"^\s*kinh\s*g[uo]i\s*:?")


def is_recipients_marker(text: str) -> int | None:
    """Length of a leading "Nơi nhận:" (also damaged: "Nơi nhân", "Noi nhan"), or None."""
    m = _RECIPIENTS_MARKER.match(strip_diacritics(text[:16]).lower())
    return m.end() if m else None


def is_addressees_marker(text: str) -> int | None:
    """Length of a leading "Kính gửi:" (also "Kính gởi", damaged marks), or None."""
    m = _ADDRESSEES_MARKER.match(strip_diacritics(text[:16]).lower())
    return m.end() if m else None


@cache
def _signature_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicon()["signature_marks"]["patterns"])


def is_signature_mark(text: str) -> bool:
    t = text.strip(" *_")
    return any(r.match(t) for r in _signature_res())


@cache
def _boilerplate_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    markers = "|".join(re.escape(match_form(m).lower()) for m in lexicon()["boilerplate"]["markers"])
    return re.compile(rf"^(?:{markers})"), re.compile(markers)


def is_boilerplate(text: str) -> bool:
    """A portal line: counters, link lists, polls, copyright (short lines only)."""
    if len(text) > 90 or text.rstrip().endswith("/."):  # "./." closes the document's own text
        return False
    key = match_form(text).lower().strip(" *#|")
    if len(key) > 80:
        return False
    at_start, anywhere = _boilerplate_res()
    # Inside a line only among a portal's separators ("Ngày đăng: ... | Lượt xem: 318 | Chia sẻ"):
    # "kết nối, chia sẻ dữ liệu với các" is a wrapped line of the document.
    return bool(at_start.match(key) or (len(key) <= 60 and _PORTAL_SEPARATOR.search(key) and anywhere.search(key)))


_PORTAL_SEPARATOR = re.compile(r"[|>»•·]")


@cache
def _prefix_re() -> re.Pattern[str]:
    prefixes = sorted(lexicon_prefixes(), key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"^(?:{alternatives})(?=\s|$|[A-ZĐ])\s*", re.IGNORECASE)


@cache
def lexicon_prefixes() -> tuple[str, ...]:
    from ..lexicon import title_data

    return tuple(title_data()["prefixes"])


def authority_prefix(text: str) -> int | None:
    """Length of a leading authority prefix (TM., KT., T/M, KT/ …), or None."""
    m = _prefix_re().match(text)
    if not m:
        return None
    prefix = m.group(0).strip()
    # Bare "TM"/"KT" without a dot count only in upper-case lines ("KT CHỦ TỊCH").
    if "." not in prefix and "/" not in prefix and not is_upper_line(text):
        return None
    return m.end()


@cache
def _title_keys() -> dict[str, str]:
    return {fold(t): t for t in titles()}


def title_of(text: str, *, fuzzy: bool = True) -> str | None:
    """The signer title a line states, exactly or (OCR damage) by unambiguous fuzzy match."""
    key = fold(text).strip(" .:")
    if key in _title_keys():
        return _title_keys()[key]
    if key.startswith("PHÓ ") and key[4:] in _title_keys():
        return "PHÓ " + _title_keys()[key[4:]]  # the deputy of any title
    if not has_diacritics(key):
        hit = bare_index(titles()).get(key)
        if hit:
            return hit
    if not fuzzy or not is_upper_line(text) or not 5 <= len(key) <= 40:
        return None
    return fuzzy_choice(key, titles(), min_score=78, margin=5)


_NAME_TOKEN = re.compile(r"^[^\W\d_]+$")
EDE_GIVEN_NAME = re.compile(r"H['’][^\W\d_][^\W\d_]*")  # "H'Yăm" (an Ê Đê woman's given name)


def is_person_name(text: str) -> bool:
    """A Vietnamese personal name: 2–6 capitalised words, the first a known family name."""
    tokens = text.strip(" .,;*").split()
    if not 2 <= len(tokens) <= 6:
        return False
    # An Ê Đê woman's name opens with "H'" and ends with the family name ("H'Yăm Mlô", "H'Linh Niê").
    ede = EDE_GIVEN_NAME.fullmatch(tokens[0]) is not None
    for tok in tokens[1:] if ede else tokens:
        if not _NAME_TOKEN.match(tok) or not tok[0].isupper():
            return False
        if not (tok[1:].islower() or tok.isupper() or len(tok) == 1):
            return False
    if title_of(text, fuzzy=False) or _multiword_agency_re().search(fold(text)):
        return False
    first = match_form(tokens[-1] if ede else tokens[0]).lower()
    if first in surnames():
        return True
    # A copy that lost every mark ("Le Van Thanh") is matched on bare family names.
    return not has_diacritics(text) and first in _bare_surnames()


@cache
def _bare_surnames() -> frozenset[str]:
    return frozenset(strip_diacritics(s) for s in surnames())


@cache
def _rank_re() -> re.Pattern[str]:
    from ..lexicon import title_data

    ranks = sorted(title_data()["ranks"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(r) for r in ranks) + r")\s+", re.IGNORECASE)


def split_rank(text: str) -> tuple[str | None, int]:
    """A leading rank or degree before a name ("Thượng tá", "TS."): (rank, length) or (None, 0)."""
    m = _rank_re().match(text)
    if not m:
        return None, 0
    return m.group(0).strip(), m.end()
