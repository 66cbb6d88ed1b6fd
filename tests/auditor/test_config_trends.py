from __future__ import annotations

import pytest

from auditor.config import MIN_GROUP_SIZE, load_config
from auditor.errors import ConfigError

ORG = '[organisation]\nname = "Stichting Testscholen"\n'


def _config(tmp_path, extra: str = ""):
    path = tmp_path / "org.toml"
    path.write_text(ORG + extra, encoding="utf-8")
    return load_config(path)


def test_the_minimum_group_size_is_5_unless_set_higher(tmp_path):
    assert MIN_GROUP_SIZE == 5
    assert _config(tmp_path).min_group_size == 5
    assert _config(tmp_path, "[trends]\nmin_group_size = 10\n").min_group_size == 10


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4", "min_group_size is 4: use 5 or more"),
        ("0", "min_group_size is 0: use 5 or more"),
        ("-5", "min_group_size is -5: use 5 or more"),
        ('"5"', "must be a whole number"),
        ("5.0", "must be a whole number"),
        ("true", "must be a whole number"),
    ],
)
def test_a_minimum_below_5_or_not_a_number_is_refused(tmp_path, value, message):
    with pytest.raises(ConfigError, match=message) as caught:
        _config(tmp_path, f"[trends]\nmin_group_size = {value}\n")
    assert "\n" not in str(caught.value)


def test_unknown_trends_keys_warn(tmp_path):
    config = _config(tmp_path, "[trends]\nmin_group = 7\n")
    assert config.min_group_size == 5
    assert any("trends.min_group" in warning for warning in config.warnings)
