"""Export: the CSV rows of list fields read the items' fields as their JSON form has them."""

from __future__ import annotations

from docparse.export import AGENCY_COLUMNS, DATE_COLUMNS, PERSON_COLUMNS, item_rows
from docparse.pipeline import parse

from .conftest import SAMPLES


def test_item_rows_hold_the_json_values_of_each_column():
    record = parse(SAMPLES / "013_kehoach_bang.md")
    for field, columns in (("dates", DATE_COLUMNS), ("agencies", AGENCY_COLUMNS), ("people", PERSON_COLUMNS)):
        items = getattr(record, field)
        assert items, field
        rows = list(item_rows(record, items, columns))
        expected = [
            {"path": record.source.path, **{c: item.model_dump(mode="json").get(c) for c in columns[1:]}}
            for item in items
        ]
        assert rows == expected
        assert all(set(row) == set(columns) for row in rows)
