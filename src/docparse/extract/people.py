"""People named in a document, with the title or role printed beside them.

Rules first: a personal name is two to four capitalised syllables led by a family name
(data/surnames.txt), after an address word ("đồng chí", "ông", "bà") or a title ("Phó Chủ
tịch UBND tỉnh"), or three or more syllables on their own. Agencies and places are never
people ("Thành phố Hồ Chí Minh", "Trường THPT Lê Quý Đôn"). underthesea's NER is an optional
second signal, run only on sentences that hold a candidate (it is slow, ~15 KB/s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..lexicon import CAPITALS as _CAPITALS
from ..lexicon import SMALL as _SMALL
from ..lexicon import lexicon, surnames, title_data, titles
from ..normalize import match_form
from .agencies import find_agencies, place_names
from .anchors import EDE_GIVEN_NAME

# "H'Yên", "H'Hen": the Ê Đê and Jrai prefix of a woman's name is one syllable with the name.
_SYLLABLE = rf"[{_CAPITALS}](?:['’][{_CAPITALS}])?[{_SMALL}]{{0,6}}"
_UPPER_SYLLABLE = rf"[{_CAPITALS}]{{1,7}}"
# Title-case or capital syllables. The opening capital is matched first and the look-behind
# after it tests the character before it: a pattern that opens on a character class lets the
# engine skip ahead to the next capital instead of trying every position.
_NAME_RE = re.compile(
    rf"(?P<name>[{_CAPITALS}](?<![\w].)(?:[{_SMALL}]{{0,6}}(?:[ \t]+{_SYLLABLE}){{1,4}}"
    rf"|[{_CAPITALS}]{{0,6}}(?:[ \t]+{_UPPER_SYLLABLE}){{1,4}}"
    rf"|['’][{_CAPITALS}][{_SMALL}]{{0,6}}(?:[ \t]+{_SYLLABLE}){{1,3}}))(?![\w])"  # "H'Linh Niê" (Ê Đê)
)
_FOURTH_WORD_END = re.compile(r"\S+(?:[ \t]+\S+){3}")
_LEADING_ADDRESS = re.compile(r"(?:Ông|Bà|Anh|Chị|Đồng chí|ÔNG|BÀ)\s+")
_ADDRESS = re.compile(r"(?:đồng chí|đ/c|ông|bà|anh|chị|Đồng chí|Đ/c|Đ/C|Ông|Bà|ĐỒNG CHÍ|ÔNG|BÀ)\s*:?\s*$")


@cache
def _rank_re() -> tuple[re.Pattern[str], int]:
    """A rank or religious title right before a name ("Trung tá", "Mục sư"; titles.toml): what
    follows is a person's name even when its family name is not in the list ("Mục sư A Thái").
    With it, how far back from the name to look (the longest rank and a few spaces)."""
    ranks = sorted(title_data()["ranks"], key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, ranks))})\s*$", re.IGNORECASE)
    return pattern, len(ranks[0]) + 4


# Words before a name that make it something else: a place, a street, a school, an honour.
_NOT_PERSON_BEFORE = re.compile(
    r"(?:thành phố|tp\.?|phố|đường|phường|xã|huyện|quận|tỉnh|tư tưởng|trường|thpt|thcs|"
    r"tiểu học|đoàn tncs|tncs|cộng sản|lăng|bảo tàng|giải thưởng|huân chương|cầu|chợ|khu|thôn|ấp|bản|làng|"
    # ("số 06 Nguyễn Trung Trực": a house number)
    r"sông|suối|hồ|đập|kênh|núi|đèo|cảng|cụm công nghiệp|khu công nghiệp|số\s+\d+[a-zA-Z]?)\s*$",
    re.IGNORECASE,
)

# "các xã Vĩnh Phước, Lương An Trà", "phố Tô Hiệu, Nguyễn Công Trứ": names listed after a place
# word are places (or streets), like the first one.
_PROPER_RUN = rf"[{_CAPITALS}][\w'’]*(?:[ \t]+[{_CAPITALS}][\w'’]*)*(?:[ \t]*\([^)\n]{{0,20}}\))?"
_LISTED_AFTER_PLACE = re.compile(
    rf"(?<!\w)(?i:phố|đường|phường|xã|huyện|quận|thôn|ấp|bản|làng|các xã|các phường|các huyện)[ \t]+"
    rf"{_PROPER_RUN}(?:[ \t]*,[ \t]*{_PROPER_RUN})*[ \t]*,[ \t]*$"
)


def _place_then_name(run: str) -> str | None:
    """The name after a place that opens a capitalised run ("Hà Nam Nguyễn Văn Sửu"), or None."""
    words = run.split()
    for k in (1, 2, 3):
        rest = words[k:]
        if len(rest) >= 2 and match_form(rest[0]).lower() in surnames() and " ".join(words[:k]).lower() in _places():
            return run[run.index(rest[0], len(" ".join(words[:k]))) :]
    return None


_NUMBERED_NAME = re.compile(r"[IVX]{1,4}|\d+")
_UNIT_BEFORE = re.compile(
    r"(?P<plural>các\s+)?(?:thành phố|phường|xã|huyện|quận|tỉnh|thị xã|thị trấn)\s*$", re.IGNORECASE
)
_MIDDLE_NAMES = ("Thị", "Văn", "THỊ", "VĂN")


@dataclass(frozen=True)
class PersonMatch:
    name: str  # title case
    title: str | None
    start: int
    end: int
    source: str = "rule"  # rule | signer | ner


@cache
def _title_re() -> re.Pattern[str]:
    words = sorted(
        {t.capitalize() for t in titles()} | {"Chủ tịch", "Ủy viên", "Thành viên", "Đại biểu"}, key=len, reverse=True
    )
    return re.compile(r"(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@cache
def _places() -> frozenset[str]:
    return frozenset(n.lower() for n in place_names())


def title_case(name: str) -> str:
    return " ".join(_APOSTROPHE_PREFIX.sub(_upper, w[:1].upper() + w[1:].lower()) for w in name.split())


_APOSTROPHE_PREFIX = re.compile(r"(?<=^\w['’])\w")  # "H'yên" → "H'Yên"


def _upper(m: re.Match[str]) -> str:
    return m.group(0).upper()


@lru_cache(maxsize=1 << 14)  # pure; the same capitalised runs recur through a document
@cache
def _street_names() -> frozenset[str]:
    return frozenset(match_form(n).lower() for n in lexicon()["street_names"]["names"])


@cache
def _lunar_year_words() -> tuple[frozenset[str], frozenset[str]]:
    """Stems and branches of a lunar year's name ("Giáp Thìn"), in lower case (lexicon.toml)."""
    data = lexicon()["lunar_years"]
    return frozenset(match_form(w).lower() for w in data["stems"]), frozenset(
        match_form(w).lower() for w in data["branches"]
    )


