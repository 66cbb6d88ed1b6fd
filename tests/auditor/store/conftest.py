from __future__ import annotations

import pytest

from auditor.store import Store
from tests.auditor.store.helpers import FAST_RETRY, Clock


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(db_url, clock):
    opened = Store.open(db_url, clock=clock, retry=FAST_RETRY)
    yield opened
    opened.close()
