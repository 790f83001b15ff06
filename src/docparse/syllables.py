"""Is this a valid Vietnamese syllable? Orthographic phonotactics: onset + rhyme + one tone.

Used by repair to decide, by content, whether text reads as Vietnamese before and after a
candidate conversion. The rhyme and onset tables are data (data/syllables.toml).
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

# Tone marks as combining characters (NFD): huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _tables() -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads(resources.files("docparse.data").joinpath("syllables.toml").read_text("utf-8"))
    rhymes = frozenset(r for line in data["rhymes"] for r in line.split())
    onsets = frozenset(data["onsets"])
    return onsets, rhymes


def split_tone(syllable: str) -> tuple[str, str | None, int, int]:
    """(toneless NFC syllable, tone name or None, number of tone marks, index of the toned letter)."""
    base: list[str] = []
    tone = None
    count = 0
    position = -1
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONES:
            tone = _TONES[ch]
            count += 1
            position = sum(1 for c in base if not unicodedata.combining(c)) - 1
        else:
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)), tone, count, position


_VOWELS = set("aăâeêioôơuưy")
# Open two-vowel clusters that take the tone on either vowel (old and new placement).
_EITHER = {"oa", "oe", "uy", "uê", "uơ"}
# c, g, ng are written k, gh, ngh before front vowels.
_FRONT = ("i", "e", "ê", "y")


@cache
def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable in any case ("Việt", "NGHĨA", "gì", "quý")."""
    if not word or len(word) > 8:
        return False
    base, tone, count, position = split_tone(word.lower())
    if count > 1 or not base.isalpha():
        return False
    onsets, rhymes = _tables()
    for onset in _onset_candidates(base, onsets):
        rhyme = base[len(onset) :]
        if not _spelling_fits(onset, rhyme):
            continue
        # "gì", "gìn", "giêng": the i of gi doubles as the vowel.
        variants = (rhyme, "i" + rhyme) if onset == "gi" else (rhyme,)
        for r in variants:
            if (
                r in rhymes
                and _tone_fits(r, tone)
                and _tone_placed(r, tone, position - len(onset) + (len(r) - len(rhyme)))
            ):
                return True
    return False


def _spelling_fits(onset: str, rhyme: str) -> bool:
    front = rhyme.startswith(_FRONT)
    if onset in ("c", "g", "ng") and front:
        return False
    return not (onset in ("k", "gh", "ngh") and not front)


def _tone_placed(rhyme: str, tone: str | None, at: int) -> bool:
    """The tone sits on the vowel the spelling puts it on (either one for oa, oe, uy)."""
    if tone is None:
        return True
    cluster = ""
    for ch in rhyme:
        if ch not in _VOWELS:
            break
        cluster += ch
    if not cluster or at < 0 or at >= len(cluster):
        return False
    has_coda = len(cluster) < len(rhyme)
    if len(cluster) == 1:
        return at == 0
    if has_coda:
        return at == len(cluster) - 1 or (cluster in _EITHER and at == 0)
    if len(cluster) == 2:
        return at == 0 or cluster in _EITHER
    return at == 1


def _onset_candidates(base: str, onsets: frozenset[str]) -> list[str]:
    found = [o for o in onsets if base.startswith(o)]
    return sorted(found, key=len, reverse=True) + ([""] if "" not in found else [])


def _tone_fits(rhyme: str, tone: str | None) -> bool:
    # Checked syllables (-c, -ch, -p, -t) take only sắc or nặng.
    if rhyme.endswith(("c", "ch", "p", "t")):
        return tone in ("sac", "nang")
    return True


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def syllable_ratio(text: str) -> tuple[int, int]:
    """(valid syllables, words with letters) in `text`."""
    found = words(text)
    return sum(1 for w in found if is_syllable(w)), len(found)


# --- the word list (Viet74K, derived by scripts/build_wordlist.py) ---------------------------


@cache
def word_entries() -> frozenset[str]:
    """Dictionary entries, lower case: "báo cáo", "công tác", "thời gian"."""
    import gzip

    data = resources.files("docparse.data").joinpath("vietnamese_words.txt.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def syllable_weights() -> dict[str, int]:
    """How many dictionary entries each syllable occurs in: a proxy for how common it is."""
    weights: dict[str, int] = {}
    for entry in word_entries():
        for syllable in entry.split(" "):
            weights[syllable] = weights.get(syllable, 0) + 1
    return weights


@cache
def syllable_pairs() -> frozenset[tuple[str, str]]:
    """Adjacent syllables inside dictionary entries ("công", "tác")."""
    pairs = set()
    for entry in word_entries():
        parts = entry.split(" ")
        pairs.update(itertools.pairwise(parts))
    return frozenset(pairs)
