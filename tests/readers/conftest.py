"""Readers run in a forked worker (docparse.ingest): a test that patches modules gets a fresh one."""

from __future__ import annotations

import pytest

from docparse.ingest import restart_readers


@pytest.fixture(autouse=True)
def fresh_reader_worker():
    restart_readers()
    yield
    restart_readers()
