"""Large JSON files are read record by record; a bad one is reported by file and line."""

from __future__ import annotations

import io
import json
import re

import pytest

from auditor.errors import ArchiveError
from importers import open_archive
from importers.jsonstream import first_record, records


def items(data: bytes, **kwargs) -> list:
    return list(records(io.BytesIO(data), "f.json", **kwargs))


def test_items_of_a_top_level_list_and_of_a_nested_one():
    assert items(b'[{"a": [1, {"b": 2}]}, 3, "x", null]') == [{"a": [1, {"b": 2}]}, 3, "x", None]
    outbox = {
        "@context": [{"orderedItems": "x"}],
        "orderedItems": [{"id": 1}],
        "z": {"orderedItems": [2]},
    }
    assert items(json.dumps(outbox).encode(), path=("orderedItems",)) == [{"id": 1}]


def test_records_are_built_one_at_a_time():
    stream = io.BytesIO(b"[" + b",".join([b'{"n": 1}'] * 50_000) + b"]")
    first = next(records(stream, "f.json"))
    assert first == {"n": 1}
    assert stream.tell() < 200_000, "only the first chunk was read"


def test_truncated_file_says_it_was_cut_off(exports, tmp_path):
    data = (exports / "x-archive/data/tweets.js").read_bytes()
    path = tmp_path / "data/tweets.js"
    path.parent.mkdir()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveError) as caught:
        list(open_archive(tmp_path))
    assert str(caught.value) == (
        f"{path}: ends before its JSON is complete (cut off while downloading or unpacking?): "
        f"download the export again and use its files unchanged"
    )


def test_malformed_json_names_the_lines():
    data = b"[\n" + b'{"a": 1},\n' * 10_000 + b'{"a" 1}\n]'  # the error is on line 10002
    with pytest.raises(ArchiveError) as caught:
        items(data)
    found = re.match(r"f\.json, lines (\d+)-(\d+): not valid JSON \(parse error", str(caught.value))
    assert found, str(caught.value)
    first, last = int(found[1]), int(found[2])
    assert first <= 10002 <= last
    assert last - first < 10_000, "narrower than the whole file"


def test_utf8_bom_is_accepted_and_utf16_reported():
    assert items(b"\xef\xbb\xbf[1]") == [1]
    with pytest.raises(ArchiveError, match="is encoded as UTF-16 or UTF-32, not UTF-8"):
        items("[1]".encode("utf-16"))
    with pytest.raises(ArchiveError, match="is encoded as UTF-16 or UTF-32, not UTF-8"):
        items("[1]".encode("utf-16-le"))


def test_bytes_that_are_not_utf8_are_reported_with_their_line():
    data = '[\n{"post": "ok"},\n{"post": "café"}\n]'.encode("latin-1")
    with pytest.raises(ArchiveError, match=r"f\.json, lines 1-4: text that is not UTF-8"):
        items(data)


def test_wrong_encoding_of_a_whole_export_names_the_file(exports, tmp_path):
    outbox = (exports / "mastodon/outbox.json").read_text(encoding="utf-8")
    path = tmp_path / "outbox.json"
    path.write_bytes(outbox.encode("utf-16"))
    with pytest.raises(ArchiveError, match=f"^{path}: is encoded as UTF-16"):
        list(open_archive(tmp_path))


def test_a_list_where_an_object_is_expected_and_the_reverse():
    with pytest.raises(ArchiveError, match="no JSON list at top level:"):
        items(b'{"a": [1]}')
    with pytest.raises(ArchiveError, match="no JSON list at top level > orderedItems"):
        items(b"[1]", path=("orderedItems",))


def test_x_prefix_is_stripped_up_to_the_list():
    assert items(b"window.YTD.tweets.part0 = [1]", js_assignment=True) == [1]
    with pytest.raises(ArchiveError, match=r"does not start with 'window\.YTD"):
        items(b"var x = {}", js_assignment=True)


def test_first_record_of_a_cut_off_head():
    assert first_record(b'[{"timestamp": 1}, {"timest') == {"timestamp": 1}
    assert first_record(b'[{"timest') is None
    assert first_record(b"not json") is None
