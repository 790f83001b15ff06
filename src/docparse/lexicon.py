"""Rule data from `docparse/data/`, loaded once, and the fuzzy matching built on it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .normalize import match_form, strip_diacritics

# Vietnamese letters as regex class bodies, spelt out: a range such as "À-Ỹ" takes in lower-case
# letters that lie between its ends.
CAPITALS = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
SMALL = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


def load_toml(name: str) -> dict:
    return tomllib.loads(resources.files("docparse.data").joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DocTypeEntry:
    code: str | None
    name: str
    aliases: tuple[str, ...]
    examples: tuple[str, ...]
    party: bool = False  # a Party type whose code a State type also uses ("TT": Thông tri, Thông tư)

    @property
    def upper(self) -> str:
        return self.name.upper()


@cache
def doc_types() -> tuple[DocTypeEntry, ...]:
    return tuple(
        DocTypeEntry(
            code=entry.get("code"),
            name=entry["name"],
            aliases=tuple(entry.get("aliases", ())),
            examples=tuple(entry.get("examples", ())),
            party=entry.get("party", False),
        )
        for entry in load_toml("doc_types.toml")["type"]
    )


@cache
def type_by_code() -> dict[str, DocTypeEntry]:
    """Type entries keyed by code and alias (exact case: "QĐ", "TTr", "QyĐ")."""
    table: dict[str, DocTypeEntry] = {}
    for entry in doc_types():
        for code in (entry.code, *entry.aliases):
            if code and not entry.party:
                table.setdefault(code, entry)
    return table


@cache
def party_type_by_code() -> dict[str, DocTypeEntry]:
    """The Party types whose code means another type in a State symbol ("07-TT/TU" is a Thông tri)."""
    return {entry.code: entry for entry in doc_types() if entry.party and entry.code}


@cache
def type_by_name() -> dict[str, DocTypeEntry]:
    """Type entries keyed by the upper-case match form of the name ("QUYẾT ĐỊNH")."""
    return {match_form(entry.name).upper(): entry for entry in doc_types()}


@cache
def titles() -> tuple[str, ...]:
    return tuple(load_toml("titles.toml")["titles"])


@cache
def title_data() -> dict:
    return load_toml("titles.toml")


@cache
def lexicon() -> dict:
    return load_toml("lexicon.toml")


@cache
def _surname_lines() -> tuple[str, ...]:
    text = resources.files("docparse.data").joinpath("surnames.txt").read_text(encoding="utf-8")
    return tuple(n for n in (ln.strip() for ln in text.splitlines()) if n and not n.startswith("#"))


@cache
def surnames() -> frozenset[str]:
    return frozenset(match_form(n).lower() for n in _surname_lines())


@cache
def surname_pattern() -> str:
    """The family names as a title-case alternation (as printed in a name: "Nguyễn", "Trần")."""
    return trie_pattern(sorted({n[:1].upper() + n[1:].lower() for n in _surname_lines()}), space=" ")


@lru_cache(maxsize=1 << 14)  # pure; extractors fold the same titles and words line after line
@cache
def _open_endings() -> re.Pattern[str]:
    words = sorted(lexicon()["subject"]["open_endings"], key=len, reverse=True)
    return re.compile(rf"(?:^|\s)(?:{'|'.join(map(re.escape, words))})$")


def open_ending(text: str) -> bool:
    """A line that ends on a word a phrase cannot end on ("... dịp", "... theo"): it goes on below."""
    return _open_endings().search(text.rstrip()) is not None


def fold(text: str) -> str:
    """Comparison key: match form, upper case, spaces collapsed."""
    return " ".join(match_form(text).upper().split())


@cache
def bare_index(choices: tuple[str, ...]) -> dict[str, str]:
    """Choices keyed by their folded form without diacritics, for text that lost its marks
    ("CHU TICH"); a bare form shared by two choices is left out as ambiguous."""
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for choice in choices:
        bare = strip_diacritics(fold(choice))
        if bare in index and index[bare] != choice:
            clashes.add(bare)
        index[bare] = choice
    return {k: v for k, v in index.items() if k not in clashes}


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


@cache
def _choice_keys(choices: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((c, fold(c), strip_diacritics(fold(c))) for c in choices)


def fuzzy_choice(text: str, choices: tuple[str, ...], *, min_score: float = 80.0, margin: float = 6.0) -> str | None:
    """The choice `text` is an OCR-damaged copy of, or None when no choice is unambiguous.

    The score averages similarity with and without diacritics, so a wrong mark ("CHỮ") costs
    less than a wrong letter; the winner must beat the runner-up by `margin`. A text whose letters
    are one choice's, marks aside, is that choice.
    """
    from rapidfuzz import fuzz

    key = fold(text)
    bare = strip_diacritics(key)
    same_letters = [c for c, _, stripped in _choice_keys(choices) if stripped == bare]
    if len(same_letters) == 1:  # only marks damaged ("QUYÉT ĐỊNH"), and one choice has these letters
        return same_letters[0]
    scored = sorted(
        ((fuzz.ratio(key, folded) + fuzz.ratio(bare, stripped)) / 2, c) for c, folded, stripped in _choice_keys(choices)
    )
    if not scored:
        return None
    best_score, best = scored[-1]
    runner_up = scored[-2][0] if len(scored) > 1 else 0.0
    if best_score >= min_score and best_score - runner_up >= margin:
        return best
    return None


def trie_pattern(words: list[str] | tuple[str, ...] | set[str], *, space: str = r"\s+") -> str:
    """A regex alternation of `words` with shared prefixes factored out, longest match first.

    Python's `re` tries alternatives one by one; a trie keeps large word lists (agency names,
    places) fast. Spaces in words match `space`: any run of whitespace unless told otherwise.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = space if ch == " " else re.escape(ch)
            branches.append(piece + render(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    pattern = render(trie)
    first = sorted(k for k in trie if k)
    if len(first) > 1 and " " not in first and "" not in trie:
        # A scan fails at most positions on the first character: one class test instead of
        # one test per branch.
        return "(?=[" + "".join(re.escape(ch) for ch in first) + "])" + pattern
    return pattern


def class_first_pattern(words: list[str] | tuple[str, ...] | set[str], *, not_after: str) -> str:
    """`(?<!not_after)` then one of `words` (as `trie_pattern`), written to open on a character
    class of the words' first letters: a scan then skips in C to the next letter a word can start
    with, where a pattern opening on a look-behind is tried at every position. The look-behind,
    after that letter, tests the character before it; a look-behind per letter picks the rest.
    The same matches, for case-sensitive patterns only (the class lists the letters as given)."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    firsts = "".join(re.escape(ch) for ch in sorted(rests))
    branches = "|".join(f"(?<={re.escape(ch)}){trie_pattern(rests[ch])}" for ch in sorted(rests))
    return f"[{firsts}](?<!{not_after}.)(?:{branches})"
