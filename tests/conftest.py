from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.model import Account, Media, Post
from tests.shared import MISSING, SHARED

pytest_plugins = ["tests.databases"]

FIXTURES = Path(__file__).parent / "fixtures"
ORG_TOML = FIXTURES / "org.toml"


def pytest_configure(config: pytest.Config) -> None:
    if not SHARED.is_dir():
        pytest.exit(MISSING, returncode=4)


@pytest.fixture(scope="session")
def org():
    return load_config(ORG_TOML).organisation


@pytest.fixture(scope="session")
def classifier(org):
    return Classifier(org)


def make_post(
    text: str,
    *,
    bio: str = "",
    kind: str = "personal",
    role: str = "leerkracht",
    media: tuple[Media, ...] = (),
    post_id: str = "t1",
) -> Post:
    return Post(
        id=post_id,
        platform="x",
        created_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        text=text,
        account=Account(handle="tester", kind=kind, bio=bio, role=role),
        media=media,
    )
