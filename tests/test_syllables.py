from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from docparse.syllables import is_syllable, syllable_ratio

DATA = tomllib.loads(resources.files("docparse.data").joinpath("syllables.toml").read_text("utf-8"))


@pytest.mark.parametrize("word", DATA["examples"])
def test_valid(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", DATA["non_examples"])
def test_invalid(word):
    assert not is_syllable(word)


def test_every_word_of_clean_seed_text_is_valid_or_foreign():
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc Ủy ban nhân dân tỉnh Khánh Hòa"
    assert syllable_ratio(text) == (len(text.split()), len(text.split()))
