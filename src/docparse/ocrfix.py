"""Family 7: OCR damage in the words extraction relies on."""

from __future__ import annotations


def fix_anchor_words(text: str) -> list[tuple[int, int, str]]:
    return []
