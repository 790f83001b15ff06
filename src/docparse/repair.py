"""Repair stage: fix mojibake, legacy encodings, broken font maps and OCR damage, never
harming clean text; then normalise (NFC, Đ, spaces).

Each fixer finds runs of damaged text by content — the share of valid Vietnamese syllables
before and after a candidate conversion — and returns edits; edits are applied with an
offset map, so every character of the result knows the span of the input it came from.
`repair_text(text).steps` says what was done: kind, count, and whether information may have
been lost (a guess among several readings).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .encodings import UNDEFINED_CP1252, cp1252_byte, decoder, legacy_chars
from .normalize import NormalizedText, normalize
from .syllables import is_syllable, syllable_pairs, syllable_weights

LEGACY = ("tcvn3", "vni_windows", "viscii", "vps", "cp1258")


def _vietnamese_letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            letters.add(unicodedata.normalize("NFC", base + tone))
    return frozenset(letters | {c.upper() for c in letters})


_VN_LETTERS = _vietnamese_letters()
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class RepairStep:
    kind: str
    count: int
    lossy: bool = False


@dataclass(frozen=True)
class RepairedText(NormalizedText):
    steps: tuple[RepairStep, ...] = field(default=())


def repair_text(text: str, *, hint: str | None = None) -> RepairedText:
    """Repair and normalise `text`; never raises, idempotent, returns NFC.

    `hint` names a legacy encoding the source declares (a PDF font such as .VnTime → "tcvn3",
    VNI-Times → "vni_windows"); content still decides, the hint only breaks ties.
    """
    state = _State(text)
    # A repair can reveal more to repair (normalising a no-break space splits a token): passes
    # run until nothing changes, which makes repair idempotent. Clean text takes one pass.
    for _ in range(3):
        before, done = state.text, len(state.steps)
        _one_pass(state, hint)
        repaired = any(step.kind != "normalize" for step in state.steps[done:])
        if state.text == before or not (repaired or _MOJIBAKE.search(state.text)):
            break
    return state.result()


def _one_pass(state: _State, hint: str | None) -> None:
    state.compose()
    state.apply("utf8_mojibake", _fix_mojibake(state.text))
    edits, counts = _fix_legacy(state.text, hint)
    for kind, count in counts.items():
        state.steps.append(RepairStep(kind, count))
    state.apply(None, edits)
    state.normalize()
    lossy = _fix_lossy_fontmap(state.text)
    state.apply("broken_font_map", lossy, lossy=True)
    state.apply("ocr_anchor_words", _fix_ocr_anchors(state.text))


# --- offsets ---------------------------------------------------------------------------------


class _State:
    """The text after each step, with the map from its characters to source spans."""

    def __init__(self, source: str):
        self.source = source
        self.text = source
        self.starts: array | None = None
        self.ends: array | None = None
        self.steps: list[RepairStep] = []

    def apply(self, kind: str | None, edits: list[Edit], *, lossy: bool = False) -> None:
        edits = [e for e in edits if self.text[e[0] : e[1]] != e[2]]
        if not edits:
            return
        if kind is not None:
            self.steps.append(RepairStep(kind, len(edits), lossy))
        out: list[str] = []
        starts = array("l")
        ends = array("l")
        pos = 0
        for start, end, replacement in sorted(edits):
            if start < pos:
                continue  # overlapping edit: the first one wins
            starts.extend(range(pos, start))  # untouched characters map one to one
            ends.extend(range(pos + 1, start + 1))
            out.append(self.text[pos:start])
            starts.extend([start] * len(replacement))
            ends.extend([end] * len(replacement))
            out.append(replacement)
            pos = end
        starts.extend(range(pos, len(self.text)))
        ends.extend(range(pos + 1, len(self.text) + 1))
        out.append(self.text[pos:])
        self._compose("".join(out), starts, ends)

    def compose(self) -> None:
        """NFC only, before the encoding fixers look at letters (they need Ð and soft hyphens
        as they are: TCVN3 uses them for é and ư)."""
        if unicodedata.is_normalized("NFC", self.text):
            return
        edits = []
        for m in re.finditer(r"[^\u0300-\u036f][\u0300-\u036f]+", self.text):
            composed = unicodedata.normalize("NFC", m.group(0))
            if composed != m.group(0):
                edits.append((m.start(), m.end(), composed))
        self.apply(None, edits)

    def normalize(self) -> None:
        norm = normalize(self.text)
        changed = norm.text != self.text
        if norm.starts is not None and norm.ends is not None:
            self._compose(norm.text, norm.starts, norm.ends)
        elif changed:
            self.text = norm.text
        if changed:
            self.steps.append(RepairStep("normalize", 1))

    def _compose(self, text: str, starts: array, ends: array) -> None:
        if self.starts is not None and self.ends is not None:
            prev_starts, prev_ends = self.starts, self.ends
            n = len(prev_starts)
            starts = array("l", (prev_starts[s] if s < n else len(self.source) for s in starts))
            ends = array(
                "l",
                (
                    prev_ends[e - 1] if e > 0 and e - 1 < n else (prev_starts[e] if e < n else len(self.source))
                    for e in ends
                ),
            )
        self.text, self.starts, self.ends = text, starts, ends

    def result(self) -> RepairedText:
        merged: dict[str, RepairStep] = {}
        for step in self.steps:  # passes repeat kinds: one step per kind
            seen = merged.get(step.kind)
            merged[step.kind] = (
                step if seen is None else RepairStep(step.kind, seen.count + step.count, seen.lossy or step.lossy)
            )
        steps = tuple(merged.values())
        return RepairedText(source=self.source, text=self.text, starts=self.starts, ends=self.ends, steps=steps)


# --- family 1: UTF-8 read as Windows-1252 / latin-1 -------------------------------------------

# Continuation bytes 80–BF as Windows-1252 (or sloppy latin-1) shows them.
_CONT = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# A UTF-8 lead byte shown as Ã Ä Å Æ á (and Â for NBSP) followed by a continuation byte; or
# "Ä"/"á»"/"áº" whose continuation byte was one cp1252 leaves undefined, lost in copying (º and
# » are continuation bytes themselves, so one class pair covers both; a pattern that opens on a
# character class lets the engine skip ahead).
_MOJIBAKE = re.compile(rf"[\u00c2-\u00c6\u00e1\u00e2][{_CONT}\ufffd]")
_TOKEN = re.compile(r"[^ \t\n\r\x0b\x0c\x1c-\x1e\u2028\u2029]+")


# A lead byte whose continuation was lost: only suspect on a line that has mojibake, since a
# clean "XÃ" is a letter (in mojibake text a real "Ã" would itself read "Ãƒ").
_LONE_LEAD = re.compile(rf"[\u00c3-\u00c6](?![{_CONT}])|\u00e1[\u00ba\u00bb](?![{_CONT}])")


def _fix_mojibake(text: str) -> list[Edit]:
    if not _MOJIBAKE.search(text):
        return []
    edits: list[Edit] = []
    suspect_lines = {i for i, line in enumerate(text.split("\n")) if _MOJIBAKE.search(line)}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    tokens = list(_TOKEN.finditer(text))
    previous = ""
    for k, m in enumerate(tokens):
        token = m.group(0)
        line = _line_index(line_starts, m.start())
        strong = bool(_MOJIBAKE.search(token))
        if not (strong or (line in suspect_lines and _LONE_LEAD.search(token))):
            continue
        fixed = token
        following = _plain_decode(tokens[k + 1].group(0)) if k + 1 < len(tokens) else ""
        for _ in range(2):  # once, or twice for text encoded twice
            again = _unmojibake(fixed, previous, following)
            if again is None or again == fixed:
                break
            fixed = again
            if not _MOJIBAKE.search(fixed):
                break
        end = m.end()
        if fixed == token and token[-1] in "ÃÄÅÆ" and text[end : end + 1] == " ":
            # "là" is C3 A0: the A0 (no-break space) became a plain space.
            again = _unmojibake(token + "\u00a0")
            if again is not None and again != token + "\u00a0":
                fixed, end = again, end + 1
        # A reading left with control characters is not text a person wrote (they are fine
        # midway through undoing a double encoding).
        readable = not _CONTROL.search(fixed)
        if fixed != token and readable and (strong or _vietnamese_score(fixed) > _vietnamese_score(token)):
            edits.append((m.start(), end, fixed))
        previous = fixed
    return edits


def _plain_decode(token: str) -> str:
    """A neighbour token read without guessing, for context."""
    try:
        return bytes(cp1252_byte(c) or 0x3F for c in token).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return token


def _line_index(line_starts: list[int], pos: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, pos) - 1


def _unmojibake(token: str, previous: str = "", following: str = "") -> str | None:
    raw = bytearray()
    for ch in token:
        if ch == "\ufffd":
            continue  # a byte the copy could not show: recovered below like a lost one
        b = cp1252_byte(ch)
        if b is None:
            return None
        raw.append(b)
    candidates = _decode_recovering(bytes(raw), 2)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    pairs = syllable_pairs()
    left = _last_word(previous)
    right = _first_word(following)

    def score(text: str) -> tuple[int, int, float, int]:
        valid, common, plain = _vietnamese_score(text)
        word = _first_word(text)
        context = ((left, word) in pairs) + ((_last_word(text), right) in pairs)
        return valid, context, common, plain

    return max(candidates, key=score)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _first_word(text: str) -> str:
    m = re.search(r"[^\W\d_]+", text)
    return m.group(0).lower() if m else ""


def _last_word(text: str) -> str:
    found = re.findall(r"[^\W\d_]+", text)
    return found[-1].lower() if found else ""


def _decode_recovering(raw: bytes, budget: int) -> list[str]:
    """UTF-8 decodings of `raw`, re-inserting up to `budget` bytes that copying lost."""
    try:
        return [raw.decode("utf-8")]
    except UnicodeDecodeError as exc:
        if budget == 0:
            return []
        at = exc.start
        lead = raw[at]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 0
        if size == 0:
            return []
        # The first byte of the sequence that is not a continuation byte: insert before it.
        j = at + 1
        while j < at + size and j < len(raw) and 0x80 <= raw[j] <= 0xBF:
            j += 1
        results: list[str] = []
        for b in UNDEFINED_CP1252:
            results.extend(_decode_recovering(raw[:j] + bytes([b]) + raw[j:], budget - 1))
        return results


def _vietnamese_score(text: str) -> tuple[int, float, int]:
    """How well `text` reads as Vietnamese: valid syllables, then how common they are, then
    how many of its characters are Vietnamese letters or plain punctuation."""
    words = re.findall(r"[^\W\d_]+", text)
    weights = syllable_weights()
    common = sum(math.log1p(weights.get(w.lower(), 0)) for w in words)
    plain = sum(1 for c in text if c in _VN_LETTERS or c.isdigit() or c in " .,;:-/()&")
    return sum(1 for w in words if is_syllable(w)), common, plain


# --- families 2 and 3: legacy 8-bit encodings shown as Windows-1252 ---------------------------

_ALL_LEGACY = frozenset().union(*(legacy_chars(name) for name in LEGACY))
# Characters of legacy surfaces that clean Vietnamese text does not use (typography aside),
# and a vowel followed by a cp1258 tone byte: a line without either needs no legacy check.
_TYPOGRAPHY = set("\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022\u00a0\u00ad")
_ALIEN = sorted(_ALL_LEGACY - _VN_LETTERS - _TYPOGRAPHY)
# Per encoding: its characters clean text lacks (a line without them cannot show it).
_ALIEN_OF = {
    name: re.compile("[" + re.escape("".join(sorted(legacy_chars(name) - _VN_LETTERS - _TYPOGRAPHY))) + "]|$^")
    for name in LEGACY
}
_ALIEN_OF["cp1258"] = re.compile(_ALIEN_OF["cp1258"].pattern + "|[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY][ìòÌÒ]")
_ALIEN_RE = re.compile("[" + re.escape("".join(_ALIEN)) + "]")
_LEGACY_HINT = re.compile("[" + re.escape("".join(_ALIEN)) + "]|[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY][ìòÌÒ]")
# Its second half alone, opening on the rarer character, for a quick test of a whole text.
_CP1258_TONE = re.compile("[ìòÌÒ](?<=[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY].)")
_EDGE_PUNCT = " \t.,;:!?\"'()[]{}*_"
# Punctuation a clean word may carry; some of it is letters in legacy surfaces (« is ô in
# TCVN3, “ is a capital in VISCII), so it is stripped only to test a word, never to cut tokens.
_WORD_EDGES = _EDGE_PUNCT + "“”‘’«»…/-–—"
# Tokens for the encoding fixers: no spaces, no markup (table pipes, <br>, bold marks).
_LEGACY_TOKEN = re.compile(r"[^\s|<>*#\[\]]+")
_VIQR_MARK = re.compile(r"[AEIOUYaeiouy][\^(+]|[AEIOUYaeiouy][\^(+]?['`?~.](?=[\w\s,;:!?)\]\"'.]|$)|[Dd][Dd]")
# Marks that plain text does not have: a quality mark after a vowel, a tone mark inside a word,
# "dd" opening a word. A line needs two of them to be read as VIQR.
# Written as one character class first, so the engine skips to the next vowel or d; the
# look-behinds then pick the branch: [vowel][\^(+] | [vowel]['`?~.](?=[A-Za-z]) | \b[Dd][Dd](?=[vowel]).
_VIQR_STRONG = re.compile(
    r"[AEIOUYaeiouyDd](?:(?<=[AEIOUYaeiouy])(?:[\^(+]|['`?~.](?=[A-Za-z]))|(?<=[Dd])(?<!\w[Dd])[Dd](?=[AEIOUYaeiouy]))"
)


def _fix_legacy(text: str, hint: str | None) -> tuple[list[Edit], dict[str, int]]:
    """Find the document's legacy encoding from the lines that show it unmistakably, then
    convert, run by run, every line that carries its characters."""
    if not (_ALIEN_RE.search(text) or _CP1258_TONE.search(text) or _VIQR_STRONG.search(text)):
        return [], {}  # the common case: no line shows a legacy encoding
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    # Lines where a character clean text lacks touches a letter: a lone "©" or "»" is a symbol.
    alien = sorted(
        {
            bisect.bisect_right(starts, m.start()) - 1
            for m in _LEGACY_HINT.finditer(text)
            if text[m.start() - 1 : m.start()].isalpha() or text[m.end() : m.end() + 1].isalpha()
        }
    )
    strong: dict[int, int] = {}
    for m in _VIQR_STRONG.finditer(text):
        index = bisect.bisect_right(starts, m.start()) - 1
        strong[index] = strong.get(index, 0) + 1
    viqr = sorted(i for i, n in strong.items() if n >= 2)
    if not alien and not viqr:
        return [], {}
    alien_set, viqr_set = set(alien), set(viqr)
    # Evidence line by line, until one encoding clearly leads (a legacy document shows it in
    # its first lines; the rest need not be tried in every encoding).
    results: dict[tuple[int, str], tuple[int, list[tuple[int, int, str]]]] = {}
    evidence = dict.fromkeys((*LEGACY, "viqr"), 0)
    for i in sorted(set(alien) | set(viqr)):
        names = [n for n in LEGACY if i in alien_set and _ALIEN_OF[n].search(lines[i])]
        names += ["viqr"] if i in viqr_set else []
        for name in names:
            results[(i, name)] = _convert_runs(lines[i], name)
            evidence[name] += results[(i, name)][0]
        first, second = sorted(evidence.values(), reverse=True)[:2]
        if first >= _CLEAR_LEAD and first >= 3 * second:
            break
    chosen = max(evidence, key=lambda name: (evidence[name], name == hint))
    document_encoding = chosen if evidence[chosen] >= _DOCUMENT_EVIDENCE else None
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    edits: list[Edit] = []
    counts: dict[str, int] = {}
    if document_encoding is not None:
        chars = legacy_chars(document_encoding)
        # A TCVN3 document without a single soft hyphen lost its ư (byte AD) in copying.
        lost_u = document_encoding == "tcvn3" and "\u00ad" not in text
        for i, line in enumerate(lines):
            carries = bool(_VIQR_MARK.search(line)) if document_encoding == "viqr" else any(c in chars for c in line)
            if carries or lost_u:  # plain lines too may have lost their ư
                _, converted = _convert_runs(line, document_encoding, prior=True, lost_u=lost_u)
                _add_line_edits(edits, counts, lines, i, offsets[i], document_encoding, converted)
    else:
        for i in sorted(set(alien) | set(viqr)):
            name, converted = _best_encoding(i, results, hint)
            if name:
                _add_line_edits(edits, counts, lines, i, offsets[i], name, converted)
    return edits, counts


# Runs that must convert before a whole document is taken to be in a legacy encoding, and the
# evidence after which the other encodings need not be tried.
_DOCUMENT_EVIDENCE = 3
_CLEAR_LEAD = 15


def _add_line_edits(
    edits: list[Edit],
    counts: dict[str, int],
    lines: list[str],
    index: int,
    offset: int,
    name: str,
    converted: list[tuple[int, int, str]],
) -> None:
    if not converted:
        return
    if name == "tcvn3":
        converted = _restore_capitals(lines, index, converted)
        # The next line is judged against this one as converted ("Chương I" over a heading).
        lines[index] = _rebuild(lines[index], converted)
    edits.extend((offset + s, offset + e, t) for s, e, t in converted)
    counts[name] = counts.get(name, 0) + len(converted)


def _best_encoding(
    index: int, results: dict[tuple[int, str], tuple[int, list[tuple[int, int, str]]]], hint: str | None
) -> tuple[str, list[tuple[int, int, str]]]:
    """For a document with no overall legacy encoding: a line converts on its own only with
    two words of evidence (one stray "¹" is not a VISCII "Ạ")."""
    best: tuple[int, str, list[tuple[int, int, str]]] | None = None
    for name in (*LEGACY, "viqr"):
        if (index, name) not in results:
            continue
        score, converted = results[(index, name)]
        score += name == hint
        if converted and score >= 2 and (best is None or score > best[0]):
            best = (score, name, converted)
    return (best[1], best[2]) if best else ("", [])


@lru_cache(maxsize=4096)  # a line is tokenised for each encoding it is tried in
def _tokens(line: str, keep_marks: bool) -> tuple[tuple[int, int, str], ...]:
    found = []
    for m in _LEGACY_TOKEN.finditer(line):
        start, end = m.start(), m.end()
        if not keep_marks:
            while start < end and line[start] in _EDGE_PUNCT:
                start += 1
            while end > start and line[end - 1] in _EDGE_PUNCT and line[end - 1] != "\u00ad":
                end -= 1
        if start < end:
            found.append((start, end, line[start:end]))
    return tuple(found)


_ACRONYM = re.compile(r"[A-ZĐ]{1,8}|[A-ZĐ][A-ZĐa-z]{1,6}")  # HĐND, UBND, TTg, CTr
_WORDLIKE = re.compile(r"[^\W_]+(?:[-/.&:,;][^\W_]+)*")


@lru_cache(maxsize=8192)  # a pure function of the token; documents repeat their words a lot
def _reads_as_vietnamese(token: str) -> bool:
    """What a clean Unicode word looks like: letters and digits (joined by - / . &), each
    word a valid syllable or an acronym ("HĐND"), no character clean text never has."""
    core = unicodedata.normalize("NFC", token.strip(_WORD_EDGES))
    if not _WORDLIKE.fullmatch(core) or _ALIEN_RE.search(core):
        return False
    words = re.findall(r"[^\W\d_]+", core)
    # A capital after a small letter ("tÌnh") is a legacy code, not a Vietnamese word.
    return bool(words) and all((is_syllable(w) and not _inner_capital(w)) or _ACRONYM.fullmatch(w) for w in words)


def _inner_capital(word: str) -> bool:
    if word[1:].islower():
        return False  # no capital after the first letter (the common case, decided in C)
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


def _convert_runs(
    line: str, name: str, *, prior: bool = False, lost_u: bool = False
) -> tuple[int, list[tuple[int, int, str]]]:
    """(evidence, conversions) for one encoding on one line.

    A run is a stretch of tokens that carry the encoding's characters (plain ASCII words may
    sit between them); a Unicode word with other characters ends it, so Unicode inside legacy
    text is left alone. A run converts when its words that do not read as Vietnamese mostly
    do after conversion — or, `prior` (the document is known to be in this encoding), when it
    has such words and all of them convert to Vietnamese. Evidence counts the words gained."""
    viqr = name == "viqr"
    chars = legacy_chars(name)
    decode = decoder(name)
    runs: list[list[tuple[int, int, str]]] = [[]]
    tokens = _tokens(line, keep_marks=viqr)
    preceding = {start: tokens[k - 1][2] if k else "" for k, (start, _, _) in enumerate(tokens)}
    for start, end, token in tokens:
        # A token needs a letter to be a word of the encoding: a lone "»" or "©" is punctuation
        # (in a document known to be in the encoding, a lone "·" may be VISCII's "ở").
        # A word may also be all symbols in the surface: TCVN3 "®·" is "đã".
        has_letter = any(map(str.isalpha, token)) or (
            (len(token) >= 2 or prior) and sum(map(str.isalpha, decode(token))) >= min(2, len(token))
        )
        marked = has_letter and (bool(_VIQR_MARK.search(token)) if viqr else not chars.isdisjoint(token))
        # Where TCVN3's ư was lost, a plain word may be one that had it ("nh" for "như").
        marked = (
            marked
            or (
                lost_u
                and token.isascii()
                and token.isalpha()
                and len(token) <= 5
                and not (len(token) > 1 and token.isupper())
                and token not in "IVXLCDM"  # a Roman numeral
                and line[end : end + 1] not in (")", ".")  # "b)" is a list label
            )
        )
        if marked:
            runs[-1].append((start, end, token))
        elif not token.isascii():
            runs.append([])
    score = 0
    converted: list[tuple[int, int, str]] = []
    reads = _reads_as_viqr if viqr else _reads_as_vietnamese
    # Likelier readings in a known-legacy document apply only on lines that are written in
    # the encoding: characters clean text lacks, or no character outside the encoding ("Sè
    # 52-KL/TU" is TCVN3; "Số: 108/BC" is Unicode, since ố is not a TCVN3 character).
    prior = prior and (viqr or bool(_ALIEN_RE.search(line)) or all(c.isascii() or c in chars for c in line))
    for run in runs:
        if not run:
            continue
        results = []
        gained = invalid = plausible_count = 0
        for start, end, token in run:
            following = line[end:].lstrip()  # the rest of the line, as context
            new = _decode_viqr(token, following, preceding[start]) if viqr else decode(token)
            after = _reads_as_vietnamese(new)
            if name == "tcvn3" and (lost_u or not after):
                restored = _restore_lost_u(new, decode(preceding[start]), decode(following))
                if restored != new:
                    new, after = restored, _reads_as_vietnamese(restored)
            # Ð for Đ is a typing habit fixed by normalisation, not evidence of an encoding.
            before = reads(token.replace("Ð", "Đ").replace("ð", "đ"))
            if viqr and new != token and new != decoder("viqr")(token[:-1]) + token[-1:]:
                before = False  # its last mark was read as a tone
            # A name outside Vietnamese phonology ("Đắk Lắk", "Hrê") still comes out in
            # Vietnamese letters only: plausible, though no evidence by itself.
            plausible = after or _vietnamese_letters_only(new)
            if not before:
                invalid += 1
                # Evidence needs a word of two letters or more: "Ø" alone proves nothing.
                gained += after and sum(map(str.isalpha, new)) >= 2
                plausible_count += plausible
            results.append((start, end, token, new, before, after or plausible))
        own_evidence = gained >= 1 and plausible_count * 2 >= invalid
        # In a document known to be in this encoding, a run with nothing to gain still converts
        # the words that become likelier readings ("Soá" → "Số", "nãm" → "năm").
        if not (own_evidence or prior) or (prior and not own_evidence and plausible_count != invalid):
            continue
        score += gained
        for start, end, token, new, before, after in results:
            if new == token:
                continue
            # Convert what reads after conversion; what reads neither way only if it carries
            # characters clean text never has.
            if (after and (not before or own_evidence or _more_common(new, token))) or (
                not before and not after and _ALIEN_RE.search(token)
            ):
                converted.append((start, end, new))
    return score, converted


def _vietnamese_letters_only(text: str) -> bool:
    core = unicodedata.normalize("NFC", text.strip(_WORD_EDGES))
    letters = "".join(filter(str.isalpha, core))
    return bool(letters) and _VN_LETTERS.issuperset(letters) and not _ALIEN_RE.search(core)


def _more_common(new: str, old: str) -> bool:
    """For a token that reads as Vietnamese both ways: whether `new` is the likelier reading."""
    weights = syllable_weights()

    def weight(text: str) -> int:
        return min((weights.get(w, 0) for w in re.findall(r"[^\W\d_]+", text.lower())), default=0)

    return weight(new) > weight(old)


def _decode_viqr(token: str, following: str = "", previous: str = "") -> str:
    """VIQR's dot and question mark are also tone marks: "vu." is "vụ" but "mo+'i." is "mới."
    Take the reading that is a valid syllable, then the more common one, then the literal."""
    decode = decoder("viqr")
    if token.endswith("./.") and len(token) > 3:
        return _decode_viqr(token[:-3], following, previous) + "./."  # the end-of-text mark
    full = decode(token)
    m = re.search(r"[.?]+$", token)
    if not m:
        return full
    if re.fullmatch(r"[IVXLC]+\.", token):
        return token  # "II." is a heading number
    # A dictionary pair with the word before decides ("đề nghị", "kiến nghị").
    left = _last_word(decode(previous))
    if left and (left, _first_word(full)) in syllable_pairs() and _reads_as_vietnamese(full):
        return full
    # A tone mark, not punctuation: before a lower-case word (a sentence does not end there),
    # a "?" inside a line (documents ask few questions), a "." in a capital heading.
    tone_context = following[:1].islower() or following[:1].isdigit() or ("?" in m.group(0) or token.isupper())
    if following and tone_context and _reads_as_vietnamese(full):
        return full
    literal = decode(token[: m.start()]) + m.group(0)
    weights = syllable_weights()

    def rank(text: str) -> tuple[bool, int]:
        words = re.findall(r"[^\W\d_]+", text.lower())
        return _reads_as_vietnamese(text), min((weights.get(w, 0) for w in words), default=0)

    return full if rank(full) > rank(literal) else literal


def _reads_as_viqr(token: str) -> bool:
    """A VIQR token reads as Vietnamese before decoding only if it has no marks at all."""
    core = token.strip(_EDGE_PUNCT)
    return core.isalpha() and "dd" not in core.lower() and _reads_as_vietnamese(core)


def _restore_lost_u(token: str, previous: str = "", following: str = "") -> str:
    """TCVN3 "ư" is byte AD, which copies turn into a soft hyphen or drop: put it back.

    A word that is no syllable takes its likeliest reading with ư ("trêng" read as "trờng" →
    "trường", "nh" → "như"); a word that is one changes only where the reading with ư forms a
    dictionary word with a neighbour and it does not ("ngời" → "người" before "dân", but "mời"
    stays "mời")."""
    words = re.findall(r"[^\W\d_]+", token)
    if len(words) != 1:
        return token
    word = words[0]
    low = word.lower()
    weights = syllable_weights()
    pairs = syllable_pairs()
    valid = is_syllable(word)
    left, right = _last_word(previous), _first_word(following)

    def paired(w: str) -> bool:
        return (left, w) in pairs or (w, right) in pairs

    best, best_weight = word, -1
    for i in range(len(word) + 1):
        letter = "Ư" if word.isupper() and len(word) > 1 else "ư"
        candidate = word[:i] + letter + word[i:]
        if not is_syllable(candidate):
            continue
        weight = weights.get(candidate.lower(), 0)
        much_likelier = weight > 8 * max(weights.get(low, 0), 1)
        if valid and (paired(low) or not (much_likelier or paired(candidate.lower()))):
            continue
        if weight > best_weight:
            best, best_weight = candidate, weight
    return token.replace(word, best) if best != word else token


def _rebuild(line: str, converted: list[tuple[int, int, str]]) -> str:
    """The line with its conversions applied."""
    rebuilt = list(line)
    for s, e, t in sorted(converted, reverse=True):
        rebuilt[s:e] = list(t)
    return "".join(rebuilt)


def _restore_capitals(
    lines: list[str], index: int, converted: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """TCVN3 has no toned capitals: a capital line (typed in a .VnTimeH font) comes out in
    lower case, and so does a toned capital starting a sentence. Restore both where evident."""
    line = lines[index]
    if _evidently_upper(lines, index, converted):
        return [(0, len(line), _rebuild(line, converted).upper())]
    upper_cells = _upper_cells(line, converted) if _CELL_BREAK.search(line) else []
    fixed = list(upper_cells)
    for s, e, t in converted:
        if any(cs <= s < ce for cs, ce, _ in upper_cells):
            continue
        before = line[:s].rstrip(" *#\"'(“")
        starts_sentence = not before or before.endswith((".", "!", "?"))
        surface = line[s:e]
        ascii_letters = [c for c in surface if c.isascii() and c.isalpha()]
        # "HUYÖN" is HUYỆN and "§èC" ĐỐC: plain capitals around or after the converted letters.
        capital_after = any(not a.isascii() and b.isascii() and b.isupper() for a, b in itertools.pairwise(surface))
        after_text = line[e:].lstrip()
        if ascii_letters and all(c.isupper() for c in ascii_letters) and (len(ascii_letters) >= 2 or capital_after):
            t = t.upper()
        elif t[:1].islower() and not t[:1].isascii() and (starts_sentence or _capitalised_phrase(t, after_text)):
            t = t[:1].upper() + t[1:]
        fixed.append((s, e, t))
    return fixed


_MARKUP = " *#_|-+•>\t"
# A table row from a Word or RTF reader ("| bé tµi chÝnh | céng hoµ ...<br>§éc lËp ... |"):
# each cell paragraph was a paragraph of its own, often in the capital font.
_CELL_BREAK = re.compile(r"\||<br\s*/?>", re.IGNORECASE)


def _upper_cells(line: str, converted: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The cell paragraphs of a table row that were capital lines (all lower case, and reading
    as a header or signer line once in capitals), each as one edit over the paragraph."""
    edits = []
    bounds = [0, *(x for m in _CELL_BREAK.finditer(line) for x in (m.start(), m.end())), len(line)]
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        inside = [(s, e, t) for s, e, t in converted if start <= s and e <= end]
        if not inside:
            continue
        shifted = [(s - start, e - start, t) for s, e, t in inside]
        text = _rebuild(line[start:end], shifted)
        letters = [c for c in text if c.isalpha()]
        if letters and not any(c.isupper() for c in letters) and _header_line(text.strip(_MARKUP)):
            edits.append((start, end, text.upper()))
    return edits


