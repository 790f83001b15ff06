"""JSON Schema of the public record, generated from the pydantic model."""

from __future__ import annotations

import json
from pathlib import Path

from .models import DocumentRecord

SCHEMA_FILE = "document.schema.json"


def schema_text() -> str:
    schema = DocumentRecord.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "docparse DocumentRecord"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    return [target]
