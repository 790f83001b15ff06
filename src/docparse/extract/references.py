"""References to other documents, in the spirit of eyecite: find → resolve → (annotate).

Found forms:
- full citations with a number and symbol ("Nghị quyết số 68/NQ-CP, ngày 01/7/2021 của Chính
  phủ"), in every symbol grammar (identifier.py);
- short forms, type and number without symbol ("Chỉ thị 15 của Thủ tướng Chính phủ"), and lists
  sharing one type and issuer ("các Quyết định số 86, 87, 88 của Ban Chỉ đạo");
- laws by name ("Luật Phòng, chống bệnh truyền nhiễm", with or without its number);
- self-references ("Thông báo này"), kept apart: they name the document itself.
Each mention gets the role its clause states (basis, amends, replaces, repeals, attached).
`resolve` links short and list forms to the full citation of the same document that they
match (type + number, and issuer when given) and groups mentions of one document under a ref_id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

from ..lexicon import DocTypeEntry, bare_index, doc_types, fold, load_toml, trie_pattern, type_by_name
from ..normalize import strip_diacritics
from .dates import NGAY, OCR_DIGITS, safe_iso
from .identifier import Identifier, find_identifiers, type_of_symbol

# OCR reads a zero as the letter O and a one as l or I ("ngày 1O/01/2018", "ngày l5/8/2017"),
# as the date grammar allows.
_DAY_OR_MONTH = r"(\d{1,2}|[1-3][Oo]|[Oo][1-9]|[Il]\d)"
_YEAR_OCR = r"(19\d\d|2[0Oo][0-9Oo]\d)"
_DATE_AFTER = re.compile(
    rf"^\s*[,(]?\s*(?:ban hành\s+)?(?:{NGAY}\s*)?{_DAY_OR_MONTH}\s*/\s*{_DAY_OR_MONTH}\s*/\s*{_YEAR_OCR}"
    rf"|^\s*[,(]?\s*(?:ban hành\s+)?{NGAY}\s+{_DAY_OR_MONTH}\s+tháng\s+{_DAY_OR_MONTH}\s+năm\s+{_YEAR_OCR}",
    re.IGNORECASE,
)
_NGAY_BEFORE = re.compile(rf"{NGAY}\s*$", re.IGNORECASE)
# The issuer runs from "của" to a verb that starts the citation's subject, or to punctuation.
_ISSUER_STOP = r"về|v/v|quy định|hướng dẫn|ban hành|triển khai|thực hiện|phê duyệt|và các|và|đã|nhằm|để|tại|trong"
_ISSUER_AFTER = re.compile(
    rf"^\s*,?\s*của\s+(?P<issuer>[^,;.()\n:]{{2,120}}?)(?=\s+(?:{_ISSUER_STOP})\b|[,;.()\n:]|$)",
    re.IGNORECASE,
)


@dataclass
class Citation:
    """One mention of another document. Spans are offsets into the searched text."""

    ident: Identifier | None
    doc_type: DocTypeEntry | None
    date: str | None
    issuer: str | None
    start: int  # type name (if any) through the identifier or number
    end: int
    form: str = "full"  # full | short | list | law
    number: str | None = None
    name: str | None = None  # a law's title
    role: str | None = None
    date_span: tuple[int, int] | None = None
    resolved: Identifier | None = None  # the full citation a short or list form stands for
    ref_id: str | None = None

    @property
    def identifier(self) -> str | None:
        ident = self.ident or self.resolved
        return ident.identifier if ident else None


@dataclass
class SelfReference:
    text: str
    start: int
    end: int


@dataclass
class Found:
    citations: list[Citation] = field(default_factory=list)
    self_references: list[SelfReference] = field(default_factory=list)


@cache
def _type_names() -> str:
    """Every type name, as a trie (the patterns using it scan whole documents): the same
    matches as the names listed longest first. Lower case, since the patterns ignore case."""
    return trie_pattern([e.name.lower() for e in doc_types()], space=" ")


@cache
def _type_before_re() -> re.Pattern[str]:
    # ("Chương trình hành động số 05-CTr/TU", "Kế hoạch hành động số ...": the type's own name)
    return re.compile(rf"(?:{_type_names()})(?:\s+liên tịch|\s+hành động)?\s*(?:số\s*[:.]?\s*)?$", re.IGNORECASE)


@cache
def _type_word_before_re() -> re.Pattern[str]:
    """A type name with no number right before a change cue: a document that is not this one."""
    return re.compile(rf"(?<![\w])(?:{_type_names()})(?:\s+mới)?\s+$", re.IGNORECASE)


@cache
def _bare_types() -> dict[str, str]:
    """Type names by their upper-case form without diacritics (see lexicon.bare_index)."""
    return bare_index(tuple(e.name for e in doc_types()))


@cache
def _bare_type_before_re() -> re.Pattern[str]:
    """A type name that lost diacritics to OCR ("Chỉ thi số 20-CT/TW"), matched in the text with
    its marks stripped (the same length, so offsets hold)."""
    names = trie_pattern(sorted(k.lower() for k in _bare_types()), space=" ")
    return re.compile(rf"(?<!\w)(?P<name>{names})\s*(?:so\s*[:.]?\s*)?$", re.IGNORECASE)


def _type_before(before: str) -> tuple[DocTypeEntry | None, int | None]:
    """The type named just before an identifier, and where its name starts in `before`."""
    m_type = _type_before_re().search(before)
    if m_type:
        name = re.sub(r"(?:\s+hành động)?\s*(?:số\s*[:.]?\s*)?$", "", m_type.group(0), flags=re.IGNORECASE)
        return type_by_name().get(fold(re.sub(r"\s+liên tịch$", " liên tịch", name))), m_type.start()
    bare = _bare_type_before_re().search(strip_diacritics(before))
    if bare:
        return type_by_name().get(fold(_bare_types()[bare.group("name").upper()])), bare.start()
    return None, None


@cache
def _short_re() -> re.Pattern[str]:
    # "Chỉ thị 15", "các Quyết định số 86, 87 và 88"; the number must not run on into a symbol.
    number = r"\d{1,5}[a-z]?(?![\w/-]|\s?[/-]\s?[A-ZĐ\d])"
    return re.compile(
        rf"(?<![\w])(?P<plural>các\s+)?(?P<type>{_type_names()})\s+(?P<so>số\s*)?"
        rf"(?P<numbers>{number}(?:\s*(?:,|;|và)\s*(?:số\s*)?{number})*)",
        re.IGNORECASE,
    )


@cache
def _self_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{_type_names()})\s+này\b", re.IGNORECASE)


# A law's title: "Luật" + a capitalised word, then words up to its number, date or the end of
# the phrase. A comma continues the title only after its first one or two words ("Luật Phòng,
# chống ...", "Luật Cán bộ, công chức", "Luật sửa đổi, bổ sung ...").
# (The look-ahead on the initials, tested first, lets a scan skip most positions quickly.)
_LAW_START = re.compile(
    r"(?=[BLPH])(?<![\w])(?:(?<!pháp )Bộ luật|(?<!pháp )(?<!Bộ )Luật|Pháp lệnh|Hiến pháp)\b(?!\s+này)"
)
_LAW_STOP = re.compile(
    r"\s+(?:(?:số\s*[:.]?\s*\d|ngày|năm\s+\d|đã\b|được\b|thì\b|về\b|để\b|nhằm\b|tại\b|trong\b|"
    r"theo\b(?!\s+phương thức)|"  # "Luật Đầu tư theo phương thức đối tác công tư" is one title
    r"quy định\b|trên\b|"
    r"hướng dẫn\b|về việc\b|có hiệu lực\b|"
    r"và\s+(?:các|những|yêu cầu|quy định|hướng dẫn|văn bản|Nghị|Thông|Quyết|Chỉ|Luật|Bộ luật)\b))"
    r"|[;.:()\n\"“”*|\t]|\s+-\s",  # (a table cell ends it too)
    re.IGNORECASE,
)
_NUMBER_OR_DATE = re.compile(r"\bsố\s*[:.]?\s*\d|\bngày\s+\d", re.IGNORECASE)
_SO_BEFORE = re.compile(r"\bsố\s*[:.]?\s*$", re.IGNORECASE)
_NUMBER_GAP = re.compile(r"[\s,]*(?:số\s*[:.]?\s*)?", re.IGNORECASE)
# What the document does to a cited one: the cue nearest before it in its clause decides.
_CHANGE_CUES = re.compile(
    r"(?P<amends>sửa\s+đổi|bổ\s+sung)|(?P<replaces>thay\s+thế)|(?P<repeals>bãi\s+bỏ|(?:hủy|huỷ)\s+bỏ|thu\s+hồi(?!\s+đất))",
    re.IGNORECASE,
)
_NOT_CHANGED = re.compile(r"\b(?:(?<!kèm )theo|tại|bởi|do|để|nhằm|cho|đối với|về)\b", re.IGNORECASE)
# "Thực hiện X của Tỉnh ủy, UBND huyện đã ban hành các Quyết định số 1352, 1353": the cue's clause
# ended at the comma before a subject and its verb; what the main clause cites has no role from it.
_MAIN_CLAUSE = re.compile(
    r",\s+(?:(?:UBND|HĐND|Ủy ban|Sở|Ban|Bộ|Chủ tịch|Thủ tướng|Tỉnh ủy|Huyện ủy|Thành ủy|Đảng ủy|Thường trực)\b"
    r"[^,;:]{0,60}?)"
    r"\s(?:đã|sẽ|ban hành|đề nghị|yêu cầu|chỉ đạo|thông báo|kết luận|giao|xây dựng|báo cáo)\b"
)
# Between two documents of one list: the first one's date and issuer, then a comma or "và".
# (a law in the list too: "thực hiện Luật Khoáng sản số 60/2010/QH12, Luật Tài nguyên nước năm 2012, Nghị định ...")
_LISTED_FORMS = ("full", "law")
_LIST_GAP = re.compile(
    r"\s*,?\s*(?:ngày\s+\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})|năm\s+\d{4})?"
    r"\s*(?:của\s+[^,;.:()\n]{1,80}?(?:\n[^,;.:()\n]{1,40}?)?)?\s*(?:,|\bvà\b)\s*(?:và\s+)?",
    re.IGNORECASE,
)
_ATTACHED_CUE = re.compile(r"kèm\s+theo\s*$", re.IGNORECASE)
# "Thực hiện Kế hoạch số 01-KH/TW ... của Đảng;" / "Chương trình hành động số 05-CTr/TU ...": a
# document opening the next part of the cue's list shares its basis.
_NEXT_IN_LIST = re.compile(r"[^.;]{0,300};\s*")
# ("Căn cú": OCR damages the mark of "cứ"; "Căn  cứ": justified text doubles spaces)
_BASIS_CUE = re.compile(
    r"[\s\\\-–+*•_#>]*(?:\d+\\?[.)]\s*|[a-zđ]\)\s*)?"  # ("\- Căn cứ": a Word export's escaped dash)
    r"(?:Căn\s+c[ứúừửưu]|Can\s+cu|Thực\s+hiện|Thuc\s+hien|Theo|Triển\s+khai|Trien\s+khai|Trên\s+cơ\s+sở|Tren\s+co\s+so)\b",
    re.IGNORECASE,
)
# Up to the last sentence or clause break: the greedy prefix makes the engine look for it
# from the end of the window back, in one call.
_SENTENCE_BREAK = re.compile(r"(?s:.*)(?:\.(?=\s)|\n)")
_CLAUSE_BREAK = re.compile(r"(?s:.*)(?:[.;:!?,](?=\s)|\n)")
_PART_BREAK = re.compile(r"(?s:.*)(?:[.;:!?](?=\s)|\n)")  # a clause whose commas do not end it
_REPEALED_AFTER = re.compile(r"^[^.;\n]{0,200}?\bhết hiệu lực", re.IGNORECASE)
_YEAR_LIKE = re.compile(r"^(?:19[4-9]\d|20[0-4]\d)$")


def find_citations(text: str, start: int = 0, end: int | None = None) -> list[Citation]:
    """Full citations in text[start:end], in order; spans are offsets into `text`."""
    end = len(text) if end is None else end
    window = text[start:end]
    found: list[Citation] = []
    for ident in find_identifiers(window):
        before = window[max(0, ident.start - 40) : ident.start]
        doc_type, type_at = _type_before(before)
        single_segment = not re.search(r"[-/]", ident.symbol) and not ident.year
        if single_segment and not (type_at is not None or _SO_BEFORE.search(before)):
            continue  # "178/CP" only where the text says it is a document
        if ident.separator == "-" and "/" not in ident.symbol and not (doc_type and ident.symbol == doc_type.code):
            continue  # Party form needs "TYPE/AGENCY" ("41-KL/TU"), an old one its type ("Chỉ thị số 364-CT")
        cite_start = ident.start if type_at is None else ident.start - len(before) + type_at
        if doc_type is None:
            doc_type = type_of_symbol(ident.symbol, ident.separator)
        date, issuer, date_span = _date_and_issuer(window, ident.end)
        found.append(
            Citation(
                ident=ident,
                doc_type=doc_type,
                date=date,
                issuer=issuer,
                start=start + cite_start,
                end=start + ident.end,
                number=ident.number,
                date_span=(start + date_span[0], start + date_span[1]) if date_span else None,
            )
        )
    return found


_YEAR_AFTER = re.compile(r"\s+năm\s+(?:19|20)\d\d\b")


def _date_and_issuer(window: str, pos: int) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The date ("ngày 01/7/2021") and issuer ("của Chính phủ") printed after a citation."""
    after = window[pos : pos + 160]
    date = None
    date_span = None
    consumed = 0
    m_date = _DATE_AFTER.match(after)
    if m_date:
        g = [group and group.translate(OCR_DIGITS) for group in m_date.groups()]
        day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        date = safe_iso(int(year), int(month), int(day))
        consumed = m_date.end()
        first_group = 1 if g[0] else 4
        date_start = m_date.start(first_group)
        ngay = _NGAY_BEFORE.search(after, 0, date_start)
        if ngay is not None:
            date_start = ngay.start()
        date_span = (pos + date_start, pos + consumed)
    issuer = None
    if m_date is None and (year := _YEAR_AFTER.match(after)):  # "09/CT-UBND năm 2021 của Chủ tịch UBND tỉnh"
        consumed = year.end()
    m_issuer = _ISSUER_AFTER.match(after[consumed:])
    if m_issuer:
        issuer = " ".join(m_issuer.group("issuer").split())
    return date, issuer, date_span


