"""Family 7: OCR damage in the words extraction relies on ("Sð:", "Nơi nhân:", "Thủ trướng").

Conservative by design: a word pair is repaired only when it is one letter or one set of marks
away from an anchor phrase of the lexicon, the pair itself is no dictionary word and the phrase
is; a line opening with a damaged "Số" or a capital line that is a damaged signer title is
repaired to the title it unambiguously matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .lexicon import class_first_pattern, lexicon
from .normalize import strip_diacritics
from .syllables import syllable_pairs

# "Sð:", "Sô:", "S6:" opening a line and followed by a number or a symbol.
_DAMAGED_NUMBER = re.compile(r"^(\s*[#*]*\s*)(S[ðđô6ổ]|So)(?=\s*[:.]?\s*\d*\s*/)", re.MULTILINE)
_DAMAGED_NUMBER_HINT = re.compile(r"S[ðđô6ổo]")


@cache
def _anchors() -> dict[str, list[tuple[str, str]]]:
    """Anchor phrases keyed by the bare (unmarked, lower-case) first word."""
    table: dict[str, list[tuple[str, str]]] = {}
    for phrase in lexicon()["ocr_anchors"]["phrases"]:
        first, second = phrase.lower().split(" ", 1)
        table.setdefault(strip_diacritics(first), []).append((first, second))
    return table


@cache
def _function_words() -> frozenset[str]:
    return frozenset(lexicon()["ocr_anchors"]["function_words"])


def _within_one(a: str, b: str) -> bool:
    """Levenshtein distance at most 1."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _with_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def fix_anchor_words(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    if _DAMAGED_NUMBER_HINT.search(text):  # a quick scan for the letters first
        for m in _DAMAGED_NUMBER.finditer(text):
            edits.append((m.start(2), m.end(2), "Số"))
    edits.extend(_fix_pairs(text))
    if "ủy" in text or "Ủy" in text or "ỦY" in text:
        edits.extend(_fix_committees(text))
    edits.extend(_fix_titles(text))
    edits.extend(_fix_digits(text))
    return edits


# "2O15", "l6/8/2016", "3l/01/2017", "1O/CT-UBND": a letter read for a digit inside a number, where
# a date or a document number is written (next to "/" or after "năm", "ngày", "tháng", "số").
_CONFUSED_NUMBER = re.compile(r"(?<![^\W_])(?=[OolI]*\d)(?=\d*[OolI])[\dOolI]{2,4}(?![^\W_])")
_NUMBER_BEFORE = re.compile(r"(?:năm|ngày|tháng|[Ss]ố\s*:?)\s+$|/$")
_DIGIT_FOR = str.maketrans("OolI", "0011")


_DIGIT_BESIDE_LETTER = re.compile(r"[OolI](?<=\d[OolI])|[OolI](?=\d)")  # (opens on the letter: a quick scan)


def _fix_digits(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    if not _DIGIT_BESIDE_LETTER.search(text):  # most texts: one quick scan
        return edits
    for m in _CONFUSED_NUMBER.finditer(text):
        after_slash = text.startswith("/", m.end()) and text[m.end() + 1 : m.end() + 2].isalnum()
        if after_slash or _NUMBER_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            edits.append((m.start(), m.end(), m.group(0).translate(_DIGIT_FOR)))
    return edits


@cache
def _committees() -> dict[str, str]:
    """Committee first words by their bare form ("tinh" → "tỉnh")."""
    firsts = (phrase.split(" ")[0].lower() for phrase in lexicon()["ocr_anchors"]["committees"])
    return {strip_diacritics(first): first for first in firsts}


# (the committee word first: a scan that opens on a literal skips ahead quickly)
_UY = re.compile(r" (?:ủy|Ủy|ỦY)(?![\w-])")
_WORD_BEFORE = re.compile(r"(?<![\w-])[^\W\d_]{2,6}$")


def _fix_committees(text: str) -> list[tuple[int, int, str]]:
    """ "Tinh ủy", "Huyên ủy": the first word of a committee with its marks damaged."""
    committees = _committees()
    pairs = syllable_pairs()
    edits = []
    for m in _UY.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 7), m.start())
        if before is None:
            continue
        word = before.group(0)
        first = committees.get(strip_diacritics(word.lower()))
        if first is None or word.lower() == first or (word.lower(), "ủy") in pairs:
            continue
        edits.append((before.start(), before.end(), _with_case(word, first)))
    return edits


@cache
def _first_words() -> re.Pattern[str]:
    # The first words as printed: capitalised in running text, in capitals in header lines ("ỦY BẠN").
    firsts = {first for pairs in _anchors().values() for first, _ in pairs}
    words = {*(f.capitalize() for f in firsts), *(f.upper() for f in firsts)}
    return re.compile("(" + class_first_pattern(words, not_after=r"[^\W\d_]") + r") ([^\W\d_]+)")


