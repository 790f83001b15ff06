from __future__ import annotations

from docparse.schema import SCHEMA_FILE, schema_text

from .conftest import ROOT


def test_committed_schema_is_current():
    committed = (ROOT / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "schemas/ is stale: run `make schemas`"


def test_schema_has_the_contract_fields():
    import json

    schema = json.loads(schema_text())
    for key in (
        "schema_version",
        "source",
        "number",
        "symbol",
        "identifier",
        "year",
        "doc_type",
        "issuer",
        "place",
        "issue_date",
        "issue_date_partial",
        "published",
        "subject",
        "signer",
        "recipients",
        "addressees",
        "outline",
        "references",
        "evidence",
        "warnings",
    ):
        assert key in schema["properties"], key
