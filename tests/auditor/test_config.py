import pytest

from auditor.config import load_config
from auditor.errors import ConfigError
from tests.conftest import ORG_TOML


def write(tmp_path, text: str):
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_config_loads_and_normalises(tmp_path):
    org = load_config(ORG_TOML).organisation
    assert org.name == "Stichting Meerwijk Scholen"
    assert "#meerwijk" in org.hashtags
    path = write(
        tmp_path, '[organisation]\nname = "X"\nofficial_handles = ["@Foo"]\nhashtags = ["Bar"]\n'
    )
    org = load_config(path).organisation
    assert org.official_handles == ("foo",)
    assert org.hashtags == ("#bar",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = 'x'", r"\[organisation\] section is missing"),
        ("[organisation]\nschools = []", "organisation.name"),
        ("[organisation]\nname = ''", "organisation.name"),
        ("[organisation]\nname = 'X'\nschools = 'De Brug'", r"must be a list of strings"),
        ("[organisation]\nname = 'X'\nplaces = ['']", "empty string"),
        ("[organisation\nname = 'X'", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text))


def test_missing_file_names_the_fix(tmp_path):
    with pytest.raises(ConfigError, match="does not exist: pass --config"):
        load_config(tmp_path / "nope.toml")


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "org.toml"
    path.write_bytes(b"[organisation]\nname = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_unknown_keys_warn_but_load(tmp_path):
    config = load_config(
        write(tmp_path, "[organisation]\nname = 'X'\nwebsite = 'x.nl'\n[extra]\na = 1\n")
    )
    assert any("organisation.website" in w for w in config.warnings)
    assert any("[extra]" in w for w in config.warnings)