def _is_name(name: str) -> bool:
    words = name.split()
    stems, branches = _lunar_year_words()
    if len(words) == 2 and match_form(words[0]).lower() in stems and match_form(words[1]).lower() in branches:
        return False  # "Giáp Thìn": a lunar year
    if EDE_GIVEN_NAME.fullmatch(words[0]):  # "H'Linh Niê": the family name comes last
        return match_form(words[-1]).lower() in surnames()
    if match_form(words[0]).lower() not in surnames():
        return False
    if _NUMBERED_NAME.fullmatch(words[-1]):
        return False  # "Đồng Xoài I", "Chơn Thành II": numbered parks and areas, no people
    if any(w.islower() for w in words[1:]):
        return False  # "Ninh Quới xã Ninh": a place name run into the next
    places = _places()
    whole = match_form(name).lower()
    if len(words) == 3 and {match_form(" ".join(words[:2])).lower(), match_form(" ".join(words[1:])).lower()} <= places:
        return False  # "Thái Bình Dương" (the Pacific): two places overlapping, no one's name
    return whole not in places and not (len(words) == 2 and match_form(words[1]).lower() in places)


def find_people(
    text: str,
    start: int,
    end: int,
    *,
    blocked: Sequence[tuple[int, int]] = (),
    ner: bool = False,
) -> list[PersonMatch]:
    """People in text[start:end]; `blocked` spans (agencies, places already found) are skipped."""
    out: list[PersonMatch] = []
    for m in _NAME_RE.finditer(text, start, end):
        name = m.group("name")
        name_start = m.start()
        lead = _LEADING_ADDRESS.match(name)
        if lead and len(name.split()) > 2:  # "Ông Trần Quang Vinh" ("Ông" is also a surname)
            name, name_start = name[lead.end() :], name_start + lead.end()
        placed = _place_then_name(name)
        if placed:  # "Chủ tịch UBND tỉnh Thái Bình Đặng Trọng Thăng": the place, then the person
            name_start += len(name) - len(placed)
            name = placed
        if len(name.split()) > 4:  # five capitals: a four-word name and the word after it
            name = name[: _FOURTH_WORD_END.match(name).end()]
        # "Nguyễn Văn An Phó Chủ tịch": a title opening on the name's last capital is no part of it.
        while len(name.split()) > 2 and _title_re().match(text, name_start + (cut := name.rindex(" ") + 1)):
            name = name[:cut].rstrip()
        name_end = name_start + len(name)
        words = name.split()
        before = text[max(start, name_start - 80) : name_start]
        rank, reach = _rank_re()
        ranked = rank.search(before, max(0, len(before) - reach)) is not None
        addressed = ranked or _ADDRESS.search(before) is not None
        # A capitalised word before a surname-led run can open a sentence ("Đồng chí", "Giao").
        # A family name outside the list passes after an address word with "Thị"/"Văn" next ("bà Ka Thị Hoa").
        if not (_is_name(name) or ranked or (addressed and len(words) >= 3 and words[1] in _MIDDLE_NAMES)):
            continue
        if any(s < name_end and name_start < e for s, e in blocked):
            continue
        title = _title_before(before)
        # "UBND tỉnh Nguyễn Lưu Trung" after a title is a person; "tỉnh Hà Nam" alone is a place, and
        # so are two words after a unit ("Chủ tịch UBND xã Thạch Hải") or anything after units
        # ("Chủ tịch UBND các xã Thạch Hải, Thạch Khê").
        unit = _UNIT_BEFORE.search(before)
        if unit and (title is None or unit.group("plural") or len(words) < 3):
            continue
        if title is None and (_NOT_PERSON_BEFORE.search(before) or _LISTED_AFTER_PLACE.search(before[-160:])):
            continue
        cued = title is not None or addressed
        if not cued and (len(words) < 3 or name.isupper()):
            continue  # an upper-case run without a title or address word is a heading ("PHẠM VI ĐIỀU CHỈNH")
        if not cued and match_form(name).lower() in _street_names():
            continue  # "các tuyến đường Trần Hưng Đạo, Lê Hồng Phong": streets named after people
        out.append(PersonMatch(title_case(name), title or _title_after(text, name_end), name_start, name_end))
    if ner:
        out.extend(_ner_people(text, start, end, out, blocked))
    return out


