from __future__ import annotations

import pytest

from auditor.config import DEFAULT_RETENTION_DAYS, load_config
from auditor.errors import ConfigError

ORG = '[organisation]\nname = "Stichting Testscholen"\n'


def _config(tmp_path, extra: str = ""):
    path = tmp_path / "org.toml"
    path.write_text(ORG + extra, encoding="utf-8")
    return load_config(path)


def test_defaults_put_the_database_beside_the_config(tmp_path):
    config = _config(tmp_path)
    assert config.store.database() == tmp_path / "social-audit.db"
    assert config.retention_days == DEFAULT_RETENTION_DAYS
    assert config.secrets_file is None
    assert config.warnings == ()


def test_relative_paths_are_relative_to_the_config_file(tmp_path):
    config = _config(tmp_path, '[store]\npath = "data/audit.db"\n[secrets]\nfile = "secrets.env"\n')
    assert config.store.database() == tmp_path / "data" / "audit.db"
    assert config.secrets_file == tmp_path / "secrets.env"


def test_url_from_an_environment_variable(tmp_path, monkeypatch):
    config = _config(tmp_path, '[store]\nurl_env = "AUDIT_DB"\n')
    monkeypatch.setenv("AUDIT_DB", "postgresql://audit:pw@db/audit")
    assert config.store.database() == "postgresql://audit:pw@db/audit"
    monkeypatch.delenv("AUDIT_DB")
    with pytest.raises(ConfigError, match="export AUDIT_DB="):
        config.store.database()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[store]\nurl = "postgresql://audit:hunter2@db/audit"\n', "contains a password"),
        ('[store]\npath = "a.db"\nurl = "postgresql://db/a"\n', "keep one"),
        ('[store]\nurl_env = "not a name"\n', "must name an environment variable"),
        ("[retention]\ndays = 3\n", "use 14 to 365"),
        ('[retention]\ndays = "90"\n', "whole number"),
        ("[retention]\ndays = true\n", "whole number"),
        ("[secrets]\nfile = 3\n", "secrets.file must be a file path"),
        ('[store]\npath = ""\n', "store.path must be a file path"),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=message) as caught:
        _config(tmp_path, extra)
    assert "\n" not in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_unknown_keys_warn(tmp_path):
    config = _config(tmp_path, "[retention]\ndays = 30\nweeks = 2\n[stoer]\n")
    assert config.retention_days == 30
    assert any("retention.weeks" in w for w in config.warnings)
    assert any("[stoer]" in w for w in config.warnings)


def test_section_that_is_not_a_table_is_an_error(tmp_path):
    path = tmp_path / "org.toml"
    path.write_text('store = "x"\n' + ORG, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[store\] must be a table"):
        load_config(path)
