"""The one rule for what document text may reach a terminal raw."""

from __future__ import annotations

import json

import pytest

from flashcards.text.terminal import blanked, cut, json_text, table, unsafe, visible, width

HOSTILE = "a\x1bcb\x1b]52;c;ZXZpbA==\x07\x9b2J\x7f\u202eevil\u2066\x00\n\tz"


@pytest.mark.parametrize(
    "ch", ["\x00", "\x07", "\x1b", "\n", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u2028"]
)
def test_controls_escapes_and_bidi_are_unsafe(ch: str) -> None:
    assert unsafe(ch)
    assert ch not in visible(f"x{ch}y")


@pytest.mark.parametrize("ch", ["a", "é", "ː", "ʃ", "·", "—", " ", "“", "漢"])
def test_ordinary_text_is_left_alone(ch: str) -> None:
    assert not unsafe(ch) and visible(ch) == ch


def test_visible_shows_each_character_as_an_escape() -> None:
    assert visible(HOSTILE) == (
        "a\\x1bcb\\x1b]52;c;ZXZpbA==\\x07\\x9b2J\\x7f\\u202eevil\\u2066\\x00\\n\\tz"
    )
    assert visible(None) == "None" and visible(3) == "3"


def test_blanked_keeps_offsets() -> None:
    out = blanked(HOSTILE)
    assert len(out) == len(HOSTILE) and not any(unsafe(c) for c in out)
    assert "\n" in blanked(HOSTILE, lines=True) and "\t" not in blanked(HOSTILE, lines=True)
    assert blanked(None) == ""


def test_json_keeps_the_values_and_shows_nothing_raw() -> None:
    value = [{"word": HOSTILE, "ipa": "niːʃ"}]
    for encoding in (None, "utf-8", "ascii", "latin-1"):
        out = json_text(value, encoding=encoding)
        assert json.loads(out) == value
        assert not any(unsafe(c) for c in out.replace("\n", ""))
        if encoding:
            out.encode(encoding)
    assert "niːʃ" in json_text(value, encoding="utf-8")  # as before where it can be


def test_width_cut_and_table() -> None:
    assert width("niːʃ") == 4 and width("漢字") == 4 and width("e\u0301") == 1
    assert cut("abcdef", 4) == "abc…" and cut("abc", 4) == "abc" and cut("abc", 0) == ""
    lines = table(("A", "B"), [("x", "a long definition here")], (5, None), 16)
    assert lines == ["A  B", "x  a long defin…"]
    assert max(width(line) for line in lines) <= 16