def _title_before(before: str) -> str | None:
    """The title printed just before a name ("Phó Chủ tịch UBND tỉnh", "đồng chí")."""
    line = before.rsplit("\n", 1)[-1]
    clause = re.split(r"[.;:,(]\s", line)[-1]
    hits = list(_title_re().finditer(clause))
    if not hits:
        return None
    # The earliest title word whose phrase runs on to the name ("Phó Chủ tịch HĐND tỉnh").
    first = hits[0]
    phrase = clause[first.start() :].strip()
    phrase = re.sub(r"\s*(?:,|-|–)?\s*(?:đồng chí|đ/c|ông|bà)\s*$", "", phrase, flags=re.IGNORECASE).strip(" ,-–")
    if not phrase or len(phrase) > 80:
        return None
    prefix = clause[: first.start()]
    if re.search(r"\bPhó\s*$", prefix):
        phrase = "Phó " + phrase
    return phrase


_TITLE_AFTER = re.compile(r"^\s*(?:,|-|–)\s*(?P<title>[^,;.\n()]{3,80})")


def _title_after(text: str, pos: int) -> str | None:
    m = _TITLE_AFTER.match(text[pos : pos + 100])
    if not (m and _title_re().match(m.group("title").strip())):
        return None
    title = m.group("title").strip()
    # ", Phó Chủ tịch UBND huyện chỉ đạo thực hiện": the title ends with the body it names
    named = find_agencies(title)
    if named and title[named[-1].end :].strip()[:1].islower():
        title = title[: named[-1].end]
    return title


NER_MISSING = "NER needs underthesea, which is not installed: pip install 'docparse[ner]'"


def ner_tagger():
    """underthesea's NER function; a RuntimeError that says how to install it when it is missing."""
    try:
        from underthesea import ner
    except ImportError:
        raise RuntimeError(NER_MISSING) from None
    return ner


def _ner_people(
    text: str, start: int, end: int, found: list[PersonMatch], blocked: list[tuple[int, int]]
) -> list[PersonMatch]:
    """PER entities from underthesea, on sentences with a surname-led capitalised pair only."""
    underthesea_ner = ner_tagger()
    have = {(p.start, p.end) for p in found}
    out: list[PersonMatch] = []
    for sent in re.finditer(r"[^.;\n]+", text[start:end]):
        s0 = start + sent.start()
        sentence = sent.group(0)
        if not any(_is_name(m.group("name")) for m in _NAME_RE.finditer(sentence)):
            continue
        pos = 0
        entity: list[tuple[int, int]] = []
        for token, *_tags, tag in [*underthesea_ner(sentence), ("", "O")]:
            at = sentence.find(token, pos) if token else -1
            if at >= 0:
                pos = at + len(token)
            if tag.endswith("PER") and at >= 0:
                if tag.startswith("B-") and entity:
                    out.extend(_ner_entity(text, s0, entity, have, blocked))
                    entity = []
                entity.append((at, pos))
            elif entity:
                out.extend(_ner_entity(text, s0, entity, have, blocked))
                entity = []
    return out


def _ner_entity(text, s0, entity, have, blocked) -> list[PersonMatch]:
    s, e = s0 + entity[0][0], s0 + entity[-1][1]
    name = text[s:e]
    if (s, e) in have or len(name.split()) < 2 or not _is_name(name):
        return []
    if any(bs < e and s < be for bs, be in blocked) or any(hs <= s < he for hs, he in have):
        return []
    return [PersonMatch(title_case(name), None, s, e, "ner")]
