from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import SecretError
from auditor.secrets import Secrets, check_reference, read_secrets_file

TOKEN = "tok-9f8e7d6c5b4a"


def _file(tmp_path, content: str, mode: int = 0o600):
    path = tmp_path / "secrets.env"
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    return path


def test_environment_comes_first(tmp_path):
    path = _file(tmp_path, "X_TOKEN=from-file\n")
    assert Secrets(path, environ={"X_TOKEN": "from-env"}).get("X_TOKEN") == "from-env"


def test_file_with_comments_quotes_and_export(tmp_path):
    path = _file(tmp_path, f'# tokens\nexport X_TOKEN="{TOKEN}"\n\nMASTODON_TOKEN = abc\n')
    secrets = Secrets(path, environ={})
    assert secrets.get("X_TOKEN") == TOKEN
    assert secrets.get("MASTODON_TOKEN") == "abc"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_file_readable_by_others_is_refused_with_the_fix(tmp_path, mode):
    path = _file(tmp_path, f"X_TOKEN={TOKEN}\n", mode)
    with pytest.raises(SecretError) as caught:
        Secrets(path, environ={}).get("X_TOKEN")
    message = str(caught.value)
    assert f"chmod 600 {path}" in message
    assert "\n" not in message
    assert TOKEN not in message


def test_missing_reference_names_the_fix_and_not_a_value(tmp_path):
    path = _file(tmp_path, f"OTHER={TOKEN}\n")
    with pytest.raises(SecretError, match="export X_TOKEN=") as caught:
        Secrets(path, environ={}).get("X_TOKEN")
    assert TOKEN not in str(caught.value)


def test_bad_line_is_reported_by_number_without_its_content(tmp_path):
    path = _file(tmp_path, f"X_TOKEN=a\n{TOKEN}\n")
    with pytest.raises(SecretError, match="line 2") as caught:
        Secrets(path, environ={}).get("X_TOKEN")
    assert TOKEN not in str(caught.value)


def test_token_pasted_as_a_reference_is_refused_without_repeating_it():
    with pytest.raises(SecretError) as caught:
        check_reference("AAAA-bearer.token/value")
    assert "AAAA" not in str(caught.value)


def test_repr_shows_no_secret(tmp_path):
    path = _file(tmp_path, f"X_TOKEN={TOKEN}\n")
    secrets = Secrets(path, environ={})
    secrets.get("X_TOKEN")
    assert TOKEN not in repr(secrets)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_any_file_content_parses_or_is_a_secret_error_without_its_content(tmp_path, content):
    path = _file(tmp_path, content)
    try:
        message = f"secrets file {path}: parsed {len(read_secrets_file(path))} keys"
    except SecretError as exc:
        message = str(exc)
    assert message.startswith(f"secrets file {path}")
    assert "\n" not in message
