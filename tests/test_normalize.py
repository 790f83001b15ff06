from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from docparse.normalize import match_form, normalize, strip_diacritics

CLEAN = "Khánh Hòa, ngày 05 tháng 8 năm 2021 — “chống dịch như chống giặc” ỦY BAN NHÂN DÂN"


def test_clean_text_is_returned_unchanged_with_identity_map():
    norm = normalize(CLEAN)
    assert norm.text == CLEAN
    assert norm.starts is None
    assert norm.to_source(3, 7) == (3, 7)


def test_eth_becomes_dj_and_nbsp_becomes_space():
    assert normalize("Ðộc lập\u00a0ð").text == "Độc lập đ"
    assert normalize("ngày 15 tháng 01 nǎm 2016, NǍM").text == "ngày 15 tháng 01 năm 2016, NĂM"


def test_decomposed_text_is_composed_and_mapped_back():
    source = unicodedata.normalize("NFD", "Sở Nội vụ")
    norm = normalize(source)
    assert norm.text == "Sở Nội vụ"
    start, end = norm.to_source(3, 9)  # "Nội vụ"
    assert unicodedata.normalize("NFC", source[start:end]) == "Nội vụ"


def test_crlf_soft_hyphen_and_zero_width_are_removed_with_offsets():
    source = "Số:\r\n108\u00ad/BC\u200b-HĐND"
    norm = normalize(source)
    assert norm.text == "Số:\n108/BC-HĐND"
    start, end = norm.to_source(4, len(norm.text))
    assert source[start:end] == "108\u00ad/BC\u200b-HĐND"


def test_match_form_unifies_old_tone_placement_but_not_qu():
    assert match_form("Hoà Bình, thuỷ lợi, UỶ BAN, khoẻ") == "Hòa Bình, thủy lợi, ỦY BAN, khỏe"
    assert match_form("quý, hoàng") == "quý, hoàng"


def test_strip_diacritics():
    assert strip_diacritics("Đồng chí Trần Mạnh Dũng") == "Dong chi Tran Manh Dung"


text_strategy = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\u0300\u0301\u0303\u0309\u0323\u00ad\u200b\r\n\u00a0Ððaăâeêoôơuưy")),
    ),
    max_size=200,
)


@given(text_strategy)
def test_normalize_never_raises_is_nfc_and_idempotent(text):
    norm = normalize(text)
    assert unicodedata.is_normalized("NFC", norm.text)
    assert normalize(norm.text).text == norm.text


@given(text_strategy, st.integers(0, 200), st.integers(0, 200))
def test_offset_map_stays_inside_source(text, a, b):
    norm = normalize(text)
    n = len(norm.text)
    start, end = sorted((min(a, n), min(b, n)))
    s, e = norm.to_source(start, end)
    assert 0 <= s <= e <= len(text)
