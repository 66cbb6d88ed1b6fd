"""The [web] section: defaults, and every mistake one clear error."""

from __future__ import annotations

import pytest

from auditor.config import load_config
from auditor.errors import ConfigError
from tests.conftest import ORG_TOML


def _load(tmp_path, web: str):
    path = tmp_path / "org.toml"
    path.write_text(ORG_TOML.read_text(encoding="utf-8") + "\n[web]\n" + web, encoding="utf-8")
    return load_config(path)


def test_defaults_serve_localhost_without_secure_cookies(tmp_path):
    web = _load(tmp_path, "").web
    assert web.base_url == "http://127.0.0.1:8080"
    assert web.on_localhost
    assert (web.session_hours, web.email_link_days, web.upload_max_mb) == (12, 7, 100)


def test_settings_are_read_and_paths_are_relative_to_the_config(tmp_path):
    web = _load(
        tmp_path,
        'base_url = "https://audit.school.example/"\ncomms = ["Comms@School.nl"]\n'
        'consent_file = "consent.txt"\nsession_hours = 2\n',
    ).web
    assert web.base_url == "https://audit.school.example"
    assert not web.on_localhost
    assert web.comms == ("comms@school.nl",)
    assert web.consent_file == tmp_path / "consent.txt"
    assert web.session_hours == 2


@pytest.mark.parametrize(
    ("web", "message"),
    [
        ('base_url = "ftp://x"', "web.base_url"),
        ('base_url = "https://x.example/?a=1"', "web.base_url"),
        ('secret_env = "not a name"', "web.secret_env"),
        ("session_hours = 0", "web.session_hours"),
        ("upload_max_mb = true", "web.upload_max_mb"),
        ('comms = ["not-an-address"]', "web.comms"),
        ("comms = [1]", "web.comms"),
        ("consent_file = 3", "web.consent_file"),
    ],
)
def test_a_mistake_is_one_error_naming_the_key(tmp_path, web, message):
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path, web)
