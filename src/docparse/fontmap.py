"""Family 6: lossy broken PDF font maps ("phõn cụng" for "phân công")."""

from __future__ import annotations


def fix_fontmap(text: str) -> list[tuple[int, int, str]]:
    return []
