"""The one YAML reader: text stays the text written; the unusual is refused with its line."""

from __future__ import annotations

import pytest

from almanac.dataset.yaml_reader import read_yaml
from almanac.errors import DatasetError

# YAML 1.1 would turn each of these into a number, a boolean or a date; a dataset means the text.
AS_WRITTEN = ["12:30", "017", "1.10", "1_000", "0x1F", "0o17", "yes", "No", "on", "OFF", "1e3",
              ".5", "-.inf", "2020-05-30", "2020-05-30T19:22:45Z", "1234", "+1", "=", "<<"]


@pytest.mark.parametrize("text", AS_WRITTEN)
def test_plain_scalars_are_read_as_the_text_written(text):
    assert read_yaml(f"value: {text}\nlist: [{text}]\n", "f.yaml") == {"value": text, "list": [text]}


@pytest.mark.parametrize("text", ["~", "null", "Null", "NULL", ""])
def test_a_plain_null_is_nothing_but_a_quoted_one_is_text(text):
    assert read_yaml(f"a: {text}\nb: '{text}'\n", "f.yaml") == {"a": None, "b": text}


def test_lines_of_mappings_keys_and_sequences_are_kept():
    root = read_yaml("top:\n  - id: x\n    name: y\n", "f.yaml")
    assert root.line == 1 and root.key_lines == {"top": 1}
    assert root["top"].line == 2
    assert root["top"][0].key_lines == {"id": 2, "name": 3}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: &x [1]\nb: *x\n", 2, "YAML aliases (*name) are not allowed"),
    ("a: 1\nb: !!str 5\n", 2, "YAML tag 'tag:yaml.org,2002:str' is not allowed"),
    ("a: !custom 5\n", 1, "YAML tag '!custom' is not allowed"),
    ("a: !!python/object:os.system x\n", 1, "YAML tag 'tag:yaml.org,2002:python/object:os.system'"),
    ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
    ("? [1]\n: 2\n", 1, "a mapping key must be text"),
    ("--- 1\n--- 2\n", 2, "more than one YAML document"),
    ("a: [unclosed\n", 2, ""),
    ("a: \"\\x1b[31m\"\n", 1, "control character U+001B"),
    ("a: ok\nb: \"Test \\u202e1\"\n", 2, "bidirectional control U+202E in text"),
    ("a: [\"x\\u2067y\"]\n", 1, "bidirectional control U+2067 in text"),
    ("a: \"one\\Ltwo\"\n", 1, "line separator U+2028 in text"),
    ("a: " + "[" * 100 + "]" * 100 + "\n", 1, "YAML nested more than 64 levels deep"),
])
def test_the_unusual_is_refused_naming_file_and_line(text, line, words):
    with pytest.raises(DatasetError) as caught:
        read_yaml(text, "f.yaml")
    assert caught.value.message.startswith(f"f.yaml:{line}: {words}"), caught.value.message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_document_is_nothing(text):
    assert read_yaml(text, "f.yaml") is None