_NEXT_WORD = re.compile(r" ([^\W\d_]+)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+) $")


def _fix_pairs(text: str) -> list[tuple[int, int, str]]:
    anchors = _anchors()
    pairs = syllable_pairs()
    edits = []
    for m in _first_words().finditer(text):
        s1, e1, s2, e2 = m.start(1), m.end(1), m.start(2), m.end(2)
        w1, w2 = text[s1:e1], text[s2:e2]
        if (w1.lower(), w2.lower()) in pairs:
            continue
        if text.startswith(("  ", "\n"), e2) or text.startswith(" \n", e2):
            continue  # "Hội Nông" ending a table cell's line: its next word is on the next line
        following = _NEXT_WORD.match(text, e2)
        if following and (w2.lower(), following.group(1).lower()) in pairs:
            continue  # "Hội Nông dân": the second word belongs to the word after it, nothing is damaged
        before = _PREVIOUS_WORD.search(text, max(0, s1 - 12), s1)
        if before and (before.group(1).lower(), w1.lower()) in pairs:
            continue  # "ĐỊNH HƯỚNG ĐẾN": the first word belongs to the word before it
        for first, second in anchors[strip_diacritics(m.group(1).lower())]:
            # The first word intact and capitalised, as anchors are in running text ("Thủ
            # trướng Chính phủ", "Nơi nhân:"); the second one letter or its marks away.
            in_capitals = w1.isupper() and len(w1) > 1
            if w1.lower() != first or w2.lower() == second or not w1[:1].isupper():
                continue
            if in_capitals and not w2.isupper():
                continue  # "ỦY bạn": no line of capitals
            if not in_capitals and w2[:1].isupper() and second[:1].islower():
                continue  # "Báo Lào Cai": a capital after the first word opens a name, no damaged "cáo"
            if not _within_one(strip_diacritics(w2.lower()), strip_diacritics(second)):
                continue
            if w2.lower() in _function_words():
                continue  # "Lãnh đạo Bộ trong Quý IV": a word of its own, no damaged "trưởng"
            edits.append((s1, e1, _with_case(w1, first)))
            edits.append((s2, e2, _with_case(w2, second)))
            break
    return [e for e in edits if text[e[0] : e[1]] != e[2]]


_LONGEST_TITLE = 40
# Words up to a line end or a run of 3+ spaces (runs of other characters in one step: the
# engine then loops in C, not once per character).
_CELL = re.compile(r"[^\s](?:[^\n ]+| {1,2}(?=[^\s]))*")
_DIGIT = re.compile(r"\d")


def _cells(text: str) -> Iterator[tuple[int, str]]:
    """(start, text) of each match of _CELL in `text`, in order. Most lines are one cell: with
    no run of three spaces and no whitespace but spaces, a line's cell is the line without its
    outer spaces; only the other lines are scanned."""
    pos = 0
    for line in text.split("\n"):
        if "   " in line or not line.isprintable():  # isprintable: no tab or other space
            for m in _CELL.finditer(text, pos, pos + len(line)):
                yield m.start(), m.group(0)
        elif cell := line.strip(" "):
            yield pos + len(line) - len(line.lstrip(" ")), cell
        pos += len(line) + 1


@cache
def _bare_titles() -> dict[int, tuple[tuple[str, str], ...]]:
    """Titles and their unmarked forms, by word count (in the lexicon's order)."""
    from .lexicon import titles

    by_words: dict[int, list[tuple[str, str]]] = {}
    for t in titles():
        by_words.setdefault(len(t.split()), []).append((t, strip_diacritics(t)))
    return {words: tuple(group) for words, group in by_words.items()}


def _fix_titles(text: str) -> list[tuple[int, int, str]]:
    """A capital line that is a signer title with one letter or some marks damaged by OCR
    ("PHÓ CHŨ TỊCH", "CHỖ CHỮ TỊCH"); never an authority line ("KT. CHỦ TỊCH")."""
    from .extract.anchors import authority_prefix, title_of

    edits = []
    # A line, or a column of one (recipients and the signer side by side in OCR'd text).
    for line_start, line in _cells(text):
        if len(line) > 48 or not line.isupper():
            continue
        core = line.strip(" *#_|")
        if not core or len(core) > _LONGEST_TITLE + 1 or _DIGIT.search(core):
            continue
        if authority_prefix(core) is None and title_of(core, fuzzy=False) is None:
            bare = strip_diacritics(core)
            for title, title_bare in _bare_titles().get(len(core.split()), ()):
                if abs(len(bare) - len(title_bare)) <= 1 and _within_one(bare, title_bare):
                    start = line_start + line.index(core)
                    edits.append((start, start + len(core), title))
                    break
    return edits
