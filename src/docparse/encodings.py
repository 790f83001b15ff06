"""Legacy Vietnamese encodings as they appear in text read as Windows-1252 (the "surface").

Tables are data (`data/encodings/*.json`, cross-checked between UniKey, glibc, xvnkb and
Python's cp1258); this module turns them into decoders from surface text to Unicode and
encoders back (for tests and benchmarks).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources

# Bytes Windows-1252 leaves undefined: a "sloppy" reader shows them as U+0081 etc.
UNDEFINED_CP1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _table(name: str) -> dict:
    text = resources.files("docparse.data").joinpath("encodings", f"{name}.json").read_text("utf-8")
    return json.loads(text)


def sloppy_cp1252(data: bytes) -> str:
    """Bytes as Windows-1252 shows them, the five undefined bytes as U+0081 etc. (no loss)."""
    return "".join(bytes([b]).decode("cp1252") if b not in UNDEFINED_CP1252 else chr(b) for b in data)


def cp1252_byte(ch: str) -> int | None:
    """The byte a Windows-1252 (or sloppy latin-1) reader showed as `ch`, or None."""
    code = ord(ch)
    if code < 0x80:
        return code
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return code if code < 0x100 else None


def _bytes_table(decode: dict[str, str]) -> dict[str, str]:
    """Surface strings keyed from a byte table ("61 F9" → "aù")."""
    out = {}
    for hex_bytes, char in decode.items():
        raw = bytes(int(h, 16) for h in hex_bytes.split())
        surface = "".join(_byte_surface(b) for b in raw)
        out[surface] = char
    return out


def _byte_surface(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@cache
def surface_table(name: str) -> dict[str, str]:
    """Surface string (as cp1252 shows the legacy bytes) → Unicode letter."""
    data = _table(name)
    if name == "tcvn3":
        return dict(data["surface_cp1252"])
    if name == "vni_windows":
        return dict(data["surface_cp1252"])
    return _bytes_table(data["decode"])


def _greedy_decoder(table: dict[str, str]) -> Callable[[str], str]:
    longest = max(len(k) for k in table)
    if longest == 1:  # one character at a time: str.translate does the same walk in C
        by_code = str.maketrans(table)
        return lambda text: unicodedata.normalize("NFC", text.translate(by_code))

    def decode(text: str) -> str:
        out = []
        i = 0
        while i < len(text):
            for size in range(min(longest, len(text) - i), 0, -1):
                piece = text[i : i + size]
                if piece in table:
                    out.append(table[piece])
                    i += size
                    break
            else:
                out.append(text[i])
                i += 1
        return unicodedata.normalize("NFC", "".join(out))

    return decode


@cache
def decoder(name: str) -> Callable[[str], str]:
    """A function from surface text to Unicode for one legacy encoding (cached: repair decodes
    each token of a line once per reading it weighs, and documents repeat their words)."""
    if name == "cp1258":
        return lru_cache(maxsize=1 << 14)(_decode_cp1258)
    if name == "viqr":
        return lru_cache(maxsize=1 << 14)(_viqr_decoder())
    return lru_cache(maxsize=1 << 14)(_greedy_decoder(surface_table(name)))


def _decode_cp1258(text: str) -> str:
    raw = bytearray()
    for ch in text:
        b = cp1252_byte(ch)
        if b is None:
            return text
        raw.append(b)
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


@cache
def legacy_chars(name: str) -> frozenset[str]:
    """Characters whose presence suggests this encoding (non-ASCII characters of its surface)."""
    if name == "cp1258":
        return frozenset(_byte_surface(int(h, 16)) for h in _table("cp1258")["decode_0x80_0xFF"] if int(h, 16) >= 0xC0)
    if name == "viqr":
        return frozenset()
    return frozenset(c for key in surface_table(name) for c in key if ord(c) >= 0x80)


# --- VIQR (RFC 1456) -----------------------------------------------------------------------


@cache
def viqr_table() -> dict[str, str]:
    """VIQR spelling → letter ("a^'" → "ấ", "dd" → "đ")."""
    encode = _table("viqr")["encode"]
    return {spelling: letter for letter, spelling in encode.items()}


def _viqr_decoder() -> Callable[[str], str]:
    return _greedy_decoder(viqr_table())


# --- Encoders (Unicode → surface), for tests and benchmarks --------------------------------


@cache
def encoder(name: str) -> Callable[[str], str]:
    if name == "cp1258":
        return _encode_cp1258
    if name == "viqr":
        table = {letter: spelling for spelling, letter in viqr_table().items()}
    else:
        table = {}
        for surface, letter in surface_table(name).items():
            # Prefer the shortest surface for a letter (tables may list alternatives).
            if letter not in table or len(surface) < len(table[letter]):
                table[letter] = surface

    def encode(text: str) -> str:
        return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))

    return encode


def _encode_cp1258(text: str) -> str:
    data = _table("cp1258")["unikey_encoding_of_letters"]
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in data:
            out.append("".join(_byte_surface(int(h, 16)) for h in data[ch].split()))
        else:
            try:
                out.append("".join(_byte_surface(b) for b in ch.encode("cp1258")))
            except UnicodeEncodeError:
                out.append(ch)
    return "".join(out)