@cache
def _capitalised_phrases() -> tuple[tuple[str, str], ...]:
    from .lexicon import lexicon

    return tuple(tuple(p.lower().split(" ", 1)) for p in lexicon()["capitalised"]["phrases"])


def _capitalised_phrase(word: str, after: str) -> bool:
    """A word that opens a name always written with a capital ("Ủy ban"), whose toned
    capital TCVN3 lacks."""
    low = word.lower()
    return any(low == first and after.lower().startswith(rest) for first, rest in _capitalised_phrases())


def _evidently_upper(lines: list[str], index: int, converted: list[tuple[int, int, str]]) -> bool:
    """A converted line that starts in lower case at the start of a paragraph was a capital
    line: Vietnamese sentences start with a capital, and TCVN3's plain letters keep theirs."""
    line = lines[index]
    text = _rebuild(line, converted).strip(_MARKUP)
    letters = [c for c in text if c.isalpha()]
    if not letters or len(text) > 300 or any(c.isupper() for c in letters):
        return False
    previous = next((p.strip(_MARKUP) for p in reversed(lines[:index]) if p.strip(_MARKUP)), "")
    paragraph_start = index == 0 or not lines[index - 1].strip(_MARKUP) or previous.endswith((".", ":", ";", "!", "?"))
    # A heading under "Chương I" / "Mục 2" / "Phần I" is set in capitals.
    under_label = bool(re.fullmatch(r"(?i)(?:chương|mục|phần)\s+[\dIVXLC]+\.?", previous))
    return paragraph_start or under_label or (_is_upper_text(previous) and len(text) <= 60) or _header_line(text)


def _header_line(text: str) -> bool:
    """A line that reads as a header or signer line: those are set in capitals."""
    from .extract.anchors import authority_prefix, has_agency_word, is_motto, title_of
    from .lexicon import type_by_name

    upper = text.upper()
    if len(text) > 70:
        return False
    return bool(
        is_motto(upper)
        or title_of(upper, fuzzy=False)
        or type_by_name().get(upper.strip(" .:"))
        or (authority_prefix(upper) is not None and len(text) <= 50)
        or (has_agency_word(upper.split(" ", 1)[0]) and len(text) <= 60 and not text.endswith((".", ";", ",")))
    )


def _is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# --- family 6: lossy broken PDF font maps -----------------------------------------------------


def _fix_lossy_fontmap(text: str) -> list[Edit]:
    from .fontmap import fix_fontmap

    return fix_fontmap(text)


# --- family 7: OCR damage in the words extraction relies on -----------------------------------


def _fix_ocr_anchors(text: str) -> list[Edit]:
    from .ocrfix import fix_anchor_words

    return fix_anchor_words(text)


__all__ = ["RepairStep", "RepairedText", "repair_text"]