def find_references(text: str, start: int = 0, end: int | None = None, *, own: tuple[str, str] | None = None) -> Found:
    """Every mention of another document in text[start:end]; `own` is the document's own
    (type name, number), so that a short form of itself is not taken for a reference."""
    end = len(text) if end is None else end
    full = find_citations(text, start, end)
    _share_list_facts(text, full)
    taken = [(c.start, c.end) for c in full]
    laws = _find_laws(text, start, end, full)
    law_spans = [(c.start, c.end) for c in laws]
    merged = [c for c in full if not any(s <= c.start < e for s, e in law_spans)]
    numbered = {c.ident.number.lstrip("0") for c in full if c.ident and c.ident.number}
    shorts = _find_short(text, start, end, [*taken, *law_spans], own, numbered)
    citations = sorted([*merged, *laws, *shorts], key=lambda c: c.start)
    earlier: list[tuple[int, int]] = []
    for k, cite in enumerate(citations):
        cite.role = _role(text, cite, start, earlier[-4:])
        previous = citations[k - 1] if k else None
        # "thực hiện Chỉ thị số 45-CT/TW ngày ... của Đảng, Kết luận số 150-KL/TW ... và Hướng dẫn
        # số 25": the documents listed after the first share its basis
        if (
            cite.role is None
            and previous is not None
            and previous.role == "basis"
            and cite.form in _LISTED_FORMS
            and previous.form in _LISTED_FORMS
            and (
                _LIST_GAP.fullmatch(text, previous.end, cite.start)
                or _NEXT_IN_LIST.fullmatch(text, previous.end, cite.start)
            )
        ):
            cite.role = "basis"
        earlier.append((cite.start, cite.end))
    selves = [
        SelfReference(m.group(0), m.start(), m.end())
        for m in _self_re().finditer(text, start, end)
        if not text[max(0, m.start() - 5) : m.start()].lower().endswith("các ")
    ]
    return Found(citations=citations, self_references=selves)


