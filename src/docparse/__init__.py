"""docparse: structured, evidenced records from Vietnamese administrative documents.

>>> import docparse
>>> record = docparse.parse("samples/000_d13c0403fe6915b7.txt")
>>> record.identifier
'108/BC-HĐND'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["DocumentRecord", "IngestError", "Limits", "__version__", "normalize", "parse", "parse_text", "repair_text"]

if TYPE_CHECKING:  # pragma: no cover
    from .ingest import IngestError
    from .models import DocumentRecord
    from .normalize import normalize
    from .pipeline import parse, parse_text
    from .readers import Limits
    from .repair import repair_text


def __getattr__(name: str):
    # Lazy: `docparse --help` must not pay for pydantic and the extractors.
    if name in ("parse", "parse_text"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "DocumentRecord":
        from .models import DocumentRecord

        return DocumentRecord
    if name == "IngestError":
        from .ingest import IngestError

        return IngestError
    if name == "Limits":
        from .readers import Limits

        return Limits
    if name == "repair_text":
        from .repair import repair_text

        return repair_text
    if name == "normalize":
        from .normalize import normalize

        return normalize
    raise AttributeError(f"module 'docparse' has no attribute {name!r}")
