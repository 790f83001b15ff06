from __future__ import annotations

import pytest

from docparse.extract.identifier import find_identifiers, parse_identifier


@pytest.mark.parametrize(
    ("text", "number", "symbol", "year", "identifier", "code"),
    [
        ("108/BC-HĐND", "108", "BC-HĐND", None, "108/BC-HĐND", "BC"),
        ("108 /BC-HĐND", "108", "BC-HĐND", None, "108/BC-HĐND", "BC"),
        ("30/2020/NĐ-CP", "30", "NĐ-CP", 2020, "30/2020/NĐ-CP", "NĐ"),
        ("04/1998/QH10", "04", "QH10", 1998, "04/1998/QH10", None),
        ("3206/UBND-KGVX", "3206", "UBND-KGVX", None, "3206/UBND-KGVX", None),
        ("41-KL/TU", "41", "KL/TU", None, "41-KL/TU", "KL"),
        ("144/2002/QĐ/BTC", "144", "QĐ/BTC", 2002, "144/2002/QĐ/BTC", "QĐ"),
        ("60 TC/CĐKT", "60", "TC/CĐKT", None, "60 TC/CĐKT", None),
        ("178/CP", "178", "CP", None, "178/CP", None),
        ("680/CD-TTg", "680", "CĐ-TTg", None, "680/CĐ-TTg", "CĐ"),
        ("3473 / KH-UBND", "3473", "KH-UBND", None, "3473/KH-UBND", "KH"),
        ("1254/PC08-ĐKX", "1254", "PC08-ĐKX", None, "1254/PC08-ĐKX", None),
        ("112/KH-BCĐTƯATTP", "112", "KH-BCĐTƯATTP", None, "112/KH-BCĐTƯATTP", "KH"),
        ("68/QĐ-UBND.HC", "68", "QĐ-UBND.HC", None, "68/QĐ-UBND.HC", "QĐ"),
        ("45/BC-UBND.Theo", "45", "BC-UBND", None, "45/BC-UBND", "BC"),
    ],
)
def test_symbol_grammars(text, number, symbol, year, identifier, code):
    ident = parse_identifier(text, 0)
    assert ident is not None
    assert (ident.number, ident.symbol, ident.year, ident.identifier) == (number, symbol, year, identifier)
    assert ident.type_code == code


def test_blank_number_is_allowed_only_when_asked():
    assert parse_identifier("/BC-SNV", 0) is None
    ident = parse_identifier("/BC-SNV", 0, require_number=False)
    assert ident is not None and ident.number is None and ident.identifier == "/BC-SNV"


@pytest.mark.parametrize("text", ["ngày 01/7/2021", "COVID-19", "SARS-CoV-2", "nhiệm kỳ 2021- 2016", "2/9", "F0/F1"])
def test_non_identifiers(text):
    assert find_identifiers(text) == []


def test_find_identifiers_in_a_sentence():
    found = find_identifiers("theo Nghị quyết số 68/NQ-CP, ngày 01/7/2021 và Kết luận 41-KL/TU")
    assert [f.identifier for f in found] == ["68/NQ-CP", "41-KL/TU"]