_LIST_JOIN = re.compile(r"\s*(?:,|và)\s*(?:số\s*)?")


def _share_list_facts(text: str, full: list[Citation]) -> None:
    """A list of full citations shares what it prints once: "các Quyết định số 318/QĐ-UBND,
    319/QĐ-UBND ngày 20/4/2020 của UBND huyện" — the type printed before the first is every
    member's, and so is the issuer printed after the last (its date is only the last's)."""
    listed = [
        _LIST_JOIN.fullmatch(text, this.date_span[1] if this.date_span else this.end, nxt.start) is not None
        for this, nxt in pairwise(full)
    ]
    for k, joined in enumerate(listed):
        if joined and full[k + 1].doc_type is None:
            full[k + 1].doc_type = full[k].doc_type
    for k in range(len(listed) - 1, -1, -1):
        if listed[k] and full[k].issuer is None:
            full[k].issuer = full[k + 1].issuer


def _find_short(
    text: str,
    start: int,
    end: int,
    taken: list[tuple[int, int]],
    own: tuple[str, str] | None,
    numbered: set[str] = frozenset(),
) -> list[Citation]:
    """Short and list forms; `numbered` holds the numbers of the full citations, so that "Đề án
    1956" after "Quyết định số 1956/QĐ-TTg" is a number, not a year."""
    out: list[Citation] = []
    for m in _short_re().finditer(text, start, end):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.group("type")[0].islower() and not m.group("plural"):
            continue  # "Ban Quản lý dự án 2": a type name in lower case is a common noun
        doc_type = type_by_name().get(fold(m.group("type")))
        numbers = [(n.group(0), n.start(), n.end()) for n in re.finditer(r"\d{1,5}[a-z]?", m.group("numbers"))]
        if (
            len(numbers) == 1
            and _YEAR_LIKE.match(numbers[0][0])
            and not m.group("so")
            and numbers[0][0] not in numbered
        ):
            continue  # "Kế hoạch 2021": a year, not a number
        if own and doc_type and doc_type.name == own[0] and numbers[0][0].lstrip("0") == own[1].lstrip("0"):
            continue
        base = m.start("numbers")
        date, issuer, date_span = _date_and_issuer(text[:end], m.end())
        is_list = len(numbers) > 1
        for k, (number, n_start, n_end) in enumerate(numbers):
            out.append(
                Citation(
                    ident=None,
                    doc_type=doc_type,
                    # "các Quyết định số 845, 846 ngày 12/5/2015": the date printed after a list
                    # is its last member's for sure (its mention is a reference's date either way).
                    date=date if k == len(numbers) - 1 else None,
                    issuer=issuer,
                    start=m.start() if k == 0 else base + n_start,
                    end=base + n_end,
                    form="list" if is_list else "short",
                    number=number,
                    date_span=date_span if k == len(numbers) - 1 else None,
                )
            )
    return out


