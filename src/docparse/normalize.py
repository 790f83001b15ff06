"""Repair/normalise stage: the text extraction sees, with an offset map back to the source.

Normalisation here is what every input needs: line ends to LF, NFC, Ð/ð → Đ/đ, ǎ → ă, no-break and
other exotic spaces to a plain space, zero-width characters and soft hyphens dropped,
full-width digits to ASCII. (Encoding repair of mojibake and legacy fonts is its own stage.)

Every character of the normalised text knows the source span it came from, so evidence found
in the normalised text is reported as offsets into the text the user gave.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Characters rewritten one for one (same length), so they need no map change. Tabs stay: they
# separate the cells of flattened tables and columns.
_ONE_FOR_ONE = str.maketrans(
    {
        "Ð": "Đ",  # U+00D0 Icelandic eth, a common stand-in for Đ
        "ð": "đ",
        "Ɖ": "Đ",  # U+0189 African D
        "ǎ": "ă",  # U+01CE a with caron, which OCR and some fonts give for a with breve ("nǎm")
        "Ǎ": "Ă",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u3000": " ",
        "\u000b": " ",
        "\u000c": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        **{chr(0xFF10 + d): str(d) for d in range(10)},  # full-width digits
    }
)
_TRANSLATED = re.compile("[" + re.escape("".join(chr(c) for c in _ONE_FOR_ONE)) + "]")


def _one_for_one(m: re.Match[str]) -> str:
    return _ONE_FOR_ONE[ord(m.group(0))]


_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Anything that needs more than a one-for-one rewrite: decomposed marks, CR, dropped characters.
_NEEDS_SLOW_PATH = re.compile(r"[\r\u0300-\u036f" + _DROPPED + "]")


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, for each of its characters, the source span it came from."""

    source: str
    text: str
    # starts[i], ends[i]: source span of text[i]; None when the map is the identity.
    starts: array | None = None
    ends: array | None = None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the span of the source it came from."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.text) else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def normalize(source: str) -> NormalizedText:
    """Normalise `source`; never raises, idempotent, returns NFC text."""
    # str.translate looks up every character: search first (fast), translate only if needed.
    translated = _TRANSLATED.sub(_one_for_one, source)
    if not _NEEDS_SLOW_PATH.search(translated) and unicodedata.is_normalized("NFC", translated):
        return NormalizedText(source=source, text=translated)
    return _normalize_by_line(source, translated)


def _normalize_by_line(source: str, translated: str) -> NormalizedText:
    """The slow path, only on the lines that need it; other lines map one to one."""
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    pos = 0
    for line in translated.splitlines(keepends=True):
        if _NEEDS_SLOW_PATH.search(line) or not unicodedata.is_normalized("NFC", line):
            part = _normalize_mapped(line, line)
            out.append(part.text)
            if part.starts is None or part.ends is None:
                starts.extend(range(pos, pos + len(line)))
                ends.extend(range(pos + 1, pos + len(line) + 1))
            else:
                starts.extend(s + pos for s in part.starts)
                ends.extend(e + pos for e in part.ends)
        else:
            out.append(line)
            starts.extend(range(pos, pos + len(line)))
            ends.extend(range(pos + 1, pos + len(line) + 1))
        pos += len(line)
    text = "".join(out)
    if not unicodedata.is_normalized("NFC", text):  # a mark starting a line joins the last one
        return _normalize_mapped(source, translated)
    return NormalizedText(source=source, text=text, starts=starts, ends=ends)


