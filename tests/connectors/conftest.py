from __future__ import annotations

import socket
import traceback
from datetime import UTC, datetime

import pytest

from connectors.errors import ConnectorError

SECRET = "SECRET-token-7f3a9c"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def closed_port_url() -> str:
    """A 127.0.0.1 URL where nothing listens: the connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def assert_no_secret(error: ConnectorError, secret: str = SECRET) -> None:
    """The token is in neither the message, the repr, nor the printed traceback."""
    printed = "".join(traceback.format_exception(error))
    assert secret not in str(error)
    assert secret not in repr(error)
    assert secret not in printed


def assert_error(
    error: ConnectorError,
    cls: type[ConnectorError],
    platform: str,
    handle: str,
    *,
    secret: str = SECRET,
):
    assert type(error) is cls, f"{type(error).__name__}: {error}"
    assert error.platform == platform
    assert error.handle == handle
    assert_no_secret(error, secret)