def _find_laws(text: str, start: int, end: int, full: list[Citation]) -> list[Citation]:
    out: list[Citation] = []
    law_type = type_by_name().get("LUẬT")
    for m in _LAW_START.finditer(text, start, end):
        if out and m.start() < out[-1].end:
            continue  # a law named inside another law's title
        head = m.group(0)
        rest_start = m.end()
        if head == "Hiến pháp":
            name_end = rest_start
            tail = re.match(r"\s+(?:nước Cộng hòa xã hội chủ nghĩa Việt Nam\s*)?(?:năm\s+\d{4})?", text[rest_start:end])
            if tail and tail.group(0).strip():
                name_end = rest_start + len(tail.group(0).rstrip())
        else:
            opening = re.match(r"\s+(sửa đổi|\w)", text[rest_start : rest_start + 12])
            if not opening or not (opening.group(1) == "sửa đổi" or opening.group(1).isupper()):
                continue  # "Luật" not followed by a title ("theo Luật", "pháp luật", "Luật định")
            name_end = _law_title_end(text, rest_start, end)
        known = _known_law(text, m.start(), end)
        if known is not None:
            name, name_end = known
        else:
            name = " ".join(text[m.start() : name_end].split()).rstrip(",")
        if len(name.split()) < 2:
            continue
        ident = None
        cite_end = name_end
        # Its number printed after the title: "Luật ... số 03/2007/QH12" (merged into one mention).
        for c in full:
            if c.start < name_end:
                continue
            # A citation with a type name of its own ("..., Chỉ thị số 20-CT/TW") is another document.
            if _NUMBER_GAP.fullmatch(text, name_end, c.start) and text[c.start].isdigit():
                ident = c.ident
                cite_end = c.end
            break
        date, _issuer, date_span = _date_and_issuer(text[:end], cite_end)
        out.append(
            Citation(
                ident=ident,
                doc_type=type_by_name().get(fold(head)) or law_type if head != "Hiến pháp" else None,
                date=date,
                issuer=None,
                start=m.start(),
                end=cite_end,
                form="law",
                number=ident.number if ident else None,
                name=name,
                date_span=date_span,
            )
        )
    return out


