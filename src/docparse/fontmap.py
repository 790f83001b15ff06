"""Family 6: lossy broken PDF font maps ("phõn cụng" for "phân công").

One glyph stands for several letters (õ for â and á), so a damaged word has several readings.
A line is taken as damaged when it holds words no dictionary knows that a reading would fix;
each word with a confusable letter is then read as the candidate the dictionary's word pairs
and syllable frequencies favour, left to right. The result is a guess: steps say `lossy`.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from functools import cache
from importlib import resources

from .syllables import syllable_pairs, syllable_weights

_WORD = re.compile(r"[^\W\d_]+")
# Lines with fewer unknown damaged words than this are left alone.
_MIN_DAMAGED_WORDS = 2


@cache
def confusions() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(resources.files("docparse.data").joinpath("fontmaps.toml").read_text("utf-8"))
    return {k: tuple(v) for k, v in data["confusions"].items()}


@cache
def _confusable_any() -> re.Pattern[str]:
    letters = "".join(confusions())
    return re.compile("[" + letters + letters.upper() + "]")


@cache
def _confusable() -> re.Pattern[str]:
    return re.compile("[" + "".join(confusions()) + "]")


def _readings(word: str) -> list[str]:
    """Every reading of `word` the confusions allow, keeping the case of each letter."""
    table = confusions()
    options = []
    for ch in word:
        low = ch.lower()
        if low in table:
            options.append([c.upper() if ch.isupper() else c for c in table[low]])
        else:
            options.append([ch])
    if math.prod(len(o) for o in options) > 64:
        return [word]
    return ["".join(p) for p in itertools.product(*options)]


def _known(word: str) -> bool:
    return word.lower() in syllable_weights()


def fix_fontmap(text: str) -> list[tuple[int, int, str]]:
    if not _confusable().search(text):
        return []
    # Only lines with enough unknown words that carry a confusable letter are read again.
    unknown_per_line: dict[int, int] = {}
    seen_word_starts = set()
    for m in _confusable_any().finditer(text):
        start = end = m.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        if start in seen_word_starts:
            continue
        seen_word_starts.add(start)
        if not _known(text[start:end]):
            line_start = text.rfind("\n", 0, start) + 1
            unknown_per_line[line_start] = unknown_per_line.get(line_start, 0) + 1
    edits: list[tuple[int, int, str]] = []
    for line_start, count in unknown_per_line.items():
        if count >= _MIN_DAMAGED_WORDS:
            end = text.find("\n", line_start)
            line = text[line_start : end if end >= 0 else len(text)]
            edits.extend((line_start + s, line_start + e, w) for s, e, w in _fix_line(line))
    return edits


_SUSPECT = re.compile(r"[^\W\d_]*[õũụÕŨỤ][^\W\d_]*")


def _fix_line(line: str) -> list[tuple[int, int, str]]:
    # Cheap test first: enough words with a confusable letter that no dictionary knows.
    unknown = [w for w in _SUSPECT.findall(line) if not _known(w)]
    if len(unknown) < _MIN_DAMAGED_WORDS:
        return []
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(line)]
    damaged = [
        w for _, _, w in words if _confusable().search(w) and not _known(w) and any(_known(r) for r in _readings(w))
    ]
    if len(damaged) < _MIN_DAMAGED_WORDS:
        return []
    weights = syllable_weights()
    pairs = syllable_pairs()
    edits = []
    previous = ""
    for k, (start, end, word) in enumerate(words):
        if not _confusable().search(word):
            previous = word.lower()
            continue
        following = [r.lower() for r in _readings(words[k + 1][2])] if k + 1 < len(words) else []
        best, best_score = word, -1.0
        for reading in _readings(word):
            low = reading.lower()
            if not _known(low):
                continue
            score = math.log1p(weights.get(low, 0))
            score += 6.0 * ((previous, low) in pairs) + 6.0 * any((low, f) in pairs for f in following)
            if score > best_score:
                best, best_score = reading, score
        if best != word:
            edits.append((start, end, best))
        previous = best.lower()
    return edits
