"""Agencies as they occur in a document, each linked to a canonical entry of the gazetteer.

The gazetteer (`data/agencies.toml`) has named bodies, bodies of every administrative unit
("Ủy ban nhân dân" + "tỉnh"), Party committees and their organs, and departments named by
kind and field ("Sở" + "Y tế"), so that lists expand: "các sở: Tư pháp, Nội vụ" gives
"Sở Tư pháp" and "Sở Nội vụ". Forms are matched with punctuation and case ignored; fields
damaged by OCR or abbreviated oddly are matched with rapidfuzz when one field clearly wins.
Places ("tỉnh Khánh Hòa") come from `data/places.tsv`, derived from the vietnamadminunits package.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources

from ..lexicon import (
    CAPITALS,
    bare_index,
    class_first_pattern,
    doc_types,
    fold,
    lexicon,
    load_toml,
    surnames,
    trie_pattern,
)
from ..normalize import match_form, strip_diacritics
from ..syllables import syllable_pairs, word_entries

# Markdown emphasis ends a word; a slash does, but between capitals ("HIV/AIDS").
_WORD = re.compile(r"[A-Z]+/[A-Z]+(?![\w/])|[^\s,;.:()\[\]\"“”/*_]+")
# Separators inside names that printed copies vary on ("Lao động - Thương binh", "Văn hóa,
# Thể thao"): a form's key drops them, and its pattern accepts any of them between words.
_NAME_PUNCT = re.compile(r"\s*[,\-–]\s*|\s+")
# (since 1 July 2025 a "đặc khu", an island zone, is a commune-level unit)
_UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
_UNIT_WORD = trie_pattern(_UNIT_WORDS)
_LEVEL_OF_UNIT = {
    "tỉnh": "tỉnh",
    "thành phố": "huyện",
    "huyện": "huyện",
    "quận": "huyện",
    "thị xã": "huyện",
    "xã": "xã",
    "phường": "xã",
    "thị trấn": "xã",
    "đặc khu": "xã",
}
_ELLIPSIS_UNIT = r"(?:huyện|thị|thành|quận)"
_COMMITTEE_WORDS = ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy")


@lru_cache(maxsize=1 << 16)  # pure; the same names and fields are keyed over and over
def name_key(text: str) -> str:
    """Comparison key of a name: match form, lower case, punctuation between words dropped."""
    return " ".join(_NAME_PUNCT.sub(" ", match_form(text).lower()).split())


@dataclass(frozen=True)
class AgencyMatch:
    name: str  # canonical entry
    level: str | None
    start: int  # offsets in the searched text
    end: int
    place: str | None = None


@dataclass(frozen=True)
class _Entry:
    name: str
    level: str | None


class Gazetteer:
    """The agency data compiled into patterns; built once per process."""

    def __init__(self, data: dict, places: tuple[str, ...]):
        self.bodies: dict[str, _Entry] = {}
        self.abbreviations: dict[str, _Entry] = {}
        for body in data["body"]:
            entry = _Entry(body["name"], body.get("level"))
            for form in (body["name"], *body.get("forms", ())):
                self.bodies[name_key(form)] = entry
            for abbr in body.get("abbr", ()):
                self.abbreviations[abbr] = entry
        # Bodies named after what they steer ("Ban Chỉ đạo Điều tra dân số ... cấp huyện").
        self.topic_bodies = frozenset(body["name"] for body in data["body"] if body.get("topic"))
        self.unit_bodies: dict[str, str] = {}
        self.bare_unit_bodies = {body["name"] for body in data["unit_body"] if body.get("bare")}
        self.unit_required = {body["name"] for body in data["unit_body"] if body.get("unit_required")}
        self.facilities = {body["name"] for body in data["unit_body"] if body.get("facility")}
        for body in data["unit_body"]:
            for form in (body["name"], *body.get("forms", ())):
                self.unit_bodies[name_key(form)] = body["name"]
            for abbr in body.get("abbr", ()):
                self.unit_bodies[name_key(abbr)] = body["name"]
        self.committees = {name_key(f): c["name"] for c in data["committee"] for f in (c["name"], *c.get("abbr", ()))}
        committee_abbr = sorted(a for c in data["committee"] for a in c.get("abbr", ()))
        # Committees printed without their unit, and the units they may then take from the text.
        self.bare_committees = {c["name"]: tuple(c["bare_units"]) for c in data["committee"] if "bare_units" in c}
        self.committee_units = [u for c in data["committee"] for u in c.get("units", ())]
        self.committee_unit_names = {name_key(u): u for u in self.committee_units}
        self.body_organs = {
            name_key(f): o["name"] for o in data["body_organ"] for f in (o["name"], *o.get("forms", ()))
        }
        self.state_organs = {o["name"] for o in data["body_organ"] if not o.get("party", True)}
        self.organs: dict[str, str] = {}
        for organ in data["committee_organ"]:
            for form in (organ["name"], *organ.get("forms", ()), *organ.get("abbr", ())):
                self.organs[name_key(form)] = organ["name"]
        self.departments: dict[str, dict[str, str]] = {}
        self.department_levels: dict[str, str] = {}
        for dept in data["department"]:
            fields = {name_key(f): f for f in dept["fields"]}
            fields.update({name_key(printed): canonical for printed, canonical in dept.get("forms", ())})
            kind = dept["kind"]
            self.departments[name_key(kind)] = fields
            self.department_levels[kind] = dept["level"]
            for abbr, field in dept.get("abbr", ()):
                self.abbreviations[abbr] = _Entry(f"{kind} {field}", dept["level"])
        self.list_members = {
            name_key(printed): self.bodies[name_key(canonical)]
            for dept in data["department"]
            for printed, canonical in dept.get("list_members", ())
        }
        self.kind_names = {name_key(d["kind"]): d["kind"] for d in data["department"]}
        # Canonical names by their form without diacritics, for names OCR damaged ("Quân sư").
        self.bare_bodies = bare_index(tuple({e.name for e in self.bodies.values()} | set(self.unit_bodies.values())))
        self.places = places
        # Cities run by the centre: their bodies end "thành phố" where a province's end "tỉnh".
        self.central_cities = frozenset(name_key(c) for c in data["central_cities"]["names"])
        # The country ends a name like a province does ("Quỹ Bảo trợ trẻ em Việt Nam khám ...").
        self.place_keys = frozenset([*(name_key(p) for p in places), name_key("Việt Nam")])
        institution = data["institution"]
        self.institution_stop = frozenset(institution["stop"])
        self.institution_stop_pairs = frozenset(institution["stop_pairs"])
        # Matched at a word's start: "Thành viên" is two words, and "Tổ" must not end "Tổng cục".
        self.institution_ends_before = re.compile(rf"(?:{trie_pattern(sorted(institution['ends_before']))})(?!\w)")
        self.keep_phrases = re.compile(trie_pattern(institution["keep_phrases"]), re.IGNORECASE)
        self.keep_phrase_length = max(map(len, institution["keep_phrases"]))
        bare_phrases = sorted({strip_diacritics(k) for k in institution["keep_phrases"]})
        self.bare_keep_phrases = re.compile(trie_pattern(bare_phrases), re.IGNORECASE)
        after_comma = trie_pattern(institution["after_comma"])
        self.field_list = re.compile(
            rf",[ \t]*(?=(?:{_FIELDS_AFTER_COMMA}|{_LOWER_FIELDS_AFTER_COMMA}|(?:{after_comma})\b))"
        )
        self.institution_kinds = {name_key(k): k for k in institution["kinds"]}
        self.not_bodies = re.compile(rf"(?:{trie_pattern(sorted(institution['not_bodies']))})(?!\w)", re.IGNORECASE)
        team_kinds = trie_pattern(sorted(data["team"]["kinds"]))
        self.team_set_up = re.compile(
            rf"[Tt]hành lập\s+(?:các\s+|\d+\s+)?(?P<kind>{team_kinds})(?P<joint>\s+liên ngành)?(?!\w)", re.IGNORECASE
        )
        self.team_mention = re.compile(rf"(?<!\w)(?P<kind>{team_kinds})(?P<joint>\s+liên ngành)?(?!\w)", re.IGNORECASE)

        def words(keys) -> str:
            return trie_pattern(sorted(keys)).replace(r"\s+", r"[\s,\-–]+")

        unit = _UNIT_WORD
        # "xã, phường, thị trấn": every unit of a level. A unit after the first is in lower case:
        # "UBND tỉnh, Tỉnh ủy" names two bodies, not the units "tỉnh, tỉnh".
        more_units = rf"(?:\s*(?:,|và)\s*(?-i:{unit}))"
        unit_list = rf"{unit}{more_units}+"
        unit_phrase = rf"(?:các\s+{unit}{more_units}*|cấp\s+(?:tỉnh|huyện|xã)|{unit_list}|{unit})"
        committee_units = words(map(name_key, self.committee_units))
        dual = set(self.bodies) & set(self.unit_bodies)
        committee = (
            # "huyện, thị, thành ủy": three committees under one "ủy" (and "huyện, thị, thành đoàn")
            rf"(?:(?P<ellipsis>{_ELLIPSIS_UNIT}(?:\s*,\s*{_ELLIPSIS_UNIT})*\s*(?:,|và)\s*{_ELLIPSIS_UNIT}\s+(?P<ellipsis_kind>ủy|đoàn))"
            rf"|{trie_pattern(_COMMITTEE_WORDS)}"
            rf"|(?-i:{trie_pattern(committee_abbr)})"  # "TT.TU", "BTV HU": in capitals only
            rf"|đảng\s+ủy(?!\s+ban\b)(?:\s+(?:các\s+{unit_list}|{unit_list}|các\s+{unit}|{committee_units}))?)"
        )
        self.pattern = re.compile(
            r"(?<![\w/-])(?:(?:"
            # ("BCH BĐBP tỉnh" is the Border Guard's Bộ Chỉ huy, no Ban Chấp hành)
            rf"(?:(?P<body_organ>{words(self.body_organs)}(?<!BCH)|BCH(?=\s+(?!BĐBP|QS\b|Quân sự)))\s+)?"
            # a named body first ("Tòa án nhân dân tối cao" is no "Tòa án nhân dân" without its unit);
            # one named like a unit body only without a unit after it ("Kho bạc Nhà nước huyện")
            rf"(?:(?P<body>{words(set(self.bodies) - dual)}"
            rf"|{words(dual)}(?![^\S\n]+(?:{unit_phrase})(?![^\W\d_])))"
            rf"|(?P<unit_body>{words(self.unit_bodies)})(?:\s+(?P<unit>{unit_phrase}))?)"
            # ("TTTU", "BTVHU": an organ's and a committee's capitals run together)
            rf"|(?:(?P<organ>{words(self.organs)})(?:\s+|(?<=\.)|(?-i:(?:(?<=TT)|(?<=BTV))(?=[TH]U\b)))"
            rf"(?P<organ_plural>các\s+)?)?(?P<committee>{committee})"
            # the Central Committee's organs: "Ban Tuyên giáo Trung ương", "Ủy ban Kiểm tra Trung ương"
            rf"|(?P<central_organ>{words(self.organs)})\s+Trung\s+ương(?:\s+Đảng)?"
            r")(?![^\W\d_])"
            # "các sở: Tư pháp, Nội vụ", "các sở, ngành: Xây dựng, Công Thương"
            rf"|(?P<kind>{words(self.kind_names)})(?P<colon>(?:\s*,\s*(?:ban\s*,\s*)?ngành)?\s*:)?\s+)",
            re.IGNORECASE,
        )
        # ("Ủy ban kiểm tra các huyện ủy, thành ủy, Đảng ủy Khối Doanh nghiệp tỉnh": blocs go on the list)
        self.committee_list = re.compile(
            rf"\s*(?:,|và)\s*(?P<next>{trie_pattern(_COMMITTEE_WORDS)}|đảng\s+ủy\s+(?:{committee_units}))(?![^\W\d_])",
            re.I,
        )
        self.organ_ends = tuple({name_key(o).split(" ")[-1] for o in self.body_organs})  # a cheap test first
        self.organ_before = re.compile(rf"(?<![\w/-])(?P<organ>{words(self.body_organs)})\s+$", re.IGNORECASE)
        self.abbr_pattern = re.compile(class_first_pattern(self.abbreviations, not_after=r"[\w/&-]") + r"(?![\w/&-])")
        self.place_pattern = re.compile(
            rf"[\s,]+(?:(?:{unit})\s+)?(?P<place>{trie_pattern(sorted(places))})(?![^\W\d_])", re.IGNORECASE
        )
        self.field_patterns = {
            kind: re.compile(rf"(?:{words(fields)})(?![^\W\d_])", re.IGNORECASE)
            for kind, fields in self.departments.items()
        }
        self.expansions = dict(institution.get("expansions", ()))
        self.expansion_pattern = re.compile(rf"(?<!\w)(?:{trie_pattern(sorted(self.expansions))})(?!\w)")
        document_types = [t.name for t in doc_types()]
        self.next_body_or_document = re.compile(
            rf"(?:{trie_pattern(sorted([*institution['kinds'], *document_types]))})(?![^\W\d_])", re.IGNORECASE
        )
        kinds = trie_pattern(sorted([*institution["kinds"], *institution.get("brands", ())]))
        lower_kinds = trie_pattern(sorted({k[:1].lower() + k[1:] for k in institution["kinds"]}))
        # A kind is capitalised, except after "qua" (routing: "gửi Sở Y tế (qua phòng Nghiệp vụ
        # Y)") or a head's title ("Trưởng phòng Kỹ thuật an toàn môi trường").
        self.institution_pattern = re.compile(
            rf"(?:(?<![\w/-])(?P<kind>{kinds})|(?<=qua )(?P<routed>{lower_kinds})|(?<=[Tt]rưởng )(?P<headed>phòng))"
            rf"\s+(?=[{CAPITALS}])"
        )
        # "Ban quản lý dự án ...", "Ban Quản lý rừng phòng hộ ...", "Hội đồng tuyển dụng ...": the
        # kinds whose names often go on in lower case (patterns of their own: on a literal, their
        # scan costs next to nothing).
        self.managing_pattern = re.compile(
            r"Ban [Qq]uản lý(?<![\w/-]Ban [Qq]uản lý)\s+(?=dự án|rừng|khu|di tích|chợ|cảng|bến|xây dựng)"
        )
        self.council_pattern = re.compile(
            r"Hội đồng(?<![\w/-]Hội đồng)\s+(?=bồi thường|tuyển dụng|thẩm định|xét tuyển|thi đua|kỷ luật|nghĩa vụ)"
        )
        self.list_pattern = (
            re.compile(rf"(?:{words(self.list_members)})(?![^\W\d_])", re.IGNORECASE) if self.list_members else None
        )

    # Names in capitals are rare (a header's issuer not found as printed): built on first use.
    @cached_property
    def place_case(self) -> dict[str, str]:
        """Each place (and the country) as printed, by its lower-case form."""
        return {p.lower(): p for p in (*self.places, "Việt Nam")}

    @cached_property
    def place_words(self) -> re.Pattern[str]:
        """Any place or the country as whole words, in any case."""
        return re.compile(rf"(?<!\w)(?:{trie_pattern(sorted(self.place_case))})(?!\w)", re.IGNORECASE)


@cache
def _place_rows() -> tuple[tuple[str, str], ...]:
    """(name, kind) of every unit in data/places.tsv."""
    text = resources.files("docparse.data").joinpath("places.tsv").read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")[:2]) for line in text.splitlines() if line and not line.startswith("#"))


@cache
def place_names() -> tuple[str, ...]:
    return tuple(sorted({match_form(s) for name, _ in _place_rows() for s in _spellings(name)}))


def _spellings(name: str) -> set[str]:
    """A place name as printed either way ("Đắk Tô" is also "Đăk Tô")."""
    names = {name}
    for printed, other in lexicon()["place_spellings"]["pairs"]:
        names |= {re.sub(rf"\b{printed}\b", other, n) for n in names if printed in n}
    return names


def find_agencies_in_capitals(line: str) -> list[AgencyMatch]:
    """The bodies an upper-case header line names ("TỔNG CỤC ĐƯỜNG BỘ VIỆT NAM"): as printed, or
    failing that in the case a name takes in running text: its kind as the data writes it, then
    a capital, places capitalised ("Tổng cục Đường bộ Việt Nam")."""
    found = find_agencies(line)
    if found or not line.isupper():
        return found
    gaz = gazetteer()
    words = line.split()
    for n in (3, 2, 1):  # the longest kind first ("TỔNG CÔNG TY" before "CÔNG TY")
        kind = gaz.institution_kinds.get(name_key(" ".join(words[:n])))
        if kind is not None and len(words) > n:
            # Abbreviations stay in capitals, to be expanded ("LIÊN MINH HTX TỈNH")
            rest = " ".join(w if w in gaz.expansions else w.lower() for w in words[n:])
            rest = gaz.place_words.sub(lambda m: gaz.place_case[m.group(0).lower()], rest)
            return find_agencies(f"{kind} {rest[0].upper()}{rest[1:]}")
    return []


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(load_toml("agencies.toml"), place_names())


_ITEM_LINE = re.compile(r"\n[ \t]*[-–+•]")
_SEPARATOR = re.compile(r"\s*(?:,|;|\bvà\b)\s*", re.IGNORECASE)


def find_agencies(
    text: str, start: int = 0, end: int | None = None, *, default_unit: str | None = None
) -> list[AgencyMatch]:
    """Agency mentions in text[start:end] (spans are offsets into `text`), in text order.

    Overlaps are resolved longest first, earliest on ties. A unit body printed without its
    unit ("Chủ tịch UBND") takes `default_unit`, the unit the document itself names most.
    """
    end = len(text) if end is None else end
    gaz = gazetteer()
    window = match_form(text[start:end])
    found: list[AgencyMatch] = []
    pos = 0
    while m := gaz.pattern.search(window, pos):
        # A name does not run over a line that opens a list item ("THƯỜNG TRỰC" / "- Ban Bí thư").
        over_item = "\n" in m.group(0) and _ITEM_LINE.search(m.group(0)) is not None
        matched = [] if over_item else _from_match(m, window, gaz)
        # no agency ("đảng Bộ" of "Ban cán sự đảng Bộ Y tế" wants a unit): one may start inside it
        pos = m.end() if matched else m.start() + 1
        organ = (
            gaz.organ_before.search(window, max(0, m.start() - 40), m.start())
            if m.group("kind") and window[max(0, m.start() - 40) : m.start()].rstrip().lower().endswith(gaz.organ_ends)
            else None
        )
        if organ and matched:  # "Ban cán sự đảng Bộ Y tế": the organ of the ministry named by kind
            name = gaz.body_organs[name_key(organ.group("organ"))]
            level = matched[0].level if name in gaz.state_organs else "party"
            matched[0] = AgencyMatch(f"{name} {matched[0].name}", level, organ.start(), matched[0].end)
        found.extend(matched)
    for m in gaz.abbr_pattern.finditer(window):
        entry = gaz.abbreviations[m.group(0)]
        found.append(AgencyMatch(entry.name, entry.level, m.start(), m.end()))
    known = _resolve_overlaps([*found, *_teams(window, gaz)])
    known = [k for k in known if not _post_in_unit_name(window, k)]
    named = []
    for n in _institutions(window, gaz):
        if not _overlaps(known, n):
            named.append(n)
        elif (unit := _unit_ending_in_body(window, known, n)) is not None:
            known = [k for k in known if k is not unit[1]]
            named.append(AgencyMatch(f"{unit[0]} {unit[1].name}", "named", n.start, n.end))
        elif (room := _room_named_on(window, known, n)) is not None:
            known = [k for k in known if k is not room]  # "Phòng Kinh tế đối ngoại" of a department
            named.append(n)
    chosen = _offices_of(window, _resolve_overlaps([*known, *named]))
    units = [a.name for a in chosen if a.name.split(" ")[-1] in _UNIT_WORDS or a.name.endswith("thành phố")]
    out = []
    for i, a in enumerate(chosen):
        name = a.name
        # "Đảng ủy", "Thường trực Đảng ủy": a committee printed without its unit (see bare_units)
        bare_committee = next((c for c in gaz.bare_committees if name == c or name.endswith(" " + c)), None)
        printed_without_unit = name in gaz.unit_bodies.values() or bare_committee is not None
        if printed_without_unit and name not in gaz.bare_unit_bodies:
            unit = (
                _shared_unit(window, a, chosen[i + 1 : i + 2], gaz)
                or default_unit
                or _most_common_unit(units, name)
                or _most_common_unit(units, "")
            )
            if bare_committee is not None and unit not in gaz.bare_committees[bare_committee]:
                unit = None  # above the commune a committee has its own name ("Tỉnh ủy")
            name = f"{name} {unit}" if unit else name
        topic = _NATIONAL_TOPIC.match(window, a.end) if name == _BARE_NATIONAL_BOARD[1] else None
        if topic and name_key(window[a.start : a.end]) == _BARE_NATIONAL_BOARD[0] and "covid" not in topic[1].lower():
            # "Ban Chỉ đạo quốc gia phòng, chống bệnh Dịch tả lợn châu Phi": not the COVID-19 one
            name, a = f"Ban Chỉ đạo quốc gia {' '.join(topic[1].split())}", replace(a, end=topic.end(1))
        if a.level == "named" and name in gaz.organs.values():
            # "Ban Thường vụ Huyện ủy (qua Ban Tuyên giáo)": the organ of the committee just named
            committee = next((c for c in reversed(out) if c.level == "party" and _is_committee(c.name, gaz)), None)
            if committee is not None:
                name, a = f"{name} {_committee_of(committee.name, gaz)}", AgencyMatch(name, "party", a.start, a.end)
        area = _NUMBERED_AREA.match(window, a.end)
        if area is None and name.endswith((" khu vực", " cơ sở")):  # "Ban CHPTKV 4", "Thuế cơ sở 3"
            area = _AREA_NUMBER.match(window, a.end)
        if area and name.endswith(" cơ sở"):
            name, a = f"{name} {area.group('number')}", replace(a, end=area.end())
        elif area:  # "Kho bạc Nhà nước khu vực XVII": since 2025 branches are numbered areas
            name, a = f"{name.removesuffix(' khu vực')} khu vực {area.group('number')}", replace(a, end=area.end())
        elif name == a.name and name in gaz.unit_bodies.values() and (bare := _AREA_WORD.match(window, a.end)):
            name, a = f"{name} khu vực", replace(a, end=bare.end())  # "Chi cục Thuế khu vực": a branch by area
        place, place_end = _place_after(window, a.end, gaz)
        while place_end is not None and window.startswith(",", place_end):  # "huyện ủy Đông Hải, Hòa Bình"
            more = _place_after(window, place_end, gaz)[1]
            if more is None:
                break
            place_end = more
        if place_end is None and a.level != "named":
            every = _EVERY_UNIT_AFTER.match(window, a.end)
            if every:  # "Phòng Nội vụ các huyện, thành phố": the span runs over the units it serves
                place_end = every.end()
            elif name in gaz.topic_bodies:
                place_end = _topic_end(window, a.end, gaz)
        level = a.level
        if level == "named" and place is None:  # "Cục Thuế Khánh Hòa": a provincial body named by place
            name, level, place = _body_at_place(name, gaz) or (name, level, place)
        unit = (_unit_of_place(place) or "tỉnh") if place else None
        provincial = gaz.bodies.get(name_key(f"{name} tỉnh"))
        if place and unit != "tỉnh" and name in gaz.unit_bodies.values():  # "Kho bạc Nhà nước Hà Trung"
            name, level = f"{name} {unit}", _level(unit)
        elif place and provincial is not None:  # "Kho bạc Nhà nước Khánh Hòa" is the province's
            name, level = provincial.name, provincial.level
        elif place and unit == "tỉnh" and name.startswith("Văn phòng "):
            # "Văn phòng KBNN Quảng Nam": the office of the province's body
            body = gaz.bodies.get(name_key(f"{name.removeprefix('Văn phòng ')} tỉnh"))
            if body is not None:
                name, level = f"Văn phòng {body.name}", body.level
        city = _CITY_AFTER.match(window, a.end) if a.level == "province" and name.endswith(" tỉnh") else None
        if city and (city.group("place") is None or name_key(city.group("place")) in gaz.central_cities):
            # "Trung tâm Kiểm soát bệnh tật thành phố (Cần Thơ)": a provincial body of a city run by the centre
            name, a, place = f"{name.removesuffix(' tỉnh')} thành phố", replace(a, end=city.end()), city.group("place")
            place_end = None
        if place and name.endswith(" tỉnh") and name_key(place) in gaz.central_cities:
            name = f"{name.removesuffix(' tỉnh')} thành phố"  # "Kho bạc Nhà nước Cần Thơ": the city's
        out.append(AgencyMatch(name, level, start + a.start, start + (place_end or a.end), place))
    return out


# A bare "Ban Chỉ đạo quốc gia" is the COVID-19 one (the data's form), unless the disease or
# disaster it fights follows ("về khai báo y tế" after it is what it guides, no name).
_BARE_NATIONAL_BOARD = ("ban chỉ đạo quốc gia", "Ban Chỉ đạo quốc gia phòng, chống dịch Covid-19")
_NATIONAL_TOPIC = re.compile(
    r"[ \t]+((?:về[ \t]+)?phòng,?[ \t]*chống[ \t]+[^\W\d_][^,;.:()\n]{2,80}?)"
    r"(?=[ \t]+(?:do|đã|chỉ đạo|tại|và các)\b|[ \t]*[,;.:()\n]|$)",
    re.IGNORECASE,
)

# "Phòng Tài chính kế toán" of a hospital: a commune post's field after a unit's kind word is that
# unit's name, no post ("Công chức Tài chính - Kế toán").
_UNIT_KIND_BEFORE = re.compile(r"\b(?:Phòng|Ban|Bộ phận|Tổ|Khoa|Đội)[ \t]+$")


def _post_in_unit_name(window: str, a: AgencyMatch) -> bool:
    return (
        a.name.startswith("Công chức ")
        and not window[a.start : a.end].lower().startswith("công chức")
        and _UNIT_KIND_BEFORE.search(window, max(0, a.start - 12), a.start) is not None
    )


# "Văn phòng Bộ Tài chính", "Thanh tra Sở Y tế": an office printed right before the body it serves.
_OFFICE_BEFORE = re.compile(r"(?:Văn phòng|Thanh tra)[ \t]+$")


def _offices_of(window: str, chosen: list[AgencyMatch]) -> list[AgencyMatch]:
    """A body's office or inspectorate named with it is that body's, and a unit of a body named
    by kind ("Ban Tổ chức - Kiểm tra" + "Hội Nông dân tỉnh", "Phòng Cảnh sát kinh tế" + "Công an
    tỉnh") is that body's too."""
    out: list[AgencyMatch] = []
    for a in chosen:
        previous = out[-1] if out else None
        known = a.level not in ("named", "person") and "|" not in window[a.start : a.end]  # not over a table cell
        if known and not a.name.startswith(("Văn phòng", "Thanh tra")):
            office = _OFFICE_BEFORE.search(window, max(0, a.start - 12), a.start)
            if office and (previous is None or previous.end <= office.start()):
                out.append(AgencyMatch(f"{office.group(0).strip()} {a.name}", a.level, office.start(), a.end))
                continue
            if (
                previous is not None
                and previous.level == "named"
                and (
                    # ("Ban Quản lý dự án 2 Bộ Giao thông vận tải" serves the ministry: no unit of it)
                    (previous.name.startswith("Ban ") and a.level != "central")
                    # "Phòng Cảnh sát giao thông Công an tỉnh": police units are named with their command
                    or (previous.name.startswith(("Phòng ", "Đội ", "Cơ quan ")) and a.name.startswith("Công an"))
                )
                and window[previous.end : a.start] == " "
            ):
                out[-1] = AgencyMatch(f"{previous.name} {a.name}", a.level, previous.start, a.end)
                continue
        out.append(a)
    return out


def _committee_of(name: str, gaz: Gazetteer) -> str:
    """The committee a Party name ends with ("Ban Thường vụ Huyện ủy" → "Huyện ủy")."""
    for organ in sorted(gaz.organs.values(), key=len, reverse=True):
        if name.startswith(organ + " "):
            return name[len(organ) + 1 :]
    return name


def _is_committee(name: str, gaz: Gazetteer) -> bool:
    committee = _committee_of(name, gaz)
    return committee in gaz.committees.values() or committee.startswith("Đảng ủy")


def _shared_unit(window: str, a: AgencyMatch, following: list[AgencyMatch], gaz: Gazetteer) -> str | None:
    """ "HĐND, UBND các tỉnh, thành phố": the unit printed after the list belongs to each body."""
    if not following or not _SEPARATOR.fullmatch(window[a.end : following[0].start]):
        return None
    nxt = following[0].name
    body = next((b for b in gaz.unit_bodies.values() if nxt.startswith(b + " ")), None)
    return nxt[len(body) + 1 :] if body else None


# Organ words that belong to a person's role: "Phó Trưởng ban Thường trực Ban Chỉ huy ...",
# "Phó Bí thư Thường trực Đảng ủy Khối", "Phó Chủ tịch Thường trực HĐND tỉnh".
# ("Trưởng Ban Tổ chức Tỉnh ủy" names the organ: only "standing" is part of a title.)
_TITLE_BEFORE_STANDING = re.compile(r"\b(?:Trưởng|Bí thư|Chủ tịch)[ \t]+$", re.IGNORECASE)
_STANDING = frozenset({"Thường trực", "Ban Thường trực"})


def _in_title(window: str, start: int, organ: str) -> bool:
    return organ in _STANDING and _TITLE_BEFORE_STANDING.search(window, max(0, start - 12), start) is not None


def _from_match(m: re.Match[str], window: str, gaz: Gazetteer) -> list[AgencyMatch]:
    if m.group("body_organ"):  # "Ban cán sự đảng UBND tỉnh": the organ of the body that follows
        organ = gaz.body_organs[name_key(m.group("body_organ"))]
        # ("Thường trực Ban Chỉ đạo": the steering committee's standing members, no body of their own)
        bodies = _body_match(m, gaz)
        standing_of_board = organ == "Thường trực" and all(a.name.startswith(("Ban Chỉ ", "Ban Vì")) for a in bodies)
        if _in_title(window, m.start(), organ) or standing_of_board:
            body_start = m.start("unit_body") if m.group("unit_body") else m.start("body")
            return [replace(a, start=body_start) for a in bodies]
        return [
            AgencyMatch(f"{organ} {a.name}", a.level if organ in gaz.state_organs else "party", m.start(), a.end)
            for a in bodies
        ]
    if m.group("unit_body") or m.group("body"):
        return _body_match(m, gaz)
    if m.group("central_organ"):
        return [
            AgencyMatch(f"{gaz.organs[name_key(m.group('central_organ'))]} Trung ương", "party", m.start(), m.end())
        ]
    if m.group("ellipsis"):
        organ = m.group("organ")
        prefix = f"{gaz.organs[name_key(organ)]} " if organ else ""
        units = list(re.finditer(_ELLIPSIS_UNIT, m.group("ellipsis"), re.IGNORECASE))
        base = m.start("ellipsis")
        kind = m.group("ellipsis_kind").lower()
        return [
            AgencyMatch(
                f"{prefix}{u.group(0).capitalize()} {kind}",
                "party" if kind == "ủy" else "district",
                m.start() if k == 0 else base + u.start(),
                m.end() if k == len(units) - 1 else base + u.end(),
            )
            for k, u in enumerate(units)
        ]
    if m.group("committee"):
        organ = m.group("organ")
        if not organ and m.group("committee").startswith("đảng") and len(m.group("committee").split()) == 2:
            return []  # a bare lower-case "đảng ủy" is any Party committee ("các đảng ủy trực thuộc")
        committee = _committee_name(m.group("committee"), gaz)
        if not organ:
            return [AgencyMatch(committee, "party", m.start(), m.end())]
        organ_name = gaz.organs[name_key(organ)]
        if _in_title(window, m.start(), organ_name):
            return [AgencyMatch(committee, "party", m.start("committee"), m.end())]
        found = [AgencyMatch(f"{organ_name} {committee}", "party", m.start(), m.end())]
        if m.group("organ_plural"):  # "Ban Tuyên giáo các huyện ủy, thị ủy, thành ủy": one each
            for more in gaz.committee_list.finditer(window, m.end()):
                if more.start() != found[-1].end:
                    break
                name = f"{organ_name} {_committee_name(more.group('next'), gaz)}"
                found.append(AgencyMatch(name, "party", more.start("next"), more.end()))
        return found
    return _department_list(m, window, gaz)


# A special zone closing a list of units ("các xã, phường, đặc khu Phú Quý"): a province has one
# or two, so the name after it names one ("các huyện, thành phố Vinh" is the list's, as printed).
_LAST_UNIT_OF_LIST = re.compile(r"(?<=,|\s)(?<!các\s)(?:và\s+)?\bđặc khu$", re.IGNORECASE)
# "các huyện" before a capitalised name: the units are named, one by one.
_NAMED_UNITS = re.compile(rf"các\s+(?P<unit>{_UNIT_WORD})$", re.IGNORECASE)
_NAME_NEXT = re.compile(rf"[ \t]+[{CAPITALS}](?![{CAPITALS}])")
# Units named one by one: after a colon, or named before ("các tỉnh, thành phố nêu trên").
_NAMES_AFTER_COLON = re.compile(rf"[ \t]*:[ \t]*[{CAPITALS}][^\W\d_]*[ \t]+[{CAPITALS}]|[ \t]+nêu trên\b")
# The named units, then "và thành phố X" / ", thị xã X" closing the list.
_PROPER_NAME = rf"[{CAPITALS}][\w'’]*(?:(?:[ \t]+|[ \t]*-[ \t]*)[{CAPITALS}][\w'’]*)*"
# "... thành phố" after a province's body, the city's name if printed (see find_agencies)
_CITY_AFTER = re.compile(rf"[ \t]+thành phố(?:[ \t]+(?P<place>{_PROPER_NAME}))?")
_ZONE_NAME = re.compile(rf"[ \t]+{_PROPER_NAME}")
_LAST_NAMED_UNIT = re.compile(
    rf"[ \t]+(?P<names>{_PROPER_NAME}(?:[ \t]*,[ \t]*{_PROPER_NAME})*)[ \t]*(?:,[ \t]*)?(?:và[ \t]+)?"
    rf"(?P<unit>{_UNIT_WORD})[ \t]+(?={_PROPER_NAME})"
)


def _body_match(m: re.Match[str], gaz: Gazetteer) -> list[AgencyMatch]:
    if m.group("unit_body"):
        body = gaz.unit_bodies[name_key(m.group("unit_body"))]
        unit = m.group("unit")
        every_unit = unit and unit_name(unit).startswith("cấp ")  # "trạm y tế xã, phường": every commune's
        if body in gaz.facilities and m.group("unit_body").islower() and not every_unit:
            return []  # "trường học, trạm y tế": a kind of place
        if not unit:
            return [] if body in gaz.unit_required else [AgencyMatch(body, None, m.start(), m.end("unit_body"))]
        if _NAMES_AFTER_COLON.match(m.string, m.end()) and unit.lower().startswith("các "):
            # "UBND các tỉnh, thành phố: Hà Tĩnh, ..., Đà Nẵng" (or "... nêu trên"): each kind listed, named
            found: dict[str, AgencyMatch] = {}
            for k, w in enumerate(re.finditer(_UNIT_WORD, unit, re.IGNORECASE)):
                u = w.group(0).lower()
                start = m.start() if k == 0 else m.start("unit") + w.start()  # apart, so both are kept
                found.setdefault(u, AgencyMatch(f"{body} {u}", _level(u), start, m.start("unit") + w.end()))
            return list(found.values())
        last = _LAST_UNIT_OF_LIST.search(unit)
        named_zone = _ZONE_NAME.match(m.string, m.end()) if last else None
        if last and named_zone and _level(last.group(0)) == _level(unit):
            # "UBND các xã, phường, đặc khu Phú Quý": every commune's, and the one named last
            word = re.sub(r"^và\s+", "", last.group(0).lower())
            every_end = m.start("unit") + len(re.sub(r"[\s,]*(?:và)?\s*$", "", unit[: last.start()]))
            return [
                AgencyMatch(f"{body} {unit_name(unit)}", _level(unit), m.start(), every_end),
                AgencyMatch(f"{body} {word}", _level(word), m.start("unit") + last.start(), named_zone.end()),
            ]
        named = _NAMED_UNITS.match(unit)
        if named and _NAME_NEXT.match(m.string, m.end()):  # "UBND các huyện Tân Biên, Tân Châu": named ones
            unit = named.group("unit").lower()
            # "... Đak Đoa và thị xã An Khê": a unit of another kind closing the list has the body too
            last = _LAST_NAMED_UNIT.match(m.string, m.end())
            if last and last.group("unit").lower() != unit:
                other = last.group("unit").lower()
                return [
                    AgencyMatch(f"{body} {unit}", _level(unit), m.start(), last.end("names")),
                    AgencyMatch(f"{body} {other}", _level(other), last.start("unit"), last.end("unit")),
                ]
        return [AgencyMatch(f"{body} {unit_name(unit)}", _level(unit), m.start(), m.end())]
    if _UNIT_THEN_COMMA.match(m.group("body")) or _inside_word_before(m.string, m.start("body")):
        return []  # "UBND tỉnh, Đoàn Khối ...": a list, no "Tỉnh đoàn"; "Công đoàn Khối ..." no "Đoàn Khối"
    entry = gaz.bodies[name_key(m.group("body"))]
    # "Công an tỉnh, thành phố": a body named by its unit, the list of units after it, is every
    # province's ("Công an cấp tỉnh")
    base, _, unit = m.group("body").rpartition(" ")
    more = _MORE_UNITS.match(m.string, m.end()) if unit.lower() in _UNIT_WORDS else None
    body = gaz.unit_bodies.get(name_key(base)) if more else None
    if more and body:
        listed = f"{unit}{more.group(0)}"
        return [AgencyMatch(f"{body} {unit_name(listed)}", _level(listed), m.start(), more.end())]
    return [AgencyMatch(entry.name, entry.level, m.start(), m.end())]


# A name's words may be parted by commas ("Sở Lao động, Thương binh và Xã hội"), but not after a
# unit word opening it: "tỉnh, Đoàn" is the end of one name and the start of the next.
_UNIT_THEN_COMMA = re.compile(rf"(?:{_UNIT_WORD})[ \t]*,", re.IGNORECASE)
_MORE_UNITS = re.compile(rf"(?:[ \t]*(?:,|và)[ \t]*{_UNIT_WORD})+(?![ \t]+(?:ủy|đoàn)(?!\w))(?![^\W\d_])")


_DECIMAL_PART = re.compile(r"[,.]\d")

# Syllables after the kind word: long names run to 17 ("Ban Quản lý dự án đầu tư xây dựng các công
# trình nông nghiệp và phát triển nông thôn tỉnh"); the cap stops a run-on in text without punctuation.
_MAX_NAME_WORDS = 20

# A comma inside a name that lists its fields: ", Thể thao và Truyền thông", ", Thú y và Thủy sản"
# (capitalised words, then "và" and a capitalised word, before any other stop), or before a term
# of the data's `after_comma` (", giáo dục pháp luật" of "phổ biến, giáo dục pháp luật").
_FIELDS_AFTER_COMMA = rf"[{CAPITALS}][^\s,;.:()]*(?:[ \t]+[^\s,;.:()]+){{0,4}}[ \t]+và[ \t]+[{CAPITALS}]"

# ... or lower-case fields closing the name: ", cá nhân và thu khác" of "Phòng Quản lý hộ kinh doanh,
# cá nhân và thu khác", up to a stop or the lead's verb.
_LOWER_FIELDS_AFTER_COMMA = (
    r"(?!các\b|những\b|cơ quan\b|đơn vị\b|địa phương\b|doanh nghiệp\b|trường\b|ban\b|ngành\b|đoàn thể\b)"
    r"[^\W\d_A-ZĐ]+(?:[ \t]+[^\W\d_A-ZĐ]+){0,2}[ \t]+và[ \t]+[^\W\d_A-ZĐ]+(?:[ \t]+[^\W\d_A-ZĐ]+){0,2}"
    r"(?=[ \t]*[,;.:()\n]|[ \t]+(?:chủ trì|phối hợp|có trách nhiệm|thực hiện|tham mưu|hướng dẫn)\b)"
)


def _field_list(window: str, pos: int, gaz: Gazetteer) -> int | None:
    """Where the name goes on after a comma that lists its fields, or None."""
    m = gaz.field_list.match(window, pos)
    if m is None:
        return None
    nxt = _WORD.match(window, m.end())
    if nxt is None or name_key(nxt.group(0)) in gaz.institution_kinds or gaz.pattern.match(window, m.end()):
        return None  # the next body of a list ("Trung tâm Y tế, Phòng Văn hóa và Thông tin")
    if nxt.group(0)[:1].isupper() and match_form(nxt.group(0)).lower() in surnames():
        return None  # names of people or places ("Trường THCS Lê Lợi, Trần Phú và Nguyễn Du")
    if gaz.institution_pattern.match(window, m.end()) or gaz.abbr_pattern.match(window, m.end()):
        return None
    return m.end()


def _institutions(window: str, gaz: Gazetteer) -> list[AgencyMatch]:
    """Bodies named by kind and proper name ("Hiệp hội Du lịch"), outside the gazetteer."""
    out: list[AgencyMatch] = []
    found = gaz.institution_pattern.finditer(window)
    if "uản lý" in window:
        found = heapq.merge(found, gaz.managing_pattern.finditer(window), key=re.Match.start)
    if "Hội đồng " in window:
        found = heapq.merge(found, gaz.council_pattern.finditer(window), key=re.Match.start)
    for m in found:
        if window.startswith(("Nhân dân", "nhân dân"), m.end()) or gaz.not_bodies.match(window, m.start()):
            continue
        if _person_named(window, m):  # "Đoàn Văn Phúc": a family name that is also a kind of body
            continue
        if _PLACE_WORD_BEFORE.search(window, max(0, m.start() - 12), m.start()):
            continue  # "xã Đội Cấn", "phố Hội Vũ": a place named like a body
        if m.groupdict().get("kind") and _opens_place(window, _WORD.match(window, m.start()), gaz):
            continue  # "Hội An": a place, no "Hội" named "An"
        pos = m.end()
        words: list[tuple[int, int]] = []
        level_end, level = 0, ""
        while len(words) < _MAX_NAME_WORDS:
            w = _WORD.match(window, pos)
            if not w:
                break
            word = w.group(0)
            lowered = word.lower()
            stops = (
                not word[0].isupper()
                and (
                    # "Công ty Điện lực Trà Vinh đầu tư ...": a lower-case word after a place ends the name
                    (words and window[words[-1][0]].isupper() and _after_place(window, w.start(), gaz))
                    # "... Thủy điện Hương Điền điều tiết": after a proper name (two title-case words, the
                    # name's own first word aside; abbreviations as "TNHH MTV" are none) a lower-case word is a verb
                    or (
                        len(words) >= 3
                        and all(_title_case(window[s:e]) for s, e in words[-2:])
                        and window[words[-2][1] : words[-1][0]] == " "
                        # ("... Công Thương Thành phố Hồ Chí Minh": a city's name in capitals goes on)
                        and f"{window[words[-1][0] : words[-1][1]].lower()} {lowered}" not in _CITY_WORDS
                    )
                    or (lowered in gaz.institution_stop and not _compound_with_previous(window, w.start(), lowered))
                    # "Chi cục Kiểm dịch thực vật vùng IX rút ngắn ...": a number ends a name
                    or (words and _NUMERAL.fullmatch(window, words[-1][0], words[-1][1]) is not None)
                    or not word[0].isalpha()
                    or (_pair_at(window, w, gaz) and not _name_before_lead(window, w.start(), gaz))
                )
                and not _in_keep_phrase(window, w.start(), gaz)
            )
            every = _EVERY_UNIT.match(window, w.start()) if words and lowered == "các" else None
            if every:  # "Chi cục Thống kê các huyện, thị xã": one body of each, named by level
                level_end, level = every.end(), unit_name(every.group(0))
                break
            areas = _EVERY_AREA.match(window, w.start()) if words and lowered == "các" else None
            if areas:  # "Hạt Kiểm lâm các khu vực": one body of each area
                level_end, level = areas.end(), "khu vực"
                break
            unit = _UNIT_AT.match(window, w.start()) if words and not word[0].isupper() else None
            if unit:  # "Trường Chính trị tỉnh Khánh Hòa": the level word stays, the place goes
                words.append((w.start(), unit.end()))
                if not (window.startswith(_COMPANY_KINDS, m.start()) and _NUMBER_NEXT.match(window, unit.end())):
                    break
                pos = _NUMBER_NEXT.match(window, unit.end()).end() - 1  # a company's "quận 1" goes on to its number
                continue
            if (
                words
                and word.isdigit()
                and len(word) <= 3
                and not _DECIMAL_PART.match(window, w.end())  # "dự án Thăng Long 18,6/24,3 km": a quantity
                and (_NUMBERED_UNIT.search(window, m.start(), w.start()) or _number_ends_name(window, w.end(), gaz))
            ):  # ("Công ty ... Quản lý và sửa chữa đường bộ 236, ...": a number that ends the name)
                words.append((w.start(), w.end()))  # "Ban Quản lý dự án 2": the number is the name's
                more = _CAPITALISED_AFTER.match(window, w.end())
                if (
                    more is None
                    or name_key(more.group(1)) in gaz.institution_kinds
                    or gaz.pattern.match(window, more.start(1))  # "dự án 2 Bộ Giao thông vận tải": another body
                ):
                    break
                pos = more.start(1)  # "Bộ Tư lệnh Vùng 5 Hải quân": a capitalised word goes on with the name
                continue
            numbered = _NUMBERED.match(window, w.start()) if lowered == "số" and words else None
            if numbered:  # "Trường Tiểu học số 2", "Đội Quản lý thị trường số 4": the number is the name's
                words.append((w.start(), numbered.end()))
                gap = _NAME_GAP.match(window, numbered.end())
                if not gap or "\n" in gap.group(0):
                    break
                pos = gap.end()
                continue
            if lowered == "tại" and words and _BRANCH.match(window, m.start()) and _capital_next(window, w.end()):
                words.append((w.start(), w.end()))  # "Phân hiệu Đại học Đà Nẵng tại Kon Tum": where the branch is
                pos = _NAME_GAP.match(window, w.end()).end()
                continue
            if stops and (lowered != "và" or not _name_goes_on_after_and(window, w, words, gaz)):
                break
            if words and lowered == "khu" and _AREA_NAMED.match(window, w.start()):
                break  # "Chi nhánh Văn phòng Đăng ký đất đai khu vực Đức Hòa": where it is, not its name
            if lowered in ("phòng", "cháy", "nạn") and _AGAINST.match(window, w.end()):
                words.append((w.start(), w.end()))
                pos = _AGAINST.match(window, w.end()).end()
                continue
            if (
                words
                and (
                    gaz.institution_ends_before.match(window, w.start())
                    or (
                        word[0].isupper()
                        and name_key(word) in gaz.institution_kinds
                        and not _compound_word(window, w)  # "Phòng Thông tin - Báo chí": no newspaper
                        # "Trường Đại học Hải Phòng": a kind word that ends a place is the place's,
                        # and one that opens a place too ("Công ty ... Công trình công cộng Hội An")
                        and not _ends_with_place((window[words[-1][0] : words[-1][1]], word), gaz)
                        and not _opens_place(window, w, gaz)
                    )
                )
            ):
                if word in _OWN_KINDS and _bare_after(window, w.end()):
                    words.append((w.start(), w.end()))  # "Phòng Thanh tra Cục": a unit of the issuer's
                break  # the next body of a list ("Trường A, Phòng B") or a role ("- Tổ phó")
            body_ahead = (
                word[0].isupper()
                and (
                    _BODY_AHEAD.match(window, w.start())
                    # "Cục Quản lý xuất nhập cảnh - Bộ Công an": the parent after a dash
                    or (word == "Bộ" and window[words[-1][1] : w.start()].strip() == "-" if words else False)
                )
            )
            # ("Cục Truyền thông Công an nhân dân": the force's name, no body of a list)
            next_body = body_ahead and gaz.pattern.match(window, w.start()) is not None
            if words and next_body and not _in_keep_phrase(window, w.start(), gaz):
                # "Ban Phong trào | Tỉnh đoàn": the body the unit belongs to (see _offices_of);
                # "Phòng Cảnh sát kinh tế và | Công an tỉnh": the next body of a list
                while words and window[words[-1][0] : words[-1][1]].lower() in ("và", "&"):
                    words.pop()
                break
            words.append((w.start(), w.end()))
            fields = _field_list(window, w.end(), gaz) if window.startswith(",", w.end()) else None
            if fields is not None:  # "Trung tâm Văn hóa, Thể thao và Truyền thông": fields listed
                pos = fields
                continue
            gap = _NAME_GAP.match(window, w.end())
            if not gap or ("\n" in gap.group(0) and not _wrapped(window, w, lowered)):
                pos = w.end()
                break
            pos = gap.end()
        if not words:
            continue
        end = words[-1][1]
        city = _CITY_ABBREVIATED.match(window, end) if window[words[-1][0] : end] in ("TP", "Tp") else None
        name = " ".join(window[m.start() : end].split())
        if city:  # "Viện Pasteur TP. HCM": the city in full, as its own name has it
            name, end = f"{name[:-2]}Thành phố {_CITY_NAMES.get(city.group(1), city.group(1))}", city.end()
        name = name[:1].upper() + name[1:]  # "phòng Nghiệp vụ Y" after "qua" is "Phòng Nghiệp vụ Y"
        name, end = _drop_place(name, end, gaz)
        if len(name.split()) < 2:
            continue
        if level:
            name, end = f"{name} {level}", level_end
        name = gaz.expansion_pattern.sub(lambda e: gaz.expansions[e.group(0)], name)
        known = _bare_known(name, gaz)
        out.append(
            AgencyMatch(known[0], known[1], m.start(), end) if known else AgencyMatch(name, "named", m.start(), end)
        )
        numbers = _NUMBER_RANGE.search(name) if not known else None
        if numbers:  # "Cơ quan Thú y vùng I - VII": every body of the kind, named without a number
            out[-1] = AgencyMatch(name[: numbers.start()], "named", m.start(), end)
            continue
        numbered = _LAST_NUMBER.search(name) if not known else None
        if numbered:  # "Cục Quản lý đường bộ I, II, III, IV": one body of each number
            stem = name[: numbered.start()]
            for more in _MORE_NUMBERS.finditer(window, end):
                if more.start() != end:
                    break
                out.append(AgencyMatch(f"{stem}{more.group('number')}", "named", more.start("number"), more.end()))
                end = more.end()
    return out


# "TP. HCM", "TP.Hồ Chí Minh", "TP Đà Nẵng" closing a name.
_CITY_NAMES = {"HCM": "Hồ Chí Minh"}
_CITY_ABBREVIATED = re.compile(r"\.?[ \t]*(Hồ Chí Minh|HCM|Hà Nội|Hải Phòng|Đà Nẵng|Cần Thơ|Huế)(?!\w)")
_NUMERAL = re.compile(r"[IVX]{1,5}|\d{1,3}")
_NUMBER_RANGE = re.compile(r" (?:[IVX]{1,5}|\d{1,3}) ?[-–] ?(?:[IVX]{1,5}|\d{1,3})$")
_LAST_NUMBER = re.compile(r"(?<= )(?:[IVX]{1,4}|\d{1,3})$")
_MORE_NUMBERS = re.compile(r"[ \t]*(?:,|và)[ \t]*(?P<number>[IVX]{1,4}|\d{1,3})(?![\w/.,-]\w)")
# Where a name ends after a number: punctuation, "và", a line end (or a verb: see below).
_NAME_ENDS = re.compile(r"[ \t]*(?:[,;:)]|\.(?!\d)|và[ \t]|\n|$)")


def _number_ends_name(window: str, pos: int, gaz: Gazetteer) -> bool:
    """A number is a name's last word when the name ends after it: at punctuation or a line end,
    or before a verb ("... đường bộ 242 bố trí"), not before more words of a count ("2 lớp")."""
    if _NAME_ENDS.match(window, pos):
        return True
    nxt = _WORD.match(window, pos + 1) if window.startswith(" ", pos) else None
    return bool(nxt) and (nxt.group(0).lower() in gaz.institution_stop or _pair_at(window, nxt, gaz))


# A kind printed bare after a unit's name ("Phòng Thanh tra Cục chủ trì") is the issuing body's
# (see pipeline._own_units): nothing capitalised follows it.
_OWN_KINDS = frozenset({"Cục", "Tổng cục", "Sở", "Bộ", "Hội"})


def _bare_after(window: str, pos: int) -> bool:
    """Nothing capitalised after the kind word, and no word that makes it another ("Hội đồng",
    "Cục trưởng")."""
    rest = window[pos : pos + 12].lstrip(" \t")
    if rest.startswith(("đồng", "trưởng", "viên")):
        return False
    return not rest or rest[0] in ",;.:)\n" or (rest[0].isalpha() and rest[0].islower())


_PLACE_WORD_BEFORE = re.compile(rf"(?<!\w)(?:{_UNIT_WORD}|thôn|bản|ấp|phố|đường|núi|sông)[ \t]+$")

# Known bodies that open with these words end a unit's name before them.
_BODY_AHEAD = re.compile(r"(?:Tỉnh|Huyện|Thành|Thị|Quận|Đảng|Ủy ban|UBND|Sở|Công an|Hội đồng|HĐND)\b")
_AREA_NAMED = re.compile(rf"khu vực[ \t]+(?![IVXLC]+\b)[{CAPITALS}]")  # a numbered area is part of the name
_NUMBERED_AREA = re.compile(r"[ \t]+khu vực[ \t]+(?P<number>[IVXLC]{1,6}|\d{1,2})(?![\w/])")
_AREA_WORD = re.compile(r"[ \t]+(?:các[ \t]+)?khu vực\b")  # ("Chi cục Thuế các khu vực": each one)
_AREA_NUMBER = re.compile(r"[ \t]+(?P<number>[IVXLC]{1,6}|\d{1,2})(?![\w/])")
# Kinds of body that are a branch of another, named with where they are.
_BRANCH = re.compile(r"(?:Phân hiệu|Chi nhánh|Văn phòng đại diện)\b", re.IGNORECASE)


_NEXT_WORD_START = re.compile(r"[ \t]+(\w)")


def _capital_next(window: str, pos: int) -> bool:
    nxt = _NEXT_WORD_START.match(window, pos)
    return bool(nxt) and nxt.group(1).isupper()


_TRAILING_UNIT = re.compile(rf" (?P<unit>{_UNIT_WORD})$")


@lru_cache(maxsize=4096)  # named bodies recur through a document and a corpus
def _bare_known(name: str, gaz: Gazetteer) -> tuple[str, str | None] | None:
    """A gazetteer body whose name lost diacritics to OCR ("Ban Chỉ huy Quân sư huyện"): its
    canonical name and level, when the name without marks is that body's (and its unit)."""
    body, unit = name, None
    last = _TRAILING_UNIT.search(name)
    if last:
        body, unit = name[: last.start()], last.group("unit")
    canonical = gaz.bare_bodies.get(strip_diacritics(fold(body)))
    if canonical is None or canonical == body:
        return None
    if unit:
        return f"{canonical} {unit}", _level(unit)
    entry = gaz.bodies.get(name_key(canonical))
    return (canonical, entry.level) if entry else None


# Units numbered without "số" ("Ban Quản lý dự án 2", "Cơ quan Thú y vùng 6").
_NUMBERED_UNIT = re.compile(r"(?:dự án|vùng|quân khu|quận|phường)\s+$", re.IGNORECASE)
_NUMBER_NEXT = re.compile(r"[ \t]+\d")
_CAPITALISED_AFTER = re.compile(rf"[ \t]+([{CAPITALS}][^\W\d_]*)")
_NUMBERED = re.compile(r"số\s+(?:\d{1,3}|[IVX]{1,5})(?![\w/.,-]\w)")


def _title_case(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _person_named(window: str, m: re.Match[str]) -> bool:
    """A kind word that belongs to a person's name: a family name followed by two or three
    title-case words and nothing lower-case ("Đoàn Văn Phúc", not "Đoàn Thanh niên"), or the
    last word of a name ("Phạm Đăng Khoa", not "Khoa Dược")."""
    kind = window[m.start() : m.end()].strip()
    if " " in kind:
        return False
    line_start = window.rfind("\n", 0, m.start()) + 1
    # The words just before it on its line, after a gap of two spaces or a punctuation mark.
    before = re.split(r"[^\w \t]|[ \t]{2,}", window[max(line_start, m.start() - 40) : m.start()].rstrip())[-1].split()
    if 1 < len(before) < 4 and all(map(_title_case, before)) and before[0].lower() in surnames():
        return True
    if kind.lower() not in surnames():
        return False
    line_end = window.find("\n", m.end())
    after = re.split(r"[^\w \t]|[ \t]{2,}", window[m.end() : line_end if line_end >= 0 else len(window)])[0].split()
    return 1 < len(after) < 4 and all(map(_title_case, after))


def _teams(window: str, gaz: Gazetteer) -> list[AgencyMatch]:
    """Mentions of the teams this text sets up ("Thành lập Đoàn kiểm tra liên ngành ..."), each
    named as set up: "Đoàn kiểm tra" later on is the "Đoàn kiểm tra liên ngành" of Điều 1."""
    set_up = {}
    for m in gaz.team_set_up.finditer(window):
        kind = m.group("kind")
        set_up[name_key(kind)] = kind[:1].upper() + kind[1:].lower() + (" liên ngành" if m.group("joint") else "")
    if not set_up:
        return []
    return [
        AgencyMatch(set_up[name_key(m.group("kind"))], "other", m.start(), m.end())
        for m in gaz.team_mention.finditer(window)
        if name_key(m.group("kind")) in set_up and m.group("kind")[:1].isupper()
    ]


# Names with a comma inside: "phòng, chống dịch", "phòng cháy, chữa cháy và cứu nạn, cứu hộ".
_AGAINST = re.compile(r",\s*(?=(?:chống|chữa|cứu hộ)\b)", re.IGNORECASE)
_NAME_GAP = re.compile(r"\s*[-–&]\s*|[ ]+|[ \t]*\n[ \t]*")  # not a tab alone: it ends a table cell
# A name wrapped onto the next line goes on in lower case ("Tổng cục Đường\nbộ Việt Nam").
# A list label ("a)", "b.") on the next line is no such wrap.
_WRAPPED_NAME = re.compile(r"[ \t]*\n[ \t]*(?![a-zđ][).])[a-zđàáảãạăâèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ]")


def _wrapped(window: str, w: re.Match[str], lowered: str) -> bool:
    """Whether the name goes on over the line break after word `w` (asked only at a break)."""
    return lowered in ("và", "-") or bool(_WRAPPED_NAME.match(window, w.end()))


# A unit word closing an institution's name ("... tỉnh"); "xã hội" and "hợp tác xã" are no unit.
# Every unit of a level after a body's name: "các huyện, thị xã, thành phố", "các xã, phường"
# (units named after it are places: "các xã Tân An, Tân Bình").
_EVERY_UNIT = re.compile(rf"các[ \t]+{_UNIT_WORD}(?:[ \t]*(?:,|và)[ \t]*{_UNIT_WORD})*(?![^\W\d_]|[ \t]+[{CAPITALS}])")
# What a steering body steers, up to the unit it serves and the end of its name: "Ban Chỉ đạo
# Điều tra dân số và nhà ở giữa kỳ cấp huyện, ..." (one line break allowed: a wrapped name).
_TOPIC_TO_UNIT = re.compile(
    rf"[ \t]+(?P<topic>[^\s,;.:()][^,;.:()\n]{{0,90}}?(?:\n[^,;.:()\n]{{0,60}}?)?)"
    rf"(?<!các)[ \t\n]+(?:cấp[ \t]+)?{_UNIT_WORD}(?=[ \t]*(?:[,;.:)]|và[ \t]|$))"
)


def _topic_end(window: str, pos: int, gaz: Gazetteer) -> int | None:
    """Where a steering body's name ends when it goes on with its topic and unit, or None; a
    topic that holds a verb ("Ban Chỉ đạo chỉ đạo các xã") or another body is none."""
    m = _TOPIC_TO_UNIT.match(window, pos)
    if m is None:
        return None
    topic = m.group("topic")
    verbs = (w for w in _WORD.finditer(topic) if w.group(0).islower())  # "Điều tra dân số" is a topic
    if gaz.pattern.search(topic) or any(_pair_at(topic, w, gaz) for w in verbs):
        return None
    return m.end()


_EVERY_AREA = re.compile(r"các[ \t]+khu vực(?![^\W\d_]|[ \t]+[IVXLC\d])")
_EVERY_UNIT_AFTER = re.compile(rf"[ \t]+{_EVERY_UNIT.pattern}")
_UNIT_AT = re.compile(r"(?:tỉnh|huyện|quận|(?<!tác )xã(?! hội)|phường|thành phố|thị xã|thị trấn)(?![^\W\d_])")


def _in_keep_phrase(window: str, pos: int, gaz: Gazetteer) -> bool:
    reach = gaz.keep_phrase_length
    lo, hi = max(0, pos - reach), pos + reach
    if any(k.start() <= pos < k.end() for k in gaz.keep_phrases.finditer(window, lo, hi)):
        return True
    # The same phrase with marks lost to OCR ("quản lý hành chính về trật tư xã hội").
    bare = strip_diacritics(window[lo:hi])
    return any(k.start() <= pos - lo < k.end() for k in gaz.bare_keep_phrases.finditer(bare))


def _opens_place(window: str, w: re.Match[str] | None, gaz: Gazetteer) -> bool:
    """The word and the one after it name a known place ("Hội An", "Đoàn Hùng")."""
    if w is None:
        return False
    nxt = _WORD.match(window, w.end() + 1) if window.startswith(" ", w.end()) else None
    return nxt is not None and name_key(f"{w.group(0)} {nxt.group(0)}") in gaz.place_keys


def _after_place(window: str, pos: int, gaz: Gazetteer) -> bool:
    """The one, two or three capitalised words before `pos` name a known place."""
    return _ends_with_place(tuple(window[max(0, pos - 40) : pos].split()[-3:]), gaz)


@lru_cache(maxsize=8192)  # the same words end names all through a corpus
def _ends_with_place(words: tuple[str, ...], gaz: Gazetteer) -> bool:
    for k in range(len(words)):
        tail = words[k:]
        if all(w[:1].isupper() and w.isalpha() for w in tail) and name_key(" ".join(tail)) in gaz.place_keys:
            return True
    return False


_LAST_WORD = re.compile(r"(\w+)[^\S\n]+$")


def _compound_with_previous(window: str, pos: int, lowered: str) -> bool:
    """ "Chương trình", "Ứng phó": a stop word that makes one dictionary word with the word before
    it is inside the name ("Văn phòng Điều phối Chương trình ...", "Ủy ban Quốc gia Ứng phó ...")."""
    last = _LAST_WORD.search(window, max(0, pos - 12), pos)
    return last is not None and f"{last.group(1).lower()} {lowered}" in word_entries()


def _inside_word_before(window: str, pos: int) -> bool:
    """A name printed from a lower-case word that makes one dictionary word with the word before
    it ("Công đoàn Khối ...") starts inside another name."""
    return window[pos : pos + 1].islower() and _compound_with_previous(window, pos, _WORD.match(window, pos).group(0))


def _compound_word(window: str, w: re.Match[str]) -> bool:
    """The word and the lower-case one after it make one word of the dictionary ("Báo chí")."""
    nxt = _WORD.match(window, w.end() + 1) if window.startswith(" ", w.end()) else None
    return nxt is not None and nxt.group(0).islower() and (w.group(0).lower(), nxt.group(0)) in syllable_pairs()


def _pair_at(window: str, w: re.Match[str], gaz: Gazetteer) -> bool:
    end = w.end()
    if window[end : end + 1] == " " and not window[end + 1 : end + 2].isspace():  # the common case
        nxt = _WORD.match(window, end + 1)
    else:  # the pair may be split by a line break ("Hóa Thượng vận\n động tài trợ")
        gap = _SPACES.match(window, end)
        nxt = _WORD.match(window, gap.end()) if gap else None
    return bool(nxt) and f"{w.group(0).lower()} {nxt.group(0).lower()}" in gaz.institution_stop_pairs


_SPACES = re.compile(r"[ \t]*\n?[ \t]*(?<=\s)")
# "Phòng Quản lý hoạt động xây dựng chủ trì", "Viện Quy hoạch xây dựng tỉnh hoàn chỉnh": words a
# name could end before ("hoạt động", "xây dựng") run on to the lead's verb or to "tỉnh".
_TO_LEAD = re.compile(
    r"(?P<words>(?:[^\W\d_A-ZĐ]+ ){1,5}?)"
    r"(?:chủ trì|có trách nhiệm|là cơ quan|là đơn vị|tỉnh(?= [^\W\d_A-ZĐ]|[ \t]*[:;,.)\n]))\b"
)


def _name_before_lead(window: str, pos: int, gaz: Gazetteer) -> bool:
    m = _TO_LEAD.match(window, pos)
    return m is not None and not any(w in gaz.institution_stop for w in m.group("words").split())


def _name_goes_on_after_and(window: str, w: re.Match[str], words: list[tuple[int, int]], gaz: Gazetteer) -> bool:
    """After "và" a name goes on with a capital ("Kinh tế và Hạ tầng"), or with a lower-case noun
    when the name is already in lower case ("nông lâm sản và thủy sản", "giá và công sản"); a name
    that ends in a place ends there ("VNPT Phú Thọ và Ngân hàng ...")."""
    if _after_place(window, w.start(), gaz):
        return False
    if _capital_word_after(window, w.end(), gaz):
        return True
    nxt = _WORD.match(window, w.end() + 1) if w.end() + 1 < len(window) else None
    if not (nxt and words) or nxt.group(0)[0].isupper():
        return False
    previous = window[words[-1][0] : words[-1][1]]
    following = nxt.group(0).lower()
    return (
        not previous[0].isupper()
        and following not in gaz.institution_stop
        and not _pair_at(window, nxt, gaz)
        and following.isalpha()
    )


def _capital_word_after(window: str, pos: int, gaz: Gazetteer) -> bool:
    """ "Phòng Kinh tế và Hạ tầng" goes on after "và"; "Cục X và Kế hoạch số 186", "Ban X và
    Trung tâm Y" end before it."""
    w = _WORD.match(window, pos + 1) if pos + 1 < len(window) else None
    return bool(w and w.group(0)[0].isupper() and not gaz.next_body_or_document.match(window, pos + 1))


_COMPANY_KINDS = ("Công ty ", "Tổng công ty ", "Tập đoàn ")


_CITY_WORDS = frozenset({"thành phố", "thị xã", "thị trấn"})


def _drop_place(name: str, end: int, gaz: Gazetteer) -> tuple[str, int]:
    """ "Bệnh viện Đa khoa tỉnh Quảng Nam" loses its place but keeps its level ("Bệnh viện Đa khoa
    tỉnh", as "Ủy ban nhân dân tỉnh" does); "Viện Pasteur Nha Trang" keeps its name, and so does
    a company, as registered ("Công ty TNHH MTV Dịch vụ công ích Quận 1")."""
    if name.startswith(_COMPANY_KINDS):
        return name, end
    lowered = name.lower()  # single-spaced: the caller joined its words
    starts = [m.start() for m in re.finditer(r"\S+", lowered)]
    for start in starts[2:]:
        unit = _UNIT_AT.match(lowered, start)  # the one test of a unit word ("xã hội", "hợp tác xã" are none)
        if name[start].isupper():
            continue  # "Viện Pasteur Thành phố Hồ Chí Minh": a unit word in capitals is the place's name
        if unit and (unit.end() == len(lowered) or lowered[unit.end()] == " "):
            return name[: unit.end()], end - (len(name) - unit.end())
    return name, end


def _department_list(m: re.Match[str], window: str, gaz: Gazetteer) -> list[AgencyMatch]:
    """ "Sở Y tế", and lists: "các sở: Tư pháp, Nội vụ", "Sở: Y tế, Tư pháp"."""
    printed_kind = m.group("kind")
    kind_key = name_key(printed_kind)
    kind = gaz.kind_names[kind_key]
    plural = window[max(0, m.start() - 4) : m.start()].lower().endswith("các ")
    # "toàn bộ", "cán bộ", "cơ sở y tế": the common word; but "chỉ đạo sở giáo dục và đào tạo"
    # names the department of each province addressed.
    common = _COMMON_BEFORE_KIND.search(window, max(0, m.start() - 5), m.start())
    named_lower = _ROUTED_OR_HEADED.search(window, max(0, m.start() - 8), m.start())  # "qua phòng Nội vụ"
    if not (plural or printed_kind[0].isupper() or (kind_key == "sở" and not common) or named_lower):
        return []
    is_list = plural or bool(m.group("colon"))
    if m.group("colon") and window[m.end() : m.end() + 1].islower():
        return []  # "Thanh tra Sở: xây dựng kế hoạch ...": the unit's work after its colon, no list
    fields = gaz.departments[kind_key]
    out: list[AgencyMatch] = []
    pos = m.end()
    first = True
    while True:
        fm = gaz.field_patterns[kind_key].match(window, pos)
        if fm:
            name = f"{kind} {fields[name_key(fm.group(0))]}"
            out.append(AgencyMatch(name, gaz.department_levels[kind], m.start() if first else fm.start(), fm.end()))
            pos = fm.end()
        elif is_list and not first and gaz.list_pattern and (lm := gaz.list_pattern.match(window, pos)):
            entry = gaz.list_members[name_key(lm.group(0))]
            out.append(AgencyMatch(entry.name, entry.level, lm.start(), lm.end()))
            pos = lm.end()
        elif printed_kind[0].islower() and not plural and not named_lower:
            break
        else:
            fuzzy = _fuzzy_field(window, pos, kind_key)
            if fuzzy is None:
                break
            field, field_end = fuzzy
            out.append(
                AgencyMatch(f"{kind} {field}", gaz.department_levels[kind], m.start() if first else pos, field_end)
            )
            pos = field_end
        first = False
        if not is_list:
            break
        sep = _SEPARATOR.match(window, pos)
        if not sep:
            break
        pos = sep.end()
    return out


_ROUTED_OR_HEADED = re.compile(r"(?:\bqua|[Tt]rưởng)\s+$")
_COMMON_BEFORE_KIND = re.compile(r"(?:\bcơ|\btrụ)\s+$", re.IGNORECASE)
_CHUNK = re.compile(r"[^,;.:()\n]{2,60}")


def _fuzzy_field(window: str, pos: int, kind_key: str) -> tuple[str, int] | None:
    """A field printed in a form the table lacks ("Lao động TB và XH"), when one clearly wins."""
    m = _CHUNK.match(window, pos)
    if not m:
        return None
    found = _fuzzy_chunk(m.group(0), kind_key)
    return (found[0], pos + found[1]) if found else None


@lru_cache(maxsize=4096)  # pure; the same printed fields recur (a list of departments, document after document)
def _fuzzy_chunk(chunk: str, kind_key: str) -> tuple[str, int] | None:
    """The field `chunk` opens with, and where it ends in `chunk`."""
    from rapidfuzz import fuzz, process

    fields = gazetteer().departments[kind_key]
    # Words after the field ("tỉnh", "tham mưu ...") are not part of it: try shorter chunks too.
    words = chunk.split()
    best: tuple[float, str, int] | None = None
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        hit = process.extractOne(name_key(candidate), list(fields), scorer=fuzz.ratio, score_cutoff=88)
        if hit and (best is None or hit[1] > best[0]):
            end = len(chunk) - len(chunk.lstrip()) + _prefix_length(chunk.lstrip(), n)
            best = (hit[1], fields[hit[0]], end)
    return (best[1], best[2]) if best else None


def _prefix_length(text: str, n_words: int) -> int:
    m = re.match(rf"\s*(?:\S+\s+){{{n_words - 1}}}\S+", text)
    return m.end() if m else len(text)


def _committee_name(printed: str, gaz: Gazetteer) -> str:
    key = name_key(printed)
    if key in gaz.committees:
        return gaz.committees[key]
    rest = printed.split(None, 2)[2] if len(printed.split()) > 2 else ""
    bloc = gaz.committee_unit_names.get(name_key(rest))
    if bloc is not None:  # "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh": a named bloc, no list of units
        rest = gaz.expansion_pattern.sub(lambda e: gaz.expansions[e.group(0)], bloc)  # "BĐBP tỉnh"
    elif rest and (rest.lower().startswith("các ") or "," in rest or " và " in rest):
        rest = unit_name(rest)  # "đảng ủy xã, phường, thị trấn" → "Đảng ủy cấp xã"
    return f"Đảng ủy {rest}".strip() if rest else "Đảng ủy"


@lru_cache(maxsize=1024)  # pure; a handful of unit phrases, named with every unit body
def unit_name(unit: str) -> str:
    """The unit a body serves, as canonical names end: "tỉnh", "huyện"; a list or "các" gives its
    level ("các huyện, thị xã" → "cấp huyện")."""
    unit = " ".join(unit.lower().split())
    if unit.startswith("cấp "):
        return unit
    if unit.startswith("các ") or "," in unit or " và " in unit:
        first = re.split(r"\s*(?:,|và)\s*", unit.removeprefix("các "))[0]
        return f"cấp {_LEVEL_OF_UNIT.get(first, first)}"
    return unit


def _level(unit: str) -> str:
    name = unit_name(unit)
    word = name[4:] if name.startswith("cấp ") else name
    return {"tỉnh": "province", "huyện": "district", "xã": "commune"}.get(_LEVEL_OF_UNIT.get(word, word), "other")


def _most_common_unit(units: list[str], body: str) -> str | None:
    counts: dict[str, int] = {}
    for name in units:
        if not body:  # any body's unit
            unit = next((u for u in _UNIT_WORDS if name.endswith(" " + u)), None)
            if unit:
                counts[unit] = counts.get(unit, 0) + 1
        elif name.startswith(body + " ") and not name.startswith(body + " cấp"):
            unit = name[len(body) + 1 :]
            counts[unit] = counts.get(unit, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None


@cache
def _place_units() -> dict[str, str]:
    """Each place name's unit word: "tỉnh" for a province (whatever else shares its name), else
    the kind of the district-level unit ("huyện", "thị xã", ...)."""
    units: dict[str, str] = {}
    for name, kind in _place_rows():
        for key in {match_form(s).lower() for s in _spellings(name)}:
            if kind == "province" or key not in units:
                units[key] = "tỉnh" if kind == "province" else kind
    return units


def _unit_of_place(place: str) -> str | None:
    return _place_units().get(match_form(place).lower())


def _body_at_place(name: str, gaz: Gazetteer) -> tuple[str, str | None, str] | None:
    """ "Cục Hải quan An Giang" → the gazetteer's "Cục Hải quan tỉnh", at An Giang; a unit's body
    by its unit ("Chi cục Thuế Hà Trung" → "Chi cục Thuế huyện")."""
    words = name.split(" ")
    for k in (3, 2, 1):
        place = " ".join(words[-k:])
        unit = _unit_of_place(place)
        if unit is None or len(words) <= k + 1:
            continue
        body = " ".join(words[:-k])
        entry = gaz.bodies.get(name_key(f"{body} {unit}"))
        if entry is not None:
            return entry.name, entry.level, place
        if body in gaz.unit_bodies.values():  # "Chi cục Thuế Hà Trung" → "Chi cục Thuế huyện"
            return f"{body} {unit}", _level(unit), place
    return None


def _place_after(window: str, pos: int, gaz: Gazetteer) -> tuple[str | None, int | None]:
    m = gaz.place_pattern.match(window, pos)
    if not m:
        return None, None
    return m.group("place"), m.end()


# A unit named before the body it belongs to: "Cục Lưu trữ" + "Văn phòng Trung ương Đảng".
_UNIT_OF_BODY = re.compile(
    r"(?:Cục|Vụ|Trung tâm|Viện|Phòng|Văn phòng|Nhà xuất bản|Tạp chí)[ \t]+[A-ZĐ]\w*(?:[ \t]+\w+){0,6}"
)


def _unit_ending_in_body(window: str, known: list[AgencyMatch], cand: AgencyMatch) -> tuple[str, AgencyMatch] | None:
    """(the unit's own words, the body) when the name `cand` runs over one known body that ends it
    ("Trung tâm Tin học Văn phòng Trung ương Đảng": the centre of the Office), else None."""
    inside = _overlapping(known, cand)
    if len(inside) != 1 or inside[0].end != cand.end or inside[0].start <= cand.start:
        return None
    unit = " ".join(window[cand.start : inside[0].start].split())
    return (unit, inside[0]) if _UNIT_OF_BODY.fullmatch(unit) else None


def _overlapping(known: list[AgencyMatch], cand: AgencyMatch) -> list[AgencyMatch]:
    return [k for k in known if k.start < cand.end and cand.start < k.end]


def _room_named_on(window: str, known: list[AgencyMatch], cand: AgencyMatch) -> AgencyMatch | None:
    """The district office `cand` starts with, when the name goes on in lower case past it
    ("Phòng Kinh tế" + "đối ngoại": a department's own office), else None."""
    inside = _overlapping(known, cand)
    if len(inside) != 1 or inside[0].start != cand.start or inside[0].end >= cand.end:
        return None
    rest = window[inside[0].end : cand.end]
    named_on = (
        inside[0].name.startswith("Phòng ")
        and _LOWER_WORDS.fullmatch(rest)
        and not _UNIT_AT.search(rest)
        and _LEAD_NEXT.match(window, cand.end)  # ("Phòng Tư pháp chỉ có": no name goes on)
    )
    return inside[0] if named_on else None


_LOWER_WORDS = re.compile(r"(?:[ \t]+[^\W\d_A-ZĐ]+){1,2}")
_LEAD_NEXT = re.compile(r"[ \t]*(?:[,;:(]|chủ trì|phối hợp|tham mưu|có trách nhiệm|thực hiện)")


def _overlaps(taken: list[AgencyMatch], cand: AgencyMatch) -> bool:
    """Whether `cand` overlaps one of `taken` (in text order, not overlapping each other, as
    `_resolve_overlaps` returns them: their ends are in order too, so one bisection finds the
    only one that can)."""
    k = bisect_right(taken, cand.start, key=_end)
    return k < len(taken) and taken[k].start < cand.end


def _end(a: AgencyMatch) -> int:
    return a.end


def _resolve_overlaps(found: list[AgencyMatch]) -> list[AgencyMatch]:
    """Longest first, earliest on ties; then back in text order."""
    taken: list[AgencyMatch] = []
    starts: list[int] = []  # of `taken`, kept sorted: a candidate overlaps only its neighbours
    for cand in sorted(found, key=lambda a: (-(a.end - a.start), a.start)):
        k = bisect_left(starts, cand.start)
        before = taken[k - 1] if k else None
        after = taken[k] if k < len(taken) else None
        if (before is None or before.end <= cand.start) and (after is None or cand.end <= after.start):
            taken.insert(k, cand)
            starts.insert(k, cand.start)
    return taken
