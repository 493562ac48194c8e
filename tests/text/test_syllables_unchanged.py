"""The syllables of every fixture word are what pyphen's cutting gave: the hyphenation points
are pyphen's own, and the cut text and its stressed part match the file made from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyphen
import pytest

from flashcards.domain import Note
from flashcards.export.fields import syllables_html, text
from flashcards.text import forms, hyphenation
from flashcards.text.syllables import _stress_index, stressed_parts, syllable_text

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "syllables" / "expected.json"
CASES: list[list[str | None]] = json.loads(EXPECTED.read_text(encoding="utf-8"))


def pyphen_points(word: str) -> tuple[int, ...]:
    fresh = pyphen.Pyphen(lang="en_US", left=1, right=1)
    return tuple(int(p) for p in fresh.positions(word))


def table_words() -> list[str]:
    """Every tenth word of the word-form table (some 6,000 English words)."""
    lines = forms._table().lines()
    words = {w for line in lines for w in line.split() if w.isalpha()}
    return sorted(words)[::10]


def test_the_patterns_are_pyphens() -> None:
    ours = hyphenation.parse(Path(pyphen.LANGUAGES["en_US"]).read_text(encoding="utf-8"))
    assert ours == pyphen.Pyphen(lang="en_US").hd.patterns
    assert len(ours) > 10_000


def test_the_points_are_pyphens_on_fixture_and_dictionary_words() -> None:
    words = sorted({str(c[0]) for c in CASES}) + table_words()
    words += ["", "a", "Vibrant", "CO-DESIGN", "İstanbul", "Straße", "naïve", "rock'n'roll"]
    assert len(words) > 8_000
    differ = [w for w in words if hyphenation.points(w) != pyphen_points(w)]
    assert differ == []


@pytest.mark.parametrize("start", range(0, len(CASES), 500))
def test_the_syllables_and_the_stressed_part_are_unchanged(start: int) -> None:
    differ = []
    for word, ipa, pos, definition, shown, stressed in CASES[start : start + 500]:
        assert word is not None
        now = syllable_text(word, ipa, definition=definition or "", pos=pos or "")
        marked = [piece for piece, on in stressed_parts(now, ipa) if on]
        if (now, marked[0] if marked else None) != (shown, stressed):
            differ.append((word, ipa, shown, stressed, now, marked))
    assert differ == []


def test_the_expected_cases_cover_the_seed_and_ipa_with_stress() -> None:
    words = {c[0] for c in CASES}
    assert {"oligopoly", "co-design", "amplifier", "agi", "intimidating"} <= words
    stressed = [c for c in CASES if c[5] is not None]
    assert len(stressed) > 1000


#: Syllables as a learner may type them, markup and odd separators included.
TYPED = [
    "a&b·c<d",
    "x[y]·z",
    "{{c1::x}}·y",
    "a\\(b·c\\)",
    "ol i gop",
    "ol-i-gop",
    "co-de·sign",
    "a··b",
    "·a·b·",
    "a\r\nb·c",
    "a · b",
    "x -y",
    " ",
    "in·tim·i·dat·ing",
]
IPAS = [None, "ˈabc", "ɪnˈtɪmɪˌdeɪtɪŋ", "ˌɒlɪˈɡɒpəli", "kɒˈdɪzaɪn", "ˈæb"]


def stressed_parts_by_splitting(shown: str, ipa: str | None) -> list[tuple[str, bool]]:
    """:func:`stressed_parts` the long way: every separator split off, then counted."""
    split = re.split(r"(·|-|\s+)", shown.strip())
    pieces = [(p, k % 2 == 1) for k, p in enumerate(split) if p]
    count = sum(not separator for _, separator in pieces)
    stressed = _stress_index(ipa, count) if count > 1 else None
    out, index = [], 0
    for piece, separator in pieces:
        out.append((piece, not separator and index == stressed))
        index += not separator
    return out


def test_the_stressed_part_is_the_same_however_the_syllables_are_split() -> None:
    shown = [str(c[4]) for c in CASES] + TYPED
    differ = [
        (s, ipa)
        for s in shown
        for ipa in [*IPAS, *(str(c[1]) for c in CASES[:50] if c[1])]
        if stressed_parts(s, ipa) != stressed_parts_by_splitting(s, ipa)
    ]
    assert differ == []


def test_the_anki_syllables_are_each_piece_made_a_field() -> None:
    """The Anki field escapes runs of pieces at once: the same as piece by piece."""

    def piece_by_piece(note: Note) -> str:
        shown = syllable_text(note.word, note.ipa) if not note.syllables else note.syllables
        shown = shown.strip()
        if not shown or shown == note.word.strip():
            return ""
        return "".join(
            f"<b>{text(piece)}</b>" if on else text(piece)
            for piece, on in stressed_parts(shown, note.ipa)
        )

    notes = [Note(1, "d", str(c[0]), c[1], "", "", (), "", (), "") for c in CASES[::5]]
    notes += [Note(1, "d", "w", ipa, "", "", (), "", (), t) for t in TYPED for ipa in IPAS]
    differ = [n for n in notes if syllables_html(n) != piece_by_piece(n)]
    assert differ == []
    typed = Note(1, "d", "w", "ˈæbɪk", "", "", (), "", (), "a&b·c<d")
    assert syllables_html(typed) == "<b>a&amp;b</b>·c&lt;d"


def test_odd_pattern_files_read_as_pyphen_reads_them(tmp_path: Path) -> None:
    lines = ["UTF-8", "% a comment", "LEFTHYPHENMIN 2", "", "1a1b1", "  ab2 ", "a", "1ü2ß", "€3"]
    lines += ["c0d0", ".ach4", "4m1p", "z", "x5"]
    path = tmp_path / "hyph_test.dic"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ours = hyphenation.parse(path.read_text(encoding="utf-8"))
    assert ours == pyphen.HyphDict(path).patterns
    assert ours["üß"] == (0, (1, 2))
    with pytest.raises(ValueError, match="two digits"):
        hyphenation.parse("UTF-8\nab1\na11b\n")