_TITLE_WORD = re.compile(r"[^\s,;.:()\"“”*]+")
_TITLE_GAP = re.compile(r"[\s,]*")


@cache
def _known_laws() -> dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]]:
    """Known titles (data/laws.toml) by their first two folded words, each with its folded words
    (case and marks dropped: a damaged print still matches)."""
    by_start: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
    for name in load_toml("laws.toml")["names"]:
        words = tuple(_bare_word(w) for w in _TITLE_WORD.findall(name))
        by_start.setdefault(words[:2], []).append((name, words))
    return by_start


def _known_law(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """The longest known title printed at `pos` (words apart by spaces and commas only), with
    where it ends in the text."""
    words = []
    at = pos
    for _ in range(2):
        word = _TITLE_WORD.match(text, at, end)
        if word is None:
            return None
        words.append(word)
        at = _TITLE_GAP.match(text, word.end(), end).end()
    alive = _known_laws().get((_bare_word(words[0].group(0)), _bare_word(words[1].group(0))), [])
    best: tuple[str, int] | None = None
    k = 1
    word: re.Match[str] | None = words[1]
    while alive and word is not None:
        if k > 1:  # candidates that still match the words read so far
            bare = _bare_word(word.group(0))
            alive = [(name, known) for name, known in alive if known[k] == bare]
        done = next((name for name, known in alive if len(known) == k + 1), None)
        if done is not None:  # the longest so far that ends here
            best = (done, word.end())
        alive = [(name, known) for name, known in alive if len(known) > k + 1]
        k += 1
        word = _TITLE_WORD.match(text, _TITLE_GAP.match(text, word.end(), end).end(), end)
    return best


@lru_cache(maxsize=4096)
def _bare_word(word: str) -> str:
    return strip_diacritics(fold(word))


def _law_title_end(text: str, pos: int, end: int) -> int:
    limit = min(end, pos + 220)
    amending = re.match(r"\s+sửa đổi", text[pos : pos + 12], re.IGNORECASE) is not None
    if amending:
        # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B": one title, the laws inside it
        # included; it ends where the last inner title ends.
        inner_end = pos
        for inner in re.finditer(r"(?:của|và)\s+(?:các\s+)?(Luật|Bộ luật)\s+", text[pos:limit]):
            if inner.start() > inner_end - pos + 80 or _NUMBER_OR_DATE.search(text, inner_end, pos + inner.start()):
                break  # "... và Luật Viên chức số 52/2019/QH14 ngày 25/11/2019 và Luật Thi đua": the title ended
            inner_end = _law_title_end(text, pos + inner.end() - 1, end)
        if inner_end > pos:
            return inner_end
    stop = _LAW_STOP.search(text, pos, limit)
    title_end = stop.start() if stop else limit
    # A comma continues the title only after its first one or two words ("Luật Phòng, chống"),
    # and never before another law ("Luật Đầu tư, Luật Doanh nghiệp").
    for comma in re.finditer(r",(\s*(?:Luật|Bộ luật)\b)?", text[pos:title_end]):
        if comma.group(1) or len(text[pos : pos + comma.start()].split()) > 2:
            title_end = pos + comma.start()
            break
    # A second law in the same phrase ("Luật A và Luật B") is its own mention.
    nested = re.search(r"\s+và\s+(?:Luật|Bộ luật)\b", text[pos:title_end])
    return pos + nested.start() if nested else title_end


def _role(text: str, cite: Citation, floor: int, earlier: list[tuple[int, int]]) -> str | None:
    """The role the clause gives the cited document; `earlier` are the spans of the mentions just before it."""
    sentence_start = _last_break(_SENTENCE_BREAK, text, cite.start, floor)
    clause_start = _last_break(_CLAUSE_BREAK, text, cite.start, floor)
    window_start = max(sentence_start, clause_start - 120)
    before = text[window_start : cite.start]
    change = None
    for m in _CHANGE_CUES.finditer(before):
        change = m
    if change is not None:
        part_start = _last_break(_PART_BREAK, text, cite.start, floor)
        cue_at = window_start + change.start()
        # "bổ sung kinh phí ... theo Chỉ thị 17", "thu hồi đất tại Quyết định số 318", "(được sửa
        # đổi bởi Nghị định số 123)": the cue acts on something else, or the cited document acts.
        # ("Chính phủ chưa ban hành Nghị định thay thế Nghị định số 33": another document's change)
        acts_on_other = (
            _NOT_CHANGED.search(before, change.end()) is not None
            or _type_word_before_re().search(before, 0, change.start()) is not None
        )
        # "Căn cứ Nghị định số 107/2020/NĐ-CP ... sửa đổi, bổ sung ... Nghị định số 24": the cue
        # follows the mention before it in the same clause, so it is part of that one's title; so
        # is a cue inside the mention before ("Luật sửa đổi ... Luật Đê điều; Luật Phòng thủ dân sự").
        # ("Nghị định 38 sửa đổi ... của Nghị định 27 và Luật Đầu tư công": any mention before the cue.)
        in_title = any(part_start < e < cue_at or s <= cue_at < e for s, e in earlier)
        if not acts_on_other and not in_title:
            return change.lastgroup
    if _REPEALED_AFTER.match(text[cite.end : cite.end + 240]):
        return "repeals"
    if _ATTACHED_CUE.search(before):
        return "attached"
    cue = _BASIS_CUE.match(text, clause_start, cite.start)
    if cue and cue.group(0).rstrip().endswith("theo") and clause_start > sentence_start:
        cue = None  # "..., theo nội dung Công văn 3180": how the work is done, no basis
    if cue or (
        _BASIS_CUE.match(text, sentence_start, cite.start) and not _MAIN_CLAUSE.search(text, sentence_start, cite.start)
    ):
        return "basis"
    return None


def _last_break(pattern: re.Pattern[str], text: str, pos: int, floor: int) -> int:
    """Where the sentence or clause holding `pos` begins."""
    window_start = max(floor, pos - 600)
    m = pattern.match(text, window_start, pos)
    return m.end() if m else window_start


def resolve(citations: list[Citation], issuer_key=None) -> None:
    """Link short and list forms to a full citation of the same document, and give every mention
    a ref_id ("r1", "r2", ... in order of first mention) shared by mentions of one document.

    A short form resolves when exactly one full identifier has its type and number; when several
    do, the issuer it names decides (compared with `issuer_key`, default: folded text)."""
    key_of = issuer_key or (lambda s: fold(s) if s else None)
    full = [c for c in citations if c.ident is not None]
    for cite in citations:
        if cite.ident is not None or cite.form == "law" or cite.number is None or cite.doc_type is None:
            continue
        candidates = {
            c.ident.identifier: c
            for c in full
            if c.doc_type is not None
            and c.doc_type.name == cite.doc_type.name
            and (c.ident.number or "").lstrip("0") == cite.number.lstrip("0")
        }
        if len(candidates) > 1 and cite.issuer:
            wanted = key_of(cite.issuer)
            candidates = {k: c for k, c in candidates.items() if c.issuer and key_of(c.issuer) == wanted}
        if len(candidates) == 1:
            match = next(iter(candidates.values()))
            cite.resolved = match.ident
            cite.date = cite.date or match.date
            cite.issuer = cite.issuer or match.issuer
    ids: dict[tuple, str] = {}
    for cite in citations:
        if cite.identifier:
            key: tuple = ("id", cite.identifier)
        elif cite.form == "law":
            key = ("law", fold(cite.name or ""))
        else:
            key = ("short", cite.doc_type.name if cite.doc_type else None, cite.number, key_of(cite.issuer))
        cite.ref_id = ids.setdefault(key, f"r{len(ids) + 1}")
