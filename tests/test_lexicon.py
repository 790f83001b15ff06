"""The pattern builders: a faster form of a pattern must match exactly what the plain form does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from docparse.lexicon import class_first_pattern, trie_pattern

WORDS = ("UBND", "UB", "U", "BCA", "BYT", "Sở", "SXD", "Đ", "ĐTN", "HĐND")
LETTERS = "UBNDCAYTSởXĐHđ /&-\nxa"


def _plain(words, not_after: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!{not_after})(?:{trie_pattern(words)})(?![\w/&-])")


def _class_first(words, not_after: str) -> re.Pattern[str]:
    return re.compile(class_first_pattern(words, not_after=not_after) + r"(?![\w/&-])")


def test_class_first_pattern_finds_the_words_with_their_spans():
    pattern = _class_first(WORDS, r"[\w/&-]")
    text = "UBND tỉnh, BCA và HĐND; xUBND, UB-U, Sở: Đ ĐTN"
    assert [(m.group(0), m.start()) for m in pattern.finditer(text)] == [
        ("UBND", 0),
        ("BCA", 11),
        ("HĐND", 18),
        ("Sở", 37),
        ("Đ", 41),
        ("ĐTN", 43),
    ]


def test_class_first_pattern_reads_before_the_search_start():
    # The look-behind sees the character before `pos`, as the plain pattern's does.
    pattern = _class_first(WORDS, r"[\w/&-]")
    assert [m.group(0) for m in pattern.finditer("xUBND UB", 1)] == ["UB"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=LETTERS, max_size=60), pos=st.integers(0, 5))
def test_class_first_pattern_matches_as_the_plain_pattern(text, pos):
    for not_after in (r"[\w/&-]", r"[^\W\d_]"):
        plain, fast = _plain(WORDS, not_after), _class_first(WORDS, not_after)
        assert [m.span() for m in fast.finditer(text, pos)] == [m.span() for m in plain.finditer(text, pos)]
