"""Rule data is reviewed like code: every entry's examples are checked against the logic."""

from __future__ import annotations

import pytest

from docparse.extract import anchors
from docparse.extract.agencies import place_names
from docparse.extract.header import _type_of_line
from docparse.extract.identifier import parse_identifier, type_of_symbol
from docparse.extract.references import find_references
from docparse.lexicon import doc_types, lexicon, load_toml, surnames, title_data
from docparse.repair import repair_text


@pytest.mark.parametrize("entry", doc_types(), ids=lambda e: e.name)
def test_doc_type_examples(entry):
    assert entry.examples, f"{entry.name} has no examples"
    for example in entry.examples:
        if example.isupper() and "/" not in example and "-" not in example:
            assert _type_of_line(example) == entry, example
        else:
            ident = parse_identifier(example, 0)
            assert ident is not None, example
            assert type_of_symbol(ident.symbol, ident.separator) == entry, example


def test_codes_are_unique():
    """Unique among State types and among the Party types that reuse a State code."""
    for party in (False, True):
        codes = [c for e in doc_types() if e.party == party for c in (e.code, *e.aliases) if c]
        assert len(codes) == len(set(codes))


def test_title_examples():
    data = title_data()
    for printed, expected in data["examples"]:
        assert anchors.title_of(printed) == expected, printed
    for example in data["prefix_examples"]:
        assert anchors.authority_prefix(example), example


def test_lexicon_examples():
    lex = lexicon()
    for example in lex["motto"]["examples"]:
        assert anchors.is_motto(example), example
    for example in lex["motto"]["non_examples"]:
        assert not anchors.is_motto(example), example
    assert set(lex["motto"]["glued"]) <= set(lex["motto"]["lines"])
    for motto in lex["motto"]["glued"]:  # segment.py looks for a glued motto only after an opening
        assert any(motto.startswith(o) for o in lex["motto"]["glued_openings"]), motto
    for example in lex["marks"]["examples"]:
        assert anchors.is_mark(example), example
    for example in lex["agency"]["examples"]:
        assert anchors.has_agency_word(example), example
    for example in lex["keywords"]["recipients_examples"]:
        assert anchors.is_recipients_marker(example) is not None, example
    for example in lex["keywords"]["addressees_examples"]:
        assert anchors.is_addressees_marker(example) is not None, example
    for example in lex["signature_marks"]["examples"]:
        assert anchors.is_signature_mark(example), example
    for example in lex["boilerplate"]["examples"]:
        assert anchors.is_boilerplate(example), example
    for printed, repaired in lex["ocr_anchors"]["examples"]:
        assert repair_text(printed).text == repaired, printed
    for example in lex["place_spellings"]["examples"]:
        assert example in place_names(), example
    from docparse.extract.people import find_people

    for example in lex["street_names"]["examples"]:
        assert find_people(example, 0, len(example)) == [], example
    for example in lex["lunar_years"]["examples"]:
        assert find_people(example, 0, len(example)) == [], example


def test_surnames_are_single_words():
    assert "nguyễn" in surnames() and all(" " not in s for s in surnames())


def test_rank_examples():
    for example in title_data()["rank_examples"]:
        rank, cut = anchors.split_rank(example)
        assert rank and anchors.is_person_name(example[cut:]), example


def _agency_examples():
    from docparse.lexicon import load_toml

    data = load_toml("agencies.toml")
    for body in data["body"]:
        for example in body["examples"]:
            if isinstance(example, list):  # [printed, canonical]: a numbered body ("... khu vực 4")
                yield example[0], example[1:]
            else:
                yield example, [body["name"]]
    for committee in data["committee"]:
        for example in committee["examples"]:
            if isinstance(example, list):  # [printed, canonical names...]
                yield example[0], example[1:]
            else:
                yield example, None  # a committee name; its canonical form is checked by pattern tests
    for section in ("unit_body", "committee_organ", "body_organ", "department"):
        for entry in data[section]:
            for printed, *expected in entry["examples"]:
                yield printed, expected
    for printed, *expected in [
        *data["institution"]["examples"],
        *data["team"]["examples"],
        *data["central_cities"]["examples"],
    ]:
        yield printed, expected


@pytest.mark.parametrize(("printed", "expected"), list(_agency_examples()), ids=lambda v: str(v))
def test_agency_examples_link_to_their_entry(printed, expected):
    from docparse.extract.agencies import find_agencies

    found = [a.name for a in find_agencies(printed)]
    if expected is None:
        assert found, printed
    else:  # ([] for a phrase that names no body)
        assert found == expected, printed


def test_government_office_examples():
    from docparse.extract.closing import Item
    from docparse.pipeline import government_office_units

    for printed, *expected in load_toml("agencies.toml")["government_office"]["examples"]:
        item = Item(text=printed.lstrip("- "), span=(2, len(printed)), name=printed.lstrip("- "), note=None)
        assert [a.name for a in government_office_units([item], [])] == expected, printed


def test_places_are_derived_from_the_package():
    pytest.importorskip("vietnamadminunits")
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_places.py"
    spec = importlib.util.spec_from_file_location("build_places", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.render()


def test_gold_task_assignees_are_agencies_or_people():
    """samples/README.md: assignees and partners are canonical agencies (or a person's name)."""
    import json
    import re
    from pathlib import Path

    def key(name: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())

    for gold_file in sorted((Path(__file__).parent.parent / "samples").glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        known = {key(a) for a in gold.get("agencies", [])} | {key(p["name"]) for p in gold.get("people", [])}
        for task in gold.get("tasks", []):
            for name in [*task.get("assignees", []), *task.get("partners", [])]:
                assert key(name) in known, f"{gold_file.name}: {name!r} is no agency or person of the document"


def _law_names(text: str) -> list[str | None]:
    return [c.name for c in find_references(text).citations if c.form == "law"]


def test_law_examples():
    for text, name in load_toml("laws.toml")["examples"]:
        assert _law_names(text)[0] == name, text


def test_every_known_law_is_found_whole_before_a_verb():
    names = load_toml("laws.toml")["names"]
    assert len(names) == len(set(names))
    for name in names:
        assert _law_names(f"Căn cứ {name} tham mưu UBND tỉnh.") == [name]


def test_subject_examples():
    from docparse import parse_text

    for lines, expected in lexicon()["subject"]["examples"]:
        text = (
            "UBND TỈNH VĨNH LONG\nSỞ CÔNG THƯƠNG\nSố: 12/SCT-QLTM\n"
            + "\n".join(lines)
            + "\n\nKính gửi: Sở Tài chính.\n"
        )
        assert parse_text(text).subject == expected, lines