def _normalize_mapped(source: str, translated: str) -> NormalizedText:
    """Slow path: rebuild the text cluster by cluster, keeping the source span of each char."""
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    i = 0
    n = len(translated)
    while i < n:
        ch = translated[i]
        if ch in _DROPPED:
            i += 1
            continue
        if ch == "\r":
            # CRLF and lone CR both become one LF.
            j = i + 2 if i + 1 < n and translated[i + 1] == "\n" else i + 1
            out.append("\n")
            starts.append(i)
            ends.append(j)
            i = j
            continue
        # A cluster: one character and the combining marks (or dropped characters) after it.
        j = i + 1
        while j < n and (unicodedata.combining(translated[j]) or translated[j] in _DROPPED):
            j += 1
        cluster = "".join(c for c in translated[i:j] if c not in _DROPPED)
        composed = unicodedata.normalize("NFC", cluster).translate(_ONE_FOR_ONE)
        for c in composed:
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    text = "".join(out)
    # A cluster normalised on its own can still compose with a neighbour; fall back to an
    # approximate map in that rare case rather than return non-NFC text.
    if not unicodedata.is_normalized("NFC", text):
        text, starts, ends = _renormalize(text, starts, ends)
    return NormalizedText(source=source, text=text, starts=starts, ends=ends)


def _renormalize(text: str, starts: array, ends: array) -> tuple[str, array, array]:
    out: list[str] = []
    new_starts = array("l")
    new_ends = array("l")
    for i, ch in enumerate(text):
        if unicodedata.combining(ch) and out:
            merged = unicodedata.normalize("NFC", out[-1] + ch)
            if len(merged) == 1:
                out[-1] = merged
                new_ends[-1] = ends[i]
                continue
        out.append(ch)
        new_starts.append(starts[i])
        new_ends.append(ends[i])
    return unicodedata.normalize("NFC", "".join(out)), new_starts, new_ends


def match_form(text: str) -> str:
    """The form used for matching: NFC, Ð→Đ, old tone placement unified (hoà → hòa)."""
    text = _TRANSLATED.sub(_one_for_one, unicodedata.normalize("NFC", text))  # faster than translate
    return _OLD_TONES.sub(_new_tone_placement, text)


def _strip_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code) and len(base) == 1:
            table[code] = base
    for code in range(0x300, 0x370):
        table[code] = None  # stray combining marks
    return table


_STRIP_TABLE = _strip_table()


def strip_diacritics(text: str) -> str:
    """Vietnamese without marks, for fuzzy comparison of damaged words."""
    return text.translate(_STRIP_TABLE)


# Old-style tone placement ("hoà", "thuỷ", "uỷ") mapped to the new style for matching only.
_OLD_TONE_MAP: dict[str, str] = {}
_VOWEL_TONES = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_O_TONES = "òóỏõọ"
_U_TONES = "ùúủũụ"
for _idx in range(5):
    for _base in ("a", "e"):
        # "oà" → "òa", "oè" → "òe"
        _OLD_TONE_MAP["o" + _VOWEL_TONES[_base][_idx]] = _O_TONES[_idx] + _base
        _OLD_TONE_MAP["O" + _VOWEL_TONES[_base][_idx].upper()] = _O_TONES[_idx].upper() + _base.upper()
        _OLD_TONE_MAP["O" + _VOWEL_TONES[_base][_idx]] = _O_TONES[_idx].upper() + _base  # "Oà" opening a name
    # "uỷ" → "ủy", and "Uỷ ban" as a name starts
    _OLD_TONE_MAP["u" + _VOWEL_TONES["y"][_idx]] = _U_TONES[_idx] + "y"
    _OLD_TONE_MAP["U" + _VOWEL_TONES["y"][_idx].upper()] = _U_TONES[_idx].upper() + "Y"
    _OLD_TONE_MAP["U" + _VOWEL_TONES["y"][_idx]] = _U_TONES[_idx].upper() + "y"
# Not after "q": in "quý" the u belongs to the consonant and the tone is already on the y.
# Written to start with a character class, so the engine skips to the next o or u: it also
# matches a few pairs the map lacks ("uà"), which `_new_tone_placement` leaves as they are.
_OLD_TONES = re.compile(r"[oOuU](?<![qQ].)[" + "".join(sorted({pair[1] for pair in _OLD_TONE_MAP})) + r"](?![^\W\d_])")


def _new_tone_placement(m: re.Match[str]) -> str:
    return _OLD_TONE_MAP.get(m.group(0), m.group(0))
